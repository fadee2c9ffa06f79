/**
 * Internal: the structural rules of the W3C VC Data Model (1.1 and 2.0) that a request must
 * meet before it is issued or verified. A credential that breaks one is malformed input (400),
 * not a credential that fails verification (also 400, with `verified: false`). The Open Badges rules are the verifier's
 * `schema` check; these are the VC rules any VC-API caller may send.
 * @packageDocumentation
 */
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, MAX_STATUS_LIST_BYTES, MAX_STATUS_SIZE, contextDigestVerdict, isOb3Error, parseDigestMultibase, parseDigestSri } from '@ob3/core'

/** One structural problem: where, and what. */
export interface ShapeProblem {
  /** A JSON pointer into the request's credential or presentation. */
  path: string
  message: string
}

type Obj = Record<string, unknown>

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
/** An absolute URL or URN: a scheme, a colon, and no white space. */
export const isUrl = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(v)
const DATE_TIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/

/** The VC data model a document follows, from its first context; undefined when it names neither. */
export function dataModelOf(doc: Obj): 'v1.1' | 'v2' | undefined {
  const ctx = doc['@context']
  const first = Array.isArray(ctx) ? ctx[0] : ctx
  return first === CREDENTIALS_V2_URL ? 'v2' : first === CREDENTIALS_V1_URL ? 'v1.1' : undefined
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v])

function checkContext(doc: Obj, problems: ShapeProblem[], at: string): void {
  const ctx = doc['@context']
  if (ctx === undefined) {
    problems.push({ path: `${at}/@context`, message: '@context is required' })
    return
  }
  if (!Array.isArray(ctx) || ctx.length === 0) {
    problems.push({ path: `${at}/@context`, message: `@context must be an ordered set (an array) whose first item is ${CREDENTIALS_V2_URL} (or ${CREDENTIALS_V1_URL})` })
    return
  }
  if (dataModelOf(doc) === undefined) problems.push({ path: `${at}/@context/0`, message: `the first @context must be ${CREDENTIALS_V2_URL} or ${CREDENTIALS_V1_URL}` })
  ctx.forEach((c, i) => {
    if (!(typeof c === 'string' && isUrl(c)) && !isObject(c)) problems.push({ path: `${at}/@context/${i}`, message: 'every @context item must be a URL or an object' })
  })
}

function checkType(doc: Obj, required: string, problems: ShapeProblem[], at: string): void {
  const types = asList(doc.type)
  if (doc.type === undefined || types.length === 0 || !types.every((t) => typeof t === 'string' && t !== '')) {
    problems.push({ path: `${at}/type`, message: `type is required: a string or an array of strings that includes ${required}` })
  } else if (!types.includes(required)) {
    problems.push({ path: `${at}/type`, message: `type must include ${required}` })
  }
}

/** Entries of a property that must be one object or a non-empty array of objects, each with a type (and an id URL where `needsId`). */
function checkTypedEntries(doc: Obj, name: string, problems: ShapeProblem[], at: string, needsId: 'required' | 'optional'): void {
  const value = doc[name]
  if (value === undefined) return
  const list = asList(value)
  if (list.length === 0) problems.push({ path: `${at}/${name}`, message: `${name} must be an object or a non-empty array of objects` })
  list.forEach((entry, i) => {
    const path = Array.isArray(value) ? `${at}/${name}/${i}` : `${at}/${name}`
    if (!isObject(entry)) {
      problems.push({ path, message: `each ${name} entry must be an object` })
      return
    }
    const types = asList(entry.type)
    if (entry.type === undefined || types.length === 0 || !types.every((t) => typeof t === 'string' && t !== '')) {
      problems.push({ path: `${path}/type`, message: `each ${name} entry must have a type` })
    }
    if (needsId === 'required' && !isUrl(entry.id)) problems.push({ path: `${path}/id`, message: `each ${name} entry must have an id URL` })
    if (needsId === 'optional' && entry.id !== undefined && !isUrl(entry.id)) problems.push({ path: `${path}/id`, message: `the id of a ${name} entry must be a URL` })
  })
}

function checkDate(doc: Obj, name: string, problems: ShapeProblem[], at: string): void {
  const v = doc[name]
  if (v !== undefined && (typeof v !== 'string' || !DATE_TIME.test(v))) {
    problems.push({ path: `${at}/${name}`, message: `${name} must be an XML Schema dateTimeStamp with a time zone, e.g. 2026-03-01T00:00:00Z` })
  }
}

const contextsOf = (doc: Obj): Set<string> => new Set(asList(doc['@context']).filter((c): c is string => typeof c === 'string'))

