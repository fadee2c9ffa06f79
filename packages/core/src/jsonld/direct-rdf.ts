import contextApi from 'jsonld/lib/context.js'
import events from 'jsonld/lib/events.js'
import { BUNDLED_CONTEXTS } from './contexts.js'
import { CachingContextResolver, markBundledLoader } from './context-resolver.js'
import type { DocumentLoader } from './create-document-loader.js'
import { PROCESSING_MODE, installFastContexts } from './fast-contexts.js'

/**
 * The RDF dataset of a JSON-LD document, straight from the JSON, for the documents whose meaning
 * is plain: contexts that are bundled URLs, node objects with `@id` and `@type`, properties
 * with strings, numbers, booleans, node objects and arrays of them, type-scoped and
 * property-scoped contexts, `@vocab`, type coercion and default languages. It follows jsonld.js's
 * expansion (9.0) step by step — the same active contexts, made by jsonld.js's own context
 * processing and kept across documents — and gives the quads jsonld.js's `toRDF` would give
 * (the same values merged, the same literal forms), without building the expanded document and
 * the node map. Anything else — value, list, graph, reverse, index, language or JSON objects,
 * `@direction`, inline or embedded contexts, blank node identifiers, relative IRIs, dropped terms,
 * nulls — answers `undefined`, and the document goes to jsonld.js, which also gives every error.
 */

/** An RDF term as rdf-canonize reads it. */
export type Term =
  | { termType: 'NamedNode'; value: string }
  | { termType: 'BlankNode'; value: string }
  | { termType: 'Literal'; value: string; datatype: { termType: 'NamedNode'; value: string }; language?: string }
  | { termType: 'DefaultGraph'; value: '' }

/** An RDF quad as rdf-canonize reads it. */
export interface Quad { subject: Term; predicate: Term; object: Term; graph: Term }

/** A jsonld.js term definition (the parts read here). */
interface TermDefinition {
  '@id'?: string
  '@type'?: string
  '@container'?: string[]
  '@context'?: unknown
  '@language'?: string | null
  '@direction'?: string | null
  reverse?: boolean
  _prefix?: boolean
}

