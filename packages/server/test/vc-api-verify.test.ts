import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, holder, openBadge, presentation, startServer, tenant, v11Credential } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside', { suspension: true })
})
afterAll(cleanUp)

async function issued(credential: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<any> {
  const res = await call(server, 'POST', '/credentials/issue', { body: { credential: { issuer: lakeside.tenant.issuer, ...credential }, options }, token: lakeside.apiKey.token })
  expect(res.status, res.text).toBe(201)
  return res.json.verifiableCredential
}
const verifyVc = (verifiableCredential: unknown, options?: unknown) => call(server, 'POST', '/credentials/verify', { body: { verifiableCredential, ...(options === undefined ? {} : { options }) } })
const setStatus = (credentialId: string, statusPurpose: string, status: boolean) =>
  call(server, 'POST', '/credentials/status', { body: { credentialId, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose }, status }, token: lakeside.apiKey.token })

describe('POST /credentials/verify', () => {
  it('verifies a credential the service issued: 200 {verified: true, checks, warnings, errors: [], ob3Report}', async () => {
    const res = await verifyVc(await issued(exampleCredential()))
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ verified: true, errors: [] })
    expect(res.json.checks).toEqual(expect.arrayContaining(['proof', 'validity', 'status']))
    expect(res.json.ob3Report.checks.map((c: { id: string }) => c.id)).toContain('proof')
    // Not an Open Badge: the OB checks are remarks, not errors.
    expect(res.json.warnings.map((w: { check: string }) => w.check)).toEqual(expect.arrayContaining(['context', 'type']))
  })

  it('verifies an Open Badges 3.0 credential with every OB check passing', async () => {
    const res = await verifyVc(await issued(await openBadge(lakeside.tenant.issuer)))
    expect(res.status, res.text).toBe(200)
    expect(res.json.checks).toEqual(expect.arrayContaining(['context', 'type', 'proof', 'validity', 'status']))
    // With suspension, a credential carries two status entries, which OB 3.0 remarks on.
    expect(res.json.warnings).toEqual([expect.objectContaining({ check: 'schema' })])
  })

  it('verifies VC 1.1, a VC 2.0 credential without validFrom, and a VC-JWT envelope', async () => {
    expect((await verifyVc(await issued(v11Credential()))).json.verified).toBe(true)
    const { validFrom: _drop, ...noStart } = exampleCredential()
    const open = await verifyVc(await issued(noStart))
    expect(open.status, open.text).toBe(200)
    const jwt = await verifyVc(await issued(exampleCredential(), { format: 'vc-jwt' }))
    expect(jwt.status, jwt.text).toBe(200)
  })

  it('fails a credential changed after signing: 400 with verified false and the proof error', async () => {
    const vc = await issued(exampleCredential())
    const res = await verifyVc({ ...vc, credentialSubject: { ...vc.credentialSubject, alumniOf: { name: 'Another University' } } })
    expect(res.status).toBe(400)
    expect(res.json.verified).toBe(false)
    expect(res.json.errors).toContainEqual(expect.objectContaining({ check: 'proof', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' }))
  })

  it('fails an expired credential (ERR_OB3_EXPIRED)', async () => {
    const res = await verifyVc(await issued(exampleCredential({ validUntil: '2026-01-02T00:00:00Z' })))
    expect(res.status).toBe(400)
    expect(res.json.errors).toContainEqual(expect.objectContaining({ check: 'validity', code: 'ERR_OB3_EXPIRED' }))
  })

  it('revokes, suspends and reinstates through POST /credentials/status, and verification follows at once', async () => {
    const vc = await issued(exampleCredential())
    const suspended = await setStatus(vc.id, 'suspension', true)
    expect(suspended.status).toBe(200)
    expect(suspended.json).toEqual({ credentialId: vc.id, status: { revoked: false, suspended: true } })
    expect((await verifyVc(vc)).json.errors).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_SUSPENDED' }))
    expect((await setStatus(vc.id, 'suspension', false)).json.status).toEqual({ revoked: false, suspended: false })
    expect((await verifyVc(vc)).status).toBe(200)
    expect((await setStatus(vc.id, 'revocation', true)).json.status).toEqual({ revoked: true, suspended: false })
    const revoked = await verifyVc(vc)
    expect(revoked.status).toBe(400)
    expect(revoked.json.errors).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_REVOKED' }))
    const undo = await setStatus(vc.id, 'revocation', false)
    expect(undo.status).toBe(400)
    expect(undo.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
  })

  it('refuses status changes that make no sense: unknown credential 404, bad body 400, no key 401', async () => {
    expect((await setStatus('urn:uuid:00000000-0000-4000-8000-000000000000', 'revocation', true)).json.error.code).toBe('ERR_OB3_SERVER_NOT_FOUND')
    const bad = await call(server, 'POST', '/credentials/status', { body: { credentialId: 'x', credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'refresh' }, status: true }, token: lakeside.apiKey.token })
    expect(bad.status).toBe(400)
    const anonymous = await call(server, 'POST', '/credentials/status', { body: {} })
    expect(anonymous.status).toBe(401)
  })

  const malformed: [string, (vc: Record<string, unknown>) => Record<string, unknown>][] = [
    ['credentialSubject null', (vc) => ({ ...vc, credentialSubject: null })],
    ['credentialSubject a number', (vc) => ({ ...vc, credentialSubject: 7 })],
    ['credentialSubject a string', (vc) => ({ ...vc, credentialSubject: 'x' })],
    ['credentialSubject []', (vc) => ({ ...vc, credentialSubject: [] })],
    ['a non-URL issuer', (vc) => ({ ...vc, issuer: 'Lakeside' })],
    ['no issuer', ({ issuer: _i, ...vc }) => vc],
    ['credentialSchema without type', (vc) => ({ ...vc, credentialSchema: [{ id: 'https://example.org/s.json' }] })],
    ['refreshService without type', (vc) => ({ ...vc, refreshService: { id: 'https://example.org/r' } })],
    ['malformed relatedResource', (vc) => ({ ...vc, relatedResource: 'https://example.org/a.json' })],
    ['a string @context', (vc) => ({ ...vc, '@context': 'https://www.w3.org/ns/credentials/v2' })],
  ]
  it.each(malformed)('refuses %s: 400 ERR_OB3_SERVER_CREDENTIAL_MALFORMED', async (_what, change) => {
    const vc = await issued(exampleCredential())
    const res = await verifyVc(change(vc))
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
  })

  it('refuses a body without verifiableCredential (400) and a presentation sent to it (400)', async () => {
    expect((await call(server, 'POST', '/credentials/verify', { body: {} })).json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
    const h = await holder()
    const vp = await presentation(h, [])
    const res = await verifyVc(vp)
    expect(res.status).toBe(400)
  })
})

describe('POST /presentations/verify', () => {
  it('verifies a signed presentation with the challenge and domain asked for; refuses another challenge or domain', async () => {
    const h = await holder()
    const vc = await issued(await openBadge(lakeside.tenant.issuer, h.did))
    const vp = await presentation(h, [vc], { challenge: 'c-123', domain: 'employer.example' })
    const ok = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'employer.example' } } })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.json.checks).toEqual(expect.arrayContaining(['holder', 'proof', 'status']))
    const otherChallenge = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp, options: { challenge: 'c-999', domain: 'employer.example' } } })
    expect(otherChallenge.status).toBe(400)
    expect(otherChallenge.json.errors).toContainEqual(expect.objectContaining({ check: 'holder', code: 'ERR_OB3_CHALLENGE_MISMATCH' }))
    const otherDomain = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'elsewhere.example' } } })
    expect(otherDomain.json.errors).toContainEqual(expect.objectContaining({ check: 'holder', code: 'ERR_OB3_DOMAIN_MISMATCH' }))
  })

  it('verifies an unsigned presentation sent as `presentation`, and fails it as `verifiablePresentation`', async () => {
    const vc = await issued(exampleCredential())
    const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [vc] }
    const unsigned = await call(server, 'POST', '/presentations/verify', { body: { presentation: vp } })
    expect(unsigned.status, unsigned.text).toBe(200)
    expect(unsigned.json.warnings).toContainEqual(expect.objectContaining({ check: 'holder', code: 'ERR_OB3_PROOF_MISSING' }))
    const claimed = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp } })
    expect(claimed.status).toBe(400)
    expect(claimed.json.errors).toContainEqual(expect.objectContaining({ check: 'holder', code: 'ERR_OB3_PROOF_MISSING' }))
  })

  it('reports which credential of a presentation failed', async () => {
    const h = await holder(8)
    const good = await issued(exampleCredential({ credentialSubject: { id: h.did, alumniOf: 'A' } }))
    const bad = { ...(await issued(exampleCredential({ credentialSubject: { id: h.did, alumniOf: 'B' } }))), name: 'changed' }
    const vp = await presentation(h, [good, bad])
    const res = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp } })
    expect(res.status).toBe(400)
    expect(res.json.errors).toContainEqual(expect.objectContaining({ check: 'proof', credential: 2 }))
    expect(res.json.errors.some((e: { credential?: number }) => e.credential === 1)).toBe(false)
  })

  it('refuses malformed presentations and bodies (400)', async () => {
    const cases: unknown[] = [
      {},
      { presentation: {}, verifiablePresentation: {} },
      { verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'] } },
      { verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [{ ...exampleCredential(), credentialSubject: null }] } },
      { verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }, options: { challenge: 5 } },
    ]
    for (const body of cases) {
      const res = await call(server, 'POST', '/presentations/verify', { body })
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400)
      expect(res.json.error.code).toMatch(/^ERR_OB3_SERVER_(REQUEST_INVALID|CREDENTIAL_MALFORMED)$/)
    }
  })
})
