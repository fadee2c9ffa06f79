/**
 * Open Badges 2.0 assertions (OB 2.0 "Verification", Baking 2.0): hosted ones served from an
 * in-test resources map, signed ones with generated RSA and P-256 keys, and both baked into a PNG
 * (`openbadges` iTXt/tEXt chunk) and an SVG (`<openbadges:assertion>`). Each failure has its code.
 */
import { createHash } from 'node:crypto'
import { createResourceFetch, parsePngChunks, serializePngChunks, toBase64Url, type LocalResource } from '@ob3/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { CHECK_IDS, verify, type VerificationReport } from '../src/index.js'

const OB2 = 'https://w3id.org/openbadges/v2'
const ISSUER = 'https://badges.example/issuer'
const BADGE = 'https://badges.example/badges/idea-generating'
const ASSERTION = 'https://badges.example/assertions/1'
const KEY = 'https://badges.example/keys/1'
const REVOCATIONS = 'https://badges.example/revocations'
const EMAIL = 'ana.rivera@example.org'
const SALT = 'd1e5a1t'
const NOW = new Date('2026-06-01T00:00:00Z')

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
type Json = Record<string, unknown>

let rsa: CryptoKeyPair
let rsaPem: string
let p256: CryptoKeyPair
let p256Pem: string

async function pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('spki', key)).toString('base64')
  return `-----BEGIN PUBLIC KEY-----\n${der.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`
}

beforeAll(async () => {
  rsa = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])
  rsaPem = await pem(rsa.publicKey)
  p256 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
  p256Pem = await pem(p256.publicKey)
})

async function jws(payload: Json, alg: 'RS256' | 'ES256' = 'RS256', key?: CryptoKey): Promise<string> {
  const input = `${toBase64Url(new TextEncoder().encode(JSON.stringify({ alg })))}.${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`
  const params = alg === 'RS256' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' }
  const signature = await crypto.subtle.sign(params, key ?? (alg === 'RS256' ? rsa.privateKey : p256.privateKey), new TextEncoder().encode(input))
  return `${input}.${toBase64Url(new Uint8Array(signature))}`
}

const profile = (extra: Json = {}): Json => ({ '@context': OB2, id: ISSUER, type: 'Issuer', name: 'Northwind Educator Academy', url: 'https://badges.example', email: 'badges@badges.example', publicKey: KEY, revocationList: REVOCATIONS, ...extra })
const badgeClass = (extra: Json = {}): Json => ({ '@context': OB2, id: BADGE, type: 'BadgeClass', name: 'Idea Generating', description: 'Brainstorming before judging.', image: 'https://badges.example/badges/idea.png', criteria: 'https://badges.example/criteria/idea', issuer: ISSUER, ...extra })
const recipient = { type: 'email', hashed: true, salt: SALT, identity: `sha256$${sha256(EMAIL + SALT)}` }
const hosted = (extra: Json = {}): Json => ({ '@context': OB2, id: ASSERTION, type: 'Assertion', recipient, badge: BADGE, verification: { type: 'hosted' }, issuedOn: '2026-01-01T00:00:00Z', ...extra })
const signed = (extra: Json = {}): Json => ({ '@context': OB2, id: 'urn:uuid:3c8a1f2e-0000-4000-8000-0000000000b2', type: 'Assertion', recipient, badge: BADGE, verification: { type: 'SignedBadge', creator: KEY }, issuedOn: '2026-01-01T00:00:00Z', ...extra })

/** The issuer's web site, as a resources map; `overrides` replace (or, with undefined, remove) documents. */
function site(overrides: Record<string, Json | string | undefined> = {}): typeof fetch {
  const docs: Record<string, Json | string | undefined> = {
    [ISSUER]: profile(),
    [BADGE]: badgeClass(),
    [ASSERTION]: hosted(),
    [KEY]: { '@context': OB2, id: KEY, type: 'CryptographicKey', owner: ISSUER, publicKeyPem: rsaPem },
    [REVOCATIONS]: { '@context': OB2, id: REVOCATIONS, type: 'RevocationList', issuer: ISSUER, revokedAssertions: [] },
    ...overrides,
  }
  const resources: Record<string, LocalResource> = {}
  for (const [url, doc] of Object.entries(docs)) if (doc !== undefined) resources[url] = typeof doc === 'string' ? doc : JSON.stringify(doc)
  // Anything else answers as the web does: 404.
  return createResourceFetch({ resources, fallback: async () => new Response('not found', { status: 404 }) })
}

