import { MAX_STATUS_SIZE, Ob3Error, decodeStatusList, fetchLimited, fromUtf8, isOb3Error, parseJson, readStatusValue, type DocumentLoader, type KeyResolver, type Ob3ErrorCode } from '@ob3/core'
import type { CheckResult } from '../report.js'
import { findTrusted, type TrustRegistry } from '../trust-registry.js'
import { checkProof, issuerIdOf, proofConfirmsIssuer } from './proof.js'
import type { TrustPolicy } from './trust.js'
import { checkValidity } from './validity.js'

/**
 * Whose status lists are believed: `lenient` (default) — a list signed by someone other than the
 * credential's issuer counts, with a warning (`ERR_OB3_STATUS_ISSUER_DIFFERS`); `strict` — only
 * the credential's issuer's own lists count.
 */
export type StatusIssuerPolicy = 'lenient' | 'strict'

/** Options of the status check. */
export interface StatusCheckOptions {
  document: Record<string, unknown>
  fetch: typeof fetch | undefined
  now: Date
  resolveKey: KeyResolver
  documentLoader?: DocumentLoader | undefined
  /** The key-binding rule applied to each status list's own proof (default `lenient`). */
  keyBinding?: 'lenient' | 'strict'
  /** Default `lenient`. */
  statusIssuer?: StatusIssuerPolicy
  /** With a registry, a list's signer must be the credential's issuer or be trusted for `status`. */
  trust?: TrustRegistry | undefined
  /** What a signer the registry does not trust for status does: fail (`require`, default) or warn. */
  trustPolicy?: TrustPolicy
}

/**
 * Most `credentialStatus` entries looked up per credential: each costs a fetch, and a credential
 * with thousands of entries pointing at a slow server would hold the verifier. More fail the
 * check (`ERR_OB3_STATUS_TOO_MANY`) before anything is fetched.
 */
export const MAX_STATUS_ENTRIES = 4

/** How far in the future a status list's validFrom may be, for clock differences. */
const STATUS_LIST_CLOCK_SKEW_MS = 5 * 60_000

interface EntryResult {
  status: 'passed' | 'failed' | 'warning'
  code?: Ob3ErrorCode
  message: string
}

/**
 * `status`: each `credentialStatus` entry is looked up — W3C Bitstring Status List
 * (revocation, suspension, message; entries of `statusSize` 1 to 8 bits, with the message of the
 * value read), StatusList2021, and 1EdTechRevocationList — all at once, at most
 * {@link MAX_STATUS_ENTRIES}. A list that cannot be fetched or verified fails the check with a
 * code that says so (`ERR_OB3_TIME_BUDGET_EXCEEDED` when the verification's time ran out): it
 * never passes silently.
 *
 * A status list is a credential in its own right: its proof must verify by a key its own issuer
 * publishes. That issuer may differ from the credential's (a registry that publishes the lists of
 * many issuers): the check then warns `ERR_OB3_STATUS_ISSUER_DIFFERS`, fails it under
 * `statusIssuer: 'strict'`, and — with a trust registry — needs the list's issuer to be trusted
 * for `status` (else `ERR_OB3_STATUS_ISSUER_UNTRUSTED`, a failure or, with `trustPolicy: 'warn'`,
 * a warning).
 */
