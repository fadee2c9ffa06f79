/**
 * The PostgreSQL issuer store (`pg`): for several instances sharing one database. Uniqueness is
 * enforced by constraints; races are settled by `INSERT … ON CONFLICT DO NOTHING` and SQLSTATE
 * 23505, never by reading first.
 * @packageDocumentation
 */
import pg from 'pg'
import { Ob3Error } from '@ob3/core'
import { checkSchemaName, LOCK_CLASS, migratePostgres, postgresError, postgresSchemaVersion } from './postgres-schema.js'
import { checkStatusValue, chunkEntryColumns, type ChunkEntryColumns,
  auditColumns, batchColumns, batchRowColumns, bool, checkClaimAttempt, checkListOptions, checkState, checkString, claimColumns, COLUMNS,
  credentialColumns, decideClaim, groupColumns, num, sameBatchRow, submissionColumns, toAudit, toBatch, toBatchRow, toClaim, toCredential,
  toGroup, toSubmission, valuesOf, type Row,
} from './rows.js'
import type {
  AuditEvent, BatchChunkEntry, BatchChunkOutcome, BatchRecord, BatchRowRecord, ClaimAttempt, ClaimOutcome, ClaimRecord, CredentialRecord, IssuerStore, StatusEntry, StatusListGroupRecord, StoreConflict,
  SubmissionRecord, SubmissionState,
} from './types.js'

/** Options for {@link openPostgresStore}. */
export interface OpenPostgresStoreOptions {
  /** A `postgres://user:password@host:port/database` URL. */
  url: string
  /** The schema holding the store's tables (created when missing). Default `public`. */
  schema?: string
  /** The clock, for the times the store records itself (when a migration was applied). */
  now?: () => Date
}

