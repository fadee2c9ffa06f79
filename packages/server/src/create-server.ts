import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { pino, type Logger } from 'pino'
import type { IssuerStore, MessageStatusRequest } from '@ob3/issuer'
import { openPostgresStore, openSqliteStore } from '@ob3/issuer/node'
import { DEFAULT_TIME_BUDGET_MS, createVerificationCache } from '@ob3/verifier'
import { createDnsCheckedFetch } from '@ob3/verifier/node'
import type { ServerContext, ServerEnv, ServerLimits } from './lib/context.js'
import { describeError, refuse } from './lib/errors.js'
import { createLocalFetch } from './lib/local-fetch.js'
import { checkMessageStatusDefault } from './lib/message-status.js'
import { createGate, requestMiddleware } from './lib/middleware.js'
import { createRateLimiter, createStoreRateLimiter, createStrictStoreRateLimiter, DEFAULT_FLUSH_MS, type RateLimit, type SharedRateLimiter } from './lib/rate-limit.js'
import { TenantRegistry, type CreatedTenant, type CreateTenantInput, type NewApiKey } from './lib/tenants.js'
import { hashToken } from './lib/tokens.js'
import { adminRoutes } from './routes/admin.js'
import { claimRoutes } from './routes/claims.js'
import { assessmentRoutes, type AssessmentServiceOptions } from './routes/assessments.js'
import { oauthRoutes } from './routes/oauth.js'
import { reportRoutes, type ReportServiceOptions } from './routes/reports.js'
import { issueRoutes } from './routes/credentials-issue.js'
import { statusUpdateRoutes } from './routes/credentials-status.js'
import { verifyRoutes } from './routes/credentials-verify.js'
import { createDocumentsApp } from './routes/documents.js'
import { healthAndPageRoutes, type PageHandler } from './routes/health-and-page.js'
import { shareRoutes } from './routes/shares.js'
import { tenantRecordRoutes } from './routes/tenant-records.js'
import { isPostgresUrl, openServerStore } from './store/open-server-store.js'
import { checkSqliteSidecars, guardSqliteFile, type SqliteFileGuard } from './store/sqlite-file.js'
import type { ServerStore } from './store/types.js'

export type { PageHandler } from './routes/health-and-page.js'
export type { RateLimit } from './lib/rate-limit.js'
export type { AssessmentServiceOptions } from './routes/assessments.js'
export type { ReportServiceOptions } from './routes/reports.js'

