/**
 * Share links and bundles (core/src/share): what a link encodes and what decoding refuses, each
 * refusal with its code and its message; hosted bundles sealed with AES-256-GCM and opened through
 * an injected fetch.
 */
import { describe, expect, it } from 'vitest'
import {
  MAX_SHARE_ARTIFACTS, SHARE_BUNDLE_AAD, checkShareDocument, createResourceFetch, decodeShareLink, decryptShareBundle,
  encodeHostedShareLink, encodeShareLink, encryptShareBundle, openShareLink, parseShareDocument, shareArtifactFiles,
  toBase64Url, utf8, type ShareDocument,
} from '../src/index.js'
import { deflateRaw, inflateRawBounded } from '../src/share/deflate.js'

const PAGE = 'https://verify.example/'
const VP = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: 'did:example:holder' }
const DOC: ShareDocument = { v: 1, presentation: VP, artifacts: [{ name: 'plan.md', mediaType: 'text/markdown', data: toBase64Url(utf8('# Plan')) }] }
const KEY = new Uint8Array(32).fill(9)

const invalid = (message: string | RegExp) => expect.objectContaining({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: typeof message === 'string' ? message : expect.stringMatching(message) })

/** An inline link whose payload is the given JSON text, deflated. */
async function inlineLinkOf(json: string): Promise<string> {
  return `${PAGE}#ob3s1.i.${toBase64Url(await deflateRaw(utf8(json)))}`
}

