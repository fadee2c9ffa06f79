/**
 * Presentations: the holder's proof (Data Integrity, proofPurpose authentication, or a VP-JWT),
 * its challenge and domain, the holder being the subject of each credential (`holder`), the
 * share's expiry (`expiry-of-share`), and every credential inside verified as a credential.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL, computeDigestMultibase, signVcJwt } from '@ob3/core'
import { CHECK_IDS, verify, type VerificationReport } from '../src/index.js'
import { NOW, checkOf, credential, parties, presentation, presentationJwt, sign, signedPresentation } from './fixtures.js'

const { provider, teacher, stranger } = await parties()
const CHALLENGE = '7f1c2b9a-hiring-round-12'
const DOMAIN = 'https://careers.lakeside-schools.example'

/** A credential awarded to the teacher (her did:key is the subject), signed by the provider. */
async function awarded(extra: Record<string, unknown> = {}, id = 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001') {
  return sign(credential({ issuer: provider, subject: { id: teacher.id }, id, extra }), provider)
}

function statuses(report: VerificationReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.code === undefined ? c.status : `${c.status} ${c.code}`]))
}

describe('a presentation signed by its holder', () => {
  it('verifies: holder passed with the challenge and domain asked for, each credential checked, one report', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], challenge: CHALLENGE, domain: DOMAIN })
    const report = await verify({ input, now: NOW, challenge: CHALLENGE, domain: DOMAIN, label: 'share.json' })
    expect(statuses(report)).toEqual({
      parse: 'passed', context: 'passed', type: 'passed', schema: 'passed', proof: 'passed', validity: 'passed', status: 'skipped',
      endorsements: 'skipped', trust: 'skipped', recipient: 'skipped', artifacts: 'skipped', holder: 'passed', 'expiry-of-share': 'skipped',
    })
    expect(report).toMatchObject({ input: 'share.json', verified: true, kind: 'presentation', format: 'ldp' })
    expect(checkOf(report, 'holder').message).toBe(`signed by the holder ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); with the challenge and domain asked for; the holder is the subject of every credential`)
    expect(checkOf(report, 'parse').message).toBe('a JSON presentation (VC 2.0) of 1 credential (credential 1 (Idea Generating): a JSON credential (VC 2.0))')
    expect(report.credential).toMatchObject({ id: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001', name: 'Idea Generating', issuer: provider.id, creditsEarned: 15 })
    expect(report.credentials).toHaveLength(1)
    expect(report.credentials?.[0]).toMatchObject({ input: 'share.json [credential 1]', kind: 'credential', verified: true })
    expect(report.credentials?.[0]?.checks.map((c) => c.id)).toEqual(CHECK_IDS)
  })

  it('says a presentation without a challenge could be replayed, but passes it', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()] })
    const holder = checkOf(await verify({ input, now: NOW }), 'holder')
    expect(holder).toMatchObject({ status: 'passed' })
    expect(holder.message).toContain('no challenge was asked for, so a copy of this presentation could be replayed')
  })

  it('fails a challenge other than the one asked for, or none (ERR_OB3_CHALLENGE_MISMATCH)', async () => {
    const credentials = [await awarded()]
    const other = await signedPresentation({ holder: teacher, credentials, challenge: 'another-round', domain: DOMAIN })
    const r1 = await verify({ input: other, now: NOW, challenge: CHALLENGE, domain: DOMAIN })
    expect(checkOf(r1, 'holder')).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the proof was made for another challenge ("another-round")' })
    expect(r1.verified).toBe(false)
    const none = await signedPresentation({ holder: teacher, credentials })
    expect(checkOf(await verify({ input: none, now: NOW, challenge: CHALLENGE }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the proof carries no challenge, and one was asked for' })
  })

  it('fails a domain other than the one expected (ERR_OB3_DOMAIN_MISMATCH)', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], challenge: CHALLENGE, domain: 'https://elsewhere.example' })
    expect(checkOf(await verify({ input, now: NOW, challenge: CHALLENGE, domain: DOMAIN }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH' })
  })

  it('fails a proof with purpose assertionMethod (ERR_OB3_PROOF_PURPOSE)', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], purpose: 'assertionMethod' })
    expect(checkOf(await verify({ input, now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_PURPOSE' })
  })

  it('fails a presentation signed by someone else than its holder (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], signer: stranger.signer })
    expect(checkOf(await verify({ input, now: NOW }), 'holder')).toEqual({
      id: 'holder',
      status: 'failed',
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the holder's proof does not verify: the signature is valid, but its key belongs to ${stranger.id}, not to the holder ${teacher.id}`,
    })
  })

  it('fails when the holder is not the subject of a credential (ERR_OB3_HOLDER_MISMATCH)', async () => {
    const someoneElses = await sign(credential({ issuer: provider, subject: { id: stranger.id } }), provider)
    const input = await signedPresentation({ holder: teacher, credentials: [someoneElses] })
    const holder = checkOf(await verify({ input, now: NOW }), 'holder')
    expect(holder).toMatchObject({ status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH' })
    expect(holder.message).toContain(`the holder is not the subject of every credential: credential 1 (Idea Generating) was issued to ${stranger.id}`)
  })

  it('warns when a credential names its recipient by a hashed identifier only', async () => {
    const byEmail = await sign(credential({ issuer: provider, subject: { identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: `sha256$${'ab'.repeat(32)}`, salt: 's' }] } }), provider)
    const report = await verify({ input: await signedPresentation({ holder: teacher, credentials: [byEmail] }), now: NOW })
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH' })
    expect(checkOf(report, 'holder').message).toContain('credential 1 (Idea Generating) names its recipient by identifier only, so the holder cannot be shown to be its subject')
    expect(report.verified).toBe(true)
  })

  it('fails a presentation changed after it was signed, and an unsigned one', async () => {
    const signed = await signedPresentation({ holder: teacher, credentials: [await awarded()], extra: { validUntil: '2026-07-01T00:00:00Z' } })
    const extended = { ...signed, validUntil: '2027-07-01T00:00:00Z' }
    expect(checkOf(await verify({ input: extended, now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    const unsigned = presentation({ holder: teacher, credentials: [await awarded()] })
    expect(checkOf(await verify({ input: unsigned, now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MISSING' })
  })
})

describe('expiry-of-share', () => {
  it('passes before validUntil, fails after it (ERR_OB3_SHARE_EXPIRED), and is skipped without one', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], extra: { validUntil: '2026-07-01T00:00:00Z' } })
    expect(checkOf(await verify({ input, now: NOW }), 'expiry-of-share')).toEqual({ id: 'expiry-of-share', status: 'passed', message: 'the share is valid until 2026-07-01T00:00:00.000Z' })
    const late = await verify({ input, now: new Date('2026-08-01T00:00:00Z') })
    expect(checkOf(late, 'expiry-of-share')).toEqual({ id: 'expiry-of-share', status: 'failed', code: 'ERR_OB3_SHARE_EXPIRED', message: 'the share expired on 2026-07-01T00:00:00.000Z (it is 2026-08-01T00:00:00.000Z)' })
    expect(late.verified).toBe(false)
    const open = await signedPresentation({ holder: teacher, credentials: [await awarded()] })
    expect(checkOf(await verify({ input: open, now: NOW }), 'expiry-of-share')).toEqual({ id: 'expiry-of-share', status: 'skipped', message: 'the presentation has no expiry' })
  })
})

describe('the credentials of a presentation', () => {
  it('combines the checks: one tampered credential of two fails proof, and the message says which', async () => {
    const good = await awarded({}, 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001')
    const tampered = { ...(await awarded({}, 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000002')), name: 'Master Teacher' }
    const report = await verify({ input: await signedPresentation({ holder: teacher, credentials: [good, tampered] }), now: NOW })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    expect(checkOf(report, 'proof').message).toMatch(/^credential 1 \(Idea Generating\): eddsa-rdfc-2022 signature is valid, made with .*; credential 2 \(Master Teacher\): the signature does not match the document/)
    expect(report.credentials?.map((r) => r.verified)).toEqual([true, false])
    expect(report.credential?.id).toBe('urn:uuid:0b5e7c1a-0000-4000-8000-000000000001')
    expect(checkOf(report, 'holder').status).toBe('passed')
    expect(report.verified).toBe(false)
  })

  it('reads a credential given as an EnvelopedVerifiableCredential (a data: URL of its VC-JWT)', async () => {
    const unsigned = credential({ issuer: provider, subject: { id: teacher.id }, id: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000003' })
    const jwt = await signVcJwt({ credential: unsigned, signer: provider.signer })
    const enveloped = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['EnvelopedVerifiableCredential'], id: `data:application/vc+jwt,${jwt}` }
    const report = await verify({ input: await signedPresentation({ holder: teacher, credentials: [await awarded(), enveloped] }), now: NOW })
    expect(report.credentials?.map((r) => [r.format, r.verified])).toEqual([['ldp', true], ['jwt', true]])
    expect(report.verified).toBe(true)
  })

  it('fails parse for a presentation with no credential, and for a credential that cannot be read', async () => {
    const empty = await signedPresentation({ holder: teacher, credentials: [] })
    expect(checkOf(await verify({ input: empty, now: NOW }), 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL' })
    // A bare string is no JSON-LD node, so only a VP-JWT (no canonicalization) can carry one.
    const broken = await presentationJwt(teacher.signer, { ...presentation({ holder: teacher, credentials: [await awarded(), 'not.a.jwt'] }), iss: teacher.id })
    const report = await verify({ input: broken, now: NOW })
    expect(checkOf(report, 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB3_JWT_MALFORMED' })
    expect(checkOf(report, 'parse').message).toMatch(/^credential 2 could not be read: /)
  })

  it('applies the recipient to each credential, and checks shared artifacts against all of them', async () => {
    const bytes = new TextEncoder().encode('lesson plan v3')
    const withArtifact = await awarded({ evidence: [{ type: ['Evidence'], name: 'Lesson plan', digestMultibase: await computeDigestMultibase(bytes) }] }, 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000004')
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded(), withArtifact] })
    const report = await verify({ input, now: NOW, recipient: { id: teacher.id }, artifacts: [{ name: 'plan.md', bytes }] })
    expect(checkOf(report, 'recipient').status).toBe('passed')
    expect(checkOf(report, 'artifacts')).toEqual({ id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Lesson plan"' })
    expect(report.artifacts).toEqual([{ evidence: 'Lesson plan', digestMultibase: await computeDigestMultibase(bytes), shared: true, matches: true, file: 'plan.md', credential: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000004' }])
    // Each credential's own report: the first has no artifacts (skipped), the second matched.
    expect(report.credentials?.map((r) => checkOf(r, 'artifacts').status)).toEqual(['skipped', 'passed'])
    const wrong = await verify({ input, now: NOW, artifacts: [{ name: 'other.md', bytes: new TextEncoder().encode('x') }] })
    expect(checkOf(wrong, 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH', message: '"Lesson plan" was not shared; "other.md" matches no evidence of the credentials: it is not a file the issuer assessed' })
    expect(checkOf(await verify({ input, now: NOW, recipient: { id: stranger.id } }), 'recipient')).toMatchObject({ status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH' })
  })
})

describe('VP-JWT', () => {
  async function vpJwt(claims: Record<string, unknown>, signer = teacher.signer) {
    const vp = presentation({ holder: teacher, credentials: [await awarded()] })
    return presentationJwt(signer, { ...vp, iss: teacher.id, nonce: CHALLENGE, aud: DOMAIN, iat: 1780000000, exp: 1782864000, ...claims })
  }

  it('verifies a VP-JWT signed by the holder, with nonce = challenge and aud = domain; exp is the share\'s expiry', async () => {
    const report = await verify({ input: await vpJwt({}), now: NOW, challenge: CHALLENGE, domain: DOMAIN })
    expect(report).toMatchObject({ kind: 'presentation', format: 'jwt', verified: true })
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'passed' })
    expect(checkOf(report, 'holder').message).toContain(`signed by the holder ${teacher.id} (VP-JWT, key ${teacher.key.id})`)
    expect(checkOf(report, 'expiry-of-share')).toEqual({ id: 'expiry-of-share', status: 'passed', message: 'the share is valid until 2026-07-01T00:00:00.000Z' })
    expect(checkOf(report, 'parse').message).toMatch(/^a VP-JWT \(VC 2\.0\) of 1 credential/)
  })

  it('fails another nonce, another audience, a past exp, another signer and a changed payload', async () => {
    expect(checkOf(await verify({ input: await vpJwt({ nonce: 'old' }), now: NOW, challenge: CHALLENGE }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH' })
    expect(checkOf(await verify({ input: await vpJwt({}), now: NOW, domain: 'https://elsewhere.example' }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH' })
    expect(checkOf(await verify({ input: await vpJwt({ exp: 1780000000 }), now: NOW }), 'expiry-of-share')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SHARE_EXPIRED' })
    // The stranger's key, named in the kid, is not the holder's (the iss).
    expect(checkOf(await verify({ input: await vpJwt({}, stranger.signer), now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    const [h, p, s] = (await vpJwt({})).split('.') as [string, string, string]
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>
    const changed = `${h}.${Buffer.from(JSON.stringify({ ...payload, exp: 1900000000 })).toString('base64url')}.${s}`
    expect(checkOf(await verify({ input: changed, now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('carries credentials as VC-JWT strings', async () => {
    const jwt = await signVcJwt({ credential: credential({ issuer: provider, subject: { id: teacher.id } }), signer: provider.signer })
    const input = await presentationJwt(teacher.signer, { ...presentation({ holder: teacher, credentials: [jwt] }), iss: teacher.id })
    const report = await verify({ input, now: NOW })
    expect(report.credentials?.map((r) => [r.format, r.verified])).toEqual([['jwt', true]])
    expect(report.verified).toBe(true)
  })

  it('reads a VC 1.1-era VP-JWT, the presentation in its vp claim', async () => {
    const vp = { '@context': [CREDENTIALS_V1_URL], type: ['VerifiablePresentation'], verifiableCredential: [await awarded()] }
    const report = await verify({ input: await presentationJwt(teacher.signer, { iss: teacher.id, nonce: CHALLENGE, vp }), now: NOW, challenge: CHALLENGE })
    expect(report.kind).toBe('presentation')
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })

  it('fails when the VP-JWT iss and the presentation\'s holder disagree', async () => {
    const report = await verify({ input: await vpJwt({ iss: stranger.id }), now: NOW })
    expect(checkOf(report, 'holder')).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message: `the presentation's holder is ${teacher.id} but its JWT iss is ${stranger.id}` })
  })
})
