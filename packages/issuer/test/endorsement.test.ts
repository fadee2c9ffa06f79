import { describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, validateCredential } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { buildCredential } from '../src/build-credential.js'
import { issueCredential } from '../src/issue-credential.js'
import { buildEndorsement, embedEndorsements } from '../src/endorsements/index.js'
import { defineMicroCredential, type MicroCredentialDefinition } from '../src/micro-credentials/index.js'

const NOW = new Date('2026-02-03T04:05:06.789Z')
const LATER = new Date('2026-03-01T00:00:00Z')
const counter = () => {
  let n = 0
  return (length: number) => new Uint8Array(length).map(() => n++ & 0xff)
}
const MC_ID = 'https://academy.example/mc/kind-critiquing'
const COMMENT = 'The State Department of Education accepts this micro-credential for **15 clock hours** toward license renewal.'

const definition: MicroCredentialDefinition = {
  id: MC_ID,
  name: 'Kind Critiquing',
  competency: 'The educator teaches students to give feedback that is specific, helpful and kind.',
  keyMethod: 'A protocol of warm and cool feedback, modelled first, then practised on drafts.',
  evidenceParts: [{ id: 'drafts', name: 'Drafts with feedback', kind: 'artifacts', count: 2 }],
  rubric: [{ part: 'drafts', levels: [{ name: 'No', description: 'n' }, { name: 'Yes', description: 'y' }], requiredLevel: 'Yes' }],
  creditsAvailable: 15,
}

async function keys() {
  const state = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
  const provider = await ed25519KeyFromSeed(new Uint8Array(32).fill(22))
  return { state, stateSigner: await createEd25519Signer(state), provider, providerSigner: await createEd25519Signer(provider) }
}

describe('buildEndorsement', () => {
  it('builds an unsigned OB 3.0 EndorsementCredential', () => {
    expect(buildEndorsement({ issuer: { id: 'did:example:state', name: 'State Department of Education', image: 'https://state.example/seal.png' }, subjectId: MC_ID, comment: COMMENT, now: NOW, random: counter(), validUntil: '2031-01-01T00:00:00Z' })).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:00010203-0405-4607-8809-0a0b0c0d0e0f',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Endorsement by State Department of Education',
      issuer: { id: 'did:example:state', type: ['Profile'], name: 'State Department of Education', image: { id: 'https://state.example/seal.png', type: 'Image' } },
      validFrom: '2026-02-03T04:05:06Z',
      validUntil: '2031-01-01T00:00:00Z',
      credentialSubject: { id: MC_ID, type: ['EndorsementSubject'], endorsementComment: COMMENT },
    })
  })

  it('signs with issueCredential into an endorsement that validates with zero issues and verifies', async () => {
    const { state, stateSigner } = await keys()
    const endorsement = buildEndorsement({ issuer: { id: state.controller, name: 'State Department of Education' }, subjectId: MC_ID, comment: COMMENT, name: 'Recertification: 15 clock hours', id: 'urn:uuid:7b0c5a36-1d6e-4d5b-9f3e-2a1c0b9d8e7f', description: 'Clock hours for license renewal.', now: NOW })
    const { credential: signed } = await issueCredential({ credential: endorsement, signer: stateSigner, now: NOW })
    expect(validateCredential(signed)).toEqual({ valid: true, kind: 'endorsement', dataModel: 'v2', issues: [] })
    expect(signed).toMatchObject({ name: 'Recertification: 15 clock hours', description: 'Clock hours for license renewal.', proof: { cryptosuite: 'eddsa-rdfc-2022', verificationMethod: stateSigner.id } })
    const report = await verify({ input: signed, now: LATER })
    expect(report.checks.filter((c) => c.status === 'failed' || c.status === 'warning')).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('refuses wrong usage, naming the option', () => {
    const issuer = { id: 'did:example:state', name: 'State' }
    expect(() => buildEndorsement({ issuer, subjectId: MC_ID, comment: ' ' })).toThrow(/comment is required/)
    expect(() => buildEndorsement({ issuer, subjectId: 'kind critiquing', comment: COMMENT })).toThrow(/subjectId must be a URI/)
    expect(() => buildEndorsement({ issuer: { id: 'state', name: 'State' }, subjectId: MC_ID, comment: COMMENT })).toThrow(/issuer.id must be a URI/)
    expect(() => buildEndorsement({ issuer, subjectId: MC_ID, comment: COMMENT, validFrom: '2026-01-01' })).toThrow(/validFrom must be a date-time/)
    expect(() => buildEndorsement({ issuer, subjectId: MC_ID, comment: COMMENT, name: '' })).toThrow(TypeError)
  })
})

