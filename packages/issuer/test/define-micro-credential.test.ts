import { describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof, validateCredential } from '@ob3/core'
import { buildCredential } from '../src/build-credential.js'
import {
  checkMicroCredentialDefinition,
  defineMicroCredential,
  meetsAwardRule,
  rubricResults,
  type MicroCredentialDefinition,
} from '../src/micro-credentials/index.js'

const NOW = new Date('2026-02-03T04:05:06Z')
const ID = 'https://academy.example/mc/idea-generating'
const R = `${ID}/rubric`

const passFail = (what: string) => [
  { name: 'Not yet', description: `${what} falls short.` },
  { name: 'Pass', description: `${what} meets the bar.` },
]

const ideaGenerating: MicroCredentialDefinition = {
  id: ID,
  name: 'Idea Generating',
  competency: 'The educator leads students through a staged process for producing and developing ideas.',
  keyMethod: 'Ground rules, many ideas, clustering, voting, sketching, a look back.',
  researchBasis: 'Separating producing from judging yields more ideas.',
  evidenceParts: [
    { id: 'overview', name: 'Overview questions', kind: 'overview-answers', wordLimit: 200, questions: ['Which activities did you use?', 'How do you know students grew?'] },
    { id: 'student-work', name: 'Student work', kind: 'artifacts', count: 2 },
    { id: 'student-reflections', name: 'Student reflections', kind: 'student-reflections', count: 2, wordLimit: 200 },
    { id: 'teacher-reflection', name: 'Teacher reflection', kind: 'teacher-reflection', wordLimit: 200 },
  ],
  rubric: [
    { part: 'overview', levels: passFail('The overview'), requiredLevel: 'Pass' },
    { part: 'student-work', levels: [{ name: 'No', description: 'No process shown.', points: 0 }, { name: 'Yes', description: 'The process is shown.', points: 1 }], requiredLevel: 'yes' },
    { part: 'student-reflections', levels: passFail('The reflections'), requiredLevel: 'pass' },
    { part: 'teacher-reflection', name: 'Part 4', levels: passFail('The reflection'), requiredLevel: 'Pass' },
  ],
  alignments: [{ targetName: 'Think critically and solve complex problems', targetFramework: 'Deeper Learning', targetUrl: 'https://academy.example/frameworks/dl#think-critically', targetType: 'ceasn:Competency' }],
  creditsAvailable: 15,
  image: 'https://academy.example/badges/idea-generating.png',
  tags: ['deeper learning'],
  version: '1.0',
  humanCode: 'DL-IG',
}

const levels = (rd: string, names: [string, string][], points = false) => names.map(([slug, name], i) => ({
  id: `${R}/${rd}/${slug}`,
  type: ['RubricCriterionLevel'],
  name,
  description: ideaGenerating.rubric.find((r) => r.part === rd)?.levels[i]?.description,
  ...(points ? { points: String(i) } : {}),
}))