/** Options for {@link createServer}. */
export interface CreateServerOptions {
  /** The database: a SQLite file path (created when missing) or a `postgres://` URL. */
  db: string
  /** With PostgreSQL: the schema for all tables (default `public`). */
  postgresSchema?: string
  /**
   * The service's public base URL (`https://badges.district.example`): it goes into status list
   * URLs and did:web ids. Without it, `listen()` sets it to the address it listens on.
   */
  baseUrl?: string
  /** A pino logger. Default: JSON lines on stdout at `logLevel`. */
  logger?: Logger
  /** The level of the default logger (`info`); `silent` for none. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Where the default logger writes its JSON lines (default stdout). */
  logDestination?: { write(line: string): void }
  /** The admin token (the admin API is off without one). Only its SHA-256 is kept. */
  adminToken?: string
  /**
   * The fetch verification uses for what the service does not publish itself (other issuers'
   * DID documents and status lists). Default: `createDnsCheckedFetch` of `@ob3/verifier/node`
   * (host names that resolve to private, loopback or link-local addresses are refused, and the
   * connection goes to the address checked), wrapped by the verifier's safe fetch (https only,
   * no private addresses written as literals). Pass `null` to verify with no network at all.
   */
  fetch?: typeof fetch | null
  /** Let verification reach http: and private addresses (a test network). Default false. */
  allowPrivateNetwork?: boolean
  /**
   * How long, in seconds, other issuers' DID documents, controller documents and status lists
   * are kept at most (less when their `Cache-Control` says so; `no-store` is never kept).
   * Default 300; 0 keeps nothing.
   */
  cacheTtlSeconds?: number
  /** The time budget of one verification request, in milliseconds (see `verify()`'s `timeBudgetMs`). Default 15 s. */
  verifyTimeBudgetMs?: number
  /**
   * Verification of a status list signed by someone other than the credential's issuer (see
   * `verify()`'s `statusIssuer`): `lenient` (default, a warning) or `strict` (a failure). A
   * request's `options.statusIssuer` may make it strict, never lenient.
   */
  verifyStatusIssuer?: 'lenient' | 'strict'
  /** The clock. Default: now. */
  now?: () => Date
  /** Size and lifetime limits. */
  limits?: Partial<ServerLimits>
  /** Per-client rate limits; `false` turns one off. */
  rateLimits?: { verify?: RateLimit | false; shareDownload?: RateLimit | false; shareUpload?: RateLimit | false; token?: RateLimit | false }
  /**
   * Where the rate-limit buckets live: `database` (shared by every instance on the database) or
   * `memory` (this instance only). Default: `database` with PostgreSQL, `memory` with SQLite.
   * The shared buckets are not a query per request: each instance answers from its own copy of a
   * client's bucket and writes what it granted, reading the shared levels back, every
   * `rateLimitFlushMs` in one query for all clients; a client new to the instance waits for one
   * read. Across N instances a client may get more than its limit for a moment (at most
   * (N − 1) × (burst + perSecond × 2 intervals) more), a debt it then pays back (the README's
   * Rate limits gives the bound).
   */
  rateLimitStore?: 'database' | 'memory'
  /**
   * With `rateLimitStore: 'database'`: how often, in milliseconds, an instance writes the tokens
   * it granted and reads the shared levels back (default 250, at most 60,000). `0`: every request
   * asks the database (one query each; the shared limit is then exact across instances).
   */
  rateLimitFlushMs?: number
  /**
   * Behind proxies you trust (a load balancer): how many of them are in front, each appending to
   * `X-Forwarded-For`. The client's address is then the entry that many places from the right —
   * the rightmost one no trusted proxy added; what the client wrote to the left is ignored.
   * `true` is one proxy. Default false: the socket's address.
   */
  trustProxy?: boolean | number
  /**
   * The verification page: called for `GET /` and for any GET no route takes (its assets). It
   * answers a Response, or undefined to let the service answer (a placeholder page on `/`, 404
   * elsewhere).
   */
  pageHandler?: PageHandler
  /**
   * The teacher's wallet app (`createWalletAppHandler()` of `@ob3/wallet-app`): `GET /wallet` and
   * everything under `/wallet/` go to it, on the same origin as the share host and the
   * verification page. Without it those paths are 404.
   */
  walletApp?: PageHandler
  /** 32 bytes: tenants' signing keys are sealed with it (AES-256-GCM) in the database. */
  keyEncryptionKey?: Uint8Array
  /**
   * A tenant that issue and status-update requests WITHOUT an Authorization header act as. Only
   * for running conformance test suites that cannot send credentials, on a service nobody else
   * reaches: anyone who can reach it can then issue as that tenant. Off by default.
   */
  openTenant?: string
  /**
   * The service's default multi-bit status: a VC 2.0 credential issued without
   * `options.credentialStatus` gets a `message` status entry of this `statusSize`, messages and
   * `statusReference` beside its revocation entry (each tenant's message list, set through
   * `POST /credentials/status`). Off by default (a revocation entry only).
   */
  messageStatus?: MessageStatusRequest
  /** How long `close()` waits for requests in flight before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number
  /** Double-blind assessment (`/assessment/…`): the tenants' micro-credentials and where evidence files are kept. */
  assessment?: AssessmentServiceOptions
  /** The programme report (`GET /reports`): names and categories of the tenants' micro-credentials. */
  reports?: ReportServiceOptions
}

/** Options for {@link Ob3Server.listen}. */
export interface ListenOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number
  /** Default `127.0.0.1`. */
  hostname?: string
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer }
}

