/**
 * The `endorsements` check (OB 3.0 verification step 6, FACTS §1.8): every embedded
 * EndorsementCredential and endorsementJwt — on the credential, its issuer, its achievement, the
 * achievement's creator — and those handed in separately, each verified like a credential.
 */
import { describe, expect, it } from 'vitest'
import { signVcJwt } from '@ob3/core'
import { MAX_ENDORSEMENTS, parseTrustRegistry, verify, type EndorsementResult } from '../src/index.js'
import {
  ACHIEVEMENT_ID,
  CREDENTIAL_ID,
  NOW,
  achievement,
  checkOf,
  credential,
  endorsement,
  endorsementJwt,
  parties,
  sign,
  signedEndorsement,
  type Party,
} from './fixtures.js'

const { provider, state, stranger, accreditor } = await parties()

/** A credential by the provider, with the given achievement and extra properties, signed. */
async function issued(o: { achievement?: Record<string, unknown>; extra?: Record<string, unknown>; issuerExtra?: Record<string, unknown> } = {}) {
  return sign(credential({ issuer: provider, ...o }), provider)
}

async function stateEndorsesAchievement(extra: Partial<Parameters<typeof signedEndorsement>[0]> = {}) {
  return signedEndorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:5ea7e000-0000-4000-8000-000000000001', ...extra })
}

