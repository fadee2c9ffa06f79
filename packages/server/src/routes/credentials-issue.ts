import type { Hono } from 'hono'
import type { ProofFormat } from '@ob3/core'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { issueForTenant, vcApiCredential } from '../lib/issue-for-tenant.js'
import { requireTenant } from '../lib/middleware.js'
import { readJsonObject } from '../lib/read-body.js'
import { credentialShapeProblems, isUrl } from '../lib/vc-shape.js'

const FORMATS: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt']

/**
 * `POST /credentials/issue` (VC-API): `{ credential, options? }` → 201 `{ verifiableCredential,
 * warnings? }`, signed with the tenant's key. `credential.issuer` is required; the signed
 * credential names the tenant's issuer id (another id is replaced, with a warning
 * `ERR_OB3_SERVER_ISSUER_REPLACED`). The same request sent again answers the first credential
 * (header `X-Ob3-Replayed: true`); another credential under a used id is a 409. Every credential
 * gets a status entry in the tenant's lists (unless it brings its own `credentialStatus`). `options.format` (an ob3 extension) picks
 * `eddsa-rdfc-2022` (default), `Ed25519Signature2020` or `vc-jwt` (answered as an
 * EnvelopedVerifiableCredential).
 */
export function issueRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.post('/credentials/issue', requireTenant(ctx, 'issue:credentials'), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const { credential, options } = body
    if (credential === undefined) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body needs a credential')
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options must be an object')
    const opts = (options ?? {}) as Record<string, unknown>
    const format = (opts.format ?? 'eddsa-rdfc-2022') as ProofFormat
    if (!FORMATS.includes(format)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.format must be one of ${FORMATS.join(', ')}`)
    const credentialId = opts.credentialId
    if (credentialId !== undefined && !isUrl(credentialId)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialId must be a URL')
    const problems = credentialShapeProblems(credential, { purpose: 'issue', at: '/credential' })
    if (problems.length > 0) {
      refuse('ERR_OB3_SERVER_CREDENTIAL_MALFORMED', `the credential is malformed: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems })
    }
    const vc = credential as Record<string, unknown>
    if (credentialId !== undefined && vc.id !== undefined && vc.id !== credentialId) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialId and credential.id differ')
    const issued = await issueForTenant({
      tenant: c.get('tenant'),
      store: ctx.issuerStore,
      credential: vc,
      format,
      now: ctx.now(),
      ...(credentialId === undefined ? {} : { credentialId: credentialId as string }),
    })
    const verifiableCredential = vcApiCredential(issued.record)
    if (issued.replayed) c.header('x-ob3-replayed', 'true')
    return c.json({ verifiableCredential, ...(issued.warnings.length === 0 ? {} : { warnings: issued.warnings }) }, 201)
  })
}
