/**
 * DID resolution (core/src/did/resolve-did.ts): did:key and did:jwk documents made locally, did:web
 * documents fetched through the injected fetch (cached when asked), and each refusal with its code.
 */
import { describe, expect, it, vi } from 'vitest'
import { createResourceFetch, didJwkDocument, didKeyDocument, didWebUrl, ed25519KeyFromSeed, resolveDid, toBase64Url, utf8, type DidDocument } from '../src/index.js'

const failed = (message: string | RegExp) => expect.objectContaining({ code: 'ERR_OB3_DID_RESOLUTION_FAILED', message: typeof message === 'string' ? message : expect.stringMatching(message) })

describe('did:key', () => {
  it('makes the whole document: one Multikey, listed for every relationship', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(5))
    const fingerprint = key.controller.slice('did:key:'.length)
    const id = `${key.controller}#${fingerprint}`
    const doc = await resolveDid(key.controller)
    expect(doc).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: key.controller,
      verificationMethod: [{ id, type: 'Multikey', controller: key.controller, publicKeyMultibase: fingerprint }],
      assertionMethod: [id],
      authentication: [id],
      capabilityInvocation: [id],
      capabilityDelegation: [id],
    })
    expect(didKeyDocument(key.controller)).toEqual(doc)
  })

  it('refuses a key type other than Ed25519, and a fingerprint that is not a key', () => {
    expect(() => didKeyDocument('did:key:zDnaerx9Cp')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_UNSUPPORTED', message: 'only Ed25519 did:key identifiers (z6Mk…) are supported' }))
    expect(() => didKeyDocument('did:key:z6MkNOTAKEY')).toThrow(failed('did:key:z6MkNOTAKEY is not a valid did:key'))
  })
})

describe('did:jwk', () => {
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }
  const did = `did:jwk:${toBase64Url(utf8(JSON.stringify(jwk)))}`

  it('makes a document with the key as a JsonWebKey, for assertion and authentication', async () => {
    expect(await resolveDid(did)).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: did,
      verificationMethod: [{ id: `${did}#0`, type: 'JsonWebKey', controller: did, publicKeyJwk: jwk }],
      assertionMethod: [`${did}#0`],
      authentication: [`${did}#0`],
    })
  })

  it('refuses what is not a base64url public JWK', () => {
    expect(() => didJwkDocument('did:jwk:***')).toThrow(failed('did:jwk:*** does not hold a base64url JSON Web Key'))
    for (const value of [[jwk], null, 'k', { ...jwk, d: 'secret' }]) {
      const bad = `did:jwk:${toBase64Url(utf8(JSON.stringify(value)))}`
      expect(() => didJwkDocument(bad), JSON.stringify(value)).toThrow(failed(`${bad} must hold a public JSON Web Key`))
    }
  })
})

describe('did:web', () => {
  const DID = 'did:web:district.example'
  const doc: DidDocument = { id: DID, verificationMethod: [], assertionMethod: [] }

  it('maps the DID to its URL: host (with an encoded port), then the path', () => {
    expect(didWebUrl(DID)).toBe('https://district.example/.well-known/did.json')
    expect(didWebUrl('did:web:district.example%3A8443')).toBe('https://district.example:8443/.well-known/did.json')
    expect(didWebUrl('did:web:district.example:issuers:pd%20team')).toBe('https://district.example/issuers/pd team/did.json')
    for (const bad of ['did:web:', 'did:web:a%2Fb', 'did:web:a b', 'did:web:user%40host', 'did:web:h%3Fq', 'did:web:h%23f']) {
      expect(() => didWebUrl(bad), bad).toThrow(failed(`${bad} has no valid host`))
    }
    for (const bad of [`${DID}:`, `${DID}:.`, `${DID}:..`, `${DID}:a::b`, `${DID}:a%2Fb`]) {
      expect(() => didWebUrl(bad), bad).toThrow(failed(`${bad} has an invalid path`))
    }
  })

  it('fetches the document (asking for DID JSON), checks it is the DID\'s own, and caches it when given a cache', async () => {
    const fetch = vi.fn(createResourceFetch({ resources: { 'https://district.example/.well-known/did.json': JSON.stringify(doc) } }))
    const cache = new Map<string, DidDocument>()
    expect(await resolveDid(DID, { fetch, cache })).toEqual(doc)
    expect(await resolveDid(DID, { fetch, cache })).toEqual(doc)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(new Headers((fetch.mock.calls[0]?.[1] as RequestInit | undefined)?.headers).get('accept')).toBe('application/did+json, application/json')
    expect([...cache.keys()]).toEqual([DID])
    await resolveDid(DID, { fetch })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('refuses a document that is not JSON, not an object, or another DID\'s, and resolves nothing without a fetch', async () => {
    const url = 'https://district.example/.well-known/did.json'
    const serving = (body: string) => createResourceFetch({ resources: { [url]: body } })
    await expect(resolveDid(DID, { fetch: serving('{') })).rejects.toEqual(failed(`the DID document at ${url} is not JSON`))
    await expect(resolveDid(DID, { fetch: serving('null') })).rejects.toEqual(failed(`the document at ${url} is not the DID document of ${DID}`))
    await expect(resolveDid(DID, { fetch: serving(JSON.stringify({ ...doc, id: 'did:web:other.example' })) })).rejects.toEqual(failed(`the document at ${url} is not the DID document of ${DID}`))
    await expect(resolveDid(DID)).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })

  it('refuses other DID methods with ERR_OB3_DID_UNSUPPORTED, naming the method', async () => {
    await expect(resolveDid('did:ion:abc:def')).rejects.toMatchObject({ code: 'ERR_OB3_DID_UNSUPPORTED', message: 'DID method of did:ion is not supported (did:key, did:jwk and did:web are)', details: { did: 'did:ion:abc:def' } })
  })
})
