import { describe, expect, it } from 'vitest'
import { canonize, canonizeReference } from '../src/jsonld/canonize.js'

const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

const achievement = {
  id: 'https://academy.example/mc/idea-generating',
  type: ['Achievement'],
  name: 'Idea Generating',
  description: 'Leads a structured brainstorm.',
  criteria: { narrative: 'Four parts, each scored against the rubric.' },
  achievementType: 'MicroCredential',
  alignment: [{ type: ['Alignment'], targetName: 'Think critically', targetUrl: 'https://academy.example/fw#think', targetType: 'ceasn:Competency' }],
  resultDescription: [{
    id: 'https://academy.example/mc/idea-generating/rubric/overview',
    type: ['ResultDescription'],
    name: 'Overview',
    resultType: 'RubricCriterionLevel',
    requiredLevel: 'https://academy.example/mc/idea-generating/rubric/overview/pass',
    rubricCriterionLevel: [
      { id: 'https://academy.example/mc/idea-generating/rubric/overview/not-yet', type: ['RubricCriterionLevel'], name: 'Not yet' },
      { id: 'https://academy.example/mc/idea-generating/rubric/overview/pass', type: ['RubricCriterionLevel'], name: 'Pass', points: '1' },
    ],
  }],
  creditsAvailable: 15,
  creator: { id: 'https://academy.example', type: ['Profile'], name: 'Academy', endorsement: [] },
}

const documents: Record<string, object> = {
  'a micro-credential with rubric, results, evidence digests and a status entry': {
    '@context': [V2, OB],
    id: 'urn:uuid:0b1c3e46-5e3e-4f55-9c0c-6a2b8f1f2a10',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Idea Generating',
    issuer: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', type: ['Profile'], name: 'Academy', url: 'https://academy.example' },
    validFrom: '2026-01-01T00:00:00Z',
    awardedDate: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
      type: ['AchievementSubject'],
      achievement,
      creditsEarned: 15,
      result: [{ type: ['Result'], resultDescription: 'https://academy.example/mc/idea-generating/rubric/overview', achievedLevel: 'https://academy.example/mc/idea-generating/rubric/overview/pass' }],
    },
    evidence: [
      { type: ['Evidence'], name: 'Lesson plan', genre: 'Lesson plan', mediaType: 'text/markdown', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
      { type: ['Evidence'], name: 'Student work', narrative: 'Sketches *and* votes', mediaType: 'image/png', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY', digestSRI: 'sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn' },
    ],
    credentialStatus: { id: 'https://academy.example/status/1#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '94567', statusListCredential: 'https://academy.example/status/1' },
  },
  'a hashed email recipient': {
    '@context': [V2, OB],
    id: 'urn:uuid:2',
    type: ['VerifiableCredential', 'AchievementCredential'],
    issuer: 'https://academy.example',
    validFrom: '2026-01-01T00:00:00+02:00',
    validUntil: '2030-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', hashed: true, identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399', identityType: 'emailAddress', salt: 'Kosher' }],
      achievement,
    },
  },
  'an endorsement': {
    '@context': [V2, OB],
    id: 'urn:uuid:3',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'State endorsement',
    issuer: { id: 'did:web:education.state.example', type: ['Profile'], name: 'State Department of Education' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: achievement.id, type: ['EndorsementSubject'], endorsementComment: 'Counts for **15** recertification hours.' },
  },
  'a bitstring status list credential': {
    '@context': [V2],
    id: 'https://academy.example/status/1',
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://academy.example/status/1#list', type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA' },
  },
  'a VC 1.1 credential with an Ed25519Signature2020 context': {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    id: 'urn:uuid:4',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://academy.example', type: 'Profile', name: 'Academy' },
    issuanceDate: '2023-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:1', type: 'AchievementSubject', achievement },
  },
  'a Data Integrity proof configuration': {
    '@context': [V2, OB],
    type: 'DataIntegrityProof',
    created: '2026-01-01T00:00:00Z',
    verificationMethod: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
  },
}

