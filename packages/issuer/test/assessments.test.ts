import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, utf8 } from '@ob3/core'
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
      { part: 'student-work', name: 'Amira Lopez - idea list.pdf', mediaType: 'application/pdf', bytes: utf8('amira work') },
      { part: 'student-work', name: 'Ben Ode - sketch.png', mediaType: 'image/png', bytes: utf8('ben work') },
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

describe('the assessment workflow', () => {
  it('runs submit → double-blind score → return → resubmit → score → approve, with an audit trail', async () => {
    const { flow } = await setup()
    const s = await flow.submit({ achievementId: MC, educator, evidence: evidence() })
    expect(s).toMatchObject({ state: 'submitted', attempt: 1, pseudonym: expect.stringMatching(/^Candidate [0-9A-F]{6}$/) })
    await flow.assign(s.id, 'assessor-1')
    const view = await flow.assessorView(s.id, 'assessor-1')
    const seen = JSON.stringify(view)
    for (const secret of ['rivera', 'Rivera', 'j.rivera@', 'Amira Lopez', 'Ben Ode', 'did:example']) expect(seen).not.toContain(secret)
    expect(view.artifacts.map((a) => a.label)).toEqual(['Artifact 1 — student-work', 'Artifact 2 — student-work'])
    expect(new TextDecoder().decode(await flow.openArtifact(s.id, 'assessor-1', view.artifacts[0]?.digestMultibase as string))).toBe('amira work')
    await expect(flow.assessorView(s.id, 'assessor-2')).rejects.toMatchObject({ code: 'ERR_OB3_NOT_ASSIGNED' })

    await flow.score(s.id, 'assessor-1', { levels: { ...PASS, overview: 'Not yet' }, feedback: { parts: { overview: 'Name each step.' } } })
    await expect(flow.approve(s.id)).rejects.toMatchObject({ code: 'ERR_OB3_AWARD_RULE_UNMET', details: { failedParts: ['overview'] } })
    await flow.returnForRevision(s.id)
    const seenByEducator = await flow.educatorView(s.id)
    expect(seenByEducator).toEqual({ submissionId: s.id, achievementId: MC, state: 'returned', attempt: 1, feedback: { parts: { overview: 'Name each step.' } }, levels: { ...PASS, overview: 'Not yet' } })
    expect(JSON.stringify(seenByEducator)).not.toContain('assessor')

    await flow.resubmit(s.id, evidence())
    await flow.assign(s.id, 'assessor-2')
    await flow.score(s.id, 'assessor-2', { levels: PASS })
    const awarded = await flow.approve(s.id)
    expect(awarded.created).toBe(true)
    const again = await flow.approve(s.id)
    expect(again.record.id).toBe(awarded.record.id)
    const subject = awarded.credential.credentialSubject as Record<string, any>
    expect(subject.id).toBe('did:example:rivera')
    expect(subject.result).toHaveLength(4)
    expect(subject.creditsEarned).toBe(15)
    expect((awarded.credential.evidence as { digestMultibase: string }[]).map((e) => e.digestMultibase)).toEqual(view.artifacts.map((a) => a.digestMultibase))
    expect(JSON.stringify(awarded.credential)).not.toContain('amira work')
    expect((await verify({ input: awarded.credential })).verified).toBe(true)

    expect((await flow.audit(s.id)).map((e) => [e.action, e.actor])).toEqual([
      ['submitted', 'educator'], ['assigned', 'issuer'], ['scored', 'assessor-1'], ['returned', 'issuer'],
      ['resubmitted', 'educator'], ['assigned', 'issuer'], ['scored', 'assessor-2'], ['awarded', 'issuer'],
    ])
    expect((await flow.educatorView(s.id)).credentialId).toBe(awarded.record.id)
  })

  it('enforces word limits and counts, listing every problem', async () => {
    const { flow } = await setup()
    const long = Array.from({ length: 201 }, (_, i) => `word${i}`).join(' ')
    await expect(flow.submit({
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
    const s = await flow.submit({ achievementId: MC, educator, evidence: evidence() })
    await expect(flow.approve(s.id)).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_STATE' })
    await expect(flow.score(s.id, 'assessor-1', { levels: PASS })).rejects.toMatchObject({ code: 'ERR_OB3_NOT_ASSIGNED' })
    await flow.assign(s.id, 'assessor-1')
    await expect(flow.assign(s.id, 'assessor-2')).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_STATE' })
    await expect(flow.score(s.id, 'assessor-1', { levels: { overview: 'Pass' } })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_INVALID' })
    await expect(flow.score(s.id, 'assessor-1', { levels: { ...PASS, overview: 'Brilliant' } })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_INVALID' })
    await expect(flow.educatorView('sub-nope')).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_NOT_FOUND' })
    await expect(flow.submit({ achievementId: 'https://elsewhere.example/mc', educator, evidence: evidence() })).rejects.toMatchObject({ code: 'ERR_OB3_SUBMISSION_NOT_FOUND' })
  })

  it('awards by hashed email when the educator gave no DID', async () => {
    const { flow } = await setup()
    const s = await flow.submit({ achievementId: MC, educator: { email: 'j.rivera@school.example' }, evidence: evidence() })
    await flow.assign(s.id, 'a')
    await flow.score(s.id, 'a', { levels: PASS })
    const { credential } = await flow.approve(s.id)
    const subject = credential.credentialSubject as Record<string, any>
    expect(subject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' })
    expect(JSON.stringify(credential)).not.toContain('j.rivera')
  })
})
