import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ob3Server } from '../src/index.js'
import { call, cleanUp, startServer } from './helpers.js'

let server: Ob3Server
let clock = new Date('2026-03-01T12:00:00Z')

beforeAll(async () => {
  ;({ server } = await startServer({
    now: () => clock,
    limits: { maxShareBytes: 64 * 1024, maxShareTtlSeconds: 30 * 24 * 3600, defaultShareTtlSeconds: 7 * 24 * 3600 },
    rateLimits: { shareDownload: false, shareUpload: false },
  }))
})
afterAll(cleanUp)

const bundle = () => new Uint8Array(randomBytes(2048))
const put = (body: Uint8Array | string, query = '', headers: Record<string, string> = { 'content-type': 'application/octet-stream' }) =>
  call(server, 'PUT', `/shares${query}`, { body, headers })
const pathOf = (url: string) => new URL(url).pathname

describe('share hosting', () => {
  it('stores a bundle (201 {url, deleteToken, expiresAt}), serves its bytes, and deletes it with the token (204, then 410)', async () => {
    const bytes = bundle()
    const created = await put(bytes, '?ttl=3600')
    expect(created.status).toBe(201)
    expect(created.json).toEqual({ url: expect.stringMatching(/^https:\/\/ob3\.test\/shares\/[A-Za-z0-9_-]{22}$/), deleteToken: expect.stringMatching(/^ob3d_/), expiresAt: '2026-03-01T13:00:00.000Z' })
    expect(created.headers.get('location')).toBe(created.json.url)
    const res = await server.app.request(pathOf(created.json.url))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)

    const wrong = await call(server, 'DELETE', pathOf(created.json.url), { token: 'ob3d_not-the-token' })
    expect(wrong.status).toBe(403)
    expect(wrong.json.error.code).toBe('ERR_OB3_SERVER_FORBIDDEN')
    const none = await call(server, 'DELETE', pathOf(created.json.url))
    expect(none.status).toBe(401)
    const deleted = await call(server, 'DELETE', pathOf(created.json.url), { token: created.json.deleteToken })
    expect(deleted.status).toBe(204)
    const after = await call(server, 'GET', pathOf(created.json.url))
    expect(after.status).toBe(410)
    expect(after.json.error.code).toBe('ERR_OB3_SHARE_GONE')
    expect((await call(server, 'DELETE', pathOf(created.json.url), { token: created.json.deleteToken })).status).toBe(410)
  })

  it('honours the wallet\'s X-Ob3-Expires-At, caps the lifetime, and answers 410 once a share expired', async () => {
    const wanted = await put(bundle(), '', { 'content-type': 'application/octet-stream', 'x-ob3-expires-at': '2026-03-02T12:00:00Z' })
    expect(wanted.json.expiresAt).toBe('2026-03-02T12:00:00.000Z')
    const capped = await put(bundle(), '?ttl=999999999')
    expect(capped.json.expiresAt).toBe('2026-03-31T12:00:00.000Z')
    const standard = await put(bundle())
    expect(standard.json.expiresAt).toBe('2026-03-08T12:00:00.000Z')
    expect((await call(server, 'GET', pathOf(wanted.json.url))).status).toBe(200)
    clock = new Date('2026-03-02T12:00:01Z')
    const expired = await call(server, 'GET', pathOf(wanted.json.url))
    expect(expired.status).toBe(410)
    expect(expired.json.error.code).toBe('ERR_OB3_SHARE_GONE')
    expect((await call(server, 'GET', pathOf(standard.json.url))).status).toBe(200)
    clock = new Date('2026-03-01T12:00:00Z')
  })

  it('answers 404 for a share that never was', async () => {
    for (const path of ['/shares/AAAAAAAAAAAAAAAAAAAAAA', '/shares/not-an-id']) {
      const res = await call(server, 'GET', path)
      expect(res.status).toBe(404)
      expect(res.json.error.code).toBe('ERR_OB3_SHARE_NOT_FOUND')
    }
  })

  it('refuses a wrong content type (415), an empty bundle (400), an oversize one (413), a bad ttl or expiry (400)', async () => {
    const json = await put('{"a":1}', '', { 'content-type': 'application/json' })
    expect(json.status).toBe(415)
    expect(json.json.error.code).toBe('ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE')
    expect((await put(new Uint8Array(0))).status).toBe(400)
    const big = await put(new Uint8Array(64 * 1024 + 1))
    expect(big.status).toBe(413)
    expect(big.json.error.code).toBe('ERR_OB3_INPUT_TOO_LARGE')
    for (const q of ['?ttl=0', '?ttl=-5', '?ttl=1.5', '?ttl=abc']) expect((await put(bundle(), q)).status, q).toBe(400)
    expect((await put(bundle(), '', { 'content-type': 'application/octet-stream', 'x-ob3-expires-at': '2020-01-01T00:00:00Z' })).status).toBe(400)
    expect((await put(bundle(), '', { 'content-type': 'application/octet-stream', 'x-ob3-expires-at': 'tomorrow' })).status).toBe(400)
  })

  it('rate-limits downloads and uploads per client: 429 with Retry-After', async () => {
    const { server: limited } = await startServer({ rateLimits: { shareDownload: { perSecond: 0.01, burst: 3 }, shareUpload: { perSecond: 0.01, burst: 2 } } })
    const upload = () => call(limited, 'PUT', '/shares', { body: bundle(), headers: { 'content-type': 'application/octet-stream' } })
    const first = await upload()
    expect(first.status).toBe(201)
    expect((await upload()).status).toBe(201)
    const tooMany = await upload()
    expect(tooMany.status).toBe(429)
    expect(tooMany.json.error.code).toBe('ERR_OB3_SERVER_RATE_LIMITED')
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await call(limited, 'GET', pathOf(first.json.url))).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const again = await call(limited, 'GET', pathOf(first.json.url))
    expect(again.status).toBe(429)
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })
})
