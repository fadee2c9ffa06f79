/**
 * Internal: the middleware of the service — request ids and the access log, the shutdown gate,
 * API-key and admin authentication, per-client rate limits.
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { Ob3Error } from '@ob3/core'
import type { ServerContext, ServerEnv } from './context.js'
import { describeError, refuse } from './errors.js'
import { sameDigest } from '../store/rows.js'
import type { RateLimiter } from './rate-limit.js'
import { bearerToken, hashToken } from './tokens.js'

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * The client's address. Without trusted proxies (`trustedHops` 0) it is the socket's. Behind
 * `trustedHops` proxies, each of which appends the address it was reached from to
 * `X-Forwarded-For`, the last `trustedHops` entries were written by them, and the client is the
 * entry `trustedHops` places from the right: the rightmost one no trusted proxy added. Entries to
 * its left were written by the client and are never used. A header with fewer entries (fewer
 * proxies than configured) gives its leftmost; an entry that is not an IP address gives the
 * socket's address.
 */
export function clientAddress(c: Context, trustedHops: number): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  const socket = incoming?.socket?.remoteAddress ?? 'in-process'
  if (trustedHops <= 0) return socket
  const header = c.req.header('x-forwarded-for')
  if (header === undefined) return socket
  const entries = header.split(',').map((e) => e.trim()).filter((e) => e !== '')
  if (entries.length === 0) return socket
  const chosen = entries[Math.max(0, entries.length - trustedHops)] as string
  return isIP(chosen) === 0 ? socket : chosen
}

/** In-flight request bookkeeping for graceful shutdown. */
export interface Gate {
  stopping: boolean
  inFlight: number
  /** Resolves when no request is in flight. */
  drained(): Promise<void>
}

/** A gate that counts requests in flight. */
export function createGate(): Gate & { enter(): void; leave(): void } {
  let waiters: (() => void)[] = []
  const gate = {
    stopping: false,
    inFlight: 0,
    enter() { gate.inFlight++ },
    leave() {
      gate.inFlight--
      if (gate.inFlight === 0) {
        const w = waiters
        waiters = []
        for (const f of w) f()
      }
    },
    drained() {
      return gate.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))
    },
  }
  return gate
}

/**
 * The first middleware: a request id (the caller's `X-Request-Id` when it is a plain token, else
 * a new one), the shutdown gate (503 once stopping, and `Connection: close` so keep-alive
 * sockets end), and one access-log line per request — method, path, status, time, tenant; never
 * a body, a query string or a header value.
 */
export function requestMiddleware(ctx: ServerContext, gate: ReturnType<typeof createGate>): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const incomingId = c.req.header('x-request-id')
    const requestId = incomingId !== undefined && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID()
    const log = ctx.logger.child({ reqId: requestId })
    c.set('requestId', requestId)
    c.set('log', log)
    const started = performance.now()
    if (gate.stopping) {
      const { status, body } = describeError(new Ob3Error('ERR_OB3_SERVER_SHUTTING_DOWN', 'the service is shutting down; retry in a moment'))
      c.header('connection', 'close')
      c.header('retry-after', '1')
      c.header('x-request-id', requestId)
      return c.json(body, status as 503)
    }
    gate.enter()
    try {
      await next()
    } finally {
      gate.leave()
      c.header('x-request-id', requestId)
      if (gate.stopping) c.header('connection', 'close')
      const tenant = c.get('tenant')
      // The line is made only when it is written (no work per request at a quieter level).
      if (log.isLevelEnabled('info')) log.info({
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(tenant === undefined ? {} : { tenant: tenant.record.id }),
      }, 'request')
    }
  }
}

/** What a tenant's credential may do. API keys may do all; access tokens what they were granted. */
export type Scope = 'issue:credentials' | 'update:credentials' | 'read:credentials'

/**
 * Require a tenant's credential — an API key (`Authorization: Bearer ob3k_…`) or an OAuth2
 * access token granted to one (`Bearer ob3t_…`) that carries `scope` — and set `tenant`. With an
 * open tenant configured, a request with no Authorization header issues and changes status as
 * that tenant (never reads records).
 */
export function requireTenant(ctx: ServerContext, scope: Scope): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined && ctx.openTenant !== undefined && scope !== 'read:credentials' && c.req.header('authorization') === undefined) {
      const open = await ctx.tenants.get(ctx.openTenant)
      if (open !== undefined) {
        c.set('tenant', open)
        return next()
      }
    }
    if (token === undefined) {
      c.header('www-authenticate', `Bearer realm="ob3", scope="${scope}"`)
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'send a tenant API key or access token: Authorization: Bearer <key or token>')
    }
    const granted = await ctx.tenants.authenticate(token)
    if (granted === undefined) {
      c.header('www-authenticate', 'Bearer realm="ob3", error="invalid_token"')
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'the API key or access token is not valid (unknown, expired or revoked)')
    }
    if (granted.scopes !== 'all' && !granted.scopes.includes(scope)) {
      c.header('www-authenticate', `Bearer realm="ob3", error="insufficient_scope", scope="${scope}"`)
      refuse('ERR_OB3_SERVER_FORBIDDEN', `this access token was not granted the scope ${scope}`, { scope })
    }
    c.set('tenant', granted.tenant)
    await next()
  }
}

/** Require the admin token. Without one configured, the admin API is off. */
export function requireAdmin(ctx: ServerContext): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (ctx.adminTokenHash === undefined) refuse('ERR_OB3_SERVER_FORBIDDEN', 'the admin API is off: start the service with an admin token (ob3 serve --admin-token-file <file>)')
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined || !sameDigest(hashToken(token), ctx.adminTokenHash)) {
      c.header('www-authenticate', 'Bearer realm="ob3-admin"')
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'send the admin token: Authorization: Bearer <admin token>')
    }
    await next()
  }
}

/** A per-client rate limit: 429 with `Retry-After` when the client's bucket is empty. */
export function rateLimit(ctx: ServerContext, limiter: RateLimiter | undefined): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (limiter !== undefined) {
      const wait = await limiter.take(clientAddress(c, ctx.trustProxy))
      if (wait > 0) {
        c.header('retry-after', String(wait))
        refuse('ERR_OB3_SERVER_RATE_LIMITED', `too many requests from this client; retry in ${wait} s`, { retryAfter: wait })
      }
    }
    await next()
  }
}
