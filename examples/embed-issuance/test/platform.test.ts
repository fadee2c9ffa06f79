import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, createResourceFetch, ed25519KeyFromSeed, toBase64Url, utf8 } from '@ob3/core'
import { Assessments, Issuer, findMicroCredential, loadCatalogue, memoryArtifactStore, type IssuerStore } from '@ob3/issuer'
import { openSqliteStore } from '@ob3/issuer/node'
import { verify } from '@ob3/verifier'
import { createPlatform } from '../src/app.js'

const catalogue = loadCatalogue(readFileSync(new URL('../../catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
const MC = 'https://academy.northwind.example/micro-credentials/growth-mindset'
let base = ''
let close: () => Promise<void>
let store: IssuerStore

beforeAll(async () => {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(12))
  store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const server = serve({ fetch: (req) => app.fetch(req), hostname: '127.0.0.1', port: 0 })
  await new Promise((r) => server.once('listening', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Northwind Educator Academy' }, signer: await createEd25519Signer(key), statusBaseUrl: `${base}/status` })
  const assessments = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore() })
  const app = createPlatform({ issuer, assessments, catalogue })
  close = () => new Promise<void>((r) => server.close(() => r()))
})

afterAll(async () => {
  await close()
  await store.close()
})

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: res.status, json: await res.json() }
}

function evidence() {
  const definition = findMicroCredential(catalogue, MC)
  if (definition === undefined) throw new Error('catalogue changed')
  const answers = definition.evidenceParts.filter((p) => p.kind === 'overview-answers').flatMap((p) => (p.questions ?? ['q']).map(() => ({ part: p.id, text: 'Students set learning goals and tracked effort.' })))
  const artifacts = definition.evidenceParts.filter((p) => p.kind === 'artifacts').flatMap((p) => Array.from({ length: p.count ?? 1 }, (_, i) => ({ part: p.id, name: `sample ${i}.pdf`, mediaType: 'application/pdf', base64url: toBase64Url(utf8(`work ${i}`)) })))
  const reflections = definition.evidenceParts.filter((p) => p.kind === 'student-reflections' || p.kind === 'teacher-reflection').flatMap((p) => Array.from({ length: p.count ?? 1 }, () => ({ part: p.id, text: 'I kept going when it was hard.' })))
  return { answers, artifacts, reflections, levels: Object.fromEntries(definition.rubric.map((r) => [r.part, r.requiredLevel])) }
}

describe('the embed-issuance example platform, over HTTP', () => {
  it('awards the micro-credential when the assessment is approved, and serves its status list', async () => {
    const { levels, ...ev } = evidence()
    const listed = await call('GET', '/micro-credentials')
    expect(listed.json.map((m: { id: string }) => m.id)).toContain(MC)
    const submitted = await call('POST', '/submissions', { achievementId: MC, educator: { id: 'did:example:okafor', name: 'B. Okafor' }, evidence: ev })
    expect(submitted.status).toBe(201)
    const id = submitted.json.id as string
    expect((await call('POST', `/submissions/${id}/approve`)).json).toMatchObject({ error: 'ERR_OB3_SUBMISSION_STATE' })
    expect((await call('POST', `/submissions/${id}/assign`, { assessorId: 'assessor-3' })).json.state).toBe('in-review')
    const review = await call('GET', `/reviews/assessor-3/${id}`)
    expect(JSON.stringify(review.json)).not.toContain('Okafor')
    expect((await call('GET', `/reviews/assessor-9/${id}`)).status).toBe(403)
    expect((await call('POST', `/reviews/assessor-3/${id}`, { levels })).json.state).toBe('scored')
    const approved = await call('POST', `/submissions/${id}/approve`)
    expect(approved.status).toBe(201)
    const again = await call('POST', `/submissions/${id}/approve`)
    expect([again.status, again.json.credentialId]).toEqual([200, approved.json.credentialId])
    const credential = approved.json.credential as Record<string, unknown>
    const statusUrl = (credential.credentialStatus as { statusListCredential: string }).statusListCredential
    const list = await (await fetch(statusUrl)).json()
    const fetchList = createResourceFetch({ resources: { [statusUrl]: JSON.stringify(list) } })
    const report = await verify({ input: credential, fetch: fetchList })
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
    expect((await call('GET', `/submissions/${id}`)).json).toMatchObject({ state: 'awarded', credentialId: approved.json.credentialId })
  })

  it('answers bad requests with coded JSON errors', async () => {
    expect((await call('GET', '/submissions/sub-missing')).status).toBe(404)
    const bad = await call('POST', '/submissions', { achievementId: MC, educator: { id: 'did:example:x' }, evidence: { answers: [] } })
    expect([bad.status, bad.json.error]).toEqual([422, 'ERR_OB3_SUBMISSION_INVALID'])
    const res = await fetch(`${base}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })
    expect([res.status, (await res.json()).error]).toEqual([400, 'ERR_OB3_JSON_INVALID'])
  })
})