function checkRelatedResource(doc: Obj, problems: ShapeProblem[], at: string): void {
  const value = doc.relatedResource
  if (value === undefined) return
  const list = asList(value)
  if (list.length === 0) problems.push({ path: `${at}/relatedResource`, message: 'relatedResource must be an object or a non-empty array of objects' })
  const seen = new Set<string>()
  list.forEach((entry, i) => {
    const path = Array.isArray(value) ? `${at}/relatedResource/${i}` : `${at}/relatedResource`
    if (!isObject(entry)) {
      problems.push({ path, message: 'each relatedResource entry must be an object' })
      return
    }
    if (!isUrl(entry.id)) problems.push({ path: `${path}/id`, message: 'each relatedResource entry must have an id URL' })
    else if (seen.has(entry.id)) problems.push({ path: `${path}/id`, message: `relatedResource lists ${entry.id} twice` })
    else seen.add(entry.id)
    if (entry.digestSRI === undefined && entry.digestMultibase === undefined) {
      problems.push({ path, message: 'each relatedResource entry must have a digestSRI or a digestMultibase' })
    }
    const digestProblem = (name: 'digestSRI' | 'digestMultibase', parse: (v: string) => unknown, what: string) => {
      const v = entry[name]
      if (v === undefined) return false
      try {
        if (typeof v !== 'string') throw new TypeError()
        parse(v)
        return false
      } catch (err) {
        problems.push({ path: `${path}/${name}`, message: isOb3Error(err) ? err.message : `${name} must be ${what}` })
        return true
      }
    }
    const badSri = digestProblem('digestSRI', parseDigestSri, 'a Subresource Integrity value (sha256-…, sha384-… or sha512-…)')
    const badMultibase = digestProblem('digestMultibase', parseDigestMultibase, 'a multibase-encoded multihash')
    if (!badSri && !badMultibase && typeof entry.id === 'string' && contextsOf(doc).has(entry.id) && contextDigestVerdict(entry.id, entry) === 'mismatch') {
      problems.push({ path, message: `the digest given for ${entry.id} is not the digest of the published context` })
    }
    if (entry.mediaType !== undefined && typeof entry.mediaType !== 'string') problems.push({ path: `${path}/mediaType`, message: 'mediaType must be a string' })
  })
}

/** A compact JWS (a VC-JWT): three base64url parts separated by dots, the payload possibly empty. */
export const isCompactJws = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(v)

/** The most entries a status list can hold that ob3 still reads (its decompressed size limit, in bits). */
export const MAX_STATUS_LIST_ENTRIES = MAX_STATUS_LIST_BYTES * 8

/** The status entry types whose fields the service checks; entries of other types need only a type. */
const LIST_ENTRY_TYPES = new Set(['BitstringStatusListEntry', 'StatusList2021Entry'])

