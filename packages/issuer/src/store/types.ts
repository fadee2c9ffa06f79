/**
 * The issuer store: everything an issuing organisation keeps — issued credentials, status lists,
 * the assessment workflow and its audit trail, batch runs — behind one interface with two real
 * implementations (SQLite, the embedded default; PostgreSQL for several instances). Every method
 * is atomic: it either happens whole or not at all, also when the process is killed mid-call.
 * Records are scoped by `issuerId` (the tenant): no method returns another issuer's records.
 * @packageDocumentation
 */

/** A stored, issued credential. */
export interface CredentialRecord {
  /** The credential's `id`. */
  id: string
  issuerId: string
  /** The caller's key for "this award": the same key never yields two credentials. */
  idempotencyKey: string
  /** The achievement awarded. */
  achievementId: string
  /** The recipient's DID, or the salted hash of her email (never the email itself). */
  recipient: string
  /** `eddsa-rdfc-2022` | `Ed25519Signature2020` | `vc-jwt`. */
  format: string
  /** The signed credential: JSON text, or the compact JWS. */
  content: string
  /** Where its revocation and suspension bits are, if it has any. */
  statusListGroup?: string
  statusIndex?: number
  issuedAt: string
}

/**
 * A pair of status lists (revocation and suspension) sharing one index space: a credential gets
 * one random index, the same in both lists.
 */
export interface StatusListGroupRecord {
  id: string
  issuerId: string
  /** Entries per list (at least 131,072). */
  length: number
  /** URL of the published revocation list credential. */
  revocationListUrl: string
  /** URL of the published suspension list credential. */
  suspensionListUrl: string
  /**
   * Bits per entry of the group's `message` list (1 to 8), for a group whose credentials also
   * carry a multi-bit message status entry; absent for a group without one.
   */
  statusSize?: number
  /** URL of the published message list credential (with `statusSize`). */
  messageListUrl?: string
  createdAt: string
}

/** The flags of one status index. */
export interface StatusEntry {
  index: number
  credentialId: string
  revoked: boolean
  suspended: boolean
  /** The entry's value in the group's message list (0 when it has none or was never set). */
  value: number
}

/** Where an assessment stands. */
export type SubmissionState = 'submitted' | 'in-review' | 'scored' | 'returned' | 'approved' | 'awarded' | 'withdrawn'

/** An educator's submission of evidence for one micro-credential. */
export interface SubmissionRecord {
  id: string
  issuerId: string
  achievementId: string
  /** Who submitted, as the issuer knows her (DID and/or email; her name and school if given). Never shown to assessors. */
  educator: { id?: string; email?: string; name?: string; school?: string }
  /** The pseudonym assessors see instead: a new one for every assignment. */
  pseudonym: string
  state: SubmissionState
  /** Which attempt this is (1 for the first, 2 after one return, …). */
  attempt: number
  /** The evidence as submitted: answers, artifact digests and media types, reflections (JSON). */
  evidence: unknown
  /** The assessor assigned (never shown to the educator). */
  assessorId?: string
  /** The current assignment's opaque handles, and its scores and feedback once scored (JSON). */
  review?: unknown
  /** The credential issued for it, once awarded. */
  credentialId?: string
  createdAt: string
  updatedAt: string
}

/** One entry of the audit trail: who did what to which record, when. Append-only. */
export interface AuditEvent {
  /** Assigned by the store, increasing. */
  seq?: number
  issuerId: string
  /** What the event is about, e.g. `submission:…`, `credential:…`, `status:…`. */
  subject: string
  /** What happened: `submitted`, `assigned`, `scored`, `returned`, `resubmitted`, `approved`, `awarded`, `revoked`, `suspended`, `unsuspended`, … */
  action: string
  /** Who did it (an assessor id, `issuer`, `educator`, `system`). */
  actor: string
  at: string
  /** Detail, without personal data an assessor must not see (JSON). */
  detail?: unknown
}

/** A batch issuance run and the rows it has finished. */
export interface BatchRecord {
  id: string
  issuerId: string
  /** What the batch reads, e.g. the roster file's SHA-256: resuming needs the same input. */
  inputDigest: string
  total: number
  createdAt: string
}

/** The outcome of one row of a batch. */
export interface BatchRowRecord {
  batchId: string
  /** 1-based line number in the roster. */
  line: number
  status: 'issued' | 'failed'
  credentialId?: string
  error?: string
}

/**
 * One row of a batch chunk, for {@link IssuerStore.recordBatchChunk}: the credential issued for
 * it (with the audit event of its award), or why it failed.
 */
