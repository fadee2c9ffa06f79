/**
 * sumCredits: a state office totals the clock hours (creditsEarned) of credentials that verify,
 * come from providers it trusts, and carry a verified endorsement by an endorser it trusts; every
 * other credential is listed with the reason it was not counted.
 */
import { describe, expect, it } from 'vitest'
import { hashIdentity, isOb3Error } from '@ob3/core'
import { ACHIEVEMENT_ID, NOW, achievement, credential, parties, sign, signedEndorsement, signedPresentation } from './fixtures.js'
import { parseTrustRegistry, sumCredits, verify } from '../src/index.js'

const { provider, state, teacher, stranger, accreditor } = await parties()

const registry = parseTrustRegistry({
  name: 'Lakeland approved providers',
  entries: [
    { id: provider.id, name: 'Northwind Educator Academy', trustedFor: ['issuer'] },
    { id: state.id, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
    { id: accreditor.id, name: 'Riverbend Accreditation', trustedFor: ['issuer'] },
  ],
})

const stateEndorsement = await signedEndorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:5ea7e000-0000-4000-8000-0000000000c1' })

/** A credential by `issuer` with the achievement endorsed as given, `credits` earned, signed. */
async function badge(o: { id: string; issuer?: typeof provider; credits?: number | null; endorsements?: unknown[]; achievementId?: string; name?: string; subject?: string | Record<string, unknown> }) {
  const issuer = o.issuer ?? provider
  const a = achievement({ ...(o.achievementId === undefined ? {} : { id: o.achievementId }), ...(o.name === undefined ? {} : { name: o.name }), ...(o.endorsements === undefined ? {} : { endorsement: o.endorsements }) })
  const unsigned = credential({ issuer, id: o.id, achievement: a, subject: typeof o.subject === 'object' ? o.subject : { id: o.subject ?? 'did:example:ana-rivera' } })
  const subject = unsigned.credentialSubject as Record<string, unknown>
  if (o.credits === null) delete subject.creditsEarned
  else subject.creditsEarned = o.credits ?? 15
  if (o.name !== undefined) unsigned.name = o.name
  return sign(unsigned, issuer)
}

describe('sumCredits', () => {
  it('counts a credential that verifies, from a trusted provider, with a trusted endorsement; lists each other one with its reason', async () => {
    const inputs = [
      { label: 'idea-generating.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000001', credits: 15, endorsements: [stateEndorsement] }) },
      { label: 'by-stranger.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000002', issuer: stranger, endorsements: [stateEndorsement] }) },
      { label: 'not-endorsed.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000003' }) },
      { label: 'tampered.json', input: { ...(await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000004', endorsements: [stateEndorsement] })), name: 'Master Teacher' } },
      { label: 'no-credits.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000005', credits: null, endorsements: [stateEndorsement] }) },
      { label: 'again.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000001', credits: 15, endorsements: [stateEndorsement] }) },
      { label: 'half-day.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000006', issuer: accreditor, credits: 7.5, endorsements: [stateEndorsement] }) },
    ]
    const result = await sumCredits({ inputs, trust: registry, now: NOW })
    expect(result.registry).toBe('Lakeland approved providers')
    expect(result.person).toEqual({ from: 'subject', name: 'did:example:ana-rivera' })
    expect(result.total).toBe(22.5)
    expect(result.counted).toEqual([
      { input: 'idea-generating.json', id: 'urn:uuid:c0000000-0000-4000-8000-000000000001', name: 'Idea Generating', issuer: provider.id, issuerName: 'Northwind Educator Academy', credits: 15, endorsedBy: [{ id: state.id, name: 'Lakeland Department of Education' }] },
      { input: 'half-day.json', id: 'urn:uuid:c0000000-0000-4000-8000-000000000006', name: 'Idea Generating', issuer: accreditor.id, issuerName: 'Riverbend Accreditation', credits: 7.5, endorsedBy: [{ id: state.id, name: 'Lakeland Department of Education' }] },
    ])
    expect(result.notCounted.map((c) => [c.input, c.code])).toEqual([
      ['by-stranger.json', 'ERR_OB3_TRUST_UNTRUSTED'],
      ['not-endorsed.json', 'ERR_OB3_ENDORSEMENT_UNTRUSTED'],
      ['tampered.json', 'ERR_OB3_PROOF_SIGNATURE_INVALID'],
      ['no-credits.json', 'ERR_OB3_CREDITS_MISSING'],
      ['again.json', 'ERR_OB3_CREDITS_DUPLICATE'],
    ])
    const reason = (input: string) => result.notCounted.find((c) => c.input === input)?.reason
    expect(reason('by-stranger.json')).toBe('its issuer Northwind Educator Academy is not trusted by Lakeland approved providers as an issuer')
    expect(reason('not-endorsed.json')).toBe('no endorsement by an endorser Lakeland approved providers trusts: it carries no endorsement')
    expect(reason('tampered.json')).toMatch(/^it does not verify: proof failed: the signature does not match the document/)
    expect(reason('no-credits.json')).toBe('it records no creditsEarned')
    expect(reason('again.json')).toBe('it is the same credential (urn:uuid:c0000000-0000-4000-8000-000000000001) as idea-generating.json, counted already')
    expect(result.reports).toHaveLength(7)
  })

  it('reads inputs from an async iterable one at a time and, with keepReports: false, keeps no report but sums the same', async () => {
    const made = [
      { label: 'a.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000011', credits: 15, endorsements: [stateEndorsement] }) },
      { label: 'b.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000012', issuer: stranger, endorsements: [stateEndorsement] }) },
      { label: 'c.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000013', credits: 4.5, endorsements: [stateEndorsement] }) },
    ]
    let pulled = 0
    let maxAhead = 0
    let verifiedSoFar = 0
    async function* stream() {
      for (const item of made) {
        pulled++
        maxAhead = Math.max(maxAhead, pulled - verifiedSoFar)
        yield item
        verifiedSoFar++
      }
    }
    const streamed = await sumCredits({ inputs: stream(), keepReports: false, trust: registry, now: NOW })
    const whole = await sumCredits({ inputs: made, trust: registry, now: NOW })
    // One input is read, verified, then the next: never more than one ahead.
    expect(pulled).toBe(3)
    expect(maxAhead).toBe(1)
    expect(streamed.reports).toEqual([])
    expect(whole.reports).toHaveLength(3)
    expect(streamed.total).toBe(19.5)
    expect({ ...streamed, reports: [] }).toEqual({ ...whole, reports: [] })
  })

  it('says why an endorsement does not qualify: an untrusted endorser, one that does not verify, one of the issuer only', async () => {
    const byAccreditor = await signedEndorsement({ by: accreditor, name: 'Riverbend Accreditation', subjectId: ACHIEVEMENT_ID })
    const ofIssuer = await signedEndorsement({ by: state, subjectId: provider.id, comment: 'An approved provider.' })
    const input = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000010', endorsements: [byAccreditor] })
    const issuerOnly = await sign(credential({ issuer: provider, id: 'urn:uuid:c0000000-0000-4000-8000-000000000011', issuerExtra: { endorsement: [ofIssuer] } }), provider)
    const result = await sumCredits({ inputs: [{ input, label: 'a.json' }, { input: issuerOnly, label: 'b.json' }], trust: registry, now: NOW })
    expect(result.total).toBe(0)
    expect(result.notCounted.map((c) => c.reason)).toEqual([
      'no endorsement by an endorser Lakeland approved providers trusts: Riverbend Accreditation is not trusted by Lakeland approved providers as an endorser',
      'no endorsement by an endorser Lakeland approved providers trusts: Lakeland Department of Education endorses the issuer, not the achievement',
    ])
  })

  it('counts a credential endorsed by a state endorsement handed in separately (endorsement.json)', async () => {
    const input = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000020', credits: 10 })
    const result = await sumCredits({ inputs: [{ input, label: 'c.json' }], trust: registry, now: NOW, verifyOptions: { endorsements: [stateEndorsement] } })
    expect(result.total).toBe(10)
    expect(result.counted[0]?.endorsedBy).toEqual([{ id: state.id, name: 'Lakeland Department of Education' }])
  })

  it('sums reports made earlier, without the registry: the registry given decides', async () => {
    const report = await verify({ input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000030', endorsements: [stateEndorsement] }), label: 'd.json', now: NOW })
    expect(report.endorsements?.[0]?.trusted).toBeUndefined()
    expect((await sumCredits({ reports: [report], trust: registry, now: NOW })).total).toBe(15)
    const later = await sumCredits({ reports: [report], trust: parseTrustRegistry({ name: 'Other state', entries: [] }), now: NOW })
    expect(later.notCounted[0]?.code).toBe('ERR_OB3_TRUST_UNTRUSTED')
  })

  it('counts the credentials of a presentation whose holder proof verifies, and none of one whose proof fails', async () => {
    const mine = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000040', endorsements: [stateEndorsement], subject: teacher.id })
    const good = await signedPresentation({ holder: teacher, credentials: [mine] })
    expect((await sumCredits({ inputs: [{ input: good }], trust: registry, now: NOW })).total).toBe(15)
    const forged = await signedPresentation({ holder: teacher, credentials: [mine], signer: stranger.signer })
    const result = await sumCredits({ inputs: [{ input: forged, label: 'share.json' }], trust: registry, now: NOW })
    expect(result.total).toBe(0)
    expect(result.notCounted).toEqual([{
      input: 'share.json [credential 1]',
      id: 'urn:uuid:c0000000-0000-4000-8000-000000000040',
      name: 'Idea Generating',
      reason: expect.stringMatching(/^the presentation it came in does not verify: holder failed: /),
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
    }])
  })

  it('refuses to add up different people\'s badges ("30 clock hours from 2 of 3 credentials"): without a recipient it is a usage error, with one only that person\'s count', async () => {
    // The attack: Ana's badge (by DID), someone else's public baked badge (hashed email), and a third.
    const salt = 'b0-salt'
    const inputs = [
      { label: 'ana.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000050', endorsements: [stateEndorsement], subject: teacher.id }) },
      { label: 'bo.png', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000051', endorsements: [stateEndorsement], subject: { identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, salt, identityHash: await hashIdentity({ identifier: 'bo.lee@example.org', salt }) }] } }) },
      { label: 'unendorsed.json', input: await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000052', subject: teacher.id }) },
    ]
    const refused = await sumCredits({ inputs, trust: registry, now: NOW }).then(() => undefined, (err: unknown) => err)
    expect(isOb3Error(refused, 'ERR_OB3_CREDITS_RECIPIENT_REQUIRED')).toBe(true)
    expect((refused as Error).message).toContain('2 different subjects')
    expect((refused as Error).message).toContain('give the recipient')

    const ana = await sumCredits({ inputs, trust: registry, now: NOW, recipient: { id: teacher.id } })
    expect(ana.person).toEqual({ from: 'recipient', name: teacher.id })
    expect(ana.total).toBe(15)
    expect(ana.counted.map((c) => c.input)).toEqual(['ana.json'])
    expect(ana.notCounted.map((c) => [c.input, c.code])).toEqual([['bo.png', 'ERR_OB3_CREDITS_NOT_BOUND'], ['unendorsed.json', 'ERR_OB3_ENDORSEMENT_UNTRUSTED']])
    expect(ana.notCounted[0]?.reason).toBe(`it names its recipient by emailAddress (hashed) only, so it cannot be tied to ${teacher.id}`)

    // Bo's address (in another case than the issuer hashed) matches his salted hash, and only his.
    const bo = await sumCredits({ inputs, trust: registry, now: NOW, recipient: { identityType: 'emailAddress', value: 'Bo.Lee@example.org' } })
    expect(bo.total).toBe(15)
    expect(bo.counted.map((c) => c.input)).toEqual(['bo.png'])
    expect(bo.notCounted.map((c) => [c.input, c.code])).toEqual([['ana.json', 'ERR_OB3_CREDITS_NOT_BOUND'], ['unendorsed.json', 'ERR_OB3_CREDITS_NOT_BOUND']])
    const other = await sumCredits({ inputs, trust: registry, now: NOW, recipient: { identityType: 'emailAddress', value: 'cy@example.org' } })
    expect(other.total).toBe(0)
    expect(other.notCounted.find((c) => c.input === 'bo.png')).toMatchObject({ code: 'ERR_OB3_CREDITS_OTHER_SUBJECT', reason: 'it is about someone else: the credential was not issued to cy@example.org: its recipient\'s emailAddress is another one' })
    // A DID recipient and a credential issued to another DID: someone else.
    const stranger2 = await sumCredits({ inputs: inputs.slice(0, 1), trust: registry, now: NOW, recipient: { id: stranger.id } })
    expect(stranger2.notCounted.map((c) => c.code)).toEqual(['ERR_OB3_CREDITS_OTHER_SUBJECT'])
  })

  it('counts a presentation\'s credentials for its holder, and lists a loose credential of someone else as not counted', async () => {
    const mine = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000060', endorsements: [stateEndorsement], subject: teacher.id })
    const theirs = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000061', endorsements: [stateEndorsement], subject: 'did:example:someone-else' })
    const share = await signedPresentation({ holder: teacher, credentials: [mine] })
    const result = await sumCredits({ inputs: [{ input: share, label: 'share.json' }, { input: theirs, label: 'found.png' }], trust: registry, now: NOW })
    expect(result.person).toEqual({ from: 'holder', name: teacher.id })
    expect(result.total).toBe(15)
    expect(result.counted.map((c) => c.input)).toEqual(['share.json [credential 1]'])
    expect(result.notCounted).toEqual([{
      input: 'found.png', id: 'urn:uuid:c0000000-0000-4000-8000-000000000061', name: 'Idea Generating',
      reason: `it is about someone else: it was issued to did:example:someone-else, not to ${teacher.id}, who signed the presentation`,
      code: 'ERR_OB3_CREDITS_OTHER_SUBJECT',
    }])
    // Two holders: whose total?
    const theirShare = await signedPresentation({ holder: stranger, credentials: [await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000062', endorsements: [stateEndorsement], subject: stranger.id })] })
    await expect(sumCredits({ inputs: [{ input: share }, { input: theirShare }], trust: registry, now: NOW })).rejects.toMatchObject({ code: 'ERR_OB3_CREDITS_RECIPIENT_REQUIRED' })
    // …unless the recipient is given.
    expect((await sumCredits({ inputs: [{ input: share }, { input: theirShare }], trust: registry, now: NOW, recipient: { id: stranger.id } })).counted.map((c) => c.id)).toEqual(['urn:uuid:c0000000-0000-4000-8000-000000000062'])
  })

  it('counts a credential that names no recipient for nobody', async () => {
    const anonymous = await badge({ id: 'urn:uuid:c0000000-0000-4000-8000-000000000070', endorsements: [stateEndorsement], subject: {} })
    const result = await sumCredits({ inputs: [{ input: anonymous, label: 'a.json' }], trust: registry, now: NOW })
    expect(result.person).toBeNull()
    expect(result.notCounted.map((c) => c.code)).toEqual(['ERR_OB3_CREDITS_NOT_BOUND'])
  })

  it('does not count a credential that only claims a trusted issuer: a valid signature by a key the issuer never published', async () => {
    const issuerUrl = 'https://academy.example/issuer'
    const trusted = parseTrustRegistry({ name: 'Lakeland approved providers', entries: [{ id: issuerUrl, name: 'Northwind Educator Academy' }, { id: state.id, name: 'Lakeland Department of Education', trustedFor: ['endorser'] }] })
    const a = achievement({ endorsement: [stateEndorsement] })
    const unsigned = credential({ issuer: { ...stranger, id: issuerUrl }, id: 'urn:uuid:c0000000-0000-4000-8000-000000000080', achievement: a, subject: { id: teacher.id } })
    const forged = await sign(unsigned, { id: `${issuerUrl}#${stranger.key.publicKeyMultibase}`, algorithm: 'EdDSA', sign: (b: Uint8Array) => stranger.signer.sign(b) })
    const result = await sumCredits({ inputs: [{ input: forged, label: 'forged.json' }], trust: trusted, now: NOW })
    expect(result.total).toBe(0)
    expect(result.notCounted.map((c) => c.code)).toEqual(['ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'])
  })

  it('refuses wrong usage with a TypeError', async () => {
    await expect(sumCredits({ trust: registry })).rejects.toThrow(TypeError)
    await expect(sumCredits({ reports: [], trust: undefined as never })).rejects.toThrow(TypeError)
    await expect(sumCredits({ reports: [], trust: registry, recipient: { identityType: 'emailAddress', value: '' } })).rejects.toThrow(TypeError)
  })
})
