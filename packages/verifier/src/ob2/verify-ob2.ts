/**
 * Internal: verify an Open Badges 2.0 assertion — hosted (fetched from its own id, within its
 * issuer's verification policy, not gone or revoked) or signed (a compact JWS by a key the issuer
 * Profile links, not on the issuer's revocation list) — into the report shape of ob3, with
 * `specification: 'ob2'`. Every fetch goes through the verification's (safe) fetch, so a
 * resources map serves the assertion, its BadgeClass, its Profile and keys like anything else.
 * @packageDocumentation
 */
import { Ob3Error, assertSafeJsonValue, fetchLimited, fromUtf8, isOb3Error, jwsPayload, parseJson, type Ob2Input } from '@ob3/core'
import { matchRecipient, type ExpectedRecipient, type NamedSubject } from '../checks/recipient.js'
import { checkTrust } from '../checks/trust.js'
import { list, obj, str, type VerifyContext } from '../lib/context.js'
import { finishReport, type CheckResult, type CredentialSummary, type Ob2Details, type VerificationReport } from '../report.js'
import { checkOb2Context, checkOb2Data, checkOb2Types, type Ob2Object } from './validate-ob2.js'
import { verifyOb2Jws } from './verify-jws.js'

/** What the report of a 2.0 assertion is about besides the input. */
export interface VerifyOb2Options {
  label: string
  recipient?: ExpectedRecipient | undefined
}

type Json = Record<string, unknown>

const ACCEPT = 'application/ld+json, application/json'
const MAX_DOCUMENT_BYTES = 1024 * 1024
const NOT_OB2 = 'not part of Open Badges 2.0'

/** A fetched document: JSON, the text of a JWS, or gone (HTTP 410). */
type Fetched = { json: Json } | { jws: string } | { gone: true }

async function fetchDocument(url: string, ctx: VerifyContext, what: string): Promise<Fetched> {
  let body: Uint8Array
  try {
    ;({ body } = await fetchLimited(url, { fetch: ctx.fetch, what, accept: ACCEPT, maxBytes: MAX_DOCUMENT_BYTES }))
  } catch (err) {
    if (isOb3Error(err) && err.details?.status === 410) return { gone: true }
    throw err
  }
  const text = fromUtf8(body).replace(/^\uFEFF/, '').trim()
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text)) return { jws: text }
  const value = parseJson(text, { maxLength: MAX_DOCUMENT_BYTES })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Ob3Error('ERR_OB3_OB2_INVALID', `the ${what} at ${url} is not a JSON object`)
  assertSafeJsonValue(value)
  return { json: value as Json }
}

async function fetchJson(url: string, ctx: VerifyContext, what: string): Promise<Json> {
  const fetched = await fetchDocument(url, ctx, what)
  if ('json' in fetched) return fetched.json
  throw new Ob3Error('ERR_OB3_OB2_UNRESOLVED', `the ${what} at ${url} ${'gone' in fetched ? 'is gone (HTTP 410)' : 'is not JSON'}`)
}

const isHttp = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//.test(value)

function failedReport(label: string, format: VerificationReport['format'], check: CheckResult): VerificationReport {
  return finishReport({ input: label, kind: 'credential', format, specification: 'ob2', checks: [check], skipReason: 'not checked: the assertion could not be read' })
}

/** `hosted` or `signed`, from `verification.type` (or the 1.x alias `verify`). */
function verificationKind(assertion: Json): 'hosted' | 'signed' | undefined {
  const v = obj(assertion.verification) ?? obj(assertion.verify)
  const type = str(v?.type)
  return type === 'HostedBadge' || type === 'hosted' ? 'hosted' : type === 'SignedBadge' || type === 'signed' ? 'signed' : undefined
}

