/**
 * Issue 10, attack classes 3, 4 and 7: bounded work (status entries, one time budget), cached
 * documents that expire, and `__proto__` however it is spelled.
 */
import { describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, encodeHostedShareLink, encryptShareBundle, type Signer } from '@ob3/core'
import { MAX_STATUS_ENTRIES, createVerificationCache, verify } from '../src/index.js'
import { NOW, checkOf, credential, parties, sign, signedPresentation, type Party } from './fixtures.js'

const { provider, teacher } = await parties()

function statusEntries(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `https://status.example/lists/${i}#7`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '7',
    statusListCredential: `https://status.example/lists/${i}`,
  }))
}

/** A fetch that never answers: its promise rejects only when the request is aborted. Counts calls and aborts. */
function hangingFetch() {
  const seen = { calls: 0, aborted: 0, urls: [] as string[] }
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    seen.calls++
    seen.urls.push(String(input))
    return new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => {
        seen.aborted++
        reject(init.signal?.reason ?? new DOMException('aborted', 'AbortError'))
      }, { once: true })
    })
  }) as typeof globalThis.fetch
  return { fetch, seen }
}

describe('bounded status lookups (class 3)', () => {
  it(`fails status with ERR_OB3_STATUS_TOO_MANY for more than ${MAX_STATUS_ENTRIES} entries, without fetching any`, async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(6) } }), provider)
    const { fetch, seen } = hangingFetch()
    const report = await verify({ input: signed, fetch, now: NOW, timeBudgetMs: 60_000 })
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_TOO_MANY' })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(report.verified).toBe(false)
    expect(seen.calls).toBe(0)
  })

  it('looks up 4 entries, all at once: each is fetched', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(4) } }), provider)
    const { fetch, seen } = hangingFetch()
    const report = await verify({ input: signed, fetch, now: NOW, timeBudgetMs: 200 })
    // All four were asked for before the budget ran out, so they ran in parallel, and all were cut off.
    expect(seen.calls).toBe(4)
    expect(seen.aborted).toBe(4)
    expect(new Set(seen.urls).size).toBe(4)
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
  })
})

describe('one time budget per verification (class 3)', () => {
  it('fails exactly the checks a server that never answers cut short, and returns the report', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(2) } }), provider)
    const { fetch, seen } = hangingFetch()
    const report = await verify({ input: signed, fetch, now: NOW, timeBudgetMs: 200 })
    expect(report.verified).toBe(false)
    const status = checkOf(report, 'status')
    expect(status).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(status.message).toContain('time budget')
    // A did:key needs no fetch: the proof is not cut short, and still passes.
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(checkOf(report, 'validity').status).toBe('passed')
    expect(seen.aborted).toBe(seen.calls)
  })

  it('fails the proof too when the did:web document never comes', async () => {
    const web = await webIssuer(21)
    const signed = await sign(credential({ issuer: web.party, extra: { credentialStatus: statusEntries(1) } }), web.signer)
    const { fetch, seen } = hangingFetch()
    const report = await verify({ input: signed, fetch, now: NOW, timeBudgetMs: 200 })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    // The DID document and the status list were asked for at the same time.
    expect(seen.urls).toEqual(expect.arrayContaining([WEB_DID_URL, 'https://status.example/lists/0']))
  })

  it('returns the report even when the fetch ignores the abort', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(1) } }), provider)
    let calls = 0
    const deaf = (() => { calls++; return new Promise<Response>(() => undefined) }) as typeof globalThis.fetch
    const report = await verify({ input: signed, fetch: deaf, now: NOW, timeBudgetMs: 200 })
    expect(calls).toBe(1)
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
  })

  it('cuts off a body that never ends', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(1) } }), provider)
    const trickle = (async () => new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"type":')) } }), { headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch
    const report = await verify({ input: signed, fetch: trickle, now: NOW, timeBudgetMs: 200 })
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
  })

  it('bounds a presentation too: the holder proof still passes, the cut-off status fails', async () => {
    const vc = await sign(credential({ issuer: provider, subject: { id: teacher.id }, extra: { credentialStatus: statusEntries(2) } }), provider)
    const vp = await signedPresentation({ holder: teacher, credentials: [vc], challenge: 'c-1' })
    const { fetch } = hangingFetch()
    const report = await verify({ input: vp, fetch, now: NOW, challenge: 'c-1', timeBudgetMs: 200 })
    expect(report.kind).toBe('presentation')
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(checkOf(report, 'holder').status).toBe('passed')
    expect(checkOf(report, 'proof').status).toBe('passed')
  })

  it('refuses a budget that is not a positive number', async () => {
    await expect(verify({ input: '{}', timeBudgetMs: 0 })).rejects.toThrow(TypeError)
    await expect(verify({ input: '{}', timeBudgetMs: Number.NaN })).rejects.toThrow(TypeError)
  })
})

const WEB_DID = 'did:web:issuer.example'
const WEB_DID_URL = 'https://issuer.example/.well-known/did.json'

/** A did:web issuer whose key `#key-<n>` comes from seed `n`. */
async function webIssuer(seed: number): Promise<{ party: Party; signer: Signer; method: Record<string, unknown> }> {
  const id = `${WEB_DID}#key-${seed}`
  const key = { ...(await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))), id, controller: WEB_DID }
  const signer = await createEd25519Signer(key)
  return { party: { key, signer, id: WEB_DID }, signer, method: { id, type: 'Multikey', controller: WEB_DID, publicKeyMultibase: key.publicKeyMultibase } }
}

function didDocument(method: Record<string, unknown>): Record<string, unknown> {
  return { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: WEB_DID, verificationMethod: [method], assertionMethod: [method.id] }
}

