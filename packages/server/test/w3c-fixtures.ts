/**
 * Fixtures for `w3c-suites.test.ts`: credentials, presentations and signed test vectors that
 * replay what the public W3C / W3C-CCG test suites send (VC Data Model 2.0, VC-API issuer and
 * verifier, Data Integrity EdDSA, Bitstring Status List). Written here from a summary of the
 * suites' assertions; nothing is fetched and every key comes from a fixed seed.
 */
import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import jsonld from 'jsonld'
import { createEd25519Signer, ed25519KeyFromSeed, fromBase64Url, multibaseEncode, signLinkedDataProof, type Ed25519Multikey, type Signer } from '@ob3/core'
import { serverDocumentLoader } from '../src/lib/contexts.js'

// ---------------------------------------------------------------------------------------------
// Context URLs and fixed values

export const V2 = 'https://www.w3.org/ns/credentials/v2'
export const EX2 = 'https://www.w3.org/ns/credentials/examples/v2'
export const V1 = 'https://www.w3.org/2018/credentials/v1'
export const EX1 = 'https://www.w3.org/2018/credentials/examples/v1'
export const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1'

/** The `created` of every proof signed here, so vectors do not depend on the clock. */
export const FIXED_CREATED = new Date('2025-03-01T10:00:00Z')
/** XML Schema dateTimeStamp (a time zone is required). */
export const DATE_TIME_STAMP = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
/** A base-10 non-negative integer without leading zeros. */
export const BASE10_INDEX = /^(0|[1-9]\d*)$/

let uuidCounter = 0
/** A fresh `urn:uuid:` (v4 shape), deterministic within a run of the test file. */
export function freshUrnUuid(): string {
  uuidCounter += 1
  const n = uuidCounter.toString(16).padStart(12, '0')
  return `urn:uuid:5c2e9a10-7d3b-4c6f-9e21-${n}`
}

// ---------------------------------------------------------------------------------------------
// Keys

/** A fixed Ed25519 did:key and its signer. */
export interface SuiteKey {
  key: Ed25519Multikey
  signer: Signer
  /** The did:key (the key's controller). */
  did: string
  /** The verification method id, `did:key:z6Mk…#z6Mk…`. */
  vm: string
}

export async function suiteKey(seed: number): Promise<SuiteKey> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key), did: key.controller, vm: key.id }
}

/** Seeds of the keys the tests sign with. */
export const SEEDS = {
  /** The issuer of the EdDSA vectors (a did:key whose controller is the issuer). */
  eddsaIssuer: 41,
  /** The second signer of proof sets. */
  coSigner: 42,
  /** The signer of the VC-API verifier suite's Ed25519Signature2020 vector. */
  vcApiVerifier: 43,
  /** The holder signing presentations. */
  holder: 44,
  /** A subject did:key. */
  subject: 45,
} as const

// ---------------------------------------------------------------------------------------------
// Signing test vectors by hand (for variants signLinkedDataProof refuses to make)

/** How a hand-made proof is computed. */
export interface RawProofOptions {
  /** The document; any proofs it has are kept (the new proof is appended). */
  document: Record<string, unknown>
  signer: Signer
  /** The proof options, without proofValue: type, cryptosuite, created, verificationMethod, proofPurpose, … */
  proof: Record<string, unknown>
  /** `rdfc` (RDF Dataset Canonicalization) or `jcs` (JSON Canonicalization Scheme). Default rdfc. */
  canonicalization?: 'rdfc' | 'jcs'
  /** Default sha256. */
  hash?: 'sha256' | 'sha512'
  /** JSON-LD safe mode while canonicalizing. Default true; false signs terms no context defines. */
  safe?: boolean
  /** Ids of existing proofs that are signed along with the document (a proof chain). */
  chainTo?: string[]
}

