import type { Hono } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { requireAdmin } from '../lib/middleware.js'
import { readJsonObject } from '../lib/read-body.js'
import type { CreateTenantInput } from '../lib/tenants.js'

/**
 * The admin API, with the admin token (`Authorization: Bearer <admin token>`):
 * - `POST /admin/tenants` `{ id, name, did?: "key"|"web"|"web-host", suspension?, key? }` → 201
 *   `{ tenant, apiKey: { id, token } }` (the token is shown this once);
 * - `GET /admin/tenants` → `{ tenants }`;
 * - `POST /admin/tenants/:id/api-keys` `{ label? }` → 201 `{ apiKey }`;
 * - `GET /admin/tenants/:id/api-keys` → `{ apiKeys }` (handles and labels, never tokens);
 * - `DELETE /admin/tenants/:id/api-keys/:keyId` → 204.
 */
export function adminRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.use('/admin/*', requireAdmin(ctx))

  app.post('/admin/tenants', async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const created = await ctx.tenants.create(body as unknown as CreateTenantInput)
    c.get('log').info({ tenant: created.tenant.id, did: created.tenant.did }, 'tenant created')
    return c.json(created, 201)
  })

  app.get('/admin/tenants', async (c) => {
    const records = await ctx.store.listTenants()
    const tenants = []
    for (const r of records) {
      const t = await ctx.tenants.get(r.id)
      if (t !== undefined) tenants.push(ctx.tenants.info(t))
    }
    return c.json({ tenants })
  })

  app.post('/admin/tenants/:id/api-keys', async (c) => {
    const body = c.req.header('content-length') === '0' || c.req.raw.body === null ? {} : await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const label = body.label ?? 'api key'
    if (typeof label !== 'string') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'label must be a string')
    const apiKey = await ctx.tenants.createApiKey(c.req.param('id'), label)
    c.get('log').info({ tenant: c.req.param('id'), apiKey: apiKey.id }, 'API key created')
    return c.json({ apiKey }, 201)
  })

  app.get('/admin/tenants/:id/api-keys', async (c) => {
    if ((await ctx.store.getTenant(c.req.param('id'))) === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', `there is no tenant ${c.req.param('id')}`)
    const keys = await ctx.store.listApiKeys(c.req.param('id'))
    return c.json({ apiKeys: keys.map(({ tokenHash: _hash, ...k }) => k) })
  })

  app.delete('/admin/tenants/:id/api-keys/:keyId', async (c) => {
    const revoked = await ctx.store.revokeApiKey(c.req.param('id'), c.req.param('keyId'), ctx.now().toISOString())
    if (!revoked) refuse('ERR_OB3_SERVER_NOT_FOUND', 'this tenant has no such API key (or it was revoked already)')
    c.get('log').info({ tenant: c.req.param('id'), apiKey: c.req.param('keyId') }, 'API key revoked')
    return c.body(null, 204)
  })
}