export type BatchChunkEntry =
  | { line: number; credential: CredentialRecord; audit: AuditEvent }
  | { line: number; error: string }

/**
 * What {@link IssuerStore.recordBatchChunk} did with one entry: `issued` (its batch row names
 * `record`: the credential stored now, `inserted: true`, or the one stored earlier under the same
 * idempotency key, `inserted: false`), `failed` (the failure is recorded; a row issued before
 * stays issued, `issued` then), or `conflict` (its status index was taken: nothing was written
 * for that row; sign it again with another index).
 */
export type BatchChunkOutcome =
  | { line: number; status: 'issued'; record: CredentialRecord; inserted: boolean }
  | { line: number; status: 'failed' }
  | { line: number; status: 'conflict' }

/**
 * A one-time claim: a link that delivers one stored credential into one wallet. The link holder
 * redeems it once, before it expires, with its PIN when it has one; the credential delivered is
 * then bound to the holder's DID.
 */
export interface ClaimRecord {
  /** Random, unguessable: it is part of the claim's links. */
  id: string
  issuerId: string
  /** The stored credential the claim delivers. */
  credentialId: string
  /** The OpenID4VCI pre-authorized code (random, unique). */
  preAuthorizedCode: string
  /** `pbkdf2-sha256$<iterations>$<salt>$<hash>` of the PIN (transaction code), when it has one. Never the PIN. */
  txCodeHash?: string
  /** The number of digits of the PIN, for the wallet's input field. */
  txCodeLength?: number
  createdAt: string
  expiresAt: string
  /** Wrong PINs so far; at the limit the claim is locked. */
  failedAttempts: number
  /** When it was redeemed (absent while it is open). */
  redeemedAt?: string
  /** How: `openid4vci`, `vc-api`. */
  redeemedVia?: string
  /** The holder's DID, once known. */
  holder?: string
  /** SHA-256 (base64url) of the OpenID4VCI access token handed out on redemption. */
  accessTokenHash?: string
  /** The credential delivered to the holder (bound to her DID), once delivered. */
  deliveredCredentialId?: string
}

/** One attempt to redeem a claim, as {@link IssuerStore.redeemClaim} takes it. */
export interface ClaimAttempt {
  /** The moment of the attempt (ISO 8601): an attempt at or after `expiresAt` fails. */
  at: string
  /** The candidate PIN's hash, made with the claim's own salt and iterations; absent when no PIN was given. */
  txCodeHash?: string
  /** Wrong PINs allowed before the claim locks. */
  maxFailedAttempts: number
  /** How it is redeemed: `openid4vci`, `vc-api`. */
  via: string
  /** The holder's DID, when already known. */
  holder?: string
  /** SHA-256 (base64url) of the access token to hand out. */
  accessTokenHash?: string
}

/**
 * What an attempt came to. Only `redeemed` changed the claim to redeemed; `pin-wrong` counted one
 * more failed attempt; the others wrote nothing.
 */
export type ClaimOutcome = 'redeemed' | 'not-found' | 'already-redeemed' | 'expired' | 'locked' | 'pin-required' | 'pin-wrong'

/** Thrown when a write would break a uniqueness rule; the store's caller decides what it means. */
export interface StoreConflict {
  conflict: true
}

/**
 * The store. Implementations: `openSqliteStore` (`@ob3/issuer/sqlite`) and `openPostgresStore`
 * (`@ob3/issuer/postgres`); both pass the same test suite.
 */
export interface IssuerStore {
  /** Bring the schema up to the latest migration (idempotent, safe to run from several processes at once). */
  migrate(): Promise<void>
  /** The schema version in place. */
  schemaVersion(): Promise<number>
  close(): Promise<void>

  // credentials
  /**
   * Store an issued credential and, when it has a status index, claim that index — in one
   * transaction. If a credential with the same `issuerId` + `idempotencyKey` exists already,
   * nothing is written and that one is returned with `inserted: false`. If the status index is
   * taken, nothing is written and `{ conflict: true }` is returned (pick another index).
   */
  insertCredential(record: CredentialRecord): Promise<{ inserted: boolean; record: CredentialRecord } | StoreConflict>
  getCredential(issuerId: string, id: string): Promise<CredentialRecord | undefined>
  getCredentialByIdempotencyKey(issuerId: string, idempotencyKey: string): Promise<CredentialRecord | undefined>
  /** Newest first. */
  listCredentials(issuerId: string, options?: { limit?: number; offset?: number; since?: string }): Promise<CredentialRecord[]>
  countCredentials(issuerId: string): Promise<number>

