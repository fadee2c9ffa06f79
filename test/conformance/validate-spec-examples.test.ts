// Conformance of validateCredential against the Open Badges 3.0 spec's own examples and the
// official JSON Schema (gh-pages build 2024-07-30, draft 2019-09), both read in place from
// ../shared (never copied into the repo).
//
// 1. Every spec example (embedded-proof and VC-JWT payload forms) validates, with an exact,
//    expected issue list.
// 2. For a set of mutations of the "Complete" example, our validator reports an error exactly
//    when the official schema does, for the rules the schema covers.
// 3. Where we differ from the schema on purpose, the difference is listed and asserted:
//    stricter (spec rules the schema does not encode) and more lenient (JSON-LD compacted form,
//    bare image URLs and zone-less DateTime values are warnings, not errors).
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { validateCredential, type ValidationResult } from '../../packages/core/src/model/index.js'

const VECTORS = new URL('../../../shared/ob3/vectors/', import.meta.url)
const SCHEMAS = new URL('../../../shared/ob3/reference/schema/', import.meta.url)

// Mutations reach into arbitrary places of a deep clone; `any` keeps them short.
type Json = any

function readJson(base: URL, name: string): Json {
  return JSON.parse(readFileSync(new URL(name, base), 'utf8'))
}

// ajv (a root devDependency: only this test uses it) is CommonJS: required the CommonJS way.
const requireFromRoot = createRequire(import.meta.url)
interface SchemaError { instancePath: string; keyword: string; message?: string }
interface CompiledSchema { (data: unknown): boolean; errors?: SchemaError[] | null }
interface AjvInstance { compile(schema: unknown): CompiledSchema }
const Ajv2019 = (requireFromRoot('ajv/dist/2019') as { default: new (options: object) => AjvInstance }).default
const addFormats = (requireFromRoot('ajv-formats') as { default: (ajv: AjvInstance) => AjvInstance }).default

// strict: false because the generated schemas use draft 2019-09 tuple `items` without `minItems`
// matching, which Ajv's strict mode only warns about; formats are needed for `date-time`.
const ajv = addFormats(new Ajv2019({ strict: false, allErrors: true }))
const achievementSchema = ajv.compile(readJson(SCHEMAS, 'ob_v3p0_achievementcredential_schema.gh-pages-2024-07-30.json'))
const endorsementSchema = ajv.compile(readJson(SCHEMAS, 'ob_v3p0_endorsementcredential_schema.gh-pages-2024-07-30.json'))

