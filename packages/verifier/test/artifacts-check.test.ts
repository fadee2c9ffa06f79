/**
 * The `artifacts` check, result by result and word for word: the shape of the shared files, which
 * evidence entries and related resources name an artifact by digest, files that match both digests
 * or only one, files named like an evidence entry that are not its bytes, malformed digests, files
 * that match nothing (a failure for a credential alone or a whole presentation, nothing for one
 * credential of a presentation), and the credential each entry belongs to.
 */
import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, computeDigestSri } from '@ob3/core'
import { MAX_SHARED_ARTIFACTS, assertSharedArtifacts, checkArtifacts, type SharedArtifact } from '../src/checks/artifacts.js'
import type { ArtifactResult } from '../src/report.js'
import { thrown } from './fixtures.js'

const te = new TextEncoder()
const plan = te.encode('# Brainstorm protocol\n\n1. Silent writing, 3 minutes.\n2. Round robin.\n')
const samples = te.encode('Student A: 14 ideas before choosing one. Student B: 9 ideas.')
const reflection = te.encode('The quiet students wrote the most ideas.')
const photo = te.encode('not assessed')
const MISMATCH = 'ERR_OB3_ARTIFACT_MISMATCH'

const mb = (bytes: Uint8Array) => computeDigestMultibase(bytes)
const sri = (bytes: Uint8Array, algorithm: 'sha256' | 'sha384' = 'sha384') => computeDigestSri(bytes, algorithm)
const alone = (documents: Record<string, unknown>[], files: SharedArtifact[]) => checkArtifacts({ documents, files, unmatchedFails: true, tagCredential: false })
const inPresentation = (documents: Record<string, unknown>[], files: SharedArtifact[]) => checkArtifacts({ documents, files, unmatchedFails: false, tagCredential: false })

describe('assertSharedArtifacts', () => {
  it('takes up to 256 files with bytes and an optional name', () => {
    const files = Array.from({ length: MAX_SHARED_ARTIFACTS }, (_, i) => (i % 2 === 0 ? { bytes: plan } : { name: `f${i}`, bytes: Buffer.from(samples) }))
    expect(MAX_SHARED_ARTIFACTS).toBe(256)
    expect(thrown(() => assertSharedArtifacts(files))).toBeUndefined()
    expect(thrown(() => assertSharedArtifacts([]))).toBeUndefined()
    expect(thrown(() => assertSharedArtifacts([{ name: undefined, bytes: plan }]))).toBeUndefined()
  })

  it('refuses, naming what is wrong: no array, too many files, no bytes, a name that is no string', () => {
    const cases: [unknown, string][] = [
      [{ bytes: plan }, 'verify: artifacts must be an array of { name?, bytes }'],
      [undefined, 'verify: artifacts must be an array of { name?, bytes }'],
      [Array.from({ length: MAX_SHARED_ARTIFACTS + 1 }, () => ({ bytes: plan })), 'verify: at most 256 artifacts can be checked at once'],
      [[{ bytes: plan }, { name: 'x' }], 'verify: artifacts[1].bytes must be a Uint8Array'],
      [[{ bytes: plan }, null], 'verify: artifacts[1].bytes must be a Uint8Array'],
      [[{ bytes: plan }, [plan]], 'verify: artifacts[1].bytes must be a Uint8Array'],
      [[{ bytes: 'text' }], 'verify: artifacts[0].bytes must be a Uint8Array'],
      [[{ bytes: plan }, { name: 3, bytes: samples }], 'verify: artifacts[1].name must be a string'],
      [[{ name: null, bytes: samples }], 'verify: artifacts[0].name must be a string'],
    ]
    for (const [artifacts, message] of cases) {
      const err = thrown(() => assertSharedArtifacts(artifacts))
      expect(err, message).toBeInstanceOf(TypeError)
      expect((err as Error).message).toBe(message)
    }
  })
})

