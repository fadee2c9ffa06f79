import { Ob3Error } from '@ob3/core'
import type { ArtifactInfo, ArtifactLink, ShareRecord, StoredArtifact, StoredCredential, WalletSnapshot, WalletStore } from './types.js'

/**
 * A wallet store in memory: for tests, and a model for browser stores. Each method runs to
 * completion synchronously inside its promise, so every write is atomic. Records are copied in
 * and out, so callers cannot change what is stored.
 *
 * @example
 * ```ts
 * const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: 'correct horse battery' })
 * ```
 */
export function createMemoryWalletStore(): WalletStore {
  return new MemoryWalletStore()
}

const copyCredential = (c: StoredCredential): StoredCredential => ({ ...c, evidenceDigests: [...c.evidenceDigests] })
const copyArtifact = (a: StoredArtifact): StoredArtifact => ({ ...a, bytes: a.bytes.slice() })
const copyShare = (s: ShareRecord): ShareRecord => ({ ...s, credentialIds: [...s.credentialIds], artifactDigests: [...s.artifactDigests] })
const linkKey = (l: ArtifactLink): string => `${l.credentialId}\u0000${l.digest}`

class MemoryWalletStore implements WalletStore {
  #open = true
  readonly #meta = new Map<string, string>()
  readonly #credentials = new Map<string, StoredCredential>()
  readonly #artifacts = new Map<string, StoredArtifact>()
  readonly #links = new Map<string, ArtifactLink>()
  readonly #shares = new Map<string, ShareRecord>()

  #check(): void {
    if (!this.#open) throw new Ob3Error('ERR_OB3_STORE_CLOSED', 'the wallet store is closed')
  }

  async initialize(snapshot: WalletSnapshot): Promise<void> {
    this.#check()
    if (this.#meta.size + this.#credentials.size + this.#artifacts.size + this.#shares.size > 0) {
      throw new Ob3Error('ERR_OB3_WALLET_EXISTS', 'the wallet store is not empty: a wallet is there already')
    }
    for (const [k, v] of Object.entries(snapshot.meta)) this.#meta.set(k, v)
    for (const c of snapshot.credentials) this.#credentials.set(c.id, copyCredential(c))
    for (const a of snapshot.artifacts) this.#artifacts.set(a.digest, copyArtifact(a))
    for (const l of snapshot.links) this.#links.set(linkKey(l), { ...l })
    for (const s of snapshot.shares) this.#shares.set(s.id, copyShare(s))
  }

  async getMeta(key: string): Promise<string | undefined> {
    this.#check()
    return this.#meta.get(key)
  }

  async addCredential(record: StoredCredential): Promise<{ inserted: boolean; record: StoredCredential }> {
    this.#check()
    const existing = this.#credentials.get(record.id) ?? [...this.#credentials.values()].find((c) => c.contentHash === record.contentHash)
    if (existing !== undefined) return { inserted: false, record: copyCredential(existing) }
    this.#credentials.set(record.id, copyCredential(record))
    for (const digest of record.evidenceDigests) {
      if (this.#artifacts.has(digest)) this.#links.set(linkKey({ credentialId: record.id, digest }), { credentialId: record.id, digest })
    }
    return { inserted: true, record: copyCredential(record) }
  }

  async getCredential(id: string): Promise<StoredCredential | undefined> {
    this.#check()
    const c = this.#credentials.get(id)
    return c === undefined ? undefined : copyCredential(c)
  }

  async listCredentials(): Promise<StoredCredential[]> {
    this.#check()
    return [...this.#credentials.values()].map(copyCredential)
  }

  async addArtifact(artifact: StoredArtifact): Promise<{ inserted: boolean; linkedTo: string[] }> {
    this.#check()
    const inserted = !this.#artifacts.has(artifact.digest)
    if (inserted) this.#artifacts.set(artifact.digest, copyArtifact(artifact))
    const linkedTo: string[] = []
    for (const c of this.#credentials.values()) {
      if (!c.evidenceDigests.includes(artifact.digest)) continue
      this.#links.set(linkKey({ credentialId: c.id, digest: artifact.digest }), { credentialId: c.id, digest: artifact.digest })
      linkedTo.push(c.id)
    }
    return { inserted, linkedTo }
  }

  async getArtifact(digest: string): Promise<StoredArtifact | undefined> {
    this.#check()
    const a = this.#artifacts.get(digest)
    return a === undefined ? undefined : copyArtifact(a)
  }

  async listArtifacts(): Promise<ArtifactInfo[]> {
    this.#check()
    return [...this.#artifacts.values()].map(({ bytes: _bytes, ...info }) => info)
  }

  async listLinks(filter: { credentialId?: string; digest?: string } = {}): Promise<ArtifactLink[]> {
    this.#check()
    return [...this.#links.values()]
      .filter((l) => (filter.credentialId === undefined || l.credentialId === filter.credentialId) && (filter.digest === undefined || l.digest === filter.digest))
      .map((l) => ({ ...l }))
  }

  async putShare(share: ShareRecord): Promise<void> {
    this.#check()
    this.#shares.set(share.id, copyShare(share))
  }

  async getShare(id: string): Promise<ShareRecord | undefined> {
    this.#check()
    const s = this.#shares.get(id)
    return s === undefined ? undefined : copyShare(s)
  }

  async listShares(): Promise<ShareRecord[]> {
    this.#check()
    return [...this.#shares.values()].map(copyShare)
  }

  async checkStorage(): Promise<string[]> {
    this.#check()
    return []
  }

  async close(): Promise<void> {
    this.#open = false
  }
}
