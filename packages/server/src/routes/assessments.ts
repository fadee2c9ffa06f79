import type { Context, Hono } from 'hono'
import { fromBase64Url } from '@ob3/core'
import {
  Assessments, memoryArtifactStore, type ArtifactStore, type AssessmentCaller, type AssessmentRole, type MicroCredentialDefinition,
  type SubmissionState, type SubmittedEvidence,
} from '@ob3/issuer'
import { ASSESSMENT_ID, isAssessmentToken, mintAssessmentToken, readAssessmentToken } from '../lib/assessment-tokens.js'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { vcApiCredential } from '../lib/issue-for-tenant.js'
import { rateLimit } from '../lib/middleware.js'
import { readJsonObject } from '../lib/read-body.js'
import type { Tenant } from '../lib/tenants.js'
import { bearerToken } from '../lib/tokens.js'

/** Options of the assessment routes (`createServer({ assessment })`). */
export interface AssessmentServiceOptions {
  /** The micro-credentials a tenant assesses, by tenant id and achievement id. Without it every submission is refused (`ERR_OB3_SUBMISSION_NOT_FOUND`). */
  microCredentials?: (tenantId: string, achievementId: string) => MicroCredentialDefinition | undefined
  /** Where submitted files and the assessors' copies are kept. Default: in memory (lost on restart). */
  artifacts?: ArtifactStore
  /** Lifetime of a role token when the request names none, in seconds (default 12 hours). */
  defaultTokenTtlSeconds?: number
  /** Longest lifetime of a role token, in seconds (default 30 days). */
  maxTokenTtlSeconds?: number
}

const ROLES: readonly AssessmentRole[] = ['issuer', 'assessor', 'educator']
const STATES: readonly SubmissionState[] = ['submitted', 'in-review', 'scored', 'returned', 'approved', 'awarded', 'withdrawn']

/** The evidence of a request body: files base64url-encoded. */
function evidenceOf(value: unknown): SubmittedEvidence {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'evidence must be an object { answers, artifacts, reflections }')
  const { artifacts, answers, reflections } = value as Record<string, unknown>
  for (const [name, list] of [['answers', answers], ['reflections', reflections], ['artifacts', artifacts]] as const) {
    if (list !== undefined && !Array.isArray(list)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `evidence.${name} must be an array`)
  }
  const texts = (list: unknown, name: string) => (list as Record<string, unknown>[] | undefined)?.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || typeof item.part !== 'string' || typeof item.text !== 'string' || (item.question !== undefined && typeof item.question !== 'string')) {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', `evidence.${name}[${i}] needs part and text${name === 'answers' ? ' (and question, if given, as text)' : ''}`)
    }
  })
  texts(answers, 'answers')
  texts(reflections, 'reflections')
  const files = ((artifacts ?? []) as Record<string, unknown>[]).map((a, i) => {
    if (typeof a !== 'object' || a === null || typeof a.base64url !== 'string' || typeof a.name !== 'string' || typeof a.mediaType !== 'string' || typeof a.part !== 'string') {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', `evidence.artifacts[${i}] needs part, name, mediaType and base64url (the file)`)
    }
    let bytes: Uint8Array
    try {
      bytes = fromBase64Url(a.base64url)
    } catch {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', `evidence.artifacts[${i}].base64url is not base64url`)
    }
    return { part: a.part, name: a.name, mediaType: a.mediaType, bytes, ...(typeof a.genre === 'string' ? { genre: a.genre } : {}) }
  })
  const evidence: SubmittedEvidence = { artifacts: files }
  if (answers !== undefined) evidence.answers = answers as NonNullable<SubmittedEvidence['answers']>
  if (reflections !== undefined) evidence.reflections = reflections as NonNullable<SubmittedEvidence['reflections']>
  return evidence
}

/**
 * Double-blind assessment in the service, for each tenant (all under `/assessment`):
 * - `POST /assessment/tokens` `{ role, id, ttlSeconds? }` — with the tenant's API key (or an issuer
 *   token): a bearer token (`ob3r_…`) for one issuer staff member, assessor or educator;
 * - educators: `POST /assessment/submissions`, `GET /assessment/submissions` (hers),
 *   `GET /assessment/submissions/:id`, `GET /assessment/submissions/:id/audit`,
 *   `POST /assessment/submissions/:id/resubmit`;
 * - assessors: `GET /assessment/queue`, `GET /assessment/reviews/:review`,
 *   `GET /assessment/reviews/:review/artifacts/:artifact`, `POST /assessment/reviews/:review/scores`;
 * - issuer staff (and the API key): everything above but scoring, and
 *   `POST /assessment/submissions/:id/assign|return|approve`.
 * 401 `ERR_OB3_SERVER_UNAUTHORIZED` without a valid token; 403 `ERR_OB3_ASSESSMENT_FORBIDDEN` for
 * the wrong role or another educator's submission, `ERR_OB3_NOT_ASSIGNED` for a review that is not
 * the assessor's. Every change is in the tenant's audit trail.
 */
