import { Hono } from 'hono'
import { fromBase64Url, isOb3Error, type Ob3ErrorCode } from '@ob3/core'
import { findMicroCredential, type Assessments, type Catalogue, type Issuer, type SubmittedEvidence } from '@ob3/issuer'

/** What the platform is built from: the provider's issuer, its assessment workflow and catalogue. */
export interface PlatformOptions {
  issuer: Issuer
  assessments: Assessments
  catalogue: Catalogue
}

const STATUS: Partial<Record<Ob3ErrorCode, 400 | 403 | 404 | 409 | 422>> = {
  ERR_OB3_SUBMISSION_NOT_FOUND: 404,
  ERR_OB3_NOT_ASSIGNED: 403,
  ERR_OB3_SUBMISSION_STATE: 409,
  ERR_OB3_AWARD_RULE_UNMET: 409,
  ERR_OB3_SUBMISSION_INVALID: 422,
  ERR_OB3_AWARD_INVALID: 422,
  ERR_OB3_STATUS_UNAVAILABLE: 404,
}

/** A submission as the platform's form posts it: artifact files base64url-encoded. */
interface SubmissionBody {
  achievementId: string
  educator: { id?: string; email?: string; name?: string }
  evidence: Omit<SubmittedEvidence, 'artifacts'> & { artifacts?: { part: string; name: string; mediaType: string; base64url: string; genre?: string }[] }
}

function evidenceOf(body: SubmissionBody['evidence']): SubmittedEvidence {
  const { artifacts, ...rest } = body
  return { ...rest, artifacts: (artifacts ?? []).map(({ base64url, ...a }) => ({ ...a, bytes: fromBase64Url(base64url) })) }
}

/**
 * The platform's HTTP API: educators submit, assessors review double-blind, the provider approves —
 * and approval awards the micro-credential through @ob3/issuer. Status lists are served for verifiers.
 */
export function createPlatform(options: PlatformOptions): Hono {
  const { issuer, assessments, catalogue } = options
  const app = new Hono()

  app.onError((err, c) => {
    if (isOb3Error(err)) return c.json({ error: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) }, STATUS[err.code] ?? 400)
    if (err instanceof SyntaxError) return c.json({ error: 'ERR_OB3_JSON_INVALID', message: 'the body is not valid JSON' }, 400)
    return c.json({ error: 'internal', message: 'something went wrong' }, 500)
  })

  app.get('/micro-credentials', (c) =>
    c.json(catalogue.categories.flatMap((cat) => cat.microCredentials.map((m) => ({ id: m.id, name: m.name, category: cat.name, creditsAvailable: m.creditsAvailable ?? null })))))

  app.post('/submissions', async (c) => {
    const body = await c.req.json<SubmissionBody>()
    if (findMicroCredential(catalogue, body.achievementId) === undefined) return c.json({ error: 'ERR_OB3_SUBMISSION_NOT_FOUND', message: 'unknown micro-credential' }, 404)
    const s = await assessments.submit({ achievementId: body.achievementId, educator: body.educator, evidence: evidenceOf(body.evidence) })
    return c.json({ id: s.id, state: s.state, attempt: s.attempt }, 201)
  })

  app.get('/submissions/:id', async (c) => c.json(await assessments.educatorView(c.req.param('id'))))

  app.post('/submissions/:id/resubmit', async (c) => {
    const body = await c.req.json<{ evidence: SubmissionBody['evidence'] }>()
    const s = await assessments.resubmit(c.req.param('id'), evidenceOf(body.evidence))
    return c.json({ id: s.id, state: s.state, attempt: s.attempt })
  })

  app.post('/submissions/:id/assign', async (c) => {
    const { assessorId } = await c.req.json<{ assessorId: string }>()
    const s = await assessments.assign(c.req.param('id'), assessorId)
    return c.json({ id: s.id, state: s.state })
  })

  app.get('/reviews/:assessorId/:id', async (c) => c.json(await assessments.assessorView(c.req.param('id'), c.req.param('assessorId'))))

  app.post('/reviews/:assessorId/:id', async (c) => {
    const scores = await c.req.json<{ levels: Record<string, string>; feedback?: { overall?: string; parts?: Record<string, string> } }>()
    const s = await assessments.score(c.req.param('id'), c.req.param('assessorId'), scores)
    return c.json({ id: s.id, state: s.state })
  })

  app.post('/submissions/:id/approve', async (c) => {
    const { record, credential, created } = await assessments.approve(c.req.param('id'))
    return c.json({ credentialId: record.id, created, credential }, created ? 201 : 200)
  })

  app.post('/submissions/:id/return', async (c) => {
    const s = await assessments.returnForRevision(c.req.param('id'))
    return c.json({ id: s.id, state: s.state })
  })

  app.post('/credentials/:id/revoke', async (c) => {
    const id = decodeURIComponent(c.req.param('id'))
    const { reason } = await c.req.json<{ reason?: string }>().catch(() => ({ reason: undefined }))
    return c.json({ revoked: await issuer.revoke(id, reason) })
  })

  app.get('/status/:group/:purpose', async (c) => {
    const purpose = c.req.param('purpose')
    if (purpose !== 'revocation' && purpose !== 'suspension') return c.json({ error: 'not-found', message: 'no such list' }, 404)
    const list = await issuer.publishStatusList(c.req.param('group'), purpose, { validForMs: 24 * 3_600_000 })
    c.header('cache-control', 'public, max-age=300')
    return c.body(JSON.stringify(list), 200, { 'content-type': 'application/vc+ld+json' })
  })

  return app
}