/** The JSON Canonicalization Scheme (RFC 8785) for the plain values used in these fixtures. */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v)).join(',')}]`
  const record = value as Record<string, unknown>
  return `{${Object.keys(record).filter((k) => record[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${jcs(record[k])}`).join(',')}}`
}

async function canonical(value: Record<string, unknown>, how: 'rdfc' | 'jcs', safe: boolean): Promise<string> {
  if (how === 'jcs') return jcs(value)
  return (await jsonld.canonize(value, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader: serverDocumentLoader, safe, base: null })) as string
}

/**
 * Add a Data Integrity-style proof computed here: hash(canonical proof options with the
 * document's `@context`) ‖ hash(canonical document), signed with Ed25519.
 */
export async function signRaw(options: RawProofOptions): Promise<Record<string, unknown>> {
  const { proof: existing, ...unsecured } = options.document
  const all = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
  const signedDocument = options.chainTo === undefined
    ? unsecured
    : { ...unsecured, proof: all.filter((p) => options.chainTo?.includes((p as { id?: string }).id as string)) }
  const how = options.canonicalization ?? 'rdfc'
  const safe = options.safe ?? true
  const algorithm = options.hash ?? 'sha256'
  const proofConfig = { '@context': unsecured['@context'], ...options.proof }
  const [proofCanon, docCanon] = await Promise.all([canonical(proofConfig, how, safe), canonical(signedDocument, how, safe)])
  const data = Buffer.concat([createHash(algorithm).update(proofCanon).digest(), createHash(algorithm).update(docCanon).digest()])
  const signature = await options.signer.sign(new Uint8Array(data))
  const proof = { ...options.proof, proofValue: multibaseEncode(signature) }
  return { ...unsecured, proof: existing === undefined ? proof : [...all, proof] }
}

/** The proof options of an eddsa-rdfc-2022 proof by a key, at {@link FIXED_CREATED}. */
export function eddsaProofOptions(k: SuiteKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2025-03-01T10:00:00Z', verificationMethod: k.vm, proofPurpose: 'assertionMethod', ...extra }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export type Json = Record<string, unknown>

/** A deep copy. */
export function copy<T>(value: T): T {
  return structuredClone(value)
}

/** A copy without a top-level property. */
export function without(doc: Json, key: string): Json {
  const { [key]: _drop, ...rest } = doc
  return rest
}

/** A copy of a document whose (single) proof is changed. */
export function withProof(doc: Json, change: (proof: Json) => Json): Json {
  return { ...doc, proof: change({ ...(doc.proof as Json) }) }
}

/** The bits of a Bitstring Status List `encodedList` (`u` + base64url of GZIP). */
export function decodeEncodedList(encodedList: string): Buffer {
  if (!encodedList.startsWith('u')) throw new Error(`encodedList ${encodedList.slice(0, 12)}… does not start with u`)
  return gunzipSync(fromBase64Url(encodedList.slice(1)))
}

/** The bit at an index (index 0 is the most significant bit of byte 0). */
export function bitAt(list: Buffer, index: number): 0 | 1 {
  const byte = list[Math.floor(index / 8)]
  if (byte === undefined) throw new Error(`index ${index} is beyond the list (${list.length} bytes)`)
  return ((byte >> (7 - (index % 8))) & 1) as 0 | 1
}

// ---------------------------------------------------------------------------------------------
// VC Data Model 2.0 suite (issuer fixtures). Each case is built for an issuer id: the suite copies
// its configured issuer id into fixtures that carry none (or an issuer object without id).

export const SUBJECT = 'did:example:ebfeb1f712ebc6f1c276e12ec21'

/** The suite's main positive fixture (credential-ok): v2 + examples contexts, one subject. */
export function vcdmCredential(issuer: unknown, extra: Json = {}): Json {
  return {
    '@context': [V2, EX2],
    type: ['VerifiableCredential', 'ExampleDegreeCredential'],
    issuer,
    credentialSubject: { id: SUBJECT, degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' } },
    ...extra,
  }
}

/** A credential with only the v2 context (so the examples `@vocab` does not define every term). */
export function v2OnlyCredential(issuer: unknown, extra: Json = {}): Json {
  return {
    '@context': [V2],
    type: ['VerifiableCredential'],
    issuer,
    credentialSubject: { id: SUBJECT, name: 'Example Subject' },
    ...extra,
  }
}

export type CredentialCase = [what: string, build: (issuer: string) => Json]

const lang = (value: string, language: string, direction?: string) => ({ '@value': value, '@language': language, ...(direction === undefined ? {} : { '@direction': direction }) })

/** §1.2: credentials the issuer must secure (2xx), each with the v2 context first in the result. */
export const VCDM_ISSUE_OK: CredentialCase[] = [
  ['the plain credential with the v2 and examples contexts (credential-ok)', (i) => vcdmCredential(i)],
  ['an inline context object after the context URLs', (i) => vcdmCredential(i, {
    '@context': [V2, EX2, { favouriteColour: 'https://example.org/vocab#favouriteColour' }],
    credentialSubject: { id: SUBJECT, favouriteColour: 'teal' },
  })],
  ['an inline context defining a vocabulary, without the examples context', (i) => v2OnlyCredential(i, {
    '@context': [V2, { '@vocab': 'https://example.org/vocab#' }],
    type: ['VerifiableCredential', 'ExampleInlineVocabCredential'],
    credentialSubject: { id: SUBJECT, shoeSize: 42 },
  })],
  ['a type mapped to a URL by an inline context', (i) => v2OnlyCredential(i, {
    '@context': [V2, { ExampleMappedCredential: 'https://example.org/vocab#ExampleMappedCredential' }],
    type: ['VerifiableCredential', 'ExampleMappedCredential'],
  })],
  ['a type given as an absolute URL', (i) => v2OnlyCredential(i, { type: ['VerifiableCredential', 'https://example.org/vocab#AbsoluteUrlCredential'] })],
  ['a reordered type array (VerifiableCredential second)', (i) => vcdmCredential(i, { type: ['ExampleDegreeCredential', 'VerifiableCredential'] })],
  ['name and description as strings', (i) => vcdmCredential(i, { name: 'Example Degree', description: 'A degree awarded by Example University.' })],
  ['name and description as language value objects (with @direction)', (i) => vcdmCredential(i, {
    name: lang('Example Degree', 'en', 'ltr'),
    description: lang('A degree awarded by Example University.', 'en', 'ltr'),
  })],
  ['name and description as arrays of language value objects', (i) => vcdmCredential(i, {
    name: [lang('Example Degree', 'en'), lang('Diplôme exemple', 'fr')],
    description: [lang('A degree.', 'en'), lang('Un diplôme.', 'fr')],
  })],
  ['an issuer object with name and description strings', (i) => vcdmCredential({ id: i, name: 'Example University', description: 'A public university.' })],
  ['an issuer object with language value object name (with @direction) and description', (i) => vcdmCredential({ id: i, name: lang('Example University', 'en', 'ltr'), description: lang('A public university.', 'en') })],
  ['an issuer object with arrays of language value objects', (i) => vcdmCredential({ id: i, name: [lang('Example University', 'en'), lang('Université exemple', 'fr')], description: [lang('A university.', 'en'), lang('Une université.', 'fr')] })],
  ['several credentialSubjects', (i) => vcdmCredential(i, {
    credentialSubject: [{ id: 'did:example:subject-1', name: 'Subject One' }, { id: 'did:example:subject-2', name: 'Subject Two' }],
  })],
  ['a foreign credentialStatus type (CredentialStatusList2017, mapped inline) with an id', (i) => vcdmCredential(i, {
    '@context': [V2, EX2, { CredentialStatusList2017: 'https://example.org/vocab#CredentialStatusList2017' }],
    credentialStatus: { id: 'https://example.org/status/24', type: 'CredentialStatusList2017' },
  })],
  ['a foreign credentialStatus type (CredentialStatusList2017, mapped inline) without an id', (i) => vcdmCredential(i, {
    '@context': [V2, EX2, { CredentialStatusList2017: 'https://example.org/vocab#CredentialStatusList2017' }],
    credentialStatus: { type: 'CredentialStatusList2017' },
  })],
  ['a single credentialSchema (DID id)', (i) => vcdmCredential(i, { credentialSchema: { id: 'did:example:schemas/1', type: 'JsonSchema' } })],
  ['a credentialSchema array, one type given as a URL', (i) => vcdmCredential(i, {
    credentialSchema: [{ id: 'did:example:schemas/1', type: 'JsonSchema' }, { id: 'did:example:schemas/2', type: 'https://example.org/vocab#ExampleSchemaType' }],
  })],
  ['a refreshService with a type', (i) => vcdmCredential(i, { refreshService: { id: 'did:example:refresh/1', type: 'ExampleRefreshService' } })],
  ['a refreshService array with types', (i) => vcdmCredential(i, { refreshService: [{ id: 'did:example:refresh/1', type: 'ExampleRefreshService' }, { id: 'did:example:refresh/2', type: 'ExampleRefreshService' }] })],
  ['termsOfUse entries with types', (i) => vcdmCredential(i, { termsOfUse: [{ type: 'ExampleTermsOfUsePolicy', prohibition: 'no-archiving' }, { type: 'ExampleTermsOfUseObligation' }] })],
  ['a termsOfUse with an id and a type', (i) => vcdmCredential(i, { termsOfUse: { id: 'https://example.org/terms/1', type: 'ExampleTermsOfUsePolicy' } })],
  ['evidence objects with types', (i) => vcdmCredential(i, { evidence: [{ id: 'https://example.org/evidence/1', type: ['ExampleEvidence'], name: 'Transcript' }, { type: 'ExampleEvidence', description: 'An interview.' }] })],
  ['validFrom with milliseconds', (i) => vcdmCredential(i, { validFrom: '2023-02-26T01:21:23.123Z' })],
  ['validFrom with a -06:00 offset', (i) => vcdmCredential(i, { validFrom: '2023-02-25T19:21:23-06:00' })],
  ['validUntil without fractions', (i) => vcdmCredential(i, { validUntil: '2030-02-26T01:21:29Z' })],
  ['validUntil with milliseconds', (i) => vcdmCredential(i, { validUntil: '2030-02-26T01:21:29.456Z' })],
  ['validUntil with a -06:00 offset', (i) => vcdmCredential(i, { validUntil: '2030-02-25T19:21:29-06:00' })],
  ['a validity period entirely in the past (expired)', (i) => vcdmCredential(i, { validFrom: '2023-02-26T01:21:23Z', validUntil: '2023-02-25T19:21:29-06:00' })],
  ['a validity period starting in the far future (not yet valid)', (i) => vcdmCredential(i, { validFrom: '2099-01-01T00:00:00Z', validUntil: '2199-01-01T00:00:00Z' })],
  ['a far-future validUntil', (i) => vcdmCredential(i, { validUntil: '9999-12-31T23:59:59Z' })],
]

/** Foreign issuer values the suite sends (must be issued; the service signs as the tenant). */
export const VCDM_FOREIGN_ISSUERS: [what: string, issuer: unknown][] = [
  ['a did:example issuer (1-credential-ok)', 'did:example:issuer'],
  ['another did:example issuer (credential-id-other-ok)', 'did:example:other-issuer'],
  ['an issuer object with a foreign id (credential-issuer-object-ok)', { id: 'did:example:issuer' }],
  ['an issuer object with a foreign id and a name', { id: 'did:example:issuer', name: 'Example Issuer' }],
]

const notAUrlLang = (value: string) => ({ '@value': value, '@language': 'en', url: 'https://example.org/extra' })

/** §1.3: credentials the issuer must refuse. */
export const VCDM_ISSUE_FAIL: CredentialCase[] = [
  // contexts
  ['a context entry that is not a URL (combo3)', (i) => vcdmCredential(i, { '@context': [V2, EX2, 'https ://not-a-url/contexts/example/v1'] })],
  ['a number in @context (combo4)', (i) => vcdmCredential(i, { '@context': [V2, EX2, 1] })],
  // identifiers
  ['id null', (i) => vcdmCredential(i, { id: null })],
  ['several ids (an array)', (i) => vcdmCredential(i, { id: ['https://example.org/credentials/1', 'https://example.org/credentials/2'] })],
  ['an id that is not a URL', (i) => vcdmCredential(i, { id: 'not-a-url' })],
  ['a credentialSubject with several ids', (i) => vcdmCredential(i, { credentialSubject: { id: ['did:example:subject-1', 'did:example:subject-2'], name: 'Two ids' } })],
  // types
  ['no type', (i) => without(vcdmCredential(i), 'type')],
  ['a type mapped to something that is not a URL', (i) => v2OnlyCredential(i, {
    '@context': [V2, { NotAUrlCredential: 'https ://not-a-url#NotAUrlCredential' }],
    type: ['VerifiableCredential', 'NotAUrlCredential'],
  })],
  ['a type no context maps (an inline {"@vocab": null})', (i) => v2OnlyCredential(i, {
    '@context': [V2, EX2, { '@vocab': null }],
    type: ['VerifiableCredential', 'UnmappedCredential'],
  })],
  ['a type array without VerifiableCredential', (i) => vcdmCredential(i, { type: ['ExampleDegreeCredential'] })],
  ['a credentialStatus without type', (i) => vcdmCredential(i, { credentialStatus: { id: 'https://example.org/status/24#94567' } })],
  ['a termsOfUse without type', (i) => vcdmCredential(i, { termsOfUse: { id: 'https://example.org/terms/1' } })],
  ['evidence without type', (i) => vcdmCredential(i, { evidence: [{ id: 'https://example.org/evidence/1', name: 'Transcript' }] })],
  ['a refreshService without type', (i) => vcdmCredential(i, { refreshService: { id: 'did:example:refresh/1' } })],
  ['a credentialSchema without type', (i) => vcdmCredential(i, { credentialSchema: { id: 'did:example:schemas/1' } })],
  ['a credentialStatus type mapped to something that is not a URL', (i) => vcdmCredential(i, {
    '@context': [V2, EX2, { NotAUrlStatus: 'https ://not-a-url#NotAUrlStatus' }],
    credentialStatus: { id: 'https://example.org/status/24#94567', type: 'NotAUrlStatus' },
  })],
  // names and descriptions
  ['a name language object with an extra property', (i) => vcdmCredential(i, { name: notAUrlLang('Example Degree') })],
  ['a description language object with an extra property', (i) => vcdmCredential(i, { description: notAUrlLang('A degree.') })],
  ['an issuer name language object with an extra property', (i) => vcdmCredential({ id: i, name: notAUrlLang('Example University') })],
  ['an issuer description language object with an extra property', (i) => vcdmCredential({ id: i, description: notAUrlLang('A university.') })],
  // issuer (the suite sends these as they are)
  ['issuer "fake-issuer" (not a URL)', () => vcdmCredential('fake-issuer')],
  ['issuer null', () => vcdmCredential(null)],
  ['issuer {id: null}', () => vcdmCredential({ id: null })],
  ['issuer {id: "fake-issuer"}', () => vcdmCredential({ id: 'fake-issuer' })],
  // credentialSubject
  ['no credentialSubject', (i) => without(vcdmCredential(i), 'credentialSubject')],
  ['credentialSubject {} (no claims)', (i) => vcdmCredential(i, { credentialSubject: {} })],
  ['a credentialSubject array holding an empty object', (i) => vcdmCredential(i, { credentialSubject: [{ id: SUBJECT, name: 'Subject' }, {}] })],
  // validity
  ['a validFrom that is not a dateTimeStamp', (i) => vcdmCredential(i, { validFrom: 'Sat 25 Feb 2023 07:16:31 PM CST' })],
  ['a validUntil that is not a dateTimeStamp', (i) => vcdmCredential(i, { validUntil: 'Sat 25 Feb 2023 07:16:31 PM CST' })],
  // status
  ['a credentialStatus with an array of ids', (i) => vcdmCredential(i, { credentialStatus: { id: ['https://example.org/status/1#1', 'https://example.org/status/2#2'], type: 'ExampleStatusEntry' } })],
  ['a credentialStatus id that is not a URL', (i) => vcdmCredential(i, { credentialStatus: { id: 'not-a-url', type: 'ExampleStatusEntry' } })],
  // schemas
  ['a credentialSchema without id', (i) => vcdmCredential(i, { credentialSchema: { type: 'JsonSchema' } })],
  ['a credentialSchema id that is not a URL', (i) => vcdmCredential(i, { credentialSchema: { id: 'https ://not-a-url.org/schemas/1.json', type: 'JsonSchema' } })],
  // advanced: protected terms
  ['a second inline context redefining a protected term of the first (redef-type)', (i) => v2OnlyCredential(i, {
    '@context': [V2, { '@protected': true, ExampleProtectedCredential: 'https://example.org/vocab#ExampleProtectedCredential' }, { ExampleProtectedCredential: 'https://example.org/other#ExampleProtectedCredential' }],
    type: ['VerifiableCredential', 'ExampleProtectedCredential'],
  })],
  ['an inline context redefining VerifiableCredential, which the v2 context protects (redef-type2)', (i) => v2OnlyCredential(i, {
    '@context': [V2, { VerifiableCredential: 'https://example.org/vocab#VerifiableCredential' }],
  })],
]

const RR_URL = 'https://raw.githubusercontent.com/w3c-ccg/vc-examples/bf5b8f9b5e4bdf1d9b40e6dd3e1b22d1c0ea2bd4/docs/edu/university-degree-verifiable-credential.json'
const RR_SPEC = 'https://w3c.github.io/vc-data-model/related-resource.json'
/** The digest the suite's "ok" SRI fixture carries (45 characters: 33 bytes, not a SHA-256 length). */
export const ODD_SRI = 'sha256-MIwhzJyufmsjiGS1qP0waCmFb0gKa5ZGBI0ZZtfQo9Ls='
const GOOD_MULTIBASE = 'uEiAjCHMnK5-ayOIZLWo_TBoKYVvSAprlkYEjRlm19Cj0uw'

/** §1.4: relatedResource fixtures the issuer must accept. */
/**
 * The same SHA-256 as {@link GOOD_MULTIBASE}, as a well-formed SRI value (the suite's own "ok"
 * SRI, {@link ODD_SRI}, has one character too many: see RELATED_RESOURCE_ODD).
 */
const GOOD_SRI = `sha256-${Buffer.from(GOOD_MULTIBASE.slice(1), 'base64url').subarray(2).toString('base64')}`

export const RELATED_RESOURCE_OK: [what: string, relatedResource: unknown][] = [
  ['a digestSRI (the suite\'s sha256, well formed)', [{ id: RR_URL, digestSRI: GOOD_SRI }]],
  ['a digestMultibase (a sha2-256 multihash)', [{ id: RR_URL, digestMultibase: GOOD_MULTIBASE }]],
  ['two entries with mediaType', [
    { id: RR_URL, digestMultibase: GOOD_MULTIBASE, mediaType: 'application/json' },
    { id: `${RR_URL}?q=1`, digestSRI: GOOD_SRI, mediaType: 'application/ld+json' },
  ]],
]

/**
 * The suite's "ok" fixtures as the suite has them: their digestSRI decodes to 33 bytes, which no
 * SHA-256 is. ob3 refuses them on purpose (such a digest can never match the resource); this is
 * where ob3 and the stored suite disagree.
 */
export const RELATED_RESOURCE_ODD: [what: string, relatedResource: unknown][] = [
  ['the suite\'s 33-byte sha256 digestSRI', [{ id: RR_URL, digestSRI: ODD_SRI }]],
  ['the suite\'s two entries with mediaType (one with the 33-byte digestSRI)', [
    { id: RR_URL, digestMultibase: GOOD_MULTIBASE, mediaType: 'application/json' },
    { id: `${RR_URL}?q=1`, digestSRI: ODD_SRI, mediaType: 'application/ld+json' },
  ]],
]

/** §1.4: relatedResource fixtures the issuer must refuse. */
export const RELATED_RESOURCE_FAIL: [what: string, relatedResource: unknown][] = [
  ['a list of URL strings', [RR_SPEC, RR_URL]],
  ['an entry with url instead of id', [{ url: RR_SPEC, digestMultibase: GOOD_MULTIBASE }]],
  ['two entries with the same id', [{ id: RR_SPEC, digestMultibase: GOOD_MULTIBASE }, { id: RR_SPEC, digestSRI: ODD_SRI }]],
  ['entries without any digest', [{ id: V2 }, { id: EX2 }]],
  ['a digestSRI written in hex (48 bytes as base64)', [{ id: RR_SPEC, digestSRI: 'sha256-ca3d163bab055381827226140568f3bef634ac187cebd76878e0b63e9e442356' }]],
  ['a digestMultibase that is not a multihash', [{ id: RR_SPEC, digestMultibase: 'uZTQ0MjM1NiAgcmVwb3J0cc5jZWxhdGVkLXJlc291cmNlLmpzb24K' }]],
]

// ---------------------------------------------------------------------------------------------
// VC-API issuer suite: a VC 1.1 UniversityDegreeCredential

/** The VC-API issuer suite's credential (VCDM 1.1), with a fresh id and issuanceDate now. */
export function vcApiIssuerCredential(issuer: string, subjectDid: string, extra: Json = {}): Json {
  return {
    '@context': [V1, EX1],
    id: freshUrnUuid(),
    type: ['VerifiableCredential', 'UniversityDegreeCredential'],
    issuer,
    issuanceDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: { id: subjectDid, degree: { type: 'BachelorDegree', name: 'Bachelor of Science and Arts' } },
    ...extra,
  }
}

export type Mutation = [what: string, change: (doc: Json) => Json]

const set = (key: string, value: unknown) => (doc: Json) => ({ ...doc, [key]: value })
const drop = (key: string) => (doc: Json) => without(doc, key)

/** §2: requests the VC-API issuer must answer with exactly 400. */
export const VC_API_ISSUER_FAIL: Mutation[] = [
  ['no @context', drop('@context')],
  ['@context 4', set('@context', 4)],
  ['@context false', set('@context', false)],
  ['@context null', set('@context', null)],
  ['@context []', set('@context', [])],
  ['no type', drop('type')],
  ['type 4', set('type', 4)],
  ['type null', set('type', null)],
  ['type true', set('type', true)],
  ['type []', set('type', [])],
  ['no issuer', drop('issuer')],
  ['issuer null', set('issuer', null)],
  ['issuer true', set('issuer', true)],
  ['issuer 4', set('issuer', 4)],
  ['issuer []', set('issuer', [])],
  ['no credentialSubject', drop('credentialSubject')],
  ['credentialSubject null', set('credentialSubject', null)],
  ['credentialSubject true', set('credentialSubject', true)],
  ['credentialSubject 4', set('credentialSubject', 4)],
  ['credentialSubject []', set('credentialSubject', [])],
  ['credentialSubject as a string', set('credentialSubject', 'did:example:1234')],
]

// ---------------------------------------------------------------------------------------------
// VC-API verifier suite: an Ed25519Signature2020 vector and its mutations

export const VC_API_VERIFIER_ISSUER = 'https://vc.example/issuers/5678'

/** The valid vector: VC 2.0, an https issuer that is not the key's controller, Ed25519Signature2020. */
export async function vcApiVerifierVector(k: SuiteKey, issuer: string = VC_API_VERIFIER_ISSUER): Promise<Json> {
  const credential = {
    '@context': [V2, EX2, ED2020],
    id: 'http://university.example/credentials/1872',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer,
    validFrom: '2020-01-01T19:23:24Z',
    credentialSubject: { id: SUBJECT, alumniOf: { id: 'did:example:c276e12ec21ebfeb1f712ebc6f1', name: 'Example University' } },
  }
  return signLinkedDataProof({ document: credential, signer: k.signer, suite: 'Ed25519Signature2020', created: FIXED_CREATED, documentLoader: serverDocumentLoader })
}

const proofDrop = (key: string): Mutation[1] => (doc) => withProof(doc, (p) => without(p, key))
/** Mutations that are about the shape of the document (a 400 `{error}` is as good as a verification result). */
export const VC_API_VERIFIER_SHAPE_FAIL: Mutation[] = [
  ['no @context', drop('@context')],
  ['no type', drop('type')],
  ['no issuer', drop('issuer')],
  ['no credentialSubject', drop('credentialSubject')],
  ['no proof', drop('proof')],
  ...(['string', {}, null, 10, true] as unknown[]).map((v): Mutation => [`@context ${JSON.stringify(v)}`, set('@context', v)]),
  ...([[], {}, null, 10, true] as unknown[]).map((v): Mutation => [`@context [${JSON.stringify(v)}]`, set('@context', [v])]),
  ...(['string', {}, null, 10, true] as unknown[]).map((v): Mutation => [`type ${JSON.stringify(v)}`, set('type', v)]),
  ...([[], {}, null, 10, true] as unknown[]).map((v): Mutation => [`type [${JSON.stringify(v)}]`, set('type', [v])]),
  ...([[], null, 10, true] as unknown[]).map((v): Mutation => [`issuer ${JSON.stringify(v)}`, set('issuer', v)]),
  ...(['string', null, 10, true, []] as unknown[]).map((v): Mutation => [`credentialSubject ${JSON.stringify(v)}`, set('credentialSubject', v)]),
  ...(['string', null, 10, true, []] as unknown[]).map((v): Mutation => [`proof ${JSON.stringify(v)}`, set('proof', v)]),
]
/** Mutations of the proof's own properties (the answer must be a verification result). */
export const VC_API_VERIFIER_PROOF_FAIL: Mutation[] = [
  ['no proof.type', proofDrop('type')],
  ['no proof.created (required by Ed25519Signature2020)', proofDrop('created')],
  ['no proof.verificationMethod', proofDrop('verificationMethod')],
  ['no proof.proofValue', proofDrop('proofValue')],
  ['no proof.proofPurpose', proofDrop('proofPurpose')],
]

// ---------------------------------------------------------------------------------------------
// Data Integrity EdDSA suite

/** The EdDSA suite's credential: v2 context only, issuer = the signing did:key. */
export function eddsaCredential(issuerDid: string, subjectDid: string, extra: Json = {}): Json {
  return {
    '@context': [V2],
    id: 'urn:uuid:1f1a7f31-5a0f-4b8c-a8a0-0a9b0c1d2e3f',
    type: ['VerifiableCredential'],
    issuer: issuerDid,
    credentialSubject: { id: subjectDid, name: 'ExampleClaim' },
    ...extra,
  }
}

// ---------------------------------------------------------------------------------------------
// Bitstring Status List suite

/** The current-generation credential: v2 context, a subject with only an id. */
export function bitstringCredential(issuer: string, subjectDid: string, extra: Json = {}): Json {
  return { '@context': [V2], id: freshUrnUuid(), type: ['VerifiableCredential'], issuer, credentialSubject: { id: subjectDid }, ...extra }
}
