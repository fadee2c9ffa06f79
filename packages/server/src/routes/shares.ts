import type { Context, Hono } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { clientAddress, rateLimit } from '../lib/middleware.js'
import { readBytes } from '../lib/read-body.js'
import { bearerToken, hashToken, newId, newToken } from '../lib/tokens.js'
import type { ShareQuota } from '../store/types.js'

const SHARE_ID = /^[A-Za-z0-9_-]{22}$/

/**
 * Share hosting — encrypted bundles the service cannot read (the key stays in the link's fragment):
 * - `PUT /shares` (body: the bundle, `application/octet-stream`; lifetime from `?ttl=<seconds>`
 *   or the wallet's `X-Ob3-Expires-At`, capped) → 201 `{ url, deleteToken, expiresAt }`;
 * - `GET /shares/:id` → the bytes until the share expires or is deleted (then 410);
 * - `DELETE /shares/:id` with `Authorization: Bearer <deleteToken>` → 204.
 * Uploads and downloads are rate-limited per client. Uploads are held to two quotas: the bytes of
 * all live shares (507 `ERR_OB3_SHARE_QUOTA_EXCEEDED` beyond it) and the bytes one client address
 * uploads per UTC day (429 `ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED`, with `Retry-After` until
 * midnight UTC). A refused upload stores nothing.
 */
export function shareRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.put('/shares', rateLimit(ctx, ctx.limiters.shareUpload), async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/octet-stream') refuse('ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE', 'send the encrypted bundle as application/octet-stream')
    const now = ctx.now()
    const ttl = lifetime(c.req.query('ttl'), c.req.header('x-ob3-expires-at'), now, ctx.limits.defaultShareTtlSeconds, ctx.limits.maxShareTtlSeconds)
    const quota: ShareQuota = {
      totalBytes: ctx.limits.shareQuotaBytes,
      clientBytesPerDay: ctx.limits.shareDailyQuotaBytes,
      // A digest, so that the database keeps no client addresses (the rows last a day).
      client: hashToken(`share-client:${clientAddress(c, ctx.trustProxy)}`),
    }
    // A declared size that cannot fit is refused before the body is read.
    const declared = Number(c.req.header('content-length') ?? NaN)
    if (Number.isInteger(declared) && declared > 0 && declared <= ctx.limits.maxShareBytes) {
      const usage = await ctx.store.shareUsage(quota.client, now)
      if (usage.totalBytes + declared > quota.totalBytes) overQuota(c, 'total', quota.totalBytes, now)
      if (usage.clientBytesToday + declared > quota.clientBytesPerDay) overQuota(c, 'client', quota.clientBytesPerDay, now)
    }
    const bytes = await readBytes(c.req.raw, ctx.limits.maxShareBytes)
    if (bytes.length === 0) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the bundle is empty')
    const id = newId()
    const deleteToken = newToken('ob3d')
    const expiresAt = new Date(now.getTime() + ttl * 1000).toISOString()
    const put = await ctx.store.putShare({ id, deleteTokenHash: hashToken(deleteToken), size: bytes.length, createdAt: now.toISOString(), expiresAt }, bytes, quota)
    if (!put.stored) {
      c.get('log').warn({ over: put.over, size: bytes.length, limit: put.limit }, 'share refused: over quota')
      overQuota(c, put.over, put.limit, now)
    }
    const url = `${ctx.baseUrl()}/shares/${id}`
    c.get('log').info({ share: id, size: bytes.length, expiresAt }, 'share stored')
    c.header('location', url)
    c.header('cache-control', 'no-store')
    return c.json({ url, deleteToken, expiresAt }, 201)
  })

  app.get('/shares/:id', rateLimit(ctx, ctx.limiters.shareDownload), async (c) => {
    const id = c.req.param('id')
    c.header('access-control-allow-origin', '*')
    if (!SHARE_ID.test(id)) refuse('ERR_OB3_SHARE_NOT_FOUND', 'there is no such share')
    const found = await ctx.store.getShare(id, ctx.now())
    if (found.state === 'missing') refuse('ERR_OB3_SHARE_NOT_FOUND', 'there is no such share')
    if (found.state === 'gone') refuse('ERR_OB3_SHARE_GONE', 'the share has expired or was deleted by its holder')
    return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'no-store',
      'x-ob3-expires-at': found.expiresAt,
    })
  })

  app.delete('/shares/:id', async (c) => {
    const id = c.req.param('id')
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined) {
      c.header('www-authenticate', 'Bearer realm="ob3-share"')
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'send the share\'s delete token: Authorization: Bearer <deleteToken>')
    }
    if (!SHARE_ID.test(id)) refuse('ERR_OB3_SHARE_NOT_FOUND', 'there is no such share')
    const outcome = await ctx.store.deleteShare(id, hashToken(token), ctx.now())
    if (outcome === 'missing') refuse('ERR_OB3_SHARE_NOT_FOUND', 'there is no such share')
    if (outcome === 'forbidden') refuse('ERR_OB3_SERVER_FORBIDDEN', 'this is not the share\'s delete token')
    if (outcome === 'gone') refuse('ERR_OB3_SHARE_GONE', 'the share has expired or was deleted already')
    c.get('log').info({ share: id }, 'share deleted')
    return c.body(null, 204)
  })
}

/** A share's lifetime in seconds: `?ttl=`, else the wallet's expiry header, else the default; never over the cap. */
function lifetime(ttl: string | undefined, expiresAt: string | undefined, now: Date, fallback: number, cap: number): number {
  let seconds = fallback
  if (ttl !== undefined) {
    if (!/^\d{1,10}$/.test(ttl) || Number(ttl) < 1) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'ttl must be a whole number of seconds, at least 1')
    seconds = Number(ttl)
  } else if (expiresAt !== undefined) {
    const at = Date.parse(expiresAt)
    if (Number.isNaN(at) || !/^\d{4}-\d\d-\d\dT/.test(expiresAt)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'X-Ob3-Expires-At must be an ISO 8601 date-time')
    if (at <= now.getTime()) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'X-Ob3-Expires-At is in the past')
    seconds = Math.ceil((at - now.getTime()) / 1000)
  }
  return Math.min(seconds, cap)
}

/** Refuse an upload over a quota: 507 for the service's total, 429 until midnight UTC for a client's day. */
function overQuota(c: Context<ServerEnv>, over: 'total' | 'client', limit: number, now: Date): never {
  if (over === 'total') {
    refuse('ERR_OB3_SHARE_QUOTA_EXCEEDED', `the service's share storage is full (${limit} bytes of live shares); try again once older shares expire`, { limit })
  }
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)
  const retryAfter = Math.max(1, Math.ceil((midnight - now.getTime()) / 1000))
  c.header('retry-after', String(retryAfter))
  refuse('ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED', `this client has uploaded its ${limit} bytes of shares for today (UTC); retry in ${retryAfter} s`, { limit, retryAfter })
}