  // status lists
  createStatusListGroup(record: StatusListGroupRecord): Promise<void>
  getStatusListGroup(issuerId: string, id: string): Promise<StatusListGroupRecord | undefined>
  /** Oldest first. */
  listStatusListGroups(issuerId: string): Promise<StatusListGroupRecord[]>
  /** How many indexes of a group are taken. */
  countStatusEntries(issuerId: string, groupId: string): Promise<number>
  /** Set flags of one index; returns false when no credential holds that index. */
  setStatusFlags(issuerId: string, groupId: string, index: number, flags: { revoked?: boolean; suspended?: boolean }): Promise<boolean>
  getStatusEntry(issuerId: string, groupId: string, index: number): Promise<StatusEntry | undefined>
  /** The indexes whose flag is set, for publishing. */
  listFlaggedIndexes(issuerId: string, groupId: string, flag: 'revoked' | 'suspended'): Promise<number[]>
  /** Set the message-list value of one index (a whole number, 0 or more); returns false when no credential holds that index. */
  setStatusValue(issuerId: string, groupId: string, index: number, value: number): Promise<boolean>
  /** The `[index, value]` pairs of a group whose value is not 0, by index, for publishing. */
  listStatusValues(issuerId: string, groupId: string): Promise<[number, number][]>

  // assessment workflow
  insertSubmission(record: SubmissionRecord): Promise<void>
  getSubmission(issuerId: string, id: string): Promise<SubmissionRecord | undefined>
  /**
   * Replace a submission if it is still in `expectedState` (compare-and-set), and append the
   * audit event in the same transaction. Returns false (and writes nothing) when the state moved.
   */
  updateSubmission(record: SubmissionRecord, expectedState: SubmissionState, event: AuditEvent): Promise<boolean>
  listSubmissions(issuerId: string, filter?: { state?: SubmissionState; assessorId?: string }): Promise<SubmissionRecord[]>
  appendAudit(event: AuditEvent): Promise<void>
  /** In order of `seq`. */
  listAudit(issuerId: string, subject?: string): Promise<AuditEvent[]>

  // batches
  /** Create the batch, or return the existing one with the same id. */
  openBatch(record: BatchRecord): Promise<BatchRecord>
  recordBatchRow(row: BatchRowRecord): Promise<void>
  /**
   * Record a chunk of a batch in ONE transaction (one commit, one fsync): for each entry with a
   * credential, the credential, its status index, its `awarded` audit event and its batch row
   * together, as {@link IssuerStore.insertCredential} would one by one (the same idempotency and
   * status index rules, checked also against the chunk's own earlier entries); for each failed
   * entry, its batch row. An entry whose status index is taken writes nothing (`conflict`); the
   * others are kept. A killed process leaves either the whole chunk or none of it.
   * @throws Ob3Error `ERR_OB3_STORE_REFERENCE` (no such batch, a credential of another issuer, an
   *   index outside its group), `ERR_OB3_STORE_CONFLICT` (a credential id taken under another
   *   idempotency key, a line issued before with another credential) — and then nothing is written
   */
  recordBatchChunk(batchId: string, entries: BatchChunkEntry[]): Promise<BatchChunkOutcome[]>
  listBatchRows(batchId: string): Promise<BatchRowRecord[]>

  // claims
  /** Store a new claim; its credential must exist. A used id or code is `ERR_OB3_STORE_CONFLICT`. */
  insertClaim(record: ClaimRecord): Promise<void>
  getClaim(issuerId: string, id: string): Promise<ClaimRecord | undefined>
  /** The claim with this pre-authorized code, or this access token hash. */
  findClaim(issuerId: string, by: { preAuthorizedCode: string } | { accessTokenHash: string }): Promise<ClaimRecord | undefined>
  /** A credential's claims, oldest first. */
  listClaims(issuerId: string, credentialId: string): Promise<ClaimRecord[]>
  /**
   * Redeem a claim, atomically (also against other processes): of several attempts at once, one
   * at most is `redeemed`. Checked in this order: exists, not redeemed, not expired, not locked,
   * PIN given (when it has one), PIN right (a wrong one counts a failed attempt).
   */
  redeemClaim(issuerId: string, id: string, attempt: ClaimAttempt): Promise<{ outcome: ClaimOutcome; claim?: ClaimRecord }>
  /**
   * Record the credential delivered for a redeemed claim, and the holder it is bound to. Returns
   * false (writing nothing) when the claim is not redeemed or has delivered one already.
   */
  deliverClaim(issuerId: string, id: string, delivered: { credentialId: string; holder: string }): Promise<boolean>
}