describe('defineMicroCredential', () => {
  it('turns a definition into an OB 3.0 Achievement with a rubric per part', () => {
    expect(defineMicroCredential(ideaGenerating)).toEqual({
      id: ID,
      name: 'Idea Generating',
      description: 'The educator leads students through a staged process for producing and developing ideas.',
      criteria: {
        narrative: [
          '**Competency.** The educator leads students through a staged process for producing and developing ideas.',
          '**Key method.** Ground rules, many ideas, clustering, voting, sketching, a look back.',
          '**Research basis.** Separating producing from judging yields more ideas.',
          '**Evidence to submit.**\n\n1. **Overview questions**: 2 answers, each at most 200 words.\n   - Which activities did you use?\n   - How do you know students grew?\n' +
            '2. **Student work**: 2 artifacts.\n3. **Student reflections**: 2 student reflections, each at most 200 words.\n4. **Teacher reflection**: 1 teacher reflection, at most 200 words.',
          '**Award rule.** Every part reaches at least its required level (Overview questions: "Pass"; Student work: "Yes"; Student reflections: "Pass"; Teacher reflection: "Pass").',
        ].join('\n\n'),
      },
      achievementType: 'MicroCredential',
      image: 'https://academy.example/badges/idea-generating.png',
      creditsAvailable: 15,
      alignment: [{ type: ['Alignment'], targetName: 'Think critically and solve complex problems', targetFramework: 'Deeper Learning', targetUrl: 'https://academy.example/frameworks/dl#think-critically', targetType: 'ceasn:Competency' }],
      resultDescription: [
        { id: `${R}/overview`, type: ['ResultDescription'], name: 'Overview questions', resultType: 'RubricCriterionLevel', requiredLevel: `${R}/overview/pass`, rubricCriterionLevel: levels('overview', [['not-yet', 'Not yet'], ['pass', 'Pass']]) },
        { id: `${R}/student-work`, type: ['ResultDescription'], name: 'Student work', resultType: 'RubricCriterionLevel', requiredLevel: `${R}/student-work/yes`, rubricCriterionLevel: levels('student-work', [['no', 'No'], ['yes', 'Yes']], true) },
        { id: `${R}/student-reflections`, type: ['ResultDescription'], name: 'Student reflections', resultType: 'RubricCriterionLevel', requiredLevel: `${R}/student-reflections/pass`, rubricCriterionLevel: levels('student-reflections', [['not-yet', 'Not yet'], ['pass', 'Pass']]) },
        { id: `${R}/teacher-reflection`, type: ['ResultDescription'], name: 'Part 4', resultType: 'RubricCriterionLevel', requiredLevel: `${R}/teacher-reflection/pass`, rubricCriterionLevel: levels('teacher-reflection', [['not-yet', 'Not yet'], ['pass', 'Pass']]) },
      ],
      tag: ['deeper learning'],
      version: '1.0',
      humanCode: 'DL-IG',
    })
  })

  it('builds into a credential that validates with zero issues and signs in JSON-LD safe mode', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(3))
    const achievement = defineMicroCredential(ideaGenerating)
    const results = rubricResults(ideaGenerating, { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'pass', 'teacher-reflection': 'Pass' })
    const credential = await buildCredential({ award: { achievement, recipient: { id: 'did:example:teacher' }, results, creditsEarned: 15 }, issuer: { id: key.controller, name: 'Academy' }, now: NOW })
    expect(validateCredential(credential).issues).toEqual([])
    const signed = await signLinkedDataProof({ document: credential, signer: await createEd25519Signer(key), created: NOW })
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: expect.stringMatching(/^z/) })
    expect(validateCredential(signed)).toMatchObject({ valid: true, kind: 'achievement', issues: [] })
  })

  it('keeps given criteria, level ids and URIs, and another achievementType', () => {
    const achievement = defineMicroCredential({
      ...ideaGenerating,
      achievementType: 'ext:EducatorMicroCredential',
      criteria: { id: 'https://academy.example/criteria/ig', narrative: 'See the criteria page.' },
      evidenceParts: [{ id: 'urn:example:part:one', name: 'Portfolio', kind: 'artifacts' }],
      rubric: [{ part: 'urn:example:part:one', levels: [{ id: 'l0', name: 'Emerging', description: 'a' }, { id: 'urn:example:level:proficient', name: 'Proficient', description: 'b' }], requiredLevel: 'Proficient' }],
    })
    expect(achievement.criteria).toEqual({ id: 'https://academy.example/criteria/ig', narrative: 'See the criteria page.' })
    expect(achievement.achievementType).toBe('ext:EducatorMicroCredential')
    expect(achievement.resultDescription).toEqual([{
      id: 'urn:example:part:one',
      type: ['ResultDescription'],
      name: 'Portfolio',
      resultType: 'RubricCriterionLevel',
      requiredLevel: 'urn:example:level:proficient',
      rubricCriterionLevel: [
        { id: 'urn:example:part:one/l0', type: ['RubricCriterionLevel'], name: 'Emerging', description: 'a' },
        { id: 'urn:example:level:proficient', type: ['RubricCriterionLevel'], name: 'Proficient', description: 'b' },
      ],
    }])
  })

  it('refuses an invalid definition, listing every problem with its path', () => {
    const bad = {
      id: 'not a uri',
      name: '',
      keyMethod: 'x',
      colour: 'blue',
      evidenceParts: [
        { id: 'overview', name: 'Overview', kind: 'overview-answers', wordLimit: 0, questions: ['a', ''], count: 3 },
        { id: 'overview', name: 'Again', kind: 'essay' },
        { id: 'bad id!', name: 'Work', kind: 'artifacts', count: 1.5 },
        { id: 'orphan', name: 'Orphan', kind: 'teacher-reflection' },
      ],
      rubric: [
        { part: 'overview', levels: [{ name: 'Low', description: 'l' }, { name: 'Low', description: 'm' }, { id: 'low', name: 'Other', description: 'n', points: -1 }], requiredLevel: 'High' },
        { part: 'ghost', levels: [{ name: 'Only', description: 'o' }] },
        { part: 'overview', levels: [{ name: 'A', description: '' }, { name: '!!', description: 'p' }], requiredLevel: 'A' },
      ],
      alignments: [{ targetName: 'X', targetType: 'Planet' }],
      creditsAvailable: -2,
      image: { url: 'https://x.example/i.png' },
      achievementType: 'Trophy',
      tags: ['ok', 3],
    }
    const expected = [
      { path: '/colour', message: 'is not a known property' },
      { path: '/id', message: 'must be a URI' },
      { path: '/name', message: 'must be a non-empty string' },
      { path: '/competency', message: 'is required' },
      { path: '/evidenceParts/0/wordLimit', message: 'must be a whole number ≥ 1' },
      { path: '/evidenceParts/0/questions/1', message: 'must be a non-empty string' },
      { path: '/evidenceParts/0/count', message: 'must equal the number of questions (2)' },
      { path: '/evidenceParts/1/id', message: 'duplicates the id of /evidenceParts/0' },
      { path: '/evidenceParts/1/kind', message: 'must be one of: overview-answers, artifacts, student-reflections, teacher-reflection' },
      { path: '/evidenceParts/2/id', message: 'must be a slug (letters, digits, ".", "_", "-") or a URI' },
      { path: '/evidenceParts/2/count', message: 'must be a whole number ≥ 1' },
      { path: '/rubric/0/levels/1/name', message: 'duplicates the name of /rubric/0/levels/0' },
      { path: '/rubric/0/levels/2/points', message: 'must be a number ≥ 0' },
      { path: '/rubric/0/levels/2/id', message: 'duplicates the level id "low" of /rubric/0/levels/0' },
      { path: '/rubric/0/requiredLevel', message: 'must be the id or name of one of the levels' },
      { path: '/rubric/1/part', message: 'must be the id of an evidence part' },
      { path: '/rubric/1/levels', message: 'needs at least two levels, lowest first' },
      { path: '/rubric/1/requiredLevel', message: 'is required' },
      { path: '/rubric/2/part', message: 'duplicates the rubric entry /rubric/0' },
      { path: '/rubric/2/levels/0/description', message: 'must be a non-empty string' },
      { path: '/rubric/2/levels/1/name', message: 'gives no id as a slug; add an "id"' },
      { path: '/evidenceParts/3', message: 'has no rubric entry' },
      { path: '/alignments/0/targetUrl', message: 'is required' },
      { path: '/alignments/0/targetType', message: 'must be an OB 3.0 alignment target type or an ext: term' },
      { path: '/creditsAvailable', message: 'must be a number ≥ 0' },
      { path: '/image', message: 'must be a URI or an Image object {id, caption?}' },
      { path: '/achievementType', message: 'must be an OB 3.0 achievement type or an ext: term' },
      { path: '/tags/1', message: 'must be a non-empty string' },
    ]
    expect(checkMicroCredentialDefinition(bad)).toEqual(expected)
    expect(() => defineMicroCredential(bad as never)).toThrow(expect.objectContaining({ code: 'ERR_OB3_DEFINITION_INVALID', details: { problems: expected } }))
  })

  it('refuses a definition with no parts or rubric, and a non-object', () => {
    expect(checkMicroCredentialDefinition({ id: ID, name: 'n', competency: 'c', keyMethod: 'k', evidenceParts: [], rubric: [] })).toEqual([
      { path: '/evidenceParts', message: 'must be a non-empty array' },
      { path: '/rubric', message: 'must be a non-empty array, one entry per evidence part' },
    ])
    expect(checkMicroCredentialDefinition(null)).toEqual([{ path: '', message: 'must be an object' }])
    expect(checkMicroCredentialDefinition(ideaGenerating)).toEqual([])
  })
})

