import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js'
import * as ajvFormats from 'ajv-formats'
import { fetchLimited, fromUtf8, isOb3Error, parseJson, sha256, toHex, utf8 } from '@ob3/core'

/** The `credentialSchema` types whose schema is a JSON Schema that ob3 validates with. */
export const JSON_SCHEMA_TYPES: ReadonlySet<string> = new Set(['1EdTechJsonSchemaValidator2019', 'JsonSchema'])

/** The official OB 3.0 schemas, which ob3's own rules implement (so they pass offline). */
export const OFFICIAL_SCHEMA = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/schema\/(json|json-ld)\/ob_v3p0_(any)?(achievement|endorsement)credential_schema\.json$/

/** Most `credentialSchema` entries looked at per credential: each may cost a fetch. */
export const MAX_SCHEMA_ENTRIES = 8

/** Largest schema accepted, in bytes (the official ones are about 50 KB). */
const MAX_SCHEMA_BYTES = 1024 * 1024

/** What validating a credential against the JSON Schemas it names found. */
export interface JsonSchemaFindings {
  /** Violations, each `<schema id>: <instance path>: <message>`. */
  errors: string[]
  /** Schemas named but not checked (unknown type, not available, not a usable schema), with why. */
  unchecked: Array<{ id: string; official: boolean; reason: string }>
  /** The schemas the credential was validated against. */
  checked: string[]
}

/** Options for {@link checkJsonSchemas}. */
export interface CheckJsonSchemasOptions {
  /** The verifier's (safe, resource-mapped) fetch; without one, no schema is fetched. */
  fetch: typeof fetch | undefined
}

/**
 * Validate a credential against each JSON Schema its `credentialSchema` names with the type
 * `1EdTechJsonSchemaValidator2019` or `JsonSchema` (draft 2019-09 and earlier drafts that draft
 * 2019-09 reads), fetched through the verifier's fetch: the safe fetch, or the `--resources` map.
 * Other types, and schemas that cannot be fetched or compiled, are reported as unchecked. Never
 * throws for a bad credential or schema.
 */
export async function checkJsonSchemas(doc: Record<string, unknown>, options: CheckJsonSchemasOptions): Promise<JsonSchemaFindings> {
  const findings: JsonSchemaFindings = { errors: [], unchecked: [], checked: [] }
  const raw = doc.credentialSchema
  const entries = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).slice(0, MAX_SCHEMA_ENTRIES)
  await Promise.all(entries.map(async (entry) => {
    if (typeof entry !== 'object' || entry === null) return // the data-model rules report a malformed entry
    const { id, type } = entry as Record<string, unknown>
    if (typeof id !== 'string') return
    const official = OFFICIAL_SCHEMA.test(id)
    const types = Array.isArray(type) ? type : [type]
    if (!types.some((t) => typeof t === 'string' && JSON_SCHEMA_TYPES.has(t))) {
      findings.unchecked.push({ id, official, reason: `its type ${JSON.stringify(type)} is not a JSON Schema type ob3 knows (${[...JSON_SCHEMA_TYPES].join(', ')})` })
      return
    }
    let validate: ValidateFunction
    try {
      validate = await compiledSchema(id, options.fetch)
    } catch (err) {
      findings.unchecked.push({ id, official, reason: err instanceof Error ? err.message : String(err) })
      return
    }
    findings.checked.push(id)
    if (!validate(doc)) findings.errors.push(...(validate.errors ?? []).map((e) => `${id}: ${describeError(e)}`))
  }))
  if (entries.length < (Array.isArray(raw) ? raw.length : 0)) {
    findings.unchecked.push({ id: '/credentialSchema', official: false, reason: `only the first ${MAX_SCHEMA_ENTRIES} entries are checked` })
  }
  return findings
}

function describeError(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
    : e.keyword === 'enum' || e.keyword === 'const' ? ` (${JSON.stringify((e.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (e.params as { allowedValue?: unknown }).allowedValue)})`
      : ''
  return `${e.instancePath === '' ? '/' : e.instancePath}: ${e.message ?? e.keyword}${extra}`
}

/** Compiled validators by the SHA-256 of the schema text: a schema is compiled once per process. */
const compiled = new Map<string, ValidateFunction>()
const MAX_COMPILED = 32

async function compiledSchema(id: string, fetch: typeof globalThis.fetch | undefined): Promise<ValidateFunction> {
  let text: string
  try {
    const { body } = await fetchLimited(id, { fetch, what: 'JSON Schema', maxBytes: MAX_SCHEMA_BYTES, accept: 'application/schema+json, application/json' })
    text = fromUtf8(body)
  } catch (err) {
    if (isOb3Error(err)) throw new Error(`the schema could not be fetched (${err.code}): ${err.message}`)
    throw err
  }
  const key = toHex(await sha256(utf8(text)))
  const known = compiled.get(key)
  if (known !== undefined) return known
  let schema: unknown
  try {
    schema = parseJson(text, { label: 'JSON Schema' })
  } catch (err) {
    throw new Error(`the schema is not JSON: ${(err as Error).message}`)
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error('the schema is not a JSON object')
  let validate: ValidateFunction
  try {
    // A fresh instance per schema: two schemas may share an $id. strict: false because the
    // official schemas use keywords and tuple forms that strict mode only objects to;
    // validateSchema: false keeps a schema that names another draft in $schema usable.
    const ajv = new Ajv2019({ allErrors: true, strict: false, validateSchema: false })
    addFormats(ajv)
    validate = ajv.compile(schema)
  } catch (err) {
    throw new Error(`the schema cannot be used: ${(err as Error).message}`)
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string)
  compiled.set(key, validate)
  return validate
}

/** ajv-formats is CommonJS: its plugin is the module itself in Node and `default` in bundles. */
function addFormats(ajv: Ajv2019): void {
  const plugin = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (instance: Ajv2019) => unknown
  plugin(ajv)
}
