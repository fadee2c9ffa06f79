import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

let dir: string
const template = {
  issuer: { name: 'Lakeside School District' },
  achievement: {
    id: 'https://lakeside.example/mc/formative-assessment',
    name: 'Formative Assessment',
    description: 'Uses quick checks for understanding to adjust instruction.',
    criteria: { narrative: 'A unit plan with three checks for understanding.' },
    achievementType: 'MicroCredential',
  },
  creditsEarned: 10,
}

beforeAll(async () => {
  dir = await tempDir()
  expect((await runCli(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
  expect((await runCli(['keys', 'generate', '--out', 'state-key.json'], dir)).code).toBe(0)
  await writeFile(join(dir, 'template.json'), JSON.stringify(template))
  await writeFile(join(dir, 'award.json'), JSON.stringify({ ...template, idempotencyKey: 'pd-2026-0042', recipient: { id: 'did:example:teacher' } }))
})
afterAll(removeTempDirs)

const db = ['--db', 'issuer.db', '--status-base-url', 'https://lakeside.example/status']

describe('issuing with a database: idempotent awards, revocation, status lists', () => {
  it('records an award once, revokes it, and publishes a list in which it is revoked', async () => {
    const first = await runCli(['issue', 'award.json', '--key', 'key.json', ...db, '--out', 'c1.json'], dir)
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/^issued urn:uuid:/)
    const again = await runCli(['issue', 'award.json', '--key', 'key.json', ...db, '--out', 'c2.json'], dir)
    expect(again.stderr).toMatch(/^already issued urn:uuid:/)
    const c1 = JSON.parse(await readFile(join(dir, 'c1.json'), 'utf8'))
    expect(JSON.parse(await readFile(join(dir, 'c2.json'), 'utf8'))).toEqual(c1)
    expect(c1.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' })

    const publish = async () => {
      const run = await runCli(['status', 'publish', '--key', 'key.json', '--db', 'issuer.db', '--out', 'lists'], dir)
      expect(run.code).toBe(0)
      const [line] = run.stdout.trim().split('\n')
      const [url, file] = (line as string).split(' → ') as [string, string]
      await writeFile(join(dir, 'map.json'), JSON.stringify({ [url]: file }))
      return url
    }
    const url = await publish()
    expect(url).toBe(c1.credentialStatus.statusListCredential)
    expect((await runCli(['verify', 'c1.json', '--resources', 'map.json'], dir)).code).toBe(0)

    const revoke = await runCli(['revoke', c1.id, '--key', 'key.json', '--db', 'issuer.db', '--reason', 'awarded in error'], dir)
    expect([revoke.code, revoke.stdout]).toEqual([0, `${c1.id}: revoked\n`])
    await publish()
    const v = await runCli(['verify', 'c1.json', '--resources', 'map.json', '--json'], dir)
    expect(v.code).toBe(1)
    expect(JSON.parse(v.stdout).checks.find((c: { id: string }) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_REVOKED' })
  })

  it('refuses to revoke a credential it did not issue, and suspension without suspension entries', async () => {
    const r = await runCli(['revoke', 'urn:uuid:unknown', '--key', 'key.json', '--db', 'issuer.db'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('ERR_OB3_STATUS_UNAVAILABLE')
    const c1 = JSON.parse(await readFile(join(dir, 'c1.json'), 'utf8'))
    const s = await runCli(['suspend', c1.id, '--key', 'key.json', '--db', 'issuer.db'], dir)
    expect(s.code).toBe(1)
    expect(s.stderr).toContain('ERR_OB3_STATUS_UNSUPPORTED')
    // The remedy is a flag, not an API option.
    expect(s.stderr).toContain('give --suspension to suspend')
    expect(s.stderr).not.toContain('suspension: true')
  })

  it('issues with --suspension a credential with a suspension entry too, which suspend --suspension acts on', async () => {
    await writeFile(join(dir, 'award-s.json'), JSON.stringify({ ...template, idempotencyKey: 'pd-2026-0043', recipient: { id: 'did:example:teacher2' } }))
    expect((await runCli(['issue', 'award-s.json', '--key', 'key.json', ...db, '--suspension', '--out', 's.json'], dir)).code).toBe(0)
    const c = JSON.parse(await readFile(join(dir, 's.json'), 'utf8'))
    expect(c.credentialStatus.map((e: { statusPurpose: string }) => e.statusPurpose)).toEqual(['revocation', 'suspension'])
    const s = await runCli(['suspend', c.id, '--key', 'key.json', '--db', 'issuer.db', '--suspension'], dir)
    expect([s.code, s.stdout]).toEqual([0, `${c.id}: suspended\n`])
    const u = await runCli(['unsuspend', c.id, '--key', 'key.json', '--db', 'issuer.db', '--suspension'], dir)
    expect([u.code, u.stdout]).toEqual([0, `${c.id}: in good standing\n`])
  })
})

describe('ob3 issue --batch', () => {
  it('issues one credential per good row on worker threads, reports bad rows by line, and resumes without issuing twice', async () => {
    const roster = [
      'recipient_email,recipient_id,credits_earned',
      'a.adams@lakeside.example,,10',
      ',did:example:bianca,12',
      'not-an-email,,10',
      'c.chen@lakeside.example,,lots',
      'd.diaz@lakeside.example,,8',
    ].join('\n')
    await writeFile(join(dir, 'roster.csv'), roster)
    const run = await runCli(['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'batch.db', '--workers', '2'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('line 4: recipient_email "not-an-email" is not an email address')
    expect(run.stderr).toContain('line 5: credits_earned "lots" is not a number ≥ 0')
    expect(run.stdout).toMatch(/^batch batch-[0-9a-f]{32}: 3 issued \(0 from an earlier run\), 2 failed, 5 rows in [\d.]+s\n$/)
    expect(run.stderr).toMatch(/\[#+\] 5\/5 .*\/s {2}ETA/)
    const again = await runCli(['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'batch.db'], dir)
    expect(again.stdout).toMatch(/: 3 issued \(3 from an earlier run\), 2 failed/)
  }, 60_000)

  it('needs a template', async () => {
    expect((await runCli(['issue', '--batch', 'roster.csv', '--key', 'key.json'], dir)).code).toBe(2)
  })
})

describe('ob3 endorse', () => {
  it('issues an endorsement that verifies, for the achievement', async () => {
    const run = await runCli(['endorse', template.achievement.id, '--key', 'state-key.json', '--endorser-name', 'Lakeland Department of Education', '--comment', 'Counts for 10 clock hours.', '--out', 'endorsement.json'], dir)
    expect(run.code).toBe(0)
    const e = JSON.parse(await readFile(join(dir, 'endorsement.json'), 'utf8'))
    expect(e).toMatchObject({ type: ['VerifiableCredential', 'EndorsementCredential'], credentialSubject: { id: template.achievement.id, endorsementComment: 'Counts for 10 clock hours.' } })
    expect((await runCli(['verify', 'endorsement.json'], dir)).code).toBe(0)
    expect((await runCli(['endorse', 'not a uri', '--key', 'state-key.json', '--comment', 'x'], dir)).code).toBe(2)
  })
})