describe('rubricResults', () => {
  it('gives one Result per scored part, in evidence order, by level id or name', () => {
    expect(rubricResults(ideaGenerating, { 'teacher-reflection': 'not-yet', overview: 'Pass', 'student-work': 'yes' })).toEqual([
      { type: ['Result'], resultDescription: `${R}/overview`, achievedLevel: `${R}/overview/pass` },
      { type: ['Result'], resultDescription: `${R}/student-work`, achievedLevel: `${R}/student-work/yes` },
      { type: ['Result'], resultDescription: `${R}/teacher-reflection`, achievedLevel: `${R}/teacher-reflection/not-yet` },
    ])
  })

  it('refuses unknown parts and levels, listing each', () => {
    expect(() => rubricResults(ideaGenerating, { overview: 'Excellent', essay: 'Pass', 'student-work': 'Yes' })).toThrow(expect.objectContaining({
      code: 'ERR_OB3_RUBRIC_LEVEL_UNKNOWN',
      details: { problems: [
        { path: '/overview', message: 'is not a level of this part (levels: Not yet, Pass)' },
        { path: '/essay', message: 'is not an evidence part of this micro-credential' },
      ] },
    }))
  })

  it('refuses an invalid definition', () => {
    expect(() => rubricResults({ ...ideaGenerating, rubric: [] }, {})).toThrow(expect.objectContaining({ code: 'ERR_OB3_DEFINITION_INVALID' }))
  })
})