function schemaErrors(credential: Json): string[] {
  const check = credential?.type?.includes?.('EndorsementCredential') === true ? endorsementSchema : achievementSchema
  return check(credential) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`)
}

const summary = (r: ValidationResult): string[] => r.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)
const errorsOf = (r: ValidationResult): string[] => r.issues.filter((i) => i.severity === 'error').map((i) => `${i.rule} ${i.path}`)

describe('the vectors directory', () => {
  it('resolves to /work/shared/ob3/vectors/ from test/conformance/', () => {
    expect(fileURLToPath(VECTORS)).toMatch(/[/\\]shared[/\\]ob3[/\\]vectors[/\\]$/)
    expect(readdirSync(VECTORS)).toContain('spec-complete.eddsa-rdfc-2022.json')
  })
})

describe('spec examples validate', () => {
  // Every example is clean: no error and no warning (all images are Image objects, all sets arrays).
  const EXPECTED: Record<string, { kind: string; issues: string[] }> = {
    'impl-guide-eddsa-rdfc-2022-testvector.signed.json': { kind: 'achievement', issues: [] },
    'spec-basic.eddsa-rdfc-2022.json': { kind: 'achievement', issues: [] },
    'spec-complete.eddsa-rdfc-2022.json': { kind: 'achievement', issues: [] },
    'spec-endorsement.eddsa-rdfc-2022.json': { kind: 'endorsement', issues: [] },
    'spec-file-contents.eddsa-rdfc-2022.json': { kind: 'achievement', issues: [] },
    'spec-basic.vc-jwt-rs256.json': { kind: 'achievement', issues: [] },
    'spec-complete.vc-jwt-rs256.json': { kind: 'achievement', issues: [] },
    'spec-endorsement.vc-jwt-rs256.json': { kind: 'endorsement', issues: [] },
    'spec-file-contents.vc-jwt-rs256.json': { kind: 'achievement', issues: [] },
  }

  it('covers every credential file in the vectors directory', () => {
    const files = readdirSync(VECTORS).filter((f) => f.endsWith('.json') && !f.endsWith('.intermediates.json'))
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const raw = readJson(VECTORS, file)
    // VC-JWT wrappers: {_source, jwt, decodedHeader, decodedPayload}; the payload is the credential (plus iss/jti/sub).
    const credential = file.endsWith('.vc-jwt-rs256.json') ? raw.decodedPayload : raw
    const result = validateCredential(credential)
    expect(summary(result)).toEqual(expected.issues)
    expect(result).toMatchObject({ valid: true, kind: expected.kind, dataModel: 'v2' })
  })

  it('agrees with the official schema on the examples, except the compacted single proof of the impl-guide vector', () => {
    expect(schemaErrors(readJson(VECTORS, 'spec-complete.eddsa-rdfc-2022.json'))).toEqual([])
    expect(schemaErrors(readJson(VECTORS, 'spec-endorsement.eddsa-rdfc-2022.json'))).toEqual([])
    expect(schemaErrors(readJson(VECTORS, 'spec-basic.vc-jwt-rs256.json').decodedPayload)).toEqual([])
    // The implementation guide writes `proof` as one object (JSON-LD compacted form, allowed by
    // serialization.md); the 2024-07-30 schema types proof as an array only.
    expect(schemaErrors(readJson(VECTORS, 'impl-guide-eddsa-rdfc-2022-testvector.signed.json'))).toEqual(['/proof type'])
  })
})

const COMPLETE: Json = readJson(VECTORS, 'spec-complete.eddsa-rdfc-2022.json')

function mutate(change: (c: Json) => void): Json {
  const copy: Json = structuredClone(COMPLETE)
  change(copy)
  return copy
}

interface Case {
  name: string
  change: (c: Json) => void
  /** Our expected error (`rule path`), or null for none. */
  ours: string | null
}

const ACH = '/credentialSubject/achievement'

// Mutations where the official schema and our validator must agree: ours reports `ours` as an
// error exactly when the schema reports an error.
const PARITY: Case[] = [
  { name: 'unchanged', change: () => undefined, ours: null },
  { name: 'missing id', change: (c) => delete c.id, ours: 'required /id' },
  { name: 'missing issuer', change: (c) => delete c.issuer, ours: 'required /issuer' },
  { name: 'missing validFrom', change: (c) => delete c.validFrom, ours: 'required /validFrom' },
  { name: 'missing credentialSubject', change: (c) => delete c.credentialSubject, ours: 'required /credentialSubject' },
  { name: 'missing @context', change: (c) => delete c['@context'], ours: 'required /@context' },
  { name: 'missing type', change: (c) => delete c.type, ours: 'required /type' },
  { name: '@context swapped', change: (c) => { c['@context'] = [c['@context'][1], c['@context'][0]] }, ours: 'context-order /@context/0' },
  { name: '@context without OB', change: (c) => { c['@context'] = ['https://www.w3.org/ns/credentials/v2'] }, ours: 'context-order /@context/1' },
  { name: '@context with a number entry', change: (c) => { c['@context'].push(1) }, ours: 'context-item /@context/3' },
  { name: '@context 3.0.2 and extra entries', change: (c) => { c['@context'][1] = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json'; c['@context'].push({ ex: 'https://example.org/' }) }, ours: null },
  { name: 'type without VerifiableCredential', change: (c) => { c.type = ['OpenBadgeCredential'] }, ours: 'type-missing /type' },
  { name: 'type without OpenBadgeCredential', change: (c) => { c.type = ['VerifiableCredential'] }, ours: 'type-missing /type' },
  { name: 'AchievementCredential alias', change: (c) => { c.type = ['VerifiableCredential', 'AchievementCredential'] }, ours: null },
  { name: 'validFrom without timezone', change: (c) => { c.validFrom = '2010-01-01T00:00:00' }, ours: 'format-datetime /validFrom' },
  { name: 'validFrom impossible date', change: (c) => { c.validFrom = '2010-02-30T00:00:00Z' }, ours: 'format-datetime /validFrom' },
  { name: 'validUntil not a date', change: (c) => { c.validUntil = 'never' }, ours: 'format-datetime /validUntil' },
  { name: 'validFrom with offset', change: (c) => { c.validFrom = '2010-01-01T00:00:00-05:00' }, ours: null },
  { name: 'name null', change: (c) => { c.name = null }, ours: 'unexpected-null /name' },
  { name: 'description a number', change: (c) => { c.description = 1 }, ours: 'not-string /description' },
  { name: 'credentialSubject an array', change: (c) => { c.credentialSubject = [c.credentialSubject] }, ours: 'single-value /credentialSubject' },
  { name: 'issuer an array', change: (c) => { c.issuer = [c.issuer] }, ours: 'single-value /issuer' },
  { name: 'issuer a URI string', change: (c) => { c.issuer = c.issuer.id }, ours: null },
  { name: 'issuer without id', change: (c) => delete c.issuer.id, ours: 'required /issuer/id' },
  { name: 'issuer type without Profile', change: (c) => { c.issuer.type = ['Organization'] }, ours: 'type-missing /issuer/type' },
  { name: 'issuer type empty', change: (c) => { c.issuer.type = [] }, ours: 'empty-array /issuer/type' },
  { name: 'parentOrg without id', change: (c) => delete c.issuer.parentOrg.id, ours: 'required /issuer/parentOrg/id' },
  { name: 'geo latitude a string', change: (c) => { c.issuer.address.geo.latitude = '1' }, ours: 'not-number /issuer/address/geo/latitude' },
  { name: 'address type wrong', change: (c) => { c.issuer.address.type = ['PostalAddress'] }, ours: 'type-missing /issuer/address/type' },
  { name: 'otherIdentifier without identifier', change: (c) => delete c.issuer.otherIdentifier[0].identifier, ours: 'required /issuer/otherIdentifier/0/identifier' },
  { name: 'otherIdentifier extra property', change: (c) => { c.issuer.otherIdentifier[0].x = 1 }, ours: 'additional-property /issuer/otherIdentifier/0/x' },
  { name: 'dateOfBirth not a date', change: (c) => { c.issuer.dateOfBirth = '01/02/1990' }, ours: 'format-date /issuer/dateOfBirth' },
  { name: 'image without type', change: (c) => delete c.image.type, ours: 'required /image/type' },
  { name: 'image type not Image', change: (c) => { c.image.type = 'Picture' }, ours: 'enum /image/type' },
  { name: 'image type as array', change: (c) => { c.image.type = ['Image'] }, ours: 'single-value /image/type' },
  { name: 'image extra property', change: (c) => { c.image.width = 1 }, ours: 'additional-property /image/width' },
  { name: 'image a number', change: (c) => { c.image = 1 }, ours: 'not-object /image' },
  { name: 'subject without achievement', change: (c) => delete c.credentialSubject.achievement, ours: 'required /credentialSubject/achievement' },
  { name: 'subject type wrong', change: (c) => { c.credentialSubject.type = ['Person'] }, ours: 'type-missing /credentialSubject/type' },
  { name: 'creditsEarned a string', change: (c) => { c.credentialSubject.creditsEarned = '42' }, ours: 'not-number /credentialSubject/creditsEarned' },
  { name: 'activityEndDate not a date', change: (c) => { c.credentialSubject.activityEndDate = 'Jan 2' }, ours: 'format-datetime /credentialSubject/activityEndDate' },
  { name: 'source without type', change: (c) => delete c.credentialSubject.source.type, ours: 'required /credentialSubject/source/type' },
  { name: 'identifier extra property', change: (c) => { c.credentialSubject.identifier[0].note = 'x' }, ours: 'additional-property /credentialSubject/identifier/0/note' },
  { name: 'identifier type as array', change: (c) => { c.credentialSubject.identifier[0].type = ['IdentityObject'] }, ours: 'single-value /credentialSubject/identifier/0/type' },
  { name: 'identifier identityType unknown', change: (c) => { c.credentialSubject.identifier[0].identityType = 'email' }, ours: 'enum /credentialSubject/identifier/0/identityType' },
  { name: 'identifier identityType ext:', change: (c) => { c.credentialSubject.identifier[0].identityType = 'ext:studentNumber' }, ours: null },
  { name: 'identifier hashed a string', change: (c) => { c.credentialSubject.identifier[0].hashed = 'false' }, ours: 'not-boolean /credentialSubject/identifier/0/hashed' },
  { name: 'identifier without identityHash', change: (c) => delete c.credentialSubject.identifier[0].identityHash, ours: 'required /credentialSubject/identifier/0/identityHash' },
  { name: 'identifier a single object', change: (c) => { c.credentialSubject.identifier = c.credentialSubject.identifier[0] }, ours: 'not-array /credentialSubject/identifier' },
  { name: 'achievement without criteria', change: (c) => delete c.credentialSubject.achievement.criteria, ours: `required ${ACH}/criteria` },
  { name: 'achievement without name', change: (c) => delete c.credentialSubject.achievement.name, ours: `required ${ACH}/name` },
  { name: 'achievement without description', change: (c) => delete c.credentialSubject.achievement.description, ours: `required ${ACH}/description` },
  { name: 'achievement without id', change: (c) => delete c.credentialSubject.achievement.id, ours: `required ${ACH}/id` },
  { name: 'achievement type wrong', change: (c) => { c.credentialSubject.achievement.type = ['Badge'] }, ours: `type-missing ${ACH}/type` },
  { name: 'achievementType unknown', change: (c) => { c.credentialSubject.achievement.achievementType = 'Trophy' }, ours: `enum ${ACH}/achievementType` },
  { name: 'achievementType ext:', change: (c) => { c.credentialSubject.achievement.achievementType = 'ext:Trophy' }, ours: null },
  { name: 'creditsAvailable a string', change: (c) => { c.credentialSubject.achievement.creditsAvailable = '36' }, ours: `not-number ${ACH}/creditsAvailable` },
  { name: 'inLanguage malformed', change: (c) => { c.credentialSubject.achievement.inLanguage = 'english' }, ours: `format-language ${ACH}/inLanguage` },
  { name: 'tag with a number', change: (c) => { c.credentialSubject.achievement.tag.push(3) }, ours: `not-string ${ACH}/tag/2` },
  { name: 'endorsementJwt malformed', change: (c) => { c.credentialSubject.achievement.endorsementJwt = ['abc'] }, ours: `format-jws ${ACH}/endorsementJwt/0` },
  { name: 'creator without type', change: (c) => delete c.credentialSubject.achievement.creator.type, ours: `required ${ACH}/creator/type` },
  { name: 'alignment without targetUrl', change: (c) => delete c.credentialSubject.achievement.alignment[0].targetUrl, ours: `required ${ACH}/alignment/0/targetUrl` },
  { name: 'alignment targetType unknown', change: (c) => { c.credentialSubject.achievement.alignment[0].targetType = 'Skill' }, ours: `enum ${ACH}/alignment/0/targetType` },
  { name: 'alignment a single object', change: (c) => { c.credentialSubject.achievement.alignment = c.credentialSubject.achievement.alignment[0] }, ours: `not-array ${ACH}/alignment` },
  { name: 'related without id', change: (c) => { c.credentialSubject.achievement.related = [{ type: ['Related'] }] }, ours: `required ${ACH}/related/0/id` },
  { name: 'resultDescription without resultType', change: (c) => delete c.credentialSubject.achievement.resultDescription[0].resultType, ours: `required ${ACH}/resultDescription/0/resultType` },
  { name: 'resultType unknown', change: (c) => { c.credentialSubject.achievement.resultDescription[0].resultType = 'Grade' }, ours: `enum ${ACH}/resultDescription/0/resultType` },
  { name: 'rubricCriterionLevel without id', change: (c) => delete c.credentialSubject.achievement.resultDescription[1].rubricCriterionLevel[0].id, ours: `required ${ACH}/resultDescription/1/rubricCriterionLevel/0/id` },
  { name: 'allowedValue a string', change: (c) => { c.credentialSubject.achievement.resultDescription[0].allowedValue = 'A' }, ours: `not-array ${ACH}/resultDescription/0/allowedValue` },
  { name: 'result a single object', change: (c) => { c.credentialSubject.result = c.credentialSubject.result[0] }, ours: 'not-array /credentialSubject/result' },
  { name: 'result without type', change: (c) => delete c.credentialSubject.result[0].type, ours: 'required /credentialSubject/result/0/type' },
  { name: 'result status unknown', change: (c) => { c.credentialSubject.result[2].status = 'Done' }, ours: 'enum /credentialSubject/result/2/status' },
  { name: 'evidence a single object', change: (c) => { c.evidence = c.evidence[0] }, ours: 'not-array /evidence' },
  { name: 'evidence without type', change: (c) => delete c.evidence[0].type, ours: 'required /evidence/0/type' },
  { name: 'evidence null', change: (c) => { c.evidence = null }, ours: 'unexpected-null /evidence' },
  { name: 'evidence empty (warning only)', change: (c) => { c.evidence = [] }, ours: null },
  { name: 'criteria empty (warning only)', change: (c) => { c.credentialSubject.achievement.criteria = {} }, ours: null },
  { name: 'endorsement a single object', change: (c) => { c.endorsement = c.endorsement[0] }, ours: 'not-array /endorsement' },
  { name: 'endorsement without name', change: (c) => delete c.endorsement[0].name, ours: 'required /endorsement/0/name' },
  { name: 'endorsement without validFrom', change: (c) => delete c.issuer.endorsement[0].validFrom, ours: 'required /issuer/endorsement/0/validFrom' },
  { name: 'endorsement @context without OB', change: (c) => { c.credentialSubject.achievement.endorsement[0]['@context'].pop() }, ours: `context-order ${ACH}/endorsement/0/@context/1` },
  { name: 'endorsement subject without id', change: (c) => delete c.credentialSubject.achievement.creator.endorsement[1].credentialSubject.id, ours: `required ${ACH}/creator/endorsement/1/credentialSubject/id` },
  { name: 'endorsement type without EndorsementCredential', change: (c) => { c.endorsement[0].type = ['VerifiableCredential'] }, ours: 'type-missing /endorsement/0/type' },
  { name: 'credentialStatus without id', change: (c) => delete c.credentialStatus.id, ours: 'required /credentialStatus/id' },
  { name: 'refreshService without type', change: (c) => delete c.refreshService.type, ours: 'required /refreshService/type' },
  { name: 'credentialSchema entry without id', change: (c) => delete c.credentialSchema[0].id, ours: 'required /credentialSchema/0/id' },
  { name: 'proof entry without type', change: (c) => delete c.proof[0].type, ours: 'required /proof/0/type' },
  { name: 'proof created without timezone', change: (c) => { c.proof[0].created = '2024-04-03T13:53:29' }, ours: 'format-datetime /proof/0/created' },
  { name: 'unknown extension property', change: (c) => { c.extension = { anything: [null] } }, ours: null },
]

// Mutations where we knowingly differ from the 2024-07-30 schema.
const STRICTER: Case[] = [
  // FACTS §1.3: "Either id or at least one identifier MUST be supplied"; the schema does not encode it.
  { name: 'subject with neither id nor identifier', change: (c) => { delete c.credentialSubject.id; delete c.credentialSubject.identifier }, ours: 'subject-id-or-identifier /credentialSubject' },
  // IdentityHash is `md5$<32 hex>` / `sha256$<64 hex>`; the schema only says string.
  { name: 'hashed identityHash not alg$hex', change: (c) => { c.credentialSubject.identifier[0].hashed = true }, ours: 'identity-hash-format /credentialSubject/identifier/0/identityHash' },
  // URIs: the schema types id/targetUrl/... as plain strings.
  { name: 'credential id not a URI', change: (c) => { c.id = '3732' }, ours: 'format-uri /id' },
  { name: 'alignment targetUrl not a URI', change: (c) => { c.credentialSubject.achievement.alignment[0].targetUrl = 'catalog/degree' }, ours: `format-uri ${ACH}/alignment/0/targetUrl` },
  // Proof purpose MUST be assertionMethod (FACTS §1.9).
  { name: 'proofPurpose authentication', change: (c) => { c.proof[0].proofPurpose = 'authentication' }, ours: 'proof-purpose /proof/0/proofPurpose' },
  // Result.status is required when the ResultDescription's resultType is Status.
  { name: 'status result without status', change: (c) => { c.credentialSubject.result[2].resultDescription = 'urn:uuid:b07c0387-f2d6-4b65-a3f4-f4e4302ea8f7'; delete c.credentialSubject.result[2].status }, ours: 'result-status-required /credentialSubject/result/2/status' },
  // The schema's ext: pattern is unanchored, so it accepts any string containing "ext:x".
  { name: 'achievementType with ext: inside', change: (c) => { c.credentialSubject.achievement.achievementType = 'Degree ext:x' }, ours: `enum ${ACH}/achievementType` },
  // DateTimeZ per RFC 3339 / XML Schema: "T" separator and ±hh:mm offsets; Ajv also accepts " " and ±hhmm.
  { name: 'validFrom with a space separator', change: (c) => { c.validFrom = '2010-01-01 00:00:00Z' }, ours: 'format-datetime /validFrom' },
  { name: 'validFrom with +hhmm offset', change: (c) => { c.validFrom = '2010-01-01T00:00:00+0200' }, ours: 'format-datetime /validFrom' },
  // BitstringStatusListEntry needs its own fields; the schema only knows {id, type}.
  { name: 'bitstring status without statusListCredential', change: (c) => { c.credentialStatus = { id: 'https://1edtech.edu/status/1#5', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '5' } }, ours: 'required /credentialStatus/statusListCredential' },
]

const LENIENT: (Case & { warning?: string })[] = [
  // serialization.md: compacted form MAY use a single value for type, proof, credentialSchema and termsOfUse.
  { name: 'achievement type as a single string', change: (c) => { c.credentialSubject.achievement.type = 'Achievement' }, ours: null },
  { name: 'proof as a single object', change: (c) => { c.proof = c.proof[0] }, ours: null },
  { name: 'credentialSchema as a single object', change: (c) => { c.credentialSchema = c.credentialSchema[0] }, ours: null },
  { name: 'termsOfUse as a single object', change: (c) => { c.termsOfUse = { type: 'IssuerPolicy' } }, ours: null },
  // Bare image URLs are common in the wild: a warning, not an error.
  { name: 'image as a bare URL', change: (c) => { c.image = c.image.id }, ours: null, warning: 'image-object /image' },
  // VC 2.0 allows several status entries (a revocation and a suspension list); OB 3.0 expects one.
  { name: 'credentialStatus an array', change: (c) => { c.credentialStatus = [c.credentialStatus] }, ours: null, warning: 'several-values /credentialStatus' },
  // The spec's DateTime (activity dates) allows no timezone; the schema's date-time does not.
  { name: 'activityStartDate without timezone', change: (c) => { c.credentialSubject.activityStartDate = '2010-01-01T00:00:00' }, ours: null, warning: 'format-datetime /credentialSubject/activityStartDate' },
]

describe('parity with the official JSON Schema (2024-07-30) on mutations of the Complete example', () => {
  it.each(PARITY.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const credential = mutate(testCase.change)
    const ours = errorsOf(validateCredential(credential))
    const schema = schemaErrors(credential)
    if (testCase.ours === null) expect(ours).toEqual([])
    else expect(ours).toContain(testCase.ours)
    expect({ oursRejects: ours.length > 0, schemaRejects: schema.length > 0 }).toEqual({
      oursRejects: testCase.ours !== null,
      schemaRejects: testCase.ours !== null,
    })
  })
})

describe('documented differences from the official JSON Schema', () => {
  it.each(STRICTER.map((c) => [c.name, c] as const))('stricter: %s', (_name, testCase) => {
    const credential = mutate(testCase.change)
    expect(errorsOf(validateCredential(credential))).toEqual([testCase.ours])
    expect(schemaErrors(credential)).toEqual([])
  })

  it.each(LENIENT.map((c) => [c.name, c] as const))('more lenient: %s', (_name, testCase) => {
    const credential = mutate(testCase.change)
    const result = validateCredential(credential)
    expect(result.valid).toBe(true)
    expect(result.issues.map((i) => `${i.rule} ${i.path}`)).toEqual(testCase.warning === undefined ? [] : [testCase.warning])
    expect(schemaErrors(credential).length).toBeGreaterThan(0)
  })
})
