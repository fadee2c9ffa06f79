import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateEd25519Key } from '@ob3/core'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { ADMIN_TOKEN, call, cleanUp, exampleCredential, startServer, tenant } from './helpers.js'

let server: Ob3Server
let a: CreatedTenant
let b: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  a = await tenant(server, 'district-a')
  b = await tenant(server, 'district-b')
})
afterAll(cleanUp)

const admin = (method: string, path: string, body?: unknown) => call(server, method, path, { token: ADMIN_TOKEN, ...(body === undefined ? {} : { body }) })

describe('the admin API', () => {
  it('creates a tenant and shows its API key once; stores only a hash of it', async () => {
    const res = await admin('POST', '/admin/tenants', { id: 'north-county', name: 'North County Schools' })
    expect(res.status).toBe(201)
    expect(res.json.tenant).toMatchObject({ id: 'north-county', name: 'North County Schools', did: 'key', issuer: expect.stringMatching(/^did:key:z6Mk/) })
    expect(res.json.apiKey.token).toMatch(/^ob3k_[A-Za-z0-9_-]{43}$/)
    const keys = await admin('GET', '/admin/tenants/north-county/api-keys')
    expect(keys.json.apiKeys).toHaveLength(1)
    expect(JSON.stringify(keys.json)).not.toContain(res.json.apiKey.token)
    expect(keys.json.apiKeys[0]).not.toHaveProperty('tokenHash')
    const me = await call(server, 'GET', '/tenant', { token: res.json.apiKey.token })
    expect(me.json.tenant.id).toBe('north-county')
  })

  it('takes a tenant\'s own key, and makes a did:web tenant on the service host', async () => {
    const key = await generateEd25519Key()
    const own = await admin('POST', '/admin/tenants', { id: 'own-key', name: 'Own Key', key })
    expect(own.status).toBe(201)
    expect(own.json.tenant.issuer).toBe(key.controller)
    const web = await admin('POST', '/admin/tenants', { id: 'web-district', name: 'Web District', did: 'web' })
    expect(web.json.tenant).toMatchObject({ issuer: 'did:web:ob3.test:web-district', verificationMethod: 'did:web:ob3.test:web-district#key-1', didDocumentUrl: 'https://ob3.test/web-district/did.json' })
  })

  it('refuses a duplicate id (409), bad ids and names (400), a key without its secret (400)', async () => {
    expect((await admin('POST', '/admin/tenants', { id: 'district-a', name: 'again' })).status).toBe(409)
    for (const body of [{ id: 'A', name: 'x' }, { id: 'status', name: 'x' }, { id: '-x', name: 'x' }, { id: 'ok-id', name: '' }, { id: 'ok-id', name: 'x', did: 'ion' }]) {
      const res = await admin('POST', '/admin/tenants', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
    }
    const { secretKeyMultibase: _s, ...publicOnly } = await generateEd25519Key()
    expect((await admin('POST', '/admin/tenants', { id: 'no-secret', name: 'x', key: publicOnly })).status).toBe(400)
  })

  it('needs the admin token: 401 without it or with a tenant key; lists tenants without keys', async () => {
    expect((await call(server, 'GET', '/admin/tenants')).status).toBe(401)
    expect((await call(server, 'GET', '/admin/tenants', { token: a.apiKey.token })).status).toBe(401)
    const list = await admin('GET', '/admin/tenants')
    expect(list.json.tenants.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['district-a', 'district-b']))
    expect(JSON.stringify(list.json)).not.toMatch(/secretKeyMultibase|ob3k_/)
  })

  it('is off (403) when the service has no admin token', async () => {
    const { server: plain } = await startServer({ adminToken: undefined })
    const res = await call(plain, 'GET', '/admin/tenants', { token: ADMIN_TOKEN })
    expect(res.status).toBe(403)
  })

  it('adds and revokes API keys; a revoked key is refused at once', async () => {
    const made = await admin('POST', '/admin/tenants/district-b/api-keys', { label: 'sis integration' })
    expect(made.status).toBe(201)
    const token = made.json.apiKey.token as string
    expect((await call(server, 'GET', '/tenant', { token })).status).toBe(200)
    expect((await admin('DELETE', `/admin/tenants/district-b/api-keys/${made.json.apiKey.id as string}`)).status).toBe(204)
    expect((await call(server, 'GET', '/tenant', { token })).status).toBe(401)
    expect((await admin('DELETE', `/admin/tenants/district-a/api-keys/${made.json.apiKey.id as string}`)).status).toBe(404)
  })
})