/** A jsonld.js active context (the parts read here). */
interface ActiveContext {
  mappings: Map<string, TermDefinition | null>
  previousContext?: ActiveContext
  revertToPreviousContext(): ActiveContext
  '@vocab'?: string
  '@language'?: string
  '@direction'?: string
  '@base'?: string
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString'
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean'
const XSD_DOUBLE = 'http://www.w3.org/2001/XMLSchema#double'
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer'
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string'
/** jsonld.js's test for an absolute IRI (url.js). */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/
const KEYWORD_LIKE = /^@[a-zA-Z]+$/
const DEFAULT_GRAPH: Term = { termType: 'DefaultGraph', value: '' }
const TYPE_PREDICATE: Term = { termType: 'NamedNode', value: RDF_TYPE }

/** The document is outside what this path handles: jsonld.js takes it. */
const BAIL = Symbol('ob3.directRdf.bail')

/** How a local context is applied (jsonld.js `process` options). */
const enum Mode { Document, TypeScoped, PropertyScoped }

/** A context this path needs and has not processed yet: processed (asynchronously), then the walk restarts. */
class NeedContext {
  constructor(readonly mode: Mode, readonly activeCtx: ActiveContext, readonly key: unknown, readonly localCtx: unknown) {}
}

/** Processed contexts of one document loader: per mode, by active context (identity) then local context (key). */
type ContextCache = readonly [WeakMap<ActiveContext, Map<unknown, ActiveContext>>, WeakMap<ActiveContext, Map<unknown, ActiveContext>>, WeakMap<ActiveContext, Map<unknown, ActiveContext>>]
/**
 * Contexts whose processing read no URL but bundled ones: every loader ob3 makes serves those
 * with the bundled documents, so these hold for all of them.
 */
const bundledCache: ContextCache = [new WeakMap(), new WeakMap(), new WeakMap()]
/** The others, by document loader: what any other URL means is that loader's to say. */
const cachesByLoader = new WeakMap<DocumentLoader, ContextCache>()
/** How many contexts may be processed while converting one document (each restarts the walk). */
const MAX_RESTARTS = 24

/**
 * The key a local context is cached under: frozen objects (the bundled contexts' scoped
 * contexts) by identity, anything else by its JSON text, as jsonld.js keys them.
 */
function contextKey(localCtx: unknown): unknown {
  return typeof localCtx === 'object' && localCtx !== null && Object.isFrozen(localCtx) ? localCtx : JSON.stringify(localCtx)
}

function bail(): never {
  throw BAIL
}

function applyContext(cache: ContextCache, mode: Mode, activeCtx: ActiveContext, localCtx: unknown): ActiveContext {
  const key = contextKey(localCtx)
  const result = bundledCache[mode].get(activeCtx)?.get(key) ?? cache[mode].get(activeCtx)?.get(key)
  if (result === undefined) throw new NeedContext(mode, activeCtx, key, localCtx)
  return result
}

function isKeyword(value: string): boolean {
  return value.charCodeAt(0) === 64 && contextApi.isKeyword(value)
}

/** The term definition of `key`: undefined when none; a null definition is outside this path. */
function definition(ctx: ActiveContext, key: string): TermDefinition | undefined {
  const def = ctx.mappings.get(key)
  if (def === null) bail()
  return def
}

/** jsonld.js `getContextValue(ctx, key, type)` for `@context`, `@type`, `@container`. */
function termValue(ctx: ActiveContext, key: string, type: '@context' | '@type' | '@container'): unknown {
  const def = definition(ctx, key)
  if (def !== undefined && Object.prototype.hasOwnProperty.call(def, type)) return def[type]
  return type === '@context' ? undefined : null
}

/** jsonld.js `getContextValue(ctx, key, '@language' | '@direction')`. */
function termLanguage(ctx: ActiveContext, key: string, type: '@language' | '@direction'): unknown {
  const def = definition(ctx, key)
  if (def !== undefined && Object.prototype.hasOwnProperty.call(def, type)) return def[type]
  if (type in ctx) return ctx[type]
  return null
}

/** jsonld.js `expandIri` with `base: null`; `vocab` for properties and types. */
function expandIri(ctx: ActiveContext, value: string, vocab: boolean): string | null {
  if (isKeyword(value)) return value
  if (KEYWORD_LIKE.test(value)) return null
  if (vocab) {
    const def = definition(ctx, value)
    if (def !== undefined && '@id' in def) return def['@id'] as string
  }
  const colon = value.indexOf(':')
  if (colon > 0) {
    const prefix = value.slice(0, colon)
    const suffix = value.slice(colon + 1)
    if (prefix === '_' || suffix.startsWith('//')) return value
    const def = ctx.mappings.get(prefix)
    if (def && def._prefix) return (def['@id'] as string) + suffix
    if (ABSOLUTE_IRI.test(value)) return value
  }
  if (vocab && '@vocab' in ctx) return (ctx['@vocab'] as string) + value
  return value
}

/** What a key means in an active context, worked out once per context and key. */
interface TermInfo {
  /** `expandIri` with `vocab`. */
  iri: string | null
  scoped: unknown
  container: string[] | null
  type: unknown
  reverse: boolean
  language: unknown
  direction: unknown
}

/** Term tables of the active contexts (long-lived: the contexts are cached). */
const termTables = new WeakMap<ActiveContext, Map<string, TermInfo>>()
const TERM_TABLE_LIMIT = 4096

function term(ctx: ActiveContext, key: string): TermInfo {
  let table = termTables.get(ctx)
  if (table === undefined) {
    table = new Map()
    termTables.set(ctx, table)
  }
  let info = table.get(key)
  if (info === undefined) {
    info = {
      iri: expandIri(ctx, key, true),
      scoped: termValue(ctx, key, '@context'),
      container: termValue(ctx, key, '@container') as string[] | null,
      type: termValue(ctx, key, '@type'),
      reverse: definition(ctx, key)?.reverse === true,
      language: termLanguage(ctx, key, '@language'),
      direction: termLanguage(ctx, key, '@direction'),
    }
    // Keys are the document's: bounded, so odd documents cannot grow it without end.
    if (table.size < TERM_TABLE_LIMIT) table.set(key, info)
  }
  return info
}

/** An IRI this path writes as a named node: absolute, and not a blank node identifier. */
function namedIri(iri: string | null): string {
  if (iri === null || !ABSOLUTE_IRI.test(iri) || iri.startsWith('_:')) bail()
  return iri
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** jsonld.js `types.isDouble`. */
function isDouble(value: unknown): boolean {
  return typeof value === 'number' && (String(value).includes('.') || Math.abs(value) >= 1e21)
}

class Converter {
  readonly quads: Quad[] = []
  /**
   * Set when a subject or a property of one may get the same value twice from two places (a
   * named node described twice, two keys for one property): the walk is then done again with
   * `dedupeAll`. Otherwise only several values of one key can repeat, and are kept once there.
   */
  merged = false
  /** Values already given to a subject and property (jsonld.js's node map keeps each once). */
  private readonly seen = new Set<string>()
  /** The named nodes described so far. */
  private readonly named = new Set<string>()
  private blankNodes = 0

  constructor(private readonly cache: ContextCache, private readonly dedupeAll: boolean) {}

  /** Whether a value needs its identity key (see {@link add}). */
  private keyed(local: Set<string> | undefined): boolean {
    return this.dedupeAll || local !== undefined
  }

  /** Add a quad, unless the value is already there: in the whole dataset, or in `local` (one key's values). */
  private add(subject: Term, subjectKey: string, predicate: Term, objectKey: string, object: Term, local: Set<string> | undefined): void {
    if (this.dedupeAll) {
      const key = `${subjectKey}\u0000${predicate.value}\u0000${objectKey}`
      if (this.seen.has(key)) return
      this.seen.add(key)
    } else if (local !== undefined) {
      if (local.has(objectKey)) return
      local.add(objectKey)
    }
    this.quads.push({ subject, predicate, object, graph: DEFAULT_GRAPH })
  }

  /** The top-level node object. */
  document(element: unknown, initial: ActiveContext): void {
    if (!isPlainObject(element)) bail()
    const { properties } = this.node(element, initial, null)
    // jsonld.js drops a top-level object with nothing but an @id (safe mode refuses it).
    if (properties === 0) bail()
  }

  /**
   * A node object, as jsonld.js `expand` then `_expandObject`, with the active context and
   * property it is expanded with (null at the top).
   */
  private node(element: Record<string, unknown>, activeCtx: ActiveContext, activeProperty: string | null): { subject: Term; key: string; properties: number } {
    const keys = Object.keys(element).sort()
    let ctx = activeCtx
    const propertyScoped = activeProperty === null ? undefined : term(ctx, activeProperty).scoped
    const typeScoped = ctx.previousContext ? ctx : null
    let mustRevert = true
    if (typeScoped !== null && keys.length <= 2 && !keys.includes('@context')) {
      for (const key of keys) {
        const expanded = term(typeScoped, key).iri
        if (expanded === '@value') bail()
        if (expanded === '@id' && keys.length === 1) {
          mustRevert = false
          break
        }
      }
    }
    if (mustRevert) ctx = ctx.revertToPreviousContext()
    if (propertyScoped !== undefined) ctx = applyContext(this.cache, Mode.PropertyScoped, ctx, propertyScoped)
    if ('@context' in element) ctx = applyContext(this.cache, Mode.Document, ctx, element['@context'])
    checkContext(ctx)
    const typeScopedContext = ctx
    for (const key of keys) {
      if (term(ctx, key).iri !== '@type') continue
      const value = element[key]
      const types = Array.isArray(value) ? (value.length > 1 ? [...value].sort() : value) : [value]
      for (const type of types) {
        if (typeof type !== 'string') bail()
        const scoped = term(typeScopedContext, type).scoped
        if (scoped !== undefined) ctx = applyContext(this.cache, Mode.TypeScoped, ctx, scoped)
      }
    }
    if (ctx !== typeScopedContext) checkContext(ctx)

    // The subject: its @id (expanded against the node's context), or a new blank node.
    let id: string | undefined
    let typeValues: unknown[] | undefined
    let sawId = false
    for (const key of keys) {
      if (key === '@context') continue
      const expanded = term(ctx, key).iri
      if (expanded === '@id') {
        if (sawId) bail()
        sawId = true
        const value = element[key]
        if (typeof value !== 'string') bail()
        id = namedIri(expandIri(ctx, value, false))
      } else if (expanded === '@type') {
        const value = element[key]
        const list = Array.isArray(value) ? value : [value]
        typeValues = typeValues === undefined ? [...list] : typeValues.concat(list)
      }
    }
    const subject: Term = id === undefined ? { termType: 'BlankNode', value: `b${this.blankNodes++}` } : { termType: 'NamedNode', value: id }
    const subjectKey = id === undefined ? `_:${subject.value}` : `<${id}`
    let properties = 0
    if (typeValues !== undefined && typeValues.length > 0) {
      properties++
      const local = typeValues.length > 1 ? new Set<string>() : undefined
      for (const type of typeValues) {
        if (typeof type !== 'string') bail()
        const iri = namedIri(term(typeScopedContext, type).iri)
        this.add(subject, subjectKey, TYPE_PREDICATE, iri, { termType: 'NamedNode', value: iri }, local)
      }
    }
    const predicates = this.dedupeAll ? undefined : new Set<string>()

    for (const key of keys) {
      if (key === '@context') continue
      const expanded = term(ctx, key).iri
      if (expanded === null) bail()
      if (isKeyword(expanded)) {
        if (expanded === '@id' || expanded === '@type') continue
        bail()
      }
      const property = namedIri(expanded)
      if (property === RDF_TYPE) bail()
      if (predicates !== undefined) {
        if (predicates.has(property)) this.merged = true
        predicates.add(property)
      }
      properties++
      let termCtx = ctx
      const info = term(ctx, key)
      const scoped = info.scoped
      if (scoped !== undefined) {
        termCtx = applyContext(this.cache, Mode.PropertyScoped, ctx, scoped)
        checkContext(termCtx)
      }
      const container = info.container
      if (container !== null && !(container.length === 1 && container[0] === '@set')) bail()
      if (info.type === '@json') bail()
      if (term(termCtx, key).reverse) bail()
      const value = element[key]
      const predicate: Term = { termType: 'NamedNode', value: property }
      if (Array.isArray(value)) {
        const inner = term(termCtx, key).container
        if (inner !== null && !(inner.length === 1 && inner[0] === '@set')) bail()
        const local = value.length > 1 ? new Set<string>() : undefined
        for (const item of value) this.value(subject, subjectKey, predicate, item, termCtx, key, local)
      } else {
        this.value(subject, subjectKey, predicate, value, termCtx, key, undefined)
      }
    }
    if (id !== undefined && properties > 0) {
      if (this.named.has(id)) this.merged = true
      this.named.add(id)
    }
    return { subject, key: subjectKey, properties }
  }

  /** One value of a property (jsonld.js `expand` of a non-array element, then `toRDF`). */
  private value(subject: Term, subjectKey: string, predicate: Term, value: unknown, termCtx: ActiveContext, key: string, local: Set<string> | undefined): void {
    if (isPlainObject(value)) {
      const node = this.node(value, termCtx, key)
      this.add(subject, subjectKey, predicate, node.key, node.subject, local)
      return
    }
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      this.literal(subject, subjectKey, predicate, value, termCtx, key, local)
      return
    }
    bail()
  }

  /** jsonld.js `_expandValue` then `_objectToRDF`. */
  private literal(subject: Term, subjectKey: string, predicate: Term, value: string | number | boolean, ctx: ActiveContext, key: string, local: Set<string> | undefined): void {
    const info = term(ctx, key)
    const expandedProperty = info.iri
    if (expandedProperty === null || isKeyword(expandedProperty)) bail()
    const type = info.type as string | null
    if (typeof value === 'string' && (type === '@id' || type === '@vocab')) {
      const iri = namedIri(expandIri(ctx, value, type === '@vocab'))
      this.add(subject, subjectKey, predicate, `<${iri}`, { termType: 'NamedNode', value: iri }, local)
      return
    }
    let datatype: string | null = null
    let language: string | undefined
    if (type !== null && type !== '@id' && type !== '@vocab' && type !== '@none') {
      datatype = namedIri(type)
    } else if (typeof value === 'string') {
      const lang = info.language
      if (lang !== null) {
        if (typeof lang !== 'string') bail()
        language = lang
      }
      if (info.direction !== null) bail()
    }
    let text: string
    let dt: string
    if (typeof value === 'boolean') {
      text = value.toString()
      dt = datatype ?? XSD_BOOLEAN
    } else if (isDouble(value) || datatype === XSD_DOUBLE) {
      const n = isDouble(value) ? (value as number) : parseFloat(value as string)
      text = n.toExponential(15).replace(/(\d)0*e\+?/, '$1E')
      dt = datatype ?? XSD_DOUBLE
    } else if (typeof value === 'number') {
      text = value.toFixed(0)
      dt = datatype ?? XSD_INTEGER
    } else if (language !== undefined) {
      text = value
      dt = RDF_LANGSTRING
    } else {
      text = value
      dt = datatype ?? XSD_STRING
    }
    // jsonld.js's node map keeps one of each value by @value (strictly), @type and @language.
    const objectKey = this.keyed(local) ? `${typeof value}:${String(value)}\u0001${datatype ?? ''}\u0001${language ?? '\u0002'}` : ''
    const object: Term = language === undefined
      ? { termType: 'Literal', value: text, datatype: { termType: 'NamedNode', value: dt } }
      : { termType: 'Literal', value: text, datatype: { termType: 'NamedNode', value: dt }, language }
    this.add(subject, subjectKey, predicate, objectKey, object, local)
  }
}

/**
 * Contexts this path reads as jsonld.js does: no `@base` (IRIs are not resolved), and no
 * `@direction` (jsonld.js's own context copies lose a context-level direction).
 */
function checkContext(ctx: ActiveContext): void {
  for (let c: ActiveContext | undefined = ctx; c !== undefined; c = c.previousContext) {
    if ('@base' in c || '@direction' in c) bail()
  }
}

let initial: Promise<ActiveContext | undefined> | undefined

function initialContext(): Promise<ActiveContext | undefined> {
  initial ??= (async () => {
    // The copy-free cloning keeps the identity of contexts that jsonld.js reverts to, which is
    // what lets processed contexts be looked up again here; without it this path is not used.
    if (!(await installFastContexts())) return undefined
    return contextApi.getInitialContext({ processingMode: PROCESSING_MODE }) as ActiveContext
  })()
  return initial
}

async function processContext(need: NeedContext, documentLoader: DocumentLoader, loaderCache: ContextCache): Promise<boolean> {
  let onlyBundled = true
  const tracked: DocumentLoader = (url) => {
    if (!BUNDLED_CONTEXTS.has(url)) onlyBundled = false
    return documentLoader(url)
  }
  // It serves the bundled URLs as the loader it wraps does (which is one of ob3's).
  markBundledLoader(tracked)
  const options: Record<string, unknown> = {
    documentLoader: tracked,
    contextResolver: new CachingContextResolver(),
    base: null,
    safe: true,
    processingMode: PROCESSING_MODE,
    rdfDirection: 'i18n-datatype',
  }
  options.eventHandler = events.setupEventHandler({ options })
  let result: unknown
  try {
    result = await contextApi.process({
      activeCtx: need.activeCtx,
      localCtx: need.localCtx,
      options,
      ...(need.mode === Mode.TypeScoped ? { propagate: false } : {}),
      ...(need.mode === Mode.PropertyScoped ? { propagate: true, overrideProtected: true } : {}),
    })
  } catch {
    return false
  }
  const cache = onlyBundled ? bundledCache : loaderCache
  let byLocal = cache[need.mode].get(need.activeCtx)
  if (byLocal === undefined) {
    byLocal = new Map()
    cache[need.mode].set(need.activeCtx, byLocal)
  }
  // Bounded: documents cannot grow it beyond the bundled contexts' combinations, but be safe.
  if (byLocal.size >= 256) byLocal.clear()
  byLocal.set(need.key, result as ActiveContext)
  return true
}

/**
 * The quads jsonld.js `toRDF` gives for `document` (safe mode, no base, `i18n-datatype`
 * direction), or undefined when the document is outside this path. The loader must serve the
 * bundled contexts for the bundled URLs (one of ob3's loaders).
 * @internal
 */
export async function directRdf(document: unknown, documentLoader: DocumentLoader): Promise<Quad[] | undefined> {
  const start = await initialContext()
  if (start === undefined) return undefined
  let cache = cachesByLoader.get(documentLoader)
  if (cache === undefined) {
    cache = [new WeakMap(), new WeakMap(), new WeakMap()]
    cachesByLoader.set(documentLoader, cache)
  }
  for (let attempt = 0; attempt <= MAX_RESTARTS; attempt++) {
    try {
      const converter = new Converter(cache, false)
      converter.document(document, start)
      if (!converter.merged) return converter.quads
      const merging = new Converter(cache, true)
      merging.document(document, start)
      return merging.quads
    } catch (err) {
      if (err instanceof NeedContext) {
        if (!(await processContext(err, documentLoader, cache))) return undefined
        continue
      }
      if (err === BAIL) return undefined
      // Anything unexpected: jsonld.js decides.
      return undefined
    }
  }
  return undefined
}
