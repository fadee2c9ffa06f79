// credentialSchema entries of type 1EdTechJsonSchemaValidator2019 / JsonSchema are validated with
// ajv under the `schema` check, beside ob3's own OB 3.0 rules; small schemas served by a fake fetch.
import { describe, expect, it, vi } from 'vitest'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { MAX_SCHEMA_ENTRIES, checkJsonSchemas } from '../src/checks/json-schema.js'
import { checkSchema } from '../src/checks/schema.js'
import { verify } from '../src/index.js'
import { NOW, credential, parties, sign } from './fixtures.js'

const SCHEMA_URL = 'https://district.example/schemas/badge.json'
const OFFICIAL_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'

/** A schema of its own: a name of at most 20 characters and a subject with creditsEarned ≤ 20. */
const SMALL_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2019-09/schema#',
  type: 'object',
  required: ['name', 'credentialSubject'],
  properties: {
    name: { type: 'string', maxLength: 20 },
    validFrom: { type: 'string', format: 'date-time' },
    credentialSubject: { type: 'object', properties: { creditsEarned: { type: 'number', maximum: 20 } } },
  },
}

/** A fetch that serves a map of URLs and counts what it was asked. */
function served(map: Record<string, unknown>): typeof fetch & { asked: string[] } {
  const asked: string[] = []
  const f = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input)
    asked.push(url)
    const body = map[url]
    if (body === undefined) return new Response('not here', { status: 404 })
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/schema+json' } })
  }) as typeof fetch & { asked: string[] }
  f.asked = asked
  return f
}

const doc = (extra: Record<string, unknown> = {}, schemas: unknown = [{ id: SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }]) => ({
  name: 'Idea Generating',
  validFrom: '2026-01-01T00:00:00Z',
  credentialSubject: { creditsEarned: 15 },
  credentialSchema: schemas,
  ...extra,
})

describe('checkJsonSchemas', () => {
  it('validates against a schema of type 1EdTechJsonSchemaValidator2019, and of type JsonSchema', async () => {
    for (const type of ['1EdTechJsonSchemaValidator2019', 'JsonSchema']) {
      const findings = await checkJsonSchemas(doc({}, { id: SCHEMA_URL, type }), { fetch: served({ [SCHEMA_URL]: SMALL_SCHEMA }) })
      expect(findings).toEqual({ errors: [], unchecked: [], checked: [SCHEMA_URL] })
    }
    // The string formats of JSON Schema (ajv-formats) are checked too, by the validator compiled above.
    const dated = await checkJsonSchemas(doc({ validFrom: 'yesterday' }), { fetch: served({ [SCHEMA_URL]: SMALL_SCHEMA }) })
    expect(dated).toEqual({ errors: [`${SCHEMA_URL}: /validFrom: must match format "date-time"`], unchecked: [], checked: [SCHEMA_URL] })
  })

  it('reports each violation with its instance path', async () => {
    const findings = await checkJsonSchemas(doc({ name: 'A name much longer than twenty', credentialSubject: { creditsEarned: 40 }, validFrom: 'yesterday' }), { fetch: served({ [SCHEMA_URL]: SMALL_SCHEMA }) })
    expect(findings.errors).toHaveLength(3)
    expect(findings.errors).toEqual(expect.arrayContaining([
      `${SCHEMA_URL}: /name: must NOT have more than 20 characters`,
      `${SCHEMA_URL}: /credentialSubject/creditsEarned: must be <= 20`,
      `${SCHEMA_URL}: /validFrom: must match format "date-time"`,
    ]))
  })

  it('lists an unknown schema type as unchecked, without fetching it', async () => {
    const fetch = served({ [SCHEMA_URL]: SMALL_SCHEMA })
    const findings = await checkJsonSchemas(doc({}, [{ id: SCHEMA_URL, type: 'ShaclValidator2017' }]), { fetch })
    expect(findings.checked).toEqual([])
    expect(findings.unchecked).toEqual([{ id: SCHEMA_URL, official: false, reason: expect.stringContaining('"ShaclValidator2017" is not a JSON Schema type') }])
    expect(fetch.asked).toEqual([])
  })

  it('lists a schema that cannot be fetched, is not JSON, or cannot be compiled as unchecked, with why', async () => {
    const offline = await checkJsonSchemas(doc(), { fetch: undefined })
    expect(offline.unchecked[0]?.reason).toContain('ERR_OB3_FETCH_FORBIDDEN')
    const missing = await checkJsonSchemas(doc(), { fetch: served({}) })
    expect(missing.unchecked[0]?.reason).toContain('ERR_OB3_FETCH_FAILED')
    const notJson = await checkJsonSchemas(doc(), { fetch: served({ [SCHEMA_URL]: '{not json' }) })
    expect(notJson.unchecked[0]?.reason).toContain('not JSON')
    const broken = await checkJsonSchemas(doc(), { fetch: served({ [SCHEMA_URL]: { type: 'object', properties: { name: { $ref: 'https://elsewhere.example/x.json' } } } }) })
    expect(broken.unchecked[0]?.reason).toContain('cannot be used')
    for (const f of [offline, missing, notJson, broken]) expect(f.errors).toEqual([])
  })

  it('marks the official OB 3.0 schemas as such, and ignores entries without an id', async () => {
    const findings = await checkJsonSchemas(doc({}, [{ id: OFFICIAL_URL, type: '1EdTechJsonSchemaValidator2019' }, { type: 'JsonSchema' }, 'x']), { fetch: undefined })
    expect(findings.unchecked).toEqual([{ id: OFFICIAL_URL, official: true, reason: expect.any(String) }])
  })
})

