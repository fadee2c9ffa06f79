import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, validateCredential, type Signer } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { buildCredential } from '../src/build-credential.js'
import { issueCredential } from '../src/issue-credential.js'
import { defineMicroCredential, loadCatalogue, type Catalogue } from '../src/micro-credentials/index.js'
import { buildStackAward, evaluateStack, type StackDefinition, type VerifyCredentialFunction } from '../src/stacks/index.js'

const NOW = new Date('2026-02-03T04:05:06Z')
const LATER = new Date('2026-03-01T00:00:00Z')
const RB = 'https://pbl.riverbend.example/micro-credentials'
const catalogue: Catalogue = loadCatalogue(readFileSync(new URL('../../../examples/catalogues/pbl-medallion.json', import.meta.url), 'utf8'))
const medallion = catalogue.stacks[0] as StackDefinition
const ORDER: [string, string][] = [
  ['designing-authentic-tasks', 'planning-and-preparation'],
  ['infusing-skills', 'planning-and-preparation'],
  ['planning-for-student-voice-and-choice', 'planning-and-preparation'],
  ['providing-scaffolding', 'instruction'],
  ['effective-facilitation-coaching', 'instruction'],
  ['formative-assessment', 'assessment'],
  ['summative-assessment', 'assessment'],
  ['a-culture-of-reflection', 'classroom-environment'],
  ['creating-an-environment-of-sustained-inquiry', 'classroom-environment'],
]
const credId = (n: number) => `urn:uuid:6f1c2b3a-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`
const counted = (indexes: number[]) => indexes.map((i) => ({ credentialId: credId(i), achievementId: `${RB}/${ORDER[i]?.[0]}`, categoryId: ORDER[i]?.[1] }))

let teacher: string
let provider: { controller: string }
let signer: Signer
let creds: Record<string, unknown>[]

async function issue(slug: string, id: string, recipient: string, format: 'eddsa-rdfc-2022' | 'vc-jwt' = 'eddsa-rdfc-2022') {
  const definition = catalogue.categories.flatMap((c) => c.microCredentials).find((mc) => mc.id === `${RB}/${slug}`)
  if (definition === undefined) throw new Error(slug)
  const credential = await buildCredential({ award: { id, achievement: defineMicroCredential(definition), recipient: { id: recipient } }, issuer: { id: provider.controller, name: 'Riverbend' }, now: NOW })
  return issueCredential({ credential, signer, format, now: NOW })
}

/** The real verifier, injected as the CLI would. */
const realVerifier: VerifyCredentialFunction = async (credential) => {
  const report = await verify({ input: credential as Record<string, unknown>, now: LATER })
  const failed = report.checks.filter((c) => c.status === 'failed').map((c) => c.id)
  return report.verified ? { verified: true } : { verified: false, reason: `failed checks: ${failed.join(', ')}` }
}
const trustAll: VerifyCredentialFunction = async () => ({ verified: true })

beforeAll(async () => {
  const providerKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(31))
  provider = providerKey
  signer = await createEd25519Signer(providerKey)
  teacher = (await ed25519KeyFromSeed(new Uint8Array(32).fill(32))).controller
  creds = await Promise.all(ORDER.map(async ([slug], i) => (await issue(slug, credId(i), teacher)).credential))
})

const evaluate = (credentials: unknown[], verifyCredential = realVerifier, stack = medallion) => evaluateStack({ stack, catalogue, credentials, holder: teacher, verifyCredential })

