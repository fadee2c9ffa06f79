import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractPng, serializePngChunks } from '@ob3/core'
import { removeTempDirs, runCli, tempDir } from './helpers.js'


const award = {
  issuer: { name: 'Lakeside School District', url: 'https://lakeside.example' },
  achievement: {
    id: 'https://lakeside.example/mc/formative-assessment',
    name: 'Formative Assessment',
    description: 'Uses quick checks for understanding to adjust instruction during a unit.',
    criteria: { narrative: 'A unit plan with three checks for understanding, two student samples and a reflection.' },
    achievementType: 'MicroCredential',
    creditsAvailable: 10,
  },
  recipient: { email: 'j.rivera@lakeside.example' },
  creditsEarned: 10,
  artifacts: [{ name: 'Unit plan', mediaType: 'text/plain', genre: 'Lesson plan', file: 'unit-plan.txt' }],
}

let dir: string

afterAll(removeTempDirs)

beforeAll(async () => {
  dir = await tempDir()
  await writeFile(join(dir, 'award.json'), JSON.stringify(award))
  await writeFile(join(dir, 'unit-plan.txt'), 'Day 1: exit tickets. Day 2: hinge questions.')
  const keys = await runCli(['keys', 'generate', '--out', 'key.json'], dir)
  expect(keys.code).toBe(0)
})

describe('ob3 keys generate', () => {
  it('writes a Multikey with its secret, readable by its owner only, and never overwrites it', async () => {
    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8'))
    expect(key).toMatchObject({ type: 'Multikey', controller: expect.stringMatching(/^did:key:z6Mk/), secretKeyMultibase: expect.stringMatching(/^z/) })
    const { stat } = await import('node:fs/promises')
    expect((await stat(join(dir, 'key.json'))).mode & 0o777).toBe(0o600)
    const again = await runCli(['keys', 'generate', '--out', 'key.json'], dir)
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('never overwrites')
  })
})

