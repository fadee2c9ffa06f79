import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleScript, removeBundles } from '../../../test/support/bundle-script.js'
import { createClaim } from '../src/claims/claims.js'
import { openPostgresStore } from '../src/store/postgres.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import type { IssuerStore } from '../src/store/types.js'
import { credentialRecord } from './store-suite.js'

const script = fileURLToPath(new URL('./fixtures/claim-redeemer.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const url = process.env.OB3_TEST_POSTGRES_URL ?? ''
const dir = mkdtempSync(join(tmpdir(), 'ob3-claims-'))
/** The redeemer bundled once into plain JavaScript: each process starts as node alone, not tsx. */
let redeemer = ''
beforeAll(async () => {
  redeemer = await bundleScript(script)
}, 120_000)
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await removeBundles()
})

/** 4 processes × 3 tries at one claim, started together: the lines they print. */
async function race(backend: 'sqlite' | 'postgres', target: string, schema: string, open: () => Promise<IssuerStore>): Promise<string[]> {
  const store = await open()
  const c = credentialRecord()
  await store.insertCredential(c)
  const claim = await createClaim(store, { issuerId: c.issuerId, credentialId: c.id })
  await store.close()
  const children = Array.from({ length: 4 }, () => spawn(process.execPath, [
    redeemer, backend, target, schema, c.issuerId, claim.id, '3',
  ], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }))
  const outputs = children.map((child) => {
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => { out += s })
    child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s })
    return {
      ready: new Promise<void>((resolve) => { const t = setInterval(() => { if (out.startsWith('ready\n') || child.exitCode !== null) { clearInterval(t); resolve() } }, 20) }),
      done: new Promise<string>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`redeemer exited ${String(code)}: ${err}`))))),
    }
  })
  await Promise.all(outputs.map((o) => o.ready))
  for (const child of children) child.stdin.end('go\n')
  const lines = (await Promise.all(outputs.map((o) => o.done))).flatMap((out) => out.split('\n').slice(1).filter((l) => l !== ''))
  return lines
}

describe('claims across processes', () => {
  it('SQLite: of 12 tries by 4 processes at once, exactly one redeems; the others are ERR_OB3_CLAIM_REDEEMED', async () => {
    const path = join(dir, 'claims.db')
    const lines = await race('sqlite', path, '-', () => openSqliteStore({ path }))
    expect(lines).toHaveLength(12)
    expect(lines.filter((l) => l === 'redeemed')).toHaveLength(1)
    expect(lines.filter((l) => l === 'ERR_OB3_CLAIM_REDEEMED')).toHaveLength(11)
  }, 120_000)

  it.skipIf(url === '')('PostgreSQL: of 12 tries by 4 processes at once, exactly one redeems', async () => {
    const schema = `ob3_claims_${randomBytes(4).toString('hex')}`
    try {
      const lines = await race('postgres', url, schema, () => openPostgresStore({ url, schema }))
      expect(lines).toHaveLength(12)
      expect(lines.filter((l) => l === 'redeemed')).toHaveLength(1)
      expect(lines.filter((l) => l === 'ERR_OB3_CLAIM_REDEEMED')).toHaveLength(11)
    } finally {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
  }, 120_000)
})
