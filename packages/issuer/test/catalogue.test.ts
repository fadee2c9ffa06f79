import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof, validateCredential } from '@ob3/core'
import { buildCredential } from '../src/build-credential.js'
import { defineMicroCredential, findMicroCredential, loadCatalogue, type Catalogue } from '../src/micro-credentials/index.js'
import { countStringWork } from '../../../test/support/count-string-work.js'

const read = (name: string) => readFileSync(new URL(`../../../examples/catalogues/${name}`, import.meta.url), 'utf8')
const DL_TEXT = read('deeper-learning-sample.yaml')
const PBL_TEXT = read('pbl-medallion.json')
const NW = 'https://academy.northwind.example/micro-credentials'
const RB = 'https://pbl.riverbend.example/micro-credentials'
const NOW = new Date('2026-02-03T04:05:06Z')

const shape = (c: Catalogue) => c.categories.map((cat) => [cat.id, cat.microCredentials.map((mc) => mc.id)])

async function expectEveryMicroCredentialSigns(catalogue: Catalogue): Promise<void> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
  const signer = await createEd25519Signer(key)
  for (const mc of catalogue.categories.flatMap((c) => c.microCredentials)) {
    const credential = await buildCredential({ award: { achievement: defineMicroCredential(mc), recipient: { id: 'did:example:teacher' } }, issuer: { id: key.controller, name: catalogue.provider.name }, now: NOW })
    expect(validateCredential(credential).issues, mc.id).toEqual([])
    const signed = await signLinkedDataProof({ document: credential, signer, created: NOW })
    expect(validateCredential(signed).issues, mc.id).toEqual([])
  }
}

describe('loadCatalogue: the example catalogues', () => {
  it('loads the Deeper Learning sample (YAML, with anchors)', async () => {
    const catalogue = loadCatalogue(DL_TEXT)
    expect(catalogue.id).toBe('https://academy.northwind.example/catalogues/deeper-learning-sample')
    expect(catalogue.provider).toEqual({ name: 'Northwind Educator Academy', url: 'https://academy.northwind.example' })
    expect(shape(catalogue)).toEqual([
      ['master-core-academic-content', [`${NW}/mapping-concepts`]],
      ['think-critically', [`${NW}/idea-generating`, `${NW}/evaluating-online-information`]],
      ['work-collaboratively', [`${NW}/productive-teamwork`, `${NW}/resolving-conflicts`]],
      ['communicate-effectively', [`${NW}/active-listening`]],
      ['develop-academic-mindsets', [`${NW}/growth-mindset`]],
    ])
    expect(catalogue.stacks).toEqual([])
    const ig = findMicroCredential(catalogue, `${NW}/idea-generating`)
    expect(ig?.name).toBe('Idea Generating')
    expect(ig?.evidenceParts.map((p) => [p.id, p.kind, p.count, p.wordLimit])).toEqual([
      ['overview', 'overview-answers', undefined, 200],
      ['student-work', 'artifacts', 2, undefined],
      ['student-reflections', 'student-reflections', 2, 200],
      ['teacher-reflection', 'teacher-reflection', 1, 200],
    ])
    expect(ig?.rubric.map((r) => [r.part, r.requiredLevel])).toEqual([['overview', 'Pass'], ['student-work', 'Yes'], ['student-reflections', 'Pass'], ['teacher-reflection', 'Pass']])
    await expectEveryMicroCredentialSigns(catalogue)
  })

  it('loads the Project Based Learning medallion catalogue (JSON) and its stack', async () => {
    const catalogue = loadCatalogue(PBL_TEXT)
    expect(shape(catalogue)).toEqual([
      ['planning-and-preparation', [`${RB}/designing-authentic-tasks`, `${RB}/infusing-skills`, `${RB}/planning-for-student-voice-and-choice`]],
      ['instruction', [`${RB}/providing-scaffolding`, `${RB}/effective-facilitation-coaching`]],
      ['assessment', [`${RB}/formative-assessment`, `${RB}/summative-assessment`]],
      ['classroom-environment', [`${RB}/a-culture-of-reflection`, `${RB}/creating-an-environment-of-sustained-inquiry`]],
    ])
    expect(catalogue.stacks.map((s) => [s.id, s.name, s.requires.count, s.requires.from?.length, s.requires.atLeastOnePerCategory])).toEqual([
      ['https://pbl.riverbend.example/stacks/digital-medallion', 'Digital Medallion', 9, 9, ['planning-and-preparation', 'instruction', 'assessment', 'classroom-environment']],
    ])
    const hours = catalogue.categories.flatMap((c) => c.microCredentials).reduce((sum, mc) => sum + (mc.creditsAvailable ?? 0), 0)
    expect(hours).toBe(15)
    expect(findMicroCredential(catalogue, `${RB}/formative-assessment`)?.name).toBe('Formative Assessment')
    expect(findMicroCredential(catalogue, `${RB}/unknown`)).toBeUndefined()
    await expectEveryMicroCredentialSigns(catalogue)
  })

  it('sniffs the format, and honours an explicit one', () => {
    expect(loadCatalogue(`\uFEFF  \n${PBL_TEXT}`).id).toBe('https://pbl.riverbend.example/catalogues/pbl-medallion')
    expect(loadCatalogue(PBL_TEXT, { format: 'yaml' }).id).toBe('https://pbl.riverbend.example/catalogues/pbl-medallion')
    expect(() => loadCatalogue(DL_TEXT, { format: 'json' })).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID' }))
  })
})

