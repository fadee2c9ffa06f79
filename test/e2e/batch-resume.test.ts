// An interrupted batch (the process killed mid-run) resumes where it stopped: every row issued
// exactly once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '@ob3/issuer/node'
import { runOb3 } from '../support/ob3-process.js'

const ROWS = 3000
let dir = ''
afterAll(() => (dir === '' ? undefined : rm(dir, { recursive: true, force: true })))

describe('batch issuance after a crash', () => {
  it('resumes an interrupted batch without issuing any row twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ob3-batch-'))
    await writeFile(join(dir, 'template.json'), JSON.stringify({
      issuer: { name: 'Lakeside School District' },
      achievement: { id: 'https://lakeside.example/mc/rubric-design', name: 'Rubric Design', description: 'Designs rubrics with students.', criteria: { narrative: 'A rubric and two scored samples.' } },
    }))
    await writeFile(join(dir, 'roster.csv'), ['recipient_email', ...Array.from({ length: ROWS }, (_, i) => `teacher${i}@lakeside.example`)].join('\n'))
    const spawnOpts = ['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'issuer.db', '--workers', '2']
    const keys = await runOb3(['keys', 'generate', '--out', 'key.json'], dir)
    expect(keys.code).toBe(0)
    const first = await runOb3(spawnOpts, dir, 200)
    expect(first.killed).toBe(true)
    const second = await runOb3(spawnOpts, dir)
    expect(second.code).toBe(0)
    const resumed = Number(/\((\d+) from an earlier run\)/.exec(second.stdout)?.[1])
    expect(resumed).toBeGreaterThanOrEqual(200)
    expect(second.stdout).toContain(`: ${ROWS} issued (`)
    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as { controller: string }
    const store = await openSqliteStore({ path: join(dir, 'issuer.db') })
    try {
      expect(await store.countCredentials(key.controller)).toBe(ROWS)
    } finally {
      await store.close()
    }
  }, 180_000)
})
