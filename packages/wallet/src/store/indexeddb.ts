import { Ob3Error } from '@ob3/core'
import type { ArtifactInfo, ArtifactLink, ShareRecord, StoredArtifact, StoredCredential, WalletSnapshot, WalletStore } from './types.js'

/** Options for {@link openIndexedDbWalletStore}. */
export interface IndexedDbWalletStoreOptions {
  /** The database's name. Default `ob3-wallet`. */
  name?: string
  /** The IndexedDB factory. Default: `globalThis.indexedDB`. */
  indexedDB?: IDBFactory
}

/** The schema version of the wallet's IndexedDB database. */
const VERSION = 1
const STORES = ['meta', 'credentials', 'artifacts', 'links', 'shares'] as const
type StoreName = (typeof STORES)[number]

/** A record as kept: with its insertion number, so lists come back in the order things were added. */
type Kept<T> = T & { seq?: number }

/**
 * A wallet store in the browser's IndexedDB: credentials, the artifact vault (bytes as
 * `Uint8Array`), links, shares and meta, in one database. Each writing method is one
 * `readwrite` transaction over every object store it touches, so it happens entirely or not at
 * all; lists come back in the order records were added.
 *
 * Besides {@link WalletStore}, it can set a stored credential's `state` and `report` after a
 * later check ({@link IndexedDbWalletStore.updateCredentialCheck}): a badge kept while its status
 * could not be checked becomes verified once it can.
 *
 * @throws Ob3Error `ERR_OB3_STORE_UNAVAILABLE` when IndexedDB is missing or refuses to open
 * @example
 * ```ts
 * const store = await openIndexedDbWalletStore({ name: 'ob3-wallet' })
 * const wallet = await initWallet({ store, passphrase, verify })
 * ```
 */
export async function openIndexedDbWalletStore(options: IndexedDbWalletStoreOptions = {}): Promise<IndexedDbWalletStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB
  if (factory === undefined) throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', 'this browser offers no IndexedDB (a private window may turn it off)')
  const name = options.name ?? 'ob3-wallet'
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    let request: IDBOpenDBRequest
    try {
      request = factory.open(name, VERSION)
    } catch (cause) {
      reject(new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `IndexedDB refused to open ${name}`, { cause }))
      return
    }
    request.onupgradeneeded = () => {
      const d = request.result
      if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta')
      if (!d.objectStoreNames.contains('credentials')) {
        const s = d.createObjectStore('credentials', { keyPath: 'seq', autoIncrement: true })
        s.createIndex('id', 'id', { unique: true })
        s.createIndex('contentHash', 'contentHash', { unique: false })
      }
      if (!d.objectStoreNames.contains('artifacts')) {
        const s = d.createObjectStore('artifacts', { keyPath: 'seq', autoIncrement: true })
        s.createIndex('digest', 'digest', { unique: true })
      }
      if (!d.objectStoreNames.contains('links')) {
        const s = d.createObjectStore('links', { keyPath: ['credentialId', 'digest'] })
        s.createIndex('credentialId', 'credentialId', { unique: false })
        s.createIndex('digest', 'digest', { unique: false })
      }
      if (!d.objectStoreNames.contains('shares')) {
        const s = d.createObjectStore('shares', { keyPath: 'seq', autoIncrement: true })
        s.createIndex('id', 'id', { unique: true })
      }
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `IndexedDB refused to open ${name}: ${request.error?.message ?? 'unknown error'}`))
    request.onblocked = () => reject(new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `${name} is open in another tab with an older version: close it and reload`))
  })
  return new IndexedDbWalletStore(db)
}

/** Wait for one request. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function strip<T extends object>(record: Kept<T>): T {
  const { seq: _seq, ...rest } = record
  return rest as T
}

/**
 * The IndexedDB {@link WalletStore}; get one from {@link openIndexedDbWalletStore}.
 */
export class IndexedDbWalletStore implements WalletStore {
  #db: IDBDatabase | undefined

  /** @internal Use {@link openIndexedDbWalletStore}. */
  constructor(db: IDBDatabase) {
    this.#db = db
  }

