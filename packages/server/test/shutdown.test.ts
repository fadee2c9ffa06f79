import { afterAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { issueCredential } from '@ob3/issuer'
import { didWebDocument } from '../src/lib/did-web.js'
import { serverDocumentLoader } from '../src/lib/contexts.js'
import { cleanUp, exampleCredential, startServer } from './helpers.js'

afterAll(cleanUp)

describe('graceful shutdown', () => {
  it('stops accepting connections, lets a request in flight finish, answers it, then closes the stores', async () => {
    // A credential by an outside did:web issuer whose DID document arrives only when the test
    // lets it: the request stays in flight for as long as the test needs, however slow the machine.
    const did = 'did:web:slow.example'
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(3), undefined, { controller: did, id: `${did}#key-1` })
    const { credential } = await issueCredential({ credential: exampleCredential({ issuer: did }), signer: await createEd25519Signer(key), documentLoader: serverDocumentLoader })
    let fetched!: () => void
    const fetchStarted = new Promise<void>((resolve) => { fetched = resolve })
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    const slowFetch = (async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      expect(url).toBe('https://slow.example/.well-known/did.json')
      fetched()
      await released
      return new Response(JSON.stringify(didWebDocument(did, key)), { headers: { 'content-type': 'application/did+json' } })
    }) as typeof fetch

    const { server } = await startServer({ fetch: slowFetch, baseUrl: undefined })
    const { url } = await server.listen({ port: 0 })
    const inFlight = fetch(`${url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }) })
    await fetchStarted
    const closing = server.close()
    // No new connections once closing has begun.
    await expect(fetch(`${url}/health`, { headers: { connection: 'close' } })).rejects.toThrow()
    // Closing waits for the request in flight: it has not finished while the DID document is held back.
    let closed = false
    void closing.then(() => { closed = true })
    await new Promise((r) => setImmediate(r))
    expect(closed).toBe(false)
    release()
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(((await res.json()) as { verified: boolean }).verified).toBe(true)
    expect(res.headers.get('connection')).toBe('close')
    await closing
    // The stores are closed: the in-process app now refuses, as the service is stopping.
    const after = await server.app.request('/health')
    expect(after.status).toBe(503)
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe('ERR_OB3_SERVER_SHUTTING_DOWN')
  })
})
