import { describe, expect, it } from 'vitest'
import {
  BUNDLED_CONTEXTS,
  canonize,
  createDocumentLoader,
  decodeStatusList,
  encodeStatusList,
  MIN_STATUS_LIST_LENGTH,
  assertSafeJsonValue,
  parseJson,
  readStatusBit,
  writeStatusBit,
  createResourceFetch,
  fetchLimited,
} from '@ob3/core'

const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

describe('bundled contexts and the offline loader', () => {
  it('bundles every context an OB 3.0 credential and its proofs need', () => {
    for (const url of [
      V2,
      'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      OB,
      'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
      'https://w3id.org/security/data-integrity/v1',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/credentials/status/v1',
      'https://w3id.org/vc/status-list/2021/v1',
    ]) expect(BUNDLED_CONTEXTS.has(url), url).toBe(true)
  })

  it('refuses any other URL without touching the network', async () => {
    const loader = createDocumentLoader()
    await expect(loader('https://example.org/ctx.json')).rejects.toMatchObject({ code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
    const served = await loader(V2)
    expect(served.documentUrl).toBe(V2)
    expect(Object.isFrozen(served.document)).toBe(true)
  })

  it('serves extra contexts the caller trusts', async () => {
    const loader = createDocumentLoader({ contexts: { 'https://district.example/ctx': { '@context': { badgeLevel: 'https://district.example/vocab#badgeLevel' } } } })
    expect((await loader('https://district.example/ctx')).document).toMatchObject({ '@context': { badgeLevel: expect.any(String) } })
  })
})

describe('canonize in safe mode', () => {
  const base = {
    '@context': [V2, OB],
    id: 'urn:uuid:1',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', type: ['Profile'], name: 'A' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:1', type: ['AchievementSubject'], achievement: { id: 'urn:a', type: ['Achievement'], name: 'n', description: 'd', criteria: { narrative: 'c' } } },
  }

  it('canonicalizes a credential to N-Quads', async () => {
    const nquads = await canonize(base)
    expect(nquads).toContain('<urn:uuid:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .')
    expect(nquads.endsWith('\n')).toBe(true)
  })

  it('refuses an undefined term instead of dropping it from what is signed', async () => {
    await expect(canonize({ ...base, favouriteColour: 'blue' })).rejects.toMatchObject({ code: 'ERR_OB3_JSONLD_SAFE_MODE' })
  })

  it('refuses a relative @type', async () => {
    await expect(canonize({ ...base, type: ['VerifiableCredential', 'OpenBadgeCredential', 'SuperBadge'] })).rejects.toMatchObject({ code: 'ERR_OB3_JSONLD_SAFE_MODE' })
  })

  it('surfaces the loader\'s own code for an unknown context', async () => {
    await expect(canonize({ ...base, '@context': [V2, OB, 'https://evil.example/ctx'] })).rejects.toMatchObject({ code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
  })
})

describe('parseJson bounds', () => {
  it('parses ordinary JSON', () => {
    expect(parseJson('{"a":[1,{"b":"}]"}]}')).toEqual({ a: [1, { b: '}]' }] })
  })
  it('refuses 10,000 levels of nesting before parsing', () => {
    expect(() => parseJson('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_TOO_DEEP' }))
  })
  it('does not count brackets inside strings', () => {
    expect(parseJson(JSON.stringify({ s: '['.repeat(500) }))).toEqual({ s: '['.repeat(500) })
  })
  it('refuses input over the size limit', () => {
    expect(() => parseJson('"' + 'x'.repeat(100) + '"', { maxLength: 50 })).toThrow(expect.objectContaining({ code: 'ERR_OB3_INPUT_TOO_LARGE' }))
  })
  it('refuses __proto__ keys, also when escaped', () => {
    expect(() => parseJson('{"a":{"__proto__":{"polluted":true}}}')).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }))
    expect(() => parseJson('{"\\u005f_proto__":{}}')).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
  // Issue 10, class 7: keys are judged as decoded, whatever escapes spell them.
  it.each([
    ['\\u005F_proto__', '__proto__'],
    ['__\\u0070roto__', '__proto__'],
    ['\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f', '__proto__'],
    ['constructor', 'constructor'],
    ['\\u0063onstructor', 'constructor'],
    ['prototype', 'prototype'],
    ['prot\\u006Ftype', 'prototype'],
  ])('refuses the key "%s" (%s) at any depth', (spelled, key) => {
    const text = `{"credentialSubject":{"achievement":[{"${spelled}":{"polluted":true}}]}}`
    expect(() => parseJson(text)).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY', details: { key } }))
    expect(() => assertSafeJsonValue(JSON.parse(text))).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
  it('accepts those words as values and inside longer keys', () => {
    expect(parseJson('{"name":"constructor \\u0041","prototypeCount":1,"x":"__proto__"}')).toEqual({ name: 'constructor A', prototypeCount: 1, x: '__proto__' })
  })
  it('refuses text that is not JSON', () => {
    expect(() => parseJson('{nope')).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_INVALID' }))
  })
})

describe('bitstring status lists', () => {
  it('round-trips a 131,072-entry list with bits set, most significant bit first', async () => {
    const bits = new Uint8Array(MIN_STATUS_LIST_LENGTH / 8)
    writeStatusBit(bits, 0, true)
    writeStatusBit(bits, 23, true)
    writeStatusBit(bits, MIN_STATUS_LIST_LENGTH - 1, true)
    expect(bits[0]).toBe(0x80)
    expect(bits[2]).toBe(0x01)
    const encoded = await encodeStatusList(bits)
    expect(encoded.startsWith('uH4sI')).toBe(true)
    const decoded = await decodeStatusList(encoded)
    expect(decoded).toEqual(bits)
    expect(readStatusBit(decoded, 23)).toBe(true)
    expect(readStatusBit(decoded, 22)).toBe(false)
    writeStatusBit(bits, 23, false)
    expect(readStatusBit(bits, 23)).toBe(false)
    expect(() => readStatusBit(decoded, MIN_STATUS_LIST_LENGTH)).toThrow(expect.objectContaining({ code: 'ERR_OB3_STATUS_INVALID' }))
  })
  it('refuses lists that are not GZIP', async () => {
    await expect(decodeStatusList('uAAAA')).rejects.toMatchObject({ code: 'ERR_OB3_STATUS_INVALID' })
    await expect(decodeStatusList(42)).rejects.toMatchObject({ code: 'ERR_OB3_STATUS_INVALID' })
  })
})

describe('resource fetch and bounded fetches', () => {
  it('serves mapped URLs and refuses everything else', async () => {
    const fetch = createResourceFetch({ resources: { 'https://a.example/list': '{"x":1}' } })
    const { body } = await fetchLimited('https://a.example/list', { fetch })
    expect(new TextDecoder().decode(body)).toBe('{"x":1}')
    await expect(fetchLimited('https://b.example/', { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
    await expect(fetchLimited('https://a.example/list', { fetch: undefined })).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })
  it('stops reading a body over the size limit', async () => {
    const fetch = createResourceFetch({ resources: { 'https://a.example/big': 'x'.repeat(5000) } })
    await expect(fetchLimited('https://a.example/big', { fetch, maxBytes: 1000 })).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE' })
  })
  it('reports HTTP errors with the status', async () => {
    const fetch = (async () => new Response('no', { status: 404 })) as typeof globalThis.fetch
    await expect(fetchLimited('https://a.example/x', { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', details: { status: 404 } })
  })
})
