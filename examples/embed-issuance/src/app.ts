import { randomBytes } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { Ob3Error, fromBase64Url, isOb3Error, type Ob3ErrorCode } from '@ob3/core'
import { findMicroCredential, type AssessmentCaller, type AssessmentRole, type Assessments, type Catalogue, type Issuer, type SubmittedEvidence } from '@ob3/issuer'

/** Who holds which bearer token. The platform's own sign-in would fill this; the example keeps it in memory. */
export interface PlatformSessions {
  /** The caller a token belongs to, or undefined. */
  resolve(token: string): AssessmentCaller | undefined
  /** A new token for a caller. */
  open(caller: AssessmentCaller): string
}

/** In-memory sessions: random tokens, each naming one caller. */
export function memorySessions(): PlatformSessions {
  const tokens = new Map<string, AssessmentCaller>()
  return {
    resolve: (token) => tokens.get(token),
    open(caller) {
      const token = randomBytes(24).toString('base64url')
      tokens.set(token, { role: caller.role, id: caller.id })
      return token
    },
  }
}

/** What the platform is built from: the provider's issuer, its assessment workflow and catalogue, and who is signed in. */
export interface PlatformOptions {
  issuer: Issuer
  assessments: Assessments
  catalogue: Catalogue
  sessions: PlatformSessions
}

const STATUS: Partial<Record<Ob3ErrorCode, 400 | 401 | 403 | 404 | 409 | 422>> = {
  ERR_OB3_SERVER_UNAUTHORIZED: 401,
  ERR_OB3_ASSESSMENT_FORBIDDEN: 403,
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
  educator?: { id?: string; email?: string; name?: string; school?: string }
  evidence: Omit<SubmittedEvidence, 'artifacts'> & { artifacts?: { part: string; name: string; mediaType: string; base64url: string; genre?: string }[] }
}

function evidenceOf(body: SubmissionBody['evidence']): SubmittedEvidence {
  const { artifacts, ...rest } = body
  return { ...rest, artifacts: (artifacts ?? []).map(({ base64url, ...a }) => ({ ...a, bytes: fromBase64Url(base64url) })) }
}

/**
 * The platform's HTTP API: educators submit, assessors review double-blind, the provider approves —
 * and approval awards the micro-credential through @ob3/issuer. Every route but the catalogue and
 * the status lists needs `Authorization: Bearer <token>`; what the caller may do is decided by the
 * role her token names (401 without a token, 403 with the wrong role).
 */
export function createPlatform(options: PlatformOptions): Hono {
  const { issuer, assessments, catalogue, sessions } = options
  const app = new Hono()
  const caller = (c: Context, ...roles: AssessmentRole[]): AssessmentCaller => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const who = token === undefined ? undefined : sessions.resolve(token)
    if (who === undefined) throw new Ob3Error('ERR_OB3_SERVER_UNAUTHORIZED', 'sign in: send Authorization: Bearer <token>')
    if (roles.length > 0 && !roles.includes(who.role)) throw new Ob3Error('ERR_OB3_ASSESSMENT_FORBIDDEN', `this is for ${roles.join(' or ')}s`)
    return who
  }

  app.onError((err, c) => {
    if (isOb3Error(err)) return c.json({ error: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) }, STATUS[err.code] ?? 400)
    if (err instanceof SyntaxError) return c.json({ error: 'ERR_OB3_JSON_INVALID', message: 'the body is not valid JSON' }, 400)
    return c.json({ error: 'internal', message: 'something went wrong' }, 500)
  })

  app.get('/micro-credentials', (c) =>
    c.json(catalogue.categories.flatMap((cat) => cat.microCredentials.map((m) => ({ id: m.id, name: m.name, category: cat.name, creditsAvailable: m.creditsAvailable ?? null })))))

  // Provider staff sign people in: a token for an educator or an assessor.
  app.post('/sessions', async (c) => {
    caller(c, 'issuer')
    const { role, id } = await c.req.json<{ role: AssessmentRole; id: string }>()
    if (!['issuer', 'assessor', 'educator'].includes(role) || typeof id !== 'string' || id === '') throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'a session needs a role (issuer, assessor, educator) and an id')
    return c.json({ token: sessions.open({ role, id }), role, id }, 201)
  })

  app.post('/submissions', async (c) => {
    const who = caller(c, 'educator', 'issuer')
    const body = await c.req.json<SubmissionBody>()
    if (findMicroCredential(catalogue, body.achievementId) === undefined) return c.json({ error: 'ERR_OB3_SUBMISSION_NOT_FOUND', message: 'unknown micro-credential' }, 404)
    const s = await assessments.submit(who, { achievementId: body.achievementId, ...(body.educator === undefined ? {} : { educator: body.educator }), evidence: evidenceOf(body.evidence) })
    return c.json(s, 201)
  })

  app.get('/submissions', async (c) => c.json(await assessments.educatorSubmissions(caller(c, 'educator'))))
  app.get('/submissions/:id', async (c) => c.json(await assessments.educatorView(caller(c, 'educator', 'issuer'), c.req.param('id'))))
  app.get('/submissions/:id/audit', async (c) => c.json(await assessments.audit(caller(c, 'educator', 'issuer'), c.req.param('id'))))

  app.post('/submissions/:id/resubmit', async (c) => {
    const who = caller(c, 'educator', 'issuer')
    const body = await c.req.json<{ evidence: SubmissionBody['evidence'] }>()
    return c.json(await assessments.resubmit(who, c.req.param('id'), evidenceOf(body.evidence)))
  })

  app.post('/submissions/:id/assign', async (c) => {
    const who = caller(c, 'issuer')
    const { assessorId } = await c.req.json<{ assessorId: string }>()
    const s = await assessments.assign(who, c.req.param('id'), assessorId)
    return c.json({ id: s.id, state: s.state })
  })

  app.get('/reviews', async (c) => c.json(await assessments.assessorQueue(caller(c, 'assessor'))))
  app.get('/reviews/:review', async (c) => c.json(await assessments.assessorView(caller(c, 'assessor', 'issuer'), c.req.param('review'))))
  app.get('/reviews/:review/artifacts/:artifact', async (c) => {
    const file = await assessments.openArtifact(caller(c, 'assessor', 'issuer'), c.req.param('review'), c.req.param('artifact'))
    return c.body(file.bytes.slice().buffer, 200, { 'content-type': file.mediaType, 'content-disposition': `attachment; filename="${file.name}"` })
  })
  app.post('/reviews/:review', async (c) => {
    const who = caller(c, 'assessor')
    const scores = await c.req.json<{ levels: Record<string, string>; feedback?: { overall?: string; parts?: Record<string, string> } }>()
    return c.json(await assessments.score(who, c.req.param('review'), scores))
  })

  app.post('/submissions/:id/approve', async (c) => {
    const { record, credential, created } = await assessments.approve(caller(c, 'issuer'), c.req.param('id'))
    return c.json({ credentialId: record.id, created, credential }, created ? 201 : 200)
  })

  app.post('/submissions/:id/return', async (c) => {
    const s = await assessments.returnForRevision(caller(c, 'issuer'), c.req.param('id'))
    return c.json({ id: s.id, state: s.state })
  })

  app.post('/credentials/:id/revoke', async (c) => {
    caller(c, 'issuer')
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
