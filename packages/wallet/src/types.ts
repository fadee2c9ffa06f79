/**
 * The wallet's public types: what it is given (a verify function, an upload adapter) and what it
 * returns (credentials, artifact states, shares).
 * @packageDocumentation
 */
import type { ArtifactInfo, CredentialFormat, ImportSource, ShareRecord, WalletStore } from './store/types.js'

/** One check of a verification report (the shape `@ob3/verifier` returns). */
export interface ImportCheck {
  id: string
  status: string
  code?: string
  message: string
}

/** What the wallet needs from a verification report: whether it verified, and its checks. */
export interface ImportVerification {
  verified: boolean
  checks: readonly ImportCheck[]
}

/** What a verify function is given: the input, a label for the report, and shared files. */
export interface VerifyRequest {
  input: Uint8Array | string | Record<string, unknown>
  label: string
  artifacts?: { name?: string; bytes: Uint8Array }[]
}

/**
 * The verifier the wallet runs on every import. Pass `@ob3/verifier`'s `verify`, or a function
 * that calls it with your options (fetch, trust registry, clock). The wallet does not depend on
 * the verifier package itself.
 *
 * @example
 * ```ts
 * import { verify } from '@ob3/verifier'
 * const verifyFn: VerifyFunction = (request) => verify({ ...request, fetch, trust })
 * ```
 */
export type VerifyFunction = (request: VerifyRequest) => Promise<ImportVerification>

/** Options every way of getting a wallet takes. */
export interface WalletOptions {
  store: WalletStore
  /** The verifier for imports. Needed only to import. */
  verify?: VerifyFunction
  /** The fetch for hosted share links given to import. Without one, only inline links import. */
  fetch?: typeof fetch
  /** The clock. Default: now. */
  now?: () => Date
}

/** A credential in the wallet, with what the wallet knows of it. */
export interface WalletCredential {
  /** The wallet's key: the credential's `id`, or `urn:ob3:content:<hash>` when it has none. */
  id: string
  name: string | null
  issuer: { id: string | null; name: string | null }
  /** `credentialSubject.id`, when it has one. */
  subject: string | null
  validFrom: string | null
  validUntil: string | null
  /** `ldp` or `jwt` (Open Badges 3.0), or `ob2`: an Open Badges 2.0 assertion, which is kept and listed but not presented. */
  format: CredentialFormat
  source: ImportSource
  state: 'verified' | 'quarantined'
  importedAt: string
  contentHash: string
  /** The credential as JSON (for a VC-JWT: the credential its payload carries). */
  credential: Record<string, unknown>
  /** The compact JWS of a VC-JWT or of a signed Open Badges 2.0 assertion; null for JSON. */
  jwt: string | null
  /** The verification report at import. */
  report: ImportVerification
}

/** Options for `Wallet.importCredential`. */
export interface ImportOptions {
  /** Keep a credential that fails verification, marked quarantined, instead of refusing it. */
  quarantine?: boolean
  /** How reports name the input (a file name). Default `import`. */
  label?: string
}

/** One credential an import brought (or found already there). */
export interface ImportedCredential {
  id: string
  /** `imported`; `duplicate` (the same id or content was there already: nothing written); `quarantined`. */
  status: 'imported' | 'duplicate' | 'quarantined'
  name: string | null
  report: ImportVerification
}

/** What an import did. */
export interface ImportResult {
  credentials: ImportedCredential[]
  /** Digests of artifacts a share link brought into the vault. */
  artifacts: string[]
}

/** Where a credential's evidence artifact stands in the vault. */
export type ArtifactState = 'present' | 'missing' | 'mismatch'

/** One evidence entry of a credential that names an artifact by digest, and its state. */
export interface ArtifactStatusEntry {
  /** The evidence entry's name (or id). */
  evidence: string
  digestMultibase: string | null
  digestSRI: string | null
  mediaType: string | null
  /** `present` (in the vault, matching), `missing`, or `mismatch` (the vault's file is not the one the issuer assessed). */
  state: ArtifactState
  /** The vault's file, when there is one. */
  artifact: ArtifactInfo | null
  message: string
}

