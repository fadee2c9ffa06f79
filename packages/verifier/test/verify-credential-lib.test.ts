/**
 * A credential verified on its own (`lib/verify-credential.ts` and the checks every credential and
 * endorsement goes through, `lib/document-checks.ts`): the whole report, what it adds when
 * endorsements or files come with it, and a VC-JWT's `exp` read for `validity`.
 */
import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, toBase64Url, utf8 } from '@ob3/core'
import { expOf, jwtPayloadOf } from '../src/lib/document-checks.js'
import { parseTrustRegistry, verify, type CheckResult } from '../src/index.js'
import { CREDENTIAL_ID, NOW, checkOf, credential, endorsementJwt, parties, presentationJwt, sign, signedEndorsement } from './fixtures.js'

const { provider, state, teacher } = await parties()
const PROVIDER_KEY = `${provider.id}#${provider.id.slice('did:key:'.length)}`

/** The checks of a valid signed credential verified with no options, in report order. */
const VALID_CHECKS: CheckResult[] = [
  { id: 'parse', status: 'passed', message: 'a JSON credential (VC 2.0)' },
  { id: 'context', status: 'passed', message: 'VC 2.0 with the Open Badges 3.0.3 context' },
  { id: 'type', status: 'passed', message: 'an OpenBadgeCredential' },
  { id: 'schema', status: 'passed', message: 'conforms to the OB 3.0 data model' },
  { id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${PROVIDER_KEY}` },
  { id: 'validity', status: 'passed', message: 'valid since 2026-01-01T00:00:00Z, with no end date' },
  { id: 'status', status: 'skipped', message: 'the credential has no credentialStatus: its issuer publishes no revocation for it' },
  { id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements' },
  { id: 'trust', status: 'skipped', message: 'no trust registry was given' },
  { id: 'recipient', status: 'skipped', message: 'no expected recipient was given' },
  { id: 'artifacts', status: 'skipped', message: 'no artifacts were shared with the credential' },
  { id: 'holder', status: 'skipped', message: 'a credential, not a presentation: there is no holder proof' },
  { id: 'expiry-of-share', status: 'skipped', message: 'not a share' },
]

/** A compact JWS of `payload` signed by the provider (the fixtures' VP-JWT maker signs any payload). */
async function jwtOf(payload: Record<string, unknown>): Promise<string> {
  return presentationJwt(provider.signer, payload)
}

describe('verifyCredential', () => {
  it('reports every check of a valid credential, its summary, and nothing about endorsements or files', async () => {
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, label: 'badge.json' })
    expect(report).toEqual({
      input: 'badge.json',
      verified: true,
      kind: 'credential',
      format: 'ldp',
      specification: 'ob3',
      checks: VALID_CHECKS,
      credential: {
        id: CREDENTIAL_ID,
        name: 'Idea Generating',
        issuer: provider.id,
        issuerName: 'Northwind Educator Academy',
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: null,
        creditsEarned: 15,
        subject: { ids: ['did:example:ana-rivera'], identifiers: [] },
      },
    })
  })

  it('lists the endorsements handed in, each with its verification, and fails none of the credential\'s own checks', async () => {
    const good = await signedEndorsement({ by: state, subjectId: CREDENTIAL_ID, id: 'urn:uuid:e1' })
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, endorsements: [good] })
    expect(report.endorsements).toEqual([{
      id: 'urn:uuid:e1',
      endorser: { id: state.id, name: 'Lakeland Department of Education' },
      endorses: CREDENTIAL_ID,
      what: 'credential',
      comment: 'Counts for **15 clock hours** toward renewal.',
      verified: true,
      format: 'ldp',
      source: 'provided',
      path: 'endorsements[0]',
      depth: 0,
    }])
    expect(checkOf(report, 'endorsements')).toEqual({ id: 'endorsements', status: 'passed', message: 'Lakeland Department of Education endorses the credential (handed in): verified' })
    expect(report.checks.filter((c) => c.id !== 'endorsements')).toEqual(VALID_CHECKS.filter((c) => c.id !== 'endorsements'))
  })

  it('fails an endorsement\'s type unless it names both VerifiableCredential and EndorsementCredential', async () => {
    // As VC-JWTs: JSON-LD safe mode refuses to sign an embedded proof over some of these types.
    const typed = async (id: string, type: unknown) => endorsementJwt({ by: state, subjectId: CREDENTIAL_ID, id, extra: { type } })
    const endorsements = [
      await typed('urn:uuid:e-both', ['VerifiableCredential', 'EndorsementCredential']),
      await typed('urn:uuid:e-badge', ['VerifiableCredential', 'OpenBadgeCredential']),
      await typed('urn:uuid:e-alone', 'EndorsementCredential'),
      await typed('urn:uuid:e-vc', 'VerifiableCredential'),
    ]
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, endorsements })
    const typeIssue = { check: 'type', code: 'ERR_OB3_TYPE_INVALID', message: 'an endorsement\'s type must include VerifiableCredential and EndorsementCredential' }
    expect(report.endorsements?.map((e) => [e.id, e.verified, e.failed?.find((f) => f.check === 'type')])).toEqual([
      ['urn:uuid:e-both', true, undefined],
      ['urn:uuid:e-badge', false, typeIssue],
      ['urn:uuid:e-alone', false, typeIssue],
      ['urn:uuid:e-vc', false, typeIssue],
    ])
  })

  it('fails a file shared with a credential on its own that is none of its evidence, and lists it untagged', async () => {
    const bytes = new TextEncoder().encode('notes')
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, artifacts: [{ name: 'notes.md', bytes }] })
    expect(checkOf(report, 'artifacts')).toEqual({ id: 'artifacts', status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH', message: '"notes.md" matches no evidence of the credential: it is not a file the issuer assessed' })
    expect(report.verified).toBe(false)
    expect(report.artifacts).toEqual([{ evidence: null, digestMultibase: await computeDigestMultibase(bytes), shared: true, matches: false, file: 'notes.md' }])
  })

  it('matches a shared file with the credential\'s evidence, without naming the credential in the list', async () => {
    const bytes = new TextEncoder().encode('lesson plan v3')
    const digestMultibase = await computeDigestMultibase(bytes)
    const input = await sign(credential({ issuer: provider, extra: { evidence: [{ type: ['Evidence'], name: 'Lesson plan', digestMultibase }] } }), provider)
    const report = await verify({ input, now: NOW, artifacts: [{ name: 'plan.md', bytes }] })
    expect(checkOf(report, 'artifacts')).toEqual({ id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Lesson plan"' })
    expect(report.artifacts).toEqual([{ evidence: 'Lesson plan', digestMultibase, shared: true, matches: true, file: 'plan.md' }])
  })

  it('checks the recipient asked for', async () => {
    const input = await sign(credential({ issuer: provider }), provider)
    expect(checkOf(await verify({ input, now: NOW, recipient: { id: 'did:example:ana-rivera' } }), 'recipient')).toEqual({ id: 'recipient', status: 'passed', message: 'the credential was issued to did:example:ana-rivera' })
    expect(checkOf(await verify({ input, now: NOW, recipient: { id: teacher.id } }), 'recipient')).toMatchObject({ status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH' })
  })

  it('trusts an issuer the registry lists only when the proof confirms the issuer\'s key', async () => {
    const trust = parseTrustRegistry({ name: 'State approved providers', entries: [{ id: provider.id, name: 'Northwind', trustedFor: ['issuer'], validFrom: '2026-01-01T00:00:00Z' }] })
    const signed = await sign(credential({ issuer: provider }), provider)
    expect(checkOf(await verify({ input: signed, now: NOW, trust }), 'trust')).toMatchObject({ status: 'passed' })
    // The issuer's name on a credential its key did not sign: the proof fails, and trust with it.
    const forged = await sign(credential({ issuer: provider }), state)
    const report = await verify({ input: forged, now: NOW, trust })
    expect(checkOf(report, 'proof').status).toBe('failed')
    expect(checkOf(report, 'trust').status).toBe('failed')
  })

  it('asks the credential\'s proof for the challenge, domain and purpose given', async () => {
    const input = await sign(credential({ issuer: provider }), provider)
    expect(checkOf(await verify({ input, now: NOW, challenge: 'c-7' }), 'proof')).toEqual({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED', message: 'the proof\'s challenge undefined is not the expected one' })
    expect(checkOf(await verify({ input, now: NOW, domain: 'https://verifier.example' }), 'proof')).toEqual({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED', message: 'the proof\'s domain undefined is not the expected one' })
    expect(checkOf(await verify({ input, now: NOW, proofPurpose: 'authentication' }), 'proof')).toEqual({ id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_PURPOSE', message: 'proofPurpose is "assertionMethod"; authentication is required' })
  })
})

describe('a VC-JWT\'s exp', () => {
  it('ends the validity of a credential with no end date of its own', async () => {
    const vc = credential({ issuer: provider })
    const expired = await jwtOf({ ...vc, vc, iss: provider.id, nbf: 1767225600, exp: Date.parse('2026-03-01T00:00:00Z') / 1000 })
    const report = await verify({ input: expired, now: NOW })
    expect(checkOf(report, 'validity')).toEqual({ id: 'validity', status: 'failed', code: 'ERR_OB3_EXPIRED', message: 'expired on 2026-03-01T00:00:00.000Z (it is 2026-06-01T00:00:00.000Z)' })
  })

  it('is read from the payload without verifying it, or undefined', () => {
    const token = (payload: unknown) => `${toBase64Url(utf8('{"alg":"EdDSA"}'))}.${toBase64Url(utf8(JSON.stringify(payload)))}.c2ln`
    expect(expOf(token({ exp: 1780000000, iss: 'x' }))).toBe(1780000000)
    expect(expOf(`  ${token({ exp: 0 })}\n`)).toBe(0)
    expect(expOf(token({ exp: '1780000000' }))).toBeUndefined()
    expect(expOf(token([1]))).toBeUndefined()
    expect(expOf('no-dots')).toBeUndefined()
    expect(jwtPayloadOf(token({ exp: 5, nonce: 'n' }))).toEqual({ exp: 5, nonce: 'n' })
    expect(jwtPayloadOf(`\t${token({ a: 1 })} `)).toEqual({ a: 1 })
    // Surrounding white space is no part of the token, even where it would touch the payload.
    const [header, payload] = token({ a: 2 }).split('.') as [string, string]
    expect(jwtPayloadOf(`${header}.${payload} \n`)).toEqual({ a: 2 })
    expect([jwtPayloadOf(token(null)), jwtPayloadOf(token([1, 2])), jwtPayloadOf(token('text')), jwtPayloadOf(token(3))]).toEqual([undefined, undefined, undefined, undefined])
    expect(jwtPayloadOf('a.%%%.c')).toBeUndefined()
    expect(jwtPayloadOf('only')).toBeUndefined()
  })
})
