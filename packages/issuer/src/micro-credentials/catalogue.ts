import { ACHIEVEMENT_TYPES, Ob3Error, assertSafeJsonValue, isOb3Error, parseJson } from '@ob3/core'
import { parseDocument } from 'yaml'
import type { StackDefinition } from '../stacks/evaluate-stack.js'
import { checkMicroCredentialDefinition, type DefinitionProblem, type MicroCredentialDefinition } from './define-micro-credential.js'
import { EXT, SLUG, URI, isObj, isText, text, unknownKeys, uri, type Add, type Obj } from '../lib/checks.js'

/**
 * A group of micro-credentials, e.g. a Deeper Learning competency category.
 * @example `{ id: 'work-collaboratively', name: 'Work collaboratively', microCredentials: [teamwork] }`
 */
export interface CatalogueCategory {
  id: string
  name: string
  description?: string
  microCredentials: MicroCredentialDefinition[]
}

/**
 * A provider's micro-credentials by category, and the stacks they build. See `examples/catalogues/`.
 * @example `catalogue.categories.flatMap((c) => c.microCredentials).map((mc) => mc.name)`
 */
export interface Catalogue {
  id: string
  name: string
  description?: string
  provider: { name: string; url?: string; id?: string; description?: string }
  categories: CatalogueCategory[]
  stacks: StackDefinition[]
}

/**
 * Options for {@link loadCatalogue}.
 * @example `loadCatalogue(text, { format: 'yaml', maxAliasCount: 0 })`
 */
export interface LoadCatalogueOptions {
  /** Default: JSON when the text starts with `{` or `[`, YAML otherwise. */
  format?: 'json' | 'yaml'
  /** Largest accepted text, in UTF-16 code units. Default 2 MiB. */
  maxLength?: number
  /** YAML alias expansions allowed (the yaml library's `maxAliasCount`); 0 refuses aliases. Default 100. */
  maxAliasCount?: number
}

/**
 * Default bound on the size of a catalogue file (2 MiB).
 * @example `loadCatalogue(text, { maxLength: DEFAULT_MAX_CATALOGUE_LENGTH * 2 })`
 */
export const DEFAULT_MAX_CATALOGUE_LENGTH = 2 * 1024 * 1024

function invalid(problems: DefinitionProblem[], cause?: unknown): Ob3Error {
  const list = problems.slice(0, 10).map((p) => `${p.path || '/'} ${p.message}`).join('; ')
  return new Ob3Error('ERR_OB3_CATALOGUE_INVALID', `the catalogue is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${list}`, { details: { problems }, ...(cause === undefined ? {} : { cause }) })
}

const MAX_DEPTH = 64

/**
 * Refuse deeply nested YAML flow collections before parsing (the parser recurses). Brackets are
 * counted everywhere, quoted or not: an unbalanced `[` in a text only makes the count higher,
 * never lower, so the check errs on the safe side.
 */
function assertFlowDepth(text: string): void {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) throw new Ob3Error('ERR_OB3_JSON_TOO_DEEP', `the catalogue nests deeper than ${MAX_DEPTH} levels`, { details: { limit: MAX_DEPTH } })
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--
  }
}

function parseText(input: string, options: LoadCatalogueOptions): unknown {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const maxLength = options.maxLength ?? DEFAULT_MAX_CATALOGUE_LENGTH
  if (text.length > maxLength) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the catalogue is ${text.length} characters; the limit is ${maxLength}`, { details: { length: text.length, limit: maxLength } })
  }
  const format = options.format ?? (/^\s*[{[]/.test(text) ? 'json' : 'yaml')
  if (format === 'json') {
    try {
      return parseJson(text, { maxLength, maxDepth: MAX_DEPTH, label: 'the catalogue' })
    } catch (cause) {
      if (isOb3Error(cause, 'ERR_OB3_JSON_INVALID')) throw invalid([{ path: '', message: cause.message }], cause)
      throw cause
    }
  }
  if (format !== 'yaml') throw new TypeError(`loadCatalogue: format must be "json" or "yaml", not ${String(format)}`)
  const maxAliasCount = options.maxAliasCount ?? 100
  assertFlowDepth(text)
  const tooDeep = (cause: unknown) => new Ob3Error('ERR_OB3_JSON_TOO_DEEP', `the catalogue nests deeper than ${MAX_DEPTH} levels`, { details: { limit: MAX_DEPTH }, cause })
  let value: unknown
  try {
    // The core schema (YAML 1.2): no merge keys, no custom tags; duplicate keys are errors.
    const doc = parseDocument(text, { schema: 'core', merge: false, uniqueKeys: true })
    const errors = doc.errors
    // The yaml library reports a stack overflow (deep block nesting) as a parse error.
    if (errors.some((e) => /maximum call stack/i.test(e.message))) throw tooDeep(errors[0])
    if (errors.length > 0) throw invalid(errors.slice(0, 20).map((e) => ({ path: '', message: `not valid YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}` })))
    value = doc.toJS({ maxAliasCount })
  } catch (cause) {
    if (isOb3Error(cause)) throw cause
    const message = cause instanceof Error ? cause.message : String(cause)
    if (/excessive alias count/i.test(message)) {
      throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the catalogue expands YAML aliases more than ${maxAliasCount} times`, { details: { limit: maxAliasCount }, cause })
    }
    if (cause instanceof RangeError) throw tooDeep(cause)
    throw invalid([{ path: '', message: `not valid YAML: ${message}` }], cause)
  }
  assertSafeJsonValue(value, { label: 'the catalogue', maxDepth: MAX_DEPTH })
  return value
}

