/**
 * The wallet store: one small interface, with a SQLite implementation (Node, `@ob3/wallet/node`)
 * and an in-memory one (tests, browsers); small enough for IndexedDB or a mobile store. Every
 * method that writes is one transaction: it happens entirely or not at all.
 * @packageDocumentation
 */

/** How a credential came into the wallet. */
export type ImportSource = 'json' | 'jwt' | 'png' | 'svg' | 'link'

/** How a stored credential is written: OB 3.0 JSON (`ldp`), a VC-JWT (`jwt`), or an OB 2.0 assertion (`ob2`). */
export type CredentialFormat = 'ldp' | 'jwt' | 'ob2'

/** A credential as the wallet keeps it. */
export interface StoredCredential {
  /** The wallet's key for it: the credential's `id`, or `urn:ob3:content:<contentHash>` when it has none. */
  id: string
  /** `digestMultibase` (SHA-256) of `content`: the same credential imported twice has the same hash. */
  contentHash: string
  /**
   * `ldp`: JSON with an embedded proof; `jwt`: a VC-JWT; `ob2`: an Open Badges 2.0 assertion (its
   * JSON text, or the compact JWS of a signed one).
   */
  format: CredentialFormat
  source: ImportSource
  /** The credential: its JSON text (`ldp`, a hosted `ob2`) or the compact JWS (`jwt`, a signed `ob2`). */
  content: string
  /** The vault keys (SHA-256 `digestMultibase`) of the artifacts its evidence names. */
  evidenceDigests: string[]
  /** `verified` at import, or kept apart as `quarantined` (it failed, and the holder asked to keep it). */
  state: 'verified' | 'quarantined'
  /** The verifier's report at import, as JSON text. */
  report: string
  /** When it was imported (ISO 8601). */
  importedAt: string
}

/** An artifact file in the vault: content-addressed by its SHA-256 `digestMultibase`. */
export interface StoredArtifact {
  /** `z` + base58btc(sha2-256 multihash) of `bytes`. */
  digest: string
  /** The file's name, when one was given. */
  name: string | null
  mediaType: string | null
  /** Size in bytes. */
  size: number
  /** When it was added (ISO 8601). */
  addedAt: string
  bytes: Uint8Array
}

/** An artifact without its bytes. */
export type ArtifactInfo = Omit<StoredArtifact, 'bytes'>

/** A credential whose evidence names an artifact's digest, and that artifact. */
export interface ArtifactLink {
  credentialId: string
  digest: string
}

/** A share the holder made. */
export interface ShareRecord {
  id: string
  /** ISO 8601 times. */
  createdAt: string
  expiresAt: string
  /** `inline`: the whole share is in the link; `hosted`: an encrypted bundle on a share host. */
  kind: 'inline' | 'hosted'
  /** The link (it holds the bundle's key: keep it as private as the share). */
  link: string
  /** How the presentation was signed. */
  format: 'ldp' | 'jwt'
  credentialIds: string[]
  artifactDigests: string[]
  challenge: string | null
  domain: string | null
  /** For a hosted share: the bundle's URL and what deletes it. */
  bundleUrl: string | null
  deleteCapability: string | null
  /** When it was revoked (ISO 8601), or null. */
  revokedAt: string | null
}

/**
 * Everything a wallet holds, for {@link WalletStore.initialize} (a new wallet, a restore).
 * The store links credentials and artifacts itself, in the transaction that adds either, so
 * links stay consistent even with several processes writing to one wallet.
 */
export interface WalletSnapshot {
  meta: Record<string, string>
  credentials: StoredCredential[]
  artifacts: StoredArtifact[]
  links: ArtifactLink[]
  shares: ShareRecord[]
}

/**
 * Where a wallet keeps its data. Implementations: `openSqliteWalletStore` (`@ob3/wallet/node`),
 * {@link createMemoryWalletStore}. Each writing method is one transaction.
 *
 * @example
 * ```ts
 * const store: WalletStore = createMemoryWalletStore()
 * const wallet = await initWallet({ store, passphrase })
 * ```
 */
export interface WalletStore {
  /**
   * Fill an empty store with `snapshot`, in one transaction.
   * @throws Ob3Error `ERR_OB3_WALLET_EXISTS` when the store holds anything already
   */
  initialize(snapshot: WalletSnapshot): Promise<void>
  /** A meta value (`format`, `holder`), or undefined. */
  getMeta(key: string): Promise<string | undefined>
  /**
   * Add a credential, unless one with the same `id` or `contentHash` is there already (then
   * nothing is written and the stored one is returned), and, in the same transaction, link it to
   * the artifacts of its `evidenceDigests` that the vault holds.
   */
  addCredential(record: StoredCredential): Promise<{ inserted: boolean; record: StoredCredential }>
  getCredential(id: string): Promise<StoredCredential | undefined>
  /** Every credential, in import order. */
  listCredentials(): Promise<StoredCredential[]>
  /**
   * Add an artifact (once: a digest already there is not written again) and, in the same
   * transaction, link it to every credential whose `evidenceDigests` name it. Returns those.
   */
  addArtifact(artifact: StoredArtifact): Promise<{ inserted: boolean; linkedTo: string[] }>
  /** An artifact with its bytes, as stored (the caller re-checks the digest). */
  getArtifact(digest: string): Promise<StoredArtifact | undefined>
  /** Every artifact, without bytes, in the order they were added. */
  listArtifacts(): Promise<ArtifactInfo[]>
  /** The links, all or those of one credential or one artifact. */
  listLinks(filter?: { credentialId?: string; digest?: string }): Promise<ArtifactLink[]>
  /** Insert a share, or replace the one with its id (to record a revocation). */
  putShare(share: ShareRecord): Promise<void>
  getShare(id: string): Promise<ShareRecord | undefined>
  /** Every share, oldest first. */
  listShares(): Promise<ShareRecord[]>
  /** Problems of the storage itself (SQLite `integrity_check`); empty when sound. */
  checkStorage(): Promise<string[]>
  close(): Promise<void>
}
