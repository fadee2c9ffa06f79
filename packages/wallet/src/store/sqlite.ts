/**
 * The SQLite wallet store (better-sqlite3): one file, the embedded default on Node. Every write
 * is one `BEGIN IMMEDIATE` transaction on a WAL database with `synchronous = FULL`, so a process
 * killed at any moment leaves the wallet as it was before or after each write, never between.
 * @packageDocumentation
 */
import type Database from 'better-sqlite3'
import { Ob3Error } from '@ob3/core'
import { openWalletDatabase, sqliteError } from './sqlite-open.js'
import type { ArtifactInfo, ArtifactLink, ShareRecord, StoredArtifact, StoredCredential, WalletSnapshot, WalletStore } from './types.js'

/** Options for {@link openSqliteWalletStore}. */
export interface OpenSqliteWalletStoreOptions {
  /** The wallet file, or `:memory:`. */
  path: string
  /** Create the file when it is missing (mode 0600). Default true; false gives `ERR_OB3_WALLET_NOT_INITIALIZED` for a missing file. */
  create?: boolean
}

/**
 * Open (or create) a SQLite wallet store. A file that is not an ob3 wallet, or a damaged one
 * (`PRAGMA quick_check` runs on open), is refused and left byte-identical.
 *
 * @throws Ob3Error `ERR_OB3_STORE_CORRUPT`, `ERR_OB3_STORE_FOREIGN`, `ERR_OB3_STORE_MIGRATION`,
 *   `ERR_OB3_STORE_UNAVAILABLE`, `ERR_OB3_WALLET_NOT_INITIALIZED` (missing file, `create: false`)
 * @example
 * ```ts
 * import { openSqliteWalletStore } from '@ob3/wallet/node'
 * const store = await openSqliteWalletStore({ path: 'ob3-wallet.db' })
 * const wallet = await openWallet({ store, passphrase })
 * ```
 */
export async function openSqliteWalletStore(options: OpenSqliteWalletStoreOptions): Promise<WalletStore> {
  if (typeof options?.path !== 'string' || options.path === '') throw new TypeError('openSqliteWalletStore: options.path must be a file path')
  return new SqliteWalletStore(openWalletDatabase(options.path, options.create ?? true))
}

type Row = Record<string, unknown>

