// Batch issuance commits a chunk of rows per transaction. These tests hold it to the guarantees
// of one row per transaction: a batch process killed with SIGKILL mid-run leaves no half-written
// record (a credential always with its status index, its audit event and its batch row), the
// batch run again finishes without issuing any row twice and keeps what was committed, and
// processes batching into one store at the same time never share a status index.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { openPostgresStore, openSqliteStore, runBatch } from '../src/node.js'
import { BATCH_ACHIEVEMENT, batchKey, roster, STATUS_BASE } from './fixtures/batch-setup.js'

const dir = mkdtempSync(join(tmpdir(), 'ob3-batch-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const child = fileURLToPath(new URL('./fixtures/batch-child.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

interface ChildRun {
  kill: () => void
  /** The first line of its standard output that starts with `prefix` (rejects if it exits first). */
  line: (prefix: string) => Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

/** `batch-child.ts` in a process of its own. */
function startBatch(db: string, rosterPath: string, workers: number, chunkSize: number, schema?: string, env: Record<string, string> = {}): ChildRun {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', child, db, rosterPath, String(workers), String(chunkSize), ...(schema === undefined ? [] : [schema])], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  const waiting: { prefix: string; resolve: (line: string) => void }[] = []
  const answer = () => {
    for (const w of [...waiting]) {
      const found = stdout.split('\n').slice(0, -1).find((l) => l.startsWith(w.prefix))
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(found)
      }
    }
  }
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    answer()
  })
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    proc.on('error', reject)
    proc.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  const line = (prefix: string) => new Promise<string>((resolve, reject) => {
    waiting.push({ prefix, resolve })
    answer()
    void exited.then((r) => reject(new Error(`the batch exited (${r.code ?? r.signal}) before printing "${prefix}…": ${r.stderr.slice(-500)}`)))
  })
  return { kill: () => proc.kill('SIGKILL'), line, exited }
}

/** Every way a record could be half-written, counted straight from the tables (all must be 0). */
function halfWritten(db: string): Record<string, number> {
  const raw = new Database(db, { readonly: true })
  try {
    const n = (sql: string) => (raw.prepare(sql).get() as { n: number }).n
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
    return {
      credentialsWithoutIndex: n(`SELECT count(*) AS n FROM credentials c LEFT JOIN status_entries s ON s.credential_id = c.id AND s.group_id = c.status_list_group AND s.idx = c.status_index WHERE s.credential_id IS NULL`),
      indexesWithoutCredential: n(`SELECT count(*) AS n FROM status_entries s LEFT JOIN credentials c ON c.id = s.credential_id WHERE c.id IS NULL`),
      credentialsWithoutAudit: n(`SELECT count(*) AS n FROM credentials c WHERE (SELECT count(*) FROM audit_events a WHERE a.subject = 'credential:' || c.id AND a.action = 'awarded') <> 1`),
      credentialsWithoutBatchRow: n(`SELECT count(*) AS n FROM credentials c WHERE (SELECT count(*) FROM batch_rows b WHERE b.credential_id = c.id AND b.status = 'issued') <> 1`),
      batchRowsWithoutCredential: n(`SELECT count(*) AS n FROM batch_rows b LEFT JOIN credentials c ON c.id = b.credential_id WHERE b.status = 'issued' AND c.id IS NULL`),
      sharedIndexes: n(`SELECT count(*) AS n FROM (SELECT c.status_list_group, c.status_index FROM credentials c GROUP BY 1, 2 HAVING count(*) > 1)`),
    }
  } finally {
    raw.close()
  }
}

const NONE = { credentialsWithoutIndex: 0, indexesWithoutCredential: 0, credentialsWithoutAudit: 0, credentialsWithoutBatchRow: 0, batchRowsWithoutCredential: 0, sharedIndexes: 0 }

