/**
 * The `recipient` check (OB 3.0 verification step 5, FACTS §1.7: a known id, or an identifier
 * matched against an IdentityObject, hashed or not) and the `artifacts` check (each shared file
 * hashes to a digest of the credential's evidence; an artifact not shared is no failure).
 */
import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, computeDigestSri, hashIdentity } from '@ob3/core'
import { verify, type ArtifactResult } from '../src/index.js'
import { NOW, RECIPIENT_ID, checkOf, credential, parties, sign } from './fixtures.js'

const { provider } = await parties()
const EMAIL = 'ana.rivera@lakeside-schools.example'
const SALT = 'c0ffee-riverbend-2026'

describe('recipient', () => {
  const byId = async () => sign(credential({ issuer: provider }), provider)
  const byEmail = async (identity?: Record<string, unknown>) => sign(credential({
    issuer: provider,
    subject: { identifier: [identity ?? { type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: await hashIdentity({ identifier: EMAIL, salt: SALT }), salt: SALT }] },
  }), provider)

  it('is skipped when no recipient is expected', async () => {
    expect(checkOf(await verify({ input: await byId(), now: NOW }), 'recipient')).toEqual({ id: 'recipient', status: 'skipped', message: 'no expected recipient was given' })
  })

  it('passes when the subject id is the expected id, and fails (ERR_OB3_RECIPIENT_MISMATCH) otherwise', async () => {
    const input = await byId()
    expect(checkOf(await verify({ input, now: NOW, recipient: { id: RECIPIENT_ID } }), 'recipient')).toEqual({ id: 'recipient', status: 'passed', message: `the credential was issued to ${RECIPIENT_ID}` })
    const other = await verify({ input, now: NOW, recipient: { id: 'did:example:someone-else' } })
    expect(checkOf(other, 'recipient')).toEqual({
      id: 'recipient',
      status: 'failed',
      code: 'ERR_OB3_RECIPIENT_MISMATCH',
      message: `the credential was not issued to did:example:someone-else: it names ${RECIPIENT_ID}`,
    })
    expect(other.verified).toBe(false)
  })

  it('passes for the email address behind a salted hash (also typed in another case), and fails for another address', async () => {
    const input = await byEmail()
    for (const value of [EMAIL, 'Ana.Rivera@Lakeside-Schools.example']) {
      const report = await verify({ input, now: NOW, recipient: { identityType: 'emailAddress', value } })
      expect(checkOf(report, 'recipient'), value).toEqual({ id: 'recipient', status: 'passed', message: `the credential was issued to ${value}: it matches the credential's salted hash of its recipient's emailAddress` })
      expect(report.verified).toBe(true)
    }
    const other = await verify({ input, now: NOW, recipient: { identityType: 'emailAddress', value: 'b.okafor@school.example' } })
    expect(checkOf(other, 'recipient')).toEqual({
      id: 'recipient',
      status: 'failed',
      code: 'ERR_OB3_RECIPIENT_MISMATCH',
      message: 'the credential was not issued to b.okafor@school.example: its recipient\'s emailAddress is another one',
    })
  })

  it('compares an unhashed identifier as it is', async () => {
    const input = await byEmail({ type: 'IdentityObject', identityType: 'sisSourcedId', hashed: false, identityHash: 'SIS-4471' })
    expect(checkOf(await verify({ input, now: NOW, recipient: { identityType: 'sisSourcedId', value: 'SIS-4471' } }), 'recipient').status).toBe('passed')
    expect(checkOf(await verify({ input, now: NOW, recipient: { identityType: 'sisSourcedId', value: 'SIS-4472' } }), 'recipient')).toMatchObject({ status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH' })
  })

  it('fails when the credential names no recipient of that kind: an email against a DID, a DID against a hashed email', async () => {
    expect(checkOf(await verify({ input: await byId(), now: NOW, recipient: { identityType: 'emailAddress', value: EMAIL } }), 'recipient')).toEqual({
      id: 'recipient',
      status: 'failed',
      code: 'ERR_OB3_RECIPIENT_MISMATCH',
      message: `the credential names no emailAddress for its recipient (it names ${RECIPIENT_ID}), so it cannot be shown to be issued to ${EMAIL}`,
    })
    expect(checkOf(await verify({ input: await byEmail(), now: NOW, recipient: { id: RECIPIENT_ID } }), 'recipient')).toEqual({
      id: 'recipient',
      status: 'failed',
      code: 'ERR_OB3_RECIPIENT_MISMATCH',
      message: `the credential was not issued to ${RECIPIENT_ID}: it names emailAddress (hashed)`,
    })
  })

  it('refuses a malformed recipient option with a TypeError', async () => {
    const input = await byId()
    for (const recipient of [{ identityType: 'emailAddress' }, { identityType: '', value: 'x' }, { id: 42 }, 'did:example:x']) {
      await expect(verify({ input, recipient: recipient as never }), JSON.stringify(recipient)).rejects.toThrow(TypeError)
    }
  })
})

describe('artifacts', () => {
  const te = new TextEncoder()
  const lessonPlan = te.encode('# Brainstorm protocol\n\n1. Silent writing, 3 minutes.\n2. Round robin.\n')
  const samples = te.encode('Student A: 14 ideas before choosing one. Student B: 9 ideas.')
  const reflection = te.encode('The quiet students wrote the most ideas.')

  async function withEvidence() {
    const evidence = [
      { type: ['Evidence'], name: 'Lesson plan', mediaType: 'text/markdown', digestMultibase: await computeDigestMultibase(lessonPlan), digestSRI: await computeDigestSri(lessonPlan) },
      { type: ['Evidence'], name: 'Student samples', mediaType: 'text/plain', digestMultibase: await computeDigestMultibase(samples) },
      { type: ['Evidence'], name: 'Observation notes', narrative: 'Observed by the coach on 2025-11-03.' },
    ]
    const relatedResource = [
      { id: 'urn:ob3:artifact:lesson-plan', digestMultibase: await computeDigestMultibase(lessonPlan) },
      { id: 'urn:ob3:artifact:reflection', digestSRI: await computeDigestSri(reflection, 'sha256') },
    ]
    return sign(credential({ issuer: provider, extra: { evidence, relatedResource } }), provider)
  }

  it('is skipped, with no artifacts list, when no file is shared', async () => {
    const report = await verify({ input: await withEvidence(), now: NOW })
    expect(checkOf(report, 'artifacts')).toEqual({ id: 'artifacts', status: 'skipped', message: 'no artifacts were shared with the credential' })
    expect('artifacts' in report).toBe(false)
    expect(checkOf(await verify({ input: await withEvidence(), now: NOW, artifacts: [] }), 'artifacts').status).toBe('skipped')
  })

  it('passes when every shared file is an artifact of the evidence, and lists the ones not shared as not shared', async () => {
    const input = await withEvidence()
    const report = await verify({ input, now: NOW, artifacts: [{ name: 'lesson-plan.md', bytes: lessonPlan }] })
    expect(checkOf(report, 'artifacts')).toEqual({
      id: 'artifacts',
      status: 'passed',
      message: '"lesson-plan.md" is the evidence "Lesson plan"; "Student samples" was not shared; "urn:ob3:artifact:reflection" was not shared',
    })
    expect(report.verified).toBe(true)
    expect(report.artifacts).toEqual([
      { evidence: 'Lesson plan', digestMultibase: await computeDigestMultibase(lessonPlan), digestSRI: await computeDigestSri(lessonPlan), shared: true, matches: true, file: 'lesson-plan.md' },
      { evidence: 'Student samples', digestMultibase: await computeDigestMultibase(samples), shared: false },
      { evidence: 'urn:ob3:artifact:reflection', digestMultibase: null, digestSRI: await computeDigestSri(reflection, 'sha256'), shared: false },
    ] satisfies ArtifactResult[])
  })

  it('matches a related resource by its digestSRI, and a file without a name', async () => {
    const report = await verify({ input: await withEvidence(), now: NOW, artifacts: [{ bytes: reflection }, { name: 'samples.txt', bytes: samples }] })
    expect(checkOf(report, 'artifacts')).toMatchObject({ status: 'passed' })
    expect(checkOf(report, 'artifacts').message).toBe('"Lesson plan" was not shared; "samples.txt" is the evidence "Student samples"; "shared file 1" is the evidence "urn:ob3:artifact:reflection"')
  })

  it('fails (ERR_OB3_ARTIFACT_MISMATCH) for a shared file that matches no evidence digest', async () => {
    const report = await verify({ input: await withEvidence(), now: NOW, artifacts: [{ name: 'lesson-plan.md', bytes: lessonPlan }, { name: 'photo.jpg', bytes: te.encode('not assessed') }] })
    expect(checkOf(report, 'artifacts')).toEqual({
      id: 'artifacts',
      status: 'failed',
      code: 'ERR_OB3_ARTIFACT_MISMATCH',
      message: '"lesson-plan.md" is the evidence "Lesson plan"; "Student samples" was not shared; "urn:ob3:artifact:reflection" was not shared; "photo.jpg" matches no evidence of the credential: it is not a file the issuer assessed',
    })
    expect(report.verified).toBe(false)
    expect(report.artifacts?.at(-1)).toEqual({ evidence: null, digestMultibase: await computeDigestMultibase(te.encode('not assessed')), shared: true, matches: false, file: 'photo.jpg' })
  })

  it('fails for a changed file shared under the evidence\'s own name, and says it is not the one assessed', async () => {
    const changed = te.encode('Student A: 40 ideas before choosing one. Student B: 9 ideas.')
    const report = await verify({ input: await withEvidence(), now: NOW, artifacts: [{ name: 'Student samples', bytes: changed }] })
    expect(checkOf(report, 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH' })
    expect(checkOf(report, 'artifacts').message).toContain('"Student samples" is named like the evidence "Student samples" but is not the file the issuer assessed')
    expect(report.artifacts?.find((a) => a.evidence === 'Student samples')).toMatchObject({ shared: true, matches: false, file: 'Student samples' })
  })

  it('fails for any shared file when the credential references no artifact by digest', async () => {
    const input = await sign(credential({ issuer: provider }), provider)
    const report = await verify({ input, now: NOW, artifacts: [{ name: 'a.txt', bytes: samples }] })
    expect(checkOf(report, 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH', message: '"a.txt" matches no evidence of the credential: it is not a file the issuer assessed' })
  })

  it('refuses a malformed artifacts option with a TypeError', async () => {
    const input = await withEvidence()
    for (const artifacts of [{}, [{ name: 'x' }], [{ bytes: 'text' }], [{ name: 3, bytes: samples }]]) {
      await expect(verify({ input, artifacts: artifacts as never }), JSON.stringify(artifacts)).rejects.toThrow(TypeError)
    }
  })
})
