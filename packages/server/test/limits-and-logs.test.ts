import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { LATEST_SCHEMA_VERSION } from '../../issuer/src/store/migrations.js'
import { createStoreRateLimiter, createStrictStoreRateLimiter } from '../src/lib/rate-limit.js'
import { LATEST_SERVER_SCHEMA_VERSION } from '../src/store/migrations.js'
import type { ServerStore } from '../src/store/types.js'
import { call, cleanUp, exampleCredential, startServer, tenant } from './helpers.js'

let server: Ob3Server
let logs: string[]
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server, logs } = await startServer({ limits: { maxJsonBytes: 32 * 1024 } }))
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

/** A refusal: a 4xx JSON error with a stable code, and no stack trace anywhere. */
function expectRefusal(res: { status: number; json: any; text: string }, status: number, code: string): void {
  expect(res.status, res.text).toBe(status)
  expect(res.json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) })
  expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/)
}

describe('bad input and limits', () => {
  it('unknown routes: 404 ERR_OB3_SERVER_NOT_FOUND', async () => {
    expectRefusal(await call(server, 'GET', '/nope'), 404, 'ERR_OB3_SERVER_NOT_FOUND')
    expectRefusal(await call(server, 'POST', '/credentials/derive', { body: {} }), 404, 'ERR_OB3_SERVER_NOT_FOUND')
  })

  it('wrong methods: 405 with Allow', async () => {
    expectRefusal(await call(server, 'DELETE', '/credentials/verify'), 405, 'ERR_OB3_SERVER_METHOD_NOT_ALLOWED')
    expectRefusal(await call(server, 'POST', '/health'), 405, 'ERR_OB3_SERVER_METHOD_NOT_ALLOWED')
  })

  it('wrong content types: 415', async () => {
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '{}', headers: { 'content-type': 'text/plain' } }), 415, 'ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '{}' }), 415, 'ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE')
  })

  it('JSON that does not parse, is not an object, nests too deep or carries __proto__: 400', async () => {
    const json = { 'content-type': 'application/json' }
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '{"verifiableCredential": ', headers: json }), 400, 'ERR_OB3_JSON_INVALID')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '', headers: json }), 400, 'ERR_OB3_JSON_INVALID')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), headers: json }), 400, 'ERR_OB3_JSON_INVALID')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '[1, 2]', headers: json }), 400, 'ERR_OB3_SERVER_REQUEST_INVALID')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '{"a":' + '['.repeat(100) + ']'.repeat(100) + '}', headers: json }), 400, 'ERR_OB3_JSON_TOO_DEEP')
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: '{"verifiableCredential": {"__proto__": {"x": 1}}}', headers: json }), 400, 'ERR_OB3_JSON_FORBIDDEN_KEY')
    expectRefusal(await call(server, 'POST', '/credentials/issue', { body: 'nope', headers: json, token: lakeside.apiKey.token }), 400, 'ERR_OB3_JSON_INVALID')
  })

  it('bodies over the limit: 413, by Content-Length and while streaming one without it', async () => {
    const big = JSON.stringify({ verifiableCredential: exampleCredential({ description: 'x'.repeat(40 * 1024) }) })
    expectRefusal(await call(server, 'POST', '/credentials/verify', { body: big, headers: { 'content-type': 'application/json' } }), 413, 'ERR_OB3_INPUT_TOO_LARGE')
    // Over a socket, chunked (no Content-Length): refused once the limit is passed.
    const { port } = await server.listen({ port: 0 })
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/credentials/verify', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.on('data', (d) => { body += String(d) })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 8; i++) req.write(big.slice(i * 8192, (i + 1) * 8192))
      req.end()
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).error.code).toBe('ERR_OB3_INPUT_TOO_LARGE')
  })

  it('an unexpected failure is a 500 with ERR_OB3_SERVER_INTERNAL and no stack trace; the stack goes to the log', async () => {
    const { server: failing, logs: failingLogs } = await startServer({ pageHandler: async () => { throw new Error('page exploded') } })
    const res = await call(failing, 'GET', '/')
    expectRefusal(res, 500, 'ERR_OB3_SERVER_INTERNAL')
    expect(res.text).not.toContain('page exploded')
    expect(failingLogs.join('')).toContain('page exploded')
  })

  it('rate-limits verification per client (429, Retry-After)', async () => {
    const { server: limited } = await startServer({ rateLimits: { verify: { perSecond: 0.01, burst: 2 } } })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await call(limited, 'POST', '/credentials/verify', { body: {} })).status)
    expect(statuses).toEqual([400, 400, 429])
  })

  it('with rateLimitFlushMs 0, lets a request through when the shared buckets cannot be read, and logs it', async () => {
    const seen: unknown[] = []
    const failing = { takeRateToken: () => Promise.reject(new Error('connection refused')) } as unknown as ServerStore
    const limiter = createStrictStoreRateLimiter(failing, 'verify', { perSecond: 1, burst: 1 }, () => new Date(), (err) => seen.push(err))
    expect(await limiter.take('203.0.113.9')).toBe(0)
    expect(await limiter.take('203.0.113.9')).toBe(0)
    expect(seen).toHaveLength(2)
  })

  it('batching (the default), limits from its own buckets when the shared ones cannot be read, and logs it', async () => {
    const seen: unknown[] = []
    const failing = { takeRateTokens: () => Promise.reject(new Error('connection refused')) } as unknown as ServerStore
    const limiter = createStoreRateLimiter(failing, 'verify', { perSecond: 1, burst: 1 }, () => new Date('2026-11-25T10:00:00Z'), (err) => seen.push(err), { flushEveryMs: 0 })
    expect(await limiter.take('203.0.113.9')).toBe(0)
    expect(await limiter.take('203.0.113.9')).toBe(1)
    expect(seen).toHaveLength(1)
    await limiter.close()
    expect(seen).toHaveLength(2)
  })

  it('rate-limits OAuth2 token requests per client (429)', async () => {
    const { server: limited } = await startServer({ rateLimits: { token: { perSecond: 0.01, burst: 2 } } })
    const statuses = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(limited, 'POST', '/oauth2/token', { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status)
    }
    expect(statuses).toEqual([401, 401, 429])
  })

  it('keeps the buckets in the database when asked (shared by instances), with rateLimitFlushMs 0 asking it at every request: the same answers', async () => {
    const clock = { t: new Date('2026-11-25T10:00:00Z') }
    const { server: one, dir } = await startServer({ now: () => clock.t, rateLimitStore: 'database', rateLimitFlushMs: 0, rateLimits: { verify: { perSecond: 0.5, burst: 3 } } })
    const { server: two } = await startServer({ db: join(dir, 'ob3.db'), now: () => clock.t, rateLimitStore: 'database', rateLimitFlushMs: 0, rateLimits: { verify: { perSecond: 0.5, burst: 3 } } })
    const verify = async (s: typeof one) => {
      const res = await call(s, 'POST', '/credentials/verify', { body: {} })
      return res.status === 429 ? `429 after ${res.headers.get('retry-after')} s` : res.status
    }
    // Three for the client across both instances, then none until a token refills (2 s at 0.5/s).
    expect([await verify(one), await verify(two), await verify(one), await verify(two), await verify(one)]).toEqual([400, 400, 400, '429 after 2 s', '429 after 2 s'])
    clock.t = new Date(clock.t.getTime() + 2000)
    expect([await verify(two), await verify(one)]).toEqual([400, '429 after 2 s'])
    clock.t = new Date(clock.t.getTime() + 3_600_000)
    expect([await verify(one), await verify(one), await verify(one), await verify(one)]).toEqual([400, 400, 400, '429 after 2 s'])
  })
})

