// Data Integrity EdDSA Cryptosuites v1.0, eddsa-jcs-2022 (§3.3), checked with the fixed-key test
// vector of the specification's Appendix B.3, written here as data, and the Create / Verify Proof
// algorithms' @context rule.
import { createHash } from 'node:crypto'
import {
  canonicalizeJson,
  importEd25519Multikey,
  multibaseEncode,
  createEd25519Signer,
  resolveVerificationMethod,
  signLinkedDataProof,
  verifyLinkedDataProof,
  type ProofOutcome,
} from '@ob3/core'
import { describe, expect, it } from 'vitest'

const KEY = {
  publicKeyMultibase: 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
  secretKeyMultibase: 'z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq',
}
const VM = `did:key:${KEY.publicKeyMultibase}#${KEY.publicKeyMultibase}`
const UNSIGNED = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  name: 'Alumni Credential',
  description: 'A minimum viable example of an Alumni Credential.',
  issuer: 'https://vc.example/issuers/5678',
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
}
const CREATED = new Date('2023-02-24T23:36:38Z')
const DOCUMENT_HASH = '59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19'
const PROOF_CONFIG_HASH = '66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db'
const PROOF_VALUE = 'z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX'

/** SHA-256 by node:crypto, independent of @ob3/core's own digest code. */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

async function sign(document: Record<string, unknown>): Promise<Record<string, unknown> & { proof: Record<string, unknown> }> {
  const signer = await createEd25519Signer(await importEd25519Multikey(KEY))
  return (await signLinkedDataProof({ document, signer, suite: 'eddsa-jcs-2022', created: CREATED })) as Record<string, unknown> & { proof: Record<string, unknown> }
}

async function verify(document: Record<string, unknown>): Promise<ProofOutcome> {
  return verifyLinkedDataProof({ document, proof: document.proof, resolveKey: (id) => resolveVerificationMethod(id), now: new Date('2024-01-01T00:00:00Z') })
}

describe('eddsa-jcs-2022: the Appendix B.3 test vector', () => {
  it('hashes the canonical document and proof configuration as recorded', () => {
    expect(sha256Hex(canonicalizeJson(UNSIGNED))).toBe(DOCUMENT_HASH)
    const config = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created: '2023-02-24T23:36:38Z', verificationMethod: VM, proofPurpose: 'assertionMethod', '@context': UNSIGNED['@context'] }
    expect(sha256Hex(canonicalizeJson(config))).toBe(PROOF_CONFIG_HASH)
  })

  it('signs to the recorded proofValue, with the document @context in the proof before proofValue', async () => {
    const signed = await sign(UNSIGNED)
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      created: '2023-02-24T23:36:38Z',
      verificationMethod: VM,
      cryptosuite: 'eddsa-jcs-2022',
      proofPurpose: 'assertionMethod',
      '@context': UNSIGNED['@context'],
      proofValue: PROOF_VALUE,
    })
    const keys = Object.keys(signed.proof)
    expect(keys.indexOf('@context')).toBeLessThan(keys.indexOf('proofValue'))
    const { proof: _proof, ...rest } = signed
    expect(rest).toEqual(UNSIGNED)
  })

  it('verifies the recorded credential', async () => {
    const outcome = await verify({ ...UNSIGNED, proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created: '2023-02-24T23:36:38Z', verificationMethod: VM, proofPurpose: 'assertionMethod', '@context': UNSIGNED['@context'], proofValue: PROOF_VALUE } })
    expect(outcome).toMatchObject({ format: 'ldp', suite: 'eddsa-jcs-2022', verified: true, warnings: [] })
  })
})

describe('eddsa-jcs-2022: verification', () => {
  it('fails a document changed after signing, even by one character of a value', async () => {
    const signed = await sign(UNSIGNED)
    const outcome = await verify({ ...signed, name: 'Alumni Credential!' })
    expect(outcome).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('fails a proof whose options were changed after signing', async () => {
    const signed = await sign(UNSIGNED)
    const outcome = await verify({ ...signed, proof: { ...signed.proof, created: '2023-02-24T23:36:39Z' } })
    expect(outcome).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('fails when the document @context does not start with the proof @context', async () => {
    const signed = await sign(UNSIGNED)
    const outcome = await verify({ ...signed, '@context': ['https://www.w3.org/ns/credentials/v2'] })
    expect(outcome).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_MALFORMED' })
    expect(outcome.message).toMatch(/@context/)
  })

  it('accepts contexts added after the signed ones (the document is checked with the proof @context)', async () => {
    const signed = await sign(UNSIGNED)
    const outcome = await verify({ ...signed, '@context': [...UNSIGNED['@context'], { extra: 'https://example.org/extra' }] })
    expect(outcome.verified).toBe(true)
  })

  it('verifies a proof that carries no @context, as some issuers emit it', async () => {
    const signer = await createEd25519Signer(await importEd25519Multikey(KEY))
    // Sign by hand the way an issuer that omits the proof @context does.
    const config = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created: '2023-02-24T23:36:38Z', verificationMethod: VM, proofPurpose: 'assertionMethod' }
    const data = Buffer.concat([createHash('sha256').update(canonicalizeJson(config)).digest(), createHash('sha256').update(canonicalizeJson(UNSIGNED)).digest()])
    const signature = await signer.sign(new Uint8Array(data))
    const outcome = await verify({ ...UNSIGNED, proof: { ...config, proofValue: multibaseEncode(signature) } })
    expect(outcome.verified).toBe(true)
    const tampered = await verify({ ...UNSIGNED, issuer: 'https://vc.example/issuers/1', proof: { ...config, proofValue: multibaseEncode(signature) } })
    expect(tampered).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('is not an eddsa-rdfc-2022 proof: the same signature under the other cryptosuite fails', async () => {
    const signed = await sign(UNSIGNED)
    const outcome = await verify({ ...signed, proof: { ...signed.proof, cryptosuite: 'eddsa-rdfc-2022' } })
    expect(outcome.verified).toBe(false)
  })

  it('signs terms no context defines exactly as they appear (no JSON-LD processing)', async () => {
    const document = { ...UNSIGNED, '@context': ['https://www.w3.org/ns/credentials/v2'], undefinedTerm: { n: 1.5 } }
    const signed = await sign(document)
    expect((await verify(signed)).verified).toBe(true)
    expect((await verify({ ...signed, undefinedTerm: { n: 1.25 } })).code).toBe('ERR_OB3_PROOF_SIGNATURE_INVALID')
  })

  it('chains to an earlier proof with previousProof', async () => {
    const signer = await createEd25519Signer(await importEd25519Multikey(KEY))
    const first = await signLinkedDataProof({ document: UNSIGNED, signer, suite: 'eddsa-jcs-2022', created: CREATED, id: 'urn:uuid:first' })
    const second = (await signLinkedDataProof({ document: first, signer, suite: 'eddsa-jcs-2022', created: CREATED, previousProof: 'urn:uuid:first' })) as Record<string, unknown> & { proof: Record<string, unknown>[] }
    expect(second.proof).toHaveLength(2)
    const outcome = await verifyLinkedDataProof({ document: second, proof: second.proof[1], resolveKey: (id) => resolveVerificationMethod(id) })
    expect(outcome.verified).toBe(true)
    const dangling = await verifyLinkedDataProof({ document: { ...second, proof: [second.proof[1]] }, proof: second.proof[1], resolveKey: (id) => resolveVerificationMethod(id) })
    expect(dangling).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_MALFORMED' })
  })
})