describe('checkSchema with JSON Schema findings', () => {
  it('a JSON Schema violation alone fails with ERR_OB3_SCHEMA_JSON_SCHEMA and the instance path', async () => {
    const parties_ = await parties()
    const badge = { ...credential({ issuer: parties_.provider }), credentialSchema: [{ id: SCHEMA_URL, type: 'JsonSchema' }] }
    const findings = await checkJsonSchemas({ ...badge, name: 'Idea Generating, with a longer title' }, { fetch: served({ [SCHEMA_URL]: SMALL_SCHEMA }) })
    const check = checkSchema({ ...badge, name: 'Idea Generating, with a longer title' }, findings)
    expect(check).toMatchObject({ id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA' })
    expect(check.message).toContain('/name: must NOT have more than 20 characters')
  })

  it("ob3's own rules keep their code and message first; the JSON Schema findings follow", async () => {
    const parties_ = await parties()
    const { validFrom: _v, ...badge } = { ...credential({ issuer: parties_.provider }), name: 'A name much longer than twenty', credentialSchema: [{ id: SCHEMA_URL, type: 'JsonSchema' }] } as Record<string, unknown>
    const check = checkSchema(badge, await checkJsonSchemas(badge, { fetch: served({ [SCHEMA_URL]: SMALL_SCHEMA }) }))
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID' })
    expect(check.message.indexOf('validFrom')).toBeLessThan(check.message.indexOf('/name: must NOT have more than 20 characters'))
    expect(check.message.indexOf('/name')).toBeGreaterThan(0)
  })

  it('an unknown schema type is a warning (ERR_OB3_SCHEMA_UNCHECKED), not a failure', async () => {
    const parties_ = await parties()
    const badge = { ...credential({ issuer: parties_.provider }), credentialSchema: [{ id: SCHEMA_URL, type: 'ShaclValidator2017' }] }
    const check = checkSchema(badge, await checkJsonSchemas(badge, { fetch: undefined }))
    expect(check).toMatchObject({ status: 'warning', code: 'ERR_OB3_SCHEMA_UNCHECKED' })
    expect(check.message).toContain('ShaclValidator2017')
  })

  it('the official schema, unavailable offline, leaves the check passed and says it was not fetched', async () => {
    const parties_ = await parties()
    const badge = { ...credential({ issuer: parties_.provider }), credentialSchema: [{ id: OFFICIAL_URL, type: '1EdTechJsonSchemaValidator2019' }] }
    const check = checkSchema(badge, await checkJsonSchemas(badge, { fetch: undefined }))
    expect(check.status).toBe('passed')
    expect(check.message).toContain('was not fetched')
  })
})

describe('verify: the schema check fetches JSON Schemas through the verifier fetch', () => {
  it('passes a signed credential that validates, and fails one that does not, with the proof still passing', async () => {
    const { provider } = await parties()
    const fetch = served({ [SCHEMA_URL]: SMALL_SCHEMA })
    const good = await sign({ ...credential({ issuer: provider }), credentialSchema: [{ id: SCHEMA_URL, type: 'JsonSchema' }] }, provider)
    const report = await verify({ input: good, fetch, now: NOW })
    expect(report.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'passed', message: expect.stringContaining(`validates against ${SCHEMA_URL}`) })
    expect(fetch.asked).toEqual([SCHEMA_URL])
    const bad = await sign({ ...credential({ issuer: provider }), name: 'Idea Generating for Grades 6 to 8', credentialSchema: [{ id: SCHEMA_URL, type: 'JsonSchema' }] }, provider)
    const badReport = await verify({ input: bad, fetch, now: NOW })
    expect(badReport.verified).toBe(false)
    expect(badReport.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA' })
    expect(badReport.checks.find((c) => c.id === 'proof')?.status).toBe('passed')
  })
})

describe('checkJsonSchemas: entries, reasons and messages', () => {
  const TYPES = '1EdTechJsonSchemaValidator2019, JsonSchema'

  it('asks for a JSON Schema by its media types', async () => {
    const accepts: (string | null)[] = []
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      accepts.push(new Headers(init?.headers).get('accept'))
      return new Response(JSON.stringify(SMALL_SCHEMA), { status: 200 })
    }) as typeof globalThis.fetch
    expect((await checkJsonSchemas(doc(), { fetch })).checked).toEqual([SCHEMA_URL])
    expect(accepts).toEqual(['application/schema+json, application/json'])
  })

  it('reads one entry given as an object, a type given as a list, and skips entries that are null or have no string id', async () => {
    const fetch = served({ [SCHEMA_URL]: SMALL_SCHEMA })
    expect(await checkJsonSchemas(doc({}, { id: SCHEMA_URL, type: ['Other', 'JsonSchema'] }), { fetch })).toEqual({ errors: [], unchecked: [], checked: [SCHEMA_URL] })
    expect(await checkJsonSchemas(doc({}, [null, { id: 42, type: 'JsonSchema' }, 7]), { fetch })).toEqual({ errors: [], unchecked: [], checked: [] })
    const { credentialSchema: _none, ...withoutSchemas } = doc()
    expect(await checkJsonSchemas(withoutSchemas, { fetch })).toEqual({ errors: [], unchecked: [], checked: [] })
    expect(fetch.asked).toEqual([SCHEMA_URL])
  })

  it('says which types it knows when an entry has none of them', async () => {
    const findings = await checkJsonSchemas(doc({}, [{ id: SCHEMA_URL, type: ['ShaclValidator2017', 3] }, { id: OFFICIAL_URL }]), { fetch: undefined })
    expect(findings.unchecked).toEqual([
      { id: SCHEMA_URL, official: false, reason: `its type ["ShaclValidator2017",3] is not a JSON Schema type ob3 knows (${TYPES})` },
      { id: OFFICIAL_URL, official: true, reason: `its type undefined is not a JSON Schema type ob3 knows (${TYPES})` },
    ])
  })

  it('gives the whole reason a schema could not be fetched or used', async () => {
    const reasonOf = async (body: unknown, status = 200) => {
      const fetch = (async () => new Response(body as BodyInit, { status })) as typeof globalThis.fetch
      const findings = await checkJsonSchemas(doc(), { fetch })
      expect(findings.checked).toEqual([])
      return findings.unchecked.map((u) => u.reason)
    }
    expect(await reasonOf('gone', 410)).toEqual([`the schema could not be fetched (ERR_OB3_FETCH_FAILED): JSON Schema ${SCHEMA_URL} answered HTTP 410`])
    expect(await reasonOf(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual(['The encoded data was not valid for encoding utf-8'])
    expect(await reasonOf('{"type": ')).toEqual([expect.stringMatching(/^the schema is not JSON: JSON Schema is not valid JSON: /)])
    for (const notObject of ['[]', 'null', '3', '"object"']) expect(await reasonOf(notObject), notObject).toEqual(['the schema is not a JSON object'])
    expect(await reasonOf(JSON.stringify({ type: 'object', properties: { name: { $ref: '#/$defs/missing' } } }))).toEqual([expect.stringMatching(/^the schema cannot be used: /)])
    const large = JSON.stringify({ type: 'object', description: 'x'.repeat(1024 * 1024) })
    expect(await reasonOf(large)).toEqual([`the schema could not be fetched (ERR_OB3_INPUT_TOO_LARGE): JSON Schema ${SCHEMA_URL} is larger than 1048576 bytes`])
  })

  it('uses a schema with keywords it does not know, and one written for an earlier draft', async () => {
    const custom = { type: 'object', 'x-badge-extension': { note: 'ignored' }, properties: { name: { type: 'string', maxLength: 5 } } }
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { name: { type: 'string', maxLength: 5 } } }
    for (const schema of [custom, draft7]) {
      const findings = await checkJsonSchemas(doc(), { fetch: served({ [SCHEMA_URL]: schema }) })
      expect(findings).toEqual({ errors: [`${SCHEMA_URL}: /name: must NOT have more than 5 characters`], unchecked: [], checked: [SCHEMA_URL] })
    }
  })

  it('names the property an additionalProperties violation is about, the allowed values of enum and const, and / for the root', async () => {
    const schema = {
      type: 'object',
      required: ['id'],
      properties: { name: { enum: ['A', 'B'] }, validFrom: { const: '2020-01-01T00:00:00Z' }, credentialSubject: { type: 'object', additionalProperties: false } },
    }
    const findings = await checkJsonSchemas(doc(), { fetch: served({ [SCHEMA_URL]: schema }) })
    expect(findings.errors.sort()).toEqual([
      `${SCHEMA_URL}: /: must have required property 'id'`,
      `${SCHEMA_URL}: /credentialSubject: must NOT have additional properties (creditsEarned)`,
      `${SCHEMA_URL}: /name: must be equal to one of the allowed values (["A","B"])`,
      `${SCHEMA_URL}: /validFrom: must be equal to constant ("2020-01-01T00:00:00Z")`,
    ])
  })

  it(`checks the first ${MAX_SCHEMA_ENTRIES} entries and says the rest were not`, async () => {
    const urls = Array.from({ length: MAX_SCHEMA_ENTRIES + 1 }, (_, i) => `https://district.example/schemas/${i}.json`)
    const fetch = served(Object.fromEntries(urls.map((u) => [u, SMALL_SCHEMA])))
    const findings = await checkJsonSchemas(doc({}, urls.map((id) => ({ id, type: 'JsonSchema' }))), { fetch })
    expect(MAX_SCHEMA_ENTRIES).toBe(8)
    expect(findings.checked.sort()).toEqual(urls.slice(0, 8).sort())
    expect(findings.unchecked).toEqual([{ id: '/credentialSchema', official: false, reason: 'only the first 8 entries are checked' }])
    expect(fetch.asked.sort()).toEqual(urls.slice(0, 8).sort())
    const exactly = await checkJsonSchemas(doc({}, urls.slice(0, 8).map((id) => ({ id, type: 'JsonSchema' }))), { fetch })
    expect(exactly.unchecked).toEqual([])
  })
})

describe('checkJsonSchemas: compiled schemas are kept', () => {
  /** A schema no other test serves (the compiled ones are kept per process, by the schema's text). */
  const unique = (tag: string) => ({ type: 'object', $comment: `kept-schemas ${tag}`, properties: { name: { type: 'string' } } })

  it('compiles a schema once, however many URLs serve it, and again once 32 others came after it', async () => {
    const compile = vi.spyOn(Ajv2019.prototype, 'compile')
    try {
      const check = async (tag: string, url = `https://district.example/kept/${tag}.json`) => {
        const findings = await checkJsonSchemas(doc({}, { id: url, type: 'JsonSchema' }), { fetch: served({ [url]: unique(tag) }) })
        expect(findings.checked, tag).toEqual([url])
      }
      await check('a')
      await check('a', 'https://mirror.example/kept/a.json')
      expect(compile).toHaveBeenCalledTimes(1)
      for (let i = 1; i <= 40; i++) await check(`n${i}`)
      expect(compile).toHaveBeenCalledTimes(41)
      // 32 are kept: the last 32 compiled (n9 … n40); n8 and everything before were let go.
      await check('n40')
      await check('n9')
      expect(compile).toHaveBeenCalledTimes(41)
      await check('n8')
      expect(compile).toHaveBeenCalledTimes(42)
      await check('a')
      expect(compile).toHaveBeenCalledTimes(43)
    } finally {
      compile.mockRestore()
    }
  })
})