describe('health, the page hook, CORS and request ids', () => {
  it('GET /health answers 200 with the storage and schema versions', async () => {
    const res = await call(server, 'GET', '/health')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ status: 'ok', storage: 'sqlite', schema: { issuer: LATEST_SCHEMA_VERSION, server: LATEST_SERVER_SCHEMA_VERSION } })
  })

  it('GET / is the verification page: a placeholder until a page handler is plugged in', async () => {
    const placeholder = await call(server, 'GET', '/')
    expect(placeholder.status).toBe(200)
    expect(placeholder.headers.get('content-type')).toContain('text/html')
    expect(placeholder.text).toContain('verification page')
    const { server: withPage } = await startServer({
      pageHandler: async (req) => {
        const path = new URL(req.url).pathname
        if (path === '/') return new Response('<h1>page</h1>', { headers: { 'content-type': 'text/html' } })
        if (path === '/assets/page.js') return new Response('console.log(1)', { headers: { 'content-type': 'text/javascript' } })
        return undefined
      },
    })
    expect((await call(withPage, 'GET', '/')).text).toBe('<h1>page</h1>')
    expect((await call(withPage, 'GET', '/assets/page.js')).text).toBe('console.log(1)')
    expect((await call(withPage, 'GET', '/assets/missing.js')).status).toBe(404)
  })

  it('answers CORS preflights for the public endpoints', async () => {
    const res = await server.app.request('/credentials/verify', { method: 'OPTIONS', headers: { origin: 'https://page.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('echoes a caller\'s X-Request-Id, or makes one', async () => {
    const mine = await call(server, 'GET', '/health', { headers: { 'x-request-id': 'trace-42' } })
    expect(mine.headers.get('x-request-id')).toBe('trace-42')
    const made = await call(server, 'GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } })
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('logs', () => {
  it('log one line per request with its id, and never a credential, a proof, a token or a share\'s bytes', async () => {
    const secretName = 'Ada Lovelace-Byron'
    const credential = exampleCredential({ issuer: lakeside.tenant.issuer, credentialSubject: { id: 'did:example:ada', name: secretName } })
    const issued = await call(server, 'POST', '/credentials/issue', { body: { credential }, token: lakeside.apiKey.token })
    expect(issued.status).toBe(201)
    const vc = issued.json.verifiableCredential
    await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc }, headers: { 'x-request-id': 'verify-1' } })
    await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: { ...vc, credentialSubject: null } } })
    const share = await call(server, 'PUT', '/shares', { body: new TextEncoder().encode('CIPHERTEXT-MARKER-0001'), headers: { 'content-type': 'application/octet-stream' } })
    await call(server, 'DELETE', new URL(share.json.url).pathname, { token: share.json.deleteToken })
    const text = logs.join('')
    const lines = logs.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.some((l) => l.reqId === 'verify-1' && l.path === '/credentials/verify' && l.status === 200)).toBe(true)
    for (const secret of [secretName, 'did:example:ada', vc.proof.proofValue, lakeside.apiKey.token, share.json.deleteToken, 'CIPHERTEXT-MARKER-0001', 'alumniOf']) {
      expect(text, `the logs contain ${String(secret).slice(0, 12)}…`).not.toContain(secret)
    }
  })
})
