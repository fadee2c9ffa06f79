import { describe, expect, it } from 'vitest'
import { createResourceFetch, createResponseCache, localResourcesOf } from '../src/index.js'

function countingFetch(make: (url: string) => Response | Promise<Response>) {
  const seen = { calls: 0 }
  const fetch = (async (input: string | URL | Request) => {
    seen.calls++
    return make(String(input))
  }) as typeof globalThis.fetch
  return { fetch, seen }
}

describe('createResponseCache', () => {
  it('keeps an answer for 5 minutes at most by default, by URL without its fragment', async () => {
    let clock = 1_000_000
    const cache = createResponseCache({ now: () => clock })
    const { fetch, seen } = countingFetch(() => Response.json({ n: 1 }, { headers: { 'cache-control': 'max-age=86400' } }))
    const cached = cache.wrap(fetch)
    expect(await (await cached('https://a.example/did.json')).json()).toEqual({ n: 1 })
    expect(await (await cached('https://a.example/did.json#key-1')).json()).toEqual({ n: 1 })
    expect(seen.calls).toBe(1)
    clock += 5 * 60_000 + 1
    await cached('https://a.example/did.json')
    expect(seen.calls).toBe(2)
  })

  it('takes max-age less Age, Expires against Date, and keeps nothing for no-cache, errors or maxAgeMs 0', async () => {
    let clock = Date.parse('2026-06-01T00:00:00Z')
    const cases: [Record<string, string>, number][] = [
      [{ 'cache-control': 'max-age=100', age: '90' }, 10_000],
      [{ expires: 'Mon, 01 Jun 2026 00:00:30 GMT', date: 'Mon, 01 Jun 2026 00:00:00 GMT' }, 30_000],
      [{ expires: '0' }, 0],
      [{ 'cache-control': 'no-cache' }, 0],
    ]
    for (const [headers, lifetime] of cases) {
      const cache = createResponseCache({ now: () => clock })
      const { fetch, seen } = countingFetch(() => new Response('{}', { headers }))
      const cached = cache.wrap(fetch)
      await cached('https://a.example/x')
      clock += Math.max(lifetime - 1, 0)
      await cached('https://a.example/x')
      expect(seen.calls, JSON.stringify(headers)).toBe(lifetime === 0 ? 2 : 1)
      clock += 2
      await cached('https://a.example/x')
      expect(seen.calls, JSON.stringify(headers)).toBe(lifetime === 0 ? 3 : 2)
    }
    const notFound = countingFetch(() => new Response('no', { status: 404 }))
    const cached = createResponseCache().wrap(notFound.fetch)
    expect((await cached('https://a.example/x')).status).toBe(404)
    expect((await cached('https://a.example/x')).status).toBe(404)
    expect(notFound.seen.calls).toBe(2)
    const off = countingFetch(() => new Response('{}'))
    const none = createResponseCache({ maxAgeMs: 0 }).wrap(off.fetch)
    await none('https://a.example/x')
    await none('https://a.example/x')
    expect(off.seen.calls).toBe(2)
  })

  it('shares one request between callers at the same time; one giving up does not fail the other', async () => {
    let release: (r: Response) => void = () => undefined
    const { fetch, seen } = countingFetch(() => new Promise<Response>((resolve) => { release = resolve }))
    const cached = createResponseCache().wrap(fetch)
    const quitter = new AbortController()
    const first = cached('https://a.example/list', { signal: quitter.signal })
    const second = cached('https://a.example/list', { signal: new AbortController().signal })
    quitter.abort(new Error('gave up'))
    await expect(first).rejects.toThrow('gave up')
    release(Response.json({ ok: true }))
    expect(await (await second).json()).toEqual({ ok: true })
    expect(seen.calls).toBe(1)
  })

  it('cancels the request once every caller has given up', async () => {
    let innerSignal: AbortSignal | undefined
    const fetch = ((_: unknown, init?: RequestInit) => {
      innerSignal = init?.signal ?? undefined
      return new Promise<Response>(() => undefined)
    }) as typeof globalThis.fetch
    const cached = createResponseCache().wrap(fetch)
    const c = new AbortController()
    const pending = cached('https://a.example/slow', { signal: c.signal })
    c.abort(new Error('done waiting'))
    await expect(pending).rejects.toThrow('done waiting')
    expect(innerSignal?.aborted).toBe(true)
  })

  it('passes through what it does not keep: other methods and headers, and local resources (and says which are local)', async () => {
    const { fetch, seen } = countingFetch(() => new Response('{}'))
    const cached = createResponseCache().wrap(fetch)
    await cached('https://a.example/x', { method: 'POST', body: '{}' })
    await cached('https://a.example/x', { method: 'POST', body: '{}' })
    await cached('https://a.example/x', { headers: { authorization: 'Bearer t' } })
    await cached('https://a.example/x', { headers: { authorization: 'Bearer t' } })
    expect(seen.calls).toBe(4)
    let reads = 0
    const local = createResourceFetch({ resources: { 'https://b.example/list': () => { reads++; return Promise.resolve('{"v":1}') } } })
    const wrapped = createResponseCache().wrap(local)
    expect(localResourcesOf(wrapped)?.has('https://b.example/list')).toBe(true)
    await wrapped('https://b.example/list')
    await wrapped('https://b.example/list')
    expect(reads).toBe(2)
  })

  it('refuses a body over 4 MiB (ERR_OB3_INPUT_TOO_LARGE) and bad options', async () => {
    const { fetch } = countingFetch(() => new Response(new Uint8Array(4 * 1024 * 1024 + 1)))
    await expect(createResponseCache().wrap(fetch)('https://a.example/big')).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
    expect(() => createResponseCache({ maxAgeMs: -1 })).toThrow(TypeError)
  })
})