/** A running ob3 service. */
export interface Ob3Server {
  /** The Hono app (for `app.request()` in tests, or mounting elsewhere). */
  readonly app: Hono<ServerEnv>
  /** The public base URL (empty until known). */
  readonly url: string
  /**
   * Start listening; resolves once it does, with the public base URL (`url`), the port, and the
   * URL of the socket itself (`address`, which differs from `url` behind a proxy).
   */
  listen(options?: ListenOptions): Promise<{ url: string; port: number; address: string }>
  /** Create a tenant and its first API key (what `POST /admin/tenants` does). */
  createTenant(input: CreateTenantInput): Promise<CreatedTenant>
  /** A new API key for a tenant. */
  createApiKey(tenantId: string, label?: string): Promise<NewApiKey>
  /**
   * Shut down gracefully: stop accepting connections, answer 503 to new requests on open ones,
   * let requests in flight finish (up to `shutdownTimeoutMs`), then close the stores.
   */
  close(): Promise<void>
}

const DEFAULT_LIMITS: ServerLimits = {
  maxJsonBytes: 1024 * 1024,
  maxShareBytes: 32 * 1024 * 1024,
  defaultShareTtlSeconds: 7 * 24 * 3600,
  maxShareTtlSeconds: 90 * 24 * 3600,
  statusListMaxAgeSeconds: 300,
  accessTokenTtlSeconds: 3600,
  shareQuotaBytes: 10 * 1024 ** 3,
  shareDailyQuotaBytes: 200 * 1024 ** 2,
}
const DEFAULT_RATES = {
  verify: { perSecond: 20, burst: 60 },
  shareDownload: { perSecond: 5, burst: 30 },
  shareUpload: { perSecond: 1, burst: 10 },
  token: { perSecond: 1, burst: 20 },
} as const
/** POST endpoints that write nothing (the storage check before writes skips them). */
const READ_ONLY_POSTS = new Set(['/credentials/verify', '/presentations/verify'])
/** How often expired share bundles are dropped. */
const PURGE_EVERY_MS = 10 * 60_000
/** Rate-limit buckets untouched this long are full again and dropped. */
const BUCKET_IDLE_MS = 3600_000
/** How long a deleted or expired share keeps answering 410 (afterwards 404). */
const TOMBSTONE_MS = 30 * 24 * 3600_000

function checkBaseUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`createServer: baseUrl must be an http(s) URL, not ${JSON.stringify(value)}`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new TypeError('createServer: baseUrl must be an http(s) URL without query, fragment or credentials')
  }
  return url.href.replace(/\/+$/, '')
}

/**
 * Create the ob3 HTTP service on one database: the W3C VC-API (issue, verify, status), status
 * lists, did:web documents, share hosting and the verification page, for several tenants
 * (issuers). It opens (and migrates) the stores; `listen()` serves it over HTTP or HTTPS.
 *
 * @throws Ob3Error store errors (`ERR_OB3_STORE_UNAVAILABLE`, `ERR_OB3_STORE_FOREIGN`, …;
 *   `ERR_OB3_STORE_READ_ONLY` for a database that cannot be written, a SQLite `-wal` or `-shm`
 *   included); TypeError for bad options
 * @example
 * ```ts
 * const server = await createServer({ db: './ob3.db', adminToken })
 * const { url } = await server.listen({ port: 8080 })
 * const { apiKey } = await server.createTenant({ id: 'lakeside', name: 'Lakeside District' })
 * // … later
 * await server.close()
 * ```
 */
