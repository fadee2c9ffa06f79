// Generated JSON-LD documents for differential canonicalization tests: every OB 3.0 class, VC 1.1
// and 2.0, unicode, numbers, language and text direction (value-level and context-level), lists,
// nested endorsements, inline, property-scoped and type-scoped contexts, @propagate, @protected,
// @json, @nest, @included, @graph and @graph containers. Seeded: the same seed gives the same
// documents on every run and machine.

const V1 = 'https://www.w3.org/2018/credentials/v1'
const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB_VERSIONS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
]
const OB_EXTENSIONS = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
const EX = 'https://vocab.example/terms#'

/** A small, fast, seedable PRNG (mulberry32). */
export function createRandom(seed: number): Random {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)] as never,
  }
}

/** The generator's random source. */
export interface Random {
  next(): number
  int(n: number): number
  chance(p: number): boolean
  pick<T>(xs: readonly T[]): T
}

const WORDS = [
  'Idea Generating', 'Évaluation formative', 'Lernziel', 'توليد الأفكار', 'רעיונות', '思考力', '생각하기', 'Ἀρχή',
  'emoji 🎓🏅', 'tab\there', 'line\nbreak', 'quote " and \\ backslash', 'zero\u200bwidth', 'combining é vs é',
  'surrogate 𝔘𝔫𝔦', '', ' ', 'control \u0001\u001f', 'nbsp\u00a0space', 'RTL mark \u200f', 'CR\r', 'del \u007f',
]
const LANGS = ['en', 'en-US', 'ar', 'he', 'fr-CA', 'zh-Hant', 'de', 'EN-gb']
const DIRECTIONS = ['ltr', 'rtl'] as const
const NUMBERS = [0, 1, -1, 15, 2.5, -0.75, 0.1 + 0.2, 1e21, 1.5e-7, 123456789012, 9007199254740991, 3.0, -0, 1e300, 42.125]
const DATES = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00', '2025-12-31T23:59:59.123Z', '1999-01-01', 'not a date']

/** A text value: a plain string, or (often) a language and/or direction value object. */
function text(r: Random, withObjects: boolean): unknown {
  const s = r.pick(WORDS) + (r.chance(0.3) ? ` ${r.int(1000)}` : '')
  if (!withObjects || r.chance(0.6)) return s
  const v: Record<string, unknown> = { '@value': s }
  if (r.chance(0.7)) v['@language'] = r.pick(LANGS)
  if (r.chance(0.5)) v['@direction'] = r.pick(DIRECTIONS)
  return v
}

function id(r: Random, kind: string): string {
  return r.pick([
    `https://academy.example/${kind}/${r.int(100)}`,
    `urn:uuid:${r.int(1e8).toString(16).padStart(8, '0')}-3e0b-4b52-9d7e-2f6f0f7d9a11`,
    `did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjV${r.int(90) + 10}`,
    `did:web:school.example:${kind}`,
    `https://academy.example/${kind}#ünï-${r.int(9)}`,
  ])
}

function types(r: Random, type: string): unknown {
  return r.chance(0.5) ? type : [type]
}

function maybe(r: Random, o: Record<string, unknown>, key: string, p: number, value: () => unknown): void {
  if (r.chance(p)) o[key] = value()
}

/** Options for {@link generateDocument}. */
interface Shape {
  v2: boolean
  /** Whether inline context terms (ex:*) are defined. */
  extra: boolean
  /** Whether value objects carrying @direction may appear (VC 2.0 only). */
  objects: boolean
  /** The OB context the document uses (embedded endorsements use the same). */
  ob: string
  /** Whether the OB extensions context is there. */
  extensions: boolean
}

function image(r: Random, s: Shape): Record<string, unknown> {
  const o: Record<string, unknown> = { id: `https://academy.example/img/${r.int(50)}.png`, type: 'Image' }
  maybe(r, o, 'caption', 0.5, () => text(r, s.objects))
  return o
}