/**
 * Open a PostgreSQL issuer store and bring its schema up to date (safe when several instances
 * start at once).
 *
 * @throws Ob3Error `ERR_OB3_STORE_UNAVAILABLE` (cannot connect or log in),
 *   `ERR_OB3_STORE_FOREIGN` (the schema holds another application's tables of the same names),
 *   `ERR_OB3_STORE_MIGRATION` (a schema newer than this ob3)
 * @example
 * ```ts
 * const store = await openPostgresStore({ url: 'postgres://ob3:ob3@127.0.0.1:5432/ob3' })
 * const count = await store.countCredentials('did:web:district.example')
 * await store.close()
 * ```
 */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<IssuerStore> {
  checkString(options.url, 'options.url')
  const schema = checkSchemaName(options.schema ?? 'public')
  const now = options.now ?? (() => new Date())
  const pool = new pg.Pool({ connectionString: options.url, connectionTimeoutMillis: 10_000 })
  // An idle connection that dies is dropped by the pool; the next query reports the outage.
  pool.on('error', () => undefined)
  const store = new PostgresIssuerStore(pool, schema, now)
  try {
    await store.migrate()
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}

const CONFLICT: StoreConflict = { conflict: true }
const placeholders = (n: number, from = 1): string => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ')
const insertSql = (table: keyof typeof COLUMNS): string =>
  `INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES (${placeholders(COLUMNS[table].length)})`

/** Thrown inside a transaction to roll it back and return `value`. */
class Rollback {
  constructor(readonly value: unknown) {}
}

function checkFlags(flags: { revoked?: boolean; suspended?: boolean }): void {
  for (const key of ['revoked', 'suspended'] as const) {
    if (flags[key] !== undefined && typeof flags[key] !== 'boolean') throw new TypeError(`flags.${key} must be a boolean when present`)
  }
}

class PostgresIssuerStore implements IssuerStore {
  readonly #pool: pg.Pool
  readonly #schema: string
  readonly #now: () => Date
  /** Connections whose `search_path` is set. */
  readonly #ready = new WeakSet<pg.PoolClient>()
  #closed = false

  constructor(pool: pg.Pool, schema: string, now: () => Date) {
    this.#pool = pool
    this.#schema = schema
    this.#now = now
  }

  /** A pooled connection with `search_path` set to the store's schema. */
  async #connect(action: string): Promise<pg.PoolClient> {
    if (this.#closed) throw new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the store is closed`)
    let client: pg.PoolClient
    try {
      client = await this.#pool.connect()
    } catch (err) {
      throw postgresError(err, action)
    }
    if (!this.#ready.has(client)) {
      try {
        await client.query(`SET search_path TO "${this.#schema}"`)
      } catch (err) {
        client.release(true)
        throw postgresError(err, action)
      }
      this.#ready.add(client)
    }
    return client
  }

  /** `fn` on one connection, outside a transaction (single statements are atomic by themselves). */
  async #with<T>(action: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect(action)
    let broken: Error | undefined
    try {
      return await fn(client)
    } catch (err) {
      if (!(err instanceof Ob3Error || err instanceof TypeError) && (err as { code?: unknown } | null)?.code === undefined) broken = err instanceof Error ? err : new Error(String(err))
      throw postgresError(err, action)
    } finally {
      client.release(broken)
    }
  }

  /** `fn` in one transaction on a dedicated connection: COMMIT when it returns, ROLLBACK when it throws. */
  async #tx<T>(action: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#with(action, async (client) => {
      await client.query('BEGIN')
      let value: T
      try {
        value = await fn(client)
      } catch (err) {
        await client.query('ROLLBACK')
        if (err instanceof Rollback) return err.value as T
        throw err
      }
      await client.query('COMMIT')
      return value
    })
  }

  async #rows(action: string, sql: string, params: unknown[]): Promise<Row[]> {
    return this.#with(action, async (c) => (await c.query(sql, params)).rows as Row[])
  }

  async #row(action: string, sql: string, params: unknown[]): Promise<Row | undefined> {
    return (await this.#rows(action, sql, params))[0]
  }

  async migrate(): Promise<void> {
    await this.#with('migrate', (c) => migratePostgres(c, this.#schema, this.#now))
  }

  async schemaVersion(): Promise<number> {
    return this.#with('schemaVersion', (c) => postgresSchemaVersion(c, this.#schema))
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }

  // ---- credentials ----

  async insertCredential(record: CredentialRecord): Promise<{ inserted: boolean; record: CredentialRecord } | StoreConflict> {
    const row = credentialColumns(record)
    return this.#tx('insertCredential', async (c) => {
      const inserted = await c.query(`${insertSql('credentials')} ON CONFLICT (issuer_id, idempotency_key) DO NOTHING RETURNING *`, valuesOf(row, COLUMNS.credentials))
      const stored = inserted.rows[0] as Row | undefined
      if (stored === undefined) {
        const existing = await c.query('SELECT * FROM credentials WHERE issuer_id = $1 AND idempotency_key = $2', [row.issuer_id, row.idempotency_key])
        if (existing.rows[0] === undefined) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', 'insertCredential: the credential under this idempotency key vanished; retry')
        return { inserted: false, record: toCredential(existing.rows[0] as Row) }
      }
      if (row.status_list_group !== null) {
        // The credential's foreign key proved that the group exists and is this issuer's.
        const group = await c.query('SELECT length FROM status_list_groups WHERE id = $1', [row.status_list_group])
        if ((row.status_index as number) >= num((group.rows[0] as Row).length)) {
          throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `index ${String(row.status_index)} is outside status list group ${String(row.status_list_group)}`)
        }
        const claimed = await c.query(
          'INSERT INTO status_entries (group_id, idx, issuer_id, credential_id) VALUES ($1, $2, $3, $4) ON CONFLICT (group_id, idx) DO NOTHING',
          [row.status_list_group, row.status_index, row.issuer_id, row.id],
        )
        if (claimed.rowCount === 0) throw new Rollback(CONFLICT)
      }
      return { inserted: true, record: toCredential(stored) }
    })
  }

  async getCredential(issuerId: string, id: string): Promise<CredentialRecord | undefined> {
    const row = await this.#row('getCredential', 'SELECT * FROM credentials WHERE issuer_id = $1 AND id = $2', [issuerId, id])
    return row === undefined ? undefined : toCredential(row)
  }

  async getCredentialByIdempotencyKey(issuerId: string, idempotencyKey: string): Promise<CredentialRecord | undefined> {
    const row = await this.#row('getCredentialByIdempotencyKey', 'SELECT * FROM credentials WHERE issuer_id = $1 AND idempotency_key = $2', [issuerId, idempotencyKey])
    return row === undefined ? undefined : toCredential(row)
  }

  async listCredentials(issuerId: string, options?: { limit?: number; offset?: number; since?: string }): Promise<CredentialRecord[]> {
    const { limit, offset, sinceMs } = checkListOptions(options)
    const rows = await this.#rows('listCredentials',
      'SELECT * FROM credentials WHERE issuer_id = $1 AND issued_ms >= $2 ORDER BY issued_ms DESC, id DESC LIMIT $3 OFFSET $4',
      [issuerId, sinceMs, limit < 0 ? null : limit, offset])
    return rows.map(toCredential)
  }

  async countCredentials(issuerId: string): Promise<number> {
    return num((await this.#row('countCredentials', 'SELECT count(*) AS n FROM credentials WHERE issuer_id = $1', [issuerId]))?.n)
  }

  // ---- status lists ----

  async createStatusListGroup(record: StatusListGroupRecord): Promise<void> {
    const row = groupColumns(record)
    const result = await this.#rows('createStatusListGroup', `${insertSql('status_list_groups')} ON CONFLICT DO NOTHING RETURNING id`, valuesOf(row, COLUMNS.status_list_groups))
    if (result.length === 0) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a status list group ${String(row.id)} exists already`)
  }

  async getStatusListGroup(issuerId: string, id: string): Promise<StatusListGroupRecord | undefined> {
    const row = await this.#row('getStatusListGroup', 'SELECT * FROM status_list_groups WHERE issuer_id = $1 AND id = $2', [issuerId, id])
    return row === undefined ? undefined : toGroup(row)
  }

  async listStatusListGroups(issuerId: string): Promise<StatusListGroupRecord[]> {
    return (await this.#rows('listStatusListGroups', 'SELECT * FROM status_list_groups WHERE issuer_id = $1 ORDER BY created_ms, id', [issuerId])).map(toGroup)
  }

  async countStatusEntries(issuerId: string, groupId: string): Promise<number> {
    return num((await this.#row('countStatusEntries', 'SELECT count(*) AS n FROM status_entries WHERE issuer_id = $1 AND group_id = $2', [issuerId, groupId]))?.n)
  }

  async setStatusFlags(issuerId: string, groupId: string, index: number, flags: { revoked?: boolean; suspended?: boolean }): Promise<boolean> {
    checkFlags(flags)
    const rows = await this.#rows('setStatusFlags',
      `UPDATE status_entries SET revoked = coalesce($1::boolean, revoked), suspended = coalesce($2::boolean, suspended)
       WHERE issuer_id = $3 AND group_id = $4 AND idx = $5 RETURNING idx`,
      [flags.revoked ?? null, flags.suspended ?? null, issuerId, groupId, index])
    return rows.length > 0
  }

  async getStatusEntry(issuerId: string, groupId: string, index: number): Promise<StatusEntry | undefined> {
    const row = await this.#row('getStatusEntry', 'SELECT * FROM status_entries WHERE issuer_id = $1 AND group_id = $2 AND idx = $3', [issuerId, groupId, index])
    return row === undefined ? undefined : { index: num(row.idx), credentialId: String(row.credential_id), revoked: bool(row.revoked), suspended: bool(row.suspended), value: num(row.value) }
  }

  async setStatusValue(issuerId: string, groupId: string, index: number, value: number): Promise<boolean> {
    checkStatusValue(value)
    const rows = await this.#rows('setStatusValue', 'UPDATE status_entries SET value = $1 WHERE issuer_id = $2 AND group_id = $3 AND idx = $4 RETURNING idx', [value, issuerId, groupId, index])
    return rows.length > 0
  }

  async listStatusValues(issuerId: string, groupId: string): Promise<[number, number][]> {
    const rows = await this.#rows('listStatusValues', 'SELECT idx, value FROM status_entries WHERE group_id = $1 AND issuer_id = $2 AND value <> 0 ORDER BY idx', [groupId, issuerId])
    return rows.map((r): [number, number] => [num(r.idx), num(r.value)])
  }

  async listFlaggedIndexes(issuerId: string, groupId: string, flag: 'revoked' | 'suspended'): Promise<number[]> {
    if (flag !== 'revoked' && flag !== 'suspended') throw new TypeError('flag must be revoked or suspended')
    const rows = await this.#rows('listFlaggedIndexes', `SELECT idx FROM status_entries WHERE group_id = $1 AND issuer_id = $2 AND ${flag} ORDER BY idx`, [groupId, issuerId])
    return rows.map((r) => num(r.idx))
  }

  // ---- assessment workflow ----

  async insertSubmission(record: SubmissionRecord): Promise<void> {
    const row = submissionColumns(record)
    const result = await this.#rows('insertSubmission', `${insertSql('submissions')} ON CONFLICT DO NOTHING RETURNING id`, valuesOf(row, COLUMNS.submissions))
    if (result.length === 0) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a submission ${String(row.id)} exists already`)
  }

  async getSubmission(issuerId: string, id: string): Promise<SubmissionRecord | undefined> {
    const row = await this.#row('getSubmission', 'SELECT * FROM submissions WHERE issuer_id = $1 AND id = $2', [issuerId, id])
    return row === undefined ? undefined : toSubmission(row)
  }

  async updateSubmission(record: SubmissionRecord, expectedState: SubmissionState, event: AuditEvent): Promise<boolean> {
    const row = submissionColumns(record)
    checkState(expectedState, 'expectedState')
    const audit = auditColumns(event)
    if (audit.issuer_id !== row.issuer_id) throw new TypeError('event.issuerId must be record.issuerId')
    const columns = COLUMNS.submissions.slice(2)
    return this.#tx('updateSubmission', async (c) => {
      // Under READ COMMITTED, a concurrent UPDATE of the row makes this one re-check `state`
      // against the committed row: exactly one of two racing updates from the same state wins.
      const updated = await c.query(
        `UPDATE submissions SET ${columns.map((name, i) => `${name} = $${i + 1}`).join(', ')}
         WHERE id = $${columns.length + 1} AND issuer_id = $${columns.length + 2} AND state = $${columns.length + 3}`,
        [...valuesOf(row, columns), row.id, row.issuer_id, expectedState],
      )
      if (updated.rowCount === 0) return false
      await this.#appendAuditIn(c, audit)
      return true
    })
  }

  async listSubmissions(issuerId: string, filter?: { state?: SubmissionState; assessorId?: string }): Promise<SubmissionRecord[]> {
    if (filter?.state !== undefined) checkState(filter.state, 'filter.state')
    const rows = await this.#rows('listSubmissions',
      'SELECT * FROM submissions WHERE issuer_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR assessor_id = $3) ORDER BY created_ms, id',
      [issuerId, filter?.state ?? null, filter?.assessorId ?? null])
    return rows.map(toSubmission)
  }

  /**
   * Append an event inside a transaction. `seq` comes from a sequence, which hands out numbers
   * in call order, not commit order; the per-issuer advisory lock, held to COMMIT, makes an
   * issuer's events commit in `seq` order, so a reader never sees seq n+1 before seq n.
   */
  async #appendAuditIn(c: pg.PoolClient, audit: Row): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.audit, audit.issuer_id])
    await c.query(insertSql('audit_events'), valuesOf(audit, COLUMNS.audit_events))
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    const audit = auditColumns(event)
    await this.#tx('appendAudit', (c) => this.#appendAuditIn(c, audit))
  }

  async listAudit(issuerId: string, subject?: string): Promise<AuditEvent[]> {
    const rows = subject === undefined
      ? await this.#rows('listAudit', 'SELECT * FROM audit_events WHERE issuer_id = $1 ORDER BY seq', [issuerId])
      : await this.#rows('listAudit', 'SELECT * FROM audit_events WHERE issuer_id = $1 AND subject = $2 ORDER BY seq', [issuerId, subject])
    return rows.map(toAudit)
  }

  // ---- batches ----

  async openBatch(record: BatchRecord): Promise<BatchRecord> {
    const row = batchColumns(record)
    return this.#tx('openBatch', async (c) => {
      const inserted = await c.query(`${insertSql('batches')} ON CONFLICT (id) DO NOTHING RETURNING *`, valuesOf(row, COLUMNS.batches))
      const stored = (inserted.rows[0] ?? (await c.query('SELECT * FROM batches WHERE id = $1', [row.id])).rows[0]) as Row | undefined
      if (stored === undefined) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `openBatch: batch ${String(row.id)} vanished; retry`)
      if (stored.issuer_id !== row.issuer_id) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `batch ${String(row.id)} belongs to another issuer`)
      return toBatch(stored)
    })
  }

  async recordBatchRow(row: BatchRowRecord): Promise<void> {
    const next = batchRowColumns(row)
    await this.#tx('recordBatchRow', async (c) => {
      // A failed row may be retried; an issued row is final (its credential must stay findable).
      const written = await c.query(
        `INSERT INTO batch_rows (batch_id, line, issuer_id, status, credential_id, error)
         SELECT $1, $2, issuer_id, $3, $4, $5 FROM batches WHERE id = $1
         ON CONFLICT (batch_id, line) DO UPDATE SET status = excluded.status, credential_id = excluded.credential_id, error = excluded.error
         WHERE batch_rows.status <> 'issued'`,
        [next.batch_id, next.line, next.status, next.credential_id, next.error],
      )
      if (written.rowCount !== 0) return
      const stored = (await c.query('SELECT * FROM batch_rows WHERE batch_id = $1 AND line = $2', [next.batch_id, next.line])).rows[0] as Row | undefined
      if (stored === undefined) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `there is no batch ${String(next.batch_id)}`)
      if (!sameBatchRow(stored, next)) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `line ${String(next.line)} of batch ${String(next.batch_id)} was issued already`)
    })
  }

  async recordBatchChunk(batchId: string, entries: BatchChunkEntry[]): Promise<BatchChunkOutcome[]> {
    checkString(batchId, 'batchId')
    const checked = entries.map(chunkEntryColumns)
    // Two chunks may wait for each other's rows (the same batch run twice, random indexes that
    // cross); PostgreSQL then aborts one (deadlock, 40P01), which is run again, whole.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#recordChunk(batchId, checked)
      } catch (err) {
        const state = (err as { details?: { sqlstate?: unknown } } | null)?.details?.sqlstate
        if (attempt >= 5 || state !== '40P01') throw err
      }
    }
  }

  #recordChunk(batchId: string, checked: ChunkEntryColumns[]): Promise<BatchChunkOutcome[]> {
    return this.#tx('recordBatchChunk', async (c) => {
      const batch = (await c.query('SELECT issuer_id FROM batches WHERE id = $1', [batchId])).rows[0] as Row | undefined
      if (batch === undefined) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `there is no batch ${batchId}`)
      const lengths = new Map<unknown, number | undefined>()
      const outcomes: BatchChunkOutcome[] = []
      const audits: Row[] = []
      for (const entry of checked) {
        const stored = (await c.query('SELECT * FROM batch_rows WHERE batch_id = $1 AND line = $2', [batchId, entry.line])).rows[0] as Row | undefined
        if (entry.row === undefined) {
          if (stored?.status === 'issued') {
            const kept = (await c.query('SELECT * FROM credentials WHERE issuer_id = $1 AND id = $2', [batch.issuer_id, stored.credential_id])).rows[0] as Row
            outcomes.push({ line: entry.line, status: 'issued', record: toCredential(kept), inserted: false })
            continue
          }
          await this.#putBatchRow(c, batchId, entry.line, 'failed', null, entry.error)
          outcomes.push({ line: entry.line, status: 'failed' })
          continue
        }
        const row = entry.row
        if (row.issuer_id !== batch.issuer_id) throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `line ${entry.line}: the credential's issuer is not the batch's`)
        if (row.status_list_group !== null) {
          if (!lengths.has(row.status_list_group)) {
            const group = (await c.query('SELECT length FROM status_list_groups WHERE id = $1 AND issuer_id = $2', [row.status_list_group, row.issuer_id])).rows[0] as Row | undefined
            lengths.set(row.status_list_group, group === undefined ? undefined : num(group.length))
          }
          const length = lengths.get(row.status_list_group)
          if (length === undefined || (row.status_index as number) >= length) {
            throw new Ob3Error('ERR_OB3_STORE_REFERENCE', `index ${String(row.status_index)} of status list group ${String(row.status_list_group)} does not exist for this issuer`)
          }
        }
        await c.query('SAVEPOINT chunk_entry')
        const inserted = (await c.query(`${insertSql('credentials')} ON CONFLICT (issuer_id, idempotency_key) DO NOTHING RETURNING *`, valuesOf(row, COLUMNS.credentials))).rows[0] as Row | undefined
        let record = inserted
        if (record === undefined) {
          record = (await c.query('SELECT * FROM credentials WHERE issuer_id = $1 AND idempotency_key = $2', [row.issuer_id, row.idempotency_key])).rows[0] as Row | undefined
          if (record === undefined) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', 'recordBatchChunk: the credential under this idempotency key vanished; retry')
        } else if (row.status_list_group !== null) {
          const claimed = await c.query(
            'INSERT INTO status_entries (group_id, idx, issuer_id, credential_id) VALUES ($1, $2, $3, $4) ON CONFLICT (group_id, idx) DO NOTHING',
            [row.status_list_group, row.status_index, row.issuer_id, row.id],
          )
          if (claimed.rowCount === 0) {
            await c.query('ROLLBACK TO SAVEPOINT chunk_entry')
            outcomes.push({ line: entry.line, status: 'conflict' })
            continue
          }
        }
        if (inserted !== undefined) audits.push(entry.audit as Row)
        await c.query('RELEASE SAVEPOINT chunk_entry')
        if (stored?.status === 'issued' && stored.credential_id !== record.id) {
          throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `line ${entry.line} of batch ${batchId} was issued already, with another credential`)
        }
        await this.#putBatchRow(c, batchId, entry.line, 'issued', record.id, null)
        outcomes.push({ line: entry.line, status: 'issued', record: toCredential(record), inserted: inserted !== undefined })
      }
      // The audit events last, in one statement, under the issuer's audit lock (which orders the
      // trail): held only for that statement and the commit, so chunks of several workers sign,
      // insert and claim their indexes side by side.
      if (audits.length > 0) {
        await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.audit, batch.issuer_id])
        const width = COLUMNS.audit_events.length
        await c.query(
          `INSERT INTO audit_events (${COLUMNS.audit_events.join(', ')}) VALUES ${audits.map((_, i) => `(${placeholders(width, i * width + 1)})`).join(', ')}`,
          audits.flatMap((audit) => valuesOf(audit, COLUMNS.audit_events)),
        )
      }
      return outcomes
    })
  }

  /** Insert or update one batch row, inside the caller's transaction (an issued row is checked by the caller). */
  async #putBatchRow(c: pg.PoolClient, batchId: string, line: number, status: string, credentialId: unknown, error: string | null): Promise<void> {
    await c.query(
      `INSERT INTO batch_rows (batch_id, line, issuer_id, status, credential_id, error)
       SELECT $1, $2, issuer_id, $3, $4, $5 FROM batches WHERE id = $1
       ON CONFLICT (batch_id, line) DO UPDATE SET status = excluded.status, credential_id = excluded.credential_id, error = excluded.error`,
      [batchId, line, status, credentialId, error],
    )
  }

  async listBatchRows(batchId: string): Promise<BatchRowRecord[]> {
    return (await this.#rows('listBatchRows', 'SELECT * FROM batch_rows WHERE batch_id = $1 ORDER BY line', [batchId])).map(toBatchRow)
  }

  // ---- claims ----

  async insertClaim(record: ClaimRecord): Promise<void> {
    const row = claimColumns(record)
    // The foreign key refuses a credential that is not this issuer's (ERR_OB3_STORE_REFERENCE).
    const result = await this.#rows('insertClaim', `${insertSql('claims')} ON CONFLICT DO NOTHING RETURNING id`, valuesOf(row, COLUMNS.claims))
    if (result.length === 0) throw new Ob3Error('ERR_OB3_STORE_CONFLICT', `a claim ${String(row.id)} (or its code) exists already`)
  }

  async getClaim(issuerId: string, id: string): Promise<ClaimRecord | undefined> {
    const row = await this.#row('getClaim', 'SELECT * FROM claims WHERE issuer_id = $1 AND id = $2', [issuerId, id])
    return row === undefined ? undefined : toClaim(row)
  }

  async findClaim(issuerId: string, by: { preAuthorizedCode: string } | { accessTokenHash: string }): Promise<ClaimRecord | undefined> {
    const [column, value] = 'preAuthorizedCode' in by ? ['pre_authorized_code', by.preAuthorizedCode] : ['access_token_hash', by.accessTokenHash]
    checkString(value, `by.${column}`)
    const row = await this.#row('findClaim', `SELECT * FROM claims WHERE issuer_id = $1 AND ${column} = $2`, [issuerId, value])
    return row === undefined ? undefined : toClaim(row)
  }

  async listClaims(issuerId: string, credentialId: string): Promise<ClaimRecord[]> {
    return (await this.#rows('listClaims', 'SELECT * FROM claims WHERE issuer_id = $1 AND credential_id = $2 ORDER BY created_at, id', [issuerId, credentialId])).map(toClaim)
  }

  async redeemClaim(issuerId: string, id: string, attempt: ClaimAttempt): Promise<{ outcome: ClaimOutcome; claim?: ClaimRecord }> {
    const atMs = checkClaimAttempt(attempt)
    return this.#tx('redeemClaim', async (c) => {
      // FOR UPDATE: a second attempt waits for this one's COMMIT and then sees it redeemed.
      const row = (await c.query('SELECT * FROM claims WHERE issuer_id = $1 AND id = $2 FOR UPDATE', [issuerId, id])).rows[0] as Row | undefined
      const outcome = decideClaim(row, attempt, atMs)
      let after = row
      if (outcome === 'pin-wrong') {
        after = (await c.query('UPDATE claims SET failed_attempts = failed_attempts + 1 WHERE issuer_id = $1 AND id = $2 RETURNING *', [issuerId, id])).rows[0] as Row
      } else if (outcome === 'redeemed') {
        after = (await c.query(
          'UPDATE claims SET redeemed_at = $1, redeemed_via = $2, holder = $3, access_token_hash = $4 WHERE issuer_id = $5 AND id = $6 RETURNING *',
          [attempt.at, attempt.via, attempt.holder ?? null, attempt.accessTokenHash ?? null, issuerId, id],
        )).rows[0] as Row
      }
      return after === undefined ? { outcome } : { outcome, claim: toClaim(after) }
    })
  }

  async deliverClaim(issuerId: string, id: string, delivered: { credentialId: string; holder: string }): Promise<boolean> {
    checkString(delivered.credentialId, 'delivered.credentialId')
    checkString(delivered.holder, 'delivered.holder')
    const rows = await this.#rows('deliverClaim',
      'UPDATE claims SET delivered_credential_id = $1, holder = $2 WHERE issuer_id = $3 AND id = $4 AND redeemed_at IS NOT NULL AND delivered_credential_id IS NULL RETURNING id',
      [delivered.credentialId, delivered.holder, issuerId, id])
    return rows.length > 0
  }
}
