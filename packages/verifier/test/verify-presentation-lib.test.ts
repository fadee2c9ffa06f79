/**
 * A presentation's report (`lib/verify-presentation.ts`): how each credential it carries is read
 * (objects, VC-JWT strings, EnvelopedVerifiableCredentials) and labelled, the `parse` check and the
 * credential checks combined across credentials, the credential its holder issued without a proof
 * of its own, and the limit on how many credentials are verified.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, computeDigestMultibase, signVcJwt } from '@ob3/core'
import { MAX_PRESENTED_CREDENTIALS, verify, type CheckResult, type VerificationReport } from '../src/index.js'
import { NOW, checkOf, credential, parties, presentation, presentationJwt, sign } from './fixtures.js'

const { provider, teacher, stranger } = await parties()
const PROVIDER_KEY = `${provider.id}#${provider.id.slice('did:key:'.length)}`
const NOT_READ = 'not checked: the credential could not be read'
const SELF_ASSERTED = `self-asserted by the holder ${teacher.id}: secured by the presentation's proof`

/** A credential the provider awarded to the teacher, signed. */
async function awarded(id = 'urn:uuid:a1'): Promise<Record<string, unknown>> {
  return sign(credential({ issuer: provider, subject: { id: teacher.id }, id }), provider)
}

/** A credential the teacher issued about herself, without a proof. */
function selfIssued(extra: Record<string, unknown> = {}, id = 'urn:uuid:self'): Record<string, unknown> {
  return { ...credential({ issuer: teacher, subject: { id: teacher.id }, id }), ...extra }
}

