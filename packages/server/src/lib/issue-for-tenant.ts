/**
 * Internal: issue a caller's credential (VC-API) as a tenant — fill in the issuer, give it a
 * status entry with a random, never reused index in the tenant's lists, sign, and store the
 * record and claim the index in one store transaction (retrying on an index collision).
 *
 * This mirrors what `Issuer.award` does for an Award; the issuer package offers no method for a
 * credential that the caller built, so the index allocation lives here (see the package README).
 * @packageDocumentation
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { CREDENTIALS_V1_URL, Ob3Error, STATUS_LIST_CONTEXT_URL, isOb3Error, type ProofFormat } from '@ob3/core'
import { issueCredential, statusEntries, type CredentialRecord, type IssuerStore, type StatusListGroupRecord } from '@ob3/issuer'
import { serverDocumentLoader } from './contexts.js'
import { refuse } from './errors.js'
import type { Tenant } from './tenants.js'

/** Entries per status list (the W3C minimum, 16 KiB uncompressed). */
export const STATUS_LIST_LENGTH = 131_072
/** A new list group is started once this share of the current one is taken (so a random free index is quick to find). */
const FILL = 0.5
const MAX_INDEX_ATTEMPTS = 64

/** Options for {@link issueForTenant}. */
export interface IssueForTenantOptions {
  tenant: Tenant
  store: IssuerStore
  /** The unsigned credential, as the caller sent it (checked for shape already). */
  credential: Record<string, unknown>
  format: ProofFormat
  now: Date
  /**
   * VC-API `options.credentialId`: the caller's handle of a credential that has no `id`. Without
   * either, the service gives the credential a `urn:uuid:` id, so it can be revoked later.
   */
  credentialId?: string
}

/** A remark on what the service changed in the caller's credential. */
export interface IssueWarning {
  code: 'ERR_OB3_SERVER_ISSUER_REPLACED'
  message: string
}

/** What was issued. */
export interface IssuedForTenant {
  /** The signed credential (for a VC-JWT: its payload). */
  credential: Record<string, unknown>
  /** The compact JWS, for `vc-jwt`. */
  jwt?: string
  record: CredentialRecord
  warnings: IssueWarning[]
  /** True when the same request had been issued before: this is that credential. */
  replayed: boolean
}

/** A stored record as an issue result. */
function stored(record: CredentialRecord): Pick<IssuedForTenant, 'credential' | 'jwt' | 'record'> {
  if (record.format !== 'vc-jwt') return { credential: JSON.parse(record.content) as Record<string, unknown>, record }
  const payload = JSON.parse(Buffer.from(record.content.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
  return { credential: payload, jwt: record.content, record }
}

/** SHA-256 of a request's credential, format and credentialId, with object keys sorted. */
function requestDigest(credential: unknown, format: string, credentialId: string | undefined): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
    if (typeof v === 'object' && v !== null) {
      return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
    }
    return JSON.stringify(v)
  }
  return createHash('sha256').update(canonical({ credential, format, credentialId: credentialId ?? null })).digest('base64url')
}

function isOpenBadge(type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type]
  return types.some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential')
}

const seconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

function issuerIdOf(issuer: unknown): string | undefined {
  if (typeof issuer === 'string') return issuer
  const id = (issuer as { id?: unknown } | null | undefined)?.id
  return typeof id === 'string' ? id : undefined
}

/**
 * Issue a credential as a tenant.
 * The credential's issuer becomes the tenant's issuer id (with a warning when the caller named
 * another). Sending the same request again gives back the first credential (`replayed`).
 * @throws Ob3Error `ERR_OB3_STORE_CONFLICT` (another credential was issued under its id), JSON-LD
 *   and signing errors (`ERR_OB3_JSONLD_SAFE_MODE`, …)
 */
