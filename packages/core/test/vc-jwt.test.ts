import { describe, expect, it } from 'vitest'
import { createEd25519Signer, decodeVcJwt, ed25519KeyFromSeed, resolveVerificationMethod, signVcJwt, toBase64Url, utf8, verifyVcJwt, type Signer } from '@ob3/core'

const resolveKey = (vm: string, purpose: 'assertionMethod' | 'authentication') => resolveVerificationMethod(vm, { purpose })

async function issuerSigner(): Promise<Signer> {
  return createEd25519Signer(await ed25519KeyFromSeed(new Uint8Array(32).fill(1)))
}

function credentialFor(signer: Signer, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:7',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: signer.id.split('#')[0], type: ['Profile'], name: 'District' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:teacher', type: ['AchievementSubject'] },
    ...extra,
  }
}

/** Sign an arbitrary header and payload, to build tokens signVcJwt would never make. */
async function signRaw(signer: Signer, header: object, payload: object): Promise<string> {
  const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  return `${input}.${toBase64Url(await signer.sign(utf8(input)))}`
}

describe('VC-JWT', () => {
  it('signs with the claims of OB 3.0 §8.2 and verifies without remarks', async () => {
    const signer = await issuerSigner()
    const jwt = await signVcJwt({ credential: credentialFor(signer, { validUntil: '2027-01-01T00:00:00Z' }), signer })
    const { header, payload, legacy } = decodeVcJwt(jwt)
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: signer.id })
    expect(payload).toMatchObject({ iss: signer.id.split('#')[0], jti: 'urn:uuid:7', sub: 'did:example:teacher', nbf: 1767225600, exp: 1798761600 })
    expect(legacy).toBe(false)
    const { outcome } = await verifyVcJwt({ jwt, resolveKey })
    expect(outcome).toMatchObject({ verified: true, warnings: [] })
    expect(outcome.key?.bound).toBe(true)
  })

  it('warns about each missing claim the credential has a value for, nbf and exp included', async () => {
    const signer = await issuerSigner()
    const credential = credentialFor(signer, { validUntil: '2027-01-01T00:00:00Z' })
    const jwt = await signRaw(signer, { alg: 'EdDSA', kid: signer.id }, { ...credential, iss: signer.id.split('#')[0] })
    const { outcome } = await verifyVcJwt({ jwt, resolveKey })
    expect(outcome.verified).toBe(true)
    expect(outcome.warnings.map((w) => w.message.match(/no (\w+) claim/)?.[1])).toEqual(['sub', 'jti', 'nbf', 'exp'])
    expect(outcome.warnings.every((w) => w.code === 'ERR_OB3_JWT_CLAIM_MISSING')).toBe(true)
  })

  it('fails a claim that disagrees with the credential', async () => {
    const signer = await issuerSigner()
    const credential = credentialFor(signer)
    const jwt = await signRaw(signer, { alg: 'EdDSA', kid: signer.id }, { ...credential, iss: signer.id.split('#')[0], nbf: 1767225600 + 60 })
    const { outcome } = await verifyVcJwt({ jwt, resolveKey })
    expect(outcome).toMatchObject({ verified: false, code: 'ERR_OB3_JWT_CLAIM_MISMATCH' })
  })

  it('reads the vc claim of VC 1.1-era tokens', async () => {
    const signer = await issuerSigner()
    const vc = { ...credentialFor(signer), validFrom: undefined, issuanceDate: '2026-01-01T00:00:00Z' }
    const jwt = await signRaw(signer, { alg: 'EdDSA', kid: signer.id }, { vc, iss: signer.id.split('#')[0], jti: 'urn:uuid:7', sub: 'did:example:teacher', nbf: 1767225600 })
    expect(decodeVcJwt(jwt).legacy).toBe(true)
    expect((await verifyVcJwt({ jwt, resolveKey })).outcome).toMatchObject({ verified: true, warnings: [] })
  })

  it('refuses alg none, extra JOSE headers, a wrong typ and a private jwk', async () => {
    const signer = await issuerSigner()
    const payload = credentialFor(signer)
    const none = `${toBase64Url(utf8('{"alg":"none"}'))}.${toBase64Url(utf8(JSON.stringify(payload)))}.`
    expect((await verifyVcJwt({ jwt: none, resolveKey })).outcome.code).toBe('ERR_OB3_JWT_ALG_UNSUPPORTED')
    expect((await verifyVcJwt({ jwt: await signRaw(signer, { alg: 'EdDSA', kid: signer.id, crit: ['b64'] }, payload), resolveKey })).outcome.code).toBe('ERR_OB3_JWT_HEADER_INVALID')
    expect((await verifyVcJwt({ jwt: await signRaw(signer, { alg: 'EdDSA', kid: signer.id, typ: 'vc+jwt' }, payload), resolveKey })).outcome.code).toBe('ERR_OB3_JWT_HEADER_INVALID')
    expect((await verifyVcJwt({ jwt: await signRaw(signer, { alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' } }, payload), resolveKey })).outcome.code).toBe('ERR_OB3_JWT_HEADER_INVALID')
    expect((await verifyVcJwt({ jwt: 'not.a.jwt!', resolveKey })).outcome.code).toBe('ERR_OB3_JWT_MALFORMED')
  })

  it('fails a token signed by another key than the one its kid names', async () => {
    const signer = await issuerSigner()
    const other = await createEd25519Signer(await ed25519KeyFromSeed(new Uint8Array(32).fill(2)))
    const jwt = await signRaw(other, { alg: 'EdDSA', kid: signer.id }, { ...credentialFor(signer), iss: signer.id.split('#')[0] })
    expect((await verifyVcJwt({ jwt, resolveKey })).outcome.code).toBe('ERR_OB3_PROOF_SIGNATURE_INVALID')
  })
})
