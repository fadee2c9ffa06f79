import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, createEd25519Signer, ed25519KeyFromSeed, utf8 } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { Assessments, Issuer, findMicroCredential, loadCatalogue, memoryArtifactStore, type SubmittedEvidence } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'

const catalogue = loadCatalogue(readFileSync(new URL('../../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
const MC = 'https://academy.northwind.example/micro-credentials/idea-generating'
const PASS = { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' }

function evidence(overrides: Partial<SubmittedEvidence> = {}): SubmittedEvidence {
  return {
    answers: [{ part: 'overview', text: 'We brainstormed a park redesign in four steps.' }, { part: 'overview', text: 'Exit tickets showed more ideas each day.' }],
    artifacts: [
      { part: 'student-work', name: 'Amira Lopez - idea list.txt', mediaType: 'text/plain', bytes: utf8('amira work') },
      { part: 'student-work', name: 'Ben Ode - sketch.txt', mediaType: 'text/plain', bytes: utf8('ben work') },
    ],
    reflections: [
      { part: 'student-reflections', text: 'I learned to build on ideas.' },
      { part: 'student-reflections', text: 'Sketching helped me.' },
      { part: 'teacher-reflection', text: 'Quiet students took part.' },
    ],
    ...overrides,
  }
}

async function setup() {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(8))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Northwind Educator Academy' }, signer: await createEd25519Signer(key) })
  const flow = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore() })
  return { store, issuer, flow }
}

const educator = { id: 'did:example:rivera', email: 'j.rivera@school.example', name: 'Julia Rivera' }
const staff = { role: 'issuer', id: 'staff-1' } as const
const teacher = { role: 'educator', id: 'did:example:rivera' } as const
const assessor = (id: string) => ({ role: 'assessor', id }) as const
async function reviewOf(flow: Assessments, assessorId: string) {
  const [view] = await flow.assessorQueue(assessor(assessorId))
  if (view === undefined) throw new Error(`nothing queued for ${assessorId}`)
  return view
}

describe('the assessment workflow', () => {
  it('runs submit → double-blind score → return → resubmit → score → approve, with an audit trail', async () => {
    const { flow } = await setup()
    const s = await flow.submit(teacher, { achievementId: MC, educator, evidence: evidence() })
    expect(s).toMatchObject({ state: 'submitted', attempt: 1, warnings: [] })
    const assigned = await flow.assign(staff, s.submissionId, 'assessor-1')
    expect(assigned.pseudonym).toMatch(/^Candidate [0-9A-F]{8}$/)
    const view = await reviewOf(flow, 'assessor-1')
    expect(view.pseudonym).toBe(assigned.pseudonym)
    const seen = JSON.stringify(view)
    for (const secret of ['rivera', 'Rivera', 'j.rivera@', 'Amira Lopez', 'Ben Ode', 'did:example', s.submissionId]) expect(seen).not.toContain(secret)
    expect(view.artifacts.map((a) => [a.label, a.name])).toEqual([['Artifact 1 — student-work', 'artifact-1.txt'], ['Artifact 2 — student-work', 'artifact-2.txt']])
    expect(new TextDecoder().decode((await flow.openArtifact(assessor('assessor-1'), view.review, view.artifacts[0]?.handle as string)).bytes)).toBe('amira work')
    await expect(flow.assessorView(assessor('assessor-2'), view.review)).rejects.toMatchObject({ code: 'ERR_OB3_NOT_ASSIGNED' })

    await flow.score(assessor('assessor-1'), view.review, { levels: { ...PASS, overview: 'Not yet' }, feedback: { parts: { overview: 'Name each step.' } } })
    await expect(flow.approve(staff, s.submissionId)).rejects.toMatchObject({ code: 'ERR_OB3_AWARD_RULE_UNMET', details: { failedParts: ['overview'] } })
    await flow.returnForRevision(staff, s.submissionId)
    const seenByEducator = await flow.educatorView(teacher, s.submissionId)
    expect(seenByEducator).toEqual({ submissionId: s.submissionId, achievementId: MC, state: 'returned', attempt: 1, feedback: { parts: { overview: 'Name each step.' } }, levels: { ...PASS, overview: 'Not yet' } })
    expect(JSON.stringify(seenByEducator)).not.toContain('assessor')

    await flow.resubmit(teacher, s.submissionId, evidence())
    await flow.assign(staff, s.submissionId, 'assessor-2')
    await flow.score(assessor('assessor-2'), (await reviewOf(flow, 'assessor-2')).review, { levels: PASS })
    const awarded = await flow.approve(staff, s.submissionId)
    expect(awarded.created).toBe(true)
    const again = await flow.approve(staff, s.submissionId)
    expect(again.record.id).toBe(awarded.record.id)
    const subject = awarded.credential.credentialSubject as Record<string, any>
    expect(subject.id).toBe('did:example:rivera')
    expect(subject.result).toHaveLength(4)
    expect(subject.creditsEarned).toBe(15)
    expect((awarded.credential.evidence as { digestMultibase: string }[]).map((e) => e.digestMultibase)).toEqual(await Promise.all(evidence().artifacts!.map((a) => computeDigestMultibase(a.bytes))))
    expect(JSON.stringify(awarded.credential)).not.toContain('amira work')
    expect((await verify({ input: awarded.credential })).verified).toBe(true)

    expect((await flow.audit(staff, s.submissionId)).map((e) => [e.action, e.actor])).toEqual([
      ['submitted', 'educator'], ['assigned', 'issuer:staff-1'], ['scored', 'assessor:assessor-1'], ['returned', 'issuer:staff-1'],
      ['resubmitted', 'educator'], ['assigned', 'issuer:staff-1'], ['scored', 'assessor:assessor-2'], ['awarded', 'issuer:staff-1'],
    ])
    expect((await flow.educatorView(teacher, s.submissionId)).credentialId).toBe(awarded.record.id)
  })

  it('enforces word limits and counts, listing every problem', async () => {
    const { flow } = await setup()
    const long = Array.from({ length: 201 }, (_, i) => `word${i}`).join(' ')
    await expect(flow.submit(teacher, {
      achievementId: MC,
      educator,
      evidence: evidence({ answers: [{ part: 'overview', text: long }], artifacts: [], reflections: [{ part: 'student-reflections', text: 'ok' }, { part: 'nonsense', text: 'x' }] }),
    })).rejects.toMatchObject({
      code: 'ERR_OB3_SUBMISSION_INVALID',
      details: {
        problems: expect.arrayContaining([
          { path: '/reflections/1/part', message: expect.stringContaining('no evidence part "nonsense"') },
          { path: '/answers/0/text', message: expect.stringContaining('201 words') },
          { path: '/artifacts', message: expect.stringContaining('needs 2 items; 0 given') },
          { path: '/reflections', message: expect.stringContaining('needs 2 items; 1 given') },
        ]),
      },
    })
  })

  it('refuses steps out of order and unknown submissions', async () => {
    const { flow } = await setup()
    const s = await flow.submit(teacher, { achievementId: MC, educator, evidence: evidence() })
    await expect(flow.approve(staff, s.submissionId)).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_STATE' })
    await expect(flow.score(assessor('assessor-1'), 'rv-unknown', { levels: PASS })).rejects.toMatchObject({ code: 'ERR_OB3_NOT_ASSIGNED' })
    await flow.assign(staff, s.submissionId, 'assessor-1')
    await expect(flow.assign(staff, s.submissionId, 'assessor-2')).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_STATE' })
    const { review } = await reviewOf(flow, 'assessor-1')
    await expect(flow.score(assessor('assessor-1'), review, { levels: { overview: 'Pass' } })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_INVALID' })
    await expect(flow.score(assessor('assessor-1'), review, { levels: { ...PASS, overview: 'Brilliant' } })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_INVALID' })
    await expect(flow.educatorView(staff, 'sub-nope')).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_NOT_FOUND' })
    await expect(flow.submit(teacher, { achievementId: 'https://elsewhere.example/mc', educator, evidence: evidence() })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_NOT_FOUND' })
  })

  it('awards by hashed email when the educator gave no DID', async () => {
    const { flow } = await setup()
    const s = await flow.submit(staff, { achievementId: MC, educator: { email: 'j.rivera@school.example' }, evidence: evidence() })
    await flow.assign(staff, s.submissionId, 'a')
    await flow.score(assessor('a'), (await reviewOf(flow, 'a')).review, { levels: PASS })
    const { credential } = await flow.approve(staff, s.submissionId)
    const subject = credential.credentialSubject as Record<string, any>
    expect(subject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' })
    expect(JSON.stringify(credential)).not.toContain('j.rivera')
  })
})
