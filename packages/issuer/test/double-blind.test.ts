import { readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, PDFName } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, createEd25519Signer, ed25519KeyFromSeed, isOb3Error, parsePngChunks, type Ob3Error } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { Assessments, Issuer, findMicroCredential, loadCatalogue, memoryArtifactStore, type AssessmentCaller } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { MARIA, MARIA_SECRETS, identityEvidence, secretsIn } from './fixtures/identity-evidence.js'

const catalogue = loadCatalogue(readFileSync(new URL('../../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
const MC = 'https://academy.northwind.example/micro-credentials/idea-generating'
const PASS = { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' }
const staff: AssessmentCaller = { role: 'issuer', id: 'staff-2' }
const maria: AssessmentCaller = { role: 'educator', id: MARIA.id }
const a17: AssessmentCaller = { role: 'assessor', id: 'assessor-17' }
const a04: AssessmentCaller = { role: 'assessor', id: 'assessor-04' }

async function setup() {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Northwind Educator Academy' }, signer: await createEd25519Signer(key) })
  const flow = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore() })
  return { store, issuer, flow }
}

/** Record what a caller obtains: return values as JSON, file bytes as Latin-1 text, refusals with their message and details. */
function recorder() {
  const seen: string[] = []
  const keep = async <T>(call: Promise<T>): Promise<T> => {
    try {
      const value = await call
      seen.push(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : v)))
      return value
    } catch (err) {
      seen.push(JSON.stringify({ code: (err as Ob3Error).code, message: (err as Error).message, details: (err as Ob3Error).details }))
      throw err
    }
  }
  return { seen, keep }
}