function checkStack(s: unknown, path: string, categories: Map<string, Set<string>>, add: Add): void {
  if (!isObj(s)) return add(path, 'must be an object')
  unknownKeys(s, ['id', 'name', 'description', 'requires', 'achievement'], path, add)
  for (const key of ['name', 'description']) text(s, key, path, add, true)
  const all = new Set([...categories.values()].flatMap((ids) => [...ids]))
  let pool = all
  const r = s.requires
  const rp = `${path}/requires`
  if (!isObj(r)) add(rp, 'is required: {count, from?, atLeastOnePerCategory?}')
  else {
    unknownKeys(r, ['count', 'from', 'atLeastOnePerCategory'], rp, add)
    if (r.from !== undefined) {
      if (!Array.isArray(r.from) || r.from.length === 0) add(`${rp}/from`, 'must be a non-empty array of micro-credential ids')
      else {
        pool = new Set()
        r.from.forEach((id: unknown, i) => {
          if (typeof id !== 'string' || !all.has(id)) add(`${rp}/from/${i}`, 'is not a micro-credential of this catalogue')
          else if (pool.has(id)) add(`${rp}/from/${i}`, 'is listed twice')
          else pool.add(id)
        })
      }
    }
    if (!(typeof r.count === 'number' && Number.isInteger(r.count) && r.count >= 1)) add(`${rp}/count`, 'must be a whole number ≥ 1')
    else if (r.count > pool.size) add(`${rp}/count`, `is more than the ${pool.size} micro-credentials that count`)
    if (r.atLeastOnePerCategory !== undefined) {
      if (!Array.isArray(r.atLeastOnePerCategory)) add(`${rp}/atLeastOnePerCategory`, 'must be an array of category ids')
      else r.atLeastOnePerCategory.forEach((id: unknown, i) => {
        const members = typeof id === 'string' ? categories.get(id) : undefined
        if (members === undefined) add(`${rp}/atLeastOnePerCategory/${i}`, 'is not a category of this catalogue')
        else if (![...members].some((m) => pool.has(m))) add(`${rp}/atLeastOnePerCategory/${i}`, 'has no micro-credential that counts toward this stack')
      })
    }
  }
  const a = s.achievement
  const ap = `${path}/achievement`
  if (!isObj(a)) return add(ap, 'is required: the achievement of the stack credential')
  uri(a, 'id', ap, add, true)
  for (const key of ['name', 'description']) text(a, key, ap, add, true)
  const c = a.criteria
  if (!isObj(c) || !(isText(c.narrative) || (typeof c.id === 'string' && URI.test(c.id)))) add(`${ap}/criteria`, 'needs a narrative or an id')
  const t = a.achievementType
  if (t !== undefined && !(typeof t === 'string' && ((ACHIEVEMENT_TYPES as readonly string[]).includes(t) || EXT.test(t)))) add(`${ap}/achievementType`, 'must be an OB 3.0 achievement type or an ext: term')
  const credits = a.creditsAvailable
  if (credits !== undefined && !(typeof credits === 'number' && Number.isFinite(credits) && credits >= 0)) add(`${ap}/creditsAvailable`, 'must be a number ≥ 0')
}

