/**
 * The SQLite issuer store (better-sqlite3): the embedded default. One file, shared safely by
 * several processes (WAL, a 5 s busy timeout, every read-modify-write in `BEGIN IMMEDIATE`).
 * @packageDocumentation
 */
import type Database from 'better-sqlite3'
import { Ob3Error } from '@ob3/core'
import { migrateSqlite, openSqliteDatabase, sqliteError, sqliteSchemaVersion } from './sqlite-schema.js'
import { checkStatusValue, chunkEntryColumns,
  auditColumns, batchColumns, batchRowColumns, checkClaimAttempt, checkListOptions, checkState, checkString, claimColumns, COLUMNS,
  credentialColumns, decideClaim, groupColumns, sameBatchRow, submissionColumns, toAudit, toBatch, toBatchRow, toClaim, toCredential,
  toGroup, toSubmission, valuesOf, type Row,
} from './rows.js'
import type {
  AuditEvent, BatchChunkEntry, BatchChunkOutcome, BatchRecord, BatchRowRecord, ClaimAttempt, ClaimOutcome, ClaimRecord, CredentialRecord, IssuerStore, StatusEntry, StatusListGroupRecord, StoreConflict,
  SubmissionRecord, SubmissionState,
} from './types.js'

/** Options for {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions {
  /** The database file (created when missing), or `:memory:` for a private, throw-away store. */
  path: string
  /** The clock, for the times the store records itself (when a migration was applied). */
  now?: () => Date
  /**
   * Group commit: writes asked for while the event loop is busy (concurrent callers, e.g. the
   * requests of a service) are run together in one `BEGIN IMMEDIATE` transaction, each in a
   * savepoint of its own, and committed (one fsync) on the next turn of the event loop; each
   * caller is answered once the commit is durable. A write that fails is rolled back alone and
   * answered with its own error; when the commit itself fails, nothing of the group is stored and
   * every write in it is answered with that error. Default false: each write commits at once.
   */
  groupCommit?: boolean
}

/**
 * Open (or create) a SQLite issuer store and bring its schema up to date.
 *
 * A file that is not an ob3 issuer store is refused and left untouched; so is a damaged one
 * (`PRAGMA quick_check` runs on open).
 *
 * @throws Ob3Error `ERR_OB3_STORE_FOREIGN` (another application's database),
 *   `ERR_OB3_STORE_CORRUPT` (not a database, or damaged), `ERR_OB3_STORE_MIGRATION` (a schema
 *   newer than this ob3), `ERR_OB3_STORE_UNAVAILABLE` (cannot open or lock the file)
 * @example
 * ```ts
 * const store = await openSqliteStore({ path: './issuer.db' })
 * const count = await store.countCredentials('did:web:district.example')
 * await store.close()
 * ```
 */
export async function openSqliteStore(options: OpenSqliteStoreOptions): Promise<IssuerStore> {
  checkString(options.path, 'options.path')
  const now = options.now ?? (() => new Date())
  const db = openSqliteDatabase(options.path)
  try {
    migrateSqlite(db, now)
  } catch (err) {
    db.close()
    throw sqliteError(err, 'migrate')
  }
  return new SqliteIssuerStore(db, now, options.groupCommit === true)
}

const CONFLICT: StoreConflict = { conflict: true }
const insertSql = (table: keyof typeof COLUMNS): string =>
  `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES (${COLUMNS[table].map(() => '?').join(', ')})`

function checkFlags(flags: { revoked?: boolean; suspended?: boolean }): void {
  for (const key of ['revoked', 'suspended'] as const) {
    if (flags[key] !== undefined && typeof flags[key] !== 'boolean') throw new TypeError(`flags.${key} must be a boolean when present`)
  }
}

const flagged = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0)

/** A write waiting for the next group commit. */
interface PendingWrite {
  action: string
  fn: () => unknown
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

class SqliteIssuerStore implements IssuerStore {
  #db: Database.Database | undefined
  readonly #now: () => Date
  readonly #statements = new Map<string, Database.Statement>()
  readonly #groupCommit: boolean
  #pending: PendingWrite[] = []

