import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBase64Url } from '@ob3/core'
import { findMicroCredential, loadCatalogue } from '@ob3/issuer'
import type { Ob3Server } from '../src/index.js'
import { MARIA, MARIA_SECRETS, identityEvidence, secretsIn } from '../../issuer/test/fixtures/identity-evidence.js'
import { call, cleanUp, startServer, tenant, type Answer } from './helpers.js'

const catalogue = loadCatalogue(readFileSync(new URL('../../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
const MC = 'https://academy.northwind.example/micro-credentials/idea-generating'
const PASS = { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' }

let server: Ob3Server
let dir: string
let apiKey: string
let otherApiKey: string

beforeAll(async () => {
  ;({ server, dir } = await startServer({ assessment: { microCredentials: (_tenant, id) => findMicroCredential(catalogue, id) }, rateLimits: { token: { perSecond: 0.001, burst: 40 } } }))
  apiKey = (await tenant(server, 'northwind')).apiKey.token
  otherApiKey = (await tenant(server, 'southfield')).apiKey.token
})
afterAll(cleanUp)

async function mint(role: string, id: string, key = apiKey): Promise<string> {
  const res = await call(server, 'POST', '/assessment/tokens', { token: key, body: { role, id } })
  expect(res.status).toBe(201)
  expect(res.json.token).toMatch(/^ob3r_/)
  return res.json.token as string
}

async function body() {
  const evidence = await identityEvidence()
  return {
    achievementId: MC,
    educator: MARIA,
    evidence: { ...evidence, artifacts: evidence.artifacts.map(({ bytes, ...a }) => ({ ...a, base64url: toBase64Url(bytes) })) },
  }
}

describe('double-blind assessment in the service', () => {
  it('runs submit → assign → queue → score → return → resubmit → approve over HTTP, and no assessor answer names the educator', async () => {
    const staff = await mint('issuer', 'staff-2')
    const maria = await mint('educator', MARIA.id)
    const a17 = await mint('assessor', 'assessor-17')
    const a04 = await mint('assessor', 'assessor-04')
    const seenByAssessors: Answer[] = []
    const seenByEducator: Answer[] = []
    const as = async (list: Answer[], answer: Promise<Answer>) => { const a = await answer; list.push(a); return a }

    const submitted = await as(seenByEducator, call(server, 'POST', '/assessment/submissions', { token: maria, body: await body() }))
    expect(submitted.status).toBe(201)
    expect(submitted.json.warnings.map((w: { path: string }) => w.path)).toEqual(expect.arrayContaining(['/answers/0/text', '/artifacts/0/name', '/artifacts/0/bytes', '/artifacts/1/bytes']))
    const id = submitted.json.submissionId as string

    expect((await call(server, 'POST', `/assessment/submissions/${id}/assign`, { token: staff, body: { assessorId: 'assessor-17' } })).json.state).toBe('in-review')
    const queue = await as(seenByAssessors, call(server, 'GET', '/assessment/queue', { token: a17 }))
    expect(queue.status).toBe(200)
    const review = queue.json.reviews[0]
    expect(review.artifacts.map((a: { name: string }) => a.name)).toEqual(['artifact-1.pdf', 'artifact-2.png', 'artifact-3.jpg'])
    await as(seenByAssessors, call(server, 'GET', `/assessment/reviews/${review.review as string}`, { token: a17 }))
    for (const artifact of review.artifacts as { handle: string; name: string; mediaType: string }[]) {
      const res = await server.app.request(`/assessment/reviews/${review.review as string}/artifacts/${artifact.handle}`, { headers: { authorization: `Bearer ${a17}` } })
      expect([res.status, res.headers.get('content-type'), res.headers.get('content-disposition'), res.headers.get('x-ob3-metadata')])
        .toEqual([200, artifact.mediaType, `attachment; filename="${artifact.name}"`, 'removed'])
      const bytes = new Uint8Array(await res.arrayBuffer())
      seenByAssessors.push({ status: res.status, headers: res.headers, json: undefined, text: new TextDecoder('latin1').decode(bytes) })
    }

    // Role violations, over HTTP, each with its code.
    const refused = async (answer: Promise<Answer>, status: number, code: string) => {
      const a = await answer
      expect([a.status, a.json?.error?.code]).toEqual([status, code])
      return a
    }
    await as(seenByAssessors, refused(call(server, 'POST', `/assessment/submissions/${id}/approve`, { token: a17 }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN'))
    await as(seenByAssessors, refused(call(server, 'GET', `/assessment/submissions/${id}`, { token: a17 }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN'))
    await as(seenByAssessors, refused(call(server, 'GET', `/assessment/submissions/${id}/audit`, { token: a17 }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN'))
    await as(seenByAssessors, refused(call(server, 'GET', '/assessment/submissions', { token: a17 }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN'))
    await as(seenByAssessors, refused(call(server, 'POST', '/assessment/tokens', { token: a17, body: { role: 'issuer', id: 'me' } }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN'))
    await refused(call(server, 'GET', `/assessment/reviews/${review.review as string}`, { token: a04 }), 403, 'ERR_OB3_NOT_ASSIGNED')
    const stranger = await mint('educator', 'did:example:someone-else')
    await refused(call(server, 'GET', `/assessment/submissions/${id}`, { token: stranger }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN')
    await refused(call(server, 'GET', `/assessment/submissions/${id}/audit`, { token: stranger }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN')
    await refused(call(server, 'POST', `/assessment/reviews/${review.review as string}/scores`, { token: maria, body: { levels: PASS } }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN')
    await refused(call(server, 'GET', '/assessment/queue', { token: maria }), 403, 'ERR_OB3_ASSESSMENT_FORBIDDEN')
    await refused(call(server, 'POST', `/assessment/submissions/${id}/approve`, {}), 401, 'ERR_OB3_SERVER_UNAUTHORIZED')
    await refused(call(server, 'GET', '/assessment/queue', {}), 401, 'ERR_OB3_SERVER_UNAUTHORIZED')
    await refused(call(server, 'POST', '/assessment/tokens', { body: { role: 'issuer', id: 'x' } }), 401, 'ERR_OB3_SERVER_UNAUTHORIZED')
    // An altered token (another role written into it) and a token of another tenant get nothing.
    const [payload, mac] = a17.slice('ob3r_'.length).split('.') as [string, string]
    const forged = `ob3r_${Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"assessor"', '"issuer"')).toString('base64url')}.${mac}`
    await refused(call(server, 'POST', `/assessment/submissions/${id}/approve`, { token: forged }), 401, 'ERR_OB3_SERVER_UNAUTHORIZED')
    const otherStaff = await mint('issuer', 'staff-9', otherApiKey)
    await refused(call(server, 'GET', `/assessment/submissions/${id}`, { token: otherStaff }), 404, 'ERR_OB3_SUBMISSION_NOT_FOUND')
    await refused(call(server, 'POST', '/assessment/tokens', { token: apiKey, body: { role: 'principal', id: 'x' } }), 400, 'ERR_OB3_SERVER_REQUEST_INVALID')

    const scored = await as(seenByAssessors, call(server, 'POST', `/assessment/reviews/${review.review as string}/scores`, {
      token: a17, body: { levels: { ...PASS, overview: 'Not yet' }, feedback: { parts: { overview: 'Name each step. — assessor-17' } } },
    }))
    expect(scored.json).toMatchObject({ state: 'scored', meetsAwardRule: false })
    await refused(call(server, 'POST', `/assessment/submissions/${id}/approve`, { token: staff }), 409, 'ERR_OB3_AWARD_RULE_UNMET')
    expect((await call(server, 'POST', `/assessment/submissions/${id}/return`, { token: staff, body: { note: 'see part 1' } })).json.state).toBe('returned')
    const returned = await as(seenByEducator, call(server, 'GET', `/assessment/submissions/${id}`, { token: maria }))
    expect(returned.json.feedback.parts.overview).toBe('Name each step. — [name]')
    const resubmitted = await as(seenByEducator, call(server, 'POST', `/assessment/submissions/${id}/resubmit`, { token: maria, body: { evidence: (await body()).evidence } }))
    expect(resubmitted.json).toMatchObject({ state: 'submitted', attempt: 2 })

    await call(server, 'POST', `/assessment/submissions/${id}/assign`, { token: staff, body: { assessorId: 'assessor-04' } })
    const second = await as(seenByAssessors, call(server, 'GET', '/assessment/queue', { token: a04 }))
    expect(second.json.reviews[0].pseudonym).not.toBe(review.pseudonym)
    expect(second.json.reviews[0].review).not.toBe(review.review)
    await as(seenByAssessors, call(server, 'POST', `/assessment/reviews/${second.json.reviews[0].review as string}/scores`, { token: a04, body: { levels: PASS } }))
    const approved = await call(server, 'POST', `/assessment/submissions/${id}/approve`, { token: staff })
    expect(approved.status).toBe(201)
    expect(approved.json.verifiableCredential.credentialSubject.id).toBe(MARIA.id)
    const again = await call(server, 'POST', `/assessment/submissions/${id}/approve`, { token: apiKey })
    expect([again.status, again.json.credentialId]).toEqual([200, approved.json.credentialId])

    const audit = await as(seenByEducator, call(server, 'GET', `/assessment/submissions/${id}/audit`, { token: maria }))
    expect(audit.json.events.map((e: { actor: string }) => e.actor)).toEqual(['the educator', 'the issuer', 'an assessor', 'the issuer', 'the educator', 'the issuer', 'an assessor', 'the issuer'])
    await as(seenByEducator, call(server, 'GET', '/assessment/submissions', { token: maria }))
    await as(seenByEducator, call(server, 'GET', `/assessment/submissions/${id}`, { token: maria }))
    const full = await call(server, 'GET', `/assessment/submissions/${id}/audit`, { token: staff })
    expect(full.json.events.map((e: { actor: string }) => e.actor)).toContain('assessor:assessor-17')
    expect((await call(server, 'GET', `/assessment/submissions/${id}`, { token: staff })).json.submission.educator).toEqual(MARIA)

    // What the assessors obtained — bodies, files, headers, refusals — names neither her nor her school nor her files.
    const assessorText = seenByAssessors.map((a) => `${a.text}\n${JSON.stringify(Object.fromEntries((a.headers as unknown as { entries(): Iterable<[string, string]> }).entries()))}`).join('\n')
    expect(seenByAssessors.length).toBeGreaterThan(10)
    expect(secretsIn(assessorText, MARIA_SECRETS)).toEqual([])
    expect(assessorText).not.toContain(id)
    for (const digest of (approved.json.verifiableCredential.evidence as { digestMultibase: string }[]).map((e) => e.digestMultibase)) expect(assessorText).not.toContain(digest)
    // What the educator obtained names no assessor.
    const educatorText = seenByEducator.map((a) => a.text).join('\n')
    expect(educatorText).toContain(id)
    for (const secret of ['assessor-17', 'assessor-04', 'assessor:']) expect(educatorText).not.toContain(secret)
  })

  it('rate-limits token minting like the OAuth2 token endpoint, and keeps its database files owner-only', async () => {
    const { server: limited, dir: limitedDir } = await startServer({ rateLimits: { token: { perSecond: 0.001, burst: 2 } } })
    const key = (await tenant(limited, 'limited')).apiKey.token
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await call(limited, 'POST', '/assessment/tokens', { token: key, body: { role: 'educator', id: `did:example:t${i}` } })).status)
    expect(statuses).toEqual([201, 201, 429])
    // Without a catalogue every micro-credential is unknown here.
    const unknown = await call(limited, 'POST', '/assessment/submissions', { token: key, body: await body() })
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'ERR_OB3_SUBMISSION_NOT_FOUND'])
    expect((await call(limited, 'GET', '/assessment/submissions', { token: key })).json.submissions).toEqual([])
    for (const d of [dir, limitedDir]) expect(['', '-wal', '-shm'].map((s) => statSync(join(d, 'ob3.db') + s).mode & 0o777)).toEqual([0o600, 0o600, 0o600])
  })
})
