/**
 * The server's own records — tenants, their API keys, hosted shares — kept beside the issuer
 * store in the same database, in tables prefixed `srv_` with their own migration table
 * (`srv_migrations`). Everything an issuer keeps (credentials, status lists) stays in the
 * `@ob3/issuer` store.
 * @packageDocumentation
 */
import type { RateLimit } from '../lib/rate-limit.js'

/** How a tenant's issuer id is made. */
export type TenantDidMethod = 'key' | 'web' | 'web-host'

/** One issuer hosted by the service. */
export interface TenantRecord {
  /** The tenant's short name, used in URLs (`/status/<id>/…`, `/<id>/did.json`). */
  id: string
  /** The issuer's name, as credentials show it. */
  name: string
  /** The issuer id credentials carry: a did:key, or a did:web on the service's host. */
  issuerId: string
  didMethod: TenantDidMethod
  /** The signing key: Multikey JSON with its secret, or that JSON sealed (`sealed:v1:…`). */
  signingKey: string
  /** Whether credentials also get a suspension entry (then they can be suspended). */
  suspension: boolean
  createdAt: string
}

/** An API key of a tenant. Only its SHA-256 is stored. */
export interface ApiKeyRecord {
  /** A public handle for the key (listing, revoking); not a secret. */
  id: string
  tenantId: string
  /** Hex SHA-256 of the whole bearer token. */
  tokenHash: string
  label: string
  createdAt: string
  revokedAt?: string
}

/** An OAuth2 access token (client credentials grant). Only its SHA-256 is stored. */
export interface AccessTokenRecord {
  /** Hex SHA-256 of the bearer token. */
  tokenHash: string
  /** The API key (OAuth2 client) it was granted to; revoking the key ends its tokens. */
  apiKeyId: string
  /** Granted scopes, space-separated. */
  scope: string
  createdAt: string
  expiresAt: string
}

/** A live access token and the API key behind it. */
export interface AccessTokenLookup {
  apiKey: ApiKeyRecord
  scope: string
  expiresAt: string
}

/** A hosted share: an encrypted bundle the service cannot read. */
export interface ShareRecord {
  id: string
  /** Hex SHA-256 of the delete token. */
  deleteTokenHash: string
  size: number
  createdAt: string
  expiresAt: string
}

/** What a share lookup found. */
export type ShareLookup =
  | { state: 'ok'; bytes: Uint8Array; expiresAt: string }
  | { state: 'gone' }
  | { state: 'missing' }

/** The quotas a share upload is held to. */
export interface ShareQuota {
  /** Most bytes of live shares (neither expired nor deleted) the service keeps in all. */
  totalBytes: number
  /** Most bytes one client may upload per UTC day (deleting or expiry gives none back). */
  clientBytesPerDay: number
  /** The client: a digest of its address (the address itself is not stored). */
  client: string
}

/** What the quotas let a client upload now. */
export interface ShareUsage {
  /** Bytes of live shares (neither expired nor deleted) kept now. */
  totalBytes: number
  /** Bytes the client uploaded this UTC day. */
  clientBytesToday: number
}

/** The outcome of storing a share: stored, or refused by the total quota or the client's daily budget. */
export type SharePut =
  | { stored: true }
  | { stored: false; over: 'total' | 'client'; used: number; limit: number }

/** The outcome of deleting a share. */
export type ShareDeletion = 'deleted' | 'forbidden' | 'missing' | 'gone'

/** Tokens an instance granted from a shared rate-limit bucket ({@link ServerStore.takeRateTokens}); `count` 0 reads it. */
export interface RateTake {
  bucket: string
  count: number
}

/** A shared rate-limit bucket's level at `updatedMs` (epoch ms); below zero while in debt. */
export interface RateLevel {
  bucket: string
  tokens: number
  updatedMs: number
}

