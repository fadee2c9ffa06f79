import { ACHIEVEMENT_TYPES, ALIGNMENT_TARGET_TYPES, Ob3Error } from '@ob3/core'
import type { AchievementInput, ImageInput } from '../award.js'
import { EXT, SLUG, URI, isObj, isText, segment, text, unknownKeys, uri, type Add } from '../lib/checks.js'

/**
 * What an evidence part asks the educator for.
 * @example `const kind: EvidencePartKind = 'student-reflections'`
 */
export type EvidencePartKind = 'overview-answers' | 'artifacts' | 'student-reflections' | 'teacher-reflection'

/**
 * One part of a submission, e.g. "two student work samples" or "a teacher reflection of at most 200 words".
 * @example `{ id: 'student-work', name: 'Student work samples', kind: 'artifacts', count: 2 }`
 */
export interface EvidencePart {
  /** A slug (`overview`, `student-work`) or a URI, unique within the micro-credential. */
  id: string
  name: string
  kind: EvidencePartKind
  /** How many answers, artifacts or reflections. Default: the number of questions, else 1. */
  count?: number
  /** Most words per answer or reflection. */
  wordLimit?: number
  /** The questions an `overview-answers` part asks. */
  questions?: string[]
  /** More about what this part asks for, in Markdown. */
  description?: string
}

/**
 * One level of a rubric part. Levels are listed lowest first.
 * @example `{ name: 'Pass', description: 'Both samples show the process.', points: 1 }`
 */
export interface RubricLevel {
  /** A slug or a URI. Default: the name as a slug ("Not yet" → `not-yet`). */
  id?: string
  name: string
  description: string
  points?: number
}

/**
 * How one evidence part is scored: its ordered levels and the level an award needs.
 * @example `{ part: 'student-work', levels: [{ name: 'No', description: '…' }, { name: 'Yes', description: '…' }], requiredLevel: 'Yes' }`
 */
export interface RubricEntry {
  /** The id of the evidence part scored. */
  part: string
  /** Default: the part's name. */
  name?: string
  /** Ordered, lowest first. */
  levels: RubricLevel[]
  /** The id or name of the lowest passing level. */
  requiredLevel: string
}

/**
 * An alignment to a framework, e.g. a Deeper Learning competency category.
 * @example `{ targetFramework: 'Deeper Learning', targetName: 'Work collaboratively', targetUrl: 'https://academy.example/dl#collab' }`
 */
export interface AlignmentInput {
  targetName: string
  /** Required by OB 3.0. */
  targetUrl: string
  targetFramework?: string
  targetCode?: string
  targetDescription?: string
  /** An OB 3.0 AlignmentTargetType (`ceasn:Competency`, `CFItem`…) or an `ext:` term. */
  targetType?: string
}

/**
 * One educator micro-credential: a competency, its key method, the evidence asked for and a rubric.
 * @example
 * ```ts
 * const mc: MicroCredentialDefinition = { id: 'https://academy.example/mc/active-listening', name: 'Active Listening',
 *   competency: 'Students restate and build on what a peer said.', keyMethod: 'Paraphrase, ask, connect.',
 *   evidenceParts: [{ id: 'reflection', name: 'Teacher reflection', kind: 'teacher-reflection', wordLimit: 200 }],
 *   rubric: [{ part: 'reflection', levels: [{ name: 'Not yet', description: '…' }, { name: 'Pass', description: '…' }], requiredLevel: 'Pass' }] }
 * ```
 */
export interface MicroCredentialDefinition {
  /** The achievement id (a URI). */
  id: string
  name: string
  /** The competency, in one sentence. Becomes the description unless `description` is given. */
  competency: string
  description?: string
  /** The research-backed key method, in Markdown. */
  keyMethod: string
  researchBasis?: string
  /** Default: a narrative built from the competency, key method, evidence parts and rubric. */
  criteria?: { id?: string; narrative?: string }
  /** What the educator submits, part by part (overview answers, artifacts, reflections). */
  evidenceParts: EvidencePart[]
  /** One entry per evidence part. */
  rubric: RubricEntry[]
  alignments?: AlignmentInput[]
  /** Clock hours, e.g. for recertification. */
  creditsAvailable?: number
  image?: ImageInput
  /** Default `MicroCredential`. */
  achievementType?: string
  tags?: string[]
  version?: string
  humanCode?: string
}

