/**
 * Internal: issue a caller's credential (VC-API) as a tenant — the service's policy (the tenant
 * is the issuer, ids, replays) around `Issuer.issue`, which gives the status entry, signs and
 * stores.
 * @packageDocumentation
 */
import { createHash, randomUUID } from 'node:crypto'
import { CREDENTIALS_V1_URL, Ob3Error, isOb3Error, type ProofFormat } from '@ob3/core'
import type { AwardResult, CredentialRecord, IssuerStore, MessageStatusRequest } from '@ob3/issuer'
import { serverDocumentLoader } from './contexts.js'
import { refuse } from './errors.js'
import { isOpenBadgeType } from './vc-shape.js'
import type { Tenant } from './tenants.js'

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
  /** Whether the credential gets a status entry in the tenant's lists (ignored when it brings its own `credentialStatus`). */
  status: boolean
  /** The caller's explicit `options.credentialStatus` choice, when given: part of what makes two requests the same. */
  statusRequested?: boolean
  /** A multi-bit message status entry to give beside the revocation entry (asked for, or the service's default). */
  messageStatus?: MessageStatusRequest
  /** The message status the caller asked for in `options.credentialStatus`: part of what makes two requests the same. */
  messageRequested?: MessageStatusRequest
}

/** A remark on what the service changed in the caller's credential. */
export interface IssueWarning {
  code: 'ERR_OB3_SERVER_ISSUER_REPLACED'
  message: string
}

/** What was issued. */
export interface IssuedForTenant {
  record: CredentialRecord
  warnings: IssueWarning[]
  /** True when the same request had been issued before: this is that credential. */
  replayed: boolean
}

/**
 * A stored credential as the VC-API answers it: the signed JSON, or a VC-JWT as an
 * `EnvelopedVerifiableCredential`.
 */
export function vcApiCredential(record: CredentialRecord): unknown {
  return record.format === 'vc-jwt'
    ? { '@context': 'https://www.w3.org/ns/credentials/v2', id: `data:application/vc+jwt,${record.content}`, type: 'EnvelopedVerifiableCredential' }
    : JSON.parse(record.content) as unknown
}

/** SHA-256 of a request's credential, format, credentialId and explicit status choice, with object keys sorted. */
function requestDigest(credential: unknown, format: string, credentialId: string | undefined, statusRequested: boolean | undefined, messageRequested: MessageStatusRequest | undefined): string {
  const canonical = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
    if (typeof v === 'object' && v !== null) {
      return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
    }
    return JSON.stringify(v)
  }
  return createHash('sha256').update(canonical({ credential, format, credentialId: credentialId ?? null, ...(statusRequested === undefined ? {} : { status: statusRequested }), ...(messageRequested === undefined ? {} : { messageStatus: messageRequested }) })).digest('base64url')
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
  if (typeof base.issuer === 'string' && isOpenBadgeType(base.type)) {
    // An Open Badge's issuer is a Profile.
    base.issuer = { id: issuerId, type: ['Profile'], name: tenant.record.name }
  }
  const v1 = Array.isArray(base['@context']) && base['@context'][0] === CREDENTIALS_V1_URL
  if (v1 && base.issuanceDate === undefined) base.issuanceDate = seconds(now)
  if (base.id === undefined && options.credentialId === undefined) base.id = `urn:uuid:${randomUUID()}`
  const id = base.id === undefined ? String(options.credentialId) : String(base.id)
  // The same request again (a retry, or a test suite sending its fixtures once more) gives back
  // the credential issued the first time; another credential under a used id is a conflict.
  const idempotencyKey = `vc-api:${id}:${requestDigest(options.credential, format, options.credentialId, options.statusRequested, options.messageRequested)}`
  // No lookup first (one database round trip less per request): the issuer answers the same
  // request with the credential it stored (by the idempotency key), and another credential under
  // a used id fails its insert with a conflict, handled below.
  let result: AwardResult
  try {
    result = await tenant.issuer.issue({
      credential: base, idempotencyKey, format, documentLoader: serverDocumentLoader, actor: 'vc-api', status: options.status,
      ...(options.messageStatus === undefined ? {} : { messageStatus: options.messageStatus }),
      ...(base.id === undefined ? { recordId: id } : {}),
    })
  } catch (err) {
    if (isOb3Error(err, 'ERR_OB3_STORE_CONFLICT')) {
      // Issued a moment ago by a request running beside this one: the same one, or another.
      const now = await store.getCredential(issuerId, id)
      if (now?.idempotencyKey === idempotencyKey) return { record: now, warnings, replayed: true }
      refuse('ERR_OB3_STORE_CONFLICT', `a different credential ${id} has been issued already; give this one another id`)
    }
    throw err
  }
  // Not created: the same request, issued by another instance a moment ago.
  return { record: result.record, warnings, replayed: !result.created }
}
