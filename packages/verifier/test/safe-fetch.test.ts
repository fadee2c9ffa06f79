/**
 * createSafeFetch: what a credential points at is fetched over https only, never from a local or
 * private address written as a literal, nor a local host name; redirects are checked hop by hop;
 * createResourceFetch maps go through. And verify() uses it for any fetch it is given.
 */
import { describe, expect, it, vi } from 'vitest'
import { createResourceFetch } from '@ob3/core'
import { createSafeFetch, isSafeFetch, verify } from '../src/index.js'
import { NOW, checkOf, credential, parties, sign } from './fixtures.js'

const ok = (body = '{}', init: ResponseInit = {}) => new Response(body, { status: 200, headers: { 'content-type': 'application/json' }, ...init })

/** A fetch double that answers every URL with `{}` and records what was asked. */
function stub(answer: (url: string) => Response = () => ok()) {
  return vi.fn(async (input: string | URL | Request, _init?: RequestInit) => answer(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url))
}

describe('createSafeFetch', () => {
  it('fetches a public https URL, asking the inner fetch not to follow redirects by itself', async () => {
    const inner = stub()
    const safe = createSafeFetch({ fetch: inner })
    expect((await safe('https://issuer.example/.well-known/did.json')).status).toBe(200)
    expect(inner).toHaveBeenCalledTimes(1)
    expect(inner.mock.calls[0]?.[1]).toMatchObject({ redirect: 'manual' })
  })

  it.each([
    ['http://issuer.example/status/1', 'only https: URLs are'],
    ['ftp://issuer.example/list', 'only https: URLs are'],
    ['https://127.0.0.1/did.json', 'a loopback address'],
    ['https://2130706433/did.json', 'a loopback address'],
    ['https://0x7f.1/did.json', 'a loopback address'],
    ['https://[::1]/did.json', 'a loopback address'],
    ['https://[::ffff:127.0.0.1]/did.json', 'a loopback address'],
    ['https://0.0.0.0/did.json', 'an unspecified address'],
    ['https://10.1.2.3/status', 'a private address'],
    ['https://172.20.0.5/status', 'a private address'],
    ['https://192.168.1.10/status', 'a private address'],
    ['https://169.254.169.254/latest/meta-data/', 'a link-local address'],
    ['https://100.64.0.1/x', 'carrier-grade NAT'],
    ['https://[fd12:3456::1]/x', 'a private (unique local) address'],
    ['https://[fe80::1]/x', 'a link-local address'],
    ['https://[64:ff9b::10.0.0.1]/x', 'a private address'],
    ['https://[2002:c0a8:0101::1]/x', 'a private address'],
    ['https://localhost/did.json', 'is this machine'],
    ['https://LOCALHOST./did.json', 'is this machine'],
    ['https://api.localhost:8443/did.json', 'is this machine'],
    ['https://printer.local/x', 'a local-network name'],
    ['https://metadata.google.internal/x', 'a local-network name'],
    ['https://intranet/status', 'a single-label name'],
    ['https://user:secret@issuer.example/x', 'URLs with credentials are refused'],
  ])('refuses %s (ERR_OB3_FETCH_FORBIDDEN)', async (url, why) => {
    const inner = stub()
    const safe = createSafeFetch({ fetch: inner })
    await expect(safe(url)).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN', message: expect.stringContaining(why) })
    expect(inner).not.toHaveBeenCalled()
  })

  it('lets public literal addresses through', async () => {
    const safe = createSafeFetch({ fetch: stub() })
    for (const url of ['https://93.184.215.14/x', 'https://[2606:4700::6810:84e5]/x', 'https://172.32.0.1/x', 'https://issuer.example:8443/x']) {
      expect((await safe(url)).status, url).toBe(200)
    }
  })

  it('allows http:, loopback and private addresses with allowPrivate', async () => {
    const safe = createSafeFetch({ fetch: stub(), allowPrivate: true })
    for (const url of ['http://localhost:8080/did.json', 'https://127.0.0.1/x', 'https://10.0.0.2/x']) expect((await safe(url)).status, url).toBe(200)
    await expect(safe('file:///etc/passwd')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })

  it('follows a redirect to a public https URL, and refuses one to a private address or to http:', async () => {
    const to = (location: string) => new Response(null, { status: 302, headers: { location } })
    const good = stub((url) => (url === 'https://a.example/x' ? to('/y') : ok('{"final":true}')))
    expect(await (await createSafeFetch({ fetch: good })('https://a.example/x')).json()).toEqual({ final: true })
    expect(good.mock.calls.map((c) => c[0])).toEqual(['https://a.example/x', 'https://a.example/y'])
    for (const location of ['https://169.254.169.254/latest', 'http://a.example/y', 'https://localhost/y']) {
      const bad = stub((url) => (url === 'https://a.example/x' ? to(location) : ok()))
      await expect(createSafeFetch({ fetch: bad })('https://a.example/x'), location).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
      expect(bad).toHaveBeenCalledTimes(1)
    }
  })

  it('gives up after 5 redirects (ERR_OB3_FETCH_FAILED)', async () => {
    let n = 0
    const loop = stub(() => new Response(null, { status: 301, headers: { location: `https://a.example/${++n}` } }))
    await expect(createSafeFetch({ fetch: loop })('https://a.example/0')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FAILED' })
    expect(loop).toHaveBeenCalledTimes(6)
  })

  it('refuses a redirect it cannot see (a browser\'s opaque redirect)', async () => {
    const opaque = stub(() => {
      const r = new Response(null, { status: 200 })
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' })
      return r
    })
    await expect(createSafeFetch({ fetch: opaque })('https://a.example/x')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })

  it('serves the URLs of a createResourceFetch map unchecked (they never reach the network), and checks the rest', async () => {
    const fallback = stub()
    const resources = createResourceFetch({ resources: { 'http://localhost:3000/status/1': '{"local":true}' }, fallback })
    const safe = createSafeFetch({ fetch: resources })
    expect(await (await safe('http://localhost:3000/status/1')).json()).toEqual({ local: true })
    await expect(safe('http://localhost:3000/status/2')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
    expect(fallback).not.toHaveBeenCalled()
    await safe('https://issuer.example/status/3')
    expect(fallback).toHaveBeenCalledTimes(1)
  })

  it('with cache: asks once per URL for successful answers, again after an error', async () => {
    let status = 500
    const inner = stub((url) => (url.endsWith('/flaky') ? new Response('no', { status }) : ok('{"n":1}')))
    const safe = createSafeFetch({ fetch: inner, cache: true })
    expect(await (await safe('https://a.example/did.json')).json()).toEqual({ n: 1 })
    expect(await (await safe('https://a.example/did.json#key-1')).json()).toEqual({ n: 1 })
    expect(inner).toHaveBeenCalledTimes(1)
    expect((await safe('https://a.example/flaky')).status).toBe(500)
    status = 200
    expect((await safe('https://a.example/flaky')).status).toBe(200)
    expect(inner).toHaveBeenCalledTimes(3)
  })

  it('with cache: refuses a body over 4 MiB (ERR_OB3_INPUT_TOO_LARGE)', async () => {
    const big = stub(() => new Response(new Uint8Array(4 * 1024 * 1024 + 1)))
    await expect(createSafeFetch({ fetch: big, cache: true })('https://a.example/big')).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
  })

  it('marks what it makes, and refuses wrong usage', () => {
    expect(isSafeFetch(createSafeFetch({ fetch: stub() }))).toBe(true)
    expect(isSafeFetch(stub())).toBe(false)
    expect(() => createSafeFetch({} as never)).toThrow(TypeError)
  })
})

describe('verify() fetches safely', async () => {
  const { provider } = await parties()

  it('refuses a did:web on a loopback address: the proof fails with ERR_OB3_FETCH_FORBIDDEN, nothing is fetched', async () => {
    const did = 'did:web:127.0.0.1%3A8443'
    const unsigned = credential({ issuer: { ...provider, id: did } })
    const signed = await sign(unsigned, { ...provider.signer, id: `${did}#key-1` })
    const network = stub()
    const report = await verify({ input: signed, now: NOW, fetch: network })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_FETCH_FORBIDDEN' })
    expect(checkOf(report, 'proof').message).toContain('127.0.0.1 is a loopback address')
    expect(network).not.toHaveBeenCalled()
  })

  it('refuses an http: status list (the status check fails, saying why), unless allowPrivateNetwork is set', async () => {
    const status = { id: 'http://issuer.example/status/1#7', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'http://issuer.example/status/1' }
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: status } }), provider)
    const network = stub(() => new Response('nope', { status: 404 }))
    const report = await verify({ input: signed, now: NOW, fetch: network })
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(checkOf(report, 'status').message).toContain('only https: URLs are')
    expect(network).not.toHaveBeenCalled()
    const allowed = await verify({ input: signed, now: NOW, fetch: network, allowPrivateNetwork: true })
    expect(checkOf(allowed, 'status').message).toContain('answered HTTP 404')
    expect(network).toHaveBeenCalledTimes(1)
  })

  it('does not wrap a safe fetch again: its own allowPrivate holds', async () => {
    const status = { id: 'http://localhost:3000/status/1#7', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'http://localhost:3000/status/1' }
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: status } }), provider)
    const network = stub(() => new Response('nope', { status: 404 }))
    await verify({ input: signed, now: NOW, fetch: createSafeFetch({ fetch: network, allowPrivate: true }) })
    expect(network).toHaveBeenCalledTimes(1)
  })
})
