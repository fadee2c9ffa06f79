/**
 * isIssuerConfirmed / isEndorserConfirmed: a name inside a credential is the issuer's word only
 * when the proof's key is the issuer's. A valid signature by a key read from the credential itself
 * (`<https issuer>#z6Mk…`, the lenient form) proves nothing about who signed.
 */
import { describe, expect, it } from 'vitest'
import { ACHIEVEMENT_ID, NOW, checkOf, credential, parties, sign, signedEndorsement, signedPresentation } from './fixtures.js'
import { finishReport, isEndorserConfirmed, isIssuerConfirmed, verify, type CheckResult, type EndorsementResult } from '../src/index.js'

const { provider, state, teacher, stranger } = await parties()
const FORGED_ISSUER = 'https://lakeside.example/district'

/** A report with only a proof check as given. */
function withProof(proof: CheckResult | undefined) {
  return finishReport({ input: 'x.json', kind: 'credential', format: 'ldp', checks: proof === undefined ? [] : [proof] })
}

/** A credential naming FORGED_ISSUER, validly signed by the stranger's key given in the lenient form. */
async function forged(): Promise<Record<string, unknown>> {
  const unsigned = credential({ issuer: { ...stranger, id: FORGED_ISSUER }, issuerName: 'Lakeside School District', subject: { id: teacher.id } })
  return sign(unsigned, { ...stranger.signer, id: `${FORGED_ISSUER}#${stranger.key.publicKeyMultibase}`, sign: (b: Uint8Array) => stranger.signer.sign(b) })
}

describe('isIssuerConfirmed', () => {
  it('is true for a passed proof, and for a warning with another code', () => {
    expect(isIssuerConfirmed(withProof({ id: 'proof', status: 'passed', message: 'ok' }))).toBe(true)
    expect(isIssuerConfirmed(withProof({ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_EXPIRED', message: 'a remark' }))).toBe(true)
  })

  it('is false for a key the issuer did not confirm, a failed proof, and a skipped or missing one', () => {
    expect(isIssuerConfirmed(withProof({ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'unbound key' }))).toBe(false)
    expect(isIssuerConfirmed(withProof({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'not the issuer\'s key' }))).toBe(false)
    expect(isIssuerConfirmed(withProof({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: 'bad' }))).toBe(false)
    expect(isIssuerConfirmed(withProof(undefined))).toBe(false)
  })

  it('confirms a credential signed with its did:key issuer\'s key', async () => {
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(isIssuerConfirmed(report)).toBe(true)
  })

  it('does not confirm a valid signature by a key taken from the credential itself (warning or failure alike)', async () => {
    const report = await verify({ input: await forged(), now: NOW })
    const proof = checkOf(report, 'proof')
    // A warning today; a verifier that fails such keys must still give false.
    expect(['warning', 'failed']).toContain(proof.status)
    expect(proof.code).toBe('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
    expect(report.credential?.issuerName).toBe('Lakeside School District')
    expect(isIssuerConfirmed(report)).toBe(false)
  })

  it('confirms a presentation only when every credential in it is confirmed', async () => {
    const genuine = await sign(credential({ issuer: provider, subject: { id: teacher.id } }), provider)
    const both = await verify({ input: await signedPresentation({ holder: teacher, credentials: [genuine, await forged()] }), now: NOW })
    expect(both.credentials?.map(isIssuerConfirmed)).toEqual([true, false])
    expect(isIssuerConfirmed(both)).toBe(false)
    const one = await verify({ input: await signedPresentation({ holder: teacher, credentials: [genuine] }), now: NOW })
    expect(isIssuerConfirmed(one)).toBe(true)
    expect(isIssuerConfirmed(finishReport({ input: 'vp', kind: 'presentation', format: 'ldp', checks: [{ id: 'proof', status: 'passed', message: 'ok' }], credentials: [] }))).toBe(false)
  })
})

describe('isEndorserConfirmed', () => {
  const base: EndorsementResult = { id: null, endorser: { id: state.id, name: 'Lakeland Department of Education' }, endorses: ACHIEVEMENT_ID, what: 'achievement', comment: null, verified: true, format: 'ldp', source: 'embedded', path: '$', depth: 0 }

  it('is true for a verified endorsement by the endorser\'s key, false for an unverified one or an unconfirmed key', () => {
    expect(isEndorserConfirmed(base)).toBe(true)
    expect(isEndorserConfirmed({ ...base, warnings: [{ check: 'schema', code: 'ERR_OB3_SCHEMA_UNCHECKED', message: 'x' }] })).toBe(true)
    expect(isEndorserConfirmed({ ...base, warnings: [{ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'unbound' }] })).toBe(false)
    expect(isEndorserConfirmed({ ...base, verified: false, failed: [{ check: 'proof', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: 'bad' }] })).toBe(false)
  })

  it('confirms a real endorsement signed by its did:key endorser', async () => {
    const endorsed = await sign(credential({ issuer: provider, achievement: { id: ACHIEVEMENT_ID, type: ['Achievement'], name: 'Idea Generating', description: 'd', criteria: { narrative: 'n' }, endorsement: [await signedEndorsement({ by: state, subjectId: ACHIEVEMENT_ID })] } }), provider)
    const report = await verify({ input: endorsed, now: NOW })
    expect(report.endorsements?.map(isEndorserConfirmed)).toEqual([true])
  })
})