const part = (id: string) => ({ id, name: id.toUpperCase(), kind: 'artifacts' })
const entry = (p: string, requiredLevel = 'Yes') => ({ part: p, levels: [{ name: 'No', description: 'n' }, { name: 'Yes', description: 'y' }], requiredLevel })
const mc = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: 'N', competency: 'c', keyMethod: 'k', evidenceParts: [part('p')], rubric: [entry('p')], ...extra })

describe('loadCatalogue: invalid catalogues', () => {
  it('lists every problem of every micro-credential and stack, with its path', () => {
    const bad = {
      id: 'urn:example:catalogue',
      name: 'Bad',
      provider: { name: 'P', url: 'not a url' },
      categories: [
        { id: 'a', name: 'A', microCredentials: [mc('urn:example:mc:1'), mc('urn:example:mc:2')] },
        { id: 'b', name: 'B', microCredentials: [mc('urn:example:mc:1')] },
        { id: 'a', name: 'A again', microCredentials: [mc('urn:example:mc:3', { evidenceParts: [part('p'), part('q')], rubric: [entry('p'), entry('q', 'Maybe')] })] },
        { id: 'c d', microCredentials: [{ ...mc('urn:example:mc:4'), keyMethod: undefined, rubric: [entry('x')] }] },
      ],
      stacks: [{
        id: 'urn:example:mc:2',
        name: 'S',
        description: 'd',
        requires: { count: 5, from: ['urn:example:mc:1', 'urn:example:nope'], atLeastOnePerCategory: ['b', 'zzz', 'a'] },
        achievement: { id: 'urn:example:s', name: 'S', description: 'd', criteria: {}, achievementType: 'Medal' },
      }],
    }
    const problems = [
      { path: '/provider/url', message: 'must be a URI' },
      { path: '/categories/1/microCredentials/0/id', message: 'duplicates the id at /categories/0/microCredentials/0/id' },
      { path: '/categories/2/id', message: 'duplicates the id at /categories/0/id' },
      { path: '/categories/2/microCredentials/0/rubric/1/requiredLevel', message: 'must be the id or name of one of the levels' },
      { path: '/categories/3/id', message: 'must be a slug (letters, digits, ".", "_", "-") or a URI' },
      { path: '/categories/3/name', message: 'is required' },
      { path: '/categories/3/microCredentials/0/keyMethod', message: 'is required' },
      { path: '/categories/3/microCredentials/0/rubric/0/part', message: 'must be the id of an evidence part' },
      { path: '/categories/3/microCredentials/0/evidenceParts/0', message: 'has no rubric entry' },
      { path: '/stacks/0/id', message: 'duplicates the id at /categories/0/microCredentials/1/id' },
      { path: '/stacks/0/requires/from/1', message: 'is not a micro-credential of this catalogue' },
      { path: '/stacks/0/requires/count', message: 'is more than the 1 micro-credentials that count' },
      { path: '/stacks/0/requires/atLeastOnePerCategory/0', message: 'has no micro-credential that counts toward this stack' },
      { path: '/stacks/0/requires/atLeastOnePerCategory/1', message: 'is not a category of this catalogue' },
      { path: '/stacks/0/achievement/criteria', message: 'needs a narrative or an id' },
      { path: '/stacks/0/achievement/achievementType', message: 'must be an OB 3.0 achievement type or an ext: term' },
    ]
    expect(() => loadCatalogue(JSON.stringify(bad))).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID', details: { problems } }))
  })

  it('reports a problem inside a YAML catalogue at its path', () => {
    const text = DL_TEXT.replace('requiredLevel: "Yes"', 'requiredLevel: Maybe').replace('wordLimit: 200', 'wordLimit: 0')
    expect(() => loadCatalogue(text)).toThrow(expect.objectContaining({
      code: 'ERR_OB3_CATALOGUE_INVALID',
      details: { problems: [
        { path: '/categories/0/microCredentials/0/evidenceParts/0/wordLimit', message: 'must be a whole number ≥ 1' },
        { path: '/categories/0/microCredentials/0/rubric/1/requiredLevel', message: 'must be the id or name of one of the levels' },
      ] },
    }))
  })

  it('refuses an empty or shapeless catalogue', () => {
    expect(() => loadCatalogue('name: x\nextra: 1\n')).toThrow(expect.objectContaining({
      code: 'ERR_OB3_CATALOGUE_INVALID',
      details: { problems: [
        { path: '/extra', message: 'is not a known property' },
        { path: '/id', message: 'is required' },
        { path: '/provider', message: 'is required: {name, url?}' },
        { path: '/categories', message: 'must be a non-empty array' },
      ] },
    }))
    expect(() => loadCatalogue('[]')).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID', details: { problems: [{ path: '', message: 'must be an object' }] } }))
  })

  it('refuses syntax errors in either format', () => {
    expect(() => loadCatalogue('{"id": ')).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID', details: { problems: [{ path: '', message: expect.stringMatching(/^the catalogue is not valid JSON/) }] } }))
    expect(() => loadCatalogue('id: a\nid: b\n')).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID', details: { problems: [{ path: '', message: 'not valid YAML: Map keys must be unique at line 2, column 1' }] } }))
    expect(() => loadCatalogue('id: *nowhere\n')).toThrow(expect.objectContaining({ code: 'ERR_OB3_CATALOGUE_INVALID' }))
  })
})