describe('canonize shares term definitions yet matches jsonld.js exactly', () => {
  it.each(Object.entries(documents))('%s', async (_name, doc) => {
    const reference = await canonizeReference(doc)
    expect(reference.length).toBeGreaterThan(0)
    expect(await canonize(doc)).toBe(reference)
    // a second pass runs on the warm, shared contexts
    expect(await canonize(doc)).toBe(reference)
  })

  it('canonicalizes text direction (@direction) as i18n datatypes, as the Data Integrity cryptosuites do', async () => {
    const doc = {
      '@context': [V2, OB],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:example:issuer', type: ['Profile'], name: { '@value': 'أكاديمية المعلمين', '@language': 'ar', '@direction': 'rtl' } },
      validFrom: '2026-01-01T00:00:00Z',
      name: [{ '@value': 'Idea Generating', '@language': 'en' }, { '@value': 'توليد الأفكار', '@language': 'ar', '@direction': 'rtl' }],
      credentialSubject: { type: ['AchievementSubject'], achievement },
    }
    const nquads = await canonize(doc)
    expect(nquads).toBe(await canonizeReference(doc))
    expect(nquads).toContain('"توليد الأفكار"^^<https://www.w3.org/ns/i18n#ar_rtl>')
    expect(nquads).toContain('"Idea Generating"@en')
  })

  it('still refuses undefined terms inside type-scoped nodes', async () => {
    const doc = documents['a hashed email recipient'] as { credentialSubject: object }
    const bad = { ...doc, credentialSubject: { ...doc.credentialSubject, achievement: { ...achievement, shoeSize: 42 } } }
    await expect(canonizeReference(bad)).rejects.toMatchObject({ code: 'ERR_OB3_JSONLD_SAFE_MODE' })
    await expect(canonize(bad)).rejects.toMatchObject({ code: 'ERR_OB3_JSONLD_SAFE_MODE' })
  })
})

describe('proof chains (previousProof)', () => {
  it('signs a proof over the document and the proofs it chains to; a dangling or broken chain fails', async () => {
    const { createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof, verifyLinkedDataProof, resolveVerificationMethod } = await import('@ob3/core')
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(50))
    const signer = await createEd25519Signer(key)
    const doc = { ...documents['an endorsement'] as Record<string, unknown>, issuer: { id: key.controller, type: ['Profile'], name: 'State' } }
    const first = await signLinkedDataProof({ document: doc, signer, id: 'urn:uuid:proof-1', created: new Date('2026-01-01T00:00:00Z') })
    const chained = await signLinkedDataProof({ document: first, signer, id: 'urn:uuid:proof-2', previousProof: 'urn:uuid:proof-1', created: new Date('2026-01-02T00:00:00Z') })
    const proofs = chained.proof as Record<string, unknown>[]
    expect(proofs.map((p) => [p.id, p.previousProof])).toEqual([['urn:uuid:proof-1', undefined], ['urn:uuid:proof-2', 'urn:uuid:proof-1']])
    const resolveKey = (vm: string, purpose: 'assertionMethod' | 'authentication') => resolveVerificationMethod(vm, { purpose })
    const check = (document: Record<string, unknown>, proof: unknown) => verifyLinkedDataProof({ document, proof, resolveKey })
    expect((await check(chained, proofs[1])).verified).toBe(true)
    expect((await check(chained, proofs[0])).verified).toBe(true)
    // dangling: the proof it chains to is gone
    expect(await check({ ...chained, proof: [proofs[1]] }, proofs[1])).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_MALFORMED' })
    // the earlier proof was changed: the chained proof no longer verifies
    const altered = { ...proofs[0], created: '2026-01-05T00:00:00Z' }
    expect(await check({ ...chained, proof: [altered, proofs[1]] }, proofs[1])).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    await expect(signLinkedDataProof({ document: first, signer, previousProof: 'urn:uuid:nope' })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_MALFORMED' })
  })
})