/** The teacher's presentation, with a proof that only has to be there (the holder check, not these tests, verifies it). */
function withProof(credentials: unknown[]): Record<string, unknown> {
  return { ...presentation({ holder: teacher, credentials }), proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' } }
}

function parseOf(r: VerificationReport): CheckResult {
  return r.checks[0] as CheckResult
}

describe('the credentials of a presentation', () => {
  it('reports each credential under its own label; one that cannot be read fails parse with its reason, the rest of its checks skipped', async () => {
    const nested = { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], verifiableCredential: [] }
    const report = await verify({ input: withProof(['not.a.jwt', await awarded(), 5, nested]), now: NOW, label: 'vp.json' })
    expect(report.credentials?.map((r) => [r.input, r.kind, r.format, r.verified])).toEqual([
      ['vp.json [credential 1]', 'credential', 'jwt', false],
      ['vp.json [credential 2]', 'credential', 'ldp', true],
      ['vp.json [credential 3]', 'credential', 'ldp', false],
      ['vp.json [credential 4]', 'credential', 'ldp', false],
    ])
    const [jwt, , number, inner] = report.credentials as VerificationReport[]
    expect(parseOf(jwt as VerificationReport)).toEqual({ id: 'parse', status: 'failed', code: 'ERR_OB3_JWT_MALFORMED', message: 'the JWT header is not base64url-encoded JSON' })
    expect(parseOf(number as VerificationReport)).toEqual({ id: 'parse', status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL', message: 'verifiableCredential must hold credential objects or VC-JWT strings' })
    expect(parseOf(inner as VerificationReport)).toEqual({ id: 'parse', status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL', message: 'a presentation inside a presentation is not accepted' })
    for (const r of [jwt, number, inner] as VerificationReport[]) {
      expect(r.checks.slice(1)).toEqual(r.checks.slice(1).map((c) => ({ id: c.id, status: 'skipped', message: NOT_READ })))
      expect('credential' in r).toBe(false)
    }
    // The presentation's parse check names each credential that could not be read, with the first one's code.
    expect(parseOf(report)).toEqual({
      id: 'parse',
      status: 'failed',
      code: 'ERR_OB3_JWT_MALFORMED',
      message: 'credential 1 could not be read: the JWT header is not base64url-encoded JSON; credential 3 could not be read: verifiableCredential must hold credential objects or VC-JWT strings; credential 4 could not be read: a presentation inside a presentation is not accepted',
    })
    // The summary is the first credential that could be read; no endorsements or files, so no lists of them.
    expect(report.credential).toEqual(report.credentials?.[1]?.credential)
    expect(report.credential?.id).toBe('urn:uuid:a1')
    expect(report.holder).toBe(teacher.id)
    expect(['endorsements', 'artifacts'].filter((k) => k in report)).toEqual([])
    expect(report.verified).toBe(false)
  })

  it('combines each credential check across the credentials: the worst status, every credential named with its own message', async () => {
    const report = await verify({ input: withProof([await awarded(), selfIssued(), 'not.a.jwt']), now: NOW })
    expect(checkOf(report, 'proof')).toStrictEqual({
      id: 'proof',
      status: 'passed',
      message: `credential 1 (Idea Generating): eddsa-rdfc-2022 signature is valid, made with ${PROVIDER_KEY}; credential 2 (Idea Generating): ${SELF_ASSERTED}; credential 3: ${NOT_READ}`,
    })
    expect(checkOf(report, 'validity')).toStrictEqual({
      id: 'validity',
      status: 'passed',
      message: `credential 1 (Idea Generating): valid since 2026-01-01T00:00:00Z, with no end date; credential 2 (Idea Generating): valid since 2026-01-01T00:00:00Z, with no end date; credential 3: ${NOT_READ}`,
    })
    expect(checkOf(report, 'trust')).toStrictEqual({
      id: 'trust',
      status: 'skipped',
      message: `credential 1 (Idea Generating): no trust registry was given; credential 2 (Idea Generating): no trust registry was given; credential 3: ${NOT_READ}`,
    })
  })

  it('keeps the code of the first credential that fails a check; a failure outranks a warning, a warning a pass', async () => {
    const tampered = { ...(await awarded('urn:uuid:a2')), name: 'Changed after signing' }
    const unsigned = { ...credential({ issuer: stranger, subject: { id: teacher.id }, id: 'urn:uuid:u1' }) }
    const report = await verify({ input: withProof([tampered, unsigned]), now: NOW })
    const [first, second] = (report.credentials as VerificationReport[]).map((r) => checkOf(r, 'proof'))
    expect([first?.code, second?.code]).toEqual(['ERR_OB3_PROOF_SIGNATURE_INVALID', 'ERR_OB3_PROOF_MISSING'])
    expect(checkOf(report, 'proof')).toStrictEqual({
      id: 'proof',
      status: 'failed',
      code: 'ERR_OB3_PROOF_SIGNATURE_INVALID',
      message: `credential 1 (Changed after signing): ${first?.message}; credential 2 (Idea Generating): ${second?.message}`,
    })
    const reversed = await verify({ input: withProof([unsigned, tampered]), now: NOW })
    expect(checkOf(reversed, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MISSING' })
    // A schema of an unknown type is a warning; it outranks a pass, and a failure outranks it.
    const unknownSchema = { ...unsigned, id: 'urn:uuid:u2', credentialSchema: [{ id: 'https://schemas.example/badge.shacl', type: 'ShaclValidator2017' }] }
    const { achievement: _a, ...noAchievementSubject } = unsigned.credentialSubject as Record<string, unknown>
    const invalid = { ...unsigned, id: 'urn:uuid:u3', credentialSubject: noAchievementSubject }
    const warned = await verify({ input: withProof([unsigned, unknownSchema]), now: NOW })
    expect(checkOf(warned, 'schema')).toMatchObject({ status: 'warning', code: 'ERR_OB3_SCHEMA_UNCHECKED' })
    const failed = await verify({ input: withProof([unknownSchema, invalid, unknownSchema]), now: NOW })
    expect(checkOf(failed, 'schema')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID' })
  })

  it('gives a presentation of one credential that credential\'s checks as they are', async () => {
    const report = await verify({ input: withProof([await awarded()]), now: NOW })
    const own = report.credentials?.[0] as VerificationReport
    for (const id of ['context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'trust', 'recipient'] as const) {
      expect(checkOf(report, id), id).toStrictEqual(checkOf(own, id))
    }
    expect(parseOf(report)).toStrictEqual({ id: 'parse', status: 'passed', message: 'a JSON presentation (VC 2.0) of 1 credential (credential 1 (Idea Generating): a JSON credential (VC 2.0))' })
  })

  it('labels a credential without a name by its number only', async () => {
    const { name: _name, ...nameless } = credential({ issuer: provider, subject: { id: teacher.id }, id: 'urn:uuid:n1', achievement: { id: 'urn:uuid:ach', type: ['Achievement'] } })
    const report = await verify({ input: withProof([nameless, await awarded()]), now: NOW })
    expect(report.credentials?.[0]?.credential?.name).toBeNull()
    expect(parseOf(report)).toEqual({ id: 'parse', status: 'passed', message: 'a JSON presentation (VC 2.0) of 2 credentials (credential 1: a JSON credential (VC 2.0); credential 2 (Idea Generating): a JSON credential (VC 2.0))' })
    expect(checkOf(report, 'proof').message).toMatch(/^credential 1: the credential carries no proof/)
  })

  it('checks shared files against the credentials that could be read, passing over one that could not', async () => {
    const bytes = new TextEncoder().encode('lesson plan v3')
    const digestMultibase = await computeDigestMultibase(bytes)
    const withEvidence = await sign(credential({ issuer: provider, subject: { id: teacher.id }, id: 'urn:uuid:a5', extra: { evidence: [{ type: ['Evidence'], name: 'Lesson plan', digestMultibase }] } }), provider)
    const report = await verify({ input: withProof(['not.a.jwt', withEvidence]), now: NOW, artifacts: [{ name: 'plan.md', bytes }] })
    expect(checkOf(report, 'artifacts')).toEqual({ id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Lesson plan"' })
    expect(report.artifacts).toEqual([{ evidence: 'Lesson plan', digestMultibase, shared: true, matches: true, file: 'plan.md', credential: 'urn:uuid:a5' }])
  })

  it('lists the endorsements handed in once for each credential they endorse', async () => {
    const endorsement = await sign({
      '@context': [CREDENTIALS_V2_URL, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:e1',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Approved',
      issuer: { id: stranger.id, type: ['Profile'], name: 'Lakeland Department of Education' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'urn:uuid:a1', type: ['EndorsementSubject'], endorsementComment: 'Counts.' },
    }, stranger)
    const report = await verify({ input: withProof([await awarded('urn:uuid:a1'), await awarded('urn:uuid:a9')]), now: NOW, endorsements: [endorsement] })
    expect(report.endorsements?.map((e) => [e.id, e.endorses, e.verified])).toEqual([['urn:uuid:e1', 'urn:uuid:a1', true]])
    expect(report.credentials?.map((r) => r.endorsements?.length)).toEqual([1, undefined])
  })
})

describe('EnvelopedVerifiableCredential', () => {
  async function jwtOf(id: string): Promise<string> {
    return signVcJwt({ credential: credential({ issuer: provider, subject: { id: teacher.id }, id }), signer: provider.signer })
  }

  it('reads the VC-JWT of each media type, percent-encoded or not', async () => {
    const envelopes = await Promise.all([
      ['vc+jwt', 'urn:uuid:j1', false],
      ['vc+ld+json+jwt', 'urn:uuid:j2', true],
      ['vc-ld+jwt', 'urn:uuid:j3', false],
    ].map(async ([media, id, encode]) => {
      const jwt = await jwtOf(id as string)
      return { '@context': [CREDENTIALS_V2_URL], type: ['EnvelopedVerifiableCredential'], id: `data:application/${media as string},${encode === true ? jwt.replaceAll('.', '%2E') : jwt}` }
    }))
    const report = await verify({ input: withProof(envelopes), now: NOW })
    expect(report.credentials?.map((r) => [r.format, r.verified, r.credential?.id])).toEqual([
      ['jwt', true, 'urn:uuid:j1'],
      ['jwt', true, 'urn:uuid:j2'],
      ['jwt', true, 'urn:uuid:j3'],
    ])
  })

  it('calls an envelope that cannot be read a VC-JWT', async () => {
    const report = await verify({ input: withProof([{ type: ['EnvelopedVerifiableCredential'], id: 'data:application/vc+jwt,garbage' }]), now: NOW })
    expect(report.credentials?.[0]?.format).toBe('jwt')
    expect(parseOf(report.credentials?.[0] as VerificationReport)).toMatchObject({ status: 'failed', code: 'ERR_OB3_FORMAT_UNKNOWN' })
  })

  // Regression: a malformed percent-encoding made verify throw a URIError instead of reporting.
  it('fails parse for an envelope whose data: URL is not valid percent-encoding (ERR_OB3_NOT_A_CREDENTIAL)', async () => {
    const report = await verify({ input: withProof([{ type: ['EnvelopedVerifiableCredential'], id: 'data:application/vc+jwt,%E0%A4%A' }]), now: NOW })
    expect(report.credentials?.[0]?.format).toBe('jwt')
    expect(parseOf(report)).toEqual({ id: 'parse', status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL', message: 'credential 1 could not be read: an EnvelopedVerifiableCredential\'s data: URL is not valid percent-encoding' })
  })

  it('takes an envelope without a data: URL, and a credential that is no envelope, as the objects they are', async () => {
    const jwt = await jwtOf('urn:uuid:j4')
    const notData = { '@context': [CREDENTIALS_V2_URL], type: ['EnvelopedVerifiableCredential'], id: 'urn:uuid:envelope' }
    const noEnvelope = { ...credential({ issuer: provider, subject: { id: teacher.id } }), id: `data:application/vc+jwt,${jwt}` }
    const noId = { '@context': [CREDENTIALS_V2_URL], type: ['EnvelopedVerifiableCredential'] }
    const report = await verify({ input: withProof([notData, noEnvelope, noId]), now: NOW })
    expect(report.credentials?.map((r) => [r.format, parseOf(r).status, checkOf(r, 'type').status, r.credential?.id])).toEqual([
      ['ldp', 'passed', 'failed', 'urn:uuid:envelope'],
      ['ldp', 'passed', 'passed', `data:application/vc+jwt,${jwt}`],
      ['ldp', 'passed', 'failed', null],
    ])
    expect(checkOf(report.credentials?.[1] as VerificationReport, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MISSING' })
  })
})

describe('a credential its holder issued without a proof', () => {
  it('passes its proof check when the presentation is signed (proof or VP-JWT), and the credential verifies', async () => {
    const report = await verify({ input: withProof([selfIssued()]), now: NOW })
    const own = report.credentials?.[0] as VerificationReport
    expect(checkOf(own, 'proof')).toStrictEqual({ id: 'proof', status: 'passed', message: SELF_ASSERTED })
    expect(own.verified).toBe(true)
    const jwt = await presentationJwt(teacher.signer, { ...presentation({ holder: teacher, credentials: [selfIssued()] }), iss: teacher.id })
    const fromJwt = await verify({ input: jwt, now: NOW })
    expect(checkOf(fromJwt.credentials?.[0] as VerificationReport, 'proof')).toStrictEqual({ id: 'proof', status: 'passed', message: SELF_ASSERTED })
    expect(fromJwt.verified).toBe(true)
  })

  it('leaves the credential unverified when another check of its own failed', async () => {
    const report = await verify({ input: withProof([selfIssued({ validUntil: '2026-02-01T00:00:00Z' })]), now: NOW })
    const own = report.credentials?.[0] as VerificationReport
    expect(checkOf(own, 'proof').status).toBe('passed')
    expect(checkOf(own, 'validity').status).toBe('failed')
    expect(own.verified).toBe(false)
  })

  it('fails it as any credential without proof when the presentation is not signed, names no holder, or another issued it', async () => {
    const missing = { id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_MISSING', message: 'the credential carries no proof, so nothing shows who issued it or that it is unchanged' }
    const unsigned = await verify({ input: presentation({ holder: teacher, credentials: [selfIssued()] }), now: NOW })
    expect(checkOf(unsigned.credentials?.[0] as VerificationReport, 'proof')).toEqual(missing)
    const { holder: _h, ...holderless } = withProof([selfIssued()])
    expect(checkOf((await verify({ input: holderless, now: NOW })).credentials?.[0] as VerificationReport, 'proof')).toEqual(missing)
    const others = await verify({ input: withProof([selfIssued({ issuer: { id: stranger.id, type: ['Profile'], name: 'Someone' } }), selfIssued({ proof: [] }, 'urn:uuid:self2')]), now: NOW })
    expect(others.credentials?.map((r) => checkOf(r, 'proof'))).toEqual([missing, missing])
    expect(others.credentials?.map((r) => r.verified)).toEqual([false, false])
  })
})

describe(`at most ${MAX_PRESENTED_CREDENTIALS} credentials`, () => {
  const minimal = (i: number) => ({ '@context': [CREDENTIALS_V2_URL], id: `urn:uuid:m${i}`, type: ['VerifiableCredential'] })

  it(`verifies ${MAX_PRESENTED_CREDENTIALS}`, async () => {
    expect(MAX_PRESENTED_CREDENTIALS).toBe(64)
    const report = await verify({ input: presentation({ holder: teacher, credentials: Array.from({ length: 64 }, (_, i) => minimal(i)) }), now: NOW })
    expect(report.credentials).toHaveLength(64)
    expect(parseOf(report)).toMatchObject({ status: 'passed', message: expect.stringMatching(/^a JSON presentation \(VC 2\.0\) of 64 credentials \(credential 1: a JSON credential \(VC 2\.0\); /) })
  })

  it('fails parse for more, verifying the first 64 only', async () => {
    const report = await verify({ input: presentation({ holder: teacher, credentials: Array.from({ length: 65 }, (_, i) => minimal(i)) }), now: NOW })
    expect(report.credentials).toHaveLength(64)
    expect(report.credentials?.at(-1)?.input).toBe('- [credential 64]')
    expect(parseOf(report)).toEqual({ id: 'parse', status: 'failed', code: 'ERR_OB3_INPUT_TOO_LARGE', message: 'the presentation carries 65 credentials; at most 64 are verified' })
  })

  it('fails parse for none, and skips every credential check', async () => {
    const report = await verify({ input: withProof([]), now: NOW })
    expect(report.checks.slice(0, 10)).toStrictEqual([
      { id: 'parse', status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL', message: 'the presentation carries no credential (verifiableCredential is empty or missing)' },
      ...['context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'trust', 'recipient'].map((id) => ({ id, status: 'skipped', message: 'the presentation carries no credential' })),
    ])
    expect(report.credentials).toEqual([])
    expect('credential' in report).toBe(false)
  })
})
