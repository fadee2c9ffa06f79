import { describe, expect, it } from 'vitest'
import {
  createEd25519Signer,
  didKeyDocument,
  didWebUrl,
  ed25519KeyFromJwk,
  ed25519KeyFromSeed,
  ed25519PrivateJwk,
  ed25519PublicJwk,
  ed25519PublicKeyFromMultibase,
  generateEd25519Key,
  importEd25519Multikey,
  resolveDid,
  resolveVerificationMethod,
  verifyEd25519,
  utf8,
  createResourceFetch,
} from '@ob3/core'

// RFC 8032 §7.1 test 1: secret key 9d61…7f60, public key d75a…511a.
const RFC8032_SEED = Uint8Array.from(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'))
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const RFC8032_SIGNATURE_EMPTY = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'

describe('Ed25519 keys (RFC 8032 vector)', () => {
  it('derives the public key from the seed and signs the empty message as RFC 8032 says', async () => {
    const key = await ed25519KeyFromSeed(RFC8032_SEED)
    expect(Buffer.from(ed25519PublicKeyFromMultibase(key.publicKeyMultibase)).toString('hex')).toBe(RFC8032_PUBLIC)
    expect(key.publicKeyMultibase.startsWith('z6Mk')).toBe(true)
    expect(key.controller).toBe(`did:key:${key.publicKeyMultibase}`)
    expect(key.id).toBe(`${key.controller}#${key.publicKeyMultibase}`)
    const signer = await createEd25519Signer(key)
    const signature = await signer.sign(new Uint8Array(0))
    expect(Buffer.from(signature).toString('hex')).toBe(RFC8032_SIGNATURE_EMPTY)
    expect(await verifyEd25519(ed25519PublicKeyFromMultibase(key.publicKeyMultibase), new Uint8Array(0), signature)).toBe(true)
    expect(await verifyEd25519(ed25519PublicKeyFromMultibase(key.publicKeyMultibase), utf8('x'), signature)).toBe(false)
  })

  it('round-trips a generated key through its Multikey JSON and JWK forms', async () => {
    const key = await generateEd25519Key({ controller: 'https://issuer.example/profile' })
    expect(key.id).toBe(`https://issuer.example/profile#${key.publicKeyMultibase}`)
    const again = await importEd25519Multikey(JSON.parse(JSON.stringify(key)))
    expect(again).toEqual(key)
    const jwk = ed25519PublicJwk(key)
    expect(jwk.kty).toBe('OKP')
    expect(ed25519KeyFromJwk(jwk, key.controller).publicKeyMultibase).toBe(key.publicKeyMultibase)
    expect(ed25519PrivateJwk(key).d).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses a secret key that does not belong to the public key', async () => {
    const a = await generateEd25519Key()
    const b = await generateEd25519Key()
    await expect(importEd25519Multikey({ ...a, secretKeyMultibase: b.secretKeyMultibase })).rejects.toMatchObject({ code: 'ERR_OB3_KEY_INVALID' })
    await expect(importEd25519Multikey({ publicKeyMultibase: 'zNotAKey' })).rejects.toMatchObject({ code: 'ERR_OB3_KEY_INVALID' })
    await expect(importEd25519Multikey('nope')).rejects.toMatchObject({ code: 'ERR_OB3_KEY_INVALID' })
    await expect(createEd25519Signer({ ...a, secretKeyMultibase: undefined } as never)).rejects.toMatchObject({ code: 'ERR_OB3_KEY_INVALID' })
  })
})

describe('DIDs and verification methods', () => {
  it('resolves a did:key to a document whose key is listed for assertion', async () => {
    const key = await ed25519KeyFromSeed(RFC8032_SEED)
    const doc = await resolveDid(key.controller)
    expect(doc.assertionMethod).toEqual([key.id])
    expect(doc.verificationMethod?.[0]).toMatchObject({ type: 'Multikey', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase })
    const resolved = await resolveVerificationMethod(key.id)
    expect(resolved).toEqual({ id: key.id, controller: key.controller, keyType: 'Ed25519', publicKeyMultibase: key.publicKeyMultibase, bound: true })
  })

  it('refuses unsupported and malformed DIDs with codes', async () => {
    await expect(resolveDid('did:example:123')).rejects.toMatchObject({ code: 'ERR_OB3_DID_UNSUPPORTED' })
    expect(() => didKeyDocument('did:key:zQ3s')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_UNSUPPORTED' }))
    expect(() => didKeyDocument('did:key:z6Mkabc')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_RESOLUTION_FAILED' }))
  })

  it('maps did:web identifiers to HTTPS URLs', () => {
    expect(didWebUrl('did:web:district.example')).toBe('https://district.example/.well-known/did.json')
    expect(didWebUrl('did:web:district.example%3A8443:issuers:pd')).toBe('https://district.example:8443/issuers/pd/did.json')
    expect(() => didWebUrl('did:web:district.example:..:x')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_RESOLUTION_FAILED' }))
  })

  it('resolves did:web through the injected fetch and enforces the proof purpose', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(7), undefined, { controller: 'did:web:district.example' })
    const doc = {
      id: 'did:web:district.example',
      verificationMethod: [{ id: '#key-1', type: 'Multikey', controller: 'did:web:district.example', publicKeyMultibase: key.publicKeyMultibase }],
      assertionMethod: ['#key-1'],
      authentication: [],
    }
    const fetch = createResourceFetch({ resources: { 'https://district.example/.well-known/did.json': JSON.stringify(doc) } })
    const resolved = await resolveVerificationMethod('did:web:district.example#key-1', { fetch })
    expect(resolved).toMatchObject({ controller: 'did:web:district.example', publicKeyMultibase: key.publicKeyMultibase, bound: true })
    await expect(resolveVerificationMethod('did:web:district.example#key-1', { fetch, purpose: 'authentication' })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_PURPOSE' })
    await expect(resolveVerificationMethod('did:web:district.example#key-1')).rejects.toMatchObject({ code: 'ERR_OB3_FETCH_FORBIDDEN' })
    const wrongDoc = createResourceFetch({ resources: { 'https://district.example/.well-known/did.json': JSON.stringify({ ...doc, id: 'did:web:evil.example' }) } })
    await expect(resolveVerificationMethod('did:web:district.example#key-1', { fetch: wrongDoc })).rejects.toMatchObject({ code: 'ERR_OB3_DID_RESOLUTION_FAILED' })
  })

  it('reads the key from an <issuer URL>#<publicKeyMultibase> method and marks it unbound', async () => {
    const key = await ed25519KeyFromSeed(RFC8032_SEED)
    const resolved = await resolveVerificationMethod(`https://issuer.example/profile#${key.publicKeyMultibase}`)
    expect(resolved).toEqual({
      id: `https://issuer.example/profile#${key.publicKeyMultibase}`,
      controller: 'https://issuer.example/profile',
      keyType: 'Ed25519',
      publicKeyMultibase: key.publicKeyMultibase,
      bound: false,
    })
  })
})

describe('Ed25519 without WebCrypto Ed25519 (the @noble/ed25519 fallback)', () => {
  it('derives, signs and verifies exactly as WebCrypto does', async () => {
    const { forceEd25519Backend } = await import('../src/keys/ed25519-backend.js')
    const web = await ed25519KeyFromSeed(RFC8032_SEED)
    const webSignature = await (await createEd25519Signer(web)).sign(utf8('abc'))
    forceEd25519Backend('noble')
    try {
      const key = await ed25519KeyFromSeed(RFC8032_SEED)
      expect(key).toEqual(web)
      const signature = await (await createEd25519Signer(key)).sign(utf8('abc'))
      expect(signature).toEqual(webSignature)
      const pub = ed25519PublicKeyFromMultibase(key.publicKeyMultibase)
      expect(await verifyEd25519(pub, utf8('abc'), signature)).toBe(true)
      expect(await verifyEd25519(pub, utf8('abd'), signature)).toBe(false)
      const fresh = await generateEd25519Key()
      expect(await importEd25519Multikey(fresh)).toEqual(fresh)
    } finally {
      forceEd25519Backend(undefined)
    }
  })
})

describe('P-256 keys and did:jwk', () => {
  it('signs ES256 with a did:jwk key whose document lists it for assertion', async () => {
    const { generateP256Key, createP256Signer, didJwkDocument, importP256Key, verifyVcJwt, signVcJwt } = await import('@ob3/core')
    const key = await generateP256Key()
    expect(importP256Key(JSON.parse(JSON.stringify(key)))).toEqual(key)
    const doc = didJwkDocument(key.controller)
    expect(doc.assertionMethod).toEqual([key.id])
    const resolved = await resolveVerificationMethod(key.id)
    expect(resolved).toMatchObject({ keyType: 'P-256', controller: key.controller, bound: true })
    const signer = await createP256Signer(key)
    const credential = { id: 'urn:uuid:1', issuer: key.controller, validFrom: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:1' } }
    const jwt = await signVcJwt({ credential, signer })
    const { outcome } = await verifyVcJwt({ jwt, resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }) })
    expect(outcome).toMatchObject({ verified: true, suite: 'ES256' })
    const other = await generateP256Key()
    expect(() => importP256Key({ ...key, privateKeyJwk: other.privateKeyJwk })).toThrow(expect.objectContaining({ code: 'ERR_OB3_KEY_INVALID' }))
    expect(() => didJwkDocument('did:jwk:!!')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_RESOLUTION_FAILED' }))
    expect(() => didJwkDocument(`did:jwk:${Buffer.from(JSON.stringify(key.privateKeyJwk)).toString('base64url')}`)).toThrow(expect.objectContaining({ code: 'ERR_OB3_DID_RESOLUTION_FAILED' }))
  })
})
