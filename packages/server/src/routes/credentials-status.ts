import type { Hono } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { requireTenant } from '../lib/middleware.js'
import { readJsonObject, unreadIncoming } from '../lib/read-body.js'

/**
 * `POST /credentials/status` (VC-API): `{ credentialId, credentialStatus: { type, statusPurpose },
 * status? }` → 200 `{ credentialId, status: { revoked, suspended, value? } }` (`status` defaults
 * to true). `statusPurpose` `revocation` with `status: true` revokes (for good); `suspension`
 * suspends (`true`) or reinstates (`false`), for tenants whose credentials carry a suspension
 * entry; `message` sets the value of the credential's multi-bit message entry: `status` is a
 * whole number from 0 to 2^statusSize − 1 or its `statusMessage` form (`"0x2"`); a value outside
 * the entry's range is 400 `ERR_OB3_STATUS_INVALID`, a credential without a message entry 400
 * `ERR_OB3_STATUS_UNSUPPORTED`. Only the tenant's own credentials: any other id is 404.
 */
export function statusUpdateRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.post('/credentials/status', requireTenant(ctx, 'update:credentials'), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes, unreadIncoming(c.env))
    const { credentialId, credentialStatus, status } = body
    if (typeof credentialId !== 'string' || credentialId === '') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'credentialId must be a non-empty string')
    if (typeof credentialStatus !== 'object' || credentialStatus === null || Array.isArray(credentialStatus)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'credentialStatus must be an object with type and statusPurpose')
    const { type, statusPurpose } = credentialStatus as Record<string, unknown>
    if (typeof type !== 'string' || type === '') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'credentialStatus.type is required')
    if (statusPurpose !== 'revocation' && statusPurpose !== 'suspension' && statusPurpose !== 'message') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'credentialStatus.statusPurpose must be revocation, suspension or message')
    if (statusPurpose === 'message') {
      const wanted = typeof status === 'string' && /^0x[0-9a-fA-F]{1,2}$/.test(status) ? Number.parseInt(status.slice(2), 16) : status
      if (typeof wanted !== 'number' || !Number.isInteger(wanted) || wanted < 0) {
        refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'status of a message entry must be its value: a whole number from 0 (or its statusMessage form, e.g. "0x2")')
      }
      const tenant = c.get('tenant')
      const before = await tenant.issuer.statusOf(credentialId)
      if (before === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', `this tenant has issued no credential ${credentialId}`)
      if (!(await tenant.issuer.setStatusValue(credentialId, wanted))) refuse('ERR_OB3_STATUS_UNSUPPORTED', `${credentialId} carries no status entry of this service`)
      const after = await tenant.issuer.statusOf(credentialId)
      c.get('log').info({ tenant: tenant.record.id, purpose: statusPurpose, value: wanted }, 'credential status changed')
      return c.json({ credentialId, status: after ?? before })
    }
    // Without `status`, the purpose is set (revoked or suspended), as earlier VC-API drafts had it.
    const value = status ?? true
    if (typeof value !== 'boolean') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'status must be true or false')
    const tenant = c.get('tenant')
    const before = await tenant.issuer.statusOf(credentialId)
    if (before === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', `this tenant has issued no credential ${credentialId}`)
    if (statusPurpose === 'revocation') {
      if (!value && before.revoked) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'a revocation cannot be undone (suspend instead of revoking when it may be lifted)')
      if (value && !(await tenant.issuer.revoke(credentialId))) refuse('ERR_OB3_STATUS_UNSUPPORTED', `${credentialId} carries no status entry of this service, so it cannot be revoked`)
    } else {
      if (!tenant.record.suspension) refuse('ERR_OB3_STATUS_UNSUPPORTED', 'this tenant\'s credentials carry no suspension entry')
      const changed = value ? await tenant.issuer.suspend(credentialId) : await tenant.issuer.unsuspend(credentialId)
      if (!changed) refuse('ERR_OB3_STATUS_UNSUPPORTED', `${credentialId} carries no status entry of this service`)
    }
    const after = await tenant.issuer.statusOf(credentialId)
    c.get('log').info({ tenant: tenant.record.id, purpose: statusPurpose, status: value }, 'credential status changed')
    return c.json({ credentialId, status: after ?? before })
  })
}