/** Options for `Wallet.addArtifact`. */
export interface AddArtifactOptions {
  bytes: Uint8Array
  name?: string
  mediaType?: string
  /** Refuse the file unless it is an artifact of this credential's evidence. */
  credentialId?: string
}

/** What adding an artifact did. */
export interface AddArtifactResult {
  digest: string
  /** False when the vault held the file already. */
  inserted: boolean
  /** The credentials whose evidence names it. */
  linkedTo: string[]
}

/** Options for `Wallet.createPresentation`. */
export interface CreatePresentationOptions {
  credentialIds: string[]
  /** `ldp` (default): an eddsa-rdfc-2022 proof with proofPurpose authentication; `jwt`: a VP-JWT. */
  format?: 'ldp' | 'jwt'
  /** The verifier's challenge (a VP-JWT's `nonce`). */
  challenge?: string
  /** The verifier's domain (a VP-JWT's `aud`). */
  domain?: string
  /** When the presentation stops being valid (`validUntil`; a VP-JWT's `exp`). */
  expiresAt?: Date | string
}

/** A signed presentation. */
export interface CreatedPresentation {
  format: 'ldp' | 'jwt'
  /** The presentation JSON (signed, for `ldp`). */
  presentation: Record<string, unknown>
  /** The VP-JWT, for `jwt`; else null. */
  jwt: string | null
}

/**
 * Where hosted shares go: a share host that stores encrypted bundles it cannot read.
 * Implementations: `createHttpUploadAdapter` (the ob3 service), `createDirectoryUploadAdapter`
 * (`@ob3/wallet/node`, a directory served as static files).
 *
 * @example
 * ```ts
 * const upload: UploadAdapter = createHttpUploadAdapter({ service: 'https://ob3.example.org', fetch })
 * const { url, deleteCapability } = await upload.put(bundle, { expiresAt: '2026-12-31T00:00:00Z' })
 * await upload.delete(url, deleteCapability)
 * ```
 */
export interface UploadAdapter {
  /** Store a bundle; returns its public URL and what deletes it (keep that secret). */
  put(bundle: Uint8Array, options: { expiresAt: string }): Promise<{ url: string; deleteCapability: string }>
  /** Delete a bundle. Deleting one that is gone already is no error. */
  delete(url: string, deleteCapability: string): Promise<void>
}

/** Options for `Wallet.share`. */
export interface ShareOptions {
  credentialIds: string[]
  /** Artifacts (by digest) to include; each must belong to one of the credentials. */
  artifactDigests?: string[]
  /** When the share expires (the presentation's `validUntil`). */
  expiresAt: Date | string
  challenge?: string
  domain?: string
  /** The verifier page the link opens, e.g. `https://verify.example.org/`. */
  baseUrl: string
  /** Where a hosted share goes. Needed when the share is too large for an inline link, or `revocable`. */
  upload?: UploadAdapter
  /** Make a hosted share even when an inline link would fit, so it can be revoked. Default false. */
  revocable?: boolean
  /** How the presentation is signed. Default `ldp`. */
  format?: 'ldp' | 'jwt'
}

/** A share as listed: its record without the delete capability, and whether it is still live. */
export type ShareInfo = Omit<ShareRecord, 'deleteCapability'> & {
  /** `active`, `expired` (past `expiresAt`) or `revoked`. */
  state: 'active' | 'expired' | 'revoked'
}

/** What making a share gave. */
export interface ShareResult {
  share: ShareInfo
  /** The link to hand out (as a QR code, too). */
  link: string
  presentation: CreatedPresentation
}

/** A problem `checkWallet` found. */
export interface WalletProblem {
  code: 'ERR_OB3_STORE_CORRUPT' | 'ERR_OB3_STORE_REFERENCE' | 'ERR_OB3_WALLET_ARTIFACT_TAMPERED' | 'ERR_OB3_WALLET_NOT_INITIALIZED'
  message: string
}

/** What `checkWallet` found. */
export interface WalletCheck {
  ok: boolean
  problems: WalletProblem[]
  counts: { credentials: number; artifacts: number; links: number; shares: number }
}