/** Verify an Open Badges 2.0 assertion. Never throws for a bad badge: the report says what failed. */
export async function verifyOb2(input: Ob2Input, ctx: VerifyContext, options: VerifyOb2Options): Promise<VerificationReport> {
  const { label } = options
  const format = input.format
  let source = input.source
  let assertion: Json
  let given: Json | undefined
  let gone = false
  let parse: CheckResult
  // 1. The assertion: the JWS payload, the JSON given, or what its URL serves.
  try {
    if (source.kind === 'url') {
      const fetched = await fetchDocument(source.url, ctx, 'hosted assertion')
      if ('gone' in fetched) {
        return finishReport({
          input: label, kind: 'credential', format, specification: 'ob2',
          checks: [{ id: 'parse', status: 'passed', message: `${source.url} answered 410 Gone` }, { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: 'the hosted assertion is revoked: its URL answers 410 Gone' }],
          skipReason: 'not checked: the assertion is gone',
        })
      }
      if ('jws' in fetched) source = { kind: 'jws', jws: fetched.jws }
      else given = fetched.json
    } else if (source.kind === 'json') given = source.assertion
    if (source.kind === 'jws') {
      const payload = jwsPayload(source.jws)
      if (payload === undefined) throw new Ob3Error('ERR_OB3_JWT_MALFORMED', 'the JWS payload is not base64url JSON')
      assertSafeJsonValue(payload, { label: 'the JWS payload' })
      given = payload
    }
    assertion = given as Json
    parse = { id: 'parse', status: 'passed', message: `an Open Badges 2.0 ${source.kind === 'jws' ? 'signed assertion (JWS)' : 'assertion'}${input.source.kind === 'url' ? ` fetched from ${input.source.url}` : ''}` }
  } catch (err) {
    if (!isOb3Error(err)) throw err
    return failedReport(label, format, { id: 'parse', status: 'failed', code: err.code, message: err.message })
  }

  const kind = source.kind === 'jws' ? 'signed' : verificationKind(assertion)
  const checks: CheckResult[] = [parse]
  let proof: CheckResult | undefined
  let status: CheckResult | undefined

  // 2. Hosted: the assertion is the one served at its own id (the data given is trusted for nothing else).
  if (kind === 'hosted') {
    const id = assertion.id
    if (!isHttp(id)) {
      proof = { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_HOSTED_MISMATCH', message: `a hosted assertion's id must be the https URL it is served at, not ${JSON.stringify(id)}` }
    } else {
      try {
        const atId = input.source.kind === 'url' && input.source.url === id ? { json: given as Json } : await fetchDocument(id, ctx, 'hosted assertion')
        if ('gone' in atId) {
          gone = true
          status = { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `the hosted assertion is revoked: ${id} answers 410 Gone` }
        } else if ('jws' in atId || atId.json.id !== id) {
          proof = { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_HOSTED_MISMATCH', message: `${id} does not serve this assertion: it serves ${'jws' in atId ? 'a JWS' : `the assertion ${JSON.stringify(atId.json.id)}`}` }
        } else {
          assertion = atId.json
        }
      } catch (err) {
        if (!isOb3Error(err)) throw err
        proof = { id: 'proof', status: 'failed', code: err.code === 'ERR_OB3_FETCH_FAILED' ? 'ERR_OB3_OB2_HOSTED_MISMATCH' : err.code, message: `the hosted assertion could not be fetched from its id: ${err.message}` }
      }
    }
  }
  // A revoked hosted assertion may be served as no more than `{ id, revoked: true, revocationReason }`.
  if (!gone && assertion.revoked === true) {
    const reason = str(assertion.revocationReason)
    status = { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `the issuer revoked the assertion${reason === null ? '' : `: ${reason}`}` }
  }

  // 3. The BadgeClass and the issuer Profile, embedded or fetched by URL.
  const objects: Ob2Object[] = [{ what: 'assertion', doc: assertion, standalone: true }]
  let unresolved: CheckResult | undefined
  let badge: Json | undefined
  let profile: Json | undefined
  try {
    const b = assertion.badge
    badge = isHttp(b) ? await fetchJson(b, ctx, 'BadgeClass') : obj(b)
    if (badge === undefined) throw new Ob3Error('ERR_OB3_OB2_INVALID', 'the assertion has no badge (a BadgeClass or its URL)')
    objects.push({ what: 'BadgeClass', doc: badge, standalone: isHttp(b) })
    const i = badge.issuer
    // A signed badge's keys are read from the Profile at its own URL, never from a copy it carries.
    const embedded = obj(i)
    const profileUrl = isHttp(i) ? i : kind === 'signed' && isHttp(embedded?.id) ? embedded.id : undefined
    profile = profileUrl !== undefined ? await fetchJson(profileUrl, ctx, 'issuer Profile') : embedded
    if (profile === undefined) throw new Ob3Error('ERR_OB3_OB2_INVALID', 'the BadgeClass has no issuer (a Profile or its URL)')
    if (profileUrl !== undefined && profile.id !== profileUrl) throw new Ob3Error('ERR_OB3_OB2_UNRESOLVED', `${profileUrl} serves the Profile ${JSON.stringify(profile.id)}, not its own`)
    objects.push({ what: 'issuer Profile', doc: profile, standalone: isHttp(i) })
  } catch (err) {
    if (!isOb3Error(err)) throw err
    const code = err.code === 'ERR_OB3_OB2_INVALID' ? err.code : 'ERR_OB3_OB2_UNRESOLVED'
    unresolved = { id: 'schema', status: 'failed', code, message: `${err.message}${code === 'ERR_OB3_OB2_UNRESOLVED' && err.code !== code ? ` [${err.code}]` : ''}` }
  }
  checks.push(checkOb2Context(objects), checkOb2Types(objects), unresolved ?? checkOb2Data(objects))

  // 4. Proof: the hosted assertion within its issuer's policy, or the JWS by a key the issuer links.
  if (proof === undefined) {
    if (kind === undefined) proof = { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_VERIFICATION_UNSUPPORTED', message: `verification.type must be HostedBadge or SignedBadge, not ${JSON.stringify((obj(assertion.verification) ?? obj(assertion.verify))?.type)}` }
    else if (profile === undefined) proof = { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_UNRESOLVED', message: 'the issuer Profile could not be read, so who issued the badge cannot be checked' }
    else if (kind === 'hosted') proof = checkScope(assertion, profile)
    else if (source.kind !== 'jws') proof = { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_VERIFICATION_UNSUPPORTED', message: 'a signed badge is verified from its JWS; this is its JSON without the signature' }
    else proof = await checkSignature(source.jws, assertion, profile, ctx)
  }
  checks.push(proof)
  checks.push(checkDates(assertion, ctx.now))
  status ??= kind === 'signed' && profile !== undefined ? await checkRevocationList(assertion, profile, ctx) : { id: 'status', status: 'passed', message: kind === 'hosted' ? 'the assertion is served at its id and not revoked' : 'not revoked' }
  checks.push(status)
  checks.push(await checkOb2Recipient(assertion, options.recipient))
  checks.push(checkTrust({ issuerId: str(profile?.id) ?? undefined, registry: ctx.trust, policy: ctx.trustPolicy, now: ctx.now, issuerConfirmed: proof.status === 'passed' }))
  for (const id of ['endorsements', 'artifacts'] as const) checks.push({ id, status: 'skipped', message: `${id} are not checked for Open Badges 2.0` })
  return finishReport({ input: label, kind: 'credential', format, specification: 'ob2', checks, credential: summaryOf(assertion, badge, profile), ob2: detailsOf(assertion, badge, profile), skipReason: NOT_OB2 })
}

/**
 * The issuer's verification policy (OB 2.0 VerificationObject in the Profile): the assertion id
 * starts with one of `startsWith` and its host is one of `allowedOrigins`; without a policy, it is
 * on the host of the Profile id. A Profile id that is not a URL gives no policy to check: a warning.
 */
function checkScope(assertion: Json, profile: Json): CheckResult {
  const id = assertion.id as string
  const host = new URL(id).host
  const policy = obj(profile.verification)
  const starts = list(policy?.startsWith).filter((s): s is string => typeof s === 'string')
  const origins = list(policy?.allowedOrigins).filter((s): s is string => typeof s === 'string')
  if (starts.length > 0 && !starts.some((p) => id.startsWith(p))) {
    return { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_OUT_OF_SCOPE', message: `the assertion ${id} does not start with any of the issuer's prefixes (${starts.join(', ')})` }
  }
  if (origins.length > 0) {
    if (!origins.includes(host)) return { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_OUT_OF_SCOPE', message: `the assertion is hosted on ${host}, not on one of the issuer's allowed origins (${origins.join(', ')})` }
  } else if (starts.length === 0) {
    if (!isHttp(profile.id)) return { id: 'proof', status: 'warning', code: 'ERR_OB3_OB2_OUT_OF_SCOPE', message: `found at its own id, but the issuer's id ${JSON.stringify(profile.id)} is not a URL, so whether ${host} hosts for it cannot be checked` }
    const issuerHost = new URL(profile.id).host
    if (issuerHost !== host) return { id: 'proof', status: 'failed', code: 'ERR_OB3_OB2_OUT_OF_SCOPE', message: `the assertion is hosted on ${host}, but its issuer is ${issuerHost} and publishes no verification policy allowing another host` }
  }
  return { id: 'proof', status: 'passed', message: `found at its own id ${id}, within the verification policy of ${String(profile.id)}` }
}

/** The JWS, verified with the issuer's key: one its Profile links (narrowed by `verification.creator`), owned by it. */
async function checkSignature(jws: string, assertion: Json, profile: Json, ctx: VerifyContext): Promise<CheckResult> {
  const linked = list(profile.publicKey).map((k) => (typeof k === 'string' ? k : str(obj(k)?.id))).filter((k): k is string => k !== null)
  const creatorValue = (obj(assertion.verification) ?? obj(assertion.verify))?.creator
  const creator = typeof creatorValue === 'string' ? creatorValue : str(obj(creatorValue)?.id)
  if (creator !== null && !linked.includes(creator)) {
    return { id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the signing key ${creator} is not one the issuer Profile ${String(profile.id)} links in publicKey` }
  }
  const candidates = creator === null ? linked : [creator]
  if (candidates.length === 0) return { id: 'proof', status: 'failed', code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `the issuer Profile ${String(profile.id)} links no publicKey to verify the signature with` }
  let problem: CheckResult | undefined
  for (const keyId of candidates) {
    try {
      if (!isHttp(keyId)) throw new Ob3Error('ERR_OB3_OB2_UNRESOLVED', `the key id ${keyId} is not a URL`)
      const key = await fetchJson(keyId, ctx, 'CryptographicKey')
      const owner = key.owner
      if (owner !== undefined && owner !== profile.id) {
        problem = { id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the key ${keyId} belongs to ${JSON.stringify(owner)}, not to the issuer ${String(profile.id)}` }
        continue
      }
      const pem = str(key.publicKeyPem)
      if (pem === null) throw new Ob3Error('ERR_OB3_KEY_INVALID', `the key ${keyId} has no publicKeyPem`)
      if (await verifyOb2Jws(jws, pem)) return { id: 'proof', status: 'passed', message: `signed by ${String(profile.name ?? profile.id)} with the key ${keyId}` }
      problem = { id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: `the signature does not verify with the issuer's key ${keyId}` }
    } catch (err) {
      if (!isOb3Error(err)) throw err
      problem ??= { id: 'proof', status: 'failed', code: err.code === 'ERR_OB3_FETCH_FAILED' || err.code === 'ERR_OB3_FETCH_FORBIDDEN' ? 'ERR_OB3_OB2_UNRESOLVED' : err.code, message: `the key ${keyId}: ${err.message}` }
    }
  }
  return problem as CheckResult
}

/** `validity`: issued by now, and not expired (now ≥ expires is expired). */
function checkDates(assertion: Json, now: Date): CheckResult {
  const issued = typeof assertion.issuedOn === 'string' ? Date.parse(assertion.issuedOn) : NaN
  const expires = typeof assertion.expires === 'string' ? Date.parse(assertion.expires) : NaN
  if (Number.isNaN(issued)) return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'issuedOn is not a date' }
  if (issued > now.getTime()) return { id: 'validity', status: 'failed', code: 'ERR_OB3_NOT_YET_VALID', message: `issued on ${String(assertion.issuedOn)}, which is after ${now.toISOString()}` }
  if (assertion.expires !== undefined && Number.isNaN(expires)) return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'expires is not a date' }
  if (!Number.isNaN(expires) && now.getTime() >= expires) return { id: 'validity', status: 'failed', code: 'ERR_OB3_EXPIRED', message: `expired on ${String(assertion.expires)}` }
  return { id: 'validity', status: 'passed', message: `issued on ${String(assertion.issuedOn)}${Number.isNaN(expires) ? ', no expiry' : `, expires ${String(assertion.expires)}`}` }
}

