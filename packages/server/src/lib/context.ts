/**
 * Internal: what every route of one service instance shares, and the Hono environment.
 * @packageDocumentation
 */
import type { IssuerStore, MessageStatusRequest } from '@ob3/issuer'
import type { VerificationCache } from '@ob3/verifier'
import type { Logger } from 'pino'
import type { ServerStore } from '../store/types.js'
import type { RateLimiter } from './rate-limit.js'
import type { Tenant, TenantRegistry } from './tenants.js'

/** The limits of one instance. */
export interface ServerLimits {
  /** Largest JSON body (issue, verify, status, admin). */
  maxJsonBytes: number
  /** Largest share bundle. */
  maxShareBytes: number
  /** A share's lifetime when the upload names none, in seconds. */
  defaultShareTtlSeconds: number
  /** Longest share lifetime, in seconds; longer requests are shortened to it. */
  maxShareTtlSeconds: number
  /** `Cache-Control: max-age` of status lists, in seconds. */
  statusListMaxAgeSeconds: number
  /** Lifetime of an OAuth2 access token, in seconds. */
  accessTokenTtlSeconds: number
  /** Most bytes of live shares (neither expired nor deleted) the service keeps in all; beyond it uploads get 507. */
  shareQuotaBytes: number
  /** Most share bytes one client address may upload per UTC day; beyond it uploads get 429. */
  shareDailyQuotaBytes: number
}

/** Shared state of one service instance. Internal. */
export interface ServerContext {
  baseUrl: () => string
  issuerStore: IssuerStore
  store: ServerStore
  tenants: TenantRegistry
  logger: Logger
  limits: ServerLimits
  now: () => Date
  /** The fetch verification uses (local documents in-process, the rest outside). */
  verifyFetch: typeof fetch
  allowPrivateNetwork: boolean
  verificationCache: VerificationCache
  /** The time budget of one verification, in milliseconds. */
  verifyTimeBudgetMs: number
  /** Whether a status list by another signer than the credential's issuer warns (`lenient`) or fails (`strict`). */
  verifyStatusIssuer: 'lenient' | 'strict'
  limiters: { verify?: RateLimiter; shareDownload?: RateLimiter; shareUpload?: RateLimiter; token?: RateLimiter }
  adminTokenHash: string | undefined
  /** How many proxies in front append to `X-Forwarded-For` (0: use the socket's address). */
  trustProxy: number
  /**
   * Throws `ERR_OB3_STORE_FILE_GONE` when the SQLite file the service opened was deleted or
   * replaced; does nothing with PostgreSQL. Called before writes and by `/health`.
   */
  checkStorage: () => void
  /** The tenant that unauthenticated issue and status requests act as (test suites only). */
  openTenant: string | undefined
  /** The message status entry VC 2.0 credentials get by default beside their revocation entry (none when undefined). */
  messageStatus: MessageStatusRequest | undefined
}

/** The Hono environment: per-request variables. */
export interface ServerEnv {
  Variables: {
    requestId: string
    log: Logger
    /** The tenant an API key authenticated, on tenant routes. */
    tenant: Tenant
  }
}
