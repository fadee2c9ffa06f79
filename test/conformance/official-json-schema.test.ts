// The OB 3.0 spec examples (../shared/ob3/vectors) name the official JSON Schemas in
// credentialSchema. No npm package ships those schemas, so ob3 fetches them through the verifier's
// fetch; here the purl URLs are mapped (the way `--resources` maps them) to the gh-pages builds in
// ../shared/ob3/reference/schema, read in place. The VC 2.0 builds (2024-07-30) are the ones that
// fit these VC 2.0 examples: the 2024-03-04 builds, whose $id is the purl URL, describe VC 1.1.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createResourceFetch } from '@ob3/core'
import { verify, type VerificationReport } from '@ob3/verifier'
import { afterAll, describe, expect, it } from 'vitest'

const VECTORS = new URL('../../../shared/ob3/vectors/', import.meta.url)
const SCHEMAS = new URL('../../../shared/ob3/reference/schema/', import.meta.url)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PURL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/'
const ACHIEVEMENT_URL = `${PURL}ob_v3p0_achievementcredential_schema.json`
const ENDORSEMENT_URL = `${PURL}ob_v3p0_endorsementcredential_schema.json`
const MAP: Record<string, string> = {
  [ACHIEVEMENT_URL]: fileURLToPath(new URL('ob_v3p0_achievementcredential_schema.gh-pages-2024-07-30.json', SCHEMAS)),
  [ENDORSEMENT_URL]: fileURLToPath(new URL('ob_v3p0_endorsementcredential_schema.gh-pages-2024-07-30.json', SCHEMAS)),
}
const NOW = new Date('2026-06-01T00:00:00Z')

async function vector(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL(name, VECTORS), 'utf8')) as Record<string, unknown>
}

async function mappedFetch(map: Record<string, string> = MAP): Promise<typeof fetch> {
  const resources: Record<string, Uint8Array> = {}
  for (const [url, path] of Object.entries(map)) resources[url] = new Uint8Array(await readFile(path))
  return createResourceFetch({ resources })
}

function schemaCheck(report: VerificationReport) {
  return report.checks.find((c) => c.id === 'schema')
}

describe('spec examples against the official JSON Schemas they name', () => {
  it.each([
    ['spec-complete.eddsa-rdfc-2022.json', ACHIEVEMENT_URL],
    ['spec-file-contents.eddsa-rdfc-2022.json', ACHIEVEMENT_URL],
  ])('%s validates against %s', async (file, url) => {
    const report = await verify({ input: await vector(file), fetch: await mappedFetch(), now: NOW })
    expect(schemaCheck(report)).toMatchObject({ status: 'passed', message: expect.stringContaining(`validates against ${url}`) })
  })

  it('spec-endorsement validates against the official endorsement schema; its state schema, not mapped, is a warning', async () => {
    const report = await verify({ input: await vector('spec-endorsement.eddsa-rdfc-2022.json'), fetch: await mappedFetch(), now: NOW })
    const check = schemaCheck(report)
    expect(check).toMatchObject({ status: 'warning', code: 'ERR_OB3_SCHEMA_UNCHECKED' })
    expect(check?.message).toContain(`validates against ${ENDORSEMENT_URL}`)
    expect(check?.message).toContain('https://state.gov/schema/endorsementcredential.json')
  })

  it('spec-basic names no schema: only ob3 rules run, and nothing is fetched', async () => {
    const asked: string[] = []
    const fetch = (async (input: RequestInfo | URL) => {
      asked.push(String(input))
      return new Response('no', { status: 404 })
    }) as typeof globalThis.fetch
    const report = await verify({ input: await vector('spec-basic.eddsa-rdfc-2022.json'), fetch, now: NOW })
    expect(schemaCheck(report)).toMatchObject({ status: 'passed', message: 'conforms to the OB 3.0 data model' })
    expect(asked.filter((u) => u.includes('/schema/'))).toEqual([])
  })

  it('a spec example changed so that only the official schema objects fails with ERR_OB3_SCHEMA_JSON_SCHEMA and the instance path', async () => {
    const changed = structuredClone(await vector('spec-complete.eddsa-rdfc-2022.json')) as Record<string, any>
    // The proof in JSON-LD compacted form (one object, not an array): serialization.md allows it
    // and ob3's own rules only remark on it, but this schema requires an array.
    changed.proof = (changed.proof as unknown[])[0]
    const report = await verify({ input: changed, fetch: await mappedFetch(), now: NOW })
    const check = schemaCheck(report)
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA' })
    expect(check?.message).toContain(`${ACHIEVEMENT_URL}: /proof: must be array`)
    // The signature is untouched (a warning remains for the examples' key that their issuer URL does not publish).
    expect(report.checks.find((c) => c.id === 'proof')?.status).not.toBe('failed')
  })

  it('the VC 1.1 build (2024-03-04) refuses the VC 2.0 examples: the schema decides, not the URL', async () => {
    const vc11 = { [ACHIEVEMENT_URL]: fileURLToPath(new URL('ob_v3p0_achievementcredential_schema.gh-pages-2024-03-04-vcdm1.1-compact-json-flavor.json', SCHEMAS)) }
    const report = await verify({ input: await vector('spec-complete.eddsa-rdfc-2022.json'), fetch: await mappedFetch(vc11), now: NOW })
    expect(schemaCheck(report)).toMatchObject({ status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA', message: expect.stringContaining("must have required property 'issuanceDate'") })
  })

  it('offline, the official schema is not fetched: ob3 rules pass the example and the message says the schema was not fetched', async () => {
    const report = await verify({ input: await vector('spec-complete.eddsa-rdfc-2022.json'), now: NOW })
    expect(schemaCheck(report)).toMatchObject({ status: 'passed', message: expect.stringContaining('was not fetched') })
  })
})

describe('ob3 verify --resources serves the official schemas', () => {
  const dirs: string[] = []
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

  it('maps the purl URLs to the reference files and reports the schema validated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ob3-json-schema-'))
    dirs.push(dir)
    await writeFile(join(dir, 'resources.json'), JSON.stringify(MAP))
    const input = fileURLToPath(new URL('spec-file-contents.eddsa-rdfc-2022.json', VECTORS))
    const run = await promisify(execFile)('node', ['scripts/ob3.mjs', 'verify', input, '--json', '--now', NOW.toISOString(), '--resources', join(dir, 'resources.json')], { cwd: ROOT, env: { ...process.env, OB3_FROM_SOURCE: '1' } }).catch((err: { stdout: string; code: number }) => err)
    const report = JSON.parse(run.stdout) as VerificationReport
    expect(report.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'passed', message: expect.stringContaining(`validates against ${ACHIEVEMENT_URL}`) })
  })
})