export async function issueForTenant(options: IssueForTenantOptions): Promise<IssuedForTenant> {
  const { tenant, store, format, now } = options
  const issuerId = tenant.record.issuerId
  if (!/^https?:\/\//.test(tenant.statusBaseUrl)) {
    throw new Ob3Error('ERR_OB3_SERVER_INTERNAL', 'the service\'s public base URL is not known, so status list URLs cannot be made: pass baseUrl to createServer, or listen() first')
  }
  const base: Record<string, unknown> = { ...options.credential }
  const warnings: IssueWarning[] = []
  const given = issuerIdOf(base.issuer)
  if (given !== issuerId) {
    // The service signs with the tenant's key, so the credential names the tenant as its issuer:
    // a caller can never issue as anyone else. Other properties of an issuer object are kept.
    base.issuer = typeof base.issuer === 'object' && base.issuer !== null ? { ...(base.issuer as Record<string, unknown>), id: issuerId } : issuerId
    warnings.push({ code: 'ERR_OB3_SERVER_ISSUER_REPLACED', message: `credential.issuer was ${given ?? '(none)'}; this tenant issues as ${issuerId}, so that is the issuer of the signed credential` })
  }
  if (typeof base.issuer === 'string' && isOpenBadge(base.type)) {
    // An Open Badge's issuer is a Profile.
    base.issuer = { id: issuerId, type: ['Profile'], name: tenant.record.name }
  }
  const v1 = Array.isArray(base['@context']) && base['@context'][0] === CREDENTIALS_V1_URL
  if (v1 && base.issuanceDate === undefined) base.issuanceDate = seconds(now)
  if (base.id === undefined && options.credentialId === undefined) base.id = `urn:uuid:${randomUUID()}`
  const id = base.id === undefined ? String(options.credentialId) : String(base.id)
  // The same request again (a retry, or a test suite sending its fixtures once more) gives back
  // the credential issued the first time; another credential under a used id is a conflict.
  const idempotencyKey = `vc-api:${id}:${requestDigest(options.credential, format, options.credentialId)}`
  const existing = await store.getCredential(issuerId, id)
  if (existing !== undefined) {
    if (existing.idempotencyKey !== idempotencyKey) refuse('ERR_OB3_STORE_CONFLICT', `a different credential ${id} has been issued already; give this one another id`)
    return { ...stored(existing), warnings, replayed: true }
  }
  const withStatus = base.credentialStatus === undefined

  for (let attempt = 0; attempt < MAX_INDEX_ATTEMPTS; attempt++) {
    const unsigned: Record<string, unknown> = { ...base }
    let group: StatusListGroupRecord | undefined
    let index: number | undefined
    if (withStatus) {
      group = await currentGroup(tenant, store, now)
      index = randomIndex(group.length)
      const entries = statusEntries(group, index)
      unsigned.credentialStatus = tenant.record.suspension ? entries : entries[0]
      if (v1) {
        const ctx = unsigned['@context'] as unknown[]
        if (!ctx.includes(STATUS_LIST_CONTEXT_URL)) unsigned['@context'] = [...ctx, STATUS_LIST_CONTEXT_URL]
      }
    }
    const issued = await issueCredential({ credential: unsigned, signer: tenant.signer, format, now, documentLoader: serverDocumentLoader })
    const subject = (Array.isArray(unsigned.credentialSubject) ? unsigned.credentialSubject[0] : unsigned.credentialSubject) as Record<string, unknown>
    const achievement = subject.achievement as { id?: unknown } | undefined
    const record: CredentialRecord = {
      id,
      issuerId,
      idempotencyKey,
      // The issuer store wants an achievement for every record; a credential that is not an
      // Open Badge has none, so the record names its most specific type instead.
      achievementId: typeof achievement?.id === 'string' && achievement.id !== '' ? achievement.id : `vc-api:type:${mainType(unsigned.type)}`,
      recipient: typeof subject.id === 'string' ? subject.id : '',
      format,
      content: issued.format === 'vc-jwt' ? issued.jwt : JSON.stringify(issued.credential),
      issuedAt: now.toISOString(),
      ...(group === undefined || index === undefined ? {} : { statusListGroup: group.id, statusIndex: index }),
    }
    let result: Awaited<ReturnType<IssuerStore['insertCredential']>>
    try {
      result = await store.insertCredential(record)
    } catch (err) {
      if (isOb3Error(err, 'ERR_OB3_STORE_CONFLICT')) {
        // Issued a moment ago by a request running beside this one: the same one, or another.
        const now = await store.getCredential(issuerId, id)
        if (now?.idempotencyKey === idempotencyKey) return { ...stored(now), warnings, replayed: true }
        refuse('ERR_OB3_STORE_CONFLICT', `a different credential ${id} has been issued already; give this one another id`)
      }
      throw err
    }
    if ('conflict' in result) continue
    // Not inserted: the same request, issued by another instance a moment ago.
    if (!result.inserted) return { ...stored(result.record), warnings, replayed: true }
    await store.appendAudit({ issuerId, subject: `credential:${id}`, action: 'awarded', actor: 'vc-api', at: now.toISOString() })
    const made = issued.format === 'vc-jwt' ? { credential: issued.credential, jwt: issued.jwt, record: result.record } : { credential: issued.credential, record: result.record }
    return { ...made, warnings, replayed: false }
  }
  throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `no free status index found after ${MAX_INDEX_ATTEMPTS} attempts`)
}

/**
 * The tenant's newest list group with room, or a new one. Group ids are derived from the issuer
 * and the group's sequence number, so instances that start a group at the same moment start the
 * same one (the store refuses the second) instead of one each.
 */
async function currentGroup(tenant: Tenant, store: IssuerStore, now: Date): Promise<StatusListGroupRecord> {
  const issuerId = tenant.record.issuerId
  for (let attempt = 0; attempt < 8; attempt++) {
    const groups = await store.listStatusListGroups(issuerId)
    const last = groups[groups.length - 1]
    if (last !== undefined && (await store.countStatusEntries(issuerId, last.id)) < last.length * FILL) return last
    const id = createHash('sha256').update(`${issuerId}\n${groups.length + 1}`).digest('hex').slice(0, 16)
    const group: StatusListGroupRecord = {
      id,
      issuerId,
      length: STATUS_LIST_LENGTH,
      revocationListUrl: `${tenant.statusBaseUrl}/${id}/revocation`,
      suspensionListUrl: `${tenant.statusBaseUrl}/${id}/suspension`,
      createdAt: now.toISOString(),
    }
    try {
      await store.createStatusListGroup(group)
      return group
    } catch (err) {
      if (!isOb3Error(err, 'ERR_OB3_STORE_CONFLICT')) throw err
      const made = await store.getStatusListGroup(issuerId, id)
      if (made !== undefined) return made
    }
  }
  throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', 'could not open a status list group')
}

function mainType(type: unknown): string {
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string' && t !== 'VerifiableCredential')
  return types[types.length - 1] ?? 'VerifiableCredential'
}

/** A uniformly random index in [0, length). */
function randomIndex(length: number): number {
  const limit = Math.floor(0x1_0000_0000 / length) * length
  for (;;) {
    const n = randomBytes(4).readUInt32BE(0)
    if (n < limit) return n % length
  }
}