export async function checkStatus(options: StatusCheckOptions): Promise<CheckResult> {
  const raw = options.document.credentialStatus
  if (raw === undefined) return { id: 'status', status: 'skipped', message: 'the credential has no credentialStatus: its issuer publishes no revocation for it' }
  const entries = Array.isArray(raw) ? raw : [raw]
  if (entries.length > MAX_STATUS_ENTRIES) {
    return { id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_TOO_MANY', message: `the credential carries ${entries.length} credentialStatus entries; at most ${MAX_STATUS_ENTRIES} are looked up, so its status was not checked` }
  }
  const results = await Promise.all(entries.map((entry) => checkEntry(entry, options)))
  const failed = results.find((r) => r.status === 'failed')
  const warning = results.find((r) => r.status === 'warning')
  const message = results.map((r) => r.message).join('; ')
  if (failed !== undefined) return { id: 'status', status: 'failed', code: failed.code ?? 'ERR_OB3_STATUS_INVALID', message }
  if (warning !== undefined) return { id: 'status', status: 'warning', code: warning.code ?? 'ERR_OB3_STATUS_INVALID', message }
  return { id: 'status', status: 'passed', message }
}

async function checkEntry(entry: unknown, options: StatusCheckOptions): Promise<EntryResult> {
  if (typeof entry !== 'object' || entry === null) return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'credentialStatus must be an object' }
  const e = entry as Record<string, unknown>
  try {
    switch (e.type) {
      case 'BitstringStatusListEntry':
      case 'StatusList2021Entry':
        return await checkBitstringEntry(e, options)
      case '1EdTechRevocationList':
        return await checkRevocationList(e, options)
      default:
        return { status: 'failed', code: 'ERR_OB3_STATUS_UNSUPPORTED', message: `status method ${JSON.stringify(e.type)} is not supported, so revocation could not be checked` }
    }
  } catch (err) {
    if (!isOb3Error(err)) throw err
    const code: Ob3ErrorCode = err.code === 'ERR_OB3_STATUS_INVALID' || err.code === 'ERR_OB3_TIME_BUDGET_EXCEEDED' ? err.code : 'ERR_OB3_STATUS_UNAVAILABLE'
    return { status: 'failed', code, message: `status could not be checked: ${err.message}` }
  }
}

/** A status list as JSON (kept between verifications, for its lifetime, by the fetch's response cache). */
async function fetchJson(url: string, options: StatusCheckOptions, what: string): Promise<Record<string, unknown>> {
  const { body } = await fetchLimited(url, { fetch: options.fetch, what, maxBytes: 4 * 1024 * 1024, accept: 'application/vc+ld+json, application/ld+json, application/json' })
  const value = parseJson(fromUtf8(body), { label: what })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Ob3Error('ERR_OB3_STATUS_INVALID', `${what} ${url} is not a JSON object`)
  return value as Record<string, unknown>
}

