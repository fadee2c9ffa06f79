import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, createResourceFetch, ed25519KeyFromSeed, toBase64Url, utf8 } from '@ob3/core'
import { Assessments, Issuer, findMicroCredential, loadCatalogue, memoryArtifactStore, type IssuerStore } from '@ob3/issuer'
import { openSqliteStore } from '@ob3/issuer/node'
import { verify } from '@ob3/verifier'
import { createPlatform, memorySessions } from '../src/app.js'

const catalogue = loadCatalogue(readFileSync(new URL('../../catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
const MC = 'https://academy.northwind.example/micro-credentials/growth-mindset'
let base = ''
let close: () => Promise<void>
let store: IssuerStore
const sessions = memorySessions()
const staff = sessions.open({ role: 'issuer', id: 'staff-1' })

beforeAll(async () => {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(12))
  store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const server = serve({ fetch: (req) => app.fetch(req), hostname: '127.0.0.1', port: 0 })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Northwind Educator Academy' }, signer: await createEd25519Signer(key), statusBaseUrl: `${base}/status` })
  const assessments = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore() })
  const app = createPlatform({ issuer, assessments, catalogue, sessions })
  close = () => new Promise<void>((r) => server.close(() => r()))
})

afterAll(async () => {
  await close()
  await store.close()
})

async function call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }
  const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: res.status, json: await res.json() }
}

function evidence() {
  const definition = findMicroCredential(catalogue, MC)
  if (definition === undefined) throw new Error('catalogue changed')
  const answers = definition.evidenceParts.filter((p) => p.kind === 'overview-answers').flatMap((p) => (p.questions ?? ['q']).map(() => ({ part: p.id, text: 'Students set learning goals and tracked effort.' })))
  const artifacts = definition.evidenceParts.filter((p) => p.kind === 'artifacts').flatMap((p) => Array.from({ length: p.count ?? 1 }, (_, i) => ({ part: p.id, name: `sample ${i}.pdf`, mediaType: 'text/plain', base64url: toBase64Url(utf8(`work ${i}`)) })))
  const reflections = definition.evidenceParts.filter((p) => p.kind === 'student-reflections' || p.kind === 'teacher-reflection').flatMap((p) => Array.from({ length: p.count ?? 1 }, () => ({ part: p.id, text: 'I kept going when it was hard.' })))
  return { answers, artifacts, reflections, levels: Object.fromEntries(definition.rubric.map((r) => [r.part, r.requiredLevel])) }
}

describe('the embed-issuance example platform, over HTTP', () => {
  it('awards the micro-credential when the assessment is approved, and serves its status list', async () => {
    const { levels, ...ev } = evidence()
    const listed = await call('GET', '/micro-credentials')
    expect(listed.json.map((m: { id: string }) => m.id)).toContain(MC)
    const sessionFor = async (role: string, who: string) => (await call('POST', '/sessions', { role, id: who }, staff)).json.token as string
    const educator = await sessionFor('educator', 'did:example:okafor')
    const assessor = await sessionFor('assessor', 'assessor-3')
    const stranger = await sessionFor('assessor', 'assessor-9')
    expect((await call('POST', '/submissions', { achievementId: MC, evidence: ev })).status).toBe(401)
    const submitted = await call('POST', '/submissions', { achievementId: MC, educator: { id: 'did:example:okafor', name: 'B. Okafor' }, evidence: ev }, educator)
    expect(submitted.status).toBe(201)
    const id = submitted.json.submissionId as string
    expect((await call('POST', `/submissions/${id}/approve`, undefined, staff)).json).toMatchObject({ error: 'ERR_OB3_SUBMISSION_STATE' })
    expect((await call('POST', `/submissions/${id}/assign`, { assessorId: 'assessor-3' }, educator)).status).toBe(403)
    expect((await call('POST', `/submissions/${id}/assign`, { assessorId: 'assessor-3' }, staff)).json.state).toBe('in-review')
    const queue = await call('GET', '/reviews', undefined, assessor)
    expect(queue.json).toHaveLength(1)
    const handle = queue.json[0].review as string
    expect(JSON.stringify(queue.json)).not.toContain('Okafor')
    expect(JSON.stringify(queue.json)).not.toContain(id)
    expect((await call('GET', `/reviews/${handle}`, undefined, stranger)).status).toBe(403)
    const file = await fetch(`${base}/reviews/${handle}/artifacts/${queue.json[0].artifacts[0].handle as string}`, { headers: { authorization: `Bearer ${assessor}` } })
    expect([file.status, file.headers.get('content-disposition'), await file.text()]).toEqual([200, 'attachment; filename="artifact-1.txt"', 'work 0'])
    expect((await call('POST', `/reviews/${handle}`, { levels }, assessor)).json.state).toBe('scored')
    // Approval is the provider's: without a token, or as the assessor or the educator, nothing is issued.
    expect((await call('POST', `/submissions/${id}/approve`)).status).toBe(401)
    expect((await call('POST', `/submissions/${id}/approve`, undefined, assessor)).json).toMatchObject({ error: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    expect((await call('POST', `/submissions/${id}/approve`, undefined, educator)).status).toBe(403)
    const approved = await call('POST', `/submissions/${id}/approve`, undefined, staff)
    expect(approved.status).toBe(201)
    const again = await call('POST', `/submissions/${id}/approve`, undefined, staff)
    expect([again.status, again.json.credentialId]).toEqual([200, approved.json.credentialId])
    const credential = approved.json.credential as Record<string, unknown>
    const statusUrl = (credential.credentialStatus as { statusListCredential: string }).statusListCredential
    const list = await (await fetch(statusUrl)).json()
    const fetchList = createResourceFetch({ resources: { [statusUrl]: JSON.stringify(list) } })
    const report = await verify({ input: credential, fetch: fetchList })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
    expect((await call('GET', `/submissions/${id}`, undefined, educator)).json).toMatchObject({ state: 'awarded', credentialId: approved.json.credentialId })
    const audit = await call('GET', `/submissions/${id}/audit`, undefined, educator)
    expect(audit.json.map((e: { actor: string }) => e.actor)).toContain('an assessor')
    expect(JSON.stringify(audit.json)).not.toContain('assessor-3')
    expect((await call('GET', `/submissions/${id}`, undefined, await sessionFor('educator', 'did:example:other'))).json).toMatchObject({ error: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
  })

  it('answers bad requests with coded JSON errors', async () => {
    expect((await call('GET', '/submissions/sub-missing', undefined, staff)).status).toBe(404)
    const bad = await call('POST', '/submissions', { achievementId: MC, educator: { id: 'did:example:x' }, evidence: { answers: [] } }, staff)
    expect([bad.status, bad.json.error]).toEqual([422, 'ERR_OB3_SUBMISSION_INVALID'])
    const res = await fetch(`${base}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: '{not json' })
    expect([res.status, (await res.json()).error]).toEqual([400, 'ERR_OB3_JSON_INVALID'])
  })
})
