import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { isOb3Error } from '@ob3/core'
import { openSqliteStore } from '../src/store/sqlite.js'
import { credentialRecord, describeIssuerStore, expectCode, groupRecord } from './store-suite.js'

const dir = mkdtempSync(join(tmpdir(), 'ob3-sqlite-group-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const newPath = (): string => join(dir, `store-${++files}.db`)

// Every behaviour of the store holds with group commit too.
describeIssuerStore('SQLite file, group commit', () => openSqliteStore({ path: newPath(), groupCommit: true }))

/** Rows of a table, read through a connection of its own (what another process would see). */
function countRows(path: string, table: 'credentials' | 'status_entries' | 'audit_events'): number {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('SQLite store: group commit', () => {
  it('commits writes asked for together in one transaction: none is visible before the group commits, all are after', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path, groupCommit: true })
    const group = groupRecord()
    await store.createStatusListGroup(group)
    const records = Array.from({ length: 24 }, (_, i) => credentialRecord({ statusListGroup: group.id, statusIndex: 100 + i }))
    const writes = records.map((r) => store.insertCredential(r))
    // Asked for, not yet committed: another connection sees none of them.
    expect(countRows(path, 'credentials')).toBe(0)
    const results = await Promise.all(writes)
    expect(results.map((r) => 'inserted' in r && r.inserted)).toEqual(records.map(() => true))
    expect(countRows(path, 'credentials')).toBe(24)
    expect(countRows(path, 'status_entries')).toBe(24)
    await store.close()
  })

  it('without group commit each write commits at once (the default)', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path })
    const writes = Array.from({ length: 3 }, () => store.insertCredential(credentialRecord()))
    expect(countRows(path, 'credentials')).toBe(3)
    await Promise.all(writes)
    await store.close()
  })

  it('answers a failing write with its own error, rolls back only that write, and stores the others', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path, groupCommit: true })
    const group = groupRecord()
    await store.createStatusListGroup(group)
    const taken = credentialRecord({ statusListGroup: group.id, statusIndex: 5 })
    await store.insertCredential(taken)
    const good = [credentialRecord({ statusListGroup: group.id, statusIndex: 6 }), credentialRecord({ statusListGroup: group.id, statusIndex: 7 })]
    const sameId = credentialRecord({ id: taken.id, statusListGroup: group.id, statusIndex: 8 })
    const noGroup = credentialRecord({ statusListGroup: 'no-such-group', statusIndex: 9 })
    const indexTaken = credentialRecord({ statusListGroup: group.id, statusIndex: 5 })
    const [first, conflict, reference, taken5, second] = [
      store.insertCredential(good[0]!), store.insertCredential(sameId), store.insertCredential(noGroup),
      store.insertCredential(indexTaken), store.insertCredential(good[1]!),
    ]
    await expectCode(conflict, 'ERR_OB3_STORE_CONFLICT')
    await expectCode(reference, 'ERR_OB3_STORE_REFERENCE')
    expect(await taken5).toEqual({ conflict: true })
    expect(await first).toMatchObject({ inserted: true })
    expect(await second).toMatchObject({ inserted: true })
    // The failed writes left nothing behind: no credential and no status entry of theirs.
    expect(countRows(path, 'credentials')).toBe(3)
    expect(countRows(path, 'status_entries')).toBe(3)
    expect(await store.getCredential(noGroup.issuerId, noGroup.id)).toBeUndefined()
    expect(await store.getCredential(sameId.issuerId, sameId.id)).toEqual(taken)
    await store.close()
  })

  it('when the group cannot commit, answers every write with the error and stores none of them', { timeout: 60_000 }, async () => {
    const path = newPath()
    const store = await openSqliteStore({ path, groupCommit: true })
    await store.appendAudit({ issuerId: 'did:example:a', subject: 'credential:0', action: 'awarded', actor: 'test', at: '2026-02-01T00:00:00.000Z' })
    // Another connection holds the write lock past the store's busy timeout.
    const other = new Database(path)
    other.exec('BEGIN IMMEDIATE')
    const writes = [
      store.insertCredential(credentialRecord()),
      store.appendAudit({ issuerId: 'did:example:a', subject: 'credential:1', action: 'awarded', actor: 'test', at: '2026-02-01T00:00:00.000Z' }),
      store.insertCredential(credentialRecord()),
    ]
    const errors = await Promise.all(writes.map((w) => w.then(() => undefined, (e: unknown) => e)))
    other.exec('ROLLBACK')
    other.close()
    expect(errors.map((e) => isOb3Error(e, 'ERR_OB3_STORE_UNAVAILABLE'))).toEqual([true, true, true])
    expect(countRows(path, 'credentials')).toBe(0)
    expect(countRows(path, 'audit_events')).toBe(1)
    // The store goes on once the lock is free.
    expect(await store.insertCredential(credentialRecord())).toMatchObject({ inserted: true })
    expect(countRows(path, 'credentials')).toBe(1)
    await store.close()
  })

  it('commits the writes asked for before close() and answers them', async () => {
    const path = newPath()
    const store = await openSqliteStore({ path, groupCommit: true })
    const writes = Array.from({ length: 4 }, () => store.insertCredential(credentialRecord()))
    await store.close()
    expect((await Promise.all(writes)).every((r) => 'inserted' in r && r.inserted)).toBe(true)
    expect(countRows(path, 'credentials')).toBe(4)
    await expectCode(store.insertCredential(credentialRecord()), 'ERR_OB3_STORE_CLOSED')
  })
})