/** An http(s) URL with a host and a path beyond the bare origin (a list is a document, not a site). */
function isListUrl(v: unknown): boolean {
  if (typeof v !== 'string' || !isUrl(v)) return false
  let url: URL
  try {
    url = new URL(v)
  } catch {
    return false
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '' &&
    url.pathname !== '/' && url.pathname !== '' && !v.includes('\\')
}

/** Options for {@link statusEntryProblems}. */
export interface StatusEntryOptions {
  /** Where the credential sits in the request, for the problem paths. */
  at?: string
  /** The URL under which the service publishes its lists (every tenant's): an entry there is the service's to give, never the caller's. */
  ownListBase?: string
}

/**
 * The problems of a credential's own `credentialStatus` entries of the types the service knows
 * (`BitstringStatusListEntry`, `StatusList2021Entry`, `1EdTechRevocationList`): a `statusPurpose`
 * string, a `statusListIndex` that is a base-10 string inside the largest list ob3 reads, a
 * `statusListCredential` (or, for `1EdTechRevocationList`, an `id`) that is an http(s) URL of a
 * document, not a bare origin, and not one of the service's own lists; and for multi-bit status a
 * `statusSize` of 1 to 8 bits, a `statusMessage` of 2^statusSize `{status: "0x…", message}` items
 * (required above 1 bit) and `statusReference` URLs. Entries of other types are
 * left to {@link credentialShapeProblems} (a type is all VC 2.0 requires).
 * @example `statusEntryProblems({ credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: true, statusListCredential: 'https://example.com' } }) // two problems`
 */
export function statusEntryProblems(vc: Record<string, unknown>, options: StatusEntryOptions = {}): ShapeProblem[] {
  const at = options.at ?? ''
  const value = vc.credentialStatus
  if (value === undefined) return []
  const problems: ShapeProblem[] = []
  const own = options.ownListBase === undefined ? undefined : options.ownListBase.replace(/\/*$/, '/')
  asList(value).forEach((entry, i) => {
    if (!isObject(entry)) return
    const path = Array.isArray(value) ? `${at}/credentialStatus/${i}` : `${at}/credentialStatus`
    const types = asList(entry.type)
    const listUrl = (name: 'statusListCredential' | 'id', v: unknown) => {
      if (!isListUrl(v)) problems.push({ path: `${path}/${name}`, message: `${name} must be the http(s) URL of a status list credential (a document, not a bare origin such as https://example.com)` })
      else if (own !== undefined && (v as string).startsWith(own)) problems.push({ path: `${path}/${name}`, message: 'entries in this service\'s status lists are given by the service: leave credentialStatus out (options.credentialStatus decides)' })
    }
    if (types.includes('1EdTechRevocationList')) {
      listUrl('id', entry.id)
      return
    }
    if (!types.some((t) => typeof t === 'string' && LIST_ENTRY_TYPES.has(t))) return
    if (types.length !== 1) problems.push({ path: `${path}/type`, message: `a ${types.join(', ')} entry must have exactly one type` })
    const purpose = entry.statusPurpose
    if (typeof purpose !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(purpose)) {
      problems.push({ path: `${path}/statusPurpose`, message: 'statusPurpose must be a word such as revocation, suspension, refresh or message' })
    } else if (types.includes('StatusList2021Entry') && purpose !== 'revocation' && purpose !== 'suspension') {
      problems.push({ path: `${path}/statusPurpose`, message: 'the statusPurpose of a StatusList2021Entry must be revocation or suspension' })
    }
    const index = entry.statusListIndex
    if (typeof index !== 'string' || !/^(0|[1-9]\d*)$/.test(index)) {
      problems.push({ path: `${path}/statusListIndex`, message: 'statusListIndex must be a non-negative integer written as a base-10 string, e.g. "94567"' })
    } else if (index.length > 16 || Number(index) >= MAX_STATUS_LIST_ENTRIES) {
      problems.push({ path: `${path}/statusListIndex`, message: `statusListIndex ${index} lies beyond any status list a verifier reads (at most ${MAX_STATUS_LIST_ENTRIES} entries)` })
    }
    listUrl('statusListCredential', entry.statusListCredential)
    problems.push(...multiBitProblems(entry, path))
  })
  return problems
}

/** The problems of an entry's statusSize, statusMessage and statusReference (W3C Bitstring Status List). */
function multiBitProblems(entry: Record<string, unknown>, path: string): ShapeProblem[] {
  const problems: ShapeProblem[] = []
  const size = entry.statusSize ?? 1
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE) {
    problems.push({ path: `${path}/statusSize`, message: `statusSize must be a whole number of bits from 1 to ${MAX_STATUS_SIZE}` })
  } else if (entry.statusMessage === undefined) {
    if (size > 1) problems.push({ path: `${path}/statusMessage`, message: `statusMessage is required when statusSize is ${size}: one message for each of the ${2 ** size} values` })
  } else {
    const messages = entry.statusMessage
    const values = new Set<number>()
    const ok = Array.isArray(messages) && messages.length === 2 ** size && messages.every((m) => {
      if (!isObject(m) || typeof m.status !== 'string' || !/^0x[0-9a-f]+$/i.test(m.status) || typeof m.message !== 'string') return false
      const value = Number.parseInt(m.status.slice(2), 16)
      if (value >= 2 ** size || values.has(value)) return false
      values.add(value)
      return true
    })
    if (!ok) problems.push({ path: `${path}/statusMessage`, message: `statusMessage must be ${2 ** size} items {status: "0x…", message}, one for each value of statusSize ${size}` })
  }
  const reference = entry.statusReference
  const isReference = (r: unknown) => typeof r === 'string' && /^https?:\/\/\S+$/.test(r) && URL.canParse(r)
  if (reference !== undefined && (asList(reference).length === 0 || !asList(reference).every(isReference))) {
    problems.push({ path: `${path}/statusReference`, message: 'statusReference must be an http(s) URL or an array of them' })
  }
  return problems
}

/** Options for {@link credentialShapeProblems}. */
export interface CredentialShapeOptions {
  /** `issue`: an unsecured credential (the service adds the proof and may fill in a v1.1 issuanceDate). `verify`: a secured one. */
  purpose: 'issue' | 'verify'
  /** Where the credential sits in the request, for the problem paths. */
  at?: string
}

/**
 * The structural problems of a credential (none: an empty array).
 * @example `credentialShapeProblems({ ...vc, credentialSubject: null }, { purpose: 'verify' }) // [{ path: '/credentialSubject', … }]`
 */
export function credentialShapeProblems(vc: unknown, options: CredentialShapeOptions): ShapeProblem[] {
  const at = options.at ?? ''
  if (typeof vc === 'string') return [{ path: at || '/', message: 'a credential given as a string must be a compact JWS (a VC-JWT); JSON text is not a credential: send the credential as a JSON object' }]
  if (!isObject(vc)) return [{ path: at || '/', message: 'a credential must be a JSON object' }]
  const problems: ShapeProblem[] = []
  checkContext(vc, problems, at)
  checkType(vc, 'VerifiableCredential', problems, at)
  if (vc.id !== undefined && !isUrl(vc.id)) problems.push({ path: `${at}/id`, message: 'id must be a URL' })

  const issuer = vc.issuer
  if (issuer === undefined) {
    problems.push({ path: `${at}/issuer`, message: 'issuer is required' })
  } else if (typeof issuer === 'string') {
    if (!isUrl(issuer)) problems.push({ path: `${at}/issuer`, message: 'issuer must be a URL (or an object whose id is a URL)' })
  } else if (!isObject(issuer) || !isUrl(issuer.id)) {
    problems.push({ path: `${at}/issuer`, message: 'issuer must be a URL or an object whose id is a URL' })
  }

  const subject = vc.credentialSubject
  const subjects = asList(subject)
  if (subject === undefined || subject === null || subjects.length === 0) {
    problems.push({ path: `${at}/credentialSubject`, message: 'credentialSubject must be an object or a non-empty array of objects' })
  } else {
    subjects.forEach((s, i) => {
      const path = Array.isArray(subject) ? `${at}/credentialSubject/${i}` : `${at}/credentialSubject`
      if (!isObject(s)) problems.push({ path, message: 'credentialSubject must be an object or a non-empty array of objects' })
      else if (Object.keys(s).length === 0) problems.push({ path, message: 'a credentialSubject must make at least one claim' })
      else if (s.id !== undefined && !isUrl(s.id)) problems.push({ path: `${path}/id`, message: 'credentialSubject.id must be a URL' })
    })
  }

  const model = dataModelOf(vc)
  for (const name of ['validFrom', 'validUntil', 'issuanceDate', 'expirationDate']) checkDate(vc, name, problems, at)
  if (model === 'v1.1' && vc.issuanceDate === undefined && options.purpose === 'verify') problems.push({ path: `${at}/issuanceDate`, message: 'a VC 1.1 credential needs an issuanceDate' })

  checkTypedEntries(vc, 'credentialStatus', problems, at, 'optional')
  checkTypedEntries(vc, 'credentialSchema', problems, at, 'required')
  checkTypedEntries(vc, 'refreshService', problems, at, 'optional')
  checkTypedEntries(vc, 'termsOfUse', problems, at, 'optional')
  checkTypedEntries(vc, 'evidence', problems, at, 'optional')
  checkRelatedResource(vc, problems, at)
  if (options.purpose === 'issue' && vc.proof !== undefined) problems.push({ path: `${at}/proof`, message: 'send the credential unsigned: the service adds the proof' })
  if (options.purpose === 'verify' && vc.proof !== undefined && !asList(vc.proof).every(isObject)) problems.push({ path: `${at}/proof`, message: 'proof must be an object or an array of objects' })
  return problems
}

/** Whether a `type` value names an Open Badges 3.0 credential (Open Badge, Achievement or Endorsement). */
export function isOpenBadgeType(type: unknown): boolean {
  return asList(type).some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential')
}

/** A credential carried as a VC-JWT (a compact JWS string) or an EnvelopedVerifiableCredential: not checked here, the verifier reads it. Other strings are not envelopes. */
export function isEnvelope(v: unknown): boolean {
  if (typeof v === 'string') return isCompactJws(v)
  return isObject(v) && asList(v.type).includes('EnvelopedVerifiableCredential')
}

/**
 * The structural problems of a presentation and of the credential objects it carries.
 * @example `presentationShapeProblems(vp) // []`
 */
export function presentationShapeProblems(vp: unknown, at = ''): ShapeProblem[] {
  if (typeof vp === 'string') return [{ path: at || '/', message: 'a presentation given as a string must be a compact JWS (a VP-JWT); JSON text is not a presentation: send it as a JSON object' }]
  if (!isObject(vp)) return [{ path: at || '/', message: 'a presentation must be a JSON object' }]
  const problems: ShapeProblem[] = []
  checkContext(vp, problems, at)
  checkType(vp, 'VerifiablePresentation', problems, at)
  if (vp.id !== undefined && !isUrl(vp.id)) problems.push({ path: `${at}/id`, message: 'id must be a URL' })
  const holder = vp.holder
  if (holder !== undefined && !isUrl(holder) && !(isObject(holder) && isUrl(holder.id))) {
    problems.push({ path: `${at}/holder`, message: 'holder must be a URL or an object whose id is a URL' })
  }
  const vcs = vp.verifiableCredential
  if (vcs !== undefined) {
    asList(vcs).forEach((vc, i) => {
      const path = Array.isArray(vcs) ? `${at}/verifiableCredential/${i}` : `${at}/verifiableCredential`
      if (isEnvelope(vc)) return
      problems.push(...credentialShapeProblems(vc, { purpose: 'verify', at: path }))
    })
  }
  return problems
}