async function checkBitstringEntry(e: Record<string, unknown>, options: StatusCheckOptions): Promise<EntryResult> {
  const legacy = e.type === 'StatusList2021Entry'
  const url = e.statusListCredential
  const purpose = e.statusPurpose
  const index = typeof e.statusListIndex === 'string' && /^\d+$/.test(e.statusListIndex) ? Number(e.statusListIndex) : NaN
  if (typeof url !== 'string' || !Number.isSafeInteger(index) || typeof purpose !== 'string') {
    return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${String(e.type)} needs statusListCredential, statusListIndex (a decimal string) and statusPurpose` }
  }
  const size = e.statusSize === undefined ? 1 : e.statusSize
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `statusSize must be a whole number greater than 0, not ${JSON.stringify(size)}` }
  }
  if (size > MAX_STATUS_SIZE) return { status: 'failed', code: 'ERR_OB3_STATUS_UNSUPPORTED', message: `statusSize ${size} is not supported (1 to ${MAX_STATUS_SIZE} bits are)` }
  const messages = readStatusMessages(e.statusMessage, size)
  if (typeof messages === 'string') return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: messages }
  const reference = e.statusReference
  if (reference !== undefined && !(Array.isArray(reference) ? reference : [reference]).every((r) => typeof r === 'string' && URL.canParse(r))) {
    return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'statusReference must be a URL or an array of URLs' }
  }
  const list = await fetchJson(url, options, 'status list')
  const listType = legacy ? 'StatusList2021Credential' : 'BitstringStatusListCredential'
  const types = Array.isArray(list.type) ? list.type : [list.type]
  if (!types.includes(listType)) return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${url} is not a ${listType}` }
  const subject = list.credentialSubject as Record<string, unknown> | undefined
  const subjectType = legacy ? 'StatusList2021' : 'BitstringStatusList'
  if (typeof subject !== 'object' || subject === null || subject.type !== subjectType) {
    return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `the status list's credentialSubject must be a ${subjectType}` }
  }
  const purposes = Array.isArray(subject.statusPurpose) ? subject.statusPurpose : [subject.statusPurpose]
  if (!purposes.includes(purpose)) {
    return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `the status list is for ${purposes.join(', ')}, not ${purpose}` }
  }
  const listSize = subject.statusSize
  if (listSize !== undefined && listSize !== size) {
    return { status: 'failed', code: 'ERR_OB3_STATUS_SIZE_MISMATCH', message: `the entry's statusSize is ${size}, the status list's is ${JSON.stringify(listSize)}` }
  }
  const listIssuer = issuerIdOf(list)
  if (listIssuer === undefined) return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `the status list ${url} names no issuer` }
  const proof = await checkProof({ document: list, resolveKey: options.resolveKey, documentLoader: options.documentLoader, keyBinding: options.keyBinding ?? 'lenient' })
  if (proof.check.status === 'failed') {
    return { status: 'failed', code: proof.check.code === 'ERR_OB3_TIME_BUDGET_EXCEEDED' ? proof.check.code : 'ERR_OB3_STATUS_INVALID', message: `the status list ${url} does not verify: ${proof.check.message}` }
  }
  const signer = listSigner(listIssuer, proofConfirmsIssuer(proof.check), options)
  if (signer.status === 'failed') return signer
  // A list re-issued moments ago may look not yet valid to a verifier whose clock is a little
  // behind; five minutes of skew are tolerated, no more.
  let validity = checkValidity(list, options.now)
  if (validity.code === 'ERR_OB3_NOT_YET_VALID') validity = checkValidity(list, new Date(options.now.getTime() + STATUS_LIST_CLOCK_SKEW_MS))
  if (validity.status === 'failed') {
    return { status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE', message: `the status list ${url} is out of date: ${validity.message}` }
  }
  return withSigner(await readEntryStatus(subject, { index, size, purpose, url, messages }), signer)
}