function alignment(r: Random, s: Shape): Record<string, unknown> {
  const o: Record<string, unknown> = { type: types(r, 'Alignment'), targetName: text(r, s.objects), targetUrl: `https://framework.example/#${r.int(99)}` }
  maybe(r, o, 'targetFramework', 0.5, () => text(r, s.objects))
  maybe(r, o, 'targetType', 0.5, () => r.pick(['ceasn:Competency', 'CFItem', 'CTDL', 'ext:Custom']))
  maybe(r, o, 'targetCode', 0.3, () => `c-${r.int(99)}`)
  maybe(r, o, 'targetDescription', 0.3, () => text(r, s.objects))
  return o
}

function resultDescription(r: Random, s: Shape): Record<string, unknown> {
  const base = id(r, 'rd')
  const o: Record<string, unknown> = { id: base, type: types(r, 'ResultDescription'), name: text(r, s.objects), resultType: r.pick(['RubricCriterionLevel', 'Status', 'GradePointAverage', 'ext:Score']) }
  maybe(r, o, 'rubricCriterionLevel', 0.6, () => Array.from({ length: r.int(3) + 1 }, (_, i) => {
    const l: Record<string, unknown> = { id: `${base}/level/${i}`, type: types(r, 'RubricCriterionLevel'), name: text(r, s.objects) }
    maybe(r, l, 'points', 0.5, () => String(r.int(10)))
    maybe(r, l, 'level', 0.3, () => text(r, s.objects))
    maybe(r, l, 'alignment', 0.2, () => [alignment(r, s)])
    return l
  }))
  maybe(r, o, 'allowedValue', 0.3, () => [text(r, false), text(r, false)])
  maybe(r, o, 'valueMin', 0.3, () => String(r.int(5)))
  maybe(r, o, 'requiredLevel', 0.3, () => `${base}/level/0`)
  return o
}

function profile(r: Random, s: Shape, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = { id: id(r, 'profile'), type: types(r, 'Profile') }
  maybe(r, o, 'name', 0.8, () => text(r, s.objects))
  maybe(r, o, 'url', 0.4, () => 'https://academy.example')
  maybe(r, o, 'email', 0.3, () => 'registrar@academy.example')
  maybe(r, o, 'image', 0.3, () => image(r, s))
  maybe(r, o, 'address', 0.2, () => ({ type: types(r, 'Address'), addressCountry: text(r, false), postalCode: `${r.int(99999)}`, geo: { type: 'GeoCoordinates', latitude: r.pick(NUMBERS), longitude: r.pick(NUMBERS) } }))
  maybe(r, o, 'otherIdentifier', 0.2, () => [{ type: 'IdentifierEntry', identifier: `id-${r.int(99)}`, identifierType: r.pick(['sourcedId', 'ext:Other']) }])
  maybe(r, o, 'parentOrg', 0.15, () => ({ id: id(r, 'org'), type: 'Profile', name: text(r, s.objects) }))
  if (depth < 2) maybe(r, o, 'endorsement', 0.2, () => [endorsement(r, s, depth + 1)])
  return o
}

function achievement(r: Random, s: Shape, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = { id: id(r, 'achievement'), type: types(r, 'Achievement'), name: text(r, s.objects) }
  maybe(r, o, 'description', 0.7, () => text(r, s.objects))
  o.criteria = r.chance(0.5) ? { narrative: text(r, s.objects) } : { id: `https://academy.example/criteria/${r.int(9)}`, narrative: text(r, false) }
  maybe(r, o, 'achievementType', 0.6, () => r.pick(['MicroCredential', 'Badge', 'Certificate', 'ext:Custom']))
  maybe(r, o, 'creditsAvailable', 0.4, () => r.pick(NUMBERS))
  maybe(r, o, 'humanCode', 0.3, () => `HC-${r.int(99)}`)
  maybe(r, o, 'inLanguage', 0.3, () => r.pick(LANGS))
  maybe(r, o, 'image', 0.4, () => image(r, s))
  maybe(r, o, 'tag', 0.4, () => [text(r, false), text(r, false)])
  maybe(r, o, 'alignment', 0.4, () => Array.from({ length: r.int(3) + 1 }, () => alignment(r, s)))
  maybe(r, o, 'resultDescription', 0.3, () => [resultDescription(r, s)])
  maybe(r, o, 'creator', 0.4, () => profile(r, s, depth))
  maybe(r, o, 'related', 0.15, () => [{ id: id(r, 'related'), type: types(r, 'Related'), inLanguage: r.pick(LANGS), version: '1.0' }])
  maybe(r, o, 'otherIdentifier', 0.15, () => [{ type: 'IdentifierEntry', identifier: 'x', identifierType: 'identifier' }])
  maybe(r, o, 'fieldOfStudy', 0.2, () => text(r, s.objects))
  maybe(r, o, 'version', 0.2, () => `${r.int(3)}.${r.int(9)}`)
  if (depth < 2) maybe(r, o, 'endorsement', 0.25, () => Array.from({ length: r.int(2) + 1 }, () => endorsement(r, s, depth + 1)))
  maybe(r, o, 'endorsementJwt', 0.03, () => ['eyJhbGciOiJFZERTQSJ9.e30.c2ln'])
  return o
}