const check = (report: VerificationReport, id: string) => report.checks.find((c) => c.id === id)
const summary = (report: VerificationReport) => report.checks.map((c) => `${c.id}: ${c.status} ${c.code ?? ''} ${c.message}`).join('\n')

function expectVerified(report: VerificationReport): void {
  expect(report.verified, summary(report)).toBe(true)
  expect(report.specification).toBe('ob2')
  for (const id of ['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status'] as const) expect(check(report, id)?.status, id).toBe('passed')
  expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS)
}

function expectFailed(report: VerificationReport, id: string, code: string): void {
  expect(report.specification).toBe('ob2')
  expect(check(report, id), summary(report)).toMatchObject({ status: 'failed', code })
  expect(report.verified).toBe(false)
}

describe('Open Badges 2.0 hosted assertions', () => {
  it('verifies one by its URL: found at its id, badge and issuer resolved, the report says ob2', async () => {
    const report = await verify({ input: ASSERTION, fetch: site(), now: NOW })
    expectVerified(report)
    expect(report.format).toBe('link')
    expect(report.credential).toMatchObject({ id: ASSERTION, name: 'Idea Generating', issuer: ISSUER, issuerName: 'Northwind Educator Academy', validFrom: '2026-01-01T00:00:00Z', validUntil: null })
    expect(report.credential?.subject?.identifiers).toEqual([{ identityType: 'email', identityHash: recipient.identity, hashed: true, salt: SALT }])
  })

  it('verifies the JSON and uses the data served at its id, not the copy given', async () => {
    const copy = hosted({ expires: '2026-02-01T00:00:00Z' })
    const report = await verify({ input: JSON.stringify(copy), fetch: site(), now: NOW })
    expectVerified(report)
    expect(report.format).toBe('json')
    expect(report.credential?.validUntil).toBeNull()
  })

  it('fails when its id serves another assertion or nothing (ERR_OB3_OB2_HOSTED_MISMATCH)', async () => {
    expectFailed(await verify({ input: hosted(), fetch: site({ [ASSERTION]: hosted({ id: 'https://badges.example/assertions/2' }) }), now: NOW }), 'proof', 'ERR_OB3_OB2_HOSTED_MISMATCH')
    expectFailed(await verify({ input: hosted(), fetch: site({ [ASSERTION]: undefined }), now: NOW }), 'proof', 'ERR_OB3_OB2_HOSTED_MISMATCH')
    expectFailed(await verify({ input: hosted({ id: 'urn:uuid:1' }), fetch: site(), now: NOW }), 'proof', 'ERR_OB3_OB2_HOSTED_MISMATCH')
  })

  it('is revoked when its URL answers 410 Gone or its body says revoked (ERR_OB3_STATUS_REVOKED)', async () => {
    const gone = ((url: string) => url === ASSERTION ? Promise.resolve(new Response('gone', { status: 410 })) : site()(url)) as typeof fetch
    expectFailed(await verify({ input: ASSERTION, fetch: gone, allowPrivateNetwork: false, now: NOW }), 'status', 'ERR_OB3_STATUS_REVOKED')
    expectFailed(await verify({ input: hosted(), fetch: gone, now: NOW }), 'status', 'ERR_OB3_STATUS_REVOKED')
    const revoked = await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: { '@context': OB2, id: ASSERTION, revoked: true, revocationReason: 'awarded in error' } }), now: NOW })
    expectFailed(revoked, 'status', 'ERR_OB3_STATUS_REVOKED')
    expect(check(revoked, 'status')?.message).toContain('awarded in error')
  })

  it('is out of scope on another host unless the issuer\'s policy allows it (ERR_OB3_OB2_OUT_OF_SCOPE)', async () => {
    const elsewhere = 'https://cdn.example/assertions/1'
    const moved = { [elsewhere]: hosted({ id: elsewhere }) }
    expectFailed(await verify({ input: elsewhere, fetch: site(moved), now: NOW }), 'proof', 'ERR_OB3_OB2_OUT_OF_SCOPE')
    expectVerified(await verify({ input: elsewhere, fetch: site({ ...moved, [ISSUER]: profile({ verification: { type: 'VerificationObject', allowedOrigins: ['cdn.example'] } }) }), now: NOW }))
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ISSUER]: profile({ verification: { type: 'VerificationObject', startsWith: 'https://badges.example/awards/' } }) }), now: NOW }), 'proof', 'ERR_OB3_OB2_OUT_OF_SCOPE')
  })

  it('checks dates: expired (ERR_OB3_EXPIRED), issued later (ERR_OB3_NOT_YET_VALID), no time zone (ERR_OB3_DATE_INVALID)', async () => {
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ expires: '2026-05-01T00:00:00Z' }) }), now: NOW }), 'validity', 'ERR_OB3_EXPIRED')
    expectVerified(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ expires: '2026-07-01T00:00:00+02:00' }) }), now: NOW }))
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ issuedOn: '2026-09-01T00:00:00Z' }) }), now: NOW }), 'validity', 'ERR_OB3_NOT_YET_VALID')
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ issuedOn: '2026-01-01T00:00:00' }) }), now: NOW }), 'schema', 'ERR_OB3_DATE_INVALID')
  })

  it('needs its BadgeClass and Profile resolvable (ERR_OB3_OB2_UNRESOLVED) and complete (ERR_OB3_OB2_INVALID)', async () => {
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [BADGE]: undefined }), now: NOW }), 'schema', 'ERR_OB3_OB2_UNRESOLVED')
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ISSUER]: undefined }), now: NOW }), 'schema', 'ERR_OB3_OB2_UNRESOLVED')
    const noCriteria = badgeClass()
    delete noCriteria.criteria
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [BADGE]: noCriteria }), now: NOW }), 'schema', 'ERR_OB3_OB2_INVALID')
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ recipient: { ...recipient, identity: 'sha256$abc' } }) }), now: NOW }), 'schema', 'ERR_OB3_IDENTITY_HASH_INVALID')
    // Embedded objects are accepted as they are.
    expectVerified(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ badge: { ...badgeClass(), issuer: profile() } }), [BADGE]: undefined }), now: NOW }))
  })

  it('checks the context and the types (ERR_OB3_CONTEXT_INVALID, ERR_OB3_TYPE_INVALID)', async () => {
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [BADGE]: { ...badgeClass(), '@context': 'https://example.org/other' } }), now: NOW }), 'context', 'ERR_OB3_CONTEXT_INVALID')
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [BADGE]: badgeClass({ type: 'Achievement' }) }), now: NOW }), 'type', 'ERR_OB3_TYPE_INVALID')
  })

  it('refuses an unknown verification type (ERR_OB3_OB2_VERIFICATION_UNSUPPORTED)', async () => {
    expectFailed(await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: hosted({ verification: { type: 'CarrierPigeon' } }) }), now: NOW }), 'proof', 'ERR_OB3_OB2_VERIFICATION_UNSUPPORTED')
  })

  it('matches the expected recipient against the salted hash, and a plain identity', async () => {
    const ok = await verify({ input: ASSERTION, fetch: site(), now: NOW, recipient: { identityType: 'emailAddress', value: EMAIL } })
    expect(check(ok, 'recipient')?.status).toBe('passed')
    expectFailed(await verify({ input: ASSERTION, fetch: site(), now: NOW, recipient: { identityType: 'emailAddress', value: 'someone@example.org' } }), 'recipient', 'ERR_OB3_RECIPIENT_MISMATCH')
    const plain = site({ [ASSERTION]: hosted({ recipient: { type: 'url', hashed: false, identity: 'https://ana.example' } }) })
    expect(check(await verify({ input: ASSERTION, fetch: plain, now: NOW, recipient: { id: 'https://ana.example' } }), 'recipient')?.status).toBe('passed')
  })

  it('fetches nothing offline: a URL fails parse with ERR_OB3_FETCH_FORBIDDEN', async () => {
    const report = await verify({ input: ASSERTION, now: NOW })
    expectFailed(report, 'parse', 'ERR_OB3_FETCH_FORBIDDEN')
  })
})

