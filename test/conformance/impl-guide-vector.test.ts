// The OB 3.0 implementation guide's fixed-key eddsa-rdfc-2022 test vector (1EdTech
// openbadges-specification, ob_v3p0/impl/linked-data-proof-ob), read in place from ../shared:
// every intermediate of the W3C eddsa-rdfc-2022 algorithm must reproduce byte for byte.
//
//   proof config ──canonize──▶ proofCanonicalNQuads ──sha256──▶ proofHashHex ┐
//   unsigned doc ──canonize──▶ documentCanonicalNQuads ─sha256─▶ documentHashHex ┴▶ data to sign
//   Ed25519(secret key, data to sign) = signatureHex;  'z' + base58btc(signature) = proofValue
//
// Hashes are computed with node:crypto, independently of @ob3/core's own digest code, so the
// recorded values check ob3 rather than ob3 checking itself.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  canonize,
  createEd25519Signer,
  ed25519PublicKeyFromMultibase,
  fromHex,
  importEd25519Multikey,
  multibaseDecode,
  resolveVerificationMethod,
  signLinkedDataProof,
  toHex,
  verifyEd25519,
  verifyLinkedDataProof,
} from '@ob3/core'
import { describe, expect, it } from 'vitest'

const SHARED = new URL('../../../shared/', import.meta.url)
const VECTORS = new URL('ob3/vectors/', SHARED)

interface Intermediates {
  keyPair: {
    publicKeyHex: string
    privateKeyHex_seedPlusPublic: string
    publicKeyMultibase: string
    secretKeyMultibase: string
    multikeyId: string
    controller: string
  }
  proofConfigBeforeSigning: Record<string, string>
  proofCanonicalNQuads: string
  documentCanonicalNQuads: string
  documentHashHex: string
  proofHashHex: string
  dataToSignHex_proofHashThenDocHash: string
  signatureHex: string
  proofValue: string
}

function readVector<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8')) as T
}

const intermediates = readVector<Intermediates>('impl-guide-eddsa-rdfc-2022-testvector.intermediates.json')
const signed = readVector<Record<string, unknown> & { proof: Record<string, string> }>('impl-guide-eddsa-rdfc-2022-testvector.signed.json')
const { proof: recordedProof, ...unsigned } = signed
const { keyPair } = intermediates

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

describe('the shared folder', () => {
  it('is the shared/ folder beside the checkout (CI layout)', () => {
    const checkout = new URL('../../', import.meta.url)
    expect(fileURLToPath(SHARED)).toBe(fileURLToPath(new URL('../shared/', checkout)))
    expect(readFileSync(new URL('README.md', VECTORS), 'utf8')).toContain('impl-guide-eddsa-rdfc-2022-testvector')
  })
})

describe('impl-guide eddsa-rdfc-2022 test vector: intermediates', () => {
  it('the signed vector carries the recorded proof config and proofValue', () => {
    const { proofValue, ...config } = recordedProof
    expect(config).toEqual(intermediates.proofConfigBeforeSigning)
    expect(proofValue).toBe(intermediates.proofValue)
  })

  it('canonical N-Quads of the proof config (with the document @context) equal the recorded ones byte for byte', async () => {
    const proofConfig = { '@context': signed['@context'], ...intermediates.proofConfigBeforeSigning }
    expect(await canonize(proofConfig)).toBe(intermediates.proofCanonicalNQuads)
  })

  it('canonical N-Quads of the unsigned document equal the recorded ones byte for byte', async () => {
    expect(await canonize(unsigned)).toBe(intermediates.documentCanonicalNQuads)
  })

  it('SHA-256 of each canonical form equals the recorded hash', () => {
    expect(sha256Hex(intermediates.proofCanonicalNQuads)).toBe(intermediates.proofHashHex)
    expect(sha256Hex(intermediates.documentCanonicalNQuads)).toBe(intermediates.documentHashHex)
  })

  it('the bytes to sign are the proof hash followed by the document hash', async () => {
    const proofHash = sha256Hex(await canonize({ '@context': signed['@context'], ...intermediates.proofConfigBeforeSigning }))
    const documentHash = sha256Hex(await canonize(unsigned))
    expect(proofHash + documentHash).toBe(intermediates.dataToSignHex_proofHashThenDocHash)
  })

  it('proofValue is z + base58btc of the recorded signature, which verifies over the recorded bytes', async () => {
    const signature = multibaseDecode(intermediates.proofValue)
    expect(toHex(signature)).toBe(intermediates.signatureHex)
    const data = fromHex(intermediates.dataToSignHex_proofHashThenDocHash)
    expect(await verifyEd25519(fromHex(keyPair.publicKeyHex), data, signature)).toBe(true)
  })
})

