/**
 * Internal: mapping rows of the `srv_` tables to records, shared by both stores.
 * @packageDocumentation
 */
import { timingSafeEqual } from 'node:crypto'
import { Ob3Error } from '@ob3/core'
import { LATEST_SERVER_SCHEMA_VERSION } from './migrations.js'
import type { AccessTokenLookup, ApiKeyRecord, RateTake, TenantDidMethod, TenantRecord } from './types.js'

/** A database row. */
export type Row = Record<string, unknown>

export function toTenant(row: Row): TenantRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    issuerId: String(row.issuer_id),
    didMethod: String(row.did_method) as TenantDidMethod,
    signingKey: String(row.signing_key),
    suspension: row.suspension === true || row.suspension === 1,
    createdAt: String(row.created_at),
  }
}

export function toApiKey(row: Row): ApiKeyRecord {
  const record: ApiKeyRecord = {
    id: String(row.id),
    tenantId: String(row.tenant_id),
    tokenHash: String(row.token_hash),
    label: String(row.label),
    createdAt: String(row.created_at),
  }
  if (row.revoked_at !== null && row.revoked_at !== undefined) record.revokedAt = String(row.revoked_at)
  return record
}

/** An access token joined with its API key (`token_scope`, `token_expires_at`). */
export function toAccessToken(row: Row): AccessTokenLookup {
  return { apiKey: toApiKey(row), scope: String(row.token_scope), expiresAt: String(row.token_expires_at) }
}

/** Compare two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Refuse a schema newer than this server knows. */
export function refuseNewer(version: number): void {
  if (version > LATEST_SERVER_SCHEMA_VERSION) {
    throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `the server's tables are at v${version}, newer than this ob3 knows (v${LATEST_SERVER_SCHEMA_VERSION}); upgrade ob3`, {
      details: { version, latest: LATEST_SERVER_SCHEMA_VERSION },
    })
  }
}

/** Milliseconds since the epoch of an ISO date-time. */
export function epochMs(iso: string): number {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO date-time: ${iso}`)
  return ms
}

/** The entries of a rate-limit flush: distinct buckets, each with a whole count of tokens, 0 or more. */
export function checkTakes(entries: readonly RateTake[]): void {
  const seen = new Set<string>()
  for (const { bucket, count } of entries) {
    if (typeof bucket !== 'string' || seen.has(bucket)) throw new TypeError('takeRateTokens: each entry needs its own bucket')
    if (!Number.isInteger(count) || count < 0) throw new TypeError('takeRateTokens: a count is a whole number of tokens, 0 or more')
    seen.add(bucket)
  }
}