/** Every problem of a parsed catalogue, each with its JSON pointer. */
function checkCatalogue(value: unknown): DefinitionProblem[] {
  if (!isObj(value)) return [{ path: '', message: 'must be an object' }]
  const problems: DefinitionProblem[] = []
  const add: Add = (path, message) => { problems.push({ path, message }) }
  const ids = new Map<string, string>()
  const claim = (id: unknown, path: string): void => {
    if (typeof id !== 'string') return
    const previous = ids.get(id)
    if (previous === undefined) ids.set(id, path)
    else add(path, `duplicates the id at ${previous}`)
  }
  unknownKeys(value, ['id', 'name', 'description', 'provider', 'categories', 'stacks'], '', add)
  uri(value, 'id', '', add, true)
  claim(value.id, '/id')
  text(value, 'name', '', add, true)
  text(value, 'description', '', add, false)
  const provider = value.provider
  if (!isObj(provider)) add('/provider', 'is required: {name, url?}')
  else {
    unknownKeys(provider, ['id', 'name', 'url', 'description'], '/provider', add)
    text(provider, 'name', '/provider', add, true)
    uri(provider, 'url', '/provider', add, false)
    uri(provider, 'id', '/provider', add, false)
    text(provider, 'description', '/provider', add, false)
  }
  const categories = new Map<string, Set<string>>()
  if (!Array.isArray(value.categories) || value.categories.length === 0) add('/categories', 'must be a non-empty array')
  else value.categories.forEach((cat: unknown, i) => {
    const cp = `/categories/${i}`
    if (!isObj(cat)) return add(cp, 'must be an object')
    unknownKeys(cat, ['id', 'name', 'description', 'microCredentials'], cp, add)
    if (cat.id === undefined) add(`${cp}/id`, 'is required')
    else if (typeof cat.id !== 'string' || !(SLUG.test(cat.id) || URI.test(cat.id))) add(`${cp}/id`, 'must be a slug (letters, digits, ".", "_", "-") or a URI')
    claim(cat.id, `${cp}/id`)
    text(cat, 'name', cp, add, true)
    text(cat, 'description', cp, add, false)
    const members = new Set<string>()
    if (typeof cat.id === 'string' && !categories.has(cat.id)) categories.set(cat.id, members)
    if (!Array.isArray(cat.microCredentials)) return add(`${cp}/microCredentials`, 'must be an array')
    cat.microCredentials.forEach((mc: unknown, j) => {
      const mp = `${cp}/microCredentials/${j}`
      for (const p of checkMicroCredentialDefinition(mc)) add(`${mp}${p.path}`, p.message)
      if (isObj(mc) && typeof mc.id === 'string') {
        if (!ids.has(mc.id)) members.add(mc.id)
        claim(mc.id, `${mp}/id`)
      }
    })
  })
  if (value.stacks !== undefined) {
    if (!Array.isArray(value.stacks)) add('/stacks', 'must be an array')
    else value.stacks.forEach((s: unknown, i) => {
      const sp = `/stacks/${i}`
      if (isObj(s)) {
        if (s.id === undefined) add(`${sp}/id`, 'is required')
        else if (typeof s.id !== 'string' || !(SLUG.test(s.id) || URI.test(s.id))) add(`${sp}/id`, 'must be a slug (letters, digits, ".", "_", "-") or a URI')
        claim(s.id, `${sp}/id`)
      }
      checkStack(s, sp, categories, add)
    })
  }
  return problems
}

/**
 * Load a catalogue of micro-credentials from JSON or YAML text: its provider, its categories of
 * micro-credential definitions and its stacks. Input is bounded (size, nesting, YAML alias
 * expansion) and every problem in every micro-credential and stack is listed with its path
 * (`/categories/2/microCredentials/0/rubric/1/requiredLevel`). Ids are unique across the
 * catalogue; stacks must name its micro-credentials and categories.
 *
 * @throws Ob3Error `ERR_OB3_CATALOGUE_INVALID` (syntax or content, `details.problems`),
 *   `ERR_OB3_INPUT_TOO_LARGE` (size, alias expansion), `ERR_OB3_JSON_TOO_DEEP`, `ERR_OB3_JSON_FORBIDDEN_KEY`
 * @example
 * ```ts
 * const catalogue = loadCatalogue(await readFile('pbl-medallion.json', 'utf8'))
 * const achievement = defineMicroCredential(catalogue.categories[0]!.microCredentials[0]!)
 * ```
 */
export function loadCatalogue(text: string, options: LoadCatalogueOptions = {}): Catalogue {
  if (typeof text !== 'string') throw new TypeError('loadCatalogue: text must be a string')
  const value = parseText(text, options)
  const problems = checkCatalogue(value)
  if (problems.length > 0) throw invalid(problems)
  const c = value as Obj & Omit<Catalogue, 'stacks'> & { stacks?: StackDefinition[] }
  const catalogue: Catalogue = { id: c.id, name: c.name, provider: c.provider, categories: c.categories, stacks: c.stacks ?? [] }
  if (c.description !== undefined) catalogue.description = c.description
  return catalogue
}

/**
 * The micro-credential of a catalogue with this id, or `undefined`.
 * @example
 * ```ts
 * const mc = findMicroCredential(catalogue, 'https://pbl.example/mc/formative-assessment')
 * ```
 */
export function findMicroCredential(catalogue: Catalogue, id: string): MicroCredentialDefinition | undefined {
  for (const category of catalogue.categories) {
    const found = category.microCredentials.find((mc) => mc.id === id)
    if (found !== undefined) return found
  }
  return undefined
}