  /** Run `work` in one transaction; resolves with its result once the transaction has committed. */
  async #tx<T>(names: readonly StoreName[], mode: IDBTransactionMode, work: (stores: Record<StoreName, IDBObjectStore>) => Promise<T>): Promise<T> {
    if (this.#db === undefined) throw new Ob3Error('ERR_OB3_STORE_CLOSED', 'the wallet store is closed')
    const tx = this.#db.transaction(names as StoreName[], mode)
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error ?? new Error('the IndexedDB transaction failed'))
      tx.onabort = () => reject(tx.error ?? new Error('the IndexedDB transaction was aborted'))
    })
    const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)])) as Record<StoreName, IDBObjectStore>
    let result: T
    try {
      result = await work(stores)
    } catch (err) {
      try {
        tx.abort()
      } catch {
        // finished already
      }
      await committed.catch(() => undefined)
      throw err
    }
    try {
      await committed
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `the browser did not keep the change: ${(cause as Error).message}`, { cause })
    }
    return result
  }

  async initialize(snapshot: WalletSnapshot): Promise<void> {
    await this.#tx(STORES, 'readwrite', async (s) => {
      const counts = await Promise.all([done(s.meta.count()), done(s.credentials.count()), done(s.artifacts.count()), done(s.shares.count())])
      if (counts.some((n) => n > 0)) throw new Ob3Error('ERR_OB3_WALLET_EXISTS', 'the wallet store is not empty: a wallet is there already')
      const writes: Promise<unknown>[] = []
      for (const [k, v] of Object.entries(snapshot.meta)) writes.push(done(s.meta.put(v, k)))
      for (const c of snapshot.credentials) writes.push(done(s.credentials.add({ ...c, evidenceDigests: [...c.evidenceDigests] })))
      for (const a of snapshot.artifacts) writes.push(done(s.artifacts.add({ ...a, bytes: a.bytes.slice() })))
      for (const l of snapshot.links) writes.push(done(s.links.put({ credentialId: l.credentialId, digest: l.digest })))
      for (const sh of snapshot.shares) writes.push(done(s.shares.add({ ...sh })))
      await Promise.all(writes)
    })
  }

  async getMeta(key: string): Promise<string | undefined> {
    return this.#tx(['meta'], 'readonly', async (s) => (await done(s.meta.get(key))) as string | undefined)
  }

  async addCredential(record: StoredCredential): Promise<{ inserted: boolean; record: StoredCredential }> {
    return this.#tx(['credentials', 'artifacts', 'links'], 'readwrite', async (s) => {
      const existing = ((await done(s.credentials.index('id').get(record.id))) ?? (await done(s.credentials.index('contentHash').get(record.contentHash)))) as Kept<StoredCredential> | undefined
      if (existing !== undefined) return { inserted: false, record: strip(existing) }
      const copy = { ...record, evidenceDigests: [...record.evidenceDigests] }
      await done(s.credentials.add(copy))
      for (const digest of record.evidenceDigests) {
        if ((await done(s.artifacts.index('digest').getKey(digest))) !== undefined) await done(s.links.put({ credentialId: record.id, digest }))
      }
      return { inserted: true, record: { ...record, evidenceDigests: [...record.evidenceDigests] } }
    })
  }

  async getCredential(id: string): Promise<StoredCredential | undefined> {
    return this.#tx(['credentials'], 'readonly', async (s) => {
      const found = (await done(s.credentials.index('id').get(id))) as Kept<StoredCredential> | undefined
      return found === undefined ? undefined : strip(found)
    })
  }

  async listCredentials(): Promise<StoredCredential[]> {
    return this.#tx(['credentials'], 'readonly', async (s) => ((await done(s.credentials.getAll())) as Kept<StoredCredential>[]).map(strip))
  }

  /**
   * Record a later check of a stored credential: its new `state` and the report (JSON text).
   * @throws Ob3Error `ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND`
   * @example `await store.updateCredentialCheck(id, 'verified', JSON.stringify(report))`
   */
  async updateCredentialCheck(id: string, state: StoredCredential['state'], report: string): Promise<void> {
    await this.#tx(['credentials'], 'readwrite', async (s) => {
      const found = (await done(s.credentials.index('id').get(id))) as Kept<StoredCredential> | undefined
      if (found === undefined) throw new Ob3Error('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND', `no credential ${id} in the wallet`)
      await done(s.credentials.put({ ...found, state, report }))
    })
  }

  async addArtifact(artifact: StoredArtifact): Promise<{ inserted: boolean; linkedTo: string[] }> {
    return this.#tx(['credentials', 'artifacts', 'links'], 'readwrite', async (s) => {
      const present = (await done(s.artifacts.index('digest').getKey(artifact.digest))) !== undefined
      if (!present) await done(s.artifacts.add({ ...artifact, bytes: artifact.bytes.slice() }))
      const linkedTo: string[] = []
      for (const c of (await done(s.credentials.getAll())) as StoredCredential[]) {
        if (!c.evidenceDigests.includes(artifact.digest)) continue
        await done(s.links.put({ credentialId: c.id, digest: artifact.digest }))
        linkedTo.push(c.id)
      }
      return { inserted: !present, linkedTo }
    })
  }

  async getArtifact(digest: string): Promise<StoredArtifact | undefined> {
    return this.#tx(['artifacts'], 'readonly', async (s) => {
      const found = (await done(s.artifacts.index('digest').get(digest))) as Kept<StoredArtifact> | undefined
      return found === undefined ? undefined : strip(found)
    })
  }

  async listArtifacts(): Promise<ArtifactInfo[]> {
    return this.#tx(['artifacts'], 'readonly', async (s) => {
      // Without the bytes: walk the records with a cursor and keep the rest of each.
      const out: ArtifactInfo[] = []
      await new Promise<void>((resolve, reject) => {
        const request = s.artifacts.openCursor()
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const cursor = request.result
          if (cursor === null) return resolve()
          const { bytes: _bytes, seq: _seq, ...info } = cursor.value as Kept<StoredArtifact>
          out.push(info)
          cursor.continue()
        }
      })
      return out
    })
  }

  async listLinks(filter: { credentialId?: string; digest?: string } = {}): Promise<ArtifactLink[]> {
    return this.#tx(['links'], 'readonly', async (s) => {
      const all = (await done(s.links.getAll())) as ArtifactLink[]
      return all
        .filter((l) => (filter.credentialId === undefined || l.credentialId === filter.credentialId) && (filter.digest === undefined || l.digest === filter.digest))
        .map((l) => ({ credentialId: l.credentialId, digest: l.digest }))
    })
  }

  async putShare(share: ShareRecord): Promise<void> {
    await this.#tx(['shares'], 'readwrite', async (s) => {
      const key = await done(s.shares.index('id').getKey(share.id))
      const copy: Kept<ShareRecord> = { ...share, credentialIds: [...share.credentialIds], artifactDigests: [...share.artifactDigests] }
      if (key === undefined) await done(s.shares.add(copy))
      else await done(s.shares.put({ ...copy, seq: key as number }))
    })
  }

  async getShare(id: string): Promise<ShareRecord | undefined> {
    return this.#tx(['shares'], 'readonly', async (s) => {
      const found = (await done(s.shares.index('id').get(id))) as Kept<ShareRecord> | undefined
      return found === undefined ? undefined : strip(found)
    })
  }

  async listShares(): Promise<ShareRecord[]> {
    return this.#tx(['shares'], 'readonly', async (s) => ((await done(s.shares.getAll())) as Kept<ShareRecord>[]).map(strip))
  }

  async checkStorage(): Promise<string[]> {
    return this.#tx(['credentials', 'artifacts', 'links'], 'readonly', async (s) => {
      const problems: string[] = []
      const ids = new Set(((await done(s.credentials.getAll())) as StoredCredential[]).map((c) => c.id))
      const digests = new Set<string>()
      await new Promise<void>((resolve, reject) => {
        const request = s.artifacts.index('digest').openKeyCursor()
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const cursor = request.result
          if (cursor === null) return resolve()
          digests.add(String(cursor.key))
          cursor.continue()
        }
      })
      if ((await done(s.artifacts.count())) !== digests.size) problems.push('the artifact index does not match the artifacts')
      for (const l of (await done(s.links.getAll())) as ArtifactLink[]) {
        if (!ids.has(l.credentialId) || !digests.has(l.digest)) problems.push(`a link points at nothing: ${l.credentialId} → ${l.digest}`)
      }
      return problems
    })
  }

  async close(): Promise<void> {
    this.#db?.close()
    this.#db = undefined
  }
}