describe('embedEndorsements', () => {
  it('embeds a state endorsement in a micro-credential; the awarded credential validates and verifies', async () => {
    const { state, stateSigner, provider, providerSigner } = await keys()
    const endorsement = buildEndorsement({ issuer: { id: state.controller, name: 'State Department of Education' }, subjectId: MC_ID, comment: COMMENT, now: NOW, random: counter() })
    const { credential: signedEndorsement } = await issueCredential({ credential: endorsement, signer: stateSigner, now: NOW })
    const achievement = embedEndorsements(defineMicroCredential(definition), [signedEndorsement])
    expect(achievement.endorsement).toEqual([signedEndorsement])
    const credential = await buildCredential({ award: { achievement, recipient: { id: 'did:example:teacher' }, creditsEarned: 15 }, issuer: { id: provider.controller, name: 'Academy' }, now: NOW })
    const { credential: signed } = await issueCredential({ credential, signer: providerSigner, now: NOW })
    expect(validateCredential(signed).issues).toEqual([])
    const report = await verify({ input: signed, now: LATER })
    expect(report.checks.filter((c) => c.status === 'failed' || c.status === 'warning')).toEqual([])
    expect(report.verified).toBe(true)
  })

  it('embeds an endorsement of the issuer profile, after the ones it has', async () => {
    const { state, stateSigner, provider, providerSigner } = await keys()
    const endorse = async (comment: string) => (await issueCredential({ credential: buildEndorsement({ issuer: { id: state.controller, name: 'State' }, subjectId: provider.controller, comment, now: NOW }), signer: stateSigner, now: NOW })).credential
    const first = await endorse('An approved provider.')
    const second = await endorse('Approved again for 2027.')
    const issuer = embedEndorsements(embedEndorsements({ id: provider.controller, name: 'Academy' }, [first]), [second])
    expect(issuer.endorsement).toEqual([first, second])
    const credential = await buildCredential({ award: { achievement: defineMicroCredential(definition), recipient: { id: 'did:example:teacher' } }, issuer, now: NOW })
    const { credential: signed } = await issueCredential({ credential, signer: providerSigner, now: NOW })
    expect(validateCredential(signed).issues).toEqual([])
  })

  it('refuses unsigned endorsements, endorsements of something else and other credentials', async () => {
    const { state, stateSigner } = await keys()
    const unsigned = buildEndorsement({ issuer: { id: state.controller, name: 'State' }, subjectId: MC_ID, comment: COMMENT, now: NOW })
    const { credential: other } = await issueCredential({ credential: buildEndorsement({ issuer: { id: state.controller, name: 'State' }, subjectId: 'https://academy.example/mc/other', comment: COMMENT, now: NOW }), signer: stateSigner, now: NOW })
    const target = defineMicroCredential(definition)
    expect(() => embedEndorsements(target, [unsigned])).toThrow('embedEndorsements: endorsements[0] is not signed (sign it with issueCredential first)')
    expect(() => embedEndorsements(target, [other])).toThrow(`embedEndorsements: endorsements[0] endorses https://academy.example/mc/other, not ${MC_ID}`)
    expect(() => embedEndorsements(target, [{ ...other, type: ['VerifiableCredential', 'OpenBadgeCredential'] }])).toThrow('embedEndorsements: endorsements[0] is not an EndorsementCredential')
    expect(target.endorsement).toBeUndefined()
  })
})
