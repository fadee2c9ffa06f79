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

/** What was issued. */
export interface IssuedForTenant {
  /** The signed credential (for a VC-JWT: its payload). */
  credential: Record<string, unknown>
  /** The compact JWS, for `vc-jwt`. */
  jwt?: string
  record: CredentialRecord
}

const seconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z')

function issuerIdOf(issuer: unknown): string | undefined {
  if (typeof issuer === 'string') return issuer
  const id = (issuer as { id?: unknown } | null | undefined)?.id
  return typeof id === 'string' ? id : undefined
}

/**
 * Issue a credential as a tenant.
 * @throws Ob3Error `ERR_OB3_SERVER_ISSUER_MISMATCH` (another issuer), `ERR_OB3_STORE_CONFLICT`
 *   (its id was issued before), JSON-LD and signing errors (`ERR_OB3_JSONLD_SAFE_MODE`, …)
 */
export async function issueForTenant(options: IssueForTenantOptions): Promise<IssuedForTenant> {
  const { tenant, store, format, now } = options
  const issuerId = tenant.record.issuerId
  if (!/^https?:\/\//.test(tenant.statusBaseUrl)) {
    throw new Ob3Error('ERR_OB3_SERVER_INTERNAL', 'the service\'s public base URL is not known, so status list URLs cannot be made: pass baseUrl to createServer, or listen() first')
  }
  const base: Record<string, unknown> = { ...options.credential }
  if (base.issuer === undefined) {
    // An Open Badge's issuer is a Profile; any other credential gets the plain id.
    const types = Array.isArray(base.type) ? base.type : [base.type]
    const openBadge = types.some((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential')
    base.issuer = openBadge ? { id: issuerId, type: ['Profile'], name: tenant.record.name } : issuerId
  }
  else if (issuerIdOf(base.issuer) !== issuerId) {
    refuse('ERR_OB3_SERVER_ISSUER_MISMATCH', `this API key issues as ${issuerId}; credential.issuer must be that id or absent`, { expected: issuerId })
  }
  const v1 = Array.isArray(base['@context']) && base['@context'][0] === CREDENTIALS_V1_URL
  if (v1 && base.issuanceDate === undefined) base.issuanceDate = seconds(now)
  if (base.id === undefined && options.credentialId === undefined) base.id = `urn:uuid:${randomUUID()}`
  const id = base.id === undefined ? String(options.credentialId) : String(base.id)
  if ((await store.getCredential(issuerId, id)) !== undefined) refuse('ERR_OB3_STORE_CONFLICT', `a credential ${id} has been issued already`)
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
      idempotencyKey: `vc-api:${id}`,
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
      if (isOb3Error(err, 'ERR_OB3_STORE_CONFLICT')) refuse('ERR_OB3_STORE_CONFLICT', `a credential ${id} has been issued already`)
      throw err
    }
    if ('conflict' in result) continue
    if (!result.inserted) refuse('ERR_OB3_STORE_CONFLICT', `a credential ${id} has been issued already`)
    await store.appendAudit({ issuerId, subject: `credential:${id}`, action: 'awarded', actor: 'vc-api', at: now.toISOString() })
    return issued.format === 'vc-jwt' ? { credential: issued.credential, jwt: issued.jwt, record: result.record } : { credential: issued.credential, record: result.record }
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