export async function createServer(options: CreateServerOptions): Promise<Ob3Server> {
  if (typeof options?.db !== 'string' || options.db === '') throw new TypeError('createServer: db must be a SQLite path or a postgres:// URL')
  if (options.keyEncryptionKey !== undefined && !(options.keyEncryptionKey instanceof Uint8Array && options.keyEncryptionKey.length === 32)) {
    throw new TypeError('createServer: keyEncryptionKey must be 32 bytes')
  }
  let baseUrl = options.baseUrl === undefined ? '' : checkBaseUrl(options.baseUrl)
  const now = options.now ?? (() => new Date())
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'info', base: { service: 'ob3' } }, options.logDestination ?? pino.destination(1))
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const hops = trustedHops(options.trustProxy)
  for (const key of ['shareQuotaBytes', 'shareDailyQuotaBytes'] as const) {
    if (!Number.isSafeInteger(limits[key]) || limits[key] < 1) throw new TypeError(`createServer: limits.${key} must be a whole number of bytes, at least 1`)
  }
  const schema = options.postgresSchema
  const sqlite = !isPostgresUrl(options.db)
  // A -wal or -shm SQLite cannot write is refused before SQLite maps it.
  if (sqlite) checkSqliteSidecars(options.db)

  const issuerStore: IssuerStore = !sqlite
    ? await openPostgresStore({ url: options.db, ...(schema === undefined ? {} : { schema }) })
    // Concurrent requests' writes share one transaction and one fsync (each answered once durable).
    : await openSqliteStore({ path: options.db, groupCommit: true })
  let store: ServerStore
  let storageGuard: SqliteFileGuard | undefined
  try {
    store = await openServerStore(options.db, { ...(schema === undefined ? {} : { schema }), now })
    try {
      // The service starts only on a database that takes writes.
      await store.probeWrite(now())
      if (sqlite) storageGuard = guardSqliteFile(options.db)
    } catch (err) {
      await store.close()
      throw err
    }
  } catch (err) {
    await issuerStore.close()
    throw err
  }

  const tenants = new TenantRegistry({ store, issuerStore, baseUrl: () => baseUrl, keyEncryptionKey: options.keyEncryptionKey, now })
  const cacheTtlSeconds = options.cacheTtlSeconds ?? 300
  if (typeof cacheTtlSeconds !== 'number' || !Number.isFinite(cacheTtlSeconds) || cacheTtlSeconds < 0) throw new TypeError('createServer: cacheTtlSeconds must be a number of seconds, 0 or more')
  const verifyTimeBudgetMs = options.verifyTimeBudgetMs ?? DEFAULT_TIME_BUDGET_MS
  if (typeof verifyTimeBudgetMs !== 'number' || !Number.isFinite(verifyTimeBudgetMs) || verifyTimeBudgetMs <= 0) throw new TypeError('createServer: verifyTimeBudgetMs must be a positive number of milliseconds')
  const verifyStatusIssuer = options.verifyStatusIssuer ?? 'lenient'
  if (verifyStatusIssuer !== 'lenient' && verifyStatusIssuer !== 'strict') throw new TypeError('createServer: verifyStatusIssuer must be lenient or strict')
  // Other issuers' DID documents, controller documents and status lists are kept for their HTTP
  // lifetime, at most cacheTtlSeconds; the service's own (answered in-process) are read fresh
  // at every verification, so a revocation shows at once.
  const verificationCache = createVerificationCache({ maxAgeMs: cacheTtlSeconds * 1000, now: () => now().getTime() })
  if (options.rateLimitStore !== undefined && options.rateLimitStore !== 'database' && options.rateLimitStore !== 'memory') {
    throw new TypeError('createServer: rateLimitStore must be "database" or "memory"')
  }
  const sharedLimits = (options.rateLimitStore ?? (store.kind === 'postgres' ? 'database' : 'memory')) === 'database'
  const flushEveryMs = options.rateLimitFlushMs ?? DEFAULT_FLUSH_MS
  if (typeof flushEveryMs !== 'number' || !Number.isFinite(flushEveryMs) || flushEveryMs < 0 || flushEveryMs > 60_000) {
    throw new TypeError('createServer: rateLimitFlushMs must be a number of milliseconds from 0 to 60000')
  }
  /** The shared limiters that batch: flushed and stopped at close. */
  const batching: SharedRateLimiter[] = []
  const rate = (which: keyof typeof DEFAULT_RATES) => {
    const configured = options.rateLimits?.[which]
    if (configured === false) return undefined
    const limit = configured ?? DEFAULT_RATES[which]
    if (!sharedLimits) return createRateLimiter(limit)
    // A shared limiter whose database does not answer goes on from what it knows (and says so in
    // the log): the limit protects the service, it should not take it down.
    const warn = (message: string) => (err: unknown) => logger.warn({ err: { message: (err as Error).message }, limiter: which }, message)
    if (flushEveryMs === 0) return createStrictStoreRateLimiter(store, which, limit, now, warn('rate limit not checked: the database did not answer'))
    const limiter = createStoreRateLimiter(store, which, limit, now, warn('rate limit not shared: the database did not answer; this instance limits from its own buckets'), { flushEveryMs })
    batching.push(limiter)
    return limiter
  }
  let docs: Hono<ServerEnv> | undefined
  const ctx: ServerContext = {
    baseUrl: () => baseUrl,
    issuerStore,
    store,
    tenants,
    logger,
    limits,
    now,
    verifyFetch: createLocalFetch({
      baseUrl: () => baseUrl || 'http://localhost.invalid',
      serve: (_path, request) => docs?.fetch(request) as Promise<Response> | undefined,
      fallback: options.fetch === null ? undefined : (options.fetch ?? createDnsCheckedFetch({ allowPrivate: options.allowPrivateNetwork === true })),
    }),
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    verificationCache,
    verifyTimeBudgetMs,
    verifyStatusIssuer,
    limiters: {
      ...optional('verify', rate('verify')), ...optional('shareDownload', rate('shareDownload')),
      ...optional('shareUpload', rate('shareUpload')), ...optional('token', rate('token')),
    },
    adminTokenHash: options.adminToken === undefined ? undefined : hashToken(options.adminToken),
    trustProxy: hops,
    checkStorage: () => storageGuard?.check(),
    openTenant: options.openTenant,
    messageStatus: options.messageStatus === undefined ? undefined : checkMessageStatusDefault(options.messageStatus),
  }
  if (options.openTenant !== undefined) logger.warn({ tenant: options.openTenant }, 'open tenant: requests without credentials issue and change status as this tenant (for test suites only)')
  docs = createDocumentsApp(ctx)

  const gate = createGate()
  const app = new Hono<ServerEnv>()
  app.use('*', requestMiddleware(ctx, gate))
  // Every request that may write (all but reads and the two verify endpoints) first checks that
  // the database file is still the one the service opened: a 503 beats a write that is lost.
  app.use('*', async (c, next) => {
    const { method } = c.req
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && !READ_ONLY_POSTS.has(c.req.path)) ctx.checkStorage()
    await next()
  })
  app.use('*', async (c, next) => {
    await next()
    c.header('x-content-type-options', 'nosniff')
    c.header('referrer-policy', 'no-referrer')
  })
  app.onError((err, c) => {
    const { status, body, unexpected } = describeError(err)
    const log = c.get('log') ?? logger
    if (unexpected) log.error({ err, code: body.error.code }, 'request failed')
    else log.debug({ code: body.error.code }, 'request refused')
    return c.json(body, status as 400)
  })
  const publicCors = cors({ origin: '*', allowMethods: ['GET', 'POST', 'PUT', 'DELETE'], allowHeaders: ['content-type', 'authorization', 'x-ob3-expires-at', 'x-request-id'], exposeHeaders: ['x-request-id', 'retry-after', 'location', 'x-ob3-expires-at'], maxAge: 600 })
  for (const path of ['/credentials/verify', '/presentations/verify', '/shares', '/shares/*']) app.use(path, publicCors)

  healthAndPageRoutes(app, ctx, options.pageHandler, options.walletApp)
  adminRoutes(app, ctx)
  oauthRoutes(app, ctx)
  issueRoutes(app, ctx)
  verifyRoutes(app, ctx)
  statusUpdateRoutes(app, ctx)
  const methodNotAllowed = (path: string, allow: string) => app.all(path, (c) => {
    c.header('allow', allow)
    refuse('ERR_OB3_SERVER_METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${path} (${allow})`)
  })
  // Before GET /credentials/:id, so that GET /credentials/issue is a 405, not a lookup.
  methodNotAllowed('/credentials/issue', 'POST')
  methodNotAllowed('/credentials/verify', 'POST, OPTIONS')
  methodNotAllowed('/presentations/verify', 'POST, OPTIONS')
  methodNotAllowed('/credentials/status', 'POST')
  methodNotAllowed('/health', 'GET')
  methodNotAllowed('/oauth2/token', 'POST')
  tenantRecordRoutes(app, ctx)
  assessmentRoutes(app, ctx, options.assessment)
  reportRoutes(app, ctx, options.reports)
  methodNotAllowed('/reports', 'GET')
  shareRoutes(app, ctx)
  claimRoutes(app, ctx)
  methodNotAllowed('/shares', 'PUT, OPTIONS')
  app.route('/', docs)
  app.notFound(async (c) => {
    if (options.pageHandler !== undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const page = await options.pageHandler(c.req.raw)
      if (page !== undefined) return page
    }
    return c.json({ error: { code: 'ERR_OB3_SERVER_NOT_FOUND', message: `nothing here: ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404)
  })

  const purge = async () => {
    try {
      ctx.checkStorage()
      const t = now()
      const dropped = await store.purgeShares(t, new Date(t.getTime() - TOMBSTONE_MS))
      if (dropped > 0) logger.info({ dropped }, 'expired shares dropped')
      await store.purgeTokens(t, new Date(t.getTime() - BUCKET_IDLE_MS))
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message } }, 'dropping expired shares and tokens failed')
    }
  }
  const purgeTimer = setInterval(() => void purge(), PURGE_EVERY_MS)
  purgeTimer.unref()

  const servers: ServerType[] = []
  let closing: Promise<void> | undefined
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000

  return {
    app,
    get url() {
      return baseUrl
    },
    async listen(listenOptions: ListenOptions = {}) {
      if (closing !== undefined) throw new Error('listen: the server is closed')
      const hostname = listenOptions.hostname ?? '127.0.0.1'
      const tls = listenOptions.tls
      const server = serve({
        fetch: app.fetch,
        hostname,
        port: listenOptions.port ?? 8080,
        ...(tls === undefined ? {} : { createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } }),
      })
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve)
        server.once('error', reject)
      })
      servers.push(server)
      const { port } = server.address() as AddressInfo
      const host = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname
      const address = `${tls === undefined ? 'http' : 'https'}://${host}:${port}`
      if (baseUrl === '') {
        baseUrl = address
        tenants.reset()
      }
      logger.info({ url: baseUrl, listen: `${hostname}:${port}`, tls: tls !== undefined, storage: store.kind }, 'ob3 service listening')
      void purge()
      return { url: baseUrl, port, address }
    },
    createTenant: async (input) => {
      ctx.checkStorage()
      return tenants.create(input)
    },
    createApiKey: async (tenantId, label = 'api key') => {
      ctx.checkStorage()
      return tenants.createApiKey(tenantId, label)
    },
    close() {
      closing ??= (async () => {
        gate.stopping = true
        clearInterval(purgeTimer)
        logger.info({ inFlight: gate.inFlight }, 'ob3 service shutting down')
        const closed = servers.map((s) => new Promise<void>((resolve) => {
          s.close(() => resolve())
          ;(s as { closeIdleConnections?: () => void }).closeIdleConnections?.()
        }))
        let timer: NodeJS.Timeout | undefined
        const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs) })
        const result = await Promise.race([Promise.all([gate.drained(), ...closed]).then(() => 'done' as const), timedOut])
        if (result === 'timeout') {
          logger.warn({ inFlight: gate.inFlight }, 'requests still in flight at the shutdown deadline; closing their connections')
          for (const s of servers) (s as { closeAllConnections?: () => void }).closeAllConnections?.()
        }
        clearTimeout(timer)
        // The tokens granted since the last flush reach the shared buckets before the store closes.
        await Promise.all(batching.map((l) => l.close()))
        await store.close()
        await issuerStore.close()
        logger.info('ob3 service stopped')
      })()
      return closing
    },
  }
}

/** The number of trusted proxies from the `trustProxy` option. */
function trustedHops(value: boolean | number | undefined): number {
  if (value === undefined || value === false) return 0
  if (value === true) return 1
  if (!Number.isInteger(value) || value < 0 || value > 32) throw new TypeError('createServer: trustProxy must be true, false or a whole number of proxies (0–32)')
  return value
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>)
}