describe('documents cached with a lifetime (class 4)', () => {
  it('fetches a did:web document anew once its lifetime has passed: the removed key fails, the new one verifies', async () => {
    const oldKey = await webIssuer(31)
    const newKey = await webIssuer(32)
    let served = didDocument(oldKey.method)
    let fetches = 0
    const fetch = (async (input: string | URL | Request) => {
      fetches++
      return String(input) === WEB_DID_URL ? Response.json(served) : new Response('not found', { status: 404 })
    }) as typeof globalThis.fetch
    let clock = Date.parse('2026-06-01T00:00:00Z')
    const cache = createVerificationCache({ now: () => clock })
    const check = async (signer: Signer, id: string) => {
      const report = await verify({ input: await sign(credential({ issuer: oldKey.party, id }), signer), fetch, cache, now: NOW })
      return checkOf(report, 'proof')
    }

    expect((await check(oldKey.signer, 'urn:uuid:00000000-0000-4000-8000-00000000a001')).status).toBe('passed')
    expect(fetches).toBe(1)
    // The issuer removes the compromised key and publishes a new one.
    served = didDocument(newKey.method)
    // Within the lifetime (5 minutes by default) the kept document still answers.
    clock += 4 * 60_000
    expect((await check(oldKey.signer, 'urn:uuid:00000000-0000-4000-8000-00000000a002')).status).toBe('passed')
    expect(fetches).toBe(1)
    // Past it, the document is fetched again: a forgery with the old key fails, the new key verifies.
    clock += 2 * 60_000
    const forgery = await check(oldKey.signer, 'urn:uuid:00000000-0000-4000-8000-00000000a003')
    expect(forgery.status).toBe('failed')
    expect(fetches).toBe(2)
    expect((await check(newKey.signer, 'urn:uuid:00000000-0000-4000-8000-00000000a004')).status).toBe('passed')
    expect(fetches).toBe(2)
  })

  it('honours Cache-Control: no-store is fetched every time, max-age=60 for a minute', async () => {
    const issuer = await webIssuer(33)
    let fetches = 0
    let cacheControl = 'no-store'
    const fetch = (async () => {
      fetches++
      return Response.json(didDocument(issuer.method), { headers: { 'cache-control': cacheControl } })
    }) as typeof globalThis.fetch
    let clock = 0
    const cache = createVerificationCache({ now: () => clock })
    const input = await sign(credential({ issuer: issuer.party }), issuer.signer)
    const run = async () => expect(checkOf(await verify({ input, fetch, cache, now: NOW }), 'proof').status).toBe('passed')
    await run()
    await run()
    expect(fetches).toBe(2)
    cacheControl = 'public, max-age=60'
    await run()
    clock += 59_000
    await run()
    expect(fetches).toBe(3)
    clock += 2_000
    await run()
    expect(fetches).toBe(4)
  })
})

describe('hosted share bundles are never kept', () => {
  it('a bundle its host withdrew is gone at the next verification, even with a shared cache', async () => {
    const vc = await sign(credential({ issuer: provider, subject: { id: teacher.id } }), provider)
    const presentation = await signedPresentation({ holder: teacher, credentials: [vc] })
    const { key, bundle } = await encryptShareBundle({ v: 1, presentation, artifacts: [] })
    const bundleUrl = 'https://shares.example/s/abc123'
    const link = encodeHostedShareLink({ baseUrl: 'https://verify.example/', bundleUrl, key })
    let present = true
    let fetches = 0
    const fetch = (async (input: string | URL | Request) => {
      fetches++
      return String(input) === bundleUrl && present ? new Response(bundle.slice(), { headers: { 'cache-control': 'max-age=3600' } }) : new Response('', { status: 410 })
    }) as typeof globalThis.fetch
    const cache = createVerificationCache()
    expect(await verify({ input: link, fetch, cache, now: NOW })).toMatchObject({ verified: true, format: 'link' })
    present = false
    const gone = await verify({ input: link, fetch, cache, now: NOW })
    expect(checkOf(gone, 'expiry-of-share')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SHARE_GONE' })
    expect(fetches).toBe(2)
  })
})

describe('__proto__ however it is spelled (class 7)', () => {
  const spellings = ['\\u005F_proto__', '__\\u0070roto__', '__proto__', 'constructor', '\\u0063onstructor', 'prototype']
  it.each(spellings)('a signed credential with an unsigned "%s" member does not verify', async (spelled) => {
    const signed = await sign(credential({ issuer: provider }), provider)
    // The extra member sits in the subject, outside what a JSON-LD proof would notice.
    const text = JSON.stringify(signed).replace('"credentialSubject":{', `"credentialSubject":{"${spelled}":{"isAdmin":true},`)
    expect(text).toContain(spelled)
    for (const input of [text, new TextEncoder().encode(text)]) {
      const report = await verify({ input, now: NOW })
      expect(report.verified).toBe(false)
      expect(checkOf(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB3_JSON_FORBIDDEN_KEY' })
    }
    const report = await verify({ input: JSON.parse(text) as Record<string, unknown>, now: NOW })
    expect(checkOf(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB3_JSON_FORBIDDEN_KEY' })
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
  })
})

describe('a body that breaks off', () => {
  it('fails status with a fetch code instead of throwing out of verify()', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { credentialStatus: statusEntries(1) } }), provider)
    const broken = (async () => new Response(new ReadableStream({ pull(c) { c.error(new TypeError('terminated')) } }))) as typeof globalThis.fetch
    const report = await verify({ input: signed, fetch: broken, now: NOW })
    expect(checkOf(report, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(checkOf(report, 'status').message).toContain('terminated')
  })
})