/** The server store: two implementations (SQLite, PostgreSQL) with the same behaviour. */
export interface ServerStore {
  readonly kind: 'sqlite' | 'postgres'
  /** Apply pending `srv_` migrations (idempotent; safe from several processes at once). */
  migrate(): Promise<void>
  schemaVersion(): Promise<number>
  close(): Promise<void>

  /** @throws Ob3Error `ERR_OB3_STORE_CONFLICT` when the id or the issuer id is taken */
  createTenant(record: TenantRecord): Promise<void>
  getTenant(id: string): Promise<TenantRecord | undefined>
  listTenants(): Promise<TenantRecord[]>

  createApiKey(record: ApiKeyRecord): Promise<void>
  /** The key with this token hash, unless it was revoked. */
  findApiKey(tokenHash: string): Promise<ApiKeyRecord | undefined>
  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]>
  /** Revoke a key of a tenant; false when it has no such (unrevoked) key. */
  revokeApiKey(tenantId: string, id: string, at: string): Promise<boolean>

  /** The unrevoked API key with this public id (an OAuth2 client id). */
  findApiKeyById(id: string): Promise<ApiKeyRecord | undefined>

  /** @throws Ob3Error `ERR_OB3_STORE_REFERENCE` when the API key does not exist */
  createAccessToken(record: AccessTokenRecord): Promise<void>
  /** The access token with this hash, unless it expired or its API key was revoked. */
  findAccessToken(tokenHash: string, now: Date): Promise<AccessTokenLookup | undefined>

  /**
   * Take one token from a rate-limit bucket shared by every instance on this database. Answers
   * 0 when allowed, else the seconds to wait. Idle buckets are dropped by {@link purgeTokens}.
   */
  takeRateToken(bucket: string, rate: RateLimit, now: Date): Promise<number>
  /**
   * The shared rate limiter's flush, in one transaction (one statement with PostgreSQL): each
   * bucket refilled to `now` (at most `burst`), less `count` tokens that an instance already
   * granted — a level that may go below zero, a debt, when instances together granted more than
   * it held; an entry with `count` 0 only reads the bucket (a missing one is full). Answers the
   * levels in the order of `entries`. `allowed` records whether the bucket was out of debt.
   */
  takeRateTokens(entries: readonly RateTake[], rate: RateLimit, now: Date): Promise<RateLevel[]>

  /**
   * Store a share if it fits the quotas, atomically: with the total of live shares and the
   * client's bytes of the day (`record.createdAt`'s UTC day) read and the share and the client's
   * new total written in one transaction (with PostgreSQL, serialised across instances), so
   * concurrent uploads cannot overrun them. A refused share changes nothing.
   */
  putShare(record: ShareRecord, bytes: Uint8Array, quota: ShareQuota): Promise<SharePut>
  /** The bytes the quotas count now, for `client` (read-only; the check before reading a body). */
  shareUsage(client: string, now: Date): Promise<ShareUsage>
  getShare(id: string, now: Date): Promise<ShareLookup>
  /** Delete a share if `deleteTokenHash` is its token's hash; a tombstone stays so that later reads answer 410. */
  deleteShare(id: string, deleteTokenHash: string, now: Date): Promise<ShareDeletion>
  /**
   * Drop the bytes of expired shares, forget tombstones older than `forgetBefore`, and forget
   * the daily upload budgets of days before `now`'s. Returns how many bundles were dropped.
   */
  purgeShares(now: Date, forgetBefore: Date): Promise<number>
  /** Drop expired access tokens, and rate-limit buckets not touched since `idleBefore`. */
  purgeTokens(now: Date, idleBefore: Date): Promise<void>

  /**
   * Prove the database takes writes: one small committed write (`srv_health`).
   * @throws Ob3Error `ERR_OB3_STORE_READ_ONLY` when it cannot be written, `ERR_OB3_STORE_UNAVAILABLE`
   */
  probeWrite(now: Date): Promise<void>
}