describe('endorsements: passed', () => {
  it('a state endorsement embedded in the achievement verifies, and the report lists it', async () => {
    const e = await stateEndorsesAchievement()
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [e] }) }), now: NOW })
    expect(checkOf(report, 'endorsements')).toEqual({ id: 'endorsements', status: 'passed', message: 'Lakeland Department of Education endorses the achievement: verified' })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(report.verified).toBe(true)
    expect(report.endorsements).toEqual([{
      id: 'urn:uuid:5ea7e000-0000-4000-8000-000000000001',
      endorser: { id: state.id, name: 'Lakeland Department of Education' },
      endorses: ACHIEVEMENT_ID,
      what: 'achievement',
      comment: 'Counts for **15 clock hours** toward renewal.',
      verified: true,
      format: 'ldp',
      source: 'embedded',
      path: '$.credentialSubject.achievement.endorsement[0]',
      depth: 0,
    }] satisfies EndorsementResult[])
  })

  it('finds endorsements of the credential, its issuer and the achievement\'s creator, each named for what it endorses', async () => {
    const creator = { id: accreditor.id, type: ['Profile'], name: 'Riverbend Design Lab' }
    const ofCredential = await signedEndorsement({ by: state, subjectId: CREDENTIAL_ID, comment: 'Recorded.' })
    const ofIssuer = await signedEndorsement({ by: state, subjectId: provider.id, comment: 'An approved provider.' })
    const ofCreator = await signedEndorsement({ by: state, subjectId: accreditor.id, comment: 'Writes good rubrics.' })
    const credential = await issued({
      extra: { endorsement: [ofCredential] },
      issuerExtra: { endorsement: [ofIssuer] },
      achievement: achievement({ creator: { ...creator, endorsement: [ofCreator] } }),
    })
    const report = await verify({ input: credential, now: NOW })
    expect(report.endorsements?.map((e) => [e.path, e.what, e.endorses, e.verified])).toEqual([
      ['$.endorsement[0]', 'credential', CREDENTIAL_ID, true],
      ['$.issuer.endorsement[0]', 'issuer', provider.id, true],
      ['$.credentialSubject.achievement.creator.endorsement[0]', 'creator', accreditor.id, true],
    ])
    expect(checkOf(report, 'endorsements').message).toBe([
      'Lakeland Department of Education endorses the credential: verified',
      'Lakeland Department of Education endorses the issuer: verified',
      'Lakeland Department of Education endorses the achievement\'s creator: verified',
    ].join('; '))
    expect(report.verified).toBe(true)
  })

  it('verifies an endorsementJwt (a VC-JWT endorsement) the same way', async () => {
    // The bundled OB 3.0.3 context does not define endorsementJwt (FACTS §1.0), so a credential
    // carrying one can be signed as a VC-JWT only, not with a Data Integrity proof.
    const jwt = await endorsementJwt({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:5ea7e000-0000-4000-8000-00000000000a' })
    const input = await signVcJwt({ credential: credential({ issuer: provider, achievement: achievement({ endorsementJwt: [jwt] }) }), signer: provider.signer })
    const report = await verify({ input, now: NOW })
    expect(checkOf(report, 'endorsements')).toMatchObject({ status: 'passed', message: 'Lakeland Department of Education endorses the achievement: verified' })
    expect(report.endorsements?.[0]).toMatchObject({ id: 'urn:uuid:5ea7e000-0000-4000-8000-00000000000a', format: 'jwt', path: '$.credentialSubject.achievement.endorsementJwt[0]', verified: true })
    expect(report.verified).toBe(true)
  })

  it('skips the check, with no endorsements list, when there are none', async () => {
    const report = await verify({ input: await issued(), now: NOW })
    expect(checkOf(report, 'endorsements')).toEqual({ id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements' })
    expect('endorsements' in report).toBe(false)
  })
})

describe('endorsements: failed, while the credential\'s own proof verifies', () => {
  async function reportWith(e: unknown) {
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [e] }) }), now: NOW })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(report.verified).toBe(false)
    return report
  }

  it('an endorsement changed after it was signed', async () => {
    const e = await stateEndorsesAchievement()
    const tampered = { ...e, credentialSubject: { ...(e.credentialSubject as object), endorsementComment: 'Counts for **150 clock hours**.' } }
    const report = await reportWith(tampered)
    expect(checkOf(report, 'endorsements')).toEqual({
      id: 'endorsements',
      status: 'failed',
      code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: 'Lakeland Department of Education endorses the achievement: proof failed (ERR_OB3_PROOF_SIGNATURE_INVALID)',
    })
    expect(report.endorsements?.[0]).toMatchObject({ verified: false, failed: [{ check: 'proof', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' }] })
  })

  it('an endorsement in the state\'s name signed with someone else\'s key', async () => {
    const forged = await sign(endorsement({ by: state, subjectId: ACHIEVEMENT_ID }), stranger)
    const report = await reportWith(forged)
    expect(checkOf(report, 'endorsements').message).toBe('Lakeland Department of Education endorses the achievement: proof failed (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)')
  })

  it('an expired endorsement, an unsigned one, and one that is not an EndorsementCredential', async () => {
    const expired = await signedEndorsement({ by: state, subjectId: ACHIEVEMENT_ID, extra: { validUntil: '2026-03-01T00:00:00Z' } })
    expect(checkOf(await reportWith(expired), 'endorsements').message).toBe('Lakeland Department of Education endorses the achievement: validity failed (ERR_OB3_EXPIRED)')
    const unsigned = endorsement({ by: state, subjectId: ACHIEVEMENT_ID })
    expect(checkOf(await reportWith(unsigned), 'endorsements').message).toBe('Lakeland Department of Education endorses the achievement: proof failed (ERR_OB3_PROOF_MISSING)')
    const wrongType = await sign({ ...endorsement({ by: state, subjectId: ACHIEVEMENT_ID }), type: ['VerifiableCredential', 'OpenBadgeCredential'] }, state)
    const report = await verify({ input: await issued({ extra: { endorsement: [wrongType] } }), now: NOW })
    expect(report.endorsements?.[0]?.failed?.map((f) => [f.check, f.code])).toContainEqual(['type', 'ERR_OB3_TYPE_INVALID'])
    expect(checkOf(report, 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID' })
  })

  it('an embedded endorsement of something the credential does not name', async () => {
    const elsewhere = await signedEndorsement({ by: state, subjectId: 'https://academy.example/mc/another-micro-credential' })
    const report = await reportWith(elsewhere)
    expect(checkOf(report, 'endorsements')).toMatchObject({
      status: 'failed',
      code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: 'Lakeland Department of Education endorses the achievement: about something else (ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH)',
    })
    expect(report.endorsements?.[0]).toMatchObject({ endorses: 'https://academy.example/mc/another-micro-credential', what: 'achievement', verified: false })
  })

  it('an endorsement that cannot be read', async () => {
    // A VC-JWT credential, since JSON-LD would refuse these values before any proof is made.
    const input = await signVcJwt({ credential: credential({ issuer: provider, extra: { endorsement: ['not a credential', 42] } }), signer: provider.signer })
    const report = await verify({ input, now: NOW })
    expect(report.endorsements?.map((e) => e.failed?.[0]?.code)).toEqual(['ERR_OB3_FORMAT_UNKNOWN', 'ERR_OB3_NOT_A_CREDENTIAL'])
    expect(checkOf(report, 'endorsements')).toMatchObject({
      status: 'failed',
      code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: 'an unnamed endorser endorses the credential: unreadable (ERR_OB3_FORMAT_UNKNOWN); an unnamed endorser endorses the credential: unreadable (ERR_OB3_NOT_A_CREDENTIAL)',
    })
  })

  it('one bad endorsement among good ones fails the check and is the one named as failed', async () => {
    const good = await stateEndorsesAchievement()
    const bad = { ...(await signedEndorsement({ by: accreditor, name: 'Riverbend Accreditation', subjectId: ACHIEVEMENT_ID })), name: 'Changed' }
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [good, bad] }) }), now: NOW })
    expect(checkOf(report, 'endorsements')).toMatchObject({
      status: 'failed',
      message: 'Lakeland Department of Education endorses the achievement: verified; Riverbend Accreditation endorses the achievement: proof failed (ERR_OB3_PROOF_SIGNATURE_INVALID)',
    })
  })
})