describe('Open Badges 2.0 signed assertions', () => {
  it('verifies an RS256 JWS with the key the issuer Profile links', async () => {
    const report = await verify({ input: await jws(signed()), fetch: site(), now: NOW })
    expectVerified(report)
    expect(report.format).toBe('jwt')
    expect(check(report, 'proof')?.message).toContain(KEY)
  })

  it('verifies an ES256 JWS', async () => {
    const fetch = site({ [KEY]: { '@context': OB2, id: KEY, type: 'CryptographicKey', owner: ISSUER, publicKeyPem: p256Pem } })
    expectVerified(await verify({ input: await jws(signed(), 'ES256'), fetch, now: NOW }))
  })

  it('fails a changed payload or another key (ERR_OB3_PROOF_SIGNATURE_INVALID)', async () => {
    const token = await jws(signed())
    const [h, , s] = token.split('.')
    const forged = `${h}.${toBase64Url(new TextEncoder().encode(JSON.stringify(signed({ issuedOn: '2025-01-01T00:00:00Z' }))))}.${s}`
    expectFailed(await verify({ input: forged, fetch: site(), now: NOW }), 'proof', 'ERR_OB3_PROOF_SIGNATURE_INVALID')
    const other = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign'])
    expectFailed(await verify({ input: await jws(signed(), 'RS256', other.privateKey), fetch: site(), now: NOW }), 'proof', 'ERR_OB3_PROOF_SIGNATURE_INVALID')
  })

  it('trusts only a key the Profile links and that names the issuer as owner (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)', async () => {
    const stranger = 'https://evil.example/keys/1'
    const fetch = site({ [stranger]: { '@context': OB2, id: stranger, type: 'CryptographicKey', owner: ISSUER, publicKeyPem: rsaPem } })
    expectFailed(await verify({ input: await jws(signed({ verification: { type: 'signed', creator: stranger } })), fetch, now: NOW }), 'proof', 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
    const owned = site({ [KEY]: { '@context': OB2, id: KEY, type: 'CryptographicKey', owner: 'https://evil.example/issuer', publicKeyPem: rsaPem } })
    expectFailed(await verify({ input: await jws(signed()), fetch: owned, now: NOW }), 'proof', 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
    const noKeys = site({ [ISSUER]: profile({ publicKey: undefined }) })
    expectFailed(await verify({ input: await jws(signed()), fetch: noKeys, now: NOW }), 'proof', 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
    expectFailed(await verify({ input: await jws(signed({ verification: { type: 'signed' } })), fetch: noKeys, now: NOW }), 'proof', 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND')
  })

  it('reads the Profile from its own URL, never from the copy the payload carries', async () => {
    const evilKey = 'https://evil.example/keys/1'
    const other = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])
    const fetch = site({ [evilKey]: { '@context': OB2, id: evilKey, type: 'CryptographicKey', owner: ISSUER, publicKeyPem: await pem(other.publicKey) } })
    // The payload carries a Profile of the issuer that links the forger's key; the real one does not.
    const fake = { ...badgeClass(), issuer: profile({ publicKey: evilKey }) }
    const token = await jws(signed({ badge: fake, verification: { type: 'signed' } }), 'RS256', other.privateKey)
    expectFailed(await verify({ input: token, fetch, now: NOW }), 'proof', 'ERR_OB3_PROOF_SIGNATURE_INVALID')
  })

  it('is revoked when its id is on the issuer\'s revocation list (ERR_OB3_STATUS_REVOKED)', async () => {
    const id = signed().id as string
    const list = { '@context': OB2, id: REVOCATIONS, type: 'RevocationList', issuer: ISSUER, revokedAssertions: [{ id, revocationReason: 'duplicate' }] }
    const report = await verify({ input: await jws(signed()), fetch: site({ [REVOCATIONS]: list }), now: NOW })
    expectFailed(report, 'status', 'ERR_OB3_STATUS_REVOKED')
    expect(check(report, 'status')?.message).toContain('duplicate')
    expectFailed(await verify({ input: await jws(signed()), fetch: site({ [REVOCATIONS]: undefined }), now: NOW }), 'status', 'ERR_OB3_STATUS_UNAVAILABLE')
  })

  it('refuses alg none and a signed badge given without its JWS', async () => {
    const none = `${toBase64Url(new TextEncoder().encode('{"alg":"none"}'))}.${toBase64Url(new TextEncoder().encode(JSON.stringify(signed())))}.c2ln`
    expectFailed(await verify({ input: none, fetch: site(), now: NOW }), 'proof', 'ERR_OB3_JWT_ALG_UNSUPPORTED')
    expectFailed(await verify({ input: signed(), fetch: site(), now: NOW }), 'proof', 'ERR_OB3_OB2_VERIFICATION_UNSUPPORTED')
  })
})

/** A 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))

/** Bake text the 2.0 way: an uncompressed `openbadges` iTXt chunk (or tEXt) after IHDR. */
function bakePng2(texts: string[], type: 'iTXt' | 'tEXt' = 'iTXt'): Uint8Array {
  const chunks = [...parsePngChunks(PNG)]
  const baked = texts.map((text) => {
    const head = type === 'iTXt' ? 'openbadges\0\0\0\0\0' : 'openbadges\0'
    return { type, data: new Uint8Array([...new TextEncoder().encode(head), ...new TextEncoder().encode(text)]) }
  })
  return serializePngChunks([chunks[0] as (typeof chunks)[number], ...baked, ...chunks.slice(1)])
}

const svg = (element: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org" width="10" height="10">${element}<circle r="4"/></svg>`

describe('Open Badges 2.0 baked badges', () => {
  it('a PNG holding a hosted assertion URL, its JSON, or a JWS', async () => {
    for (const text of [ASSERTION, JSON.stringify(hosted()), await jws(signed())]) {
      const report = await verify({ input: bakePng2([text]), fetch: site(), now: NOW })
      expectVerified(report)
      expect(report.format).toBe('png')
    }
    expectVerified(await verify({ input: bakePng2([ASSERTION], 'tEXt'), fetch: site(), now: NOW }))
  })

  it('a PNG with two openbadges chunks is refused (ERR_OB3_PNG_MULTIPLE_CREDENTIALS)', async () => {
    expectFailed(await verify({ input: bakePng2([ASSERTION, ASSERTION]), fetch: site(), now: NOW }), 'parse', 'ERR_OB3_PNG_MULTIPLE_CREDENTIALS')
  })

  it('an SVG with a JWS in verify, or the assertion in CDATA', async () => {
    const signedSvg = await verify({ input: svg(`<openbadges:assertion verify="${await jws(signed())}"/>`), fetch: site(), now: NOW })
    expectVerified(signedSvg)
    expect(signedSvg.format).toBe('svg')
    expectVerified(await verify({ input: new TextEncoder().encode(svg(`<openbadges:assertion verify="${ASSERTION}"><![CDATA[${JSON.stringify(hosted())}]]></openbadges:assertion>`)), fetch: site(), now: NOW }))
    expectFailed(await verify({ input: svg('<openbadges:assertion verify="x"/><openbadges:assertion verify="y"/>'), fetch: site(), now: NOW }), 'parse', 'ERR_OB3_SVG_MULTIPLE_CREDENTIALS')
  })
})

describe('the report says which specification it checked', () => {
  it('ob3 for an Open Badges 3.0 input', async () => {
    const report = await verify({ input: '{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": {}}', now: NOW })
    expect(report.specification).toBe('ob3')
  })

  it('ob3 for a damaged PNG or a PNG without any badge: the 3.0 reader reports it', async () => {
    const damaged = bakePng2([ASSERTION]).slice(0, 60)
    for (const [input, code] of [[damaged, 'ERR_OB3_PNG_INVALID'], [PNG, 'ERR_OB3_PNG_NO_CREDENTIAL']] as const) {
      const report = await verify({ input, now: NOW })
      expect(report.specification).toBe('ob3')
      expect(report.checks[0]).toMatchObject({ id: 'parse', status: 'failed', code })
    }
  })
})
