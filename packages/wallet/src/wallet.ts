import { claimWithContext, type ClaimCredentialOptions, type ClaimCredentialResult } from './claim-credential.js'
import { Ob3Error } from '@ob3/core'
import { addArtifact } from './add-artifact.js'
import { artifactStatus } from './artifact-status.js'
import { checkWallet } from './check-wallet.js'
import { createPresentation } from './create-presentation.js'
import { createShare } from './create-share.js'
import { exportWallet } from './export-wallet.js'
import { importCredential, type ImportInput } from './import-credential.js'
import type { WalletContext } from './lib/context.js'
import { toWalletCredential } from './lib/credential-content.js'
import { shareInfo } from './list-shares.js'
import { readArtifact } from './read-artifact.js'
import { revokeShare } from './revoke-share.js'
import type { ArtifactInfo, WalletStore } from './store/types.js'
import type {
  AddArtifactOptions, AddArtifactResult, ArtifactStatusEntry, CreatePresentationOptions, CreatedPresentation, ImportOptions, ImportResult,
  ShareInfo, ShareOptions, ShareResult, UploadAdapter, WalletCheck, WalletCredential,
} from './types.js'

/**
 * A holder's wallet: her credentials, the artifact vault, presentations and shares. Get one
 * from {@link initWallet}, {@link openWallet} or {@link restoreWallet}. Opened without the
 * passphrase, it is locked: it lists, imports and checks, but signs nothing
 * (`ERR_OB3_WALLET_LOCKED`).
 *
 * @example
 * ```ts
 * const wallet = await openWallet({ store, passphrase, verify })
 * await wallet.importCredential(await readFile('badge.png'))
 * const { link } = await wallet.share({ credentialIds: [id], expiresAt: '2026-09-01T00:00:00Z', baseUrl })
 * ```
 */
export class Wallet {
  readonly #ctx: WalletContext

  /** @internal Use {@link initWallet}, {@link openWallet} or {@link restoreWallet}. */
  constructor(ctx: WalletContext) {
    this.#ctx = ctx
  }

  /**
   * The holder's DID (did:key): the subject credentials should name, and the presentations' holder.
   * @example `wallet.holder // 'did:key:z6Mk…'`
   */
  get holder(): string {
    return this.#ctx.holderRecord.did
  }

  /**
   * The verification method that signs presentations.
   * @example `wallet.keyId // 'did:key:z6Mk…#z6Mk…'`
   */
  get keyId(): string {
    return this.#ctx.holderRecord.keyId
  }

  /**
   * Whether the holder key is unlocked (the wallet was opened with its passphrase).
   * @example `if (!wallet.unlocked) console.log('open with the passphrase to share')`
   */
  get unlocked(): boolean {
    return this.#ctx.key !== undefined
  }

  /**
   * The store the wallet works on.
   * @example `await checkWallet({ store: wallet.store })`
   */
  get store(): WalletStore {
    return this.#ctx.store
  }

