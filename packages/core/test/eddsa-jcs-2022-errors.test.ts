/**
 * The two steps of eddsa-jcs-2022 (core/src/proofs/eddsa-jcs-2022.ts) on their own: the proof
 * options a new proof gets (the document's `@context` copied in), and the 64 bytes a proof signs,
 * checked against SHA-256 by node:crypto over RFC 8785 text — with the Verify Proof algorithm's
 * rule that the proof's `@context` must begin the document's, and everything it refuses.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Ob3Error, canonicalizeJson } from '@ob3/core'
import { jcsHashData, jcsProofOptions } from '../src/proofs/eddsa-jcs-2022.js'

const V2 = 'https://www.w3.org/ns/credentials/v2'
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2'
const PROOF = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', created: '2026-01-01T00:00:00Z', verificationMethod: 'did:example:issuer#key-1', proofPurpose: 'assertionMethod' }
const DOC = { '@context': [V2, EXAMPLES], id: 'urn:uuid:81', type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:s', n: 1.5 } }

/** SHA-256(JCS(config)) ‖ SHA-256(JCS(document)), computed without @ob3/core's digest code. */
function expected(config: unknown, document: unknown): Uint8Array {
  const sha = (value: unknown) => createHash('sha256').update(canonicalizeJson(value), 'utf8').digest()
  return new Uint8Array(Buffer.concat([sha(config), sha(document)]))
}
const notPrefix = new Ob3Error('ERR_OB3_PROOF_MALFORMED', 'the document\'s @context does not start with the @context of its eddsa-jcs-2022 proof')

describe('jcsProofOptions', () => {
  it('copies the document @context into the proof options', () => {
    expect(jcsProofOptions(DOC, PROOF)).toStrictEqual({ ...PROOF, '@context': [V2, EXAMPLES] })
    expect(jcsProofOptions({ ...DOC, '@context': V2 }, PROOF)).toStrictEqual({ ...PROOF, '@context': V2 })
  })

  it('leaves the proof options as they are for a document without @context', () => {
    const { '@context': _context, ...bare } = DOC
    const options = jcsProofOptions(bare, PROOF)
    expect(options).toBe(PROOF)
    expect(Object.keys(options)).not.toContain('@context')
  })
})

describe('jcsHashData', () => {
  it('hashes the proof configuration without proofValue, then the document', async () => {
    const proof = { ...PROOF, '@context': [V2, EXAMPLES], proofValue: 'z123' }
    const { proofValue: _value, ...config } = proof
    expect(await jcsHashData(DOC, proof, true)).toEqual(expected(config, DOC))
    expect(await jcsHashData(DOC, proof, false)).toEqual(expected(config, DOC))
    expect(await jcsHashData(DOC, PROOF, true)).toEqual(expected(PROOF, DOC))
  })

  it('refuses a proof that is not an eddsa-jcs-2022 DataIntegrityProof', async () => {
    const refused = new Ob3Error('ERR_OB3_PROOF_MALFORMED', 'an eddsa-jcs-2022 proof must be a DataIntegrityProof with cryptosuite eddsa-jcs-2022')
    await expect(jcsHashData(DOC, { ...PROOF, type: 'Ed25519Signature2020' }, false)).rejects.toEqual(refused)
    await expect(jcsHashData(DOC, { ...PROOF, cryptosuite: 'eddsa-rdfc-2022' }, true)).rejects.toEqual(refused)
    await expect(jcsHashData(DOC, { cryptosuite: 'eddsa-jcs-2022' }, true)).rejects.toEqual(refused)
  })

  it('when verifying, hashes the document with the proof @context, which must begin the document\'s', async () => {
    const proof = { ...PROOF, '@context': [V2] }
    expect(await jcsHashData(DOC, proof, true)).toEqual(expected(proof, { ...DOC, '@context': [V2] }))
    // The same list, a one-value list against a string, and members compared as JSON, not by key order.
    expect(await jcsHashData({ ...DOC, '@context': [V2, EXAMPLES] }, { ...PROOF, '@context': [V2, EXAMPLES] }, true)).toEqual(expected({ ...PROOF, '@context': [V2, EXAMPLES] }, DOC))
    expect(await jcsHashData({ ...DOC, '@context': V2 }, { ...PROOF, '@context': [V2] }, true)).toEqual(expected({ ...PROOF, '@context': [V2] }, { ...DOC, '@context': [V2] }))
    expect(await jcsHashData(DOC, { ...PROOF, '@context': V2 }, true)).toEqual(expected({ ...PROOF, '@context': V2 }, { ...DOC, '@context': V2 }))
    const scoped = { ...DOC, '@context': [V2, { b: 'https://e.example/b', a: 'https://e.example/a' }, EXAMPLES] }
    const scopedProof = { ...PROOF, '@context': [V2, { a: 'https://e.example/a', b: 'https://e.example/b' }] }
    expect(await jcsHashData(scoped, scopedProof, true)).toEqual(expected(scopedProof, { ...scoped, '@context': scopedProof['@context'] }))
    // An empty proof @context begins any document, even one without @context.
    const { '@context': _context, ...bare } = DOC
    expect(await jcsHashData(bare, { ...PROOF, '@context': [] }, true)).toEqual(expected({ ...PROOF, '@context': [] }, { ...bare, '@context': [] }))
  })

  it('when verifying, refuses a document whose @context does not begin with the proof\'s', async () => {
    const { '@context': _context, ...bare } = DOC
    await expect(jcsHashData(bare, { ...PROOF, '@context': [V2] }, true)).rejects.toEqual(notPrefix)
    await expect(jcsHashData({ ...DOC, '@context': [V2] }, { ...PROOF, '@context': [V2, EXAMPLES] }, true)).rejects.toEqual(notPrefix)
    await expect(jcsHashData({ ...DOC, '@context': [V2, 'https://other.example/'] }, { ...PROOF, '@context': [V2, EXAMPLES] }, true)).rejects.toEqual(notPrefix)
    await expect(jcsHashData({ ...DOC, '@context': [EXAMPLES, V2] }, { ...PROOF, '@context': [V2, EXAMPLES] }, true)).rejects.toEqual(notPrefix)
    await expect(jcsHashData({ ...DOC, '@context': V2 }, { ...PROOF, '@context': EXAMPLES }, true)).rejects.toEqual(notPrefix)
  })

  it('when signing, hashes the document as it is, whatever @context the proof carries', async () => {
    const proof = { ...PROOF, '@context': [EXAMPLES] }
    expect(await jcsHashData(DOC, proof, false)).toEqual(expected(proof, DOC))
  })
})
