/**
 * The `proof` check, result by result: what it says and with which code when there is no proof,
 * when one proof of a set fails, when a valid signature is by someone else's key, when a DID
 * issuer's key is not in its DID document, when an https issuer's key is only read from the
 * proof (a warning, or a failure under keyBinding strict), when the signature is valid with a
 * warning, and when it passes. The words are part of the report people read, so each is compared
 * whole.
 */
import { describe, expect, it } from 'vitest'
import { createResourceFetch, ed25519PublicJwk, resolveVerificationMethod, signLinkedDataProof, toBase64Url, utf8, type KeyResolver } from '@ob3/core'
import { checkProof, issuerIdOf, proofConfirmsIssuer } from '../src/checks/proof.js'
import { verify } from '../src/index.js'
import { NOW, SIGNED, checkOf, credential, parties, presentationJwt, sign } from './fixtures.js'

const { provider, stranger, state } = await parties()
const resolveKey: KeyResolver = async (id) => resolveVerificationMethod(id)
const HTTPS_ISSUER = 'https://academy.example/issuer'
const keyId = (p: { key: { id: string } }) => p.key.id

describe('the proof check says', () => {
  it('that there is no proof, with ERR_OB3_PROOF_MISSING', async () => {
    expect((await checkProof({ document: credential({ issuer: provider }), resolveKey })).check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_MISSING', message: 'the credential carries no proof, so nothing shows who issued it or that it is unchanged',
    })
  })

  it('which proof of a set does not verify, and why; every proof of a set must verify', async () => {
    const twice = await signLinkedDataProof({ document: await sign(credential({ issuer: provider }), provider), signer: state.signer, created: SIGNED }) as Record<string, unknown>
    const proofs = twice.proof as Record<string, unknown>[]
    const broken = { ...twice, proof: [proofs[0], { ...proofs[1], created: '2026-01-02T00:00:00Z' }] }
    const { check, outcomes } = await checkProof({ document: broken, resolveKey })
    expect(outcomes.map((o) => o.verified)).toEqual([true, false])
    expect(check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID',
      message: 'proof 2 of 2 (eddsa-rdfc-2022) does not verify: the signature does not match the document: it was changed after signing, or signed with another key; every proof of a set must verify',
    })
    // Both valid: the issuer's proof carries it, the co-signer's is fine beside it.
    expect((await checkProof({ document: twice, resolveKey })).check).toEqual({ id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${keyId(provider)}` })
  })

  it('whose key made a valid signature that is not the issuer\'s, naming both (and "(none)" without an issuer)', async () => {
    const forged = await sign(credential({ issuer: provider }), stranger)
    expect((await checkProof({ document: forged, resolveKey })).check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the signature is valid, but its key belongs to ${stranger.id}, not to the issuer ${provider.id}`,
    })
    const { issuer: _issuer, ...anonymous } = credential({ issuer: provider })
    expect((await checkProof({ document: await sign(anonymous, provider), resolveKey })).check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the signature is valid, but its key belongs to ${provider.id}, not to the issuer (none)`,
    })
  })

  it('that a DID issuer\'s key must come from its DID document: a key no document confirms fails', async () => {
    const signed = await sign(credential({ issuer: provider }), provider)
    const unbound: KeyResolver = async (id) => ({ ...(await resolveVerificationMethod(id)), bound: false })
    for (const keyBinding of ['lenient', 'strict'] as const) {
      expect((await checkProof({ document: signed, resolveKey: unbound, keyBinding })).check).toEqual({
        id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
        message: `the signature is valid, but its key is not in the DID document of the issuer ${provider.id}, the only place a DID issuer's keys come from`,
      })
    }
  })

  it('that an https issuer\'s key read from the proof is not confirmed: a warning by default, a failure under strict', async () => {
    const signer = { ...provider.signer, id: `${HTTPS_ISSUER}#${provider.key.publicKeyMultibase}` }
    const signed = await sign({ ...credential({ issuer: provider }), issuer: HTTPS_ISSUER }, signer)
    const message = `eddsa-rdfc-2022 signature is valid; the key ${provider.key.publicKeyMultibase} is taken from the credential itself, not confirmed by the issuer ${HTTPS_ISSUER}`
    const lenient = (await checkProof({ document: signed, resolveKey })).check
    expect(lenient).toEqual({ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message })
    expect(proofConfirmsIssuer(lenient)).toBe(false)
    expect((await checkProof({ document: signed, resolveKey, keyBinding: 'lenient' })).check).toEqual(lenient)
    expect((await checkProof({ document: signed, resolveKey, keyBinding: 'strict' })).check).toEqual({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message })
  })

  it('that a valid signature came with a warning, naming the key and every warning', async () => {
    // A VC-JWT without the jti and sub claims OB 3.0 asks for: valid, with the credential's values used.
    const { id: _id, ...rest } = credential({ issuer: provider })
    const document = { ...rest, id: 'urn:uuid:0b5e7c1a-0000-4000-8000-0000000000aa' }
    const jwt = await presentationJwt(provider.signer, { ...document, iss: provider.id, nbf: Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000) })
    const report = await verify({ input: jwt, now: NOW })
    expect(checkOf(report, 'proof')).toEqual({
      id: 'proof', status: 'warning', code: 'ERR_OB3_JWT_CLAIM_MISSING',
      message: `VC-JWT (EdDSA) signature is valid by ${keyId(provider)}; the JWT has no sub claim (OB 3.0 requires it); the credential's credentialSubject id is used; the JWT has no jti claim (OB 3.0 requires it); the credential's credential id is used`,
    })
    expect(proofConfirmsIssuer(checkOf(report, 'proof'))).toBe(true)
  })

  it('which key made a valid signature, and in which form', async () => {
    expect((await checkProof({ document: await sign(credential({ issuer: provider }), provider), resolveKey })).check).toEqual({
      id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${keyId(provider)}`,
    })
    const jwt = await presentationJwt(provider.signer, { ...credential({ issuer: provider }), iss: provider.id, jti: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001', sub: 'did:example:ana-rivera', nbf: Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000) })
    expect(checkOf(await verify({ input: jwt, now: NOW }), 'proof')).toEqual({ id: 'proof', status: 'passed', message: `VC-JWT (EdDSA) signature is valid, made with ${keyId(provider)}` })
  })
})

describe('the proof check, when there are several proofs', () => {
  /** An https issuer that publishes `#key-1` (the provider's key) in its controller document. */
  const fetch = createResourceFetch({ resources: { [HTTPS_ISSUER]: JSON.stringify({ id: HTTPS_ISSUER, assertionMethod: [{ id: `${HTTPS_ISSUER}#key-1`, type: 'Multikey', controller: HTTPS_ISSUER, publicKeyMultibase: provider.key.publicKeyMultibase }] }) } })
  const resolveHttps: KeyResolver = async (id, purpose) => resolveVerificationMethod(id, { fetch, purpose })
  const published = { ...provider.signer, id: `${HTTPS_ISSUER}#key-1` }
  const fromProof = { ...provider.signer, id: `${HTTPS_ISSUER}#${provider.key.publicKeyMultibase}` }
  const httpsCredential = () => ({ ...credential({ issuer: provider }), issuer: HTTPS_ISSUER })
  const claims = { iss: HTTPS_ISSUER, nbf: Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000) }

  it('fails a set whose first proof is broken, though the second verifies', async () => {
    const twice = await signLinkedDataProof({ document: await sign(credential({ issuer: provider }), provider), signer: provider.signer, created: SIGNED }) as Record<string, unknown>
    const [first, second] = twice.proof as Record<string, unknown>[]
    const { check } = await checkProof({ document: { ...twice, proof: [{ ...first, created: '2026-01-02T00:00:00Z' }, second] }, resolveKey })
    expect(check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID',
      message: 'proof 1 of 2 (eddsa-rdfc-2022) does not verify: the signature does not match the document: it was changed after signing, or signed with another key; every proof of a set must verify',
    })
  })

  it('gives a broken proof\'s own code: an unsupported cryptosuite in a set', async () => {
    const signed = await sign(credential({ issuer: provider }), provider)
    const proof = signed.proof as Record<string, unknown>
    const { check } = await checkProof({ document: { ...signed, proof: [proof, { ...proof, cryptosuite: 'ecdsa-rdfc-2019' }] }, resolveKey })
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_UNSUPPORTED' })
    expect(check.message).toMatch(/^proof 2 of 2 \(ecdsa-rdfc-2019\) does not verify: proof type DataIntegrityProof with cryptosuite ecdsa-rdfc-2019 is not supported/)
  })

  it('names every proof when none is by the issuer', async () => {
    const both = await signLinkedDataProof({ document: await sign(credential({ issuer: provider }), stranger), signer: state.signer, created: SIGNED }) as Record<string, unknown>
    expect((await checkProof({ document: both, resolveKey })).check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `proof 1 (eddsa-rdfc-2022): the signature is valid, but its key belongs to ${stranger.id}, not to the issuer ${provider.id}; proof 2 (eddsa-rdfc-2022): the signature is valid, but its key belongs to ${state.id}, not to the issuer ${provider.id}`,
    })
  })

  it('keeps a bad signature\'s own reason when the key is not the issuer\'s either', async () => {
    const forged = await sign(credential({ issuer: provider }), stranger)
    expect((await checkProof({ document: { ...forged, name: 'Changed' }, resolveKey })).check).toEqual({
      id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: 'the signature does not match the document: it was changed after signing, or signed with another key',
    })
  })

  it('prefers a key the issuer publishes over one read from the proof, whichever comes first', async () => {
    for (const order of [[fromProof, published], [published, fromProof]]) {
      const signed = await signLinkedDataProof({ document: await sign(httpsCredential(), order[0] as typeof published), signer: order[1] as typeof published, created: SIGNED }) as Record<string, unknown>
      expect((await checkProof({ document: signed, resolveKey: resolveHttps })).check).toEqual({ id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${HTTPS_ISSUER}#key-1` })
    }
  })

  it('prefers a published key without warnings over one with warnings, and a published key with warnings over one read from the proof', async () => {
    // The VC-JWT (checked first) lacks the sub and jti claims: valid, with warnings, by the published key.
    const jwt = await presentationJwt(published, { ...httpsCredential(), ...claims })
    const clean = await sign(httpsCredential(), published)
    expect((await checkProof({ document: clean, jwt, resolveKey: resolveHttps })).check).toEqual({ id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${HTTPS_ISSUER}#key-1` })
    const unconfirmed = await sign(httpsCredential(), fromProof)
    const withWarnings = (await checkProof({ document: unconfirmed, jwt, resolveKey: resolveHttps })).check
    expect(withWarnings).toMatchObject({ status: 'warning', code: 'ERR_OB3_JWT_CLAIM_MISSING' })
    expect(withWarnings.message).toBe(`VC-JWT (EdDSA) signature is valid by ${HTTPS_ISSUER}#key-1; the JWT has no sub claim (OB 3.0 requires it); the credential's credentialSubject id is used; the JWT has no jti claim (OB 3.0 requires it); the credential's credential id is used`)
  })

  it('prefers a published key with a warning over an earlier key read from the proof', async () => {
    // The second proof uses the pre-standard cryptosuite name eddsa-2022: valid, with a warning.
    const first = await sign(httpsCredential(), fromProof)
    const both = await signLinkedDataProof({ document: first, signer: published, created: SIGNED, suite: 'eddsa-2022' as never }) as Record<string, unknown>
    expect((await checkProof({ document: both, resolveKey: resolveHttps })).check).toEqual({
      id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_UNSUPPORTED',
      message: `eddsa-2022 signature is valid by ${HTTPS_ISSUER}#key-1; cryptosuite eddsa-2022 is a pre-standard name; new credentials should use eddsa-rdfc-2022`,
    })
  })

  it('says a key from the JWT header is not confirmed, naming an Ed25519 key and pointing at the header for another, with the JWT\'s own warnings', async () => {
    const warnings = 'the JWT has no sub claim (OB 3.0 requires it); the credential\'s credentialSubject id is used; the JWT has no jti claim (OB 3.0 requires it); the credential\'s credential id is used'
    const jwtWith = async (alg: string, jwk: unknown, signBytes: (data: Uint8Array) => Promise<Uint8Array>) => {
      const input = `${toBase64Url(utf8(JSON.stringify({ alg, jwk, typ: 'JWT' })))}.${toBase64Url(utf8(JSON.stringify({ ...httpsCredential(), ...claims })))}`
      return `${input}.${toBase64Url(await signBytes(utf8(input)))}`
    }
    const ed = await jwtWith('EdDSA', ed25519PublicJwk(provider.key), (data) => provider.signer.sign(data))
    expect(checkOf(await verify({ input: ed, now: NOW, fetch }), 'proof')).toEqual({
      id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `VC-JWT (EdDSA) signature is valid; the key ${provider.key.publicKeyMultibase} is taken from the credential itself, not confirmed by the issuer ${HTTPS_ISSUER}; ${warnings}`,
    })
    const p256 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', p256.publicKey)
    const es = await jwtWith('ES256', { kty, crv, x, y }, async (data) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, p256.privateKey, data as Uint8Array<ArrayBuffer>)))
    expect(checkOf(await verify({ input: es, now: NOW, fetch }), 'proof')).toEqual({
      id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `VC-JWT (ES256) signature is valid; the key in the JWT header is taken from the credential itself, not confirmed by the issuer ${HTTPS_ISSUER}; ${warnings}`,
    })
  })
})

describe('issuerIdOf and proofConfirmsIssuer', () => {
  it('read an issuer id only from a string or a Profile\'s string id', () => {
    expect([issuerIdOf({ issuer: 'did:example:a' }), issuerIdOf({ issuer: { id: 'did:example:b' } }), issuerIdOf({ issuer: { id: 7 } }), issuerIdOf({ issuer: null }), issuerIdOf({})]).toEqual(['did:example:a', 'did:example:b', undefined, undefined, undefined])
  })

  it('confirm the issuer only for a passed proof or a warning about something else than the key', () => {
    expect(proofConfirmsIssuer(undefined)).toBe(false)
    expect(proofConfirmsIssuer({ id: 'proof', status: 'passed', message: '' })).toBe(true)
    expect(proofConfirmsIssuer({ id: 'proof', status: 'warning', code: 'ERR_OB3_JWT_CLAIM_MISSING', message: '' })).toBe(true)
    expect(proofConfirmsIssuer({ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: '' })).toBe(false)
    expect(proofConfirmsIssuer({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: '' })).toBe(false)
  })
})