/**
 * One problem in a definition, at a JSON pointer.
 * @example `{ path: '/rubric/1/requiredLevel', message: 'must be the id or name of one of the levels' }`
 */
export interface DefinitionProblem {
  path: string
  message: string
}

/**
 * Whether a submission meets the award rule, and which parts fell short.
 * @example `{ passed: false, failedParts: ['student-work'] }`
 */
export interface AwardRuleResult {
  passed: boolean
  failedParts: string[]
}

const KINDS: readonly string[] = ['overview-answers', 'artifacts', 'student-reflections', 'teacher-reflection']
const NOUNS: Record<EvidencePartKind, [string, string]> = {
  'overview-answers': ['answer', 'answers'],
  artifacts: ['artifact', 'artifacts'],
  'student-reflections': ['student reflection', 'student reflections'],
  'teacher-reflection': ['teacher reflection', 'teacher reflections'],
}
const DEFINITION_KEYS = ['id', 'name', 'competency', 'description', 'keyMethod', 'researchBasis', 'criteria', 'evidenceParts', 'rubric', 'alignments', 'creditsAvailable', 'image', 'achievementType', 'tags', 'version', 'humanCode']
const PART_KEYS = ['id', 'name', 'kind', 'count', 'wordLimit', 'questions', 'description']
const ALIGNMENT_KEYS = ['targetName', 'targetUrl', 'targetFramework', 'targetCode', 'targetDescription', 'targetType']
const SLUG_OR_URI = 'must be a slug (letters, digits, ".", "_", "-") or a URI'

const isId = (v: unknown): v is string => typeof v === 'string' && (SLUG.test(v) || URI.test(v))
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 1
const isAmount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0
const slugify = (name: string): string => name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')


function checkPart(p: unknown, path: string, partIds: Map<string, string>, add: Add): void {
  if (!isObj(p)) return add(path, 'must be an object')
  unknownKeys(p, PART_KEYS, path, add)
  if (p.id === undefined) add(`${path}/id`, 'is required')
  else if (!isId(p.id)) add(`${path}/id`, SLUG_OR_URI)
  else if (partIds.has(p.id)) add(`${path}/id`, `duplicates the id of ${partIds.get(p.id)}`)
  else partIds.set(p.id, path)
  text(p, 'name', path, add, true)
  if (p.kind === undefined) add(`${path}/kind`, 'is required')
  else if (typeof p.kind !== 'string' || !KINDS.includes(p.kind)) add(`${path}/kind`, `must be one of: ${KINDS.join(', ')}`)
  for (const key of ['count', 'wordLimit']) if (p[key] !== undefined && !isCount(p[key])) add(`${path}/${key}`, 'must be a whole number ≥ 1')
  const q = p.questions
  if (q !== undefined) {
    if (!Array.isArray(q) || q.length === 0) add(`${path}/questions`, 'must be a non-empty array')
    else {
      q.forEach((item, i) => { if (!isText(item)) add(`${path}/questions/${i}`, 'must be a non-empty string') })
      if (isCount(p.count) && p.count !== q.length) add(`${path}/count`, `must equal the number of questions (${q.length})`)
    }
  }
  text(p, 'description', path, add, false)
}

function checkRubricEntry(r: unknown, path: string, partIds: Map<string, string>, scored: Map<string, string>, add: Add): void {
  if (!isObj(r)) return add(path, 'must be an object')
  unknownKeys(r, ['part', 'name', 'levels', 'requiredLevel'], path, add)
  if (r.part === undefined) add(`${path}/part`, 'is required')
  else if (typeof r.part !== 'string' || !partIds.has(r.part)) add(`${path}/part`, 'must be the id of an evidence part')
  else if (scored.has(r.part)) add(`${path}/part`, `duplicates the rubric entry ${scored.get(r.part)}`)
  else scored.set(r.part, path)
  text(r, 'name', path, add, false)
  const levels = Array.isArray(r.levels) ? r.levels : []
  if (levels.length < 2) add(`${path}/levels`, 'needs at least two levels, lowest first')
  const ids = new Map<string, string>()
  const names = new Map<string, string>()
  levels.forEach((l: unknown, i) => {
    const lp = `${path}/levels/${i}`
    if (!isObj(l)) return add(lp, 'must be an object')
    unknownKeys(l, ['id', 'name', 'description', 'points'], lp, add)
    text(l, 'name', lp, add, true)
    text(l, 'description', lp, add, true)
    if (l.id !== undefined && !isId(l.id)) add(`${lp}/id`, SLUG_OR_URI)
    if (l.points !== undefined && !isAmount(l.points)) add(`${lp}/points`, 'must be a number ≥ 0')
    if (!isText(l.name)) return
    const id = typeof l.id === 'string' ? l.id : slugify(l.name)
    if (names.has(l.name)) add(`${lp}/name`, `duplicates the name of ${names.get(l.name)}`)
    else if (id === '') add(`${lp}/name`, 'gives no id as a slug; add an "id"')
    else if (ids.has(id)) add(`${lp}/${l.id === undefined ? 'name' : 'id'}`, `duplicates the level id "${id}" of ${ids.get(id)}`)
    names.set(l.name, lp)
    if (id !== '' && !ids.has(id)) ids.set(id, lp)
  })
  if (r.requiredLevel === undefined) add(`${path}/requiredLevel`, 'is required')
  else if (typeof r.requiredLevel !== 'string' || (!ids.has(r.requiredLevel) && !names.has(r.requiredLevel))) add(`${path}/requiredLevel`, 'must be the id or name of one of the levels')
}