/** Whose list it is: `passed` (the credential's issuer, or trusted for status), a warning, or a refusal. */
function listSigner(listIssuer: string, confirmed: boolean, options: StatusCheckOptions): EntryResult {
  const credentialIssuer = issuerIdOf(options.document)
  if (listIssuer === credentialIssuer) return { status: 'passed', message: '' }
  const differs = `the status list is signed by ${listIssuer}, not by the credential's issuer ${credentialIssuer ?? '(none)'}`
  // A list from another signer is believed only when that signer's own document publishes the key.
  if (!confirmed) return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${differs}, and its proof does not show a key ${listIssuer} publishes` }
  if (options.statusIssuer === 'strict') return { status: 'failed', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS', message: `${differs} (only the issuer's own lists are accepted)` }
  const registry = options.trust
  if (registry === undefined) return { status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS', message: differs }
  const entry = findTrusted(registry, listIssuer, 'status', options.now)
  if (entry !== undefined) return { status: 'passed', message: `the status list is signed by ${entry.name} (${listIssuer}), trusted for status by ${registry.name}` }
  return { status: options.trustPolicy === 'warn' ? 'warning' : 'failed', code: 'ERR_OB3_STATUS_ISSUER_UNTRUSTED', message: `${differs}, and ${registry.name} does not trust ${listIssuer} for status` }
}

/** The entry's result with what was said about the list's signer: a failure stays one, a warning about the signer is kept. */
function withSigner(result: EntryResult, signer: EntryResult): EntryResult {
  const message = signer.message === '' ? result.message : `${result.message}; ${signer.message}`
  if (result.status === 'failed' || signer.status === 'passed') return { ...result, message }
  if (result.status === 'warning') return { ...result, message }
  return { status: 'warning', code: signer.code as Ob3ErrorCode, message }
}

/** The status messages of an entry by value, or what is wrong with them. */
type StatusMessages = Map<number, string> | undefined

/**
 * `statusMessage`: required when statusSize > 1; an array of 2^statusSize objects, each with a
 * `status` (`0x` and hex digits, a value that fits in statusSize bits, each value once) and a
 * `message` string.
 */
function readStatusMessages(value: unknown, size: number): StatusMessages | string {
  if (value === undefined) return size > 1 ? `statusMessage is required when statusSize is ${size}` : undefined
  const count = 2 ** size
  if (!Array.isArray(value) || value.length !== count) return `statusMessage must be an array of ${count} messages (2^statusSize)`
  const messages = new Map<number, string>()
  for (const [i, m] of value.entries()) {
    const item = m as { status?: unknown; message?: unknown } | null
    if (typeof item !== 'object' || item === null || typeof item.status !== 'string' || !/^0x[0-9a-f]+$/i.test(item.status) || typeof item.message !== 'string') {
      return `statusMessage[${i}] must have a status (0x and hex digits) and a message`
    }
    const status = Number.parseInt(item.status.slice(2), 16)
    if (status >= count) return `statusMessage[${i}].status ${item.status} does not fit in statusSize ${size}`
    if (messages.has(status)) return `statusMessage gives status ${item.status} twice`
    messages.set(status, item.message)
  }
  return messages
}

interface EntryPosition {
  index: number
  size: number
  purpose: string
  url: string
  messages: StatusMessages
}

async function readEntryStatus(subject: Record<string, unknown>, at: EntryPosition): Promise<EntryResult> {
  const { index, purpose, url } = at
  const bits = await decodeStatusList(subject.encodedList)
  const value = readStatusValue(bits, index, at.size)
  const where = `(list ${url}, entry ${index})`
  if (at.messages !== undefined || at.size > 1) {
    const hex = `0x${value.toString(16)}`
    const text = at.messages?.get(value)
    const said = `status ${hex}${text === undefined ? '' : ` "${text}"`} ${where}`
    if (value === 0) return { status: 'passed', message: `${purpose}: ${said}` }
    if (purpose === 'revocation') return { status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer: ${said}` }
    if (purpose === 'suspension') return { status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED', message: `suspended by its issuer: ${said}` }
    return { status: 'warning', code: purpose === 'message' ? 'ERR_OB3_STATUS_MESSAGE' : 'ERR_OB3_STATUS_INVALID', message: `the ${purpose} ${said}` }
  }
  if (value === 0) return { status: 'passed', message: `not ${purpose === 'suspension' ? 'suspended' : purpose === 'revocation' ? 'revoked' : `flagged (${purpose})`} ${where}` }
  if (purpose === 'revocation') return { status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer ${where}` }
  if (purpose === 'suspension') return { status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED', message: `suspended by its issuer ${where}` }
  return { status: 'warning', code: purpose === 'message' ? 'ERR_OB3_STATUS_MESSAGE' : 'ERR_OB3_STATUS_INVALID', message: `the ${purpose} status is set ${where}` }
}

async function checkRevocationList(e: Record<string, unknown>, options: StatusCheckOptions): Promise<EntryResult> {
  if (typeof e.id !== 'string') return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: '1EdTechRevocationList status needs an id URL' }
  const list = await fetchJson(e.id, options, 'revocation list')
  const revoked = list.revokedCredential
  if (!Array.isArray(revoked)) return { status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${e.id} has no revokedCredential list` }
  const credentialId = options.document.id
  const hit = revoked.find((r) => typeof r === 'object' && r !== null && (r as Record<string, unknown>).id === credentialId)
  if (hit !== undefined && (hit as Record<string, unknown>).revoked !== false) {
    const reason = (hit as Record<string, unknown>).revocationReason
    return { status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer${typeof reason === 'string' ? `: ${reason}` : ''} (list ${e.id})` }
  }
  return { status: 'passed', message: `not on the issuer's revocation list ${e.id}` }
}
