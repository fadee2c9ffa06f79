// examples/award.json and examples/roster.csv are the formats the CLI README describes: they issue.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '@ob3/issuer/node'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url))
let dir: string
beforeAll(async () => {
  dir = await tempDir()
  expect((await runCli(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
})
afterAll(removeTempDirs)

describe('the example award and roster', () => {
  it('issues examples/award.json (its artifact named by digest) and the credential verifies', async () => {
    const run = await runCli(['issue', join(EXAMPLES, 'award.json'), '--key', 'key.json', '--out', 'credential.json'], dir)
    expect([run.code, run.stderr]).toEqual([0, 'wrote credential.json\n'])
    const credential = JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8'))
    expect(credential.credentialSubject.achievement.name).toBe('Formative Assessment')
    expect(credential.evidence).toHaveLength(1)
    expect(credential.evidence[0].digestMultibase).toMatch(/^z/)
    expect((await runCli(['verify', 'credential.json'], dir)).code).toBe(0)
  })

  it('issues one credential per row of examples/roster.csv with the award as template', async () => {
    const run = await runCli(['issue', '--batch', join(EXAMPLES, 'roster.csv'), '--template', join(EXAMPLES, 'award.json'), '--key', 'key.json', '--db', 'issuer.db', '--workers', '1'], dir)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/: 3 issued \(0 from an earlier run\), 0 failed, 3 rows in /)
    // the name column names the credential of its row
    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as { controller: string }
    const store = await openSqliteStore({ path: join(dir, 'issuer.db') })
    try {
      const named = await store.getCredentialByIdempotencyKey(key.controller, 'lakeside-2026-formative-003')
      const plain = await store.getCredentialByIdempotencyKey(key.controller, 'lakeside-2026-formative-001')
      expect([JSON.parse(named?.content ?? '{}').name, JSON.parse(plain?.content ?? '{}').name]).toEqual(['Formative Assessment (with distinction)', 'Formative Assessment'])
    } finally {
      await store.close()
    }
  })
})
