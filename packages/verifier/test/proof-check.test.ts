/**
 * The `proof` check, result by result: what it says and with which code when there is no proof,
 * when one proof of a set fails, when a valid signature is by someone else's key, when a DID
 * issuer's key is not in its DID document, when an https issuer's key is only read from the
 * proof (a warning, or a failure under keyBinding strict), when the signature is valid with a
 * warning, and when it passes. The words are part of the report people read, so each is compared
 * whole.
 */
import { describe, expect, it } from 'vitest'
import { resolveVerificationMethod, signLinkedDataProof, type KeyResolver } from '@ob3/core'
import { checkProof, proofConfirmsIssuer } from '../src/checks/proof.js'
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
