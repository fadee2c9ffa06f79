import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { ADMIN_TOKEN, BASE_URL, call, cleanUp, exampleCredential, startServer, tenant } from './helpers.js'

let server: Ob3Server
let clock = new Date('2026-11-25T10:00:00Z')
let a: CreatedTenant
let b: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer({ now: () => clock, limits: { accessTokenTtlSeconds: 600 }, rateLimits: { token: false } }))
  a = await tenant(server, 'district-a')
  b = await tenant(server, 'district-b')
})
afterAll(cleanUp)

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

/** `POST /oauth2/token` with a form body. */
function token(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(server, 'POST', '/oauth2/token', { body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
}

async function grant(t: CreatedTenant, scope?: string): Promise<string> {
  const res = await token({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }, { authorization: basic(t.apiKey.id, t.apiKey.token) })
  expect(res.status, res.text).toBe(200)
  return res.json.access_token as string
}

describe('OAuth2 client credentials', () => {
  it('grants a bearer token for a tenant API key (client_secret_basic), with every scope by default', async () => {
    const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(a.apiKey.id, a.apiKey.token) })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^ob3t_[A-Za-z0-9_-]{43}$/),
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'issue:credentials update:credentials read:credentials',
    })
    const issued = await call(server, 'POST', '/credentials/issue', { token: res.json.access_token, body: { credential: exampleCredential({ issuer: a.tenant.issuer }) } })
    expect(issued.status).toBe(201)
    expect(issued.json.verifiableCredential.issuer).toBe(a.tenant.issuer)
    const me = await call(server, 'GET', '/tenant', { token: res.json.access_token })
    expect(me.json.tenant.id).toBe('district-a')
  })

  it('takes the client credentials in the form body too (client_secret_post), and a JSON body', async () => {
    const posted = await token({ grant_type: 'client_credentials', client_id: b.apiKey.id, client_secret: b.apiKey.token, scope: 'read:credentials' })
    expect(posted.status).toBe(200)
    expect(posted.json.scope).toBe('read:credentials')
    const json = await call(server, 'POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: b.apiKey.id, client_secret: b.apiKey.token } })
    expect(json.status).toBe(200)
    expect((await call(server, 'GET', '/tenant', { token: json.json.access_token })).json.tenant.id).toBe('district-b')
  })

  it('keeps a token to its scopes: 403 insufficient_scope outside them', async () => {
    const readOnly = await grant(a, 'read:credentials verify:credentials')
    expect((await call(server, 'GET', '/credentials', { token: readOnly })).status).toBe(200)
    const refused = await call(server, 'POST', '/credentials/issue', { token: readOnly, body: { credential: exampleCredential({ issuer: a.tenant.issuer }) } })
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('ERR_OB3_SERVER_FORBIDDEN')
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="ob3", error="insufficient_scope", scope="issue:credentials"')
    const issueOnly = await grant(a, 'issue:credentials')
    const issued = await call(server, 'POST', '/credentials/issue', { token: issueOnly, body: { credential: exampleCredential({ issuer: a.tenant.issuer }) } })
    expect(issued.status).toBe(201)
    const revoke = await call(server, 'POST', '/credentials/status', {
      token: issueOnly,
      body: { credentialId: issued.json.verifiableCredential.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true },
    })
    expect(revoke.status).toBe(403)
  })

  it('keeps a token to its tenant: it never issues as, revokes for or reads another tenant', async () => {
    const tokenB = await grant(b)
    const asA = await call(server, 'POST', '/credentials/issue', { token: tokenB, body: { credential: exampleCredential({ issuer: a.tenant.issuer }) } })
    expect(asA.status).toBe(201)
    expect(asA.json.verifiableCredential.issuer).toBe(b.tenant.issuer)
    expect(asA.json.warnings[0].code).toBe('ERR_OB3_SERVER_ISSUER_REPLACED')
    const ofA = await call(server, 'POST', '/credentials/issue', { token: a.apiKey.token, body: { credential: exampleCredential({ issuer: a.tenant.issuer }) } })
    const id = ofA.json.verifiableCredential.id as string
    expect((await call(server, 'GET', `/credentials/${encodeURIComponent(id)}`, { token: tokenB })).status).toBe(404)
    const revoke = await call(server, 'POST', '/credentials/status', {
      token: tokenB,
      body: { credentialId: id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true },
    })
    expect(revoke.status).toBe(404)
    expect((await call(server, 'GET', `/credentials/${encodeURIComponent(id)}`, { token: a.apiKey.token })).json.status).toEqual({ revoked: false, suspended: false })
  })

  it('ends a token when it expires and when its API key is revoked', async () => {
    const key = await server.createApiKey('district-a', 'suite')
    const t1 = await grant({ ...a, apiKey: key })
    expect((await call(server, 'GET', '/tenant', { token: t1 })).status).toBe(200)
    clock = new Date(clock.getTime() + 601_000)
    const expired = await call(server, 'GET', '/tenant', { token: t1 })
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"')
    const t2 = await grant({ ...a, apiKey: key })
    expect((await call(server, 'DELETE', `/admin/tenants/district-a/api-keys/${key.id}`, { token: ADMIN_TOKEN })).status).toBe(204)
    expect((await call(server, 'GET', '/tenant', { token: t2 })).status).toBe(401)
    const again = await token({ grant_type: 'client_credentials' }, { authorization: basic(key.id, key.token) })
    expect(again.status).toBe(401)
    expect(again.json.error).toBe('invalid_client')
  })

  it('answers RFC 6749 errors with the ob3 code beside them', async () => {
    const cases: [Record<string, string>, Record<string, string>, number, string, string][] = [
      [{ grant_type: 'client_credentials' }, {}, 401, 'invalid_client', 'ERR_OB3_SERVER_UNAUTHORIZED'],
      [{ grant_type: 'client_credentials' }, { authorization: basic(a.apiKey.id, 'ob3k_wrong') }, 401, 'invalid_client', 'ERR_OB3_SERVER_UNAUTHORIZED'],
      [{ grant_type: 'client_credentials' }, { authorization: basic(a.apiKey.id, b.apiKey.token) }, 401, 'invalid_client', 'ERR_OB3_SERVER_UNAUTHORIZED'],
      [{ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }, 401, 'invalid_client', 'ERR_OB3_SERVER_UNAUTHORIZED'],
      [{ grant_type: 'password', username: 'x', password: 'y' }, { authorization: basic(a.apiKey.id, a.apiKey.token) }, 400, 'unsupported_grant_type', 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{}, { authorization: basic(a.apiKey.id, a.apiKey.token) }, 400, 'invalid_request', 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ grant_type: 'client_credentials', scope: 'admin' }, { authorization: basic(a.apiKey.id, a.apiKey.token) }, 400, 'invalid_scope', 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ grant_type: 'client_credentials', client_secret: a.apiKey.token }, { authorization: basic(a.apiKey.id, a.apiKey.token) }, 400, 'invalid_request', 'ERR_OB3_SERVER_REQUEST_INVALID'],
    ]
    for (const [fields, headers, status, error, code] of cases) {
      const res = await token(fields, headers)
      expect([res.status, res.json.error, res.json.code], JSON.stringify(fields)).toEqual([status, error, code])
      expect(typeof res.json.error_description).toBe('string')
    }
    const twice = await call(server, 'POST', '/oauth2/token', {
      body: 'grant_type=client_credentials&grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(a.apiKey.id, a.apiKey.token) },
    })
    expect([twice.status, twice.json.error]).toEqual([400, 'invalid_request'])
    const text = await call(server, 'POST', '/oauth2/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'text/plain' } })
    expect([text.status, text.json.error]).toEqual([400, 'invalid_request'])
    expect((await call(server, 'GET', '/oauth2/token')).status).toBe(405)
  })

  it('does not take an API key or a token where the other is expected, nor a made-up token', async () => {
    expect((await call(server, 'GET', '/tenant', { token: 'ob3t_madeup' })).status).toBe(401)
    const res = await token({ grant_type: 'client_credentials' }, { authorization: basic(a.apiKey.id, await grant(a)) })
    expect(res.status).toBe(401)
  })

  it('publishes its authorization server metadata (RFC 8414)', async () => {
    const res = await call(server, 'GET', '/.well-known/oauth-authorization-server')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      issuer: BASE_URL,
      token_endpoint: `${BASE_URL}/oauth2/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    })
    expect(res.json.scopes_supported).toEqual(expect.arrayContaining(['issue:credentials', 'update:credentials', 'read:credentials']))
  })

  it('never logs a client secret or an access token', async () => {
    const { server: s2, logs } = await startServer()
    const t = await tenant(s2, 'quiet')
    const res = await call(s2, 'POST', '/oauth2/token', {
      body: form({ grant_type: 'client_credentials', client_id: t.apiKey.id, client_secret: t.apiKey.token }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    await call(s2, 'GET', '/tenant', { token: res.json.access_token })
    const all = logs.join('')
    expect(all).toContain('access token granted')
    expect(all).not.toContain(t.apiKey.token)
    expect(all).not.toContain(res.json.access_token)
  })
})
