/**
 * Issue 10, attack class 6: a host name that resolves to a private address. The Node fetch
 * resolves first, refuses special answers, and connects to the very address it checked. No
 * real network: names resolve through an injected resolver, connections go to loopback only.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { createCheckedLookup } from '../src/node/create-dns-checked-fetch.js'
import { createDnsCheckedFetch, type ResolvedAddress } from '../src/node.js'
import { verify } from '../src/index.js'
import { NOW, checkOf, credential, sign } from './fixtures.js'

let server: Server
let port = 0
let connections = 0
const requests: { host: string | undefined; url: string | undefined }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ host: req.headers.host, url: req.url })
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/did.json' }).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  server.on('connection', () => { connections++ })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((done) => server.close(() => done()))
})

/** A resolver that answers every name with the given addresses, counting its calls. */
function resolver(...addresses: string[]) {
  const seen = { calls: 0, names: [] as string[] }
  const resolve = async (name: string): Promise<ResolvedAddress[]> => {
    seen.calls++
    seen.names.push(name)
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return { resolve, seen }
}

describe('createDnsCheckedFetch', () => {
  it.each(['10.0.0.5', '127.0.0.1', '::1', 'fd00::1', '169.254.169.254', '::ffff:127.0.0.1', '100.64.0.1', '0.0.0.0', 'fe80::1'])(
    'refuses a public-looking name that resolves to %s, before any connection (ERR_OB3_FETCH_FORBIDDEN)', async (address) => {
      const { resolve, seen } = resolver(address)
      const before = connections
      const fetch = createDnsCheckedFetch({ resolve })
      await expect(fetch(`http://badges.example:${port}/did.json`)).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN', details: { host: 'badges.example', address } })
      expect(seen).toEqual({ calls: 1, names: ['badges.example'] })
      expect(connections).toBe(before)
    })

  it('refuses a name when any one of its answers is private', async () => {
    const { resolve } = resolver('93.184.216.34', '10.0.0.5')
    await expect(createDnsCheckedFetch({ resolve })(`https://badges.example/did.json`)).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN', details: { address: '10.0.0.5' } })
  })

  it('refuses a private IP literal without resolving anything', async () => {
    const { resolve, seen } = resolver('93.184.216.34')
    const before = connections
    await expect(createDnsCheckedFetch({ resolve })(`http://127.0.0.1:${port}/did.json`)).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
    await expect(createDnsCheckedFetch({ resolve })('https://[fd00::1]/did.json')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
    expect(seen.calls).toBe(0)
    expect(connections).toBe(before)
  })

  it('connects to exactly the address it checked, resolving once', async () => {
    const { resolve, seen } = resolver('127.0.0.1')
    const fetch = createDnsCheckedFetch({ resolve, allowPrivate: true })
    const response = await fetch(`http://issuer.example:${port}/did.json`, { headers: { accept: 'application/did+json' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true })
    expect(seen).toEqual({ calls: 1, names: ['issuer.example'] })
    // The request reached the loopback server the resolver named, still addressed to the name.
    expect(requests.at(-1)).toEqual({ host: `issuer.example:${port}`, url: '/did.json' })
  })

  it('hands the socket only the checked public addresses', async () => {
    const { resolve, seen } = resolver('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946')
    const lookup = createCheckedLookup({ resolve, allowPrivate: false })
    const all = await new Promise<unknown>((done, fail) => lookup('issuer.example', { all: true }, (err, addresses) => (err === null ? done(addresses) : fail(err))))
    expect(all).toEqual([{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }])
    const one = await new Promise<unknown[]>((done, fail) => lookup('issuer.example', { family: 6 }, (err, address, family) => (err === null ? done([address, family]) : fail(err))))
    expect(one).toEqual(['2606:2800:220:1:248:1893:25c8:1946', 6])
    expect(seen.calls).toBe(2)
  })

  it('follows a redirect through the same check, or hands it back with redirect: manual', async () => {
    const { resolve } = resolver('127.0.0.1')
    const fetch = createDnsCheckedFetch({ resolve, allowPrivate: true })
    expect(await (await fetch(`http://issuer.example:${port}/moved`)).json()).toEqual({ ok: true })
    const manual = await fetch(`http://issuer.example:${port}/moved`, { redirect: 'manual' })
    expect(manual.status).toBe(302)
    expect(manual.headers.get('location')).toBe('/did.json')
  })

  it('makes verify() fail the proof of a did:web whose host resolves to a private address', async () => {
    const did = 'did:web:issuer.example'
    const key = { ...(await ed25519KeyFromSeed(new Uint8Array(32).fill(41))), id: `${did}#key-1`, controller: did }
    const signer = await createEd25519Signer(key)
    const input = await sign(credential({ issuer: { key, signer, id: did } }), signer)
    const { resolve, seen } = resolver('169.254.169.254')
    const report = await verify({ input, fetch: createDnsCheckedFetch({ resolve }), now: NOW })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_FETCH_FORBIDDEN' })
    expect(report.verified).toBe(false)
    expect(seen.names).toEqual(['issuer.example'])
  })
})
