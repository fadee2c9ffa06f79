/**
 * Internal: opening a SQLite file as an issuer store (refusing anything that is not one, before
 * writing a byte), its migrations, and the mapping of SQLite errors to coded errors.
 * @packageDocumentation
 */
import { closeSync, existsSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Ob3Error } from '@ob3/core'
import { BOOTSTRAP, LATEST_SCHEMA_VERSION, MIGRATIONS, SQLITE_APPLICATION_ID, STORE_FORMAT } from './migrations.js'

/** How long a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000

/**
 * Open `path` and check that it is an ob3 issuer store (or a new, empty database) and is not
 * damaged. Nothing is written before these checks pass, so a refused file is left byte-identical.
 * Then set the connection up: WAL, `synchronous = FULL`, `busy_timeout`, foreign keys.
 */
export function openSqliteDatabase(path: string): Database.Database {
  // A new file is created readable by its owner only (SQLite gives its -wal and -shm files the
  // same mode): it holds submissions, evidence texts and the audit trail.
  if (path !== ':memory:' && path !== '' && !path.startsWith('file:') && !existsSync(path)) {
    try {
      closeSync(openSync(path, 'wx', 0o600))
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `cannot create the SQLite store ${path}`, { cause, details: { path } })
    }
  }
  let db: Database.Database
  try {
    db = new Database(path, { fileMustExist: false })
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `cannot open the SQLite store ${path}`, { cause, details: { path } })
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    const applicationId = db.pragma('application_id', { simple: true }) as number
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n
    const fresh = applicationId === 0 && objects === 0
    if (applicationId !== SQLITE_APPLICATION_ID && !fresh) {
      throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `${path} is a SQLite database but not an ob3 issuer store; it was left untouched`, {
        details: { path, applicationId },
      })
    }
    if (!fresh) {
      const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
      if (problems.length !== 1 || problems[0] !== 'ok') {
        throw new Ob3Error('ERR_OB3_STORE_CORRUPT', `the SQLite store ${path} is damaged: ${problems.slice(0, 3).join('; ')}`, {
          details: { path, problems: problems.slice(0, 20) },
        })
      }
    }
    // WAL lets readers run while one process writes. FULL (not NORMAL) fsyncs the WAL at every
    // commit: with NORMAL a power cut may lose the last commits, and a credential that was already
    // handed out would lose its record — and its status index could then go to another
    // credential, so revoking one would revoke both. Issuing is not write-heavy; one fsync per
    // commit is a price worth paying. (Both are safe against a killed process.)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    return db
  } catch (err) {
    db.close()
    throw sqliteError(err, `open ${path}`)
  }
}

/** The schema version in place: the highest applied migration, 0 for a new store. */
export function sqliteSchemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'ob3_migrations'").get()
  if (table === undefined) return 0
  return (db.prepare('SELECT coalesce(max(version), 0) AS v FROM ob3_migrations').get() as { v: number }).v
}

function refuseNewer(version: number): void {
  if (version > LATEST_SCHEMA_VERSION) {
    throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `the store's schema (v${version}) is newer than this ob3 knows (v${LATEST_SCHEMA_VERSION}); upgrade ob3`, {
      details: { version, latest: LATEST_SCHEMA_VERSION },
    })
  }
}

/**
 * Apply the pending migrations in one `BEGIN IMMEDIATE` transaction. The version is read again
 * once the write lock is held, so processes migrating at once apply each migration once.
 */
export function migrateSqlite(db: Database.Database, now: () => Date): void {
  const before = sqliteSchemaVersion(db)
  refuseNewer(before)
  if (before === LATEST_SCHEMA_VERSION) return
  const apply = db.transaction(() => {
    for (const sql of BOOTSTRAP.sqlite) db.exec(sql)
    const format = db.prepare('SELECT value FROM ob3_meta WHERE key = ?').get(STORE_FORMAT.key) as { value: string } | undefined
    if (format === undefined) db.prepare('INSERT INTO ob3_meta (key, value) VALUES (?, ?)').run(STORE_FORMAT.key, STORE_FORMAT.value)
    else if (format.value !== STORE_FORMAT.value) throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `this database holds a ${format.value}, not an ob3 issuer store`)
    db.pragma(`application_id = ${SQLITE_APPLICATION_ID}`)
    const current = sqliteSchemaVersion(db)
    refuseNewer(current)
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue
      try {
        for (const sql of migration.sqlite) db.exec(sql)
      } catch (cause) {
        throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `migration ${migration.version} (${migration.description}) failed`, { cause, details: { version: migration.version } })
      }
      db.prepare('INSERT INTO ob3_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.description, now().toISOString())
    }
  })
  apply.immediate()
}

/**
 * The coded error for what SQLite threw. `Ob3Error` and `TypeError` pass through; errors that
 * are not SQLite's are returned unchanged.
 */
export function sqliteError(err: unknown, action: string): unknown {
  if (err instanceof Ob3Error || err instanceof TypeError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (!(err instanceof Database.SqliteError) || typeof code !== 'string') return err
  const details = { sqlite: code }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new Ob3Error('ERR_OB3_STORE_CORRUPT', `${action}: not a SQLite database, or a damaged one (${code})`, { cause: err, details })
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new Ob3Error('ERR_OB3_STORE_CONFLICT', `${action}: ${err.message}`, { cause: err, details })
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new Ob3Error('ERR_OB3_STORE_REFERENCE', `${action}: a record it refers to does not exist`, { cause: err, details })
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return new TypeError(`${action}: the store refused the record (${err.message})`, { cause: err })
  return new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${action}: ${err.message} (${code})`, { cause: err, details })
}