function checkAlignment(a: unknown, path: string, add: Add): void {
  if (!isObj(a)) return add(path, 'must be an object')
  unknownKeys(a, ALIGNMENT_KEYS, path, add)
  text(a, 'targetName', path, add, true)
  uri(a, 'targetUrl', path, add, true)
  for (const key of ['targetFramework', 'targetCode', 'targetDescription']) text(a, key, path, add, false)
  const t = a.targetType
  if (t !== undefined && !(typeof t === 'string' && ((ALIGNMENT_TARGET_TYPES as readonly string[]).includes(t) || EXT.test(t)))) add(`${path}/targetType`, 'must be an OB 3.0 alignment target type or an ext: term')
}

/**
 * Every problem of a micro-credential definition, each with its JSON pointer; `[]` when valid.
 * Never throws.
 * @example
 * ```ts
 * for (const p of checkMicroCredentialDefinition(JSON.parse(text))) console.log(p.path, p.message)
 * ```
 */
export function checkMicroCredentialDefinition(definition: unknown): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const add: Add = (path, message) => { problems.push({ path, message }) }
  if (!isObj(definition)) return [{ path: '', message: 'must be an object' }]
  const d = definition
  unknownKeys(d, DEFINITION_KEYS, '', add)
  uri(d, 'id', '', add, true)
  for (const key of ['name', 'competency', 'keyMethod']) text(d, key, '', add, true)
  for (const key of ['description', 'researchBasis']) text(d, key, '', add, false)
  if (d.criteria !== undefined) {
    if (!isObj(d.criteria)) add('/criteria', 'must be an object')
    else {
      unknownKeys(d.criteria, ['id', 'narrative'], '/criteria', add)
      uri(d.criteria, 'id', '/criteria', add, false)
      text(d.criteria, 'narrative', '/criteria', add, false)
    }
  }
  const partIds = new Map<string, string>()
  if (!Array.isArray(d.evidenceParts) || d.evidenceParts.length === 0) add('/evidenceParts', 'must be a non-empty array')
  else d.evidenceParts.forEach((p: unknown, i) => checkPart(p, `/evidenceParts/${i}`, partIds, add))
  const scored = new Map<string, string>()
  if (!Array.isArray(d.rubric) || d.rubric.length === 0) add('/rubric', 'must be a non-empty array, one entry per evidence part')
  else d.rubric.forEach((r: unknown, i) => checkRubricEntry(r, `/rubric/${i}`, partIds, scored, add))
  for (const [id, path] of partIds) if (!scored.has(id)) add(path, 'has no rubric entry')
  if (d.alignments !== undefined) {
    if (!Array.isArray(d.alignments)) add('/alignments', 'must be an array')
    else d.alignments.forEach((a: unknown, i) => checkAlignment(a, `/alignments/${i}`, add))
  }
  if (d.creditsAvailable !== undefined && !isAmount(d.creditsAvailable)) add('/creditsAvailable', 'must be a number ≥ 0')
  const img = d.image
  if (img !== undefined && !(typeof img === 'string' ? URI.test(img) : isObj(img) && typeof img.id === 'string' && URI.test(img.id) && (img.caption === undefined || typeof img.caption === 'string'))) {
    add('/image', 'must be a URI or an Image object {id, caption?}')
  }
  const t = d.achievementType
  if (t !== undefined && !(typeof t === 'string' && ((ACHIEVEMENT_TYPES as readonly string[]).includes(t) || EXT.test(t)))) add('/achievementType', 'must be an OB 3.0 achievement type or an ext: term')
  if (d.tags !== undefined) {
    if (!Array.isArray(d.tags)) add('/tags', 'must be an array of strings')
    else d.tags.forEach((tag: unknown, i) => { if (!isText(tag)) add(`/tags/${i}`, 'must be a non-empty string') })
  }
  for (const key of ['version', 'humanCode']) text(d, key, '', add, false)
  return problems
}