describe('loadCatalogue: bounded input', () => {
  it('refuses a YAML alias bomb without expanding it (work counted, not timed)', () => {
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i)
      const name = String.fromCharCode(97 + i)
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`)
    }
    const bomb = lines.join('\n')
    const { work, error } = countStringWork(() => loadCatalogue(bomb))
    expect(error).toMatchObject({ code: 'ERR_OB3_INPUT_TOO_LARGE', details: { limit: 100 } })
    // Expanded, the bomb is 9¹⁰ strings; refused, it is read a bounded number of times.
    expect(work).toBeLessThan(200 * bomb.length)
  })

  it('refuses aliases altogether with maxAliasCount 0', () => {
    expect(() => loadCatalogue(DL_TEXT, { maxAliasCount: 0 })).toThrow(expect.objectContaining({
      code: 'ERR_OB3_CATALOGUE_INVALID',
      details: { problems: [{ path: '', message: 'not valid YAML: Alias resolution is disabled' }] },
    }))
  })

  it('refuses text over the size limit, deep nesting and __proto__ keys', () => {
    expect(() => loadCatalogue(PBL_TEXT, { maxLength: 1000 })).toThrow(expect.objectContaining({ code: 'ERR_OB3_INPUT_TOO_LARGE', details: { length: PBL_TEXT.length, limit: 1000 } }))
    expect(() => loadCatalogue(`a: ${'['.repeat(100_000)}`)).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_TOO_DEEP', details: { limit: 64 } }))
    expect(() => loadCatalogue(Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_TOO_DEEP' }))
    expect(() => loadCatalogue(`${'['.repeat(100)}${']'.repeat(100)}`)).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_TOO_DEEP' }))
    expect(() => loadCatalogue('__proto__: { polluted: true }\nid: urn:x\n')).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }))
    expect(() => loadCatalogue('{"__proto__": {"polluted": true}}')).toThrow(expect.objectContaining({ code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses wrong usage with a TypeError', () => {
    expect(() => loadCatalogue(42 as never)).toThrow(TypeError)
    expect(() => loadCatalogue('{}', { format: 'toml' as never })).toThrow(TypeError)
  })
})