describe('impl-guide eddsa-rdfc-2022 test vector: keys', () => {
  it('publicKeyMultibase decodes to the recorded publicKeyHex (0xed01 ‖ 32 bytes)', () => {
    expect(toHex(ed25519PublicKeyFromMultibase(keyPair.publicKeyMultibase))).toBe(keyPair.publicKeyHex)
    expect(toHex(multibaseDecode(keyPair.publicKeyMultibase))).toBe(`ed01${keyPair.publicKeyHex}`)
  })

  it('secretKeyMultibase decodes to 0x8026 ‖ seed ‖ public key as recorded', () => {
    expect(toHex(multibaseDecode(keyPair.secretKeyMultibase))).toBe(`8026${keyPair.privateKeyHex_seedPlusPublic}`)
    expect(keyPair.privateKeyHex_seedPlusPublic.slice(64)).toBe(keyPair.publicKeyHex)
  })

  it('importEd25519Multikey keeps the recorded id and controller', async () => {
    const key = await importEd25519Multikey({
      id: keyPair.multikeyId,
      controller: keyPair.controller,
      publicKeyMultibase: keyPair.publicKeyMultibase,
      secretKeyMultibase: keyPair.secretKeyMultibase,
    })
    expect(key).toMatchObject({ type: 'Multikey', id: keyPair.multikeyId, controller: keyPair.controller, publicKeyMultibase: keyPair.publicKeyMultibase })
  })
})

describe('impl-guide eddsa-rdfc-2022 test vector: sign and verify', () => {
  it('signing the unsigned document with the recorded key and created time gives exactly the recorded proof', async () => {
    const key = await importEd25519Multikey({
      id: keyPair.multikeyId,
      controller: keyPair.controller,
      publicKeyMultibase: keyPair.publicKeyMultibase,
      secretKeyMultibase: keyPair.secretKeyMultibase,
    })
    const resigned = await signLinkedDataProof({
      document: unsigned,
      signer: await createEd25519Signer(key),
      created: new Date(intermediates.proofConfigBeforeSigning.created as string),
    })
    expect((resigned.proof as Record<string, unknown>).proofValue).toBe(intermediates.proofValue)
    expect(resigned.proof).toEqual(recordedProof)
    // Nothing else was added: the document is the recorded signed vector, @context included.
    expect(resigned).toEqual(signed)
  })

  it('verifyLinkedDataProof verifies the signed vector with the key named by its verification method', async () => {
    const outcome = await verifyLinkedDataProof({
      document: signed,
      proof: signed.proof,
      resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }),
    })
    expect(outcome).toMatchObject({ format: 'ldp', suite: 'eddsa-rdfc-2022', verified: true, warnings: [] })
    expect(outcome.code).toBeUndefined()
    // The key is the fragment of `<issuer URL>#<publicKeyMultibase>`: valid, but not bound to the
    // issuer by any resolution (the issuer URL does not resolve).
    expect(outcome.key).toEqual({
      id: keyPair.multikeyId,
      controller: keyPair.controller,
      keyType: 'Ed25519',
      publicKeyMultibase: keyPair.publicKeyMultibase,
      bound: false,
    })
  })

  it('a change to the signed document after signing fails with ERR_OB3_PROOF_SIGNATURE_INVALID', async () => {
    const tampered = { ...signed, name: 'Teamwork Badge (edited)' }
    const outcome = await verifyLinkedDataProof({
      document: tampered,
      proof: tampered.proof,
      resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }),
    })
    expect(outcome).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })
})