describe('evaluateStack: the Digital Medallion', () => {
  it('is met by 9 verified credentials across the 4 categories', async () => {
    const evaluation = await evaluate(creds)
    expect(evaluation).toEqual({ met: true, counted: counted([0, 1, 2, 3, 4, 5, 6, 7, 8]), rejected: [], missing: { count: 0, categories: [] } })
  })

  it('is not met by 8 credentials', async () => {
    expect(await evaluate(creds.slice(0, 8), trustAll)).toEqual({ met: false, counted: counted([0, 1, 2, 3, 4, 5, 6, 7]), rejected: [], missing: { count: 1, categories: [] } })
  })

  it('names a category with no credential', async () => {
    const withoutInstruction = [0, 1, 2, 5, 6, 7, 8]
    expect(await evaluate(withoutInstruction.map((i) => creds[i]), trustAll)).toEqual({ met: false, counted: counted(withoutInstruction), rejected: [], missing: { count: 2, categories: ['instruction'] } })
    const sevenAnywhere: StackDefinition = { ...medallion, requires: { count: 7, atLeastOnePerCategory: medallion.requires.atLeastOnePerCategory ?? [] } }
    expect(await evaluate(withoutInstruction.map((i) => creds[i]), trustAll, sevenAnywhere)).toMatchObject({ met: false, missing: { count: 0, categories: ['instruction'] } })
  })

  it('rejects a credential issued to another holder', async () => {
    const { credential: other } = await issue('infusing-skills', credId(50), 'did:example:someone-else')
    const evaluation = await evaluate([creds[0], other, ...creds.slice(2)])
    expect(evaluation).toEqual({
      met: false,
      counted: counted([0, 2, 3, 4, 5, 6, 7, 8]),
      rejected: [{ credentialId: credId(50), code: 'wrong-holder', reason: `issued to did:example:someone-else, not to the holder ${teacher}` }],
      missing: { count: 1, categories: [] },
    })
  })

  it('rejects a credential that fails verification (a stub verifier, and the real one on a tampered credential)', async () => {
    const stub: VerifyCredentialFunction = async (c) => ((c as { id: string }).id === credId(3) ? { verified: false, reason: 'the credential has been revoked' } : { verified: true })
    expect(await evaluate(creds, stub)).toEqual({
      met: false,
      counted: counted([0, 1, 2, 4, 5, 6, 7, 8]),
      rejected: [{ credentialId: credId(3), code: 'not-verified', reason: 'not verified: the credential has been revoked' }],
      missing: { count: 1, categories: [] },
    })
    const tampered = { ...creds[3], name: 'Providing Scaffolding (with honours)' }
    const evaluation = await evaluate([...creds.slice(0, 3), tampered, ...creds.slice(4)])
    expect(evaluation.rejected).toEqual([{ credentialId: credId(3), code: 'not-verified', reason: 'not verified: failed checks: proof' }])
    expect(evaluation.met).toBe(false)
  })

  it('counts two credentials for the same micro-credential once', async () => {
    const { credential: again } = await issue('formative-assessment', credId(60), teacher)
    expect(await evaluate([...creds.slice(0, 6), again, ...creds.slice(7, 8)], trustAll)).toEqual({
      met: false,
      counted: counted([0, 1, 2, 3, 4, 5, 7]),
      rejected: [{ credentialId: credId(60), code: 'duplicate', reason: `a second credential for ${RB}/formative-assessment (${credId(5)} already counts)` }],
      missing: { count: 2, categories: [] },
    })
    expect(await evaluate([again, ...creds], trustAll)).toMatchObject({ met: true, rejected: [{ credentialId: credId(5), code: 'duplicate' }] })
  })

  it('rejects malformed input, achievements outside the stack and a verifier that throws; reads a VC-JWT', async () => {
    const { jwt } = (await issue('summative-assessment', credId(70), teacher, 'vc-jwt')) as { jwt: string }
    const outside = { ...creds[0], id: credId(71), credentialSubject: { id: teacher, type: ['AchievementSubject'], achievement: { id: 'https://academy.example/mc/idea-generating' } } }
    const throwing: VerifyCredentialFunction = async (c) => {
      if ((c as { id?: string }).id === credId(4)) throw new Error('status list unreachable')
      return { verified: true }
    }
    const evaluation = await evaluate([42, 'not.a-jwt', { name: 'no id' }, { id: credId(72) }, outside, jwt, ...creds.slice(0, 6), ...creds.slice(7)], throwing)
    expect(evaluation.rejected).toEqual([
      { code: 'malformed', reason: 'not a credential (a JSON object or a VC-JWT)' },
      { code: 'malformed', reason: 'not a credential (a JSON object or a VC-JWT)' },
      { code: 'malformed', reason: 'the credential has no id' },
      { credentialId: credId(72), code: 'malformed', reason: 'the credential has no credentialSubject.achievement.id' },
      { credentialId: credId(71), code: 'not-in-stack', reason: 'the achievement https://academy.example/mc/idea-generating does not count toward Digital Medallion' },
      { credentialId: credId(4), code: 'not-verified', reason: 'not verified: the verifier failed: status list unreachable' },
    ])
    expect(evaluation.counted[0]).toEqual({ credentialId: credId(70), achievementId: `${RB}/summative-assessment`, categoryId: 'assessment' })
    expect(evaluation.missing).toEqual({ count: 1, categories: [] })
  })

  it('refuses wrong usage and too many credentials', async () => {
    await expect(evaluateStack({ stack: medallion, catalogue, credentials: creds, holder: '', verifyCredential: trustAll })).rejects.toThrow(TypeError)
    await expect(evaluateStack({ stack: { ...medallion, requires: { count: 1, from: ['urn:example:nope'] } }, catalogue, credentials: [], holder: teacher, verifyCredential: trustAll })).rejects.toThrow('evaluateStack: the stack accepts urn:example:nope, which is not in the catalogue')
    await expect(evaluateStack({ stack: medallion, catalogue, credentials: creds, holder: teacher, verifyCredential: trustAll, maxCredentials: 5 })).rejects.toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE', details: { length: 9, limit: 5 } })
  })
})

