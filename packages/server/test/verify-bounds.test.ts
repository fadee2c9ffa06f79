/**
 * Issue 10, attack classes 3 and 4 through the service: a status tarpit is cut off by the time
 * budget, more than 4 status entries are not fetched at all, and a did:web document is believed
 * only for the cache lifetime.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { credential, parties, sign, type Party } from '../../verifier/test/fixtures.js'
import { call, cleanUp, startServer } from './helpers.js'

afterAll(cleanUp)

const { provider } = await parties()

function withStatus(count: number): Record<string, unknown> {
  return credential({
    issuer: provider,
    extra: {
      credentialStatus: Array.from({ length: count }, (_, i) => ({
        id: `https://tarpit.example/lists/${i}#3`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '3', statusListCredential: `https://tarpit.example/lists/${i}`,
      })),
    },
  })
}

/** A server that never answers: each request ends only when it is aborted. */
function tarpit() {
  const seen = { calls: 0 }
  const fetch = ((_: unknown, init?: RequestInit) => {
    seen.calls++
    return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }))
  }) as typeof globalThis.fetch
  return { fetch, seen }
}

const statusOf = (json: { ob3Report: { checks: { id: string; status: string; code?: string }[] } }) => json.ob3Report.checks.find((c) => c.id === 'status')

describe('POST /credentials/verify with bounded work', () => {
  it('answers within the time budget when status lists never come: status fails with ERR_OB3_TIME_BUDGET_EXCEEDED', async () => {
    const { fetch, seen } = tarpit()
    const { server } = await startServer({ fetch, verifyTimeBudgetMs: 200 })
    const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: await sign(withStatus(3), provider) } })
    expect(res.status).toBe(400)
    expect(res.json.verified).toBe(false)
    expect(statusOf(res.json)).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(seen.calls).toBe(3)
  })

  it('fetches nothing for 6 status entries: ERR_OB3_STATUS_TOO_MANY', async () => {
    const { fetch, seen } = tarpit()
    const { server } = await startServer({ fetch })
    const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: await sign(withStatus(6), provider) } })
    expect(res.status).toBe(400)
    expect(statusOf(res.json)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_TOO_MANY' })
    expect(seen.calls).toBe(0)
  })

  it('refuses a cache lifetime or budget that is not a number', async () => {
    await expect(startServer({ cacheTtlSeconds: -1 })).rejects.toThrow(TypeError)
    await expect(startServer({ verifyTimeBudgetMs: 0 })).rejects.toThrow(TypeError)
  })
})

describe('did:web documents kept for cacheTtlSeconds', () => {
  it('after the lifetime, a key the issuer removed fails and its new key verifies', async () => {
    const did = 'did:web:district.example'
    const issuerKey = async (seed: number): Promise<Party> => {
      const key = { ...(await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))), id: `${did}#key-${seed}`, controller: did }
      return { key, signer: await createEd25519Signer(key), id: did }
    }
    const [oldKey, newKey] = [await issuerKey(51), await issuerKey(52)]
    const documentOf = (p: Party) => ({ '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [{ id: p.key.id, type: 'Multikey', controller: did, publicKeyMultibase: p.key.publicKeyMultibase }], assertionMethod: [p.key.id] })
    let served = documentOf(oldKey)
    let fetches = 0
    const fetch = (async (url: string | URL | Request) => {
      fetches++
      return String(url) === 'https://district.example/.well-known/did.json' ? Response.json(served) : new Response('', { status: 404 })
    }) as typeof globalThis.fetch
    let clock = Date.parse('2026-06-01T00:00:00Z')
    const { server } = await startServer({ fetch, now: () => new Date(clock), cacheTtlSeconds: 60 })
    const proofOf = async (signer: Party, n: number) => {
      const vc = await sign(credential({ issuer: oldKey, id: `urn:uuid:00000000-0000-4000-8000-0000000b000${n}` }), signer)
      const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc } })
      return res.json.ob3Report.checks.find((c: { id: string }) => c.id === 'proof') as { status: string }
    }
    expect((await proofOf(oldKey, 1)).status).toBe('passed')
    served = documentOf(newKey)
    clock += 30_000
    expect((await proofOf(oldKey, 2)).status).toBe('passed')
    expect(fetches).toBe(1)
    clock += 31_000
    expect((await proofOf(oldKey, 3)).status).toBe('failed')
    expect((await proofOf(newKey, 4)).status).toBe('passed')
    expect(fetches).toBe(2)
  })
})