describe('meetsAwardRule', () => {
  it('passes when every part is at or above its required level', () => {
    expect(meetsAwardRule(ideaGenerating, { overview: 'Pass', 'student-work': 'Yes', 'student-reflections': 'Pass', 'teacher-reflection': 'Pass' })).toEqual({ passed: true, failedParts: [] })
  })

  it('fails the parts below their level and the parts not scored', () => {
    expect(meetsAwardRule(ideaGenerating, { overview: 'Pass', 'student-work': 'No', 'teacher-reflection': 'Not yet' })).toEqual({ passed: false, failedParts: ['student-work', 'student-reflections', 'teacher-reflection'] })
  })

  it('counts a level above the required one as passing', () => {
    const threeLevels: MicroCredentialDefinition = {
      ...ideaGenerating,
      evidenceParts: [{ id: 'plan', name: 'Plan', kind: 'artifacts' }],
      rubric: [{ part: 'plan', levels: [{ name: 'Beginning', description: 'a' }, { name: 'Developing', description: 'b' }, { name: 'Proficient', description: 'c' }], requiredLevel: 'Developing' }],
    }
    expect(meetsAwardRule(threeLevels, { plan: 'Proficient' })).toEqual({ passed: true, failedParts: [] })
    expect(meetsAwardRule(threeLevels, { plan: 'developing' })).toEqual({ passed: true, failedParts: [] })
    expect(meetsAwardRule(threeLevels, { plan: 'Beginning' })).toEqual({ passed: false, failedParts: ['plan'] })
    expect(() => meetsAwardRule(threeLevels, { plan: 'Expert' })).toThrow(expect.objectContaining({ code: 'ERR_OB3_RUBRIC_LEVEL_UNKNOWN' }))
  })
})
