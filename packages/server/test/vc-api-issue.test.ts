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
/** An example credential naming the tenant as its issuer. */
const mine = (extra: Record<string, unknown> = {}) => exampleCredential({ issuer: lakeside.tenant.issuer, ...extra })

describe('POST /credentials/issue', () => {
  it('issues a VC 2.0 credential: 201 {verifiableCredential}, a status entry, an eddsa-rdfc-2022 proof without milliseconds', async () => {
    const res = await issue({ credential: mine(), options: {} })
    expect(res.status).toBe(201)
    expect(res.json).not.toHaveProperty('warnings')
    const vc = res.json.verifiableCredential
    expect(vc.issuer).toBe(lakeside.tenant.issuer)
    expect(vc.id).toMatch(/^urn:uuid:/)
    expect(vc.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: expect.stringMatching(/^https:\/\/ob3\.test\/status\/lakeside\/[0-9a-f]{16}\/revocation$/) })
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: lakeside.tenant.verificationMethod })
    expect(vc.proof.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('keeps an issuer object whose id is the tenant\'s, and the caller\'s credential id', async () => {
    const res = await issue({ credential: mine({ id: 'https://lakeside.example/credentials/1', issuer: { id: lakeside.tenant.issuer, name: 'Lakeside' } }) })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential.issuer).toEqual({ id: lakeside.tenant.issuer, name: 'Lakeside' })
    expect(res.json.verifiableCredential.id).toBe('https://lakeside.example/credentials/1')
  })

  it('accepts VC 1.1 input (without a status entry unless asked) and Open Badges 3.0 credentials', async () => {
    const v1 = await issue({ credential: { ...v11Credential(), issuer: lakeside.tenant.issuer } })
    expect(v1.status).toBe(201)
    expect(v1.json.verifiableCredential['@context']).not.toContain('https://www.w3.org/ns/credentials/status/v1')
    expect(v1.json.verifiableCredential).not.toHaveProperty('credentialStatus')
    const ob = await issue({ credential: await openBadge(lakeside.tenant.issuer) })
    expect(ob.status).toBe(201)
    expect(ob.json.verifiableCredential.type).toContain('OpenBadgeCredential')
    // An Open Badge's issuer is a Profile: a plain id becomes one.
    const plain = await issue({ credential: { ...(await openBadge(lakeside.tenant.issuer)), issuer: lakeside.tenant.issuer } })
    expect(plain.json.verifiableCredential.issuer).toEqual({ id: lakeside.tenant.issuer, type: ['Profile'], name: 'lakeside district' })
  })

  it('accepts an inline context', async () => {
    const credential = mine({
      '@context': ['https://www.w3.org/ns/credentials/v2', { ex: 'https://example.org/vocab#', ExampleAlumniCredential: 'ex:ExampleAlumniCredential', favouriteColour: 'ex:favouriteColour' }],
      credentialSubject: { id: 'did:example:1', favouriteColour: 'teal' },
    })
    const res = await issue({ credential })
    expect(res.status, res.text).toBe(201)
  })

  it('takes options.credentialId as the handle of a credential without id, for status updates', async () => {
    const res = await issue({ credential: mine(), options: { credentialId: 'urn:example:registrar:4711' } })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential).not.toHaveProperty('id')
    const revoked = await call(server, 'POST', '/credentials/status', { body: { credentialId: 'urn:example:registrar:4711', credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true }, token: lakeside.apiKey.token })
    expect(revoked.json).toEqual({ credentialId: 'urn:example:registrar:4711', status: { revoked: true, suspended: false } })
  })

  it('refuses to issue before the service knows its public URL (no status list URLs can be made)', async () => {
    const { server: unplaced } = await startServer({ baseUrl: undefined })
    const made = await unplaced.createTenant({ id: 'early', name: 'Early' })
    const res = await call(unplaced, 'POST', '/credentials/issue', { body: { credential: mine() }, token: made.apiKey.token })
    expect(res.status).toBe(500)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_INTERNAL')
    await expect(unplaced.createTenant({ id: 'early-web', name: 'Early', did: 'web' })).rejects.toMatchObject({ code: 'ERR_OB3_SERVER_REQUEST_INVALID' })
  })

  it('issues a VC-JWT as an EnvelopedVerifiableCredential with options.format vc-jwt', async () => {
    const res = await issue({ credential: mine(), options: { format: 'vc-jwt' } })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential).toMatchObject({ type: 'EnvelopedVerifiableCredential', id: expect.stringMatching(/^data:application\/vc\+jwt,ey/) })
  })

  it('answers the same request again with the first credential; another credential under that id is a 409', async () => {
    const credential = mine({ id: 'urn:uuid:7a1f3c52-0d54-4a5e-9d52-6f5a9c0e1b11' })
    const first = await issue({ credential })
    expect(first.status).toBe(201)
    expect(first.headers.get('x-ob3-replayed')).toBeNull()
    // The same fields in another order are the same request.
    const again = await issue({ credential: Object.fromEntries(Object.entries(credential).reverse()) })
    expect(again.status).toBe(201)
    expect(again.headers.get('x-ob3-replayed')).toBe('true')
    expect(again.json.verifiableCredential).toEqual(first.json.verifiableCredential)
    expect((await call(server, 'GET', '/credentials', { token: lakeside.apiKey.token })).json.credentials.filter((c: { id: string }) => c.id === credential.id)).toHaveLength(1)
    const other = await issue({ credential: { ...credential, name: 'Another credential' } })
    expect(other.status).toBe(409)
    expect(other.json.error.code).toBe('ERR_OB3_STORE_CONFLICT')
    const otherFormat = await issue({ credential, options: { format: 'vc-jwt' } })
    expect(otherFormat.status).toBe(409)
  })

  it('gives one credential for the same request sent 8 times at once', async () => {
    const credential = mine({ id: 'urn:uuid:0b7d5e1c-3f0a-4a9e-8f5e-2d7c9a1b3c4d' })
    const answers = await Promise.all(Array.from({ length: 8 }, () => issue({ credential })))
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201))
    expect(new Set(answers.map((a) => JSON.stringify(a.json.verifiableCredential))).size).toBe(1)
  })

  it('issues as the tenant when credential.issuer names another issuer, and says so in warnings', async () => {
    const res = await issue({ credential: exampleCredential({ issuer: { id: 'did:example:issuer', name: 'Example Issuer' } }) })
    expect(res.status).toBe(201)
    expect(res.json.verifiableCredential.issuer).toEqual({ id: lakeside.tenant.issuer, name: 'Example Issuer' })
    expect(res.json.verifiableCredential.proof.verificationMethod).toBe(lakeside.tenant.verificationMethod)
    expect(res.json.warnings).toEqual([{ code: 'ERR_OB3_SERVER_ISSUER_REPLACED', message: expect.stringContaining('did:example:issuer') }])
    const verified = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: res.json.verifiableCredential } })
    expect(verified.status).toBe(200)
  })

  it('needs an API key: 401 without one, or with an unknown one', async () => {
    const none = await call(server, 'POST', '/credentials/issue', { body: { credential: mine() } })
    expect(none.status).toBe(401)
    expect(none.json.error.code).toBe('ERR_OB3_SERVER_UNAUTHORIZED')
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const wrong = await issue({ credential: mine() }, 'ob3k_not-a-key')
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.code).toBe('ERR_OB3_SERVER_UNAUTHORIZED')
  })

  const malformed: [string, Record<string, unknown>][] = [
    ['credentialSubject null', { credentialSubject: null }],
    ['credentialSubject a number', { credentialSubject: 42 }],
    ['credentialSubject a string', { credentialSubject: 'did:example:alice' }],
    ['credentialSubject []', { credentialSubject: [] }],
    ['credentialSubject {}', { credentialSubject: {} }],
    ['no issuer', { issuer: undefined }],
    ['a non-URL issuer', { issuer: 'not a url' }],
    ['issuer null', { issuer: null }],
    ['issuer true', { issuer: true }],
    ['issuer a number', { issuer: 4 }],
    ['issuer []', { issuer: [] }],
    ['an issuer object without an id', { issuer: { name: 'Lakeside' } }],
    ['an issuer object with a null id', { issuer: { id: null } }],
    ['an issuer object with a non-URL id', { issuer: { id: 'fake-issuer' } }],
    ['credentialSchema without type', { credentialSchema: { id: 'https://example.org/schema.json' } }],
    ['credentialSchema without id', { credentialSchema: { type: 'JsonSchema' } }],
    ['refreshService without type', { refreshService: { id: 'https://example.org/refresh' } }],
    ['relatedResource without a digest', { relatedResource: [{ id: 'https://example.org/a.json' }] }],
    ['relatedResource without an id', { relatedResource: [{ digestSRI: 'sha384-lH4a0L5iBiF1/rwEqXxXtzmJyZ5S6VcCqJ0s0JH0Q9Hgc9D3aBtj8y9yR/HG6P1T' }] }],
    ['relatedResource with a bad digestSRI', { relatedResource: [{ id: 'https://example.org/a.json', digestSRI: 'md5-abc' }] }],
    ['relatedResource with a hex digestSRI', { relatedResource: [{ id: 'https://example.org/a.json', digestSRI: 'sha256-ca3d163bab055381827226140568f3bef634ac187cebd76878e0b63e9e442356' }] }],
    ['relatedResource with a digestSRI of the wrong length', { relatedResource: [{ id: 'https://example.org/a.json', digestSRI: 'sha256-MIwhzJyufmsjiGS1qP0waCmFb0gKa5ZGBI0ZZtfQo9Ls=' }] }],
    ['relatedResource with a digestMultibase that is no multihash', { relatedResource: [{ id: 'https://example.org/a.json', digestMultibase: 'uZTQ0MjM1NiAgcmVwb3J0cw' }] }],
    ['relatedResource as a list of strings', { relatedResource: ['https://example.org/a.json'] }],
    ['relatedResource giving a wrong digest of the VC 2.0 context', { relatedResource: [{ id: 'https://www.w3.org/ns/credentials/v2', digestSRI: `sha256-${Buffer.alloc(32, 7).toString('base64')}` }] }],
    ['relatedResource listing one id twice', { relatedResource: [{ id: 'https://example.org/a.json', digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.alloc(32, 1)]).toString('base64url')}` }, { id: 'https://example.org/a.json', digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.alloc(32, 1)]).toString('base64url')}` }] }],
    ['a first context that is not the VC context', { '@context': ['https://www.w3.org/ns/credentials/examples/v2'] }],
    ['type without VerifiableCredential', { type: ['ExampleAlumniCredential'] }],
    ['a validFrom without a time zone', { validFrom: '2026-01-01T00:00:00' }],
    ['credentialStatus without type', { credentialStatus: { id: 'https://example.org/status/1#3' } }],
    ['a proof already', { proof: { type: 'DataIntegrityProof' } }],
  ]
  it.each(malformed)('refuses %s (400 ERR_OB3_SERVER_CREDENTIAL_MALFORMED)', async (_what, change) => {
    const res = await issue({ credential: mine(change) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
    expect(res.json.error.details.problems.length).toBeGreaterThan(0)
  })

  it('takes relatedResource digests that are well formed, and the published digests of the VC 2.0 context', async () => {
    const published = '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734'
    const relatedResource = [
      { id: 'https://www.w3.org/ns/credentials/v2', digestSRI: `sha256-${Buffer.from(published, 'hex').toString('base64')}` },
      { id: 'https://www.w3.org/ns/credentials/examples/v2', digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), Buffer.alloc(32, 9)]).toString('base64url')}`, mediaType: 'application/ld+json' },
      { id: 'https://example.org/lesson-plan.pdf', digestSRI: `sha384-${Buffer.alloc(48, 3).toString('base64')}`, mediaType: 'application/pdf' },
    ]
    const res = await issue({ credential: mine({ relatedResource }) })
    expect(res.status, res.text).toBe(201)
    expect(res.json.verifiableCredential.relatedResource).toEqual(relatedResource)
  })

  it('refuses a property no context defines (400 ERR_OB3_JSONLD_SAFE_MODE) and an unknown context (400 ERR_OB3_CONTEXT_NOT_ALLOWED)', async () => {
    const undefinedTerm = await issue({ credential: { ...mine(), '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'did:example:1', shoeSize: 42 } } })
    expect(undefinedTerm.status).toBe(400)
    expect(undefinedTerm.json.error.code).toBe('ERR_OB3_JSONLD_SAFE_MODE')
    const unknown = await issue({ credential: mine({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://unknown.example/context.json'] }) })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('ERR_OB3_CONTEXT_NOT_ALLOWED')
  })

  it('refuses a request without credential, with bad options, or an unknown format (400 ERR_OB3_SERVER_REQUEST_INVALID)', async () => {
    for (const body of [{}, { credential: mine(), options: 'x' }, { credential: mine(), options: { format: 'bbs' } }, { credential: mine(), options: { credentialId: 'no url' } }]) {
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