describe('tenant isolation', () => {
  it('one tenant can never issue as, revoke for, or read the records of another', async () => {
    const issued = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: a.tenant.issuer }) }, token: a.apiKey.token })
    expect(issued.status).toBe(201)
    const vc = issued.json.verifiableCredential

    // issue as A with B's key: the credential is B's (B's id, B's key), and the answer says so
    const asA = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: a.tenant.issuer }) }, token: b.apiKey.token })
    expect(asA.status).toBe(201)
    expect(asA.json.verifiableCredential.issuer).toBe(b.tenant.issuer)
    expect(asA.json.verifiableCredential.proof.verificationMethod.split('#')[0]).toBe(b.tenant.issuer)
    expect(asA.json.warnings).toEqual([{ code: 'ERR_OB3_SERVER_ISSUER_REPLACED', message: expect.stringContaining(a.tenant.issuer) }])
    const asAObject = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: { id: a.tenant.issuer, name: 'Not A' } }) }, token: b.apiKey.token })
    expect(asAObject.json.verifiableCredential.issuer).toEqual({ id: b.tenant.issuer, name: 'Not A' })
    expect((await call(server, 'GET', '/credentials', { token: a.apiKey.token })).json.credentials).toHaveLength(1)

    // revoke A's credential with B's key: as if it did not exist
    const revoke = await call(server, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true }, token: b.apiKey.token })
    expect(revoke.status).toBe(404)
    expect(revoke.json.error.code).toBe('ERR_OB3_SERVER_NOT_FOUND')
    expect((await call(server, 'GET', `/credentials/${encodeURIComponent(vc.id)}`, { token: a.apiKey.token })).json.status).toEqual({ revoked: false, suspended: false })

    // read A's records with B's key
    expect((await call(server, 'GET', `/credentials/${encodeURIComponent(vc.id)}`, { token: b.apiKey.token })).status).toBe(404)
    const listB = await call(server, 'GET', '/credentials', { token: b.apiKey.token })
    expect(listB.json.credentials.map((c: { id: string }) => c.id)).not.toContain(vc.id)
    const listA = await call(server, 'GET', '/credentials', { token: a.apiKey.token })
    expect(listA.json.credentials.map((c: { id: string }) => c.id)).toContain(vc.id)

    // Credential ids are per issuer: B may use the same id; it neither blocks nor touches A's record
    const sameId = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ id: vc.id, issuer: b.tenant.issuer }) }, token: b.apiKey.token })
    expect(sameId.status).toBe(201)
    expect(sameId.json.verifiableCredential.issuer).toBe(b.tenant.issuer)
    const readA = await call(server, 'GET', `/credentials/${encodeURIComponent(vc.id)}`, { token: a.apiKey.token })
    expect(readA.json.verifiableCredential.proof.verificationMethod.split('#')[0]).toBe(a.tenant.issuer)
    const readB = await call(server, 'GET', `/credentials/${encodeURIComponent(vc.id)}`, { token: b.apiKey.token })
    expect(readB.json.verifiableCredential.proof.verificationMethod.split('#')[0]).toBe(b.tenant.issuer)
  })

  it('each tenant signs with its own key and publishes its own status lists', async () => {
    const fromA = (await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: a.tenant.issuer }) }, token: a.apiKey.token })).json.verifiableCredential
    const fromB = (await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: b.tenant.issuer }) }, token: b.apiKey.token })).json.verifiableCredential
    expect(fromA.proof.verificationMethod.split('#')[0]).toBe(a.tenant.issuer)
    expect(fromB.proof.verificationMethod.split('#')[0]).toBe(b.tenant.issuer)
    expect(fromA.credentialStatus.statusListCredential).toContain('/status/district-a/')
    expect(fromB.credentialStatus.statusListCredential).toContain('/status/district-b/')
    // A's list group is not B's: asking B's path for A's group finds nothing
    const groupA = (fromA.credentialStatus.statusListCredential as string).split('/')[5] as string
    expect((await call(server, 'GET', `/status/district-b/${groupA}/revocation`)).status).toBe(404)
  })
})

describe('did:web', () => {
  it('serves tenant did:web documents and the service\'s own; a did:web tenant\'s credentials verify', async () => {
    const web = await tenant(server, 'web-tenant', { did: 'web' })
    const doc = await call(server, 'GET', '/web-tenant/did.json')
    expect(doc.status).toBe(200)
    expect(doc.headers.get('content-type')).toContain('application/did+json')
    expect(doc.json).toMatchObject({ id: web.tenant.issuer, assertionMethod: [web.tenant.verificationMethod] })
    expect((await call(server, 'GET', '/district-a/did.json')).status).toBe(404)
    expect((await call(server, 'GET', '/.well-known/did.json')).status).toBe(404)
    const host = await tenant(server, 'the-host', { did: 'web-host' })
    expect(host.tenant.issuer).toBe('did:web:ob3.test')
    expect((await call(server, 'GET', '/.well-known/did.json')).json.id).toBe('did:web:ob3.test')
    await expect(tenant(server, 'second-host', { did: 'web-host' })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_CONFLICT' })

    const vc = (await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: web.tenant.issuer }) }, token: web.apiKey.token })).json.verifiableCredential
    const verified = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc } })
    expect(verified.status, verified.text).toBe(200)
    expect(verified.json.ob3Report.checks.find((c: { id: string }) => c.id === 'proof').message).toContain('did:web:ob3.test:web-tenant#key-1')
  })
})