describe('buildStackAward', () => {
  it('awards the medallion with its constituents as evidence; the credential validates, signs and verifies', async () => {
    const evaluation = await evaluate(creds)
    const { award, extraEvidence } = buildStackAward(medallion, evaluation, teacher)
    expect(award.achievement).toBe(medallion.achievement)
    expect(award.recipient).toEqual({ id: teacher })
    expect(award.narrative).toBe(`Earned by holding 9 micro-credentials of Digital Medallion:\n\n${ORDER.map(([slug], i) => `- ${RB}/${slug}: credential ${credId(i)}`).join('\n')}`)
    expect(extraEvidence[0]).toEqual({ id: credId(0), type: ['Evidence'], name: 'Constituent micro-credential', genre: 'Constituent micro-credential', description: `The credential for ${RB}/designing-authentic-tasks (category planning-and-preparation).` })
    expect(extraEvidence.map((e) => e.id)).toEqual(ORDER.map((_, i) => credId(i)))
    const built = await buildCredential({ award, issuer: { id: provider.controller, name: 'Riverbend' }, now: NOW })
    const credential = { ...built, evidence: [...((built.evidence as unknown[] | undefined) ?? []), ...extraEvidence] }
    const { credential: signed } = await issueCredential({ credential, signer, now: NOW })
    expect(validateCredential(signed).issues).toEqual([])
    expect(signed).toMatchObject({ name: 'Digital Medallion in Project Based Learning', credentialSubject: { id: teacher, achievement: { achievementType: 'ext:Medallion' } } })
    expect(await realVerifier(signed)).toEqual({ verified: true })
  })

  it('refuses an unmet stack with ERR_OB3_STACK_UNMET and the evaluation', async () => {
    const evaluation = await evaluate([creds[0], creds[1]], trustAll)
    expect(() => buildStackAward(medallion, evaluation, teacher)).toThrow(expect.objectContaining({
      code: 'ERR_OB3_STACK_UNMET',
      message: 'Digital Medallion is not met: it still needs 7 more micro-credentials and one in each of: instruction, assessment, classroom-environment',
      details: { evaluation },
    }))
  })
})
