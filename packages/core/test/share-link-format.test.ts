/**
 * The share link format (core/src/share/encode-share-link.ts, decode-share-link.ts, deflate.ts):
 * the exact text of each refusal, the causes kept, and the bounds (link length, bundle URL
 * length, inflated size) on both sides of their limits.
 */
import { describe, expect, it } from 'vitest'
import { Ob3Error, decodeShareLink, encodeHostedShareLink, encodeShareLink, toBase64Url, utf8, type ShareDocument } from '../src/index.js'
import { deflateRaw, inflateRawBounded } from '../src/share/deflate.js'
import { isHttpUrl } from '../src/share/encode-share-link.js'

const PAGE = 'https://verify.example/'
const VP = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }
const DOC: ShareDocument = { v: 1, presentation: VP, artifacts: [] }
const KEY = new Uint8Array(32).fill(7)
const BUNDLE = 'https://shares.example/b/1'

type Failure = Error & { code?: string; details?: Record<string, unknown>; cause?: unknown }
const failure = (p: Promise<unknown>): Promise<Failure | undefined> => p.then(() => undefined, (err: unknown) => err as Failure)
const invalid = (message: string) => expect.objectContaining({ code: 'ERR_OB3_SHARE_LINK_INVALID', message })
const hosted = (url: string, key: Uint8Array = KEY) => `${PAGE}#ob3s1.h.${toBase64Url(utf8(url))}.${toBase64Url(key)}`

describe('decodeShareLink: the form of the link', () => {
  it('names the length and the limit of a link over 24 MiB', async () => {
    const link = `#ob3s1.i.${'A'.repeat(24 * 1024 * 1024 - 8)}`
    expect(link).toHaveLength(24 * 1024 * 1024 + 1)
    expect(await failure(decodeShareLink(link))).toMatchObject({
      code: 'ERR_OB3_INPUT_TOO_LARGE', message: `the share link is ${24 * 1024 * 1024 + 1} characters; the limit is ${24 * 1024 * 1024}`, details: { limit: 24 * 1024 * 1024 },
    })
  })

  it('reads a link of exactly 24 MiB (its payload then fails as data, not as a size)', async () => {
    const link = `#ob3s1.i.${'A'.repeat(24 * 1024 * 1024 - 9)}`
    expect(link).toHaveLength(24 * 1024 * 1024)
    expect(await failure(decodeShareLink(link))).toEqual(invalid('the share link\'s payload is not valid compressed data'))
  })

  it('a text starting with # is a fragment: a foreign one is named as such', async () => {
    expect(await failure(decodeShareLink('#other.i.abc'))).toEqual(invalid('the link\'s fragment does not start with "ob3s1.": it is not an ob3 share link'))
    expect(await failure(decodeShareLink('#'))).toEqual(invalid('the link\'s fragment does not start with "ob3s1.": it is not an ob3 share link'))
    expect(await failure(decodeShareLink('ob3s1'))).toEqual(invalid('unknown share link kind "" (expected "i" for inline or "h" for hosted)'))
  })

  it('reads the fragment after the first #, with spaces around the link ignored', async () => {
    const link = hosted(BUNDLE)
    expect(await decodeShareLink(`\t ${link} \n`)).toEqual({ kind: 'hosted', bundleUrl: BUNDLE, key: KEY })
    expect(await failure(decodeShareLink(`${PAGE}#x#${link.slice(link.indexOf('#') + 1)}`))).toEqual(invalid('the link\'s fragment does not start with "ob3s1.": it is not an ob3 share link'))
  })

  it('keeps the decoder\'s error as the cause of a payload that is not valid base64url or not UTF-8', async () => {
    const notBase64 = await failure(decodeShareLink('#ob3s1.i.A'))
    expect(notBase64).toEqual(invalid('the share link\'s payload is not valid base64url'))
    expect(notBase64?.cause).toBeInstanceOf(Error)
    expect(notBase64?.cause).not.toBeInstanceOf(Ob3Error)
    const notUtf8 = await failure(decodeShareLink(`#ob3s1.i.${toBase64Url(await deflateRaw(Uint8Array.of(0xc3, 0x28)))}`))
    expect(notUtf8).toEqual(invalid('the share link\'s payload is not UTF-8 text'))
    expect(notUtf8?.cause).toBeInstanceOf(TypeError)
  })
})

