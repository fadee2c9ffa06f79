/**
 * DID resolution (core/src/did/resolve-did.ts) beyond the happy paths: what each refusal carries
 * for a caller that reads more than the message (its details and cause), what the did:web fetch
 * asks for and how large a document it reads, a DID URL with a fragment, and the cache.
 */
import { describe, expect, it, vi } from 'vitest'
import { createResourceFetch, didJwkDocument, didKeyDocument, didWebUrl, ed25519KeyFromSeed, resolveDid, toBase64Url, utf8, type DidDocument, type DidDocumentCache } from '../src/index.js'

const DID = 'did:web:district.example'
const URL = 'https://district.example/.well-known/did.json'
const DOC: DidDocument = { id: DID, verificationMethod: [], assertionMethod: [] }
const serving = (body: string | (() => Promise<string | undefined>)) => createResourceFetch({ resources: { [URL]: body } })

/** What a call threw, whole: code, message, details and cause. */
async function thrown(call: () => unknown): Promise<{ code: string | undefined; message: string; details: unknown; cause: unknown }> {
  try {
    await call()
  } catch (err) {
    const e = err as { code?: string; message: string; details?: unknown; cause?: unknown }
    return { code: e.code, message: e.message, details: e.details, cause: e.cause }
  }
  throw new Error('expected a refusal')
}

describe('refusals carry the DID (and URL) in their details', () => {
  it('did:key of another key type, or not a key', async () => {
    expect(await thrown(() => didKeyDocument('did:key:zDnaerx9Cp'))).toEqual({
      code: 'ERR_OB3_DID_UNSUPPORTED', message: 'only Ed25519 did:key identifiers (z6Mk…) are supported', details: { did: 'did:key:zDnaerx9Cp' }, cause: undefined,
    })
    const notAKey = await thrown(() => resolveDid('did:key:z6MkNOTAKEY'))
    expect(notAKey).toMatchObject({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: 'did:key:z6MkNOTAKEY is not a valid did:key', details: { did: 'did:key:z6MkNOTAKEY' } })
    expect(notAKey.cause).toMatchObject({ code: 'ERR_OB3_KEY_INVALID' })
  })

  it('did:jwk that is not base64url JSON, or not a public key', async () => {
    const notJson = await thrown(() => resolveDid('did:jwk:e30x'))
    expect(notJson).toMatchObject({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: 'did:jwk:e30x does not hold a base64url JSON Web Key', details: { did: 'did:jwk:e30x' } })
    expect(notJson.cause).toBeInstanceOf(SyntaxError)
    const priv = `did:jwk:${toBase64Url(utf8(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' })))}`
    expect(await thrown(() => didJwkDocument(priv))).toEqual({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: `${priv} must hold a public JSON Web Key`, details: { did: priv }, cause: undefined })
  })

  it('did:web without a valid host or path', async () => {
    expect(await thrown(() => didWebUrl('did:web:a%2Fb'))).toEqual({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: 'did:web:a%2Fb has no valid host', details: { did: 'did:web:a%2Fb' }, cause: undefined })
    expect(await thrown(() => didWebUrl(`${DID}:..`))).toEqual({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: `${DID}:.. has an invalid path`, details: { did: `${DID}:..` }, cause: undefined })
    // Any white space in the host is refused too.
    expect(() => didWebUrl('did:web:a%09b')).toThrow(expect.objectContaining({ message: 'did:web:a%09b has no valid host' }))
  })

  it('did:web documents that are not JSON or not the DID\'s own', async () => {
    const notJson = await thrown(() => resolveDid(DID, { fetch: serving('{') }))
    expect(notJson).toMatchObject({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: `the DID document at ${URL} is not JSON`, details: { did: DID, url: URL } })
    expect(notJson.cause).toBeInstanceOf(SyntaxError)
    for (const body of ['7', '"did:web:district.example"', JSON.stringify({ ...DOC, id: 'did:web:other.example' })]) {
      expect(await thrown(() => resolveDid(DID, { fetch: serving(body) })), body).toEqual({
        code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: `the document at ${URL} is not the DID document of ${DID}`, details: { did: DID, url: URL }, cause: undefined,
      })
    }
  })
})

describe('did:web fetching', () => {
  it('names the DID document in fetch failures', async () => {
    expect(await thrown(() => resolveDid(DID, { fetch: serving(async () => undefined) }))).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: `DID document ${URL} answered HTTP 404` })
    expect(await thrown(() => resolveDid(DID))).toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN', message: `DID document ${URL} is not available offline and no fetch was allowed` })
  })

  it('reads a document of up to 256 KiB, and refuses a larger one', async () => {
    const padded = (size: number) => {
      const json = JSON.stringify(DOC)
      return json.slice(0, -1) + ' '.repeat(size - json.length) + '}'
    }
    expect(await resolveDid(DID, { fetch: serving(padded(256 * 1024)) })).toEqual(DOC)
    expect(await thrown(() => resolveDid(DID, { fetch: serving(padded(256 * 1024 + 1)) }))).toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE', message: `DID document ${URL} is larger than 262144 bytes` })
  })

  it('fetches the document of a DID URL without its fragment', async () => {
    const fetch = vi.fn(serving(JSON.stringify(DOC)))
    expect(await thrown(() => resolveDid(`${DID}#key-1`, { fetch }))).toMatchObject({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: `the document at ${URL} is not the DID document of ${DID}#key-1` })
    expect(fetch.mock.calls.map((call) => call[0])).toEqual([URL])
  })
})

describe('the did:web cache', () => {
  it('answers from the cache without fetching, and stores what it fetched by DID', async () => {
    const cached: DidDocument = { ...DOC, assertionMethod: ['#cached'] }
    const hit: DidDocumentCache = { get: vi.fn(() => cached), set: vi.fn() }
    expect(await resolveDid(DID, { cache: hit })).toBe(cached)
    expect(hit.get).toHaveBeenCalledWith(DID)
    expect(hit.set).not.toHaveBeenCalled()

    const miss: DidDocumentCache = { get: vi.fn(() => undefined), set: vi.fn() }
    expect(await resolveDid(DID, { cache: miss, fetch: serving(JSON.stringify(DOC)) })).toEqual(DOC)
    expect(miss.set).toHaveBeenCalledWith(DID, DOC)
  })

  it('is not used for did:key and did:jwk, which need no fetch', async () => {
    const cache: DidDocumentCache = { get: vi.fn(() => DOC), set: vi.fn() }
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(71))
    expect((await resolveDid(key.controller, { cache })).id).toBe(key.controller)
    const jwk = `did:jwk:${toBase64Url(utf8(JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })))}`
    expect((await resolveDid(jwk, { cache })).id).toBe(jwk)
    expect(cache.get).not.toHaveBeenCalled()
    expect(cache.set).not.toHaveBeenCalled()
  })
})
