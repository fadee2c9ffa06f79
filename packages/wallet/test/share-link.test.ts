/**
 * The share link format of `@ob3/core` (share/): inline and hosted links, the 2,000-character
 * inline limit, bounded inflation, the encrypted bundle, and opening a link.
 */
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  MAX_INLINE_SHARE_LINK_LENGTH, decodeShareLink, decryptShareBundle, encodeHostedShareLink, encodeShareLink, encryptShareBundle, openShareLink,
  shareArtifactFiles, toBase64Url, utf8, type ShareDocument,
} from '@ob3/core'
import { BASE_URL } from './fixtures.js'

const presentation = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: 'did:example:teacher' }
const doc = (artifactBytes = 10): ShareDocument => ({
  v: 1, presentation, artifacts: artifactBytes === 0 ? [] : [{ name: 'plan.txt', mediaType: 'text/plain', data: toBase64Url(new Uint8Array(artifactBytes).fill(7)) }],
})
const fetchOf = (status: number, body: Uint8Array = new Uint8Array(0)): typeof fetch =>
  (async () => new Response(status === 200 ? (body as Uint8Array<ArrayBuffer>) : null, { status })) as typeof fetch
const code = async (p: Promise<unknown> | (() => unknown)): Promise<string | undefined> => {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).name
  }
  return undefined
}

describe('inline share links', () => {
  it('round-trip a share document in the fragment: #ob3s1.i.<base64url(deflate-raw(JSON))>', async () => {
    const link = await encodeShareLink({ baseUrl: BASE_URL, document: doc() })
    expect(link.startsWith(`${BASE_URL}#ob3s1.i.`)).toBe(true)
    expect(link.length).toBeLessThanOrEqual(MAX_INLINE_SHARE_LINK_LENGTH)
    const decoded = await decodeShareLink(link)
    expect(decoded).toEqual({ kind: 'inline', document: doc() })
    expect(await decodeShareLink(link.slice(link.indexOf('#') + 1))).toEqual(decoded)
    expect(shareArtifactFiles(doc())[0]?.bytes).toEqual(new Uint8Array(10).fill(7))
  })

  it('refuses an inline link over 2,000 characters (ERR_OB3_SHARE_LINK_TOO_LONG), with the length in details', async () => {
    const big: ShareDocument = { ...doc(0), artifacts: [{ name: 'noise', mediaType: 'application/octet-stream', data: toBase64Url(crypto.getRandomValues(new Uint8Array(2000))) }] }
    const err = await encodeShareLink({ baseUrl: BASE_URL, document: big }).catch((e: unknown) => e as { code: string; details: { length: number; limit: number } })
    expect(err).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG', details: { limit: 2000 } })
    expect((err as { details: { length: number } }).details.length).toBeGreaterThan(2000)
  })

  it('refuses a payload that inflates beyond 16 MiB (ERR_OB3_INPUT_TOO_LARGE) without inflating it all', async () => {
    const bomb = deflateRawSync(Buffer.alloc(17 * 1024 * 1024, 0x20))
    expect(bomb.length).toBeLessThan(20_000)
    expect(await code(decodeShareLink(`${BASE_URL}#ob3s1.i.${toBase64Url(bomb)}`))).toBe('ERR_OB3_INPUT_TOO_LARGE')
  })

  it.each([
    ['no fragment', 'https://verify.example.org/'],
    ['another fragment', 'https://verify.example.org/#section-2'],
    ['an unknown kind', 'https://verify.example.org/#ob3s1.x.abc'],
    ['a version this code does not read', 'https://verify.example.org/#ob3s2.i.abc'],
    ['not base64url', 'https://verify.example.org/#ob3s1.i.ab+c'],
    ['not compressed data', `https://verify.example.org/#ob3s1.i.${toBase64Url(utf8('{"v":1}'))}`],
    ['compressed text that is not JSON', `https://verify.example.org/#ob3s1.i.${toBase64Url(deflateRawSync(Buffer.from('hello')))}`],
    ['JSON that is not a share document', `https://verify.example.org/#ob3s1.i.${toBase64Url(deflateRawSync(Buffer.from('{"v":2,"presentation":{}}')))}`],
    ['a hosted link with a short key', `https://verify.example.org/#ob3s1.h.${toBase64Url(utf8('https://h.example/b/1'))}.${toBase64Url(new Uint8Array(16))}`],
    ['a hosted link to a file: URL', `https://verify.example.org/#ob3s1.h.${toBase64Url(utf8('file:///etc/passwd'))}.${toBase64Url(new Uint8Array(32))}`],
    ['a hosted link without a key', `https://verify.example.org/#ob3s1.h.${toBase64Url(utf8('https://h.example/b/1'))}`],
  ])('refuses %s with ERR_OB3_SHARE_LINK_INVALID', async (_what, link) => {
    expect(await code(decodeShareLink(link))).toBe('ERR_OB3_SHARE_LINK_INVALID')
  })

  it('refuses a document whose artifact data is not base64url, and a presentation that is neither JSON nor a JWS', async () => {
    const bad = (d: unknown) => `${BASE_URL}#ob3s1.i.${toBase64Url(deflateRawSync(Buffer.from(JSON.stringify(d))))}`
    expect(await code(decodeShareLink(bad({ v: 1, presentation, artifacts: [{ name: 'a', mediaType: 'x/y', data: 'not base64!' }] })))).toBe('ERR_OB3_SHARE_LINK_INVALID')
    expect(await code(decodeShareLink(bad({ v: 1, presentation: 'hello', artifacts: [] })))).toBe('ERR_OB3_SHARE_LINK_INVALID')
    expect(await code(decodeShareLink(bad({ v: 1, presentation: { ['__proto__']: {} }, artifacts: [] })))).toBe('ERR_OB3_JSON_FORBIDDEN_KEY')
  })

  it('takes a base URL without a fragment only', async () => {
    expect(await code(encodeShareLink({ baseUrl: 'https://v.example/#x', document: doc() }))).toBe('TypeError')
  })
})

