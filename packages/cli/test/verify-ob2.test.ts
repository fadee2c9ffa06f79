/** `ob3 verify` reads Open Badges 2.0 assertions: a JSON file, a hosted URL, served by --resources. */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const OB2 = 'https://w3id.org/openbadges/v2'
const ISSUER = 'https://badges.example/issuer'
const BADGE = 'https://badges.example/badges/idea-generating'
const ASSERTION = 'https://badges.example/assertions/1'
const hosted = (extra: Record<string, unknown> = {}) => ({ '@context': OB2, id: ASSERTION, type: 'Assertion', recipient: { type: 'email', hashed: false, identity: 'ana@example.org' }, badge: BADGE, verification: { type: 'hosted' }, issuedOn: '2026-01-01T00:00:00Z', ...extra })

let dir: string
beforeAll(async () => {
  dir = await tempDir()
  const files: Record<string, unknown> = {
    'issuer.json': { '@context': OB2, id: ISSUER, type: 'Issuer', name: 'Northwind Educator Academy', url: 'https://badges.example', email: 'badges@badges.example' },
    'badge.json': { '@context': OB2, id: BADGE, type: 'BadgeClass', name: 'Idea Generating', description: 'Ideas first.', image: 'https://badges.example/idea.png', criteria: 'https://badges.example/criteria', issuer: ISSUER },
    'assertion.json': hosted(),
    'expired.json': hosted({ expires: '2026-03-01T00:00:00Z' }),
  }
  for (const [name, doc] of Object.entries(files)) await writeFile(join(dir, name), JSON.stringify(doc))
  await writeFile(join(dir, 'map.json'), JSON.stringify({ [ISSUER]: 'issuer.json', [BADGE]: 'badge.json', [ASSERTION]: 'assertion.json' }))
  await writeFile(join(dir, 'expired-map.json'), JSON.stringify({ [ISSUER]: 'issuer.json', [BADGE]: 'badge.json', [ASSERTION]: 'expired.json' }))
})
afterAll(removeTempDirs)

const NOW = ['--now', '2026-06-01T00:00:00Z']

describe('ob3 verify and Open Badges 2.0', () => {
  it('a hosted assertion file and its URL verify with --resources; the report says ob2', async () => {
    for (const input of ['assertion.json', ASSERTION]) {
      const r = await runCli(['verify', input, '--resources', 'map.json', ...NOW, '--json'], dir)
      const report = JSON.parse(r.stdout) as { verified: boolean; specification: string; credential: { name: string } }
      expect([r.code, report.verified, report.specification, report.credential.name]).toEqual([0, true, 'ob2', 'Idea Generating'])
    }
  })

  it('an expired one is not verified: exit 1, ERR_OB3_EXPIRED in the plain report', async () => {
    const r = await runCli(['verify', ASSERTION, '--resources', 'expired-map.json', ...NOW], dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('NOT VERIFIED')
    expect(r.stdout).toContain('ERR_OB3_EXPIRED')
  })

  it('offline, a hosted URL cannot be read: exit 1 with ERR_OB3_FETCH_FORBIDDEN', async () => {
    const r = await runCli(['verify', ASSERTION, '--offline', ...NOW, '--json'], dir)
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout).checks[0]).toMatchObject({ id: 'parse', status: 'failed', code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })
})