describe('double-blind assessment through the SDK', () => {
  it('tells an assessor nothing about the educator, and the educator nothing about her assessors', async () => {
    const { flow, store } = await setup()
    const evidence = await identityEvidence()
    // The fixtures do carry her identity, in every place the test then looks.
    for (const a of evidence.artifacts) expect(secretsIn(new TextDecoder('latin1').decode(a.bytes), MARIA_SECRETS).length).toBeGreaterThan(0)

    const educator = recorder()
    const assessor = recorder()
    const submitted = await educator.keep(flow.submit(maria, { achievementId: MC, educator: MARIA, evidence }))
    const paths = submitted.warnings.map((w) => `${w.path} ${w.kind}`)
    expect(paths).toEqual(expect.arrayContaining([
      '/answers/0/question name', '/answers/0/text email', '/answers/0/text did', '/answers/0/text school', '/answers/0/text name',
      '/answers/1/text name', '/reflections/0/text name', '/reflections/1/text school', '/reflections/2/text name',
      '/artifacts/0/name name', '/artifacts/0/bytes metadata', '/artifacts/1/bytes metadata', '/artifacts/2/bytes metadata',
    ]))
    expect(submitted.warnings.find((w) => w.path === '/artifacts/0/bytes')?.message).toMatch(/PDF document information \(.*Author.*\).*XMP metadata/)

    await flow.assign(staff, submitted.submissionId, 'assessor-17')
    const queue = await assessor.keep(flow.assessorQueue(a17))
    expect(queue).toHaveLength(1)
    const first = queue[0]!
    expect(first.pseudonym).toMatch(/^Candidate [0-9A-F]{8}$/)
    expect(first.review).toMatch(/^rv-[0-9a-f]{32}$/)
    expect(first.artifacts.map((a) => [a.name, a.metadata])).toEqual([['artifact-1.pdf', 'removed'], ['artifact-2.png', 'removed'], ['artifact-3.jpg', 'removed']])
    expect(first.answers[0]?.text).toContain('I am [name], grade 4 at [school].')
    const view = await assessor.keep(flow.assessorView(a17, first.review))
    expect(view).toEqual(first)
    const opened = []
    for (const a of view.artifacts) opened.push(await assessor.keep(flow.openArtifact(a17, view.review, a.handle)))

    // The files: metadata gone, still readable, and never hashing to the credential's digests.
    const pdf = await PDFDocument.load(opened[0]!.bytes, { updateMetadata: false })
    expect([pdf.getAuthor(), pdf.getTitle(), pdf.getCreator(), pdf.getSubject(), pdf.getKeywords()]).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect(pdf.catalog.get(PDFName.of('Metadata'))).toBeUndefined()
    expect(pdf.getPageCount()).toBe(1)
    const png = parsePngChunks(opened[1]!.bytes).map((c) => c.type)
    expect(png.filter((t) => ['tEXt', 'iTXt', 'zTXt', 'eXIf'].includes(t))).toEqual([])
    expect(png).toEqual(['IHDR', 'IDAT', 'obRn', 'IEND'])
    expect(opened[2]!.bytes.slice(0, 4)).toEqual(Uint8Array.of(0xff, 0xd8, 0xff, 0xfe))
    expect([...opened[2]!.bytes.slice(-5)]).toEqual([0x12, 0x34, 0x56, 0xff, 0xd9])

    // Wrong roles and strangers are refused, and their refusals name no one either.
    const other: AssessmentCaller = { role: 'educator', id: 'did:example:someone-else' }
    const refusals: [Promise<unknown>, string][] = [
      [flow.approve(a17 as AssessmentCaller, submitted.submissionId), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.educatorView(a17, submitted.submissionId), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.audit(a17, submitted.submissionId), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.getSubmission(a17, submitted.submissionId), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.listSubmissions(a17), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.assign(a17, submitted.submissionId, 'assessor-17'), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.returnForRevision(a17, submitted.submissionId), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.educatorSubmissions(a17), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
      [flow.assessorView(a04, view.review), 'ERR_OB3_NOT_ASSIGNED'],
      [flow.openArtifact(a17, view.review, 'af-guess'), 'ERR_OB3_NOT_ASSIGNED'],
      [flow.submit(a17, { achievementId: MC, evidence }), 'ERR_OB3_ASSESSMENT_FORBIDDEN'],
    ]
    for (const [call, code] of refusals) await expect(assessor.keep(call)).rejects.toMatchObject({ code })
    await expect(flow.educatorView(other, submitted.submissionId)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.audit(other, submitted.submissionId)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.resubmit(other, submitted.submissionId, evidence)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.submit(other, { achievementId: MC, educator: MARIA, evidence })).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.score(maria, view.review, { levels: PASS })).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.assessorQueue(maria)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.approve(maria, submitted.submissionId)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.score(staff, view.review, { levels: PASS })).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })
    await expect(flow.assessorQueue({ role: 'admin', id: 'x' } as unknown as AssessmentCaller)).rejects.toMatchObject({ code: 'ERR_OB3_ASSESSMENT_FORBIDDEN' })

    await assessor.keep(flow.score(a17, view.review, { levels: { ...PASS, overview: 'Not yet' }, feedback: { parts: { overview: 'Name each step. (assessor-17, a.k.a. assessor17@review.example)' } } }))
    await expect(assessor.keep(flow.score(a17, view.review, { levels: PASS }))).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_STATE' })
    await flow.returnForRevision(staff, submitted.submissionId)
    await expect(assessor.keep(flow.assessorView(a17, view.review))).rejects.toMatchObject({ code: 'ERR_OB3_NOT_ASSIGNED' })
    expect(await assessor.keep(flow.assessorQueue(a17))).toEqual([])

    const returned = await educator.keep(flow.educatorView(maria, submitted.submissionId))
    expect(returned.feedback?.parts?.overview).toBe('Name each step. ([name], a.k.a. [e-mail])')
    const resubmitted = await educator.keep(flow.resubmit(maria, submitted.submissionId, evidence))
    expect(resubmitted.attempt).toBe(2)

    // The next assignment: new handles, a new pseudonym — nothing carried over from attempt 1.
    await flow.assign(staff, submitted.submissionId, 'assessor-04')
    const [second] = await assessor.keep(flow.assessorQueue(a04))
    expect(second).toBeDefined()
    expect(second!.pseudonym).not.toBe(first.pseudonym)
    expect(second!.review).not.toBe(first.review)
    expect(second!.artifacts.map((a) => a.handle).filter((h) => first.artifacts.some((b) => b.handle === h))).toEqual([])
    for (const a of second!.artifacts) await assessor.keep(flow.openArtifact(a04, second!.review, a.handle))
    await assessor.keep(flow.score(a04, second!.review, { levels: PASS }))
    const awarded = await flow.approve(staff, submitted.submissionId)
    expect((await verify({ input: awarded.credential })).verified).toBe(true)

    const educatorAudit = await educator.keep(flow.audit(maria, submitted.submissionId))
    expect(educatorAudit.map((e) => `${e.action} by ${e.actor}`)).toEqual([
      'submitted by the educator', 'assigned by the issuer', 'scored by an assessor', 'returned by the issuer',
      'resubmitted by the educator', 'assigned by the issuer', 'scored by an assessor', 'awarded by the issuer',
    ])
    await educator.keep(flow.educatorView(maria, submitted.submissionId))
    await educator.keep(flow.educatorSubmissions(maria))

    // The issuer sees everything: the whole audit names the assessors.
    const full = await flow.audit(staff, submitted.submissionId)
    expect(full.map((e) => e.actor)).toContain('assessor:assessor-17')
    const record = await flow.getSubmission(staff, submitted.submissionId)
    expect(record.educator).toEqual(MARIA)

    // Nothing the assessors obtained names her, her school or her files, or leads to her credential.
    const evidenceDigests = (awarded.credential.evidence as { digestMultibase: string }[]).map((e) => e.digestMultibase)
    expect(evidenceDigests).toEqual(await Promise.all(evidence.artifacts.map((a) => computeDigestMultibase(a.bytes))))
    const credentialRecord = await store.getCredential(awarded.record.issuerId, awarded.record.id)
    const linkable = [submitted.submissionId, credentialRecord!.idempotencyKey, awarded.record.id, ...evidenceDigests]
    const seenByAssessors = assessor.seen.join('\n')
    expect(assessor.seen.length).toBeGreaterThan(20)
    expect(secretsIn(seenByAssessors, MARIA_SECRETS)).toEqual([])
    expect(linkable.filter((l) => seenByAssessors.includes(l))).toEqual([])
    for (const o of opened) expect(evidenceDigests).not.toContain(await computeDigestMultibase(o.bytes))

    // Nothing the educator obtained names an assessor.
    const seenByEducator = educator.seen.join('\n')
    expect(seenByEducator).toContain(submitted.submissionId)
    for (const secret of ['assessor-17', 'assessor-04', 'assessor17', 'assessor:']) expect(seenByEducator).not.toContain(secret)
  })

  it('redacts an educator known by e-mail only, and warns about a file type it cannot clean', async () => {
    const { flow } = await setup()
    const byEmail: AssessmentCaller = { role: 'educator', id: 'J.Rivera@School.example' }
    const evidence = await identityEvidence()
    const s = await flow.submit(byEmail, {
      achievementId: MC,
      evidence: { ...evidence, artifacts: [...evidence.artifacts.slice(0, 2), { part: 'student-work', name: 'clip.mp4', mediaType: 'video/mp4', bytes: new TextEncoder().encode('video by j.rivera@school.example') }] },
    })
    expect(s.warnings).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: '/artifacts/2/bytes', kind: 'not-cleaned' }),
      expect.objectContaining({ path: '/artifacts/2/bytes', kind: 'file-content' }),
    ]))
    expect((await flow.educatorView({ role: 'educator', id: 'j.rivera@school.example' }, s.submissionId)).state).toBe('submitted')
    await flow.assign(staff, s.submissionId, 'a-1')
    const [view] = await flow.assessorQueue({ role: 'assessor', id: 'a-1' })
    expect(view?.artifacts[2]).toMatchObject({ name: 'artifact-3.mp4', metadata: 'not-cleaned' })
    expect(view?.notice).toContain('Not cleaned (shown as sent): artifact-3.mp4 (video/mp4)')
  })

  it('refuses a file that is not what its media type says', async () => {
    const { flow } = await setup()
    const evidence = await identityEvidence()
    const notPdf = { ...evidence, artifacts: [{ ...evidence.artifacts[0]!, bytes: new TextEncoder().encode('not a pdf at all') }, evidence.artifacts[1]!] }
    const err = await flow.submit(maria, { achievementId: MC, educator: MARIA, evidence: notPdf }).catch((e: unknown) => e)
    expect(isOb3Error(err, 'ERR_OB3_SUBMISSION_INVALID')).toBe(true)
    expect((err as Ob3Error).details).toMatchObject({ problems: [{ path: '/artifacts/0/bytes' }] })
  })

  it('creates its SQLite file, and the -wal and -shm beside it, readable by the owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ob3-mode-'))
    try {
      const path = join(dir, 'issuer.db')
      const store = await openSqliteStore({ path })
      await store.migrate()
      await store.appendAudit({ issuerId: 'did:example:i', subject: 'x', action: 'y', actor: 'issuer', at: new Date(0).toISOString() })
      const modes = ['', '-wal', '-shm'].map((suffix) => statSync(path + suffix).mode & 0o777)
      await store.close()
      expect(modes).toEqual([0o600, 0o600, 0o600])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
