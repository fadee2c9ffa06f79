/**
 * Hosted shares (core/src/share/encrypt-share-bundle.ts, decrypt-share-bundle.ts,
 * open-share-link.ts): what is sealed, the keys refused, the causes kept, and how openShareLink
 * calls the fetch (Accept header, size bound, time-out) and reads its failures. Time-outs are
 * driven by fake timers, never by waiting.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  Ob3Error, SHARE_BUNDLE_AAD, decryptShareBundle, encodeHostedShareLink, encodeShareLink, encryptShareBundle, openShareLink, toBase64Url, utf8,
  type ShareDocument,
} from '../src/index.js'

const PAGE = 'https://verify.example/'
const BUNDLE = 'https://shares.example/b/1'
const VP = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }
const DOC: ShareDocument = { v: 1, presentation: VP, artifacts: [{ name: 'plan.md', mediaType: 'text/markdown', data: toBase64Url(utf8('# Plan')) }] }
const KEY = new Uint8Array(32).fill(5)
const LINK = encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: BUNDLE, key: KEY })

type Failure = Error & { code?: string; details?: Record<string, unknown>; cause?: unknown }
const failure = (p: Promise<unknown>): Promise<Failure | undefined> => p.then(() => undefined, (err: unknown) => err as Failure)

/** Seal plaintext the way a bundle is sealed, with a fixed nonce. */
async function seal(plaintext: Uint8Array, key = KEY): Promise<Uint8Array> {
  const nonce = new Uint8Array(12).fill(1)
  const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt'])
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: SHARE_BUNDLE_AAD as Uint8Array<ArrayBuffer> }, cryptoKey, plaintext as Uint8Array<ArrayBuffer>))
  return new Uint8Array([...nonce, ...sealed])
}

