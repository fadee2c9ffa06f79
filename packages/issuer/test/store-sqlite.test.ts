import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeBundles } from '../../../test/support/bundle-script.js'
import { BOOTSTRAP, MIGRATIONS, SQLITE_APPLICATION_ID, STORE_FORMAT } from '../src/store/migrations.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { conflictsOf, insertedIds, prepareWriters, spawnWriter, WRITER_ISSUER } from './fixtures/spawn-writer.js'
import { credentialRecord, describeIssuerStore, expectCode, groupRecord } from './store-suite.js'

const dir = mkdtempSync(join(tmpdir(), 'ob3-sqlite-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
// Writers are bundled once into plain JavaScript: each starts as node alone, not tsx.
beforeAll(prepareWriters, 120_000)
afterAll(removeBundles)

let files = 0
const newPath = (): string => join(dir, `store-${++files}.db`)
const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

describeIssuerStore('SQLite file', () => openSqliteStore({ path: newPath() }))
describeIssuerStore('SQLite :memory:', () => openSqliteStore({ path: ':memory:' }))

describe('SQLite store: the file', () => {
  it('keeps its data when reopened, in WAL mode, marked with the ob3 application id', async () => {
    const path = newPath()
    const first = await openSqliteStore({ path })
    const group = groupRecord()
    await first.createStatusListGroup(group)
    const c = credentialRecord({ statusListGroup: group.id, statusIndex: 9 })
    await first.insertCredential(c)
    await first.setStatusFlags(c.issuerId, group.id, 9, { suspended: true })
    await first.close()
    const again = await openSqliteStore({ path })
    expect(await again.getCredential(c.issuerId, c.id)).toEqual(c)
    expect(await again.getStatusEntry(c.issuerId, group.id, 9)).toMatchObject({ suspended: true })
    await again.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('application_id', { simple: true })).toBe(SQLITE_APPLICATION_ID)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
  })

  it('takes an empty file as a new store', async () => {
    const path = newPath()
    writeFileSync(path, '')
    const store = await openSqliteStore({ path })
    expect(await store.countCredentials('did:web:a.example')).toBe(0)
    await store.close()
  })

  it('refuses a file of random bytes (ERR_OB3_STORE_CORRUPT) and leaves it byte-identical', async () => {
    const path = newPath()
    writeFileSync(path, randomBytes(64 * 1024))
    const before = digest(path)
    await expectCode(openSqliteStore({ path }), 'ERR_OB3_STORE_CORRUPT')
    expect(digest(path)).toBe(before)
    expect(existsSync(`${path}-wal`) || existsSync(`${path}-journal`)).toBe(false)
  })

  it('refuses another application\'s SQLite database (ERR_OB3_STORE_FOREIGN) and leaves it byte-identical', async () => {
    const path = newPath()
    const other = new Database(path)
    other.exec("CREATE TABLE credentials (id TEXT PRIMARY KEY, body TEXT); INSERT INTO credentials VALUES ('a', 'b')")
    other.close()
    const before = digest(path)
    await expectCode(openSqliteStore({ path }), 'ERR_OB3_STORE_FOREIGN')
    expect(digest(path)).toBe(before)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a damaged store (ERR_OB3_STORE_CORRUPT) and leaves it byte-identical', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path })
    for (let i = 0; i < 200; i++) await store.insertCredential(credentialRecord({ content: 'x'.repeat(300) }))
    await store.close() // checkpoints the WAL into the file
    const pageSize = 4096
    const bytes = readFileSync(path)
    expect(bytes.length).toBeGreaterThan(10 * pageSize)
    bytes.fill(0xab, bytes.length - 3 * pageSize, bytes.length - 2 * pageSize)
    writeFileSync(path, bytes)
    const before = digest(path)
    await expectCode(openSqliteStore({ path }), 'ERR_OB3_STORE_CORRUPT')
    expect(digest(path)).toBe(before)
  })

  it('refuses a store whose schema is newer than this code (ERR_OB3_STORE_MIGRATION)', async () => {
    const path = newPath()
    await (await openSqliteStore({ path })).close()
    const raw = new Database(path)
    raw.prepare('INSERT INTO ob3_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(999, 'from the future', '2030-01-01T00:00:00Z')
    raw.close()
    await expectCode(openSqliteStore({ path }), 'ERR_OB3_STORE_MIGRATION')
  })

  it('records when each migration was applied, with the injected clock', async () => {
    const path = newPath()
    await (await openSqliteStore({ path, now: () => new Date('2026-02-03T04:05:06.789Z') })).close()
    const raw = new Database(path, { readonly: true })
    expect(raw.prepare('SELECT version, applied_at FROM ob3_migrations').all())
      .toEqual(MIGRATIONS.map((m) => ({ version: m.version, applied_at: '2026-02-03T04:05:06.789Z' })))
    raw.close()
  })

  it('upgrades a schema-1 store (credential ids unique across issuers) to ids per issuer, keeping every record', async () => {
    const path = newPath()
    const raw = new Database(path)
    raw.pragma('foreign_keys = ON')
    for (const sql of BOOTSTRAP.sqlite) raw.exec(sql)
    for (const sql of MIGRATIONS[0]!.sqlite) raw.exec(sql)
    raw.prepare('INSERT INTO ob3_meta (key, value) VALUES (?, ?)').run(STORE_FORMAT.key, STORE_FORMAT.value)
    raw.prepare('INSERT INTO ob3_migrations (version, description, applied_at) VALUES (1, ?, ?)').run(MIGRATIONS[0]!.description, '2026-01-01T00:00:00Z')
    raw.pragma(`application_id = ${SQLITE_APPLICATION_ID}`)
    raw.prepare("INSERT INTO status_list_groups VALUES ('g1', 'did:web:a.example', 131072, 'https://a.example/r', 'https://a.example/s', '2026-01-01T00:00:00Z', 1)").run()
    raw.prepare("INSERT INTO credentials VALUES ('urn:uuid:old', 'did:web:a.example', 'k1', 'https://a.example/mc', 'did:key:z6MkT', 'eddsa-rdfc-2022', '{}', 'g1', 77, '2026-01-02T00:00:00Z', 2)").run()
    raw.prepare("INSERT INTO status_entries (group_id, idx, issuer_id, credential_id, revoked) VALUES ('g1', 77, 'did:web:a.example', 'urn:uuid:old', 1)").run()
    raw.close()

    const store = await openSqliteStore({ path })
    expect(await store.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version)
    expect(await store.getCredential('did:web:a.example', 'urn:uuid:old')).toMatchObject({ idempotencyKey: 'k1', statusListGroup: 'g1', statusIndex: 77 })
    expect(await store.getStatusEntry('did:web:a.example', 'g1', 77)).toEqual({ index: 77, credentialId: 'urn:uuid:old', revoked: true, suspended: false, value: 0 })
    // The same id under another issuer is now a record of its own.
    await store.insertCredential(credentialRecord({ id: 'urn:uuid:old', issuerId: 'did:web:b.example' }))
    expect(await store.getCredential('did:web:b.example', 'urn:uuid:old')).toMatchObject({ issuerId: 'did:web:b.example' })
    await store.close()
    const check = new Database(path, { readonly: true })
    expect(check.pragma('foreign_key_check')).toEqual([])
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((check.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE '%_by_issued_at' OR name LIKE 'status_entries_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name))
      .toEqual(['credentials_by_issued_at', 'status_entries_revoked', 'status_entries_suspended', 'status_entries_valued'])
    check.close()
  })

  it('keeps the audit trail append-only, even for SQL run behind the store\'s back', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path })
    await store.appendAudit({ issuerId: 'did:web:a.example', subject: 's', action: 'a', actor: 'system', at: '2026-02-03T04:05:06Z' })
    await store.close()
    const raw = new Database(path)
    expect(() => raw.exec("UPDATE audit_events SET action = 'b'")).toThrow(/append-only/)
    expect(() => raw.exec('DELETE FROM audit_events')).toThrow(/append-only/)
    raw.close()
  })
})

describe('SQLite store: several processes', () => {
  it('4 processes × 250 credentials at random indexes into one new file: 1,000 credentials, 1,000 distinct indexes', async () => {
    const path = newPath()
    const writers = Array.from({ length: 4 }, (_, i) => spawnWriter({ backend: 'sqlite', target: path, worker: `w${i}`, count: 250, group: 'shared' }))
    const results = await Promise.all(writers.map((w) => w.exited))
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 })
    const conflicts = results.reduce((sum, r) => sum + conflictsOf(r.stdout), 0)
    console.info(`sqlite: 4 processes × 250 inserts, ${conflicts} index conflicts retried`)

    const store = await openSqliteStore({ path })
    expect(await store.countCredentials(WRITER_ISSUER)).toBe(1000)
    expect(await store.countStatusEntries(WRITER_ISSUER, 'shared')).toBe(1000)
    const all = await store.listCredentials(WRITER_ISSUER)
    expect(new Set(all.map((c) => c.statusIndex)).size).toBe(1000)
    expect(new Set(all.map((c) => c.id))).toEqual(new Set(results.flatMap((r) => insertedIds(r.stdout))))
    expect(await store.listStatusListGroups(WRITER_ISSUER)).toHaveLength(1)
    await store.close()
  }, 120_000)

  it('survives SIGKILL at 10 points of its work (after 1 to 4 reported inserts): intact file, every reported credential kept, no half-written credential', async () => {
    const path = newPath()
    const reported: string[] = []
    let before = 0
    for (let round = 0; round < 10; round++) {
      const writer = spawnWriter({ backend: 'sqlite', target: path, worker: `crash${round}`, count: 'forever', group: 'crash' })
      await writer.ready
      // Killed once it has reported some inserts (never after a timer a busy machine can outrun):
      // the kill lands in whatever insert comes next.
      await writer.inserted(1 + (round % 4))
      writer.child.kill('SIGKILL')
      const result = await writer.exited
      expect(result.signal, result.stderr).toBe('SIGKILL')
      const ids = insertedIds(result.stdout)
      expect(ids.length, `round ${round + 1}`).toBeGreaterThanOrEqual(1 + (round % 4))
      reported.push(...ids)

      const store = await openSqliteStore({ path })
      const raw = new Database(path, { readonly: true })
      try {
        expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
        const stored = new Set((raw.prepare('SELECT id FROM credentials').all() as { id: string }[]).map((r) => r.id))
        for (const id of reported) expect(stored.has(id), `reported ${id} is missing`).toBe(true)
        // At most one commit per kill may have happened without being reported.
        expect(stored.size - before - ids.length).toBeGreaterThanOrEqual(0)
        expect(stored.size - before - ids.length).toBeLessThanOrEqual(1)
        before = stored.size
        const orphanCredentials = raw.prepare(`SELECT count(*) AS n FROM credentials c LEFT JOIN status_entries s
          ON s.credential_id = c.id AND s.group_id = c.status_list_group AND s.idx = c.status_index
          WHERE c.status_list_group IS NULL OR s.credential_id IS NULL`).get() as { n: number }
        const orphanEntries = raw.prepare(`SELECT count(*) AS n FROM status_entries s LEFT JOIN credentials c
          ON c.id = s.credential_id AND c.status_list_group = s.group_id AND c.status_index = s.idx WHERE c.id IS NULL`).get() as { n: number }
        expect(orphanCredentials.n).toBe(0)
        expect(orphanEntries.n).toBe(0)
        expect(await store.countStatusEntries(WRITER_ISSUER, 'crash')).toBe(stored.size)
      } finally {
        raw.close()
        await store.close()
      }
    }
    console.info(`sqlite: 10 SIGKILLs, ${reported.length} credentials reported and kept (file ${statSync(path).size} bytes)`)
    // Every round waited for its inserts: 1+2+3+4+1+2+3+4+1+2.
    expect(reported.length).toBeGreaterThanOrEqual(23)
  }, 180_000)
})