describe('encodeShareLink / decodeShareLink: inline links', () => {
  it('round-trips a share document through the fragment, with or without the page in front', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: DOC })
    expect(link.startsWith(`${PAGE}#ob3s1.i.`)).toBe(true)
    expect(await decodeShareLink(link)).toEqual({ kind: 'inline', document: DOC })
    expect(await decodeShareLink(`  ${link.slice(link.indexOf('#') + 1)}\n`)).toEqual({ kind: 'inline', document: DOC })
    expect(await openShareLink(link, { fetch: undefined })).toEqual(DOC)
  })

  it('keeps a VP-JWT presentation, and an absent artifacts list becomes []', async () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJ2cCI6e319.c2ln'
    const link = await encodeShareLink({ baseUrl: PAGE, document: { v: 1, presentation: jwt } as unknown as ShareDocument })
    expect(await decodeShareLink(link)).toEqual({ kind: 'inline', document: { v: 1, presentation: jwt, artifacts: [] } })
  })

  it('refuses a link longer than maxLength (default 2,000) with ERR_OB3_SHARE_LINK_TOO_LONG, naming both lengths', async () => {
    const big: ShareDocument = { ...DOC, artifacts: [{ name: 'noise.bin', mediaType: 'application/octet-stream', data: toBase64Url(crypto.getRandomValues(new Uint8Array(3000))) }] }
    const error = await encodeShareLink({ baseUrl: PAGE, document: big }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG', details: { limit: 2000 } })
    const { length } = (error as { details: { length: number } }).details
    expect(length).toBeGreaterThan(2000)
    expect((error as Error).message).toBe(`the inline share link would be ${length} characters; the limit is 2000 (share it through a share host instead)`)
    const exact = await encodeShareLink({ baseUrl: PAGE, document: big, maxLength: length })
    expect(exact).toHaveLength(length)
    await expect(encodeShareLink({ baseUrl: PAGE, document: big, maxLength: length - 1 })).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG', details: { length, limit: length - 1 } })
  })

  it('needs a base URL without a fragment', async () => {
    for (const baseUrl of ['', 'https://verify.example/#x', 42]) {
      await expect(encodeShareLink({ baseUrl: baseUrl as string, document: DOC })).rejects.toThrow(new TypeError('encodeShareLink: baseUrl must be a URL without a fragment (#)'))
    }
  })

  it('refuses text that is not an ob3 share link, and links of unknown form, each saying why', async () => {
    await expect(decodeShareLink('https://verify.example/')).rejects.toEqual(invalid('the text is not an ob3 share link (no #ob3s1. fragment)'))
    await expect(decodeShareLink('https://verify.example/#other.i.abc')).rejects.toEqual(invalid('the link\'s fragment does not start with "ob3s1.": it is not an ob3 share link'))
    await expect(decodeShareLink('ob3s2.i.abc')).rejects.toEqual(invalid('the text is not an ob3 share link (no #ob3s1. fragment)'))
    await expect(decodeShareLink('#ob3s1.x.abc')).rejects.toEqual(invalid('unknown share link kind "x" (expected "i" for inline or "h" for hosted)'))
    await expect(decodeShareLink('#ob3s1')).rejects.toEqual(invalid('unknown share link kind "" (expected "i" for inline or "h" for hosted)'))
    await expect(decodeShareLink('#ob3s1.i.abc.def')).rejects.toEqual(invalid('an inline share link has the form #ob3s1.i.<payload>'))
    await expect(decodeShareLink('#ob3s1.i')).rejects.toEqual(invalid('an inline share link has the form #ob3s1.i.<payload>'))
    await expect(decodeShareLink('#ob3s1.i.ab+c')).rejects.toEqual(invalid('the share link\'s payload is not base64url'))
    await expect(decodeShareLink('#ob3s1.i.')).rejects.toEqual(invalid('the share link\'s payload is not base64url'))
    await expect(decodeShareLink('#ob3s1.i.A')).rejects.toEqual(invalid('the share link\'s payload is not valid base64url'))
    await expect(decodeShareLink('#ob3s1.i.AAAA')).rejects.toEqual(invalid('the share link\'s payload is not valid compressed data'))
    await expect(decodeShareLink(42 as unknown as string)).rejects.toThrow(new TypeError('decodeShareLink: link must be a string'))
  })

  it('refuses a payload that is not UTF-8, not JSON, or not a share document', async () => {
    const notUtf8 = `#ob3s1.i.${toBase64Url(await deflateRaw(Uint8Array.of(0xff, 0xfe)))}`
    await expect(decodeShareLink(notUtf8)).rejects.toEqual(invalid('the share link\'s payload is not UTF-8 text'))
    await expect(decodeShareLink(await inlineLinkOf('{"v":1,'))).rejects.toEqual(invalid(/^the share document is not valid JSON: /))
    await expect(decodeShareLink(await inlineLinkOf('[1]'))).rejects.toEqual(invalid('the share document is not a JSON object'))
    await expect(decodeShareLink(await inlineLinkOf('{"v":1,"presentation":{},"__proto__":{}}'))).rejects.toMatchObject({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' })
  })

  it('refuses a link over 24 MiB, and a payload that inflates past 16 MiB, with ERR_OB3_INPUT_TOO_LARGE', async () => {
    await expect(decodeShareLink(`#ob3s1.i.${'A'.repeat(24 * 1024 * 1024 + 1)}`)).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE', details: { limit: 24 * 1024 * 1024 } })
    const bomb = await deflateRaw(new Uint8Array(16 * 1024 * 1024 + 1).fill(0x20))
    await expect(decodeShareLink(`#ob3s1.i.${toBase64Url(bomb)}`)).rejects.toMatchObject({
      code: 'ERR_OB3_INPUT_TOO_LARGE', message: `the share link inflates to more than ${16 * 1024 * 1024} bytes; it is refused`, details: { limit: 16 * 1024 * 1024 },
    })
  })

  it('inflates exactly up to its limit', async () => {
    const packed = await deflateRaw(new Uint8Array(100).fill(1))
    expect(await inflateRawBounded(packed, 100)).toEqual(new Uint8Array(100).fill(1))
    await expect(inflateRawBounded(packed, 99)).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE', details: { limit: 99 } })
  })
})

describe('checkShareDocument', () => {
  it('accepts a document and returns only the fields it knows', () => {
    expect(checkShareDocument({ ...DOC, extra: 1, artifacts: [{ ...DOC.artifacts[0], extra: 2 }] })).toEqual(DOC)
  })

  it('refuses, each with its message: wrong version, no presentation, a string that is not a JWS, bad artifacts', () => {
    const check = (value: unknown) => () => checkShareDocument(value)
    expect(check(null)).toThrow(invalid('the share document is not a JSON object'))
    expect(check([DOC])).toThrow(invalid('the share document is not a JSON object'))
    expect(check({ ...DOC, v: 2 })).toThrow(invalid('the share document\'s version 2 is not 1'))
    expect(check({ ...DOC, v: '1' })).toThrow(invalid('the share document\'s version "1" is not 1'))
    expect(check({ v: 1 })).toThrow(invalid('the share document has no presentation (a JSON object or a VP-JWT)'))
    expect(check({ v: 1, presentation: null })).toThrow(invalid('the share document has no presentation (a JSON object or a VP-JWT)'))
    expect(check({ v: 1, presentation: [VP] })).toThrow(invalid('the share document has no presentation (a JSON object or a VP-JWT)'))
    expect(check({ v: 1, presentation: 'a.b' })).toThrow(invalid('the share document\'s presentation is a string but not a compact JWS (VP-JWT)'))
    expect(check({ v: 1, presentation: 'a.b.c.d' })).toThrow(invalid('the share document\'s presentation is a string but not a compact JWS (VP-JWT)'))
    expect(checkShareDocument({ v: 1, presentation: 'a.b.' }).presentation).toBe('a.b.')
    expect(check({ ...DOC, artifacts: {} })).toThrow(invalid('the share document\'s artifacts must be an array'))
    const many = Array.from({ length: MAX_SHARE_ARTIFACTS + 1 }, () => DOC.artifacts[0])
    expect(check({ ...DOC, artifacts: many })).toThrow(invalid(`the share document carries ${MAX_SHARE_ARTIFACTS + 1} artifacts; at most ${MAX_SHARE_ARTIFACTS} are accepted`))
    expect(checkShareDocument({ ...DOC, artifacts: many.slice(1) }).artifacts).toHaveLength(MAX_SHARE_ARTIFACTS)
    const a = DOC.artifacts[0] as unknown as Record<string, unknown>
    expect(check({ ...DOC, artifacts: [a, null] })).toThrow(invalid('artifact 2 of the share is not an object'))
    expect(check({ ...DOC, artifacts: [{ ...a, name: 7 }] })).toThrow(invalid('artifact 1 of the share has no name (a string of at most 1024 characters)'))
    expect(check({ ...DOC, artifacts: [{ ...a, name: 'n'.repeat(1025) }] })).toThrow(invalid('artifact 1 of the share has no name (a string of at most 1024 characters)'))
    expect(checkShareDocument({ ...DOC, artifacts: [{ ...a, name: 'n'.repeat(1024) }] }).artifacts[0]?.name).toHaveLength(1024)
    expect(check({ ...DOC, artifacts: [{ ...a, mediaType: undefined }] })).toThrow(invalid('artifact 1 of the share has no mediaType'))
    expect(check({ ...DOC, artifacts: [{ ...a, mediaType: 'm'.repeat(256) }] })).toThrow(invalid('artifact 1 of the share has no mediaType'))
    expect(checkShareDocument({ ...DOC, artifacts: [{ ...a, mediaType: 'm'.repeat(255) }] }).artifacts[0]?.mediaType).toHaveLength(255)
    expect(check({ ...DOC, artifacts: [{ ...a, data: 'a+b' }] })).toThrow(invalid('artifact 1 of the share has no base64url data'))
    expect(check({ ...DOC, artifacts: [{ ...a, data: 5 }] })).toThrow(invalid('artifact 1 of the share has no base64url data'))
    expect(checkShareDocument({ ...DOC, artifacts: [{ ...a, data: '' }] }).artifacts[0]?.data).toBe('')
  })

  it('parseShareDocument: JSON text within a length', () => {
    const text = JSON.stringify(DOC)
    expect(parseShareDocument(text, text.length)).toEqual(DOC)
    expect(() => parseShareDocument(text, text.length - 1)).toThrow(expect.objectContaining({ code: 'ERR_OB3_INPUT_TOO_LARGE' }))
    expect(() => parseShareDocument('{', 10)).toThrow(invalid(/^the share document is not valid JSON: /))
  })

  it('shareArtifactFiles decodes each artifact, and names the one that is not base64url', () => {
    expect(shareArtifactFiles(DOC)).toEqual([{ name: 'plan.md', mediaType: 'text/markdown', bytes: utf8('# Plan') }])
    expect(() => shareArtifactFiles({ ...DOC, artifacts: [DOC.artifacts[0] as never, { name: 'x.bin', mediaType: 'a/b', data: 'A' }] })).toThrow(invalid('artifact 2 of the share ("x.bin") is not valid base64url'))
  })
})

describe('hosted shares: encrypted bundles', () => {
  it('encrypts with AES-256-GCM under the given key (nonce ‖ ciphertext ‖ tag) and decrypts to the document', async () => {
    const { key, bundle } = await encryptShareBundle(DOC, KEY)
    expect(key).toBe(KEY)
    const plaintext = utf8(JSON.stringify(DOC))
    expect(bundle.length).toBe(12 + plaintext.length + 16)
    const raw = await crypto.subtle.importKey('raw', KEY, { name: 'AES-GCM' }, false, ['decrypt'])
    const opened = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bundle.slice(0, 12), additionalData: SHARE_BUNDLE_AAD as Uint8Array<ArrayBuffer> }, raw, bundle.slice(12)))
    expect(new TextDecoder().decode(opened)).toBe(JSON.stringify(DOC))
    expect(await decryptShareBundle(bundle, KEY)).toEqual(DOC)
    const fresh = await encryptShareBundle(DOC)
    expect(fresh.key).toHaveLength(32)
    expect(fresh.key).not.toEqual(KEY)
  })

  it('refuses an altered bundle, a wrong key and a short bundle with ERR_OB3_SHARE_DECRYPT_FAILED', async () => {
    const { bundle } = await encryptShareBundle(DOC, KEY)
    const altered = bundle.slice()
    altered[20] = (altered[20] as number) ^ 1
    const message = 'the share bundle does not decrypt with the link\'s key: it was altered, or the link is not the one made for it'
    await expect(decryptShareBundle(altered, KEY)).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED', message })
    await expect(decryptShareBundle(bundle, new Uint8Array(32).fill(1))).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED', message })
    await expect(decryptShareBundle(bundle.subarray(0, 27), KEY)).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED', message: 'the share bundle is too short to be one' })
    await expect(decryptShareBundle(bundle.subarray(0, 28), KEY)).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_DECRYPT_FAILED', message })
  })

  it('refuses keys that are not 32 bytes and bundles that are not bytes (TypeError)', async () => {
    await expect(encryptShareBundle(DOC, new Uint8Array(31))).rejects.toThrow(new TypeError('encryptShareBundle: key must be 32 bytes'))
    await expect(decryptShareBundle(new Uint8Array(40), new Uint8Array(16))).rejects.toThrow(new TypeError('decryptShareBundle: key must be 32 bytes'))
    await expect(decryptShareBundle('bundle' as unknown as Uint8Array, KEY)).rejects.toThrow(new TypeError('decryptShareBundle: bundle must be a Uint8Array'))
  })

  it('refuses a bundle that decrypts to text that is not UTF-8, or not a share document', async () => {
    const seal = async (plaintext: Uint8Array) => {
      const nonce = new Uint8Array(12).fill(3)
      const raw = await crypto.subtle.importKey('raw', KEY, { name: 'AES-GCM' }, false, ['encrypt'])
      return new Uint8Array([...nonce, ...new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: SHARE_BUNDLE_AAD as Uint8Array<ArrayBuffer> }, raw, plaintext as Uint8Array<ArrayBuffer>))])
    }
    await expect(decryptShareBundle(await seal(Uint8Array.of(0xff)), KEY)).rejects.toEqual(invalid('the decrypted share bundle is not UTF-8 text'))
    await expect(decryptShareBundle(await seal(utf8('{"v":2}')), KEY)).rejects.toEqual(invalid('the share document\'s version 2 is not 1'))
  })

  it('encodes and decodes a hosted link: the bundle URL and the key, never the document', async () => {
    const link = encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'https://shares.example/b/1', key: KEY })
    expect(link).toBe(`${PAGE}#ob3s1.h.${toBase64Url(utf8('https://shares.example/b/1'))}.${toBase64Url(KEY)}`)
    expect(await decodeShareLink(link)).toEqual({ kind: 'hosted', bundleUrl: 'https://shares.example/b/1', key: KEY })
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'ftp://shares.example/b/1', key: KEY })).toThrow(new TypeError('encodeHostedShareLink: bundleUrl must be an http or https URL'))
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: `https://shares.example/${'x'.repeat(4096)}`, key: KEY })).toThrow(TypeError)
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'not a url', key: KEY })).toThrow(TypeError)
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'https://shares.example/b/1', key: KEY.subarray(1) })).toThrow(new TypeError('encodeHostedShareLink: key must be 32 bytes'))
    expect(() => encodeHostedShareLink({ baseUrl: `${PAGE}#`, bundleUrl: 'https://shares.example/b/1', key: KEY })).toThrow(new TypeError('encodeHostedShareLink: baseUrl must be a URL without a fragment (#)'))
    expect(encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'http://localhost:8080/b/1', key: KEY })).toContain('#ob3s1.h.')
  })

  it('refuses a hosted link with a wrong form, a bundle address that is not http(s), or a key that is not 32 bytes', async () => {
    const url = toBase64Url(utf8('https://shares.example/b/1'))
    await expect(decodeShareLink(`#ob3s1.h.${url}`)).rejects.toEqual(invalid('a hosted share link has the form #ob3s1.h.<bundle URL>.<key>'))
    await expect(decodeShareLink(`#ob3s1.h.${url}.${toBase64Url(KEY)}.x`)).rejects.toEqual(invalid('a hosted share link has the form #ob3s1.h.<bundle URL>.<key>'))
    await expect(decodeShareLink(`#ob3s1.h.${toBase64Url(utf8('file:///etc/passwd'))}.${toBase64Url(KEY)}`)).rejects.toEqual(invalid('the share link\'s bundle address is not an http or https URL'))
    await expect(decodeShareLink(`#ob3s1.h.${toBase64Url(Uint8Array.of(0xff))}.${toBase64Url(KEY)}`)).rejects.toEqual(invalid('the share link\'s bundle URL is not UTF-8 text'))
    await expect(decodeShareLink(`#ob3s1.h.${url}.${toBase64Url(KEY.subarray(0, 16))}`)).rejects.toEqual(invalid('the share link\'s key is 16 bytes; an AES-256 key is 32'))
    await expect(decodeShareLink(`#ob3s1.h.${url}.k+y`)).rejects.toEqual(invalid('the share link\'s key is not base64url'))
  })

  it('openShareLink fetches and decrypts a hosted bundle; a host answering 404 or 410 means the share is gone', async () => {
    const { bundle } = await encryptShareBundle(DOC, KEY)
    const link = encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: 'https://shares.example/b/1', key: KEY })
    expect(await openShareLink(link, { fetch: createResourceFetch({ resources: { 'https://shares.example/b/1': bundle } }) })).toEqual(DOC)
    for (const status of [404, 410]) {
      const fetch = (async () => new Response('gone', { status })) as typeof globalThis.fetch
      await expect(openShareLink(link, { fetch })).rejects.toMatchObject({
        code: 'ERR_OB3_SHARE_GONE', details: { url: 'https://shares.example/b/1', status },
        message: `the share is no longer available (its host answered HTTP ${status}): the holder revoked it, or it expired and was removed`,
      })
    }
    const broken = (async () => new Response('oops', { status: 500 })) as typeof globalThis.fetch
    await expect(openShareLink(link, { fetch: broken })).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FAILED' })
    const big = (async () => new Response(new Uint8Array(100))) as typeof globalThis.fetch
    await expect(openShareLink(link, { fetch: big, maxBytes: 99 })).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
  })
})