describe('the artifacts check', () => {
  it('is skipped, with no list, when no file is shared', async () => {
    expect(await alone([{ evidence: { name: 'Lesson plan', digestMultibase: await mb(plan) } }], [])).toEqual({
      check: { id: 'artifacts', status: 'skipped', message: 'no artifacts were shared with the credential' },
      results: undefined,
    })
  })

  it('passes for a file that matches both digests of an entry, and lists what was not shared', async () => {
    const doc = {
      evidence: [
        { name: 'Lesson plan', digestMultibase: await mb(plan), digestSRI: await sri(plan) },
        { id: 'urn:ob3:evidence:samples', digestMultibase: await mb(samples) },
        { digestSRI: await sri(reflection, 'sha256') },
        { name: 'Observation notes', narrative: 'no digest' },
        'https://evidence.example/not-an-object',
      ],
    }
    expect(await alone([doc], [{ name: 'plan.md', bytes: plan }])).toEqual({
      check: { id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Lesson plan"; "urn:ob3:evidence:samples" was not shared; "evidence 3" was not shared' },
      results: [
        { evidence: 'Lesson plan', digestMultibase: await mb(plan), digestSRI: await sri(plan), shared: true, matches: true, file: 'plan.md' },
        { evidence: 'urn:ob3:evidence:samples', digestMultibase: await mb(samples), shared: false },
        { evidence: 'evidence 3', digestMultibase: null, digestSRI: await sri(reflection, 'sha256'), shared: false },
      ] satisfies ArtifactResult[],
    })
  })

  it('matches by digestSRI alone and by digestMultibase alone, and names a file without a name by its place', async () => {
    const doc = { evidence: [{ name: 'Reflection', digestSRI: await sri(reflection) }, { name: 'Samples', digestMultibase: await mb(samples) }] }
    expect(await alone([doc], [{ name: 'samples.txt', bytes: samples }, { bytes: reflection }])).toStrictEqual({
      check: { id: 'artifacts', status: 'passed', message: '"shared file 2" is the evidence "Reflection"; "samples.txt" is the evidence "Samples"' },
      results: [
        { evidence: 'Reflection', digestMultibase: null, digestSRI: await sri(reflection), shared: true, matches: true },
        { evidence: 'Samples', digestMultibase: await mb(samples), shared: true, matches: true, file: 'samples.txt' },
      ],
    })
  })

  it('takes a single evidence object, and a file that matches two entries for both', async () => {
    expect((await alone([{ evidence: { name: 'Lesson plan', digestMultibase: await mb(plan) } }], [{ name: 'plan.md', bytes: plan }])).check).toEqual({ id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Lesson plan"' })
    const twice = { evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }, { name: 'Plan again', digestSRI: await sri(plan) }] }
    expect((await alone([twice], [{ name: 'plan.md', bytes: plan }])).check.message).toBe('"plan.md" is the evidence "Plan"; "plan.md" is the evidence "Plan again"')
  })

  it('does not match a file when one of the two digests disagrees', async () => {
    const halfRight = [
      { evidence: [{ name: 'A', digestMultibase: await mb(plan), digestSRI: await sri(samples) }] },
      { evidence: [{ name: 'A', digestMultibase: await mb(samples), digestSRI: await sri(plan) }] },
    ]
    for (const doc of halfRight) {
      expect(await alone([doc], [{ name: 'plan.md', bytes: plan }])).toEqual({
        check: { id: 'artifacts', status: 'failed', code: MISMATCH, message: '"A" was not shared; "plan.md" matches no evidence of the credential: it is not a file the issuer assessed' },
        results: [
          { evidence: 'A', digestMultibase: doc.evidence[0]?.digestMultibase, digestSRI: doc.evidence[0]?.digestSRI, shared: false },
          { evidence: null, digestMultibase: await mb(plan), shared: true, matches: false, file: 'plan.md' },
        ],
      })
    }
  })

  it('adds the related resources with digests no evidence entry gives', async () => {
    const doc = {
      evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }, { name: 'Reflection', digestSRI: await sri(reflection) }],
      relatedResource: [
        { id: 'urn:ob3:artifact:plan', digestMultibase: await mb(plan) },
        { id: 'urn:ob3:artifact:reflection', digestSRI: await sri(reflection) },
        { id: 'urn:ob3:artifact:samples', digestMultibase: await mb(samples) },
        { digestSRI: await sri(photo) },
        { id: 'urn:ob3:artifact:no-digest' },
        null,
      ],
    }
    const { check, results } = await inPresentation([doc], [{ name: 'samples.txt', bytes: samples }])
    expect(check).toEqual({ id: 'artifacts', status: 'passed', message: '"Plan" was not shared; "Reflection" was not shared; "samples.txt" is the evidence "urn:ob3:artifact:samples"; "related resource 4" was not shared' })
    expect(results?.map((r) => r.evidence)).toEqual(['Plan', 'Reflection', 'urn:ob3:artifact:samples', 'related resource 4'])
  })

  it('keeps two evidence entries with the same digest', async () => {
    const doc = { evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }, { name: 'Plan, as handed in', digestMultibase: await mb(plan) }] }
    expect((await inPresentation([doc], [])).results).toBeUndefined()
    expect((await alone([doc], [{ bytes: samples }])).results?.map((r) => r.evidence)).toEqual(['Plan', 'Plan, as handed in', null])
  })

  it('fails for a file named like an evidence entry that is not its bytes, saying so once', async () => {
    const doc = { evidence: [{ name: 'Samples', digestMultibase: await mb(samples) }, { name: 'Plan', digestMultibase: await mb(plan) }] }
    expect(await alone([doc], [{ name: 'Samples', bytes: photo }, { name: 'plan.md', bytes: plan }])).toEqual({
      check: { id: 'artifacts', status: 'failed', code: MISMATCH, message: '"Samples" is named like the evidence "Samples" but is not the file the issuer assessed; "plan.md" is the evidence "Plan"' },
      results: [
        { evidence: 'Samples', digestMultibase: await mb(samples), shared: true, matches: false, file: 'Samples' },
        { evidence: 'Plan', digestMultibase: await mb(plan), shared: true, matches: true, file: 'plan.md' },
        { evidence: null, digestMultibase: await mb(photo), shared: true, matches: false, file: 'Samples' },
      ],
    })
  })

  it('fails for a file named like an evidence entry even in one credential of a presentation', async () => {
    const doc = { evidence: [{ name: 'Samples', digestMultibase: await mb(samples) }] }
    expect(await inPresentation([doc], [{ name: 'Samples', bytes: photo }])).toEqual({
      check: { id: 'artifacts', status: 'failed', code: MISMATCH, message: '"Samples" is named like the evidence "Samples" but is not the file the issuer assessed' },
      results: [{ evidence: 'Samples', digestMultibase: await mb(samples), shared: true, matches: false, file: 'Samples' }],
    })
  })

  it('takes a file named like one entry that is the bytes of another as that other one', async () => {
    const doc = { evidence: [{ name: 'Samples', digestMultibase: await mb(samples) }, { name: 'Plan', digestMultibase: await mb(plan) }] }
    expect(await alone([doc], [{ name: 'Samples', bytes: plan }])).toEqual({
      check: { id: 'artifacts', status: 'passed', message: '"Samples" was not shared; "Samples" is the evidence "Plan"' },
      results: [
        { evidence: 'Samples', digestMultibase: await mb(samples), shared: false },
        { evidence: 'Plan', digestMultibase: await mb(plan), shared: true, matches: true, file: 'Samples' },
      ],
    })
  })

  it('says a malformed digest can match no file, and fails for the file', async () => {
    const doc = { evidence: [{ name: 'Broken', digestMultibase: 'zNotADigest' }, { name: 'Broken SRI', digestMultibase: await mb(plan), digestSRI: 'sha256-xyz' }] }
    expect(await alone([doc], [{ name: 'samples.txt', bytes: samples }, { name: 'plan.md', bytes: plan }])).toEqual({
      check: {
        id: 'artifacts', status: 'failed', code: MISMATCH,
        message: 'the digest of "Broken" is malformed, so no file can match it; the digest of "Broken SRI" is malformed, so no file can match it; "samples.txt" matches no evidence of the credential: it is not a file the issuer assessed; "plan.md" matches no evidence of the credential: it is not a file the issuer assessed',
      },
      results: [
        { evidence: 'Broken', digestMultibase: 'zNotADigest', shared: false },
        { evidence: 'Broken SRI', digestMultibase: await mb(plan), digestSRI: 'sha256-xyz', shared: false },
        { evidence: null, digestMultibase: await mb(samples), shared: true, matches: false, file: 'samples.txt' },
        { evidence: null, digestMultibase: await mb(plan), shared: true, matches: false, file: 'plan.md' },
      ],
    })
  })

  it('lets an error that is no verification problem through', async () => {
    const doc = { evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }] }
    await expect(alone([doc], [{ name: 'plan.md', bytes: 'not bytes' as never }])).rejects.toThrow(TypeError)
    await expect(inPresentation([doc], [{ name: 'plan.md', bytes: 'not bytes' as never }])).rejects.toThrow(TypeError)
  })

  it('fails for every file when the credential names no artifact by digest', async () => {
    expect(await alone([{ evidence: [{ name: 'Notes', narrative: 'n' }] }], [{ bytes: photo }, { name: 'b.txt', bytes: samples }])).toStrictEqual({
      check: { id: 'artifacts', status: 'failed', code: MISMATCH, message: '"shared file 1" matches no evidence of the credential: it is not a file the issuer assessed; "b.txt" matches no evidence of the credential: it is not a file the issuer assessed' },
      results: [
        { evidence: null, digestMultibase: await mb(photo), shared: true, matches: false },
        { evidence: null, digestMultibase: await mb(samples), shared: true, matches: false, file: 'b.txt' },
      ],
    })
  })

  it('in one credential of a presentation, is skipped when none of its artifacts was shared, and passes over files of others', async () => {
    expect(await inPresentation([{ evidence: [{ name: 'Notes', narrative: 'n' }] }], [{ bytes: photo }])).toEqual({
      check: { id: 'artifacts', status: 'skipped', message: 'the credential references no artifacts by digest' },
      results: [],
    })
    const doc = { evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }] }
    expect(await inPresentation([doc], [{ name: 'photo.jpg', bytes: photo }])).toEqual({
      check: { id: 'artifacts', status: 'skipped', message: 'none of its artifacts were shared: "Plan" was not shared' },
      results: [{ evidence: 'Plan', digestMultibase: await mb(plan), shared: false }],
    })
    expect(await inPresentation([doc], [{ name: 'photo.jpg', bytes: photo }, { name: 'plan.md', bytes: plan }])).toEqual({
      check: { id: 'artifacts', status: 'passed', message: '"plan.md" is the evidence "Plan"' },
      results: [{ evidence: 'Plan', digestMultibase: await mb(plan), shared: true, matches: true, file: 'plan.md' }],
    })
  })

  it('for a whole presentation, names each entry\'s credential and speaks of the credentials', async () => {
    const first = { id: 'urn:uuid:first', evidence: [{ name: 'Plan', digestMultibase: await mb(plan) }] }
    const second = { evidence: [{ name: 'Samples', digestMultibase: await mb(samples) }] }
    expect(await checkArtifacts({ documents: [first, second], files: [{ name: 'samples.txt', bytes: samples }, { name: 'photo.jpg', bytes: photo }], unmatchedFails: true, tagCredential: true })).toEqual({
      check: { id: 'artifacts', status: 'failed', code: MISMATCH, message: '"Plan" was not shared; "samples.txt" is the evidence "Samples"; "photo.jpg" matches no evidence of the credentials: it is not a file the issuer assessed' },
      results: [
        { evidence: 'Plan', digestMultibase: await mb(plan), shared: false, credential: 'urn:uuid:first' },
        { evidence: 'Samples', digestMultibase: await mb(samples), shared: true, matches: true, file: 'samples.txt', credential: null },
        { evidence: null, digestMultibase: await mb(photo), shared: true, matches: false, file: 'photo.jpg' },
      ],
    })
  })
})