describe('ob3 issue and ob3 verify', () => {
  it('issues a credential whose evidence names the artifact by digest only', async () => {
    const run = await runCli(['issue', 'award.json', '--key', 'key.json', '--out', 'credential.json'], dir)
    expect(run.code).toBe(0)
    const credential = JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8'))
    expect(credential.proof.cryptosuite).toBe('eddsa-rdfc-2022')
    expect(credential.evidence[0]).toMatchObject({ name: 'Unit plan', mediaType: 'text/plain', digestMultibase: expect.stringMatching(/^zQm/) })
    expect(JSON.stringify(credential)).not.toContain('hinge questions')
    expect(credential.credentialSubject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress' })
    expect(JSON.stringify(credential)).not.toContain('j.rivera@')
  })

  it('verifies it: exit 0, a --json report of the contract shape', async () => {
    const run = await runCli(['verify', 'credential.json', '--json'], dir)
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(Object.keys(report)).toEqual(['input', 'verified', 'kind', 'format', 'specification', 'checks', 'credential'])
    expect(report).toMatchObject({ input: 'credential.json', verified: true, kind: 'credential', format: 'ldp' })
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'trust', 'recipient', 'artifacts', 'holder', 'expiry-of-share'])
    expect(report.credential).toMatchObject({ name: 'Formative Assessment', issuer: expect.stringMatching(/^did:key:/), validUntil: null })
  })

  it('issues and verifies a VC-JWT', async () => {
    const run = await runCli(['issue', 'award.json', '--key', 'key.json', '--format', 'vc-jwt', '--out', 'credential.jwt'], dir)
    expect(run.code).toBe(0)
    const v = await runCli(['verify', 'credential.jwt', '--json'], dir)
    expect(v.code).toBe(0)
    expect(JSON.parse(v.stdout)).toMatchObject({ format: 'jwt', verified: true })
  })

  it('fails a tampered credential with exit 1 and says which check failed', async () => {
    const credential = JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8'))
    credential.credentialSubject.creditsEarned = 100
    await writeFile(join(dir, 'tampered.json'), JSON.stringify(credential))
    const run = await runCli(['verify', 'tampered.json'], dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('NOT VERIFIED  tampered.json')
    expect(run.stdout).toMatch(/✗ proof .*\[ERR_OB3_PROOF_SIGNATURE_INVALID\]/)
  })

  it('prints one --jsonl line per input, in input order, and exits 1 when any fails', async () => {
    const run = await runCli(['verify', 'tampered.json', 'credential.json', 'credential.jwt', '--jsonl'], dir)
    expect(run.code).toBe(1)
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((r) => [r.input, r.verified])).toEqual([['tampered.json', false], ['credential.json', true], ['credential.jwt', true]])
  })

  it('uses --now for every date check', async () => {
    const run = await runCli(['verify', 'credential.json', '--json', '--now', '2020-01-01T00:00:00Z'], dir)
    expect(run.code).toBe(1)
    const validity = JSON.parse(run.stdout).checks.find((c: { id: string }) => c.id === 'validity')
    expect(validity).toMatchObject({ status: 'failed', code: 'ERR_OB3_NOT_YET_VALID' })
  })

  it('reads standard input for -', async () => {
    const stdin = await readFile(join(dir, 'credential.json'))
    const run = await runCli(['verify', '-', '--json'], dir, { stdin })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).input).toBe('-')
  })

  it('exits 2 for an input that cannot be read: one line on stderr, not a report, the others still reported in order', async () => {
    const run = await runCli(['verify', 'credential.json', 'missing.json', 'credential.jwt', '--jsonl'], dir)
    expect(run.code).toBe(2)
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines.map((r) => [r.input, r.verified])).toEqual([['credential.json', true], ['credential.jwt', true]])
    expect(run.stderr).toBe('ob3 verify: cannot read missing.json: no such file [ERR_OB3_INPUT_UNREADABLE]\n')
  })

  it('exits 2 for wrong usage', async () => {
    expect((await runCli(['verify'], dir)).code).toBe(2)
    expect((await runCli(['verify', 'credential.json', '--json', '--jsonl'], dir)).code).toBe(2)
    expect((await runCli(['verify', 'credential.json', '--bogus'], dir)).code).toBe(2)
    expect((await runCli(['verify', 'credential.json', '--now', 'yesterday'], dir)).code).toBe(2)
    expect((await runCli(['frobnicate'], dir)).code).toBe(2)
    expect((await runCli(['issue', 'award.json'], dir)).code).toBe(2)
  })

  it('refuses an invalid award listing every problem', async () => {
    await writeFile(join(dir, 'bad-award.json'), JSON.stringify({ achievement: { id: 'not a uri', name: '' }, recipient: { email: 'nope' } }))
    const run = await runCli(['issue', 'bad-award.json', '--key', 'key.json'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('[ERR_OB3_AWARD_INVALID]')
    for (const path of ['/achievement/id', '/achievement/name', '/achievement/description', '/achievement/criteria', '/recipient/email']) expect(run.stderr).toContain(path)
  })
})

