import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, openBadge, startServer, tenant, v11Credential } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

const issue = (body: unknown, token = lakeside.apiKey.token) => call(server, 'POST', '/credentials/issue', { body, token })

describe('POST /credentials/issue', () => {
  it('issues a VC 2.0 credential: 201 {verifiableCredential}, issuer filled in, a status entry, an eddsa-rdfc-2022 proof without milliseconds', async () => {
    const res = await issue({ credential: exampleCredential(), options: {} })
    expect(res.status).toBe(201)
    const vc = res.json.verifiableCredential
    expect(vc.issuer).toBe(lakeside.tenant.issuer)
    expect(vc.id).toMatch(/^urn:uuid:/)
    expect(vc.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: expect.stringMatching(/^https:\/\/ob3\.test\/status\/lakeside\/[0-9a-f]{16}\/revocation$/) })
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: lakeside.tenant.verificationMethod })
    expect(vc.proof.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('keeps an issuer object whose id is the tenant\'s, and the caller\'s credential id', async () => {
    const res = await issue({ credential: exampleCredential({ id: 'https://lakeside.example/credentials/1', issuer: { id: lakeside.tenant.issuer, name: 'Lakeside' } }) })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential.issuer).toEqual({ id: lakeside.tenant.issuer, name: 'Lakeside' })
    expect(res.json.verifiableCredential.id).toBe('https://lakeside.example/credentials/1')
  })

  it('accepts VC 1.1 input (adds the status list context) and Open Badges 3.0 credentials', async () => {
    const v1 = await issue({ credential: v11Credential() })
    expect(v1.status).toBe(201)
    expect(v1.json.verifiableCredential['@context']).toContain('https://www.w3.org/ns/credentials/status/v1')
    const ob = await issue({ credential: await openBadge(lakeside.tenant.issuer) })
    expect(ob.status).toBe(201)
    expect(ob.json.verifiableCredential.type).toContain('OpenBadgeCredential')
    const { issuer: _given, ...withoutIssuer } = await openBadge(lakeside.tenant.issuer)
    const filled = await issue({ credential: withoutIssuer })
    expect(filled.json.verifiableCredential.issuer).toEqual({ id: lakeside.tenant.issuer, type: ['Profile'], name: 'lakeside district' })
  })

  it('accepts an inline context', async () => {
    const credential = exampleCredential({
      '@context': ['https://www.w3.org/ns/credentials/v2', { ex: 'https://example.org/vocab#', ExampleAlumniCredential: 'ex:ExampleAlumniCredential', favouriteColour: 'ex:favouriteColour' }],
      credentialSubject: { id: 'did:example:1', favouriteColour: 'teal' },
    })
    const res = await issue({ credential })
    expect(res.status, res.text).toBe(201)
  })

  it('takes options.credentialId as the handle of a credential without id, for status updates', async () => {
    const res = await issue({ credential: exampleCredential(), options: { credentialId: 'urn:example:registrar:4711' } })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential).not.toHaveProperty('id')
    const revoked = await call(server, 'POST', '/credentials/status', { body: { credentialId: 'urn:example:registrar:4711', credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true }, token: lakeside.apiKey.token })
    expect(revoked.json).toEqual({ credentialId: 'urn:example:registrar:4711', status: { revoked: true, suspended: false } })
  })

  it('refuses to issue before the service knows its public URL (no status list URLs can be made)', async () => {
    const { server: unplaced } = await startServer({ baseUrl: undefined })
    const made = await unplaced.createTenant({ id: 'early', name: 'Early' })
    const res = await call(unplaced, 'POST', '/credentials/issue', { body: { credential: exampleCredential() }, token: made.apiKey.token })
    expect(res.status).toBe(500)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_INTERNAL')
    await expect(unplaced.createTenant({ id: 'early-web', name: 'Early', did: 'web' })).rejects.toMatchObject({ code: 'ERR_OB3_SERVER_REQUEST_INVALID' })
  })

  it('issues a VC-JWT as an EnvelopedVerifiableCredential with options.format vc-jwt', async () => {
    const res = await issue({ credential: exampleCredential(), options: { format: 'vc-jwt' } })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential).toMatchObject({ type: 'EnvelopedVerifiableCredential', id: expect.stringMatching(/^data:application\/vc\+jwt,ey/) })
  })

  it('refuses a credential id issued before (409 ERR_OB3_STORE_CONFLICT)', async () => {
    const credential = exampleCredential({ id: 'urn:uuid:7a1f3c52-0d54-4a5e-9d52-6f5a9c0e1b11' })
    expect((await issue({ credential })).status).toBe(201)
    const again = await issue({ credential })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('ERR_OB3_STORE_CONFLICT')
  })

  it('refuses to issue as another issuer (400 ERR_OB3_SERVER_ISSUER_MISMATCH)', async () => {
    const res = await issue({ credential: exampleCredential({ issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_ISSUER_MISMATCH')
  })

  it('needs an API key: 401 without one, or with an unknown one', async () => {
    const none = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential() } })
    expect(none.status).toBe(401)
    expect(none.json.error.code).toBe('ERR_OB3_SERVER_UNAUTHORIZED')
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const wrong = await issue({ credential: exampleCredential() }, 'ob3k_not-a-key')
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.code).toBe('ERR_OB3_SERVER_UNAUTHORIZED')
  })

  const malformed: [string, Record<string, unknown>][] = [
    ['credentialSubject null', { credentialSubject: null }],
    ['credentialSubject a number', { credentialSubject: 42 }],
    ['credentialSubject a string', { credentialSubject: 'did:example:alice' }],
    ['credentialSubject []', { credentialSubject: [] }],
    ['credentialSubject {}', { credentialSubject: {} }],
    ['a non-URL issuer', { issuer: 'not a url' }],
    ['an issuer object without an id', { issuer: { name: 'Lakeside' } }],
    ['credentialSchema without type', { credentialSchema: { id: 'https://example.org/schema.json' } }],
    ['credentialSchema without id', { credentialSchema: { type: 'JsonSchema' } }],
    ['refreshService without type', { refreshService: { id: 'https://example.org/refresh' } }],
    ['relatedResource without a digest', { relatedResource: [{ id: 'https://example.org/a.json' }] }],
    ['relatedResource without an id', { relatedResource: [{ digestSRI: 'sha384-lH4a0L5iBiF1/rwEqXxXtzmJyZ5S6VcCqJ0s0JH0Q9Hgc9D3aBtj8y9yR/HG6P1T' }] }],
    ['relatedResource with a bad digestSRI', { relatedResource: [{ id: 'https://example.org/a.json', digestSRI: 'md5-abc' }] }],
    ['relatedResource listing one id twice', { relatedResource: [{ id: 'https://example.org/a.json', digestMultibase: 'uEiAbc' }, { id: 'https://example.org/a.json', digestMultibase: 'uEiAbc' }] }],
    ['a first context that is not the VC context', { '@context': ['https://www.w3.org/ns/credentials/examples/v2'] }],
    ['type without VerifiableCredential', { type: ['ExampleAlumniCredential'] }],
    ['a validFrom without a time zone', { validFrom: '2026-01-01T00:00:00' }],
    ['credentialStatus without type', { credentialStatus: { id: 'https://example.org/status/1#3' } }],
    ['a proof already', { proof: { type: 'DataIntegrityProof' } }],
  ]
  it.each(malformed)('refuses %s (400 ERR_OB3_SERVER_CREDENTIAL_MALFORMED)', async (_what, change) => {
    const res = await issue({ credential: exampleCredential(change) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
    expect(res.json.error.details.problems.length).toBeGreaterThan(0)
  })

  it('refuses a property no context defines (400 ERR_OB3_JSONLD_SAFE_MODE) and an unknown context (400 ERR_OB3_CONTEXT_NOT_ALLOWED)', async () => {
    const undefinedTerm = await issue({ credential: { ...exampleCredential(), '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'did:example:1', shoeSize: 42 } } })
    expect(undefinedTerm.status).toBe(400)
    expect(undefinedTerm.json.error.code).toBe('ERR_OB3_JSONLD_SAFE_MODE')
    const unknown = await issue({ credential: exampleCredential({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://unknown.example/context.json'] }) })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('ERR_OB3_CONTEXT_NOT_ALLOWED')
  })

  it('refuses a request without credential, with bad options, or an unknown format (400 ERR_OB3_SERVER_REQUEST_INVALID)', async () => {
    for (const body of [{}, { credential: exampleCredential(), options: 'x' }, { credential: exampleCredential(), options: { format: 'bbs' } }, { credential: exampleCredential(), options: { credentialId: 'no url' } }]) {
      const res = await issue(body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(res.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
    }
  })

  it('answers GET on the issue endpoint with 405 and Allow', async () => {
    const res = await call(server, 'GET', '/credentials/issue')
    expect(res.status).toBe(405)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_METHOD_NOT_ALLOWED')
    expect(res.headers.get('allow')).toBe('POST')
  })
})