/** Line → credential id and content, from the batch rows. */
function issuedByLine(db: string, batchId: string): Map<number, { id: string; content: string; idempotencyKey: string }> {
  const raw = new Database(db, { readonly: true })
  try {
    const rows = raw.prepare(`SELECT b.line, c.id, c.content, c.idempotency_key FROM batch_rows b JOIN credentials c ON c.id = b.credential_id WHERE b.batch_id = ? AND b.status = 'issued'`).all(batchId) as { line: number; id: string; content: string; idempotency_key: string }[]
    return new Map(rows.map((r) => [r.line, { id: r.id, content: r.content, idempotencyKey: r.idempotency_key }]))
  } finally {
    raw.close()
  }
}

describe('a batch killed with SIGKILL mid-run', () => {
  it('leaves whole chunks only, and run again issues the rest once: the same final set, no duplicate, no shared index', async () => {
    const ROWS = 2000
    const db = join(dir, 'killed.db')
    const rosterPath = join(dir, 'killed.csv')
    writeFileSync(rosterPath, roster(ROWS))
    const key = await batchKey()
    // Killed once 30 rows are issued, while its workers may still be committing the chunks they
    // hold: the batch holds its main thread there, so it cannot finish first (no timer involved).
    const run = startBatch(db, rosterPath, 2, 10, undefined, { OB3_TEST_HOLD_AFTER: '30' })
    const seen = Number((await run.line('held ')).slice('held '.length))
    run.kill()
    const result = await run.exited
    expect(result.signal, `the batch ended before it was killed: ${result.stderr.slice(-500)}`).toBe('SIGKILL')
    expect(seen).toBeGreaterThanOrEqual(30)

    expect(halfWritten(db)).toEqual(NONE)
    const raw = new Database(db, { readonly: true })
    const batchId = (raw.prepare('SELECT id FROM batches').get() as { id: string }).id
    const credentialsAtKill = (raw.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n
    raw.close()
    const before = issuedByLine(db, batchId)
    expect(before.size).toBe(credentialsAtKill)
    expect(before.size).toBeGreaterThanOrEqual(30)
    expect(before.size).toBeLessThan(ROWS)

    // Run again (in this process): the rest, none twice.
    const summary = await runBatch({
      db, key, profile: { id: key.controller, name: 'Lakeside School District' }, statusBaseUrl: STATUS_BASE,
      template: { achievement: BATCH_ACHIEVEMENT }, roster: roster(ROWS), workers: 2, chunkSize: 10,
    })
    expect(summary.batchId).toBe(batchId)
    expect(summary).toMatchObject({ issued: ROWS, failed: 0, resumed: before.size, problems: [] })
    expect(halfWritten(db)).toEqual(NONE)
    const after = issuedByLine(db, batchId)
    expect([...after.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2))
    // What was committed before the kill is kept as it was, under the same line.
    for (const [line, credential] of before) expect(after.get(line)).toEqual(credential)
    expect(new Set([...after.values()].map((c) => c.id)).size).toBe(ROWS)
    expect(new Set([...after.values()].map((c) => c.idempotencyKey))).toEqual(new Set(Array.from({ length: ROWS }, (_, i) => `${batchId}:${i + 2}`)))
    expect(summary.credentials).toEqual([...after].sort(([a], [b]) => a - b).map(([line, c]) => ({ line, credentialId: c.id })))
    const store = await openSqliteStore({ path: db })
    try {
      expect(await store.countCredentials(key.controller)).toBe(ROWS)
      const [group] = await store.listStatusListGroups(key.controller)
      expect(await store.countStatusEntries(key.controller, group!.id)).toBe(ROWS)
      expect((await store.listAudit(key.controller)).filter((e) => e.action === 'awarded')).toHaveLength(ROWS)
    } finally {
      await store.close()
    }
  }, 300_000)
})

describe('several processes batching into one store at once', () => {
  it('never share a status index, and the same batch run twice at once issues each row once', async () => {
    const ROWS = 300
    const db = join(dir, 'shared.db')
    const a = join(dir, 'a.csv')
    const b = join(dir, 'b.csv')
    writeFileSync(a, roster(ROWS, 'ada'))
    writeFileSync(b, roster(ROWS, 'grace'))
    // Create the store first, so the three processes do not race to create one file.
    await (await openSqliteStore({ path: db })).close()
    const runs = [startBatch(db, a, 2, 7), startBatch(db, a, 2, 7), startBatch(db, b, 2, 7)]
    const results = await Promise.all(runs.map((r) => r.exited))
    for (const r of results) expect(r.code, r.stderr.slice(-800)).toBe(0)
    const summaries = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop() as string) as { batchId: string; issued: number; failed: number })
    for (const s of summaries) expect(s).toMatchObject({ issued: ROWS, failed: 0 })
    expect(summaries[0]!.batchId).toBe(summaries[1]!.batchId)
    expect(summaries[2]!.batchId).not.toBe(summaries[0]!.batchId)

    expect(halfWritten(db)).toEqual(NONE)
    const key = await batchKey()
    const store = await openSqliteStore({ path: db })
    try {
      expect(await store.countCredentials(key.controller)).toBe(2 * ROWS)
      const groups = await store.listStatusListGroups(key.controller)
      expect(groups).toHaveLength(1)
      expect(await store.countStatusEntries(key.controller, groups[0]!.id)).toBe(2 * ROWS)
    } finally {
      await store.close()
    }
    for (const s of summaries) expect(issuedByLine(db, s.batchId).size).toBe(ROWS)
  }, 300_000)
})