function subject(r: Random, s: Shape, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = { type: types(r, 'AchievementSubject'), achievement: achievement(r, s, depth) }
  if (r.chance(0.6)) o.id = id(r, 'learner')
  else o.identifier = [{ type: 'IdentityObject', hashed: r.chance(0.5), identityHash: r.pick(['sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399', 'learner@school.example']), identityType: r.pick(['emailAddress', 'sourcedId', 'ext:Other']), salt: r.pick(['Kosher', 'sel', '']) }]
  maybe(r, o, 'creditsEarned', 0.4, () => r.pick(NUMBERS))
  maybe(r, o, 'activityStartDate', 0.2, () => r.pick(DATES.slice(0, 3)))
  maybe(r, o, 'licenseNumber', 0.1, () => `L-${r.int(999)}`)
  maybe(r, o, 'narrative', 0.3, () => text(r, s.objects))
  maybe(r, o, 'role', 0.2, () => text(r, false))
  maybe(r, o, 'term', 0.1, () => 'Fall 2026')
  maybe(r, o, 'result', 0.3, () => [{ type: types(r, 'Result'), resultDescription: id(r, 'rd'), achievedLevel: id(r, 'lvl'), value: String(r.pick(NUMBERS)), status: r.pick(['Completed', 'Enrolled', 'Failed']) }])
  maybe(r, o, 'source', 0.15, () => profile(r, s, 2))
  maybe(r, o, 'image', 0.15, () => image(r, s))
  return o
}