interface ScoredPart {
  part: EvidencePart
  entry: RubricEntry
  resultDescriptionId: string
  levels: { iri: string; id: string; name: string; source: RubricLevel }[]
  required: number
}

/** The definition's parts with their rubric resolved to IRIs, in evidence order; throws when invalid. */
function resolve(definition: MicroCredentialDefinition): ScoredPart[] {
  const problems = checkMicroCredentialDefinition(definition)
  if (problems.length > 0) {
    const list = problems.slice(0, 10).map((p) => `${p.path || '/'} ${p.message}`).join('; ')
    throw new Ob3Error('ERR_OB3_DEFINITION_INVALID', `the micro-credential definition is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${list}`, { details: { problems } })
  }
  return definition.evidenceParts.map((part) => {
    const entry = definition.rubric.find((r) => r.part === part.id) as RubricEntry
    const resultDescriptionId = URI.test(part.id) ? part.id : `${definition.id}/rubric/${part.id}`
    const levels = entry.levels.map((source) => {
      const id = source.id ?? slugify(source.name)
      return { iri: URI.test(id) ? id : `${resultDescriptionId}/${id}`, id, name: source.name, source }
    })
    const required = levels.findIndex((l) => l.id === entry.requiredLevel || l.name === entry.requiredLevel)
    return { part, entry, resultDescriptionId, levels, required }
  })
}

function describePart(part: EvidencePart): string {
  const count = part.count ?? part.questions?.length ?? 1
  const [one, many] = NOUNS[part.kind]
  let line = `**${part.name}**: ${count} ${count === 1 ? one : many}`
  if (part.wordLimit !== undefined) line += `, ${count === 1 ? 'at most' : 'each at most'} ${part.wordLimit} words`
  line += '.'
  if (part.description !== undefined) line += ` ${part.description}`
  return [line, ...(part.questions ?? []).map((q) => `   - ${q}`)].join('\n')
}

function criteriaNarrative(definition: MicroCredentialDefinition, parts: ScoredPart[]): string {
  const sections = [`**Competency.** ${definition.competency}`, `**Key method.** ${definition.keyMethod}`]
  if (definition.researchBasis !== undefined) sections.push(`**Research basis.** ${definition.researchBasis}`)
  sections.push(`**Evidence to submit.**\n\n${parts.map((p, i) => `${i + 1}. ${describePart(p.part)}`).join('\n')}`)
  const rule = parts.map((p) => `${p.part.name}: "${p.levels[p.required]?.name}"`).join('; ')
  sections.push(`**Award rule.** Every part reaches at least its required level (${rule}).`)
  return sections.join('\n\n')
}

/**
 * Turn a micro-credential definition into the OB 3.0 Achievement that `buildCredential` takes:
 * achievementType `MicroCredential`, a criteria narrative built from the competency, key method,
 * research basis, evidence parts and award rule (unless `criteria.narrative` is given), one
 * ResultDescription per evidence part (resultType `RubricCriterionLevel`, ordered levels with
 * IRIs `<id>/rubric/<part>/<level>`, `requiredLevel`), alignments, credits, tags.
 *
 * @throws Ob3Error `ERR_OB3_DEFINITION_INVALID` with `details.problems` listing every problem
 * @example
 * ```ts
 * const achievement = defineMicroCredential(ideaGenerating)
 * const credential = await buildCredential({ award: { achievement, recipient: { id: teacherDid } }, issuer })
 * ```
 */
