// `--cryptosuite eddsa-jcs-2022` on the commands that sign: ob3 issue (one award and --batch) and
// ob3 endorse; what they sign verifies with ob3 verify, and wrong usage exits 2.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { openSqliteStore } from '@ob3/issuer/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const award = {
  issuer: { name: 'Lakeside School District' },
  achievement: {
    id: 'https://lakeside.example/mc/jcs',
    name: 'Checks for understanding',
    description: 'Adjusts instruction from quick checks.',
    criteria: { narrative: 'A unit plan and a reflection.' },
    achievementType: 'MicroCredential',
  },
  recipient: { id: 'did:example:teacher-1' },
}

let dir: string
let controller: string

afterAll(removeTempDirs)

beforeAll(async () => {
  dir = await tempDir()
  await writeFile(join(dir, 'award.json'), JSON.stringify(award))
  expect((await runCli(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
  controller = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')).controller as string
})

describe('ob3 issue --cryptosuite', () => {
  it('eddsa-jcs-2022 signs over JCS, and ob3 verify passes it', async () => {
    const run = await runCli(['issue', 'award.json', '--key', 'key.json', '--cryptosuite', 'eddsa-jcs-2022', '--out', 'jcs.json'], dir)
    expect(run.code, run.stderr).toBe(0)
    const credential = JSON.parse(await readFile(join(dir, 'jcs.json'), 'utf8'))
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', '@context': credential['@context'] })
    const v = await runCli(['verify', 'jcs.json', '--json'], dir)
    expect(v.code, v.stdout).toBe(0)
    expect(JSON.parse(v.stdout).checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    // Changed after signing: exit 1, the proof check says why.
    credential.name = 'Something else'
    await writeFile(join(dir, 'jcs-changed.json'), JSON.stringify(credential))
    const bad = await runCli(['verify', 'jcs-changed.json', '--json'], dir)
    expect(bad.code).toBe(1)
    expect(JSON.parse(bad.stdout).checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('--format eddsa-jcs-2022 is the same choice; the default stays eddsa-rdfc-2022', async () => {
    expect((await runCli(['issue', 'award.json', '--key', 'key.json', '--format', 'eddsa-jcs-2022', '--out', 'jcs2.json'], dir)).code).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'jcs2.json'), 'utf8')).proof.cryptosuite).toBe('eddsa-jcs-2022')
    expect((await runCli(['issue', 'award.json', '--key', 'key.json', '--out', 'rdfc.json'], dir)).code).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'rdfc.json'), 'utf8')).proof.cryptosuite).toBe('eddsa-rdfc-2022')
  })

  it('refuses an unknown cryptosuite, and one that contradicts --format, with exit 2', async () => {
    const unknown = await runCli(['issue', 'award.json', '--key', 'key.json', '--cryptosuite', 'ecdsa-jcs-2019'], dir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--cryptosuite must be one of eddsa-rdfc-2022, eddsa-jcs-2022')
    const clash = await runCli(['issue', 'award.json', '--key', 'key.json', '--cryptosuite', 'eddsa-jcs-2022', '--format', 'vc-jwt'], dir)
    expect(clash.code).toBe(2)
    expect(clash.stderr).toContain('does not go with --format vc-jwt')
  })

  it('--batch --cryptosuite eddsa-jcs-2022 signs every row with it', async () => {
    await writeFile(join(dir, 'roster.csv'), 'recipient_id\ndid:example:a\ndid:example:b\n')
    const run = await runCli(['issue', '--batch', 'roster.csv', '--template', 'award.json', '--key', 'key.json', '--db', 'batch.db', '--workers', '1', '--cryptosuite', 'eddsa-jcs-2022'], dir)
    expect(run.code, run.stderr).toBe(0)
    const store = await openSqliteStore({ path: join(dir, 'batch.db') })
    try {
      const records = await store.listCredentials(controller)
      expect(records).toHaveLength(2)
      for (const record of records) {
        expect(record.format).toBe('eddsa-jcs-2022')
        await writeFile(join(dir, 'row.json'), record.content)
        expect(JSON.parse(record.content).proof.cryptosuite).toBe('eddsa-jcs-2022')
        expect((await runCli(['verify', 'row.json'], dir)).code).toBe(0)
      }
    } finally {
      await store.close()
    }
  })
})

describe('ob3 endorse --cryptosuite', () => {
  it('eddsa-jcs-2022 endorsements verify; an unknown suite exits 2', async () => {
    const run = await runCli(['endorse', 'https://lakeside.example/mc/jcs', '--key', 'key.json', '--comment', 'Counts for 10 hours.', '--cryptosuite', 'eddsa-jcs-2022', '--out', 'endorsement.json'], dir)
    expect(run.code, run.stderr).toBe(0)
    const endorsement = JSON.parse(await readFile(join(dir, 'endorsement.json'), 'utf8'))
    expect(endorsement.proof.cryptosuite).toBe('eddsa-jcs-2022')
    expect((await runCli(['verify', 'endorsement.json'], dir)).code).toBe(0)
    expect((await runCli(['endorse', 'https://lakeside.example/mc/jcs', '--key', 'key.json', '--comment', 'x', '--cryptosuite', 'jcs'], dir)).code).toBe(2)
  })
})