function evidence(r: Random, s: Shape): Record<string, unknown> {
  const o: Record<string, unknown> = { type: types(r, 'Evidence') }
  maybe(r, o, 'id', 0.3, () => `https://academy.example/evidence/${r.int(99)}`)
  maybe(r, o, 'name', 0.7, () => text(r, s.objects))
  maybe(r, o, 'narrative', 0.4, () => text(r, s.objects))
  maybe(r, o, 'genre', 0.4, () => text(r, false))
  maybe(r, o, 'audience', 0.2, () => text(r, false))
  maybe(r, o, 'description', 0.2, () => text(r, s.objects))
  if (s.v2) {
    maybe(r, o, 'mediaType', 0.4, () => r.pick(['application/pdf', 'image/png', 'text/markdown']))
    maybe(r, o, 'digestMultibase', 0.3, () => 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY')
  }
  return o
}

function endorsement(r: Random, s: Shape, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {
    '@context': s.v2 ? [V2, s.ob] : [V1, s.ob],
    id: id(r, 'endorsement'),
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: text(r, s.objects),
    issuer: r.chance(0.5) ? id(r, 'issuer') : profile(r, s, 2),
    credentialSubject: { id: id(r, 'achievement'), type: types(r, 'EndorsementSubject'), endorsementComment: text(r, s.objects) },
  }
  if (s.v2) o.validFrom = r.pick(DATES.slice(0, 3))
  else o.issuanceDate = r.pick(DATES.slice(0, 3))
  if (s.v2 && depth < 2 && r.chance(0.2)) o.proof = proof(r)
  return o
}

function proof(r: Random): Record<string, unknown> {
  return r.chance(0.9)
    ? { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2026-01-01T00:00:00Z', verificationMethod: 'did:key:z6Mkh#z6Mkh', proofPurpose: 'assertionMethod', proofValue: 'z3FXQ' }
    : { type: 'Ed25519Signature2020', created: '2026-01-01T00:00:00Z', verificationMethod: 'did:key:z6Mkh#z6Mkh', proofPurpose: 'assertionMethod', proofValue: 'z3FXQ' }
}

/**
 * An inline context and the extra properties that use it. The term definitions cover the JSON-LD
 * 1.1 context features: @direction and @language (context-level and term-level), property-scoped
 * and type-scoped contexts, @propagate, @protected, @json, @nest, @container @list / @set /
 * @language / @index / @id / @type / @graph, @type coercions, and @vocab.
 */
function inlineContext(r: Random, s: Shape): { context: Record<string, unknown>[]; uses: (o: Record<string, unknown>) => void } {
  const ctx: Record<string, unknown> = {}
  const contexts: Record<string, unknown>[] = [ctx]
  const users: ((o: Record<string, unknown>) => void)[] = []
  const define = (term: string, def: unknown, use: (o: Record<string, unknown>) => void): void => {
    ctx[term] = def
    users.push(use)
  }
  if (r.chance(0.3)) ctx['@direction'] = r.pick([...DIRECTIONS, null])
  if (r.chance(0.3)) ctx['@language'] = r.pick([...LANGS, null])
  if (r.chance(0.2)) ctx['@protected'] = true
  if (r.chance(0.3)) ctx['@version'] = 1.1
  if (r.chance(0.15)) ctx['@vocab'] = EX
  if (r.chance(0.5)) define('note', { '@id': `${EX}note` }, (o) => { o.note = text(r, s.objects) })
  if (r.chance(0.3)) define('noteLtr', { '@id': `${EX}noteLtr`, '@direction': r.pick([...DIRECTIONS, null]) }, (o) => { o.noteLtr = text(r, false) })
  if (r.chance(0.3)) define('noteLang', { '@id': `${EX}noteLang`, '@language': r.pick([...LANGS, null]) }, (o) => { o.noteLang = text(r, false) })
  if (r.chance(0.4)) define('steps', { '@id': `${EX}steps`, '@container': '@list' }, (o) => {
    o.steps = Array.from({ length: r.int(4) }, () => r.chance(0.3) ? { '@list': [text(r, false), r.pick(NUMBERS)] } : r.chance(0.5) ? text(r, s.objects) : r.pick(NUMBERS))
  })
  if (r.chance(0.3)) define('ordered', `${EX}ordered`, (o) => { o.ordered = { '@list': [text(r, false), { '@value': r.pick(NUMBERS) }, true, null, { id: id(r, 'item') }] } })
  if (r.chance(0.3)) define('titles', { '@id': `${EX}titles`, '@container': '@language' }, (o) => { o.titles = { en: text(r, false), ar: [text(r, false), text(r, false)], '@none': text(r, false) } })
  if (r.chance(0.3)) define('payload', { '@id': `${EX}payload`, '@type': '@json' }, (o) => {
    o.payload = r.pick([{ b: [1, 2.5, 'x', null, true], a: { 'é': 'ü', z: -0 } }, [3, 1e21, 'ü'], 'just a string', 42, null, true, { '': 1e-7 }])
  })
  if (r.chance(0.3)) {
    ctx.meta = '@nest'
    define('nestedTitle', { '@id': `${EX}nestedTitle`, '@nest': 'meta' }, (o) => { o.meta = { nestedTitle: text(r, s.objects), ...(r.chance(0.3) ? { meta: { nestedTitle: text(r, false) } } : {}) } })
  }
  if (r.chance(0.3)) define('graphed', { '@id': `${EX}graphed`, '@container': r.pick(['@graph', ['@graph', '@set'], ['@graph', '@id'], ['@graph', '@index']]) }, (o) => {
    const container = (ctx.graphed as { '@container': unknown })['@container']
    const node = { id: id(r, 'g'), type: r.pick(['Achievement', 'Image', `${EX}Thing`]), name: text(r, false) }
    o.graphed = Array.isArray(container) && container.includes('@id') ? { 'https://academy.example/graph/1': node }
      : Array.isArray(container) && container.includes('@index') ? { first: node, second: { name: text(r, false) } } : node
  })
  if (r.chance(0.3)) define('byIndex', { '@id': `${EX}byIndex`, '@container': '@index' }, (o) => { o.byIndex = { one: text(r, false), two: { '@value': r.pick(NUMBERS) } } })
  if (r.chance(0.2)) define('byId', { '@id': `${EX}byId`, '@container': '@id' }, (o) => { o.byId = { 'https://academy.example/n/1': { name: text(r, false) } } })
  if (r.chance(0.2)) define('byType', { '@id': `${EX}byType`, '@container': '@type' }, (o) => { o.byType = { Image: { id: 'https://academy.example/i.png' } } })
  if (r.chance(0.3)) define('link', { '@id': `${EX}link`, '@type': r.pick(['@id', '@vocab']) }, (o) => { o.link = r.pick(['https://academy.example/x', 'Achievement', 'note', 'relative/path']) })
  if (r.chance(0.3)) define('when', { '@id': `${EX}when`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }, (o) => { o.when = r.pick(DATES) })
  if (r.chance(0.3)) define('score', { '@id': `${EX}score`, '@type': r.pick(['http://www.w3.org/2001/XMLSchema#double', 'http://www.w3.org/2001/XMLSchema#integer', 'http://www.w3.org/2001/XMLSchema#decimal']) }, (o) => { o.score = r.pick([...NUMBERS, '12', 'x']) })
  if (r.chance(0.3)) define('raw', `${EX}raw`, (o) => { o.raw = r.pick(NUMBERS.map((n) => r.chance(0.5) ? n : { '@value': n, '@type': `${EX}num` })) })
  if (r.chance(0.3)) {
    // A property-scoped context, propagating or not, with its own direction and language.
    const scoped: Record<string, unknown> = { label: `${EX}label` }
    if (r.chance(0.5)) scoped['@direction'] = r.pick(DIRECTIONS)
    if (r.chance(0.4)) scoped['@language'] = r.pick(LANGS)
    if (r.chance(0.5)) scoped['@propagate'] = r.chance(0.5)
    define('extra', { '@id': `${EX}extra`, '@context': scoped }, (o) => {
      o.extra = { label: text(r, s.objects), ...(r.chance(0.5) ? { inner: { '@id': id(r, 'inner'), label: text(r, false) } } : {}) }
    })
    if (!('@vocab' in ctx)) (scoped as Record<string, unknown>).inner = `${EX}inner`
  }
  if (r.chance(0.3)) {
    // A type-scoped context (never propagates unless it says so) on a custom class.
    const scoped: Record<string, unknown> = { detail: `${EX}detail` }
    if (r.chance(0.5)) scoped['@direction'] = r.pick([...DIRECTIONS, null])
    if (r.chance(0.3)) scoped['@propagate'] = true
    define('Widget', { '@id': `${EX}Widget`, '@context': scoped }, (o) => {
      o.note ??= text(r, false)
      o.gadget = { type: 'Widget', detail: text(r, s.objects), ...(r.chance(0.5) ? { child: { detail: 'inner' } } : {}) }
    })
    ctx.gadget = `${EX}gadget`
    ctx.child = `${EX}child`
    ctx.note ??= `${EX}note`
  }
  if (r.chance(0.25)) define('friends', { '@reverse': `${EX}knows` }, (o) => { o.friends = { id: id(r, 'friend') } })
  if (r.chance(0.05) && s.v2) {
    // A second inline context whose term redefines a protected VC term: an error for both.
    contexts.push(r.chance(0.5) ? { name: `${EX}name` } : { '@protected': true, other: `${EX}other` })
  }
  if (r.chance(0.03)) contexts.push({ undefinedIri: 'not an absolute iri' })
  return { context: contexts, uses: (o) => { for (const use of users) if (r.chance(0.8)) use(o) } }
}

/**
 * One generated document; most are OB 3.0 credentials of every kind, some are plain JSON-LD
 * documents with `@graph` or `@included` at the top.
 */
export function generateDocument(r: Random): Record<string, unknown> {
  const v2 = r.chance(0.75)
  const extra = r.chance(0.6)
  // OB 3.0.0–3.0.2 redefine protected VC 2.0 terms: with VC 2.0 they are an error (both must say so).
  const ob = v2 && r.chance(0.97) ? OB_VERSIONS[0] as string : r.pick(OB_VERSIONS)
  const s: Shape = { v2, extra, objects: v2, ob, extensions: r.chance(0.15) }
  const context: unknown[] = [v2 ? V2 : V1, ob]
  if (s.extensions) context.push(OB_EXTENSIONS)
  // Context-level direction and language right after the standard contexts, as in issue reports.
  if (r.chance(0.2)) context.push(r.chance(0.7) ? { '@direction': r.pick(DIRECTIONS) } : { '@language': r.pick(LANGS) })
  let uses = (_o: Record<string, unknown>): void => {}
  if (extra) {
    const inline = inlineContext(r, s)
    context.push(...inline.context)
    uses = inline.uses
  }
  const kind = r.pick(['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential', 'graph', 'included'] as const)
  const doc: Record<string, unknown> = { '@context': context.length === 1 ? context[0] : context }
  if (kind === 'graph') {
    const graph = [achievement(r, s, 0), profile(r, s, 0), { id: id(r, 'thing'), type: 'Evidence', name: text(r, s.objects) }]
    doc['@graph'] = graph
    uses(graph[0] as Record<string, unknown>)
    return doc
  }
  return credential(r, s, kind, doc, uses)
}

/** The credential of a generated document, after its context (shared by both generators). */
function credential(r: Random, s: Shape, kind: 'OpenBadgeCredential' | 'AchievementCredential' | 'EndorsementCredential' | 'included', doc: Record<string, unknown>, uses: (o: Record<string, unknown>) => void): Record<string, unknown> {
  const v2 = s.v2
  if (kind === 'EndorsementCredential') return { ...endorsement(r, s, 0), '@context': doc['@context'] }
  doc.id = id(r, 'credential')
  doc.type = ['VerifiableCredential', kind === 'included' ? 'OpenBadgeCredential' : kind]
  if (r.chance(0.7)) doc.name = text(r, s.objects)
  maybe(r, doc, 'description', 0.3, () => text(r, s.objects))
  doc.issuer = r.chance(0.3) ? id(r, 'issuer') : profile(r, s, 0)
  if (v2) {
    doc.validFrom = r.pick(DATES.slice(0, 3))
    maybe(r, doc, 'validUntil', 0.2, () => r.pick(DATES))
  } else {
    doc.issuanceDate = r.pick(DATES.slice(0, 3))
    maybe(r, doc, 'expirationDate', 0.2, () => r.pick(DATES))
  }
  maybe(r, doc, 'awardedDate', 0.3, () => r.pick(DATES.slice(0, 3)))
  doc.credentialSubject = subject(r, s, 0)
  maybe(r, doc, 'evidence', 0.4, () => Array.from({ length: r.int(3) + 1 }, () => evidence(r, s)))
  maybe(r, doc, 'image', 0.2, () => image(r, s))
  maybe(r, doc, 'endorsement', 0.3, () => [endorsement(r, s, 1)])
  if (s.extensions || r.chance(0.05)) maybe(r, doc, 'credentialSchema', 0.5, () => [{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }])
  if (v2) {
    maybe(r, doc, 'credentialStatus', 0.3, () => ({ id: 'https://academy.example/status/1#94567', type: 'BitstringStatusListEntry', statusPurpose: r.pick(['revocation', 'suspension']), statusListIndex: String(r.int(1e5)), statusListCredential: 'https://academy.example/status/1' }))
    maybe(r, doc, 'relatedResource', 0.1, () => [{ id: 'https://academy.example/x.json', digestSRI: 'sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn' }])
  }
  if (kind === 'included') doc['@included'] = [{ id: id(r, 'inc'), type: 'Achievement', name: text(r, s.objects) }, profile(r, s, 1)]
  if (v2) maybe(r, doc, 'proof', 0.15, () => proof(r))
  if (r.chance(0.05)) doc.undefinedTerm = 'safe mode refuses this'
  uses(r.chance(0.5) ? doc : doc.credentialSubject as Record<string, unknown>)
  return doc
}

/**
 * An inline context with only the features ob3's direct JSON-to-RDF path reads itself: @type
 * coercions (@id, @vocab, datatypes), term and context languages, @vocab, @protected, and
 * property-scoped and type-scoped contexts without a direction.
 */
function plainInlineContext(r: Random, s: Shape): { context: Record<string, unknown>; uses: (o: Record<string, unknown>) => void } {
  const ctx: Record<string, unknown> = {}
  const users: ((o: Record<string, unknown>) => void)[] = []
  const define = (term: string, def: unknown, use: (o: Record<string, unknown>) => void): void => {
    ctx[term] = def
    users.push(use)
  }
  if (r.chance(0.3)) ctx['@language'] = r.pick([...LANGS, null])
  if (r.chance(0.2)) ctx['@protected'] = true
  if (r.chance(0.15)) ctx['@vocab'] = EX
  if (r.chance(0.6)) define('note', { '@id': `${EX}note` }, (o) => { o.note = r.chance(0.3) ? [text(r, false), r.pick(NUMBERS), r.chance(0.5)] : text(r, false) })
  if (r.chance(0.4)) define('noteLang', { '@id': `${EX}noteLang`, '@language': r.pick([...LANGS, null]) }, (o) => { o.noteLang = r.chance(0.8) ? text(r, false) : r.pick(NUMBERS) })
  if (r.chance(0.4)) define('link', { '@id': `${EX}link`, '@type': r.pick(['@id', '@vocab']) }, (o) => { o.link = r.pick(['https://academy.example/x', 'Achievement', 'note', 'ex:thing', 'relative/path', 'urn:x:ü', 42]) })
  if (r.chance(0.4)) define('when', { '@id': `${EX}when`, '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }, (o) => { o.when = r.pick([...DATES, 7, true]) })
  if (r.chance(0.5)) define('score', { '@id': `${EX}score`, '@type': r.pick(['http://www.w3.org/2001/XMLSchema#double', 'http://www.w3.org/2001/XMLSchema#integer', 'http://www.w3.org/2001/XMLSchema#decimal', 'http://www.w3.org/2001/XMLSchema#boolean']) }, (o) => {
    o.score = r.chance(0.3) ? [r.pick(NUMBERS), r.pick(NUMBERS)] : r.pick([...NUMBERS, '12', 'x', '1.5e3', true, false])
  })
  if (r.chance(0.4)) define('raw', `${EX}raw`, (o) => { o.raw = r.pick([...NUMBERS, true, false, '', 'x']) })
  if (r.chance(0.2)) define('nothing', { '@id': `${EX}nothing`, '@type': '@none' }, (o) => { o.nothing = r.pick(['x', 1, false]) })
  if (r.chance(0.3)) ctx.ex = r.chance(0.8) ? EX : { '@id': EX, '@prefix': true }
  if (r.chance(0.3)) {
    const scoped: Record<string, unknown> = { label: `${EX}label` }
    if (r.chance(0.4)) scoped['@language'] = r.pick(LANGS)
    if (r.chance(0.5)) scoped['@propagate'] = r.chance(0.5)
    if (r.chance(0.3)) scoped.name = `${EX}scopedName`
    define('extra', { '@id': `${EX}extra`, '@context': scoped }, (o) => {
      o.extra = { label: text(r, false), ...(r.chance(0.5) ? { inner: { '@id': id(r, 'inner'), label: text(r, false) } } : {}), ...(r.chance(0.3) ? { name: text(r, false) } : {}) }
    })
    if (!('@vocab' in ctx)) scoped.inner = `${EX}inner`
  }
  if (r.chance(0.3)) {
    const scoped: Record<string, unknown> = { detail: `${EX}detail` }
    if (r.chance(0.3)) scoped['@propagate'] = true
    if (r.chance(0.3)) scoped['@language'] = r.pick(LANGS)
    define('Widget', { '@id': `${EX}Widget`, '@context': scoped }, (o) => {
      o.note ??= text(r, false)
      o.gadget = { type: r.chance(0.7) ? 'Widget' : ['Widget', 'Image'], detail: text(r, false), ...(r.chance(0.5) ? { child: r.chance(0.5) ? { detail: 'inner' } : { id: id(r, 'child') } } : {}) }
    })
    ctx.gadget = `${EX}gadget`
    ctx.child = `${EX}child`
    ctx.note ??= `${EX}note`
  }
  return { context: ctx, uses: (o) => { for (const use of users) if (r.chance(0.8)) use(o) } }
}

/**
 * One generated document of the plain kind (bundled contexts, sometimes a simple inline context,
 * no value, list or graph objects): credentials of the shapes ob3 issues, with every OB 3.0 class,
 * unicode, numbers, nested endorsements and sometimes an undefined term or a relative IRI.
 */
export function generatePlainDocument(r: Random): Record<string, unknown> {
  const v2 = r.chance(0.75)
  const ob = v2 && r.chance(0.97) ? OB_VERSIONS[0] as string : r.pick(OB_VERSIONS)
  const s: Shape = { v2, extra: false, objects: false, ob, extensions: r.chance(0.15) }
  const context: unknown[] = [v2 ? V2 : V1, ob]
  if (s.extensions) context.push(OB_EXTENSIONS)
  if (r.chance(0.1)) context.push({ '@language': r.pick(LANGS) })
  let uses = (_o: Record<string, unknown>): void => {}
  if (r.chance(0.4)) {
    const inline = plainInlineContext(r, s)
    context.push(inline.context)
    uses = inline.uses
  }
  const kind = r.pick(['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential'] as const)
  const doc = credential(r, s, kind, { '@context': context }, uses)
  if (r.chance(0.03)) (doc.credentialSubject as Record<string, unknown>).id = r.pick(['relative/learner', '_:b7', '', 'did:example:with space'])
  if (r.chance(0.02)) doc.issuer = { id: 'https://academy.example/i', type: 'Profile', name: null }
  return doc
}

/** `count` plain documents from `seed`, the same on every run. */
export function* generatePlainDocuments(seed: number, count: number): Generator<Record<string, unknown>> {
  const r = createRandom(seed)
  for (let i = 0; i < count; i++) yield generatePlainDocument(r)
}

/** `count` documents from `seed`, the same on every run. */
export function* generateDocuments(seed: number, count: number): Generator<Record<string, unknown>> {
  const r = createRandom(seed)
  for (let i = 0; i < count; i++) yield generateDocument(r)
}

/** The JSON-LD features a document uses, by name, for checking that a sample covers them all. */
export const FEATURES = {
  'context-level @direction': /"@context":\[[^\]]*\{"@direction":"(ltr|rtl)"/,
  'value @direction': /"@value":"[^"]*","(@language":"[^"]*",")?@direction"/,
  '@language': /"@language"/,
  'property-scoped context': /"extra":\{"@id":"[^"]*","@context"/,
  'type-scoped context': /"Widget":\{"@id":"[^"]*","@context"/,
  '@propagate': /"@propagate"/,
  '@protected': /"@protected":true/,
  '@json': /"@type":"@json"/,
  '@nest': /"@nest":"meta"/,
  '@included': /"@included"/,
  '@graph': /"@graph"/,
  '@list': /"@list"|"@container":"@list"/,
  'language map': /"@container":"@language"/,
  '@reverse': /"@reverse"/,
  'nested endorsement': /"EndorsementCredential"\][^]*"endorsement":\[\{"@context"|"endorsement":\[\{"@context"/,
  'VC 1.1': /"https:\/\/www\.w3\.org\/2018\/credentials\/v1"/,
  'VC 2.0': /"https:\/\/www\.w3\.org\/ns\/credentials\/v2"/,
  'numbers': /":-?\d+\.\d+[,}\]]|e\+21/,
  'unicode': /[\u0590-\u08ff]|\p{Extended_Pictographic}/u,
} as const

/** Which {@link FEATURES} a document uses. */
export function featuresOf(doc: unknown): (keyof typeof FEATURES)[] {
  const json = JSON.stringify(doc)
  return (Object.keys(FEATURES) as (keyof typeof FEATURES)[]).filter((f) => FEATURES[f].test(json))
}