export function defineMicroCredential(definition: MicroCredentialDefinition): AchievementInput {
  const parts = resolve(definition)
  const d = definition
  const criteria: { id?: string; narrative?: string } = {}
  if (d.criteria?.id !== undefined) criteria.id = d.criteria.id
  criteria.narrative = d.criteria?.narrative ?? criteriaNarrative(d, parts)
  const achievement: AchievementInput = { id: d.id, name: d.name, description: d.description ?? d.competency, criteria, achievementType: d.achievementType ?? 'MicroCredential' }
  if (d.image !== undefined) achievement.image = d.image
  if (d.creditsAvailable !== undefined) achievement.creditsAvailable = d.creditsAvailable
  if (d.alignments !== undefined && d.alignments.length > 0) achievement.alignment = d.alignments.map((a) => ({ type: ['Alignment'], ...a }))
  achievement.resultDescription = parts.map((p) => ({
    id: p.resultDescriptionId,
    type: ['ResultDescription'],
    name: p.entry.name ?? p.part.name,
    resultType: 'RubricCriterionLevel',
    requiredLevel: p.levels[p.required]?.iri,
    rubricCriterionLevel: p.levels.map((l) => ({
      id: l.iri,
      type: ['RubricCriterionLevel'],
      name: l.name,
      description: l.source.description,
      // OB 3.0 types `points` as a string.
      ...(l.source.points === undefined ? {} : { points: String(l.source.points) }),
    })),
  }))
  if (d.tags !== undefined && d.tags.length > 0) achievement.tag = [...d.tags]
  if (d.version !== undefined) achievement.version = d.version
  if (d.humanCode !== undefined) achievement.humanCode = d.humanCode
  return achievement
}

/** Each scored part's level index, refusing parts and levels the rubric does not have. */
function levelIndexes(parts: ScoredPart[], levels: Record<string, string>): Map<ScoredPart, number> {
  if (!isObj(levels)) throw new TypeError('levels must be an object mapping part ids to level ids or names')
  const problems: DefinitionProblem[] = []
  const found = new Map<ScoredPart, number>()
  for (const [partId, level] of Object.entries(levels)) {
    const part = parts.find((p) => p.part.id === partId)
    if (part === undefined) { problems.push({ path: `/${segment(partId)}`, message: 'is not an evidence part of this micro-credential' }); continue }
    const index = part.levels.findIndex((l) => l.id === level || l.name === level)
    if (index < 0) problems.push({ path: `/${segment(partId)}`, message: `is not a level of this part (levels: ${part.levels.map((l) => l.name).join(', ')})` })
    else found.set(part, index)
  }
  if (problems.length > 0) {
    throw new Ob3Error('ERR_OB3_RUBRIC_LEVEL_UNKNOWN', `unknown rubric parts or levels: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { details: { problems } })
  }
  return found
}

/**
 * The OB 3.0 `Result` entries for an award: for each part scored, its `resultDescription` IRI and
 * the `achievedLevel` IRI. Levels are given by id or name; results follow the evidence order.
 *
 * @throws Ob3Error `ERR_OB3_RUBRIC_LEVEL_UNKNOWN` for an unknown part or level,
 *   `ERR_OB3_DEFINITION_INVALID` for an invalid definition
 * @example
 * ```ts
 * const results = rubricResults(ideaGenerating, { overview: 'Pass', 'student-work': 'Yes' })
 * ```
 */
export function rubricResults(definition: MicroCredentialDefinition, levels: Record<string, string>): Record<string, unknown>[] {
  const parts = resolve(definition)
  const found = levelIndexes(parts, levels)
  return parts.flatMap((p) => {
    const index = found.get(p)
    if (index === undefined) return []
    return [{ type: ['Result'], resultDescription: p.resultDescriptionId, achievedLevel: p.levels[index]?.iri }]
  })
}

/**
 * Whether the levels reached meet the award rule: every part at or above its required level
 * (levels are ordered lowest first). A part with no level given fails.
 *
 * @throws Ob3Error `ERR_OB3_RUBRIC_LEVEL_UNKNOWN`, `ERR_OB3_DEFINITION_INVALID`
 * @example
 * ```ts
 * meetsAwardRule(ideaGenerating, { overview: 'Pass', 'student-work': 'No' }) // { passed: false, failedParts: ['student-work', …] }
 * ```
 */
export function meetsAwardRule(definition: MicroCredentialDefinition, levels: Record<string, string>): AwardRuleResult {
  const parts = resolve(definition)
  const found = levelIndexes(parts, levels)
  const failedParts = parts.filter((p) => (found.get(p) ?? -1) < p.required).map((p) => p.part.id)
  return { passed: failedParts.length === 0, failedParts }
}