/** Open a bundle by hand: the plaintext, or undefined when it does not authenticate. */
async function open(bundle: Uint8Array, key: Uint8Array = KEY, aad: Uint8Array = SHARE_BUNDLE_AAD): Promise<string | undefined> {
  const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['decrypt'])
  try {
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bundle.slice(0, 12), additionalData: aad as Uint8Array<ArrayBuffer> }, cryptoKey, bundle.slice(12))
    return new TextDecoder().decode(plaintext)
  } catch {
    return undefined
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('encryptShareBundle', () => {
  it('seals the checked document (unknown fields left out) under the format\'s additional data', async () => {
    const { key, bundle } = await encryptShareBundle({ ...DOC, note: 'left out' } as ShareDocument, KEY)
    expect(key).toBe(KEY)
    expect(await open(bundle)).toBe(JSON.stringify(DOC))
    expect(await open(bundle, KEY, utf8('other'))).toBeUndefined()
    expect(new TextDecoder().decode(SHARE_BUNDLE_AAD)).toBe('ob3s1.bundle')
  })

  it('uses a fresh nonce for each bundle, and a fresh 32-byte key when none is given', async () => {
    const a = await encryptShareBundle(DOC, KEY)
    const b = await encryptShareBundle(DOC, KEY)
    expect(a.bundle.slice(0, 12)).not.toEqual(b.bundle.slice(0, 12))
    expect(await open(b.bundle)).toBe(JSON.stringify(DOC))
    const fresh = await encryptShareBundle(DOC)
    expect(fresh.key).toBeInstanceOf(Uint8Array)
    expect(fresh.key).toHaveLength(32)
    expect(await open(fresh.bundle, fresh.key)).toBe(JSON.stringify(DOC))
  })

  it('refuses a document that is not a share document, and a key that is not 32 bytes of a Uint8Array', async () => {
    expect(await failure(encryptShareBundle({ v: 1 } as unknown as ShareDocument, KEY))).toMatchObject({
      code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the share document has no presentation (a JSON object or a VP-JWT)',
    })
    for (const key of [Array.from(KEY), new Uint8Array(33), 'k'.repeat(32)]) {
      expect(await failure(encryptShareBundle(DOC, key as unknown as Uint8Array))).toEqual(new TypeError('encryptShareBundle: key must be 32 bytes'))
    }
  })
})

describe('decryptShareBundle', () => {
  it('refuses a key that is an array of 32 numbers, or 33 bytes (TypeError)', async () => {
    const bundle = await seal(utf8(JSON.stringify(DOC)))
    for (const key of [Array.from(KEY), new Uint8Array(33)]) {
      expect(await failure(decryptShareBundle(bundle, key as unknown as Uint8Array))).toEqual(new TypeError('decryptShareBundle: key must be 32 bytes'))
    }
  })

  it('keeps the cipher\'s error as the cause of a bundle that does not authenticate', async () => {
    const bundle = await seal(utf8(JSON.stringify(DOC)))
    const error = await failure(decryptShareBundle(bundle, new Uint8Array(32)))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED', message: 'the share bundle does not decrypt with the link\'s key: it was altered, or the link is not the one made for it' })
    expect(error?.cause).toBeInstanceOf(Error)
    expect(error?.cause).not.toBeInstanceOf(Ob3Error)
  })

  it('refuses a bundle sealed without the format\'s additional data', async () => {
    const nonce = new Uint8Array(12).fill(2)
    const cryptoKey = await crypto.subtle.importKey('raw', KEY, { name: 'AES-GCM' }, false, ['encrypt'])
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, cryptoKey, utf8(JSON.stringify(DOC)) as Uint8Array<ArrayBuffer>))
    expect(await failure(decryptShareBundle(new Uint8Array([...nonce, ...sealed]), KEY))).toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED' })
  })

  it('keeps the decoder\'s error as the cause of a plaintext that is not UTF-8', async () => {
    const error = await failure(decryptShareBundle(await seal(Uint8Array.of(0x7b, 0xff, 0x7d)), KEY))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the decrypted share bundle is not UTF-8 text' })
    expect(error?.cause).toBeInstanceOf(TypeError)
  })

  it('reads a document of any length, with multi-byte characters, and checks it', async () => {
    const document: ShareDocument = { v: 1, presentation: { ...VP, name: 'Ünïcødé ✓ 教師' }, artifacts: [] }
    expect(await decryptShareBundle(await seal(utf8(JSON.stringify(document))), KEY)).toEqual(document)
    expect(await decryptShareBundle(await seal(utf8('{"v":1,"presentation":"a.b.c"}')), KEY)).toEqual({ v: 1, presentation: 'a.b.c', artifacts: [] })
    expect(await failure(decryptShareBundle(await seal(utf8('{"v":1,"presentation":{}')), KEY))).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: expect.stringMatching(/^the share document is not valid JSON: /) })
    expect(await failure(decryptShareBundle(await seal(new Uint8Array(0)), KEY))).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: expect.stringMatching(/^the share document is not valid JSON: /) })
  })
})