  /**
   * Import credentials from JSON (embedded proof), a VC-JWT, a baked PNG or SVG (bytes or text),
   * or a share link (inline, or hosted: fetched with the wallet's `fetch`). Each is verified
   * first with the wallet's `verify`; one that fails is refused, or kept as quarantined with
   * `{ quarantine: true }`. The same credential (same id or same content) is not stored twice:
   * its status is `duplicate`. A share link's files that are artifacts of its credentials go
   * into the vault.
   *
   * @throws Ob3Error `ERR_OB3_WALLET_IMPORT_REFUSED` (details.report: the failing report), the
   *   input's own reading errors (`ERR_OB3_FORMAT_UNKNOWN`, `ERR_OB3_PNG_NO_CREDENTIAL`,
   *   `ERR_OB3_SHARE_LINK_INVALID`, `ERR_OB3_SHARE_GONE`, …)
   * @example
   * ```ts
   * const { credentials } = await wallet.importCredential(pngBytes, { label: 'badge.png' })
   * credentials[0].status // 'imported'
   * ```
   */
  importCredential(input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
    return importCredential(this.#ctx, input, options)
  }

  /**
   * Redeem a claim link: see {@link claimCredential}.
   * @example `await wallet.claimCredential(link, { pin: '493817' })`
   */
  claimCredential(link: string, options: ClaimCredentialOptions = {}): Promise<ClaimCredentialResult> {
    return claimWithContext(this.#ctx, link, options)
  }

  /**
   * Every credential, in import order.
   * @example `for (const c of await wallet.listCredentials()) console.log(c.id, c.name, c.state)`
   */
  async listCredentials(): Promise<WalletCredential[]> {
    return (await this.#ctx.store.listCredentials()).map(toWalletCredential)
  }

  /**
   * One credential.
   * @throws Ob3Error `ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND`
   * @example `const c = await wallet.getCredential(id); c.credential.name`
   */
  async getCredential(id: string): Promise<WalletCredential> {
    const record = await this.#ctx.store.getCredential(id)
    if (record === undefined) throw new Ob3Error('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND', `no credential ${id} in the wallet`)
    return toWalletCredential(record)
  }

  /**
   * Put a file in the vault (once, under its SHA-256 digest), linked to every credential whose
   * evidence names it. Files are at most {@link MAX_ARTIFACT_BYTES} (100 MiB). With
   * `credentialId`, a file that is not one of that credential's artifacts is refused.
   *
   * @throws Ob3Error `ERR_OB3_WALLET_ARTIFACT_TOO_LARGE`, `ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG` (a name over 1,024 characters), `ERR_OB3_ARTIFACT_MISMATCH`, `ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND`
   * @example
   * ```ts
   * const { digest, linkedTo } = await wallet.addArtifact({ bytes, name: 'lesson-plan.pdf', mediaType: 'application/pdf' })
   * ```
   */
  addArtifact(options: AddArtifactOptions): Promise<AddArtifactResult> {
    return addArtifact(this.#ctx, options)
  }

  /**
   * Read a file from the vault; its bytes are checked against its digest on every read.
   * @throws Ob3Error `ERR_OB3_WALLET_ARTIFACT_NOT_FOUND`, `ERR_OB3_WALLET_ARTIFACT_TAMPERED`
   * @example `const { info, bytes } = await wallet.readArtifact(digest)`
   */
  readArtifact(digest: string): Promise<{ info: ArtifactInfo; bytes: Uint8Array }> {
    return readArtifact(this.#ctx, digest)
  }

  /**
   * Every file in the vault (without bytes).
   * @example `(await wallet.listArtifacts()).map((a) => a.name)`
   */
  listArtifacts(): Promise<ArtifactInfo[]> {
    return this.#ctx.store.listArtifacts()
  }

  /**
   * Per evidence entry of a credential that names an artifact by digest: `present`, `missing`,
   * or `mismatch` (the vault's file is not the one the issuer assessed).
   * @throws Ob3Error `ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND`
   * @example `for (const e of await wallet.artifactStatus(id)) console.log(e.evidence, e.state)`
   */
  artifactStatus(credentialId: string): Promise<ArtifactStatusEntry[]> {
    return artifactStatus(this.#ctx, credentialId)
  }

  /**
   * Sign a presentation of chosen credentials with the holder key: eddsa-rdfc-2022 with
   * proofPurpose `authentication` (default), or a VP-JWT; with the verifier's challenge and
   * domain when given, and `validUntil` when `expiresAt` is given.
   *
   * @throws Ob3Error `ERR_OB3_WALLET_LOCKED`, `ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND`, `ERR_OB3_WALLET_QUARANTINED`
   * @example
   * ```ts
   * const { presentation } = await wallet.createPresentation({ credentialIds: [id], challenge, domain, expiresAt })
   * ```
   */
  createPresentation(options: CreatePresentationOptions): Promise<CreatedPresentation> {
    return createPresentation(this.#ctx, options)
  }

  /**
   * Share credentials and chosen artifacts. The link is inline (the whole share in its fragment)
   * when it is at most 2,000 characters and `revocable` is not set; otherwise the share is
   * encrypted (AES-256-GCM, a fresh key) and uploaded through `upload`, and the link carries the
   * bundle's URL and the key. The share is recorded with its expiry.
   *
   * @throws Ob3Error `ERR_OB3_WALLET_LOCKED`, `ERR_OB3_SHARE_LINK_TOO_LONG` (too large for an inline
   *   link and no `upload`), `ERR_OB3_ARTIFACT_MISMATCH`, `ERR_OB3_WALLET_ARTIFACT_TAMPERED`, `ERR_OB3_SHARE_UPLOAD_FAILED`
   * @example
   * ```ts
   * const { link } = await wallet.share({ credentialIds: [id], artifactDigests: [digest], expiresAt, baseUrl, upload })
   * ```
   */
  share(options: ShareOptions): Promise<ShareResult> {
    return createShare(this.#ctx, options)
  }

  /**
   * Every share, oldest first, with its state (`active`, `expired`, `revoked`).
   * @example `(await wallet.listShares()).filter((s) => s.state === 'active')`
   */
  async listShares(): Promise<ShareInfo[]> {
    const now = this.#ctx.now()
    return (await this.#ctx.store.listShares()).map((s) => shareInfo(s, now))
  }

  /**
   * Revoke a hosted share: its bundle is deleted from the share host (through `upload`), so the
   * link stops opening. Inline shares cannot be revoked (make shares with `revocable: true`).
   * @throws Ob3Error `ERR_OB3_SHARE_NOT_FOUND`, `ERR_OB3_SHARE_NOT_REVOCABLE`, `ERR_OB3_SHARE_UPLOAD_FAILED`
   * @example `await wallet.revokeShare(share.id, { upload })`
   */
  revokeShare(id: string, options: { upload?: UploadAdapter } = {}): Promise<ShareInfo> {
    return revokeShare(this.#ctx, id, options)
  }

  /**
   * One encrypted file holding the whole wallet (credentials, artifacts, shares, the sealed
   * key), under the wallet's passphrase (checked first). Restore it with {@link restoreWallet}.
   * @throws Ob3Error `ERR_OB3_WALLET_PASSPHRASE`, `ERR_OB3_WALLET_ARTIFACT_TAMPERED`
   * @example `await writeFile('wallet.ob3backup', await wallet.exportWallet(passphrase))`
   */
  exportWallet(passphrase: string): Promise<Uint8Array> {
    return exportWallet(this.#ctx, passphrase)
  }

  /**
   * Check the wallet's integrity ({@link checkWallet}).
   * @example `(await wallet.check()).ok // true`
   */
  check(): Promise<WalletCheck> {
    return checkWallet({ store: this.#ctx.store })
  }

  /**
   * Close the store.
   * @example `await wallet.close()`
   */
  close(): Promise<void> {
    return this.#ctx.store.close()
  }
}

export { MAX_ARTIFACT_BYTES, MAX_ARTIFACT_NAME_LENGTH } from './lib/context.js'