  constructor(db: Database.Database, now: () => Date, groupCommit: boolean) {
    this.#db = db
    this.#now = now
    this.#groupCommit = groupCommit
  }

  /** Run `fn` on the open database; map what SQLite throws to coded errors. */
  async #run<T>(action: string, fn: (db: Database.Database) => T): Promise<T> {
    const db = this.#db
    if (db === undefined) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    try {
      return fn(db)
    } catch (err) {
      throw sqliteError(err, action)
    }
  }

  /**
   * `fn` in one `BEGIN IMMEDIATE` transaction: it takes the write lock before it reads. With
   * group commit, in the group's transaction (a savepoint of its own), committed with the group.
   */
  #write<T>(action: string, fn: () => T): Promise<T> {
    if (!this.#groupCommit || this.#db === undefined) return this.#run(action, (db) => db.transaction(fn).immediate())
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ action, fn, resolve: resolve as (value: unknown) => void, reject })
      if (this.#pending.length === 1) setImmediate(() => this.#commitGroup())
    })
  }

  /** Run the waiting writes in one transaction, commit once, then answer each. */
  #commitGroup(): void {
    const writes = this.#pending
    this.#pending = []
    if (writes.length === 0) return
    const db = this.#db
    if (db === undefined) {
      for (const w of writes) w.reject(new Ob3Error('ERR_OB3_STORE_CLOSED', `${w.action}: the store is closed`))
      return
    }
    const outcomes: { ok: boolean; value: unknown }[] = []
    try {
      db.transaction(() => {
        for (const w of writes) {
          // SQLite may end a transaction by itself on some errors (a full disk): the writes
          // after it must not run outside the group, so the group fails as a whole.
          if (!db.inTransaction) throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${w.action}: the group's transaction ended early`)
          try {
            // A nested transaction is a savepoint: a write that throws is rolled back alone.
            outcomes.push({ ok: true, value: db.transaction(w.fn)() })
          } catch (err) {
            outcomes.push({ ok: false, value: err })
          }
        }
      }).immediate()
    } catch (err) {
      // BEGIN or COMMIT failed (or the transaction ended early): nothing of the group is stored.
      for (const w of writes) w.reject(sqliteError(err, w.action))
      return
    }
    writes.forEach((w, i) => {
      const outcome = outcomes[i] as { ok: boolean; value: unknown }
      if (outcome.ok) w.resolve(outcome.value)
      else w.reject(sqliteError(outcome.value, w.action))
    })
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = (this.#db as Database.Database).prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  #get(sql: string, ...params: unknown[]): Row | undefined {
    return this.#stmt(sql).get(...params) as Row | undefined
  }

  #all(sql: string, ...params: unknown[]): Row[] {
    return this.#stmt(sql).all(...params) as Row[]
  }

  #exec(sql: string, ...params: unknown[]): number {
    return this.#stmt(sql).run(...params).changes
  }

  async migrate(): Promise<void> {
    return this.#run('migrate', (db) => migrateSqlite(db, this.#now))
  }

  async schemaVersion(): Promise<number> {
    return this.#run('schemaVersion', (db) => sqliteSchemaVersion(db))
  }

  async close(): Promise<void> {
    // Writes already asked for are committed (and answered) before the database closes.
    this.#commitGroup()
    const db = this.#db
    this.#db = undefined
    this.#statements.clear()
    db?.close()
  }

  // ---- credentials ----

  async insertCredential(record: CredentialRecord): Promise<{ inserted: boolean; record: CredentialRecord } | StoreConflict> {
    const row = credentialColumns(record)
    return this.#write('insertCredential', () => {
      const existing = this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND idempotency_key = ?', row.issuer_id, row.idempotency_key)
      if (existing !== undefined) return { inserted: false, record: toCredential(existing) }
      if (row.status_list_group !== null) {
        const group = this.#get('SELECT length FROM status_list_groups WHERE id = ? AND issuer_id = ?', row.status_list_group, row.issuer_id)
        if (group === undefined || (row.status_index as number) >= (group.length as number)) {
          throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `index ${String(row.status_index)} of status list group ${String(row.status_list_group)} does not exist for this issuer`)
        }
        if (this.#get('SELECT 1 FROM status_entries WHERE group_id = ? AND idx = ?', row.status_list_group, row.status_index) !== undefined) return CONFLICT
      }
      if (this.#get('SELECT 1 FROM credentials WHERE issuer_id = ? AND id = ?', row.issuer_id, row.id) !== undefined) {
        throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a credential ${String(row.id)} exists already, under another idempotency key`)
      }
      this.#exec(insertSql('credentials'), ...valuesOf(row, COLUMNS.credentials))
      if (row.status_list_group !== null) {
        this.#exec('INSERT INTO status_entries (group_id, idx, issuer_id, credential_id) VALUES (?, ?, ?, ?)', row.status_list_group, row.status_index, row.issuer_id, row.id)
      }
      return { inserted: true, record: toCredential(this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND id = ?', row.issuer_id, row.id) as Row) }
    })
  }

  async getCredential(issuerId: string, id: string): Promise<CredentialRecord | undefined> {
    return this.#run('getCredential', () => {
      const row = this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND id = ?', issuerId, id)
      return row === undefined ? undefined : toCredential(row)
    })
  }

  async getCredentialByIdempotencyKey(issuerId: string, idempotencyKey: string): Promise<CredentialRecord | undefined> {
    return this.#run('getCredentialByIdempotencyKey', () => {
      const row = this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND idempotency_key = ?', issuerId, idempotencyKey)
      return row === undefined ? undefined : toCredential(row)
    })
  }

  async listCredentials(issuerId: string, options?: { limit?: number; offset?: number; since?: string }): Promise<CredentialRecord[]> {
    const { limit, offset, sinceMs } = checkListOptions(options)
    return this.#run('listCredentials', () =>
      this.#all(
        'SELECT * FROM credentials WHERE issuer_id = ? AND issued_ms >= ? ORDER BY issued_ms DESC, id DESC LIMIT ? OFFSET ?',
        issuerId, sinceMs, limit, offset,
      ).map(toCredential))
  }

  async countCredentials(issuerId: string): Promise<number> {
    return this.#run('countCredentials', () => (this.#get('SELECT count(*) AS n FROM credentials WHERE issuer_id = ?', issuerId) as { n: number }).n)
  }

  // ---- status lists ----

  async createStatusListGroup(record: StatusListGroupRecord): Promise<void> {
    const row = groupColumns(record)
    await this.#write('createStatusListGroup', () => {
      if (this.#get('SELECT 1 FROM status_list_groups WHERE id = ?', row.id) !== undefined) {
        throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a status list group ${String(row.id)} exists already`)
      }
      this.#exec(insertSql('status_list_groups'), ...valuesOf(row, COLUMNS.status_list_groups))
    })
  }

  async getStatusListGroup(issuerId: string, id: string): Promise<StatusListGroupRecord | undefined> {
    return this.#run('getStatusListGroup', () => {
      const row = this.#get('SELECT * FROM status_list_groups WHERE issuer_id = ? AND id = ?', issuerId, id)
      return row === undefined ? undefined : toGroup(row)
    })
  }

  async listStatusListGroups(issuerId: string): Promise<StatusListGroupRecord[]> {
    return this.#run('listStatusListGroups', () =>
      this.#all('SELECT * FROM status_list_groups WHERE issuer_id = ? ORDER BY created_ms, id', issuerId).map(toGroup))
  }

  async countStatusEntries(issuerId: string, groupId: string): Promise<number> {
    // Counted on the primary key's index alone: an entry's issuer is its group's (a foreign key),
    // so checking the group's issuer once spares a table lookup per entry.
    return this.#run('countStatusEntries', () =>
      (this.#get('SELECT count(*) AS n FROM status_entries WHERE group_id = ? AND EXISTS (SELECT 1 FROM status_list_groups WHERE id = ? AND issuer_id = ?)', groupId, groupId, issuerId) as { n: number }).n)
  }

  async setStatusFlags(issuerId: string, groupId: string, index: number, flags: { revoked?: boolean; suspended?: boolean }): Promise<boolean> {
    checkFlags(flags)
    // One UPDATE statement: its own (implicit) transaction, nothing to read first.
    return this.#run('setStatusFlags', () => this.#exec(
      'UPDATE status_entries SET revoked = coalesce(?, revoked), suspended = coalesce(?, suspended) WHERE issuer_id = ? AND group_id = ? AND idx = ?',
      flagged(flags.revoked), flagged(flags.suspended), issuerId, groupId, index,
    ) > 0)
  }

  async getStatusEntry(issuerId: string, groupId: string, index: number): Promise<StatusEntry | undefined> {
    return this.#run('getStatusEntry', () => {
      const row = this.#get('SELECT * FROM status_entries WHERE issuer_id = ? AND group_id = ? AND idx = ?', issuerId, groupId, index)
      return row === undefined ? undefined : { index: row.idx as number, credentialId: String(row.credential_id), revoked: row.revoked === 1, suspended: row.suspended === 1, value: row.value as number }
    })
  }

  async setStatusValue(issuerId: string, groupId: string, index: number, value: number): Promise<boolean> {
    checkStatusValue(value)
    return this.#run('setStatusValue', () => this.#exec(
      'UPDATE status_entries SET value = ? WHERE issuer_id = ? AND group_id = ? AND idx = ?', value, issuerId, groupId, index) > 0)
  }

  async listStatusValues(issuerId: string, groupId: string): Promise<[number, number][]> {
    return this.#run('listStatusValues', () =>
      this.#all('SELECT idx, value FROM status_entries WHERE group_id = ? AND issuer_id = ? AND value <> 0 ORDER BY idx', groupId, issuerId)
        .map((r): [number, number] => [r.idx as number, r.value as number]))
  }

  async listFlaggedIndexes(issuerId: string, groupId: string, flag: 'revoked' | 'suspended'): Promise<number[]> {
    if (flag !== 'revoked' && flag !== 'suspended') throw new TypeError('flag must be revoked or suspended')
    return this.#run('listFlaggedIndexes', () =>
      this.#all(`SELECT idx FROM status_entries WHERE group_id = ? AND issuer_id = ? AND ${flag} = 1 ORDER BY idx`, groupId, issuerId).map((r) => r.idx as number))
  }

  // ---- assessment workflow ----

  async insertSubmission(record: SubmissionRecord): Promise<void> {
    const row = submissionColumns(record)
    await this.#write('insertSubmission', () => {
      if (this.#get('SELECT 1 FROM submissions WHERE id = ?', row.id) !== undefined) {
        throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a submission ${String(row.id)} exists already`)
      }
      this.#exec(insertSql('submissions'), ...valuesOf(row, COLUMNS.submissions))
    })
  }

  async getSubmission(issuerId: string, id: string): Promise<SubmissionRecord | undefined> {
    return this.#run('getSubmission', () => {
      const row = this.#get('SELECT * FROM submissions WHERE issuer_id = ? AND id = ?', issuerId, id)
      return row === undefined ? undefined : toSubmission(row)
    })
  }

  async updateSubmission(record: SubmissionRecord, expectedState: SubmissionState, event: AuditEvent): Promise<boolean> {
    const row = submissionColumns(record)
    checkState(expectedState, 'expectedState')
    const audit = auditColumns(event)
    if (audit.issuer_id !== row.issuer_id) throw new TypeError('event.issuerId must be record.issuerId')
    return this.#write('updateSubmission', () => {
      const changed = this.#exec(
        `UPDATE submissions SET achievement_id = ?, educator = ?, pseudonym = ?, state = ?, attempt = ?, evidence = ?, assessor_id = ?,
           review = ?, credential_id = ?, created_at = ?, created_ms = ?, updated_at = ?
         WHERE id = ? AND issuer_id = ? AND state = ?`,
        ...valuesOf(row, COLUMNS.submissions.slice(2)), row.id, row.issuer_id, expectedState,
      )
      if (changed === 0) return false
      this.#exec(insertSql('audit_events'), ...valuesOf(audit, COLUMNS.audit_events))
      return true
    })
  }

  async listSubmissions(issuerId: string, filter?: { state?: SubmissionState; assessorId?: string }): Promise<SubmissionRecord[]> {
    if (filter?.state !== undefined) checkState(filter.state, 'filter.state')
    return this.#run('listSubmissions', () => this.#all(
      `SELECT * FROM submissions WHERE issuer_id = ? AND (? IS NULL OR state = ?) AND (? IS NULL OR assessor_id = ?) ORDER BY created_ms, id`,
      issuerId, filter?.state ?? null, filter?.state ?? null, filter?.assessorId ?? null, filter?.assessorId ?? null,
    ).map(toSubmission))
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    const row = auditColumns(event)
    await this.#write('appendAudit', () => this.#exec(insertSql('audit_events'), ...valuesOf(row, COLUMNS.audit_events)))
  }

  async listAudit(issuerId: string, subject?: string): Promise<AuditEvent[]> {
    return this.#run('listAudit', () => (subject === undefined
      ? this.#all('SELECT * FROM audit_events WHERE issuer_id = ? ORDER BY seq', issuerId)
      : this.#all('SELECT * FROM audit_events WHERE issuer_id = ? AND subject = ? ORDER BY seq', issuerId, subject)
    ).map(toAudit))
  }

  // ---- batches ----

  async openBatch(record: BatchRecord): Promise<BatchRecord> {
    const row = batchColumns(record)
    return this.#write('openBatch', () => {
      const existing = this.#get('SELECT * FROM batches WHERE id = ?', row.id)
      if (existing !== undefined) {
        if (existing.issuer_id !== row.issuer_id) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `batch ${String(row.id)} belongs to another issuer`)
        return toBatch(existing)
      }
      this.#exec(insertSql('batches'), ...valuesOf(row, COLUMNS.batches))
      return toBatch(this.#get('SELECT * FROM batches WHERE id = ?', row.id) as Row)
    })
  }

  async recordBatchRow(row: BatchRowRecord): Promise<void> {
    const next = batchRowColumns(row)
    await this.#write('recordBatchRow', () => {
      const batch = this.#get('SELECT issuer_id FROM batches WHERE id = ?', next.batch_id)
      if (batch === undefined) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `there is no batch ${String(next.batch_id)}`)
      const stored = this.#get('SELECT * FROM batch_rows WHERE batch_id = ? AND line = ?', next.batch_id, next.line)
      if (stored === undefined) {
        this.#exec('INSERT INTO batch_rows (batch_id, line, issuer_id, status, credential_id, error) VALUES (?, ?, ?, ?, ?, ?)',
          next.batch_id, next.line, batch.issuer_id, next.status, next.credential_id, next.error)
      } else if (!sameBatchRow(stored, next)) {
        // A failed row may be retried; an issued row is final (its credential must stay findable).
        if (stored.status === 'issued') throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `line ${String(next.line)} of batch ${String(next.batch_id)} was issued already`)
        this.#exec('UPDATE batch_rows SET status = ?, credential_id = ?, error = ? WHERE batch_id = ? AND line = ?',
          next.status, next.credential_id, next.error, next.batch_id, next.line)
      }
    })
  }

  async recordBatchChunk(batchId: string, entries: BatchChunkEntry[]): Promise<BatchChunkOutcome[]> {
    checkString(batchId, 'batchId')
    const checked = entries.map(chunkEntryColumns)
    return this.#write('recordBatchChunk', () => {
      const batch = this.#get('SELECT issuer_id FROM batches WHERE id = ?', batchId)
      if (batch === undefined) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `there is no batch ${batchId}`)
      const lengths = new Map<unknown, number | undefined>()
      const outcomes: BatchChunkOutcome[] = []
      for (const entry of checked) {
        const stored = this.#get('SELECT * FROM batch_rows WHERE batch_id = ? AND line = ?', batchId, entry.line)
        if (entry.row === undefined) {
          if (stored?.status === 'issued') {
            outcomes.push({ line: entry.line, status: 'issued', record: toCredential(this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND id = ?', batch.issuer_id, stored.credential_id) as Row), inserted: false })
            continue
          }
          this.#putBatchRow(batchId, batch.issuer_id, entry.line, stored, 'failed', null, entry.error)
          outcomes.push({ line: entry.line, status: 'failed' })
          continue
        }
        const row = entry.row
        if (row.issuer_id !== batch.issuer_id) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `line ${entry.line}: the credential's issuer is not the batch's`)
        let record: Row | undefined = this.#get('SELECT * FROM credentials WHERE issuer_id = ? AND idempotency_key = ?', row.issuer_id, row.idempotency_key)
        const inserted = record === undefined
        if (record === undefined) {
          if (row.status_list_group !== null) {
            if (!lengths.has(row.status_list_group)) {
              lengths.set(row.status_list_group, this.#get('SELECT length FROM status_list_groups WHERE id = ? AND issuer_id = ?', row.status_list_group, row.issuer_id)?.length as number | undefined)
            }
            const length = lengths.get(row.status_list_group)
            if (length === undefined || (row.status_index as number) >= length) {
              throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `index ${String(row.status_index)} of status list group ${String(row.status_list_group)} does not exist for this issuer`)
            }
            if (this.#get('SELECT 1 FROM status_entries WHERE group_id = ? AND idx = ?', row.status_list_group, row.status_index) !== undefined) {
              outcomes.push({ line: entry.line, status: 'conflict' })
              continue
            }
          }
          if (this.#get('SELECT 1 FROM credentials WHERE issuer_id = ? AND id = ?', row.issuer_id, row.id) !== undefined) {
            throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a credential ${String(row.id)} exists already, under another idempotency key`)
          }
          this.#exec(insertSql('credentials'), ...valuesOf(row, COLUMNS.credentials))
          if (row.status_list_group !== null) {
            this.#exec('INSERT INTO status_entries (group_id, idx, issuer_id, credential_id) VALUES (?, ?, ?, ?)', row.status_list_group, row.status_index, row.issuer_id, row.id)
          }
          this.#exec(insertSql('audit_events'), ...valuesOf(entry.audit as Row, COLUMNS.audit_events))
          record = row
        }
        if (stored?.status === 'issued' && stored.credential_id !== record.id) {
          throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `line ${entry.line} of batch ${batchId} was issued already, with another credential`)
        }
        this.#putBatchRow(batchId, batch.issuer_id, entry.line, stored, 'issued', record.id, null)
        outcomes.push({ line: entry.line, status: 'issued', record: toCredential(record), inserted })
      }
      return outcomes
    })
  }

  /** Insert or update one batch row (inside a write transaction). */
  #putBatchRow(batchId: string, issuerId: unknown, line: number, stored: Row | undefined, status: string, credentialId: unknown, error: string | null): void {
    if (stored === undefined) {
      this.#exec('INSERT INTO batch_rows (batch_id, line, issuer_id, status, credential_id, error) VALUES (?, ?, ?, ?, ?, ?)', batchId, line, issuerId, status, credentialId, error)
    } else if (!sameBatchRow(stored, { status, credential_id: credentialId, error })) {
      this.#exec('UPDATE batch_rows SET status = ?, credential_id = ?, error = ? WHERE batch_id = ? AND line = ?', status, credentialId, error, batchId, line)
    }
  }

  async listBatchRows(batchId: string): Promise<BatchRowRecord[]> {
    return this.#run('listBatchRows', () => this.#all('SELECT * FROM batch_rows WHERE batch_id = ? ORDER BY line', batchId).map(toBatchRow))
  }

  // ---- claims ----

  async insertClaim(record: ClaimRecord): Promise<void> {
    const row = claimColumns(record)
    await this.#write('insertClaim', () => {
      if (this.#get('SELECT 1 FROM credentials WHERE issuer_id = ? AND id = ?', row.issuer_id, row.credential_id) === undefined) {
        throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `there is no credential ${String(row.credential_id)} of this issuer to claim`)
      }
      this.#exec(insertSql('claims'), ...valuesOf(row, COLUMNS.claims))
    })
  }

  async getClaim(issuerId: string, id: string): Promise<ClaimRecord | undefined> {
    return this.#run('getClaim', () => {
      const row = this.#get('SELECT * FROM claims WHERE issuer_id = ? AND id = ?', issuerId, id)
      return row === undefined ? undefined : toClaim(row)
    })
  }

  async findClaim(issuerId: string, by: { preAuthorizedCode: string } | { accessTokenHash: string }): Promise<ClaimRecord | undefined> {
    const [column, value] = 'preAuthorizedCode' in by ? ['pre_authorized_code', by.preAuthorizedCode] : ['access_token_hash', by.accessTokenHash]
    checkString(value, `by.${column}`)
    return this.#run('findClaim', () => {
      const row = this.#get(`SELECT * FROM claims WHERE issuer_id = ? AND ${column} = ?`, issuerId, value)
      return row === undefined ? undefined : toClaim(row)
    })
  }

  async listClaims(issuerId: string, credentialId: string): Promise<ClaimRecord[]> {
    return this.#run('listClaims', () =>
      this.#all('SELECT * FROM claims WHERE issuer_id = ? AND credential_id = ? ORDER BY created_at, id', issuerId, credentialId).map(toClaim))
  }

  async redeemClaim(issuerId: string, id: string, attempt: ClaimAttempt): Promise<{ outcome: ClaimOutcome; claim?: ClaimRecord }> {
    const atMs = checkClaimAttempt(attempt)
    return this.#write('redeemClaim', () => {
      const row = this.#get('SELECT * FROM claims WHERE issuer_id = ? AND id = ?', issuerId, id)
      const outcome = decideClaim(row, attempt, atMs)
      if (outcome === 'pin-wrong') {
        this.#exec('UPDATE claims SET failed_attempts = failed_attempts + 1 WHERE issuer_id = ? AND id = ?', issuerId, id)
      } else if (outcome === 'redeemed') {
        this.#exec('UPDATE claims SET redeemed_at = ?, redeemed_via = ?, holder = ?, access_token_hash = ? WHERE issuer_id = ? AND id = ?',
          attempt.at, attempt.via, attempt.holder ?? null, attempt.accessTokenHash ?? null, issuerId, id)
      }
      const after = this.#get('SELECT * FROM claims WHERE issuer_id = ? AND id = ?', issuerId, id)
      return after === undefined ? { outcome } : { outcome, claim: toClaim(after) }
    })
  }

  async deliverClaim(issuerId: string, id: string, delivered: { credentialId: string; holder: string }): Promise<boolean> {
    checkString(delivered.credentialId, 'delivered.credentialId')
    checkString(delivered.holder, 'delivered.holder')
    return this.#run('deliverClaim', () => this.#exec(
      'UPDATE claims SET delivered_credential_id = ?, holder = ? WHERE issuer_id = ? AND id = ? AND redeemed_at IS NOT NULL AND delivered_credential_id IS NULL',
      delivered.credentialId, delivered.holder, issuerId, id,
    ) > 0)
  }
}