describe('ob3 bake and extract', () => {
  it('bakes into a PNG, extracts the same credential, verifies the badge, and refuses to bake twice', async () => {
    await writeFile(join(dir, 'plain.png'), await makePng())
    expect((await runCli(['bake', 'credential.json', '--image', 'plain.png', '--out', 'badge.png'], dir)).code).toBe(0)
    const baked = await extractPng(new Uint8Array(await readFile(join(dir, 'badge.png'))))
    expect(baked.format).toBe('json')
    const extracted = await runCli(['extract', 'badge.png'], dir)
    expect(JSON.parse(extracted.stdout)).toEqual(JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8')))
    const v = await runCli(['verify', 'badge.png', '--json'], dir)
    expect(JSON.parse(v.stdout)).toMatchObject({ format: 'png', verified: true })
    const twice = await runCli(['bake', 'credential.json', '--image', 'badge.png', '--out', 'badge2.png'], dir)
    expect(twice.code).toBe(1)
    expect(twice.stderr).toBe('ob3 bake: badge.png already holds a credential; give --overwrite to replace it [ERR_OB3_PNG_ALREADY_BAKED]\n')
    expect((await runCli(['bake', 'credential.json', '--image', 'badge.png', '--out', 'badge2.png', '--overwrite'], dir)).code).toBe(0)
  })

  it('bakes a VC-JWT into an SVG', async () => {
    await writeFile(join(dir, 'plain.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="5"/></svg>')
    expect((await runCli(['bake', 'credential.jwt', '--image', 'plain.svg', '--out', 'badge.svg'], dir)).code).toBe(0)
    const svg = await readFile(join(dir, 'badge.svg'), 'utf8')
    expect(svg).toMatch(/<openbadges:credential verify="ey[^"]+"/)
    const v = await runCli(['verify', 'badge.svg', '--json'], dir)
    expect(JSON.parse(v.stdout)).toMatchObject({ format: 'svg', verified: true })
  })

  it('reports a PNG without a credential as a failed parse, not a crash', async () => {
    const v = await runCli(['verify', 'plain.png', '--json'], dir)
    expect(v.code).toBe(1)
    expect(JSON.parse(v.stdout).checks[0]).toMatchObject({ id: 'parse', status: 'failed', code: 'ERR_OB3_PNG_NO_CREDENTIAL' })
    const e = await runCli(['extract', 'plain.png'], dir)
    expect(e.code).toBe(1)
    expect(e.stderr).toContain('ERR_OB3_PNG_NO_CREDENTIAL')
  })
})

async function makePng(): Promise<Uint8Array> {
  const { deflateSync } = await import('node:zlib')
  const ihdr = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0)
  return serializePngChunks([{ type: 'IHDR', data: ihdr }, { type: 'IDAT', data: new Uint8Array(deflateSync(Buffer.from([0, 10, 20, 30, 255]))) }, { type: 'IEND', data: new Uint8Array(0) }])
}

describe('ES256 with a P-256 key', () => {
  it('generates a did:jwk key, issues an ES256 VC-JWT and verifies it; refuses an LD format with it', async () => {
    expect((await runCli(['keys', 'generate', '--type', 'p256', '--out', 'p256.json'], dir)).code).toBe(0)
    const key = JSON.parse(await readFile(join(dir, 'p256.json'), 'utf8'))
    expect(key).toMatchObject({ type: 'JsonWebKey', controller: expect.stringMatching(/^did:jwk:/), publicKeyJwk: { kty: 'EC', crv: 'P-256' } })
    const issued = await runCli(['issue', 'award.json', '--key', 'p256.json', '--format', 'vc-jwt', '--out', 'es256.jwt'], dir)
    expect(issued.code).toBe(0)
    const header = JSON.parse(Buffer.from((await readFile(join(dir, 'es256.jwt'), 'utf8')).split('.')[0] as string, 'base64url').toString())
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: `${key.controller}#0` })
    const v = await runCli(['verify', 'es256.jwt', '--json'], dir)
    expect(JSON.parse(v.stdout).checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'passed', message: expect.stringContaining('ES256') })
    expect(v.code).toBe(0)
    const ldp = await runCli(['issue', 'award.json', '--key', 'p256.json'], dir)
    expect(ldp.code).toBe(2)
    expect(ldp.stderr).toContain('--format vc-jwt')
  })
})

describe('ob3 verify --trust', () => {
  it('fails an issuer not on the registry, passes one on it, and refuses a malformed registry with exit 2', async () => {
    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8'))
    await writeFile(join(dir, 'trusted.json'), JSON.stringify({ name: 'State approved providers', entries: [{ id: key.controller, name: 'Lakeside School District' }] }))
    await writeFile(join(dir, 'empty-registry.json'), JSON.stringify({ name: 'Nobody', entries: [] }))
    await writeFile(join(dir, 'bad-registry.json'), JSON.stringify({ entries: 'none' }))
    expect((await runCli(['verify', 'credential.json', '--trust', 'trusted.json'], dir)).code).toBe(0)
    const untrusted = await runCli(['verify', 'credential.json', '--trust', 'empty-registry.json', '--json'], dir)
    expect(untrusted.code).toBe(1)
    expect(JSON.parse(untrusted.stdout).checks.find((c: { id: string }) => c.id === 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED' })
    expect((await runCli(['verify', 'credential.json', '--trust', 'empty-registry.json', '--trust-policy', 'warn'], dir)).code).toBe(0)
    const bad = await runCli(['verify', 'credential.json', '--trust', 'bad-registry.json'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('the trust registry is invalid: "name" is required')
  })
})
