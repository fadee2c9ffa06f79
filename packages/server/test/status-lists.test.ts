import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, startServer, tenant } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

describe('GET /status/:tenant/:group/:purpose', () => {
  it('serves the signed BitstringStatusListCredential with Cache-Control and an ETag, 304 for If-None-Match, a new ETag after a revocation', async () => {
    const vc = (await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: lakeside.tenant.issuer }) }, token: lakeside.apiKey.token })).json.verifiableCredential
    const url = new URL(vc.credentialStatus.statusListCredential as string)
    const first = await call(server, 'GET', url.pathname)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/vc+ld+json')
    expect(first.headers.get('cache-control')).toBe('public, max-age=300')
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    const etag = first.headers.get('etag') as string
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/)
    expect(first.json).toMatchObject({ id: url.href, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: lakeside.tenant.issuer, credentialSubject: { statusPurpose: 'revocation' } })
    expect(first.json.proof.cryptosuite).toBe('eddsa-rdfc-2022')

    const again = await call(server, 'GET', url.pathname, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    // Unchanged bits: the same signed copy.
    expect((await call(server, 'GET', url.pathname)).text).toBe(first.text)

    await call(server, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true }, token: lakeside.apiKey.token })
    const changed = await call(server, 'GET', url.pathname, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(changed.json.credentialSubject.encodedList).not.toBe(first.json.credentialSubject.encodedList)
  })

  it('answers 404 for an unknown tenant, group or purpose', async () => {
    for (const path of ['/status/nobody/0123456789abcdef/revocation', '/status/lakeside/0123456789abcdef/revocation', '/status/lakeside/0123456789abcdef/refresh']) {
      const res = await call(server, 'GET', path)
      expect(res.status, path).toBe(404)
      expect(res.json.error.code).toBe('ERR_OB3_SERVER_NOT_FOUND')
    }
  })
})
