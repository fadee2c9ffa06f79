import { afterAll, describe, expect, it } from 'vitest'
import type { Ob3Server } from '../src/index.js'
import { cleanUp, startServer } from './helpers.js'

afterAll(cleanUp)

/** A limit that refills too slowly to matter during the test: the first 60 pass, the rest are 429. */
const VERIFY_LIMIT = { perSecond: 0.001, burst: 60 }

/** POST /credentials/verify with an X-Forwarded-For header; `{}` answers 400 when not limited. */
const verifyAs = async (server: Ob3Server, forwardedFor: string): Promise<number> =>
  (await server.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: '{}' })).status

/** 300 requests; how many were refused with 429. */
async function tooMany(server: Ob3Server, forwardedFor: (i: number) => string): Promise<number> {
  let refused = 0
  for (let i = 0; i < 300; i++) {
    const status = await verifyAs(server, forwardedFor(i))
    expect([400, 429]).toContain(status)
    if (status === 429) refused++
  }
  return refused
}

describe('--trust-proxy [hops]: the client address is the rightmost X-Forwarded-For entry no trusted proxy added', () => {
  it('one proxy: 300 requests with a new spoofed leftmost entry each are limited exactly like one address', async () => {
    const { server: plain } = await startServer({ trustProxy: true, rateLimits: { verify: VERIFY_LIMIT } })
    const { server: spoofed } = await startServer({ trustProxy: 1, rateLimits: { verify: VERIFY_LIMIT } })
    // The proxy appends the address it saw (198.51.100.9); the client wrote whatever it liked before it.
    const honest = await tooMany(plain, () => '198.51.100.9')
    const lying = await tooMany(spoofed, (i) => `203.0.113.${i % 250}, 10.${i}.0.1, 198.51.100.9`)
    expect(honest).toBe(240)
    expect(lying).toBe(honest)
    // Another real address has a bucket of its own.
    expect(await verifyAs(spoofed, '203.0.113.1, 198.51.100.10')).toBe(400)
  })

  it('two proxies: the second entry from the right is the client; the rightmost (the first proxy) is not', async () => {
    const { server } = await startServer({ trustProxy: 2, rateLimits: { verify: VERIFY_LIMIT } })
    // Every request through the same outer proxy (192.0.2.1), from the same client, spoofing the left.
    const refused = await tooMany(server, (i) => `203.0.113.${i % 250}, 198.51.100.9, 192.0.2.1`)
    expect(refused).toBe(240)
    // The same outer proxy, another client: not limited — the limit was the client's, not the proxy's.
    expect(await verifyAs(server, '198.51.100.77, 192.0.2.1')).toBe(400)
    // The same client through another outer proxy: still limited.
    expect(await verifyAs(server, '198.51.100.9, 192.0.2.2')).toBe(429)
  })

  it('without trustProxy the header is ignored: every request is the socket\'s', async () => {
    const { server } = await startServer({ rateLimits: { verify: VERIFY_LIMIT } })
    const refused = await tooMany(server, (i) => `203.0.113.${i % 250}`)
    expect(refused).toBe(240)
  })

  it('refuses a hop count that is not a whole number (TypeError)', async () => {
    await expect(startServer({ trustProxy: 1.5 })).rejects.toThrow(TypeError)
    await expect(startServer({ trustProxy: -1 })).rejects.toThrow(TypeError)
  })
})