describe('decodeShareLink: hosted links', () => {
  it('names the part that is not base64url: the bundle URL or the key', async () => {
    const key = toBase64Url(KEY)
    const url = toBase64Url(utf8(BUNDLE))
    expect(await failure(decodeShareLink(`#ob3s1.h.ab+c.${key}`))).toEqual(invalid('the share link\'s bundle URL is not base64url'))
    expect(await failure(decodeShareLink(`#ob3s1.h..${key}`))).toEqual(invalid('the share link\'s bundle URL is not base64url'))
    expect(await failure(decodeShareLink(`#ob3s1.h.A.${key}`))).toEqual(invalid('the share link\'s bundle URL is not valid base64url'))
    expect(await failure(decodeShareLink(`#ob3s1.h.${url}.`))).toEqual(invalid('the share link\'s key is not base64url'))
    const badKey = await failure(decodeShareLink(`#ob3s1.h.${url}.A`))
    expect(badKey).toEqual(invalid('the share link\'s key is not valid base64url'))
    expect(badKey?.cause).toBeInstanceOf(Error)
  })

  it('keeps the decoder\'s error as the cause of a bundle URL that is not UTF-8', async () => {
    const error = await failure(decodeShareLink(`#ob3s1.h.${toBase64Url(Uint8Array.of(0xff))}.${toBase64Url(KEY)}`))
    expect(error).toEqual(invalid('the share link\'s bundle URL is not UTF-8 text'))
    expect(error?.cause).toBeInstanceOf(TypeError)
  })

  it('takes an http or an https bundle URL, and refuses a key of 31 or 33 bytes', async () => {
    expect(await decodeShareLink(hosted('http://localhost:8080/b/1'))).toEqual({ kind: 'hosted', bundleUrl: 'http://localhost:8080/b/1', key: KEY })
    expect(await failure(decodeShareLink(hosted(BUNDLE, new Uint8Array(31))))).toEqual(invalid('the share link\'s key is 31 bytes; an AES-256 key is 32'))
    expect(await failure(decodeShareLink(hosted(BUNDLE, new Uint8Array(33))))).toEqual(invalid('the share link\'s key is 33 bytes; an AES-256 key is 32'))
  })

  it('refuses a bundle URL longer than 4,096 characters, and takes one of exactly 4,096', async () => {
    const exact = `https://shares.example/${'x'.repeat(4096 - 23)}`
    expect(exact).toHaveLength(4096)
    expect(await decodeShareLink(hosted(exact))).toEqual({ kind: 'hosted', bundleUrl: exact, key: KEY })
    expect(await failure(decodeShareLink(hosted(`${exact}y`)))).toEqual(invalid('the share link\'s bundle address is not an http or https URL'))
  })
})

describe('encodeHostedShareLink and isHttpUrl', () => {
  it('takes a bundle URL of exactly 4,096 characters and refuses one of 4,097', () => {
    const exact = `https://shares.example/${'x'.repeat(4096 - 23)}`
    expect(encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: exact, key: KEY })).toBe(hosted(exact))
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: `${exact}y`, key: KEY })).toThrow(new TypeError('encodeHostedShareLink: bundleUrl must be an http or https URL'))
  })

  it('refuses a bundle URL given as a URL object, and a key that is an array of 32 numbers', () => {
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: new URL(BUNDLE) as unknown as string, key: KEY })).toThrow(new TypeError('encodeHostedShareLink: bundleUrl must be an http or https URL'))
    expect(() => encodeHostedShareLink({ baseUrl: PAGE, bundleUrl: BUNDLE, key: Array.from(KEY) as unknown as Uint8Array })).toThrow(new TypeError('encodeHostedShareLink: key must be 32 bytes'))
  })

  it('refuses a base URL that is empty or not a string', () => {
    for (const baseUrl of ['', 7, null]) {
      expect(() => encodeHostedShareLink({ baseUrl: baseUrl as string, bundleUrl: BUNDLE, key: KEY })).toThrow(new TypeError('encodeHostedShareLink: baseUrl must be a URL without a fragment (#)'))
    }
  })

  it('isHttpUrl: true for absolute http(s) URLs only', () => {
    expect(isHttpUrl('https://a.example/')).toBe(true)
    expect(isHttpUrl('HTTP://a.example/')).toBe(true)
    for (const value of ['ftp://a.example/', 'mailto:a@example.org', '/relative', 'not a url', '', new URL('https://a.example/'), 42, undefined]) {
      expect(isHttpUrl(value), String(value)).toBe(false)
    }
  })
})

describe('encodeShareLink', () => {
  it('encodes the checked document: unknown fields left out, an invalid one refused', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: { ...DOC, note: 'left out' } as ShareDocument })
    const payload = link.slice(`${PAGE}#ob3s1.i.`.length)
    expect(link).toBe(`${PAGE}#ob3s1.i.${payload}`)
    expect(new TextDecoder().decode(await inflateRawBounded(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)), 10_000)))
      .toBe(JSON.stringify(DOC))
    expect(await failure(encodeShareLink({ baseUrl: PAGE, document: { v: 2 } as unknown as ShareDocument }))).toEqual(invalid('the share document\'s version 2 is not 1'))
  })

  it('allows exactly 2,000 characters by default, and refuses 2,001', async () => {
    const short = await encodeShareLink({ baseUrl: PAGE, document: DOC })
    // a longer base URL pads the same link to the limit
    const padded = (total: number) => `${PAGE}?p=${'x'.repeat(total - short.length - 3)}`
    const link = await encodeShareLink({ baseUrl: padded(2000), document: DOC })
    expect(link).toBe(`${padded(2000)}${short.slice(PAGE.length)}`)
    expect(link).toHaveLength(2000)
    expect(await failure(encodeShareLink({ baseUrl: padded(2001), document: DOC }))).toMatchObject({
      code: 'ERR_OB3_SHARE_LINK_TOO_LONG', message: 'the inline share link would be 2001 characters; the limit is 2000 (share it through a share host instead)', details: { length: 2001, limit: 2000 },
    })
  })
})

describe('inflateRawBounded', () => {
  it('keeps the stream\'s error as the cause of data that is not DEFLATE', async () => {
    const error = await failure(inflateRawBounded(Uint8Array.of(0, 0, 0), 100))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'the share link\'s payload is not valid compressed data' })
    expect(error?.cause).toBeInstanceOf(Error)
    expect(error?.cause).not.toBeInstanceOf(Ob3Error)
  })

  it('round-trips with deflateRaw (raw DEFLATE: no zlib header)', async () => {
    const data = utf8('share '.repeat(100))
    const packed = await deflateRaw(data)
    expect(packed.length).toBeLessThan(data.length)
    expect(packed[0]).not.toBe(0x78)
    expect(await inflateRawBounded(packed, data.length)).toEqual(data)
    expect(await inflateRawBounded(await deflateRaw(new Uint8Array(0)), 0)).toEqual(new Uint8Array(0))
  })
})