const toCredential = (r: Row): StoredCredential => ({
  id: String(r.id), contentHash: String(r.content_hash), format: r.format as StoredCredential['format'], source: r.source as StoredCredential['source'],
  content: String(r.content), evidenceDigests: JSON.parse(String(r.evidence_digests)) as string[], state: r.state as StoredCredential['state'],
  report: String(r.report), importedAt: String(r.imported_at),
})
const credentialValues = (c: StoredCredential) => [c.id, c.contentHash, c.format, c.source, c.content, JSON.stringify(c.evidenceDigests), c.state, c.report, c.importedAt]
const INSERT_CREDENTIAL = `INSERT INTO credentials (id, content_hash, format, source, content, evidence_digests, state, report, imported_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
const INSERT_EVIDENCE = 'INSERT OR IGNORE INTO credential_evidence (credential_id, digest) VALUES (?, ?)'

const toInfo = (r: Row): ArtifactInfo => ({
  digest: String(r.digest), name: r.name === null ? null : String(r.name), mediaType: r.media_type === null ? null : String(r.media_type),
  size: Number(r.size), addedAt: String(r.added_at),
})
const blob = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
const artifactValues = (a: StoredArtifact) => [a.digest, a.name, a.mediaType, a.size, a.addedAt, blob(a.bytes)]
const INSERT_ARTIFACT = 'INSERT OR IGNORE INTO artifacts (digest, name, media_type, size, added_at, bytes) VALUES (?, ?, ?, ?, ?, ?)'
const INSERT_LINK = 'INSERT OR IGNORE INTO artifact_links (credential_id, digest) VALUES (?, ?)'

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const toShare = (r: Row): ShareRecord => ({
  id: String(r.id), createdAt: String(r.created_at), expiresAt: String(r.expires_at), kind: r.kind as ShareRecord['kind'], link: String(r.link),
  format: r.format as ShareRecord['format'], credentialIds: JSON.parse(String(r.credential_ids)) as string[],
  artifactDigests: JSON.parse(String(r.artifact_digests)) as string[], challenge: str(r.challenge), domain: str(r.domain),
  bundleUrl: str(r.bundle_url), deleteCapability: str(r.delete_capability), revokedAt: str(r.revoked_at),
})
const shareValues = (s: ShareRecord) => [
  s.id, s.createdAt, s.expiresAt, s.kind, s.link, s.format, JSON.stringify(s.credentialIds), JSON.stringify(s.artifactDigests),
  s.challenge, s.domain, s.bundleUrl, s.deleteCapability, s.revokedAt,
]
const PUT_SHARE = `INSERT OR REPLACE INTO shares (id, created_at, expires_at, kind, link, format, credential_ids, artifact_digests, challenge, domain,
  bundle_url, delete_capability, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

class SqliteWalletStore implements WalletStore {
  #db: Database.Database | undefined
  readonly #statements = new Map<string, Database.Statement>()

  constructor(db: Database.Database) {
    this.#db = db
  }

  #run<T>(action: string, fn: () => T): Promise<T> {
    if (this.#db === undefined) return Promise.reject(new Ob3Error('ERR_OB3_STORE_CLOSED', `${action}: the wallet store is closed`))
    try {
      return Promise.resolve(fn())
    } catch (err) {
      return Promise.reject(sqliteError(err, action))
    }
  }

  /** `fn` in one `BEGIN IMMEDIATE` transaction: it takes the write lock before it reads. */
  #write<T>(action: string, fn: () => T): Promise<T> {
    return this.#run(action, () => (this.#db as Database.Database).transaction(fn).immediate())
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#statements.get(sql)
    if (s === undefined) {
      s = (this.#db as Database.Database).prepare(sql)
      this.#statements.set(sql, s)
    }
    return s
  }

  #get(sql: string, ...params: unknown[]): Row | undefined {
    return this.#stmt(sql).get(...params) as Row | undefined
  }

  #all(sql: string, ...params: unknown[]): Row[] {
    return this.#stmt(sql).all(...params) as Row[]
  }

  async initialize(snapshot: WalletSnapshot): Promise<void> {
    await this.#write('initialize', () => {
      const used = this.#get('SELECT (SELECT count(*) FROM wallet_meta) + (SELECT count(*) FROM credentials) + (SELECT count(*) FROM artifacts) + (SELECT count(*) FROM shares) AS n') as { n: number }
      if (used.n > 0) throw new Ob3Error('ERR_OB3_WALLET_EXISTS', 'the wallet file is not empty: a wallet is there already')
      for (const [k, v] of Object.entries(snapshot.meta)) this.#stmt('INSERT INTO wallet_meta (key, value) VALUES (?, ?)').run(k, v)
      for (const c of snapshot.credentials) this.#insertCredential(c)
      for (const a of snapshot.artifacts) this.#stmt(INSERT_ARTIFACT).run(...artifactValues(a))
      for (const l of snapshot.links) this.#stmt(INSERT_LINK).run(l.credentialId, l.digest)
      for (const s of snapshot.shares) this.#stmt(PUT_SHARE).run(...shareValues(s))
    })
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.#run('getMeta', () => str(this.#get('SELECT value FROM wallet_meta WHERE key = ?', key)?.value) ?? undefined)
  }

  #insertCredential(c: StoredCredential): void {
    this.#stmt(INSERT_CREDENTIAL).run(...credentialValues(c))
    for (const digest of c.evidenceDigests) this.#stmt(INSERT_EVIDENCE).run(c.id, digest)
  }

  async addCredential(record: StoredCredential): Promise<{ inserted: boolean; record: StoredCredential }> {
    return this.#write('addCredential', () => {
      const existing = this.#get('SELECT * FROM credentials WHERE id = ? OR content_hash = ? LIMIT 1', record.id, record.contentHash)
      if (existing !== undefined) return { inserted: false, record: toCredential(existing) }
      this.#insertCredential(record)
      this.#stmt('INSERT OR IGNORE INTO artifact_links (credential_id, digest) SELECT credential_id, digest FROM credential_evidence WHERE credential_id = ? AND digest IN (SELECT digest FROM artifacts)').run(record.id)
      return { inserted: true, record: { ...record, evidenceDigests: [...record.evidenceDigests] } }
    })
  }

  async getCredential(id: string): Promise<StoredCredential | undefined> {
    return this.#run('getCredential', () => {
      const row = this.#get('SELECT * FROM credentials WHERE id = ?', id)
      return row === undefined ? undefined : toCredential(row)
    })
  }

  async listCredentials(): Promise<StoredCredential[]> {
    return this.#run('listCredentials', () => this.#all('SELECT * FROM credentials ORDER BY rowid').map(toCredential))
  }

  async addArtifact(artifact: StoredArtifact): Promise<{ inserted: boolean; linkedTo: string[] }> {
    return this.#write('addArtifact', () => {
      const inserted = this.#stmt(INSERT_ARTIFACT).run(...artifactValues(artifact)).changes > 0
      this.#stmt('INSERT OR IGNORE INTO artifact_links (credential_id, digest) SELECT credential_id, digest FROM credential_evidence WHERE digest = ?').run(artifact.digest)
      const linkedTo = this.#all('SELECT e.credential_id FROM credential_evidence e JOIN credentials c ON c.id = e.credential_id WHERE e.digest = ? ORDER BY c.rowid', artifact.digest)
      return { inserted, linkedTo: linkedTo.map((r) => String(r.credential_id)) }
    })
  }

  async getArtifact(digest: string): Promise<StoredArtifact | undefined> {
    return this.#run('getArtifact', () => {
      const row = this.#get('SELECT * FROM artifacts WHERE digest = ?', digest)
      return row === undefined ? undefined : { ...toInfo(row), bytes: new Uint8Array(row.bytes as Buffer) }
    })
  }

  async listArtifacts(): Promise<ArtifactInfo[]> {
    return this.#run('listArtifacts', () => this.#all('SELECT digest, name, media_type, size, added_at FROM artifacts ORDER BY rowid').map(toInfo))
  }

  async listLinks(filter: { credentialId?: string; digest?: string } = {}): Promise<ArtifactLink[]> {
    return this.#run('listLinks', () => this.#all(
      'SELECT credential_id, digest FROM artifact_links WHERE (@credential IS NULL OR credential_id = @credential) AND (@digest IS NULL OR digest = @digest) ORDER BY rowid',
      { credential: filter.credentialId ?? null, digest: filter.digest ?? null },
    ).map((r) => ({ credentialId: String(r.credential_id), digest: String(r.digest) })))
  }

  async putShare(share: ShareRecord): Promise<void> {
    await this.#write('putShare', () => void this.#stmt(PUT_SHARE).run(...shareValues(share)))
  }

  async getShare(id: string): Promise<ShareRecord | undefined> {
    return this.#run('getShare', () => {
      const row = this.#get('SELECT * FROM shares WHERE id = ?', id)
      return row === undefined ? undefined : toShare(row)
    })
  }

  async listShares(): Promise<ShareRecord[]> {
    return this.#run('listShares', () => this.#all('SELECT * FROM shares ORDER BY rowid').map(toShare))
  }

  async checkStorage(): Promise<string[]> {
    return this.#run('checkStorage', () => {
      const db = this.#db as Database.Database
      const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((p) => p !== 'ok')
      const fk = db.pragma('foreign_key_check') as unknown[]
      if (fk.length > 0) problems.push(`${fk.length} rows refer to records that do not exist`)
      return problems
    })
  }

  async close(): Promise<void> {
    const db = this.#db
    this.#db = undefined
    this.#statements.clear()
    db?.close()
  }
}