describe('endorsements handed in separately', () => {
  it('one about the achievement is verified and listed as handed in', async () => {
    const e = await stateEndorsesAchievement()
    const report = await verify({ input: await issued(), now: NOW, endorsements: [e] })
    expect(checkOf(report, 'endorsements')).toEqual({ id: 'endorsements', status: 'passed', message: 'Lakeland Department of Education endorses the achievement (handed in): verified' })
    expect(report.endorsements?.[0]).toMatchObject({ source: 'provided', path: 'endorsements[0]', what: 'achievement', verified: true })
  })

  it('as JSON text, as bytes and as a VC-JWT', async () => {
    const e = await stateEndorsesAchievement()
    const jwt = await endorsementJwt({ by: state, subjectId: provider.id, comment: 'An approved provider.' })
    const report = await verify({ input: await issued(), now: NOW, endorsements: [JSON.stringify(e), new TextEncoder().encode(JSON.stringify(e)), jwt] })
    // The second copy of the same endorsement (same id) is not verified twice.
    expect(report.endorsements?.map((r) => [r.what, r.format, r.verified])).toEqual([['achievement', 'ldp', true], ['issuer', 'jwt', true]])
  })

  it('one about another credential, achievement or issuer is not used, and the check says so', async () => {
    const other = await signedEndorsement({ by: state, subjectId: 'https://academy.example/mc/another-micro-credential' })
    const report = await verify({ input: await issued(), now: NOW, endorsements: [other, 'not an endorsement'] })
    expect(checkOf(report, 'endorsements')).toEqual({
      id: 'endorsements',
      status: 'skipped',
      message: 'the credential carries no endorsements; 2 endorsements handed in are not about this credential, its achievement or its issuer, and were not used',
    })
    expect(report.endorsements).toBeUndefined()
    expect(report.verified).toBe(true)
  })

  it('one about the achievement that does not verify is a warning: the credential itself is no less valid', async () => {
    const e = { ...(await stateEndorsesAchievement()), name: 'Changed' }
    const report = await verify({ input: await issued(), now: NOW, endorsements: [e] })
    expect(checkOf(report, 'endorsements')).toEqual({
      id: 'endorsements',
      status: 'warning',
      code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: 'Lakeland Department of Education endorses the achievement (handed in): proof failed (ERR_OB3_PROOF_SIGNATURE_INVALID)',
    })
    expect(report.verified).toBe(true)
  })

  it('refuses a non-array endorsements option', async () => {
    await expect(verify({ input: await issued(), endorsements: {} as unknown as unknown[] })).rejects.toThrow(TypeError)
  })
})