describe('openShareLink: how the bundle is fetched', () => {
  it('asks for application/octet-stream, at the bundle URL', async () => {
    const bundle = (await encryptShareBundle(DOC, KEY)).bundle
    const calls: { url: string; accept: string | null }[] = []
    const fetch = (async (url: string, init?: RequestInit) => {
      calls.push({ url, accept: new Headers(init?.headers).get('accept') })
      return new Response(bundle as Uint8Array<ArrayBuffer>)
    }) as typeof globalThis.fetch
    expect(await openShareLink(LINK, { fetch })).toEqual(DOC)
    expect(calls).toEqual([{ url: BUNDLE, accept: 'application/octet-stream' }])
  })

  it('names the share bundle in a failed fetch', async () => {
    const fetch = (async () => new Response('oops', { status: 500 })) as typeof globalThis.fetch
    expect(await failure(openShareLink(LINK, { fetch }))).toMatchObject({
      code: 'ERR_OB3_FETCH_FAILED', message: `share bundle ${BUNDLE} answered HTTP 500`, details: { url: BUNDLE, status: 500 },
    })
    expect(await failure(openShareLink(LINK, { fetch: undefined }))).toMatchObject({
      code: 'ERR_OB3_FETCH_FORBIDDEN', message: `share bundle ${BUNDLE} is not available offline and no fetch was allowed`,
    })
  })

  it('fetches bundles larger than 1 MiB by default (the bound is 256 MiB), and at most maxBytes when given', async () => {
    const big: ShareDocument = { ...DOC, artifacts: [{ name: 'video.bin', mediaType: 'application/octet-stream', data: toBase64Url(new Uint8Array(900_000).fill(3)) }] }
    const { bundle } = await encryptShareBundle(big, KEY)
    expect(bundle.length).toBeGreaterThan(1024 * 1024)
    const fetch = (async () => new Response(bundle as Uint8Array<ArrayBuffer>)) as typeof globalThis.fetch
    expect(await openShareLink(LINK, { fetch })).toEqual(big)
    expect(await openShareLink(LINK, { fetch, maxBytes: bundle.length })).toEqual(big)
    expect(await failure(openShareLink(LINK, { fetch, maxBytes: bundle.length - 1 }))).toMatchObject({
      code: 'ERR_OB3_INPUT_TOO_LARGE', message: `share bundle ${BUNDLE} is larger than ${bundle.length - 1} bytes`,
    })
  })

  /** A fetch that answers only by failing when its request is aborted, and says when it was called. */
  function hangingFetch() {
    const state = { called: false, aborted: false }
    const fetch = ((_url: string, init?: RequestInit) => {
      state.called = true
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          state.aborted = true
          reject(new Error('aborted'))
        })
      })
    }) as typeof globalThis.fetch
    return { fetch, state }
  }

  async function whenCalled(state: { called: boolean }): Promise<void> {
    for (let i = 0; i < 1000 && !state.called; i++) await Promise.resolve()
    expect(state.called).toBe(true)
  }

  it('gives up after 30 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { fetch, state } = hangingFetch()
    const result = failure(openShareLink(LINK, { fetch }))
    await whenCalled(state)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(state.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(state.aborted).toBe(true)
    expect(await result).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: `could not fetch share bundle ${BUNDLE}: aborted` })
  })

  it('gives up after timeoutMs when given', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { fetch, state } = hangingFetch()
    const result = failure(openShareLink(LINK, { fetch, timeoutMs: 500 }))
    await whenCalled(state)
    await vi.advanceTimersByTimeAsync(499)
    expect(state.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(state.aborted).toBe(true)
    expect(await result).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED' })
  })
})

describe('openShareLink: a share that is gone', () => {
  it('keeps the failed fetch as the cause of ERR_OB3_SHARE_GONE', async () => {
    const fetch = (async () => new Response(null, { status: 410 })) as typeof globalThis.fetch
    const error = await failure(openShareLink(LINK, { fetch }))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_GONE', details: { url: BUNDLE, status: 410 } })
    expect(error?.cause).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: `share bundle ${BUNDLE} answered HTTP 410` })
  })

  it('reads the status of a failed fetch only: other errors, and failures without a status, pass through unchanged', async () => {
    const forbidden = new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', 'this host is not allowed', { details: { status: 404 } })
    const offline = new Ob3Error('ERR_OB3_FETCH_FAILED', 'no network')
    const notFound = new Ob3Error('ERR_OB3_FETCH_FAILED', 'HTTP 403', { details: { status: 403 } })
    for (const err of [forbidden, offline, notFound]) {
      const fetch = (async () => { throw err }) as typeof globalThis.fetch
      expect(await failure(openShareLink(LINK, { fetch })), err.message).toBe(err)
    }
  })

  it('a failed fetch whose own error says 404 means the share is gone too', async () => {
    const err = new Ob3Error('ERR_OB3_FETCH_FAILED', 'not found', { details: { status: 404 } })
    const fetch = (async () => { throw err }) as typeof globalThis.fetch
    const error = await failure(openShareLink(LINK, { fetch }))
    expect(error).toMatchObject({
      code: 'ERR_OB3_SHARE_GONE', details: { url: BUNDLE, status: 404 },
      message: 'the share is no longer available (its host answered HTTP 404): the holder revoked it, or it expired and was removed',
    })
    expect(error?.cause).toBe(err)
  })

  it('an inline link opens without any fetch', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: DOC })
    const fetch = (async () => { throw new Error('no fetch expected') }) as typeof globalThis.fetch
    expect(await openShareLink(link, { fetch })).toEqual(DOC)
  })
})
