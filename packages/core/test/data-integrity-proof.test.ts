/**
 * `signLinkedDataProof`, `verifyLinkedDataProof` and `linkedDataSuiteOf` (core/src/proofs/data-integrity.ts),
 * option by option and refusal by refusal: the whole proof a signature adds (and nothing more), the
 * contexts a suite needs, proofs added beside or chained to earlier ones, and each outcome of
 * verification with its code and whole message (a verifier's report repeats it).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  Ob3Error,
  createDocumentLoader,
  createEd25519Signer,
  ed25519KeyFromSeed,
  linkedDataSuiteOf,
  multibaseEncode,
  resolveVerificationMethod,
  signLinkedDataProof,
  verifyLinkedDataProof,
  type Ob3ErrorCode,
  type ProofOutcome,
  type ResolvedKey,
  type Signer,
  type VerifyProofOptions,
} from '@ob3/core'

const V2 = 'https://www.w3.org/ns/credentials/v2'
const VC1 = 'https://www.w3.org/2018/credentials/v1'
const DI = 'https://w3id.org/security/data-integrity/v2'
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1'
const SUPPORTED = '(eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020 are)'

const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(41))
const signer = await createEd25519Signer(key)
const KEY: ResolvedKey = { id: key.id, controller: key.controller, keyType: 'Ed25519', publicKeyMultibase: key.publicKeyMultibase, bound: true }
const resolveKey = (vm: string, purpose: 'assertionMethod' | 'authentication') => resolveVerificationMethod(vm, { purpose })
/** The instant signed, with milliseconds that the proof's `created` drops. */
const CREATED = new Date('2026-03-01T10:20:30.456Z')

const credential: Record<string, unknown> = {
  '@context': [V2],
  id: 'urn:uuid:5d0c8a52-0000-4000-8000-000000000041',
  type: ['VerifiableCredential'],
  issuer: key.controller,
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:teacher' },
}

type Signed = Record<string, unknown> & { proof: unknown }
const jcs = (document: Record<string, unknown>, extra: Partial<Parameters<typeof signLinkedDataProof>[0]> = {}) =>
  signLinkedDataProof({ document, signer, suite: 'eddsa-jcs-2022', created: CREATED, ...extra }) as Promise<Signed>
const verify = (document: Record<string, unknown>, proof: unknown, extra: Partial<VerifyProofOptions> = {}) =>
  verifyLinkedDataProof({ document, proof, resolveKey, now: new Date('2026-04-01T00:00:00Z'), ...extra })
const valid = (suite: string, warnings: ProofOutcome['warnings'] = []): ProofOutcome => ({ format: 'ldp', suite, verified: true, message: `${suite} signature is valid`, key: KEY, warnings })
const failed = (suite: string, code: Ob3ErrorCode, message: string, extra: { key?: ResolvedKey } = {}): ProofOutcome =>
  ({ format: 'ldp', suite, verified: false, code, message, warnings: [], ...extra })
/** 64 bytes that are no signature of anything here. */
const NOT_A_SIGNATURE = multibaseEncode(new Uint8Array(64).fill(7))

afterEach(() => {
  vi.useRealTimers()
})