export function assessmentRoutes(app: Hono<ServerEnv>, ctx: ServerContext, options: AssessmentServiceOptions = {}): void {
  const artifacts = options.artifacts ?? memoryArtifactStore()
  if (options.artifacts === undefined && options.microCredentials !== undefined) ctx.logger.warn('assessment artifacts are kept in memory: pass assessment.artifacts to keep them across restarts')
  const defaultTtl = options.defaultTokenTtlSeconds ?? 12 * 3600
  const maxTtl = options.maxTokenTtlSeconds ?? 30 * 24 * 3600
  const flows = new WeakMap<Tenant, Assessments>()
  const flowOf = (tenant: Tenant): Assessments => {
    let flow = flows.get(tenant)
    if (flow === undefined) {
      flow = new Assessments({
        store: ctx.issuerStore,
        issuer: tenant.issuer,
        microCredentials: (id) => options.microCredentials?.(tenant.record.id, id),
        artifacts,
        now: ctx.now,
      })
      flows.set(tenant, flow)
    }
    return flow
  }

  /** The tenant and caller of the request's bearer token: a role token, or the tenant's API key (issuer staff). */
  const who = async (c: Context<ServerEnv>): Promise<{ tenant: Tenant; caller: AssessmentCaller; flow: Assessments }> => {
    const token = bearerToken(c.req.header('authorization'))
    if (token === undefined) {
      c.header('www-authenticate', 'Bearer realm="ob3-assessment"')
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'send an assessment token or the tenant\'s API key: Authorization: Bearer <token>')
    }
    if (isAssessmentToken(token)) {
      const found = await readAssessmentToken(ctx.tenants, token, ctx.now())
      if (found === undefined) {
        c.header('www-authenticate', 'Bearer realm="ob3-assessment", error="invalid_token"')
        refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'the assessment token is not valid (unknown, altered or expired)')
      }
      c.set('tenant', found.tenant)
      return { ...found, flow: flowOf(found.tenant) }
    }
    const granted = await ctx.tenants.authenticate(token)
    if (granted === undefined) {
      c.header('www-authenticate', 'Bearer realm="ob3-assessment", error="invalid_token"')
      refuse('ERR_OB3_SERVER_UNAUTHORIZED', 'the token is not valid (unknown, expired or revoked)')
    }
    if (granted.scopes !== 'all' && !granted.scopes.includes('issue:credentials')) refuse('ERR_OB3_SERVER_FORBIDDEN', 'this access token was not granted issue:credentials, which assessment needs')
    c.set('tenant', granted.tenant)
    return { tenant: granted.tenant, caller: { role: 'issuer', id: 'api-key' }, flow: flowOf(granted.tenant) }
  }

  app.post('/assessment/tokens', rateLimit(ctx, ctx.limiters.token), async (c) => {
    const { tenant, caller } = await who(c)
    if (caller.role !== 'issuer') refuse('ERR_OB3_ASSESSMENT_FORBIDDEN', 'only the issuer\'s staff (or its API key) issue assessment tokens')
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const { role, id, ttlSeconds } = body
    if (!ROLES.includes(role as AssessmentRole)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'role must be issuer, assessor or educator', { field: 'role' })
    if (typeof id !== 'string' || !ASSESSMENT_ID.test(id)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'id must be 1–200 characters without spaces (a DID, an e-mail, a staff or assessor id)', { field: 'id' })
    const ttl = ttlSeconds ?? defaultTtl
    if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 60 || ttl > maxTtl) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `ttlSeconds must be a whole number from 60 to ${maxTtl}`, { field: 'ttlSeconds' })
    const now = ctx.now()
    const expiresAt = new Date(now.getTime() + ttl * 1000)
    const token = mintAssessmentToken(tenant, { role: role as AssessmentRole, id }, expiresAt)
    await ctx.issuerStore.appendAudit({
      issuerId: tenant.issuer.id, subject: `assessment-token:${role as string}`, action: 'token-issued', actor: `${caller.role}:${caller.id}`,
      at: now.toISOString(), detail: { role, id, expiresAt: expiresAt.toISOString() },
    })
    c.get('log').info({ tenant: tenant.record.id, role }, 'assessment token issued')
    c.header('cache-control', 'no-store')
    return c.json({ token, role, id, expiresAt: expiresAt.toISOString() }, 201)
  })

  app.post('/assessment/submissions', rateLimit(ctx, ctx.limiters.shareUpload), async (c) => {
    const { caller, flow } = await who(c)
    const body = await readJsonObject(c.req.raw, ctx.limits.maxShareBytes)
    if (typeof body.achievementId !== 'string') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'achievementId is required', { field: 'achievementId' })
    const educator = body.educator
    if (educator !== undefined && (typeof educator !== 'object' || educator === null || Array.isArray(educator))) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'educator must be an object { id?, email?, name?, school? }', { field: 'educator' })
    const result = await flow.submit(caller, {
      achievementId: body.achievementId,
      ...(educator === undefined ? {} : { educator: educator as { id?: string; email?: string; name?: string; school?: string } }),
      evidence: evidenceOf(body.evidence),
    })
    return c.json(result, 201)
  })

  app.get('/assessment/submissions', async (c) => {
    const { caller, flow } = await who(c)
    if (caller.role !== 'issuer') return c.json({ submissions: await flow.educatorSubmissions(caller) })
    const state = c.req.query('state')
    if (state !== undefined && !STATES.includes(state as SubmissionState)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `state must be one of ${STATES.join(', ')}`)
    return c.json({ submissions: await flow.listSubmissions(caller, state === undefined ? {} : { state: state as SubmissionState }) })
  })

  app.get('/assessment/submissions/:id', async (c) => {
    const { caller, flow } = await who(c)
    const id = c.req.param('id')
    return c.json(caller.role === 'issuer' ? { submission: await flow.getSubmission(caller, id) } : await flow.educatorView(caller, id))
  })

  app.get('/assessment/submissions/:id/audit', async (c) => {
    const { caller, flow } = await who(c)
    return c.json({ events: await flow.audit(caller, c.req.param('id')) })
  })

  app.post('/assessment/submissions/:id/resubmit', rateLimit(ctx, ctx.limiters.shareUpload), async (c) => {
    const { caller, flow } = await who(c)
    const body = await readJsonObject(c.req.raw, ctx.limits.maxShareBytes)
    return c.json(await flow.resubmit(caller, c.req.param('id'), evidenceOf(body.evidence)))
  })

  app.post('/assessment/submissions/:id/assign', async (c) => {
    const { caller, flow } = await who(c)
    const { assessorId } = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    if (typeof assessorId !== 'string') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'assessorId is required', { field: 'assessorId' })
    const s = await flow.assign(caller, c.req.param('id'), assessorId)
    return c.json({ submissionId: s.id, state: s.state, attempt: s.attempt })
  })

  app.post('/assessment/submissions/:id/return', async (c) => {
    const { caller, flow } = await who(c)
    const { note } = c.req.header('content-type') === undefined ? {} : await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    if (note !== undefined && typeof note !== 'string') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'note must be text', { field: 'note' })
    const s = await flow.returnForRevision(caller, c.req.param('id'), note)
    return c.json({ submissionId: s.id, state: s.state, attempt: s.attempt })
  })

  app.post('/assessment/submissions/:id/approve', async (c) => {
    const { caller, flow } = await who(c)
    const { validUntil } = c.req.header('content-type') === undefined ? {} : await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    if (validUntil !== undefined && typeof validUntil !== 'string') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'validUntil must be a date-time', { field: 'validUntil' })
    const { record, created } = await flow.approve(caller, c.req.param('id'), validUntil === undefined ? {} : { validUntil })
    return c.json({ credentialId: record.id, created, verifiableCredential: vcApiCredential(record) }, created ? 201 : 200)
  })

  app.get('/assessment/queue', async (c) => {
    const { caller, flow } = await who(c)
    return c.json({ reviews: await flow.assessorQueue(caller) })
  })

  app.get('/assessment/reviews/:review', async (c) => {
    const { caller, flow } = await who(c)
    return c.json(await flow.assessorView(caller, c.req.param('review')))
  })

  app.get('/assessment/reviews/:review/artifacts/:artifact', async (c) => {
    const { caller, flow } = await who(c)
    const file = await flow.openArtifact(caller, c.req.param('review'), c.req.param('artifact'))
    // A download, never a page of the service: whatever the educator sent, it runs nowhere.
    return c.body(file.bytes.slice().buffer, 200, {
      'content-type': /^[\w.+-]+\/[\w.+-]+$/.test(file.mediaType) ? file.mediaType : 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.name}"`,
      'content-security-policy': 'sandbox',
      'cache-control': 'no-store',
      'x-ob3-metadata': file.metadata,
    })
  })

  app.post('/assessment/reviews/:review/scores', async (c) => {
    const { caller, flow } = await who(c)
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    if (typeof body.levels !== 'object' || body.levels === null || Array.isArray(body.levels)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'levels must be an object { rubric part: level }', { field: 'levels' })
    if (body.feedback !== undefined && (typeof body.feedback !== 'object' || body.feedback === null)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'feedback must be an object { overall?, parts? }', { field: 'feedback' })
    const scores = { levels: body.levels as Record<string, string>, ...(body.feedback === undefined ? {} : { feedback: body.feedback as { overall?: string; parts?: Record<string, string> } }) }
    return c.json(await flow.score(caller, c.req.param('review'), scores))
  })
}
