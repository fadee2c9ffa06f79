import type { Hono } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { vcApiCredential } from '../lib/issue-for-tenant.js'
import { requireTenant } from '../lib/middleware.js'

/**
 * What a tenant may read of its own records, with its API key: `GET /tenant` (its profile),
 * `GET /credentials?limit=&offset=` (its issued credentials, newest first) and
 * `GET /credentials/<id, URL-encoded>` (one of them, with its status). Another tenant's
 * credential is 404, exactly like one that does not exist.
 */
export function tenantRecordRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.get('/tenant', requireTenant(ctx, 'read:credentials'), (c) => c.json({ tenant: ctx.tenants.info(c.get('tenant')) }))

  app.get('/credentials', requireTenant(ctx, 'read:credentials'), async (c) => {
    const limit = Number(c.req.query('limit') ?? 50)
    const offset = Number(c.req.query('offset') ?? 0)
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'limit must be 1–500')
    if (!Number.isSafeInteger(offset) || offset < 0) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'offset must be 0 or more')
    const tenant = c.get('tenant')
    const issuerId = tenant.record.issuerId
    const [records, total] = await Promise.all([ctx.issuerStore.listCredentials(issuerId, { limit, offset }), ctx.issuerStore.countCredentials(issuerId)])
    return c.json({
      total,
      credentials: records.map((r) => ({ id: r.id, format: r.format, issuedAt: r.issuedAt, ...(r.statusIndex === undefined ? {} : { statusListGroup: r.statusListGroup, statusIndex: r.statusIndex }) })),
    })
  })

  app.get('/credentials/:id', requireTenant(ctx, 'read:credentials'), async (c) => {
    const id = c.req.param('id')
    const tenant = c.get('tenant')
    const record = await ctx.issuerStore.getCredential(tenant.record.issuerId, id)
    if (record === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', `this tenant has issued no credential ${id}`)
    return c.json({ verifiableCredential: vcApiCredential(record), status: await tenant.issuer.statusOf(id), issuedAt: record.issuedAt })
  })
}