describe('hosted share links and encrypted bundles', () => {
  it('put the bundle URL and the 32-byte key in the fragment only', async () => {
    const { key, bundle } = await encryptShareBundle(doc())
    expect(key.length).toBe(32)
    expect(new TextDecoder().decode(bundle)).not.toContain('VerifiablePresentation')
    const link = encodeHostedShareLink({ baseUrl: BASE_URL, bundleUrl: 'https://shares.example.org/b/abc', key })
    expect(link).toMatch(/^https:\/\/verify\.example\.org\/#ob3s1\.h\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(new URL(link).pathname + new URL(link).search).toBe('/')
    expect(await decodeShareLink(link)).toEqual({ kind: 'hosted', bundleUrl: 'https://shares.example.org/b/abc', key })
    expect(await decryptShareBundle(bundle, key)).toEqual(doc())
  })

  it('detect a tampered bundle, a truncated one and the wrong key (ERR_OB3_SHARE_DECRYPT_FAILED)', async () => {
    const { key, bundle } = await encryptShareBundle(doc())
    const flipped = bundle.slice()
    flipped[20] = (flipped[20] as number) ^ 1
    expect(await code(decryptShareBundle(flipped, key))).toBe('ERR_OB3_SHARE_DECRYPT_FAILED')
    expect(await code(decryptShareBundle(bundle.subarray(0, 20), key))).toBe('ERR_OB3_SHARE_DECRYPT_FAILED')
    expect(await code(decryptShareBundle(bundle, new Uint8Array(32)))).toBe('ERR_OB3_SHARE_DECRYPT_FAILED')
  })

  it('openShareLink fetches and decrypts; 404 and 410 mean revoked or expired (ERR_OB3_SHARE_GONE)', async () => {
    const { key, bundle } = await encryptShareBundle(doc())
    const link = encodeHostedShareLink({ baseUrl: BASE_URL, bundleUrl: 'https://shares.example.org/b/abc', key })
    expect(await openShareLink(link, { fetch: fetchOf(200, bundle) })).toEqual(doc())
    expect(await code(openShareLink(link, { fetch: fetchOf(404) }))).toBe('ERR_OB3_SHARE_GONE')
    expect(await code(openShareLink(link, { fetch: fetchOf(410) }))).toBe('ERR_OB3_SHARE_GONE')
    expect(await code(openShareLink(link, { fetch: fetchOf(500) }))).toBe('ERR_OB3_FETCH_FAILED')
    expect(await code(openShareLink(link, { fetch: undefined }))).toBe('ERR_OB3_FETCH_FORBIDDEN')
    expect(await code(openShareLink(link, { fetch: fetchOf(200, bundle), maxBytes: 10 }))).toBe('ERR_OB3_INPUT_TOO_LARGE')
    const inline = await encodeShareLink({ baseUrl: BASE_URL, document: doc() })
    expect(await openShareLink(inline, { fetch: undefined })).toEqual(doc())
  })
})