/** `status` of a signed badge: its id is not on the issuer's `revocationList`. */
async function checkRevocationList(assertion: Json, profile: Json, ctx: VerifyContext): Promise<CheckResult> {
  const url = profile.revocationList
  if (url === undefined) return { id: 'status', status: 'passed', message: 'the issuer publishes no revocation list' }
  if (!isHttp(url)) return { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE', message: 'the issuer\'s revocationList is not a URL' }
  let revocations: Json
  try {
    revocations = await fetchJson(url, ctx, 'revocation list')
  } catch (err) {
    if (!isOb3Error(err)) throw err
    return { id: 'status', status: 'failed', code: err.code === 'ERR_OB3_TIME_BUDGET_EXCEEDED' ? err.code : 'ERR_OB3_STATUS_UNAVAILABLE', message: `the revocation list could not be read: ${err.message}` }
  }
  if (!Array.isArray(revocations.revokedAssertions)) return { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE', message: `${url} is not a RevocationList (no revokedAssertions)` }
  const id = assertion.id ?? assertion.uid
  for (const entry of revocations.revokedAssertions) {
    const e = obj(entry)
    const match = typeof entry === 'string' ? entry === id : e !== undefined && (e.id ?? e.uid) === id && e.revoked !== false
    if (match) {
      const reason = str(e?.revocationReason)
      return { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `the issuer revoked the assertion${reason === null ? '' : `: ${reason}`}` }
    }
  }
  return { id: 'status', status: 'passed', message: `not on the issuer's revocation list (${revocations.revokedAssertions.length} revoked)` }
}

/** OB 2.0 identity properties by the names of the expected-recipient types ob3 uses. */
const IDENTITY_TYPES: Record<string, string> = { email: 'emailAddress', telephone: 'phone' }

/** `recipient`: the expected recipient is the assertion's (hashed with its salt, or plain). */
async function checkOb2Recipient(assertion: Json, expected: ExpectedRecipient | undefined): Promise<CheckResult> {
  if (expected === undefined || (!('identityType' in expected) && expected.id === undefined)) return { id: 'recipient', status: 'skipped', message: 'no expected recipient was given' }
  const r = obj(assertion.recipient)
  if (r === undefined) return { id: 'recipient', status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH', message: 'the assertion names no recipient' }
  const type = String(r.type)
  const identityType = IDENTITY_TYPES[type] ?? type
  const subject: NamedSubject = { ids: [], identities: [{ identityType, identityHash: r.identity, hashed: r.hashed === true, ...(typeof r.salt === 'string' ? { salt: r.salt } : {}) }] }
  // A URL or id recipient is named by its identity, plain or hashed.
  const wanted: ExpectedRecipient = 'identityType' in expected ? expected : { identityType, value: expected.id as string }
  return matchRecipient(subject, wanted)
}

/** An image as OB 2.0 writes it: a URL (or data: URL), or an Image object with an id. */
function imageOf(value: unknown): string | null {
  return str(value) ?? str(obj(value)?.id)
}

function detailsOf(assertion: Json, badge: Json | undefined, profile: Json | undefined): Ob2Details {
  // Criteria are a URL, or a Criteria object with an id and/or a narrative.
  const criteria = badge?.criteria
  return {
    badgeClass: badge === undefined ? null : {
      id: str(badge.id),
      name: str(badge.name),
      description: str(badge.description),
      image: imageOf(badge.image),
      criteria: { id: str(criteria) ?? str(obj(criteria)?.id), narrative: str(obj(criteria)?.narrative) },
    },
    issuer: profile === undefined ? null : { id: str(profile.id), name: str(profile.name), url: str(profile.url), email: str(profile.email) },
    image: imageOf(assertion.image),
    narrative: str(assertion.narrative),
    evidence: list(assertion.evidence).slice(0, 64).map((e) => ({ id: str(e) ?? str(obj(e)?.id), name: str(obj(e)?.name), narrative: str(obj(e)?.narrative) })),
  }
}

function summaryOf(assertion: Json, badge: Json | undefined, profile: Json | undefined): CredentialSummary {
  const r = obj(assertion.recipient)
  return {
    id: str(assertion.id),
    name: str(badge?.name),
    issuer: str(profile?.id),
    issuerName: str(profile?.name),
    validFrom: str(assertion.issuedOn),
    validUntil: str(assertion.expires),
    subject: {
      ids: [],
      identifiers: r === undefined || typeof r.identity !== 'string'
        ? []
        : [{ identityType: String(r.type), identityHash: r.identity, hashed: r.hashed === true, ...(typeof r.salt === 'string' ? { salt: r.salt } : {}) }],
    },
  }
}