const postgresUrl = process.env.OB3_TEST_POSTGRES_URL

describe.skipIf(postgresUrl === undefined || postgresUrl === '')('several processes batching into one PostgreSQL store at once', () => {
  const schema = `ob3_batch_test_${process.pid}_${Date.now().toString(36)}`
  afterAll(async () => {
    const client = new pg.Client({ connectionString: postgresUrl })
    await client.connect()
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    } finally {
      await client.end()
    }
  })

  it('never share a status index, and the same batch run twice at once issues each row once', async () => {
    const ROWS = 200
    const db = postgresUrl as string
    const a = join(dir, 'pg-a.csv')
    const b = join(dir, 'pg-b.csv')
    writeFileSync(a, roster(ROWS, 'ada'))
    writeFileSync(b, roster(ROWS, 'grace'))
    await (await openPostgresStore({ url: db, schema })).close()
    const results = await Promise.all([startBatch(db, a, 2, 7, schema), startBatch(db, a, 2, 7, schema), startBatch(db, b, 2, 7, schema)].map((r) => r.exited))
    for (const r of results) expect(r.code, r.stderr.slice(-800)).toBe(0)
    const summaries = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop() as string) as { batchId: string; issued: number; failed: number })
    for (const s of summaries) expect(s).toMatchObject({ issued: ROWS, failed: 0 })
    const key = await batchKey()
    const store = await openPostgresStore({ url: db, schema })
    try {
      expect(await store.countCredentials(key.controller)).toBe(2 * ROWS)
      const groups = await store.listStatusListGroups(key.controller)
      expect(groups).toHaveLength(1)
      expect(await store.countStatusEntries(key.controller, groups[0]!.id)).toBe(2 * ROWS)
      const credentials = await store.listCredentials(key.controller, { limit: 10 * ROWS })
      expect(new Set(credentials.map((c) => c.statusIndex)).size).toBe(2 * ROWS)
      for (const batchId of new Set(summaries.map((s) => s.batchId))) {
        const rows = await store.listBatchRows(batchId)
        expect(rows.map((r) => r.line)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 2))
        expect(new Set(rows.map((r) => r.credentialId)).size).toBe(ROWS)
        expect(rows.every((r) => r.status === 'issued' && credentials.some((c) => c.id === r.credentialId))).toBe(true)
      }
      expect((await store.listAudit(key.controller)).filter((e) => e.action === 'awarded')).toHaveLength(2 * ROWS)
    } finally {
      await store.close()
    }
  }, 300_000)
})