describe('endorsements and a trust registry', () => {
  const registry = (trustedFor: ('issuer' | 'endorser')[]) =>
    parseTrustRegistry({ name: 'Lakeland approved list', entries: [{ id: provider.id, name: 'Northwind', trustedFor: ['issuer'] }, { id: state.id, name: 'Lakeland DOE', trustedFor }] })

  it('marks an endorsement trusted when the registry trusts its endorser as an endorser', async () => {
    const input = await issued({ achievement: achievement({ endorsement: [await stateEndorsesAchievement()] }) })
    const trusted = await verify({ input, now: NOW, trust: registry(['endorser']) })
    expect(trusted.endorsements?.[0]?.trusted).toBe(true)
    expect(checkOf(trusted, 'endorsements').message).toBe('Lakeland Department of Education endorses the achievement: verified, trusted by Lakeland approved list')
    const notForEndorsing = await verify({ input, now: NOW, trust: registry(['issuer']) })
    expect(notForEndorsing.endorsements?.[0]?.trusted).toBe(false)
    expect(checkOf(notForEndorsing, 'endorsements').message).toBe('Lakeland Department of Education endorses the achievement: verified, not trusted by Lakeland approved list')
    expect(checkOf(notForEndorsing, 'endorsements').status).toBe('passed')
  })

  it('never trusts an endorsement whose key the endorser has not confirmed (<URL>#<key>): verified with a warning, not trusted', async () => {
    const stateUrl = 'https://education.lakeland.example/issuers/1'
    const unbound = await sign(endorsement({ by: { ...state, id: stateUrl }, subjectId: ACHIEVEMENT_ID }), { ...state.signer, id: `${stateUrl}#${state.key.publicKeyMultibase}` })
    const trust = parseTrustRegistry({ name: 'Lakeland approved list', entries: [{ id: stateUrl, name: 'Lakeland DOE', trustedFor: ['endorser'] }] })
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [unbound] }) }), now: NOW, trust, trustPolicy: 'warn' })
    expect(report.endorsements?.[0]).toMatchObject({ verified: true, trusted: false, warnings: [{ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' }] })
    expect(checkOf(report, 'endorsements')).toMatchObject({
      status: 'warning',
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: 'Lakeland Department of Education endorses the achievement: verified with remarks (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED), not trusted by Lakeland approved list',
    })
    const strict = await verify({ input: await issued({ achievement: achievement({ endorsement: [unbound] }) }), now: NOW, keyBinding: 'strict' })
    expect(checkOf(strict, 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID' })
  })

  it('never trusts an endorsement that does not verify', async () => {
    const bad = { ...(await stateEndorsesAchievement()), name: 'Changed' }
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [bad] }) }), now: NOW, trust: registry(['endorser']) })
    expect(report.endorsements?.[0]).toMatchObject({ verified: false, trusted: false })
  })

  it('has no trusted field without a registry', async () => {
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [await stateEndorsesAchievement()] }) }), now: NOW })
    expect(report.endorsements?.[0]).not.toHaveProperty('trusted')
  })
})

describe('endorsements: bounds', () => {
  it(`verifies endorsements of endorsements, and fails one nested deeper than 4 levels (ERR_OB3_ENDORSEMENT_LIMIT)`, async () => {
    // Level n's endorser is endorsed by level n+1, inside its issuer profile: A ← B ← C ← D ← E.
    const chain: Party[] = [state, accreditor, stranger, provider, state]
    let inner: Record<string, unknown> | undefined
    for (let level = chain.length - 1; level >= 0; level--) {
      const by = chain[level] as Party
      const subjectId = level === 0 ? ACHIEVEMENT_ID : (chain[level - 1] as Party).id
      inner = await signedEndorsement({ by, name: `Endorser ${level + 1}`, subjectId, ...(inner === undefined ? {} : { issuerExtra: { endorsement: [inner] } }) })
    }
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: [inner] }) }), now: NOW })
    expect(report.endorsements?.map((e) => [e.depth, e.what, e.verified])).toEqual([
      [0, 'achievement', true],
      [1, 'issuer', true],
      [2, 'issuer', true],
      [3, 'issuer', true],
      [4, 'issuer', false],
    ])
    expect(report.endorsements?.[4]?.failed).toEqual([{ check: 'depth', code: 'ERR_OB3_ENDORSEMENT_LIMIT', message: 'it is nested 5 levels deep; endorsements are verified 4 levels deep at most' }])
    expect(report.endorsements?.[1]?.path).toBe('$.credentialSubject.achievement.endorsement[0].issuer.endorsement[0]')
    expect(checkOf(report, 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_LIMIT' })
    expect(checkOf(report, 'endorsements').message).toContain('Endorser 2 endorses the endorser: verified')
    expect(checkOf(report, 'endorsements').message).toContain('Endorser 5 endorses the endorser: nested too deep (ERR_OB3_ENDORSEMENT_LIMIT)')
  })

  it(`verifies at most ${MAX_ENDORSEMENTS} endorsements and fails the check when there are more`, async () => {
    const e = await stateEndorsesAchievement()
    const many = Array.from({ length: MAX_ENDORSEMENTS + 1 }, () => e)
    const report = await verify({ input: await issued({ achievement: achievement({ endorsement: many }) }), now: NOW })
    expect(report.endorsements).toHaveLength(MAX_ENDORSEMENTS)
    expect(report.endorsements?.every((r) => r.verified)).toBe(true)
    expect(checkOf(report, 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_LIMIT' })
    expect(checkOf(report, 'endorsements').message).toMatch(/there are more than 64 endorsements: the rest were not verified$/)
  }, 60_000)
})
