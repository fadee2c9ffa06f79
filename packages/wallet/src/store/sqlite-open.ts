/**
 * Internal: opening a SQLite file as a wallet store — refusing anything that is not one, or is
 * damaged, before writing a byte — its schema, and the mapping of SQLite errors to coded errors.
 * The same approach as the issuer's store: `application_id`, `quick_check`, WAL,
 * `synchronous = FULL`, `BEGIN IMMEDIATE` for every write.
 * @packageDocumentation
 */
import { closeSync, existsSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import { Ob3Error } from '@ob3/core'

/** `OB3W`: marks a SQLite file as an ob3 wallet. */
export const WALLET_APPLICATION_ID = 0x4f423357
/**
 * The schema version this code writes (`PRAGMA user_version`). v2 lets `credentials.format` be
 * `ob2` (Open Badges 2.0 assertions); a v1 wallet is brought to v2 when it is opened.
 */
export const WALLET_SCHEMA_VERSION = 2
/** How long a connection waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5000

/** The credentials table, under a name (a v1 wallet's is rebuilt under another, then renamed). */
const credentialsTable = (name: string) => `CREATE TABLE ${name} (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, format TEXT NOT NULL CHECK (format IN ('ldp', 'jwt', 'ob2')),
    source TEXT NOT NULL, content TEXT NOT NULL, evidence_digests TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('verified', 'quarantined')),
    report TEXT NOT NULL, imported_at TEXT NOT NULL)`

const SCHEMA = [
  'CREATE TABLE wallet_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  credentialsTable('credentials'),
  // The digests each credential's evidence names, so a link is made in the transaction that adds
  // the credential or the artifact, whichever comes second.
  `CREATE TABLE credential_evidence (
    credential_id TEXT NOT NULL REFERENCES credentials (id), digest TEXT NOT NULL, PRIMARY KEY (credential_id, digest))`,
  'CREATE INDEX credential_evidence_digest ON credential_evidence (digest)',
  `CREATE TABLE artifacts (
    digest TEXT PRIMARY KEY, name TEXT, media_type TEXT, size INTEGER NOT NULL, added_at TEXT NOT NULL, bytes BLOB NOT NULL)`,
  `CREATE TABLE artifact_links (
    credential_id TEXT NOT NULL REFERENCES credentials (id), digest TEXT NOT NULL REFERENCES artifacts (digest),
    PRIMARY KEY (credential_id, digest))`,
  'CREATE INDEX artifact_links_digest ON artifact_links (digest)',
  `CREATE TABLE shares (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('inline', 'hosted')),
    link TEXT NOT NULL, format TEXT NOT NULL, credential_ids TEXT NOT NULL, artifact_digests TEXT NOT NULL, challenge TEXT, domain TEXT,
    bundle_url TEXT, delete_capability TEXT, revoked_at TEXT)`,
]

/**
 * Open `path` as a wallet store: check it is an ob3 wallet (or a new, empty file) and is not
 * damaged, and only then set it up (WAL, `synchronous = FULL`, foreign keys) and create the
 * schema of a new one. A refused file is left byte-identical.
 */
export function openWalletDatabase(path: string, create: boolean): Database.Database {
  if (path !== ':memory:' && !existsSync(path)) {
    if (!create) throw new Ob3Error('ERR_OB3_WALLET_NOT_INITIALIZED', `there is no wallet at ${path}`, { details: { path } })
    // Created readable by its owner only: the file holds credentials and student work.
    try {
      closeSync(openSync(path, 'wx', 0o600))
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `cannot create the wallet ${path}`, { cause, details: { path } })
    }
  }
  let db: Database.Database
  try {
    db = new Database(path, { fileMustExist: path !== ':memory:' })
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `cannot open the wallet ${path}`, { cause, details: { path } })
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    const fresh = checkFile(db, path)
    db.pragma('journal_mode = WAL')
    // FULL: every commit is on disk when it returns, so an import that returned survives a power cut.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    if (fresh) createSchema(db)
    else migrate(db)
    return db
  } catch (err) {
    db.close()
    throw sqliteError(err, `open ${path}`)
  }
}

/** Refuse a file that is not a wallet or is damaged; true for a new, empty database. */
function checkFile(db: Database.Database, path: string): boolean {
  const applicationId = db.pragma('application_id', { simple: true }) as number
  const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n
  const fresh = applicationId === 0 && objects === 0
  if (fresh) return true
  if (applicationId !== WALLET_APPLICATION_ID) {
    throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `${path} is a SQLite database but not an ob3 wallet; it was left untouched`, { details: { path, applicationId } })
  }
  const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check)
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', `the wallet ${path} is damaged and was left untouched: ${problems.slice(0, 3).join('; ')}`, {
      details: { path, problems: problems.slice(0, 20) },
    })
  }
  const version = db.pragma('user_version', { simple: true }) as number
  if (version !== WALLET_SCHEMA_VERSION && version !== 1) {
    throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `the wallet's schema is v${version}; this ob3 reads v${WALLET_SCHEMA_VERSION}`, { details: { version } })
  }
  return false
}

/**
 * v1 → v2: the credentials table is rebuilt with the wider `format` check (SQLite cannot change a
 * CHECK in place), rows copied as they are, in one `BEGIN IMMEDIATE` transaction, references
 * checked before it commits. Nothing is lost: on any error the wallet stays v1.
 */
function migrate(db: Database.Database): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 1) return
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) !== 1) return
      db.exec(credentialsTable('credentials_v2'))
      db.exec('INSERT INTO credentials_v2 SELECT id, content_hash, format, source, content, evidence_digests, state, report, imported_at FROM credentials')
      db.exec('DROP TABLE credentials')
      db.exec('ALTER TABLE credentials_v2 RENAME TO credentials')
      const broken = db.pragma('foreign_key_check') as unknown[]
      if (broken.length > 0) throw new Ob3Error('ERR_OB3_STORE_MIGRATION', `the wallet's references do not hold after moving to v${WALLET_SCHEMA_VERSION}; it was left at v1`)
      db.pragma(`user_version = ${WALLET_SCHEMA_VERSION}`)
    }).immediate()
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

/** Create the schema in one `BEGIN IMMEDIATE` transaction (another process may be creating it too). */
function createSchema(db: Database.Database): void {
  db.transaction(() => {
    if ((db.pragma('application_id', { simple: true }) as number) === WALLET_APPLICATION_ID) return
    for (const sql of SCHEMA) db.exec(sql)
    db.pragma(`application_id = ${WALLET_APPLICATION_ID}`)
    db.pragma(`user_version = ${WALLET_SCHEMA_VERSION}`)
  }).immediate()
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
    return new Ob3Error('ERR_OB3_STORE_CORRUPT', `${action}: not a SQLite database, or a damaged one (${code}); it was left untouched`, { cause: err, details })
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new Ob3Error('ERR_OB3_STORE_REFERENCE', `${action}: a record it refers to is not in the wallet`, { cause: err, details })
  if (code.startsWith('SQLITE_CONSTRAINT')) return new Ob3Error('ERR_OB3_STORE_CONFLICT', `${action}: ${err.message}`, { cause: err, details })
  return new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${action}: ${err.message} (${code})`, { cause: err, details })
}