describe('signLinkedDataProof writes the proof its options describe', () => {
  it('signs eddsa-rdfc-2022 by default, with created to the second and nothing else', async () => {
    const signed = await signLinkedDataProof({ document: credential, signer, created: CREATED }) as Signed
    expect(signed).toStrictEqual({
      ...credential,
      proof: { type: 'DataIntegrityProof', created: '2026-03-01T10:20:30Z', verificationMethod: key.id, cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/) },
    })
    expect(await verify(signed, signed.proof)).toEqual(valid('eddsa-rdfc-2022'))
  })

  it('dates a proof at the current second when no created is given', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-05-05T05:05:05.999Z'))
    const signed = await signLinkedDataProof({ document: credential, signer, suite: 'eddsa-jcs-2022' })
    expect((signed.proof as Record<string, unknown>).created).toBe('2026-05-05T05:05:05Z')
  })

  it('writes a legacy Ed25519Signature2020 proof, adding the suite context', async () => {
    const signed = await signLinkedDataProof({ document: credential, signer, suite: 'Ed25519Signature2020', created: CREATED }) as Signed
    expect(signed).toStrictEqual({
      ...credential,
      '@context': [V2, ED2020],
      proof: { type: 'Ed25519Signature2020', created: '2026-03-01T10:20:30Z', verificationMethod: key.id, proofPurpose: 'assertionMethod', proofValue: expect.stringMatching(/^z/) },
    })
    expect(await verify(signed, signed.proof)).toEqual(valid('Ed25519Signature2020'))
    // A document that already has the context keeps its list as it is.
    const again = await signLinkedDataProof({ document: { ...credential, '@context': [V2, ED2020] }, signer, suite: 'Ed25519Signature2020', created: CREATED }) as Signed
    expect(again['@context']).toEqual([V2, ED2020])
    expect(again.proof).toEqual(signed.proof)
  })

  it('writes expires (to the second), challenge, domain, id and the purpose when asked', async () => {
    const signed = await jcs(credential, {
      expires: new Date('2027-01-02T03:04:05.678Z'), challenge: 'c-1', domain: 'school.example', id: 'urn:uuid:proof-1', proofPurpose: 'authentication',
    })
    expect(signed.proof).toStrictEqual({
      type: 'DataIntegrityProof', created: '2026-03-01T10:20:30Z', verificationMethod: key.id, cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'authentication',
      expires: '2027-01-02T03:04:05Z', challenge: 'c-1', domain: 'school.example', id: 'urn:uuid:proof-1', '@context': [V2], proofValue: expect.stringMatching(/^z/),
    })
    expect(await verify(signed, signed.proof, { purpose: 'authentication', challenge: 'c-1', domain: 'school.example' })).toEqual(valid('eddsa-jcs-2022'))
  })

  it('refuses to sign with eddsa-jcs-2022 a document JCS cannot write, naming where in the proof options', async () => {
    const document = { ...credential, '@context': [V2, Number.NaN] }
    await expect(jcs(document)).rejects.toMatchObject({ code: 'ERR_OB3_JSON_NOT_CANONICAL', message: '/@context/1: the number NaN has no JSON form' })
  })

  it('refuses a signer that is not Ed25519, naming the suite, without signing', async () => {
    const sign = vi.fn(async () => new Uint8Array(64))
    const es256: Signer = { id: 'did:example:issuer#p256', algorithm: 'ES256', sign }
    await expect(signLinkedDataProof({ document: credential, signer: es256 })).rejects.toEqual(new Ob3Error('ERR_OB3_PROOF_UNSUPPORTED', 'eddsa-rdfc-2022 needs an Ed25519 key'))
    await expect(signLinkedDataProof({ document: credential, signer: es256, suite: 'eddsa-jcs-2022' })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_UNSUPPORTED', message: 'eddsa-jcs-2022 needs an Ed25519 key' })
    expect(sign).not.toHaveBeenCalled()
  })

  it('signs with the document loader it is given (a context only that loader serves)', async () => {
    const CUSTOM = 'https://contexts.example/teacher/v1'
    const documentLoader = createDocumentLoader({ contexts: { [CUSTOM]: { '@context': { gradeBand: 'https://contexts.example/vocab#gradeBand' } } } })
    const document = { ...credential, '@context': [V2, CUSTOM], gradeBand: 'K-5' }
    const signed = await signLinkedDataProof({ document, signer, created: CREATED, documentLoader }) as Signed
    expect(await verify(signed, signed.proof, { documentLoader })).toEqual(valid('eddsa-rdfc-2022'))
    expect(await verify({ ...signed, gradeBand: '6-8' }, signed.proof, { documentLoader })).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    // Without it, the context cannot be loaded at all.
    await expect(signLinkedDataProof({ document, signer, created: CREATED })).rejects.toMatchObject({ code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
  })
})

describe('signLinkedDataProof adds the context a Data Integrity proof needs, only when missing', () => {
  const contextOf = async (context: unknown) => {
    const document: Record<string, unknown> = { ...credential }
    if (context === undefined) delete document['@context']
    else document['@context'] = context
    return (await jcs(document))['@context']
  }

  it('adds data-integrity/v2 to a document without the VC 2.0 context', async () => {
    expect(await contextOf(undefined)).toEqual([DI])
    expect(await contextOf(VC1)).toEqual([VC1, DI])
    expect(await contextOf([VC1])).toEqual([VC1, DI])
  })

  it('leaves the list alone when it has the VC 2.0 context or data-integrity/v2 already', async () => {
    expect(await contextOf(V2)).toBe(V2)
    expect(await contextOf([V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])).toEqual([V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
    expect(await contextOf([VC1, DI])).toEqual([VC1, DI])
    expect(await contextOf(DI)).toBe(DI)
  })
})

describe('signLinkedDataProof beside earlier proofs', () => {
  const p1 = { id: 'urn:p1', type: 'DataIntegrityProof' }
  const p2 = { id: 'urn:p2', type: 'DataIntegrityProof' }
  const p3 = { id: 'urn:p3', type: 'DataIntegrityProof' }

  it('appends the new proof to one proof or to a list, leaving them unsigned', async () => {
    const alone = await jcs(credential)
    const afterOne = await jcs({ ...credential, proof: p1 })
    expect(afterOne.proof).toEqual([p1, alone.proof])
    const afterTwo = await jcs({ ...credential, proof: [p1, p2] })
    expect(afterTwo.proof).toEqual([p1, p2, alone.proof])
  })

  it('chains to one proof by id: the new proof signs it along with the document', async () => {
    const first = await jcs(credential, { id: 'urn:first' })
    const second = await jcs(first, { previousProof: 'urn:first', id: 'urn:second' })
    const [firstProof, secondProof] = second.proof as Record<string, unknown>[]
    expect(firstProof).toEqual(first.proof)
    expect(secondProof).toMatchObject({ id: 'urn:second', previousProof: 'urn:first' })
    expect(await verify(second, secondProof)).toEqual(valid('eddsa-jcs-2022'))
    // Unchained, the same document and proof options sign differently.
    const { previousProof: _p, proofValue: _v, ...options } = secondProof as Record<string, unknown>
    expect(await verify(second, { ...options, proofValue: secondProof?.proofValue })).toMatchObject({ code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('chains to several proofs by id, out of more', async () => {
    const signed = await jcs({ ...credential, proof: [p1, p2, p3] }, { previousProof: ['urn:p3', 'urn:p1'] })
    const proofs = signed.proof as Record<string, unknown>[]
    expect(proofs.slice(0, 3)).toEqual([p1, p2, p3])
    expect(proofs[3]?.previousProof).toEqual(['urn:p3', 'urn:p1'])
    expect(await verify(signed, proofs[3])).toEqual(valid('eddsa-jcs-2022'))
    // p2 is not part of the chain: changing it changes nothing; changing p1 breaks the signature.
    expect(await verify({ ...signed, proof: [p1, { ...p2, type: 'Other' }, p3, proofs[3]] }, proofs[3])).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify({ ...signed, proof: [{ ...p1, type: 'Other' }, p2, p3, proofs[3]] }, proofs[3])).toMatchObject({ code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('refuses to chain to a proof the document does not have', async () => {
    const refused = new Ob3Error('ERR_OB3_PROOF_MALFORMED', 'previousProof names a proof the document does not have')
    await expect(jcs(credential, { previousProof: 'urn:p1' })).rejects.toEqual(refused)
    await expect(jcs({ ...credential, proof: p1 }, { previousProof: 'urn:p2' })).rejects.toEqual(refused)
    await expect(jcs({ ...credential, proof: [p1, p2] }, { previousProof: ['urn:p1', 'urn:p3'] })).rejects.toEqual(refused)
    // A proof id that is not a string names nothing, even when a proof carries it.
    await expect(jcs({ ...credential, proof: [p1, { id: 7 }] }, { previousProof: [7] as never })).rejects.toEqual(refused)
  })
})

describe('verifyLinkedDataProof reads a proof chain', () => {
  it('skips entries of the proof list that are not proofs', async () => {
    const first = await jcs(credential, { id: 'urn:first' })
    const second = await jcs(first, { previousProof: 'urn:first' })
    const [firstProof, secondProof] = second.proof as unknown[]
    expect(await verify({ ...second, proof: [null, firstProof, undefined, 'text', 7, secondProof] }, secondProof)).toEqual(valid('eddsa-jcs-2022'))
  })

  it('fails a chain to a proof that is missing or whose id is not a string', async () => {
    const first = await jcs(credential, { id: 'urn:first' })
    const second = await jcs(first, { previousProof: 'urn:first' })
    const chained = (second.proof as Record<string, unknown>[])[1] as Record<string, unknown>
    expect(await verify({ ...second, proof: chained }, chained)).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'previousProof "urn:first" names a proof that is not in the document (a dangling chain)', { key: KEY }))
    const numbered = { ...chained, previousProof: 7 }
    expect(await verify({ ...second, proof: [{ id: 7 }, numbered] }, numbered)).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'previousProof 7 names a proof that is not in the document (a dangling chain)', { key: KEY }))
    const mixed = { ...chained, previousProof: ['urn:first', 7] }
    expect(await verify({ ...second, proof: [{ id: 7 }, (second.proof as unknown[])[0], mixed] }, mixed)).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'previousProof ["urn:first",7] names a proof that is not in the document (a dangling chain)', { key: KEY }))
  })
})

describe('linkedDataSuiteOf', () => {
  it.each([
    [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }, 'eddsa-rdfc-2022'],
    [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-2022' }, 'eddsa-2022'],
    [{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022' }, 'eddsa-jcs-2022'],
    [{ type: 'Ed25519Signature2020' }, 'Ed25519Signature2020'],
    [{ type: 'Ed25519Signature2020', cryptosuite: 'eddsa-rdfc-2022' }, 'Ed25519Signature2020'],
    [{ type: 'Ed25519Signature2020', cryptosuite: 'eddsa-2022' }, 'Ed25519Signature2020'],
    [{ type: 'Ed25519Signature2020', cryptosuite: 'eddsa-jcs-2022' }, 'Ed25519Signature2020'],
    [{ type: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019' }, undefined],
    [{ type: 'DataIntegrityProof' }, undefined],
    [{ type: 'Proof', cryptosuite: 'eddsa-rdfc-2022' }, undefined],
    [{ type: 'Proof', cryptosuite: 'eddsa-2022' }, undefined],
    [{ type: 'Proof', cryptosuite: 'eddsa-jcs-2022' }, undefined],
    [{ cryptosuite: 'eddsa-rdfc-2022' }, undefined],
    [{ type: 'Ed25519Signature2018' }, undefined],
  ])('%j is %s', (proof, suite) => {
    expect(linkedDataSuiteOf(proof)).toBe(suite)
  })
})

describe('verifyLinkedDataProof refuses, saying why', () => {
  it('a proof that is not an object', async () => {
    for (const proof of ['proof', null, [], undefined, 7]) {
      expect(await verify(credential, proof)).toEqual(failed('unknown', 'ERR_OB3_PROOF_MALFORMED', 'a proof must be an object'))
    }
  })

  it('a proof type or cryptosuite it does not verify, naming both', async () => {
    expect(await verify(credential, { type: 'DataIntegrityProof', cryptosuite: 'ecdsa-rdfc-2019' }))
      .toEqual(failed('ecdsa-rdfc-2019', 'ERR_OB3_PROOF_UNSUPPORTED', `proof type DataIntegrityProof with cryptosuite ecdsa-rdfc-2019 is not supported ${SUPPORTED}`))
    expect(await verify(credential, { type: 'RsaSignature2018' })).toEqual(failed('RsaSignature2018', 'ERR_OB3_PROOF_UNSUPPORTED', `proof type RsaSignature2018 is not supported ${SUPPORTED}`))
    expect(await verify(credential, {})).toEqual(failed('unknown', 'ERR_OB3_PROOF_UNSUPPORTED', `proof type undefined is not supported ${SUPPORTED}`))
    expect(await verify(credential, { type: 3, cryptosuite: 4 })).toEqual(failed('unknown', 'ERR_OB3_PROOF_UNSUPPORTED', `proof type 3 with cryptosuite 4 is not supported ${SUPPORTED}`))
    expect(await verify(credential, { type: 'Proof', cryptosuite: 4 })).toEqual(failed('Proof', 'ERR_OB3_PROOF_UNSUPPORTED', `proof type Proof with cryptosuite 4 is not supported ${SUPPORTED}`))
  })

  it('a proof made for another purpose than the one required', async () => {
    const signed = await jcs(credential)
    expect(await verify(signed, { ...(signed.proof as object), proofPurpose: 'authentication' }))
      .toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_PURPOSE', 'proofPurpose is "authentication"; assertionMethod is required'))
    expect(await verify(signed, signed.proof, { purpose: 'authentication' }))
      .toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_PURPOSE', 'proofPurpose is "assertionMethod"; authentication is required'))
    const { proofPurpose: _purpose, ...noPurpose } = signed.proof as Record<string, unknown>
    expect(await verify(signed, noPurpose)).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_PURPOSE', 'proofPurpose is undefined; assertionMethod is required'))
  })

  it('a proof without a proofValue or a verificationMethod', async () => {
    const signed = await jcs(credential)
    const proof = signed.proof as Record<string, unknown>
    const malformed = failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof needs a proofValue and a verificationMethod')
    expect(await verify(signed, { ...proof, proofValue: undefined })).toEqual(malformed)
    expect(await verify(signed, { ...proof, proofValue: ['z1'] })).toEqual(malformed)
    expect(await verify(signed, { ...proof, verificationMethod: undefined })).toEqual(malformed)
    expect(await verify(signed, { ...proof, verificationMethod: { id: key.id } })).toEqual(malformed)
  })

  it('a created or expires that is not a date-time with a time zone', async () => {
    const signed = await jcs(credential)
    const proof = signed.proof as Record<string, unknown>
    const cases: [string, unknown, string][] = [
      ['created', 5, '5'],
      ['created', '2026-03-01T10:20:30', '"2026-03-01T10:20:30"'],
      ['created', '2026-03-01', '"2026-03-01"'],
      ['created', '2026-13-01T10:20:30Z', '"2026-13-01T10:20:30Z"'],
      // A list whose one value is a date-time reads as that date-time once made a string; it is still no date-time.
      ['created', ['2026-03-01T10:20:30Z'], '["2026-03-01T10:20:30Z"]'],
      ['expires', null, 'null'],
      ['expires', '2027-01-01T00:00:00', '"2027-01-01T00:00:00"'],
      ['expires', '2027-01-32T00:00:00Z', '"2027-01-32T00:00:00Z"'],
    ]
    for (const [field, value, shown] of cases) {
      expect(await verify(signed, { ...proof, [field]: value }), `${field} ${shown}`)
        .toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', `the proof's ${field} ${shown} is not a date-time with a time zone`))
    }
  })

  it('an Ed25519Signature2020 proof without created (a Data Integrity proof may omit it)', async () => {
    const proof = { type: 'Ed25519Signature2020', verificationMethod: key.id, proofPurpose: 'assertionMethod', proofValue: NOT_A_SIGNATURE }
    expect(await verify(credential, proof)).toEqual(failed('Ed25519Signature2020', 'ERR_OB3_PROOF_MALFORMED', 'an Ed25519Signature2020 proof needs created'))
    const dataIntegrity = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', verificationMethod: key.id, proofPurpose: 'assertionMethod', proofValue: NOT_A_SIGNATURE }
    expect(await verify(credential, dataIntegrity)).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('a proof at or past its expires, compared with now', async () => {
    const signed = await jcs(credential, { expires: new Date('2026-06-01T00:00:00Z') })
    const expired = failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_EXPIRED', 'the proof expired on 2026-06-01T00:00:00.000Z')
    expect(await verify(signed, signed.proof, { now: new Date('2026-06-01T00:00:00Z') })).toEqual(expired)
    expect(await verify(signed, signed.proof, { now: new Date('2026-06-01T00:00:01Z') })).toEqual(expired)
    expect(await verify(signed, signed.proof, { now: new Date('2026-05-31T23:59:59.999Z') })).toEqual(valid('eddsa-jcs-2022'))
    // Without a now, the clock decides.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-06-01T00:00:00Z'))
    expect(await verifyLinkedDataProof({ document: signed, proof: signed.proof, resolveKey })).toEqual(expired)
    vi.setSystemTime(new Date('2026-05-31T23:59:59Z'))
    expect(await verifyLinkedDataProof({ document: signed, proof: signed.proof, resolveKey })).toEqual(valid('eddsa-jcs-2022'))
  })

  it('an expires in another time zone is reported in UTC', async () => {
    const proof = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', verificationMethod: key.id, proofPurpose: 'assertionMethod', proofValue: NOT_A_SIGNATURE, expires: '2026-03-01T02:00:00+02:00' }
    expect(await verify(credential, proof)).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_EXPIRED', 'the proof expired on 2026-03-01T00:00:00.000Z'))
  })

  it('a challenge other than the expected one; none is required unless expected', async () => {
    const signed = await jcs(credential, { challenge: 'c-2' })
    expect(await verify(signed, signed.proof)).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify(signed, signed.proof, { challenge: 'c-2' })).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify(signed, signed.proof, { challenge: 'c-1' })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof\'s challenge "c-2" is not the expected one'))
    const plain = await jcs(credential)
    expect(await verify(plain, plain.proof, { challenge: 'c-1' })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof\'s challenge undefined is not the expected one'))
  })

  it('a domain other than the expected one, or a list without it', async () => {
    const one = await jcs(credential, { domain: 'school.example' })
    expect(await verify(one, one.proof)).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify(one, one.proof, { domain: 'school.example' })).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify(one, one.proof, { domain: 'example' })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof\'s domain "school.example" is not the expected one'))
    const list = await jcs(credential, { domain: ['district.example', 'school.example'] as never })
    expect(await verify(list, list.proof, { domain: 'school.example' })).toEqual(valid('eddsa-jcs-2022'))
    expect(await verify(list, list.proof, { domain: 'other.example' })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof\'s domain ["district.example","school.example"] is not the expected one'))
    const none = await jcs(credential)
    expect(await verify(none, none.proof, { domain: 'school.example' })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'the proof\'s domain undefined is not the expected one'))
  })
})

describe('verifyLinkedDataProof and the key', () => {
  it('asks for the proof\'s verification method for the purpose required', async () => {
    const signed = await jcs(credential, { proofPurpose: 'authentication' })
    const asked = vi.fn(resolveKey)
    expect(await verifyLinkedDataProof({ document: signed, proof: signed.proof, resolveKey: asked, purpose: 'authentication' })).toEqual(valid('eddsa-jcs-2022'))
    expect(asked.mock.calls).toEqual([[key.id, 'authentication']])
    const plain = await jcs(credential)
    asked.mockClear()
    await verifyLinkedDataProof({ document: plain, proof: plain.proof, resolveKey: asked })
    expect(asked.mock.calls).toEqual([[key.id, 'assertionMethod']])
  })

  it('refuses a key that is not an Ed25519 Multikey, reporting the key', async () => {
    const signed = await jcs(credential)
    const p256: ResolvedKey = { id: key.id, controller: key.controller, keyType: 'P-256', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, bound: true }
    expect(await verify(signed, signed.proof, { resolveKey: async () => p256 })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_KEY_UNSUPPORTED', 'eddsa-jcs-2022 needs an Ed25519 key', { key: p256 }))
    // Even one that carries the very multibase value of the signing key.
    const p256Multibase: ResolvedKey = { id: key.id, controller: key.controller, keyType: 'P-256', publicKeyMultibase: key.publicKeyMultibase, bound: true }
    expect(await verify(signed, signed.proof, { resolveKey: async () => p256Multibase })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_KEY_UNSUPPORTED', 'eddsa-jcs-2022 needs an Ed25519 key', { key: p256Multibase }))
    const noMultibase: ResolvedKey = { id: key.id, controller: key.controller, keyType: 'Ed25519', bound: true }
    expect(await verify(signed, signed.proof, { resolveKey: async () => noMultibase })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_KEY_UNSUPPORTED', 'eddsa-jcs-2022 needs an Ed25519 key', { key: noMultibase }))
  })

  it('reports a key that cannot be resolved with its code, and lets other errors through', async () => {
    const signed = await jcs(credential)
    const notFound = new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', 'no such key')
    expect(await verify(signed, signed.proof, { resolveKey: async () => { throw notFound } })).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', 'no such key'))
    await expect(verify(signed, signed.proof, { resolveKey: async () => { throw new TypeError('resolver broke') } })).rejects.toThrow(new TypeError('resolver broke'))
  })

  it('fails a proofValue that is not multibase as malformed', async () => {
    const signed = await jcs(credential)
    const outcome = await verify(signed, { ...(signed.proof as object), proofValue: 'x123' })
    expect(outcome).toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_MALFORMED', 'unsupported multibase prefix \'x\': expected \'z\' (base58btc) or \'u\' (base64url)'))
  })

  it('fails a signature by another key, reporting the key tried', async () => {
    const signed = await jcs(credential)
    expect(await verify(signed, { ...(signed.proof as object), proofValue: NOT_A_SIGNATURE }))
      .toEqual(failed('eddsa-jcs-2022', 'ERR_OB3_PROOF_SIGNATURE_INVALID', 'the signature does not match the document: it was changed after signing, or signed with another key', { key: KEY }))
  })

  it('accepts the pre-standard cryptosuite name eddsa-2022, with a warning', async () => {
    const signed = await signLinkedDataProof({ document: credential, signer, created: CREATED, suite: 'eddsa-2022' as never }) as Signed
    expect((signed.proof as Record<string, unknown>).cryptosuite).toBe('eddsa-2022')
    expect(await verify(signed, signed.proof)).toEqual(valid('eddsa-2022', [
      { code: 'ERR_OB3_PROOF_UNSUPPORTED', message: 'cryptosuite eddsa-2022 is a pre-standard name; new credentials should use eddsa-rdfc-2022' },
    ]))
  })
})
