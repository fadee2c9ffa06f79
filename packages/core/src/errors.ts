/**
 * Every error ob3 raises is an {@link Ob3Error} with a stable `code`. Messages may change between
 * releases; codes do not. Narrow on `code` with a `switch`.
 *
 * @example
 * ```ts
 * try { await extractPng(bytes) } catch (err) {
 *   if (isOb3Error(err, 'ERR_OB3_PNG_NO_CREDENTIAL')) console.log('not a baked badge')
 * }
 * ```
 * @packageDocumentation
 */

/** The stable error codes, grouped by the part of ob3 that raises them. */
export const ERROR_CODES = [
  // usage and input
  'ERR_OB3_USAGE',
  'ERR_OB3_INPUT_TOO_LARGE',
  'ERR_OB3_INPUT_UNREADABLE',
  'ERR_OB3_JSON_INVALID',
  'ERR_OB3_JSON_TOO_DEEP',
  'ERR_OB3_JSON_FORBIDDEN_KEY',
  'ERR_OB3_NOT_A_CREDENTIAL',
  'ERR_OB3_FORMAT_UNKNOWN',
  // JSON-LD
  'ERR_OB3_CONTEXT_NOT_ALLOWED',
  'ERR_OB3_CONTEXT_INVALID',
  'ERR_OB3_CONTEXT_DIGEST_MISMATCH',
  'ERR_OB3_JSONLD_SAFE_MODE',
  'ERR_OB3_JSONLD_INVALID',
  // data model
  'ERR_OB3_TYPE_INVALID',
  'ERR_OB3_SCHEMA_INVALID',
  'ERR_OB3_SCHEMA_UNCHECKED',
  'ERR_OB3_AWARD_INVALID',
  // assessment workflow
  'ERR_OB3_SUBMISSION_INVALID',
  'ERR_OB3_SUBMISSION_NOT_FOUND',
  'ERR_OB3_SUBMISSION_STATE',
  'ERR_OB3_NOT_ASSIGNED',
  'ERR_OB3_AWARD_RULE_UNMET',
  /** The caller's role may not do this, or the submission is not hers (double-blind assessment). */
  'ERR_OB3_ASSESSMENT_FORBIDDEN',
  // keys and DIDs
  'ERR_OB3_KEY_INVALID',
  'ERR_OB3_KEY_UNSUPPORTED',
  'ERR_OB3_DID_UNSUPPORTED',
  'ERR_OB3_DID_RESOLUTION_FAILED',
  'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND',
  'ERR_OB3_FETCH_FAILED',
  'ERR_OB3_FETCH_FORBIDDEN',
  /** A verification's time budget ran out before a fetch (DID document, status list, …) answered. */
  'ERR_OB3_TIME_BUDGET_EXCEEDED',
  // proofs
  'ERR_OB3_PROOF_MISSING',
  'ERR_OB3_PROOF_MALFORMED',
  'ERR_OB3_PROOF_UNSUPPORTED',
  'ERR_OB3_PROOF_SIGNATURE_INVALID',
  'ERR_OB3_PROOF_PURPOSE',
  'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
  'ERR_OB3_PROOF_EXPIRED',
  'ERR_OB3_JWT_MALFORMED',
  'ERR_OB3_JWT_HEADER_INVALID',
  'ERR_OB3_JWT_ALG_UNSUPPORTED',
  'ERR_OB3_JWT_CLAIM_MISMATCH',
  'ERR_OB3_JWT_CLAIM_MISSING',
  // validity and status
  'ERR_OB3_NOT_YET_VALID',
  'ERR_OB3_EXPIRED',
  'ERR_OB3_DATE_INVALID',
  'ERR_OB3_STATUS_REVOKED',
  'ERR_OB3_STATUS_SUSPENDED',
  'ERR_OB3_STATUS_UNAVAILABLE',
  'ERR_OB3_STATUS_INVALID',
  'ERR_OB3_STATUS_UNSUPPORTED',
  /** A credential carries more credentialStatus entries than a verifier looks up. */
  'ERR_OB3_STATUS_TOO_MANY',
  // trust
  'ERR_OB3_TRUST_UNTRUSTED',
  'ERR_OB3_TRUST_REGISTRY_INVALID',
  /** The issuer is on the registry, but the proof does not show a key the issuer publishes signed. */
  'ERR_OB3_TRUST_ISSUER_UNCONFIRMED',
  // micro-credentials, catalogues, endorsements, stacks
  'ERR_OB3_DEFINITION_INVALID',
  'ERR_OB3_RUBRIC_LEVEL_UNKNOWN',
  'ERR_OB3_CATALOGUE_INVALID',
  'ERR_OB3_STACK_UNMET',
  // storage
  'ERR_OB3_STORE_UNAVAILABLE',
  'ERR_OB3_STORE_CLOSED',
  'ERR_OB3_STORE_CORRUPT',
  'ERR_OB3_STORE_FOREIGN',
  'ERR_OB3_STORE_MIGRATION',
  'ERR_OB3_STORE_CONFLICT',
  'ERR_OB3_STORE_REFERENCE',
  // the SQLite file (or its -wal/-shm) was deleted or replaced under a running service
  'ERR_OB3_STORE_FILE_GONE',
  // the database cannot be written (a read-only file, an unusable -wal or -shm)
  'ERR_OB3_STORE_READ_ONLY',
  // verifier: endorsements, recipient, presentations, artifacts, credits
  'ERR_OB3_ENDORSEMENT_INVALID',
  'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH',
  'ERR_OB3_ENDORSEMENT_LIMIT',
  'ERR_OB3_ENDORSEMENT_UNTRUSTED',
  'ERR_OB3_RECIPIENT_MISMATCH',
  'ERR_OB3_ARTIFACT_MISMATCH',
  'ERR_OB3_HOLDER_MISMATCH',
  'ERR_OB3_CHALLENGE_MISMATCH',
  'ERR_OB3_DOMAIN_MISMATCH',
  'ERR_OB3_SHARE_EXPIRED',
  'ERR_OB3_CREDITS_MISSING',
  'ERR_OB3_CREDITS_DUPLICATE',
  // credits are one person's: whose credits, and credentials that are someone else's or not tied to them
  'ERR_OB3_CREDITS_RECIPIENT_REQUIRED',
  'ERR_OB3_CREDITS_OTHER_SUBJECT',
  'ERR_OB3_CREDITS_NOT_BOUND',
  // wallet and shares
  'ERR_OB3_WALLET_PASSPHRASE',
  'ERR_OB3_WALLET_LOCKED',
  'ERR_OB3_WALLET_EXISTS',
  'ERR_OB3_WALLET_NOT_INITIALIZED',
  'ERR_OB3_WALLET_IMPORT_REFUSED',
  'ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND',
  'ERR_OB3_WALLET_QUARANTINED',
  'ERR_OB3_WALLET_ARTIFACT_NOT_FOUND',
  'ERR_OB3_WALLET_ARTIFACT_TAMPERED',
  'ERR_OB3_WALLET_ARTIFACT_TOO_LARGE',
  'ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG',
  'ERR_OB3_WALLET_BACKUP_INVALID',
  'ERR_OB3_SHARE_LINK_INVALID',
  'ERR_OB3_SHARE_LINK_TOO_LONG',
  'ERR_OB3_SHARE_DECRYPT_FAILED',
  'ERR_OB3_SHARE_GONE',
  'ERR_OB3_SHARE_NOT_FOUND',
  'ERR_OB3_SHARE_NOT_REVOCABLE',
  'ERR_OB3_SHARE_UPLOAD_FAILED',
  // a share host's total storage for live shares is used up
  'ERR_OB3_SHARE_QUOTA_EXCEEDED',
  // one client address uploaded its byte budget for the day
  'ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED',
  'ERR_OB3_QR_TOO_LARGE',
  // server
  'ERR_OB3_SERVER_REQUEST_INVALID',
  'ERR_OB3_SERVER_CREDENTIAL_MALFORMED',
  'ERR_OB3_SERVER_ISSUER_MISMATCH',
  'ERR_OB3_SERVER_ISSUER_REPLACED',
  'ERR_OB3_SERVER_UNAUTHORIZED',
  'ERR_OB3_SERVER_FORBIDDEN',
  'ERR_OB3_SERVER_NOT_FOUND',
  'ERR_OB3_SERVER_METHOD_NOT_ALLOWED',
  'ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE',
  'ERR_OB3_SERVER_RATE_LIMITED',
  'ERR_OB3_SERVER_SHUTTING_DOWN',
  'ERR_OB3_SERVER_INTERNAL',
  'ERR_OB3_SERVER_TLS_UNAVAILABLE',
  // a client-supplied credentialStatus entry of a known type is malformed (index, purpose, list URL)
  'ERR_OB3_SERVER_STATUS_INVALID',
  // a status entry was asked for that the service cannot give (e.g. for a VC 1.1 credential)
  'ERR_OB3_SERVER_STATUS_UNSUPPORTED',
  // baking
  'ERR_OB3_PNG_INVALID',
  'ERR_OB3_PNG_NO_CREDENTIAL',
  'ERR_OB3_PNG_MULTIPLE_CREDENTIALS',
  'ERR_OB3_PNG_ALREADY_BAKED',
  'ERR_OB3_SVG_INVALID',
  'ERR_OB3_SVG_FORBIDDEN_DTD',
  'ERR_OB3_SVG_NO_CREDENTIAL',
  'ERR_OB3_SVG_MULTIPLE_CREDENTIALS',
  'ERR_OB3_SVG_ALREADY_BAKED',
  // claims: one-time links that deliver a stored credential into a wallet (OpenID4VCI, VC-API)
  'ERR_OB3_CLAIM_NOT_FOUND',
  'ERR_OB3_CLAIM_REDEEMED',
  'ERR_OB3_CLAIM_EXPIRED',
  'ERR_OB3_CLAIM_PIN_REQUIRED',
  'ERR_OB3_CLAIM_PIN_WRONG',
  'ERR_OB3_CLAIM_LOCKED',
  'ERR_OB3_CLAIM_LINK_INVALID',
  'ERR_OB3_CLAIM_PROOF_INVALID',
  'ERR_OB3_CLAIM_PROTOCOL',
  // digests and identity
  'ERR_OB3_DIGEST_INVALID',
  'ERR_OB3_IDENTITY_HASH_INVALID',
  // status lists by another signer, and multi-bit status
  /** The status list is signed by someone other than the credential's issuer (a warning, or a failure under `statusIssuer: 'strict'`). */
  'ERR_OB3_STATUS_ISSUER_DIFFERS',
  /** The status list's signer is neither the credential's issuer nor trusted for status by the trust registry. */
  'ERR_OB3_STATUS_ISSUER_UNTRUSTED',
  /** An entry's statusSize differs from the status list's. */
  'ERR_OB3_STATUS_SIZE_MISMATCH',
  /** A message status is set: its value and message are in the check's message. */
  'ERR_OB3_STATUS_MESSAGE',

  // batch rosters, batch output and the programme report
  'ERR_OB3_ROSTER_HEADER',
  'ERR_OB3_ROSTER_QUOTE',
  'ERR_OB3_ROSTER_COLUMNS',
  'ERR_OB3_ROSTER_RECIPIENT',
  'ERR_OB3_ROSTER_EMAIL',
  'ERR_OB3_ROSTER_VALUE',
  'ERR_OB3_BATCH_ROW_FAILED',
  'ERR_OB3_BATCH_OUTPUT',
  'ERR_OB3_DELIVERY_FAILED',

  // Open Badges 2.0 assertions (hosted, signed, baked)
  // an Assertion, BadgeClass or Profile lacks a required property or has a value of the wrong kind
  'ERR_OB3_OB2_INVALID',
  // a hosted assertion is not found at its own id (another id is served there, or other content)
  'ERR_OB3_OB2_HOSTED_MISMATCH',
  // the assertion id is outside the issuer's verification policy (startsWith, allowedOrigins, same origin)
  'ERR_OB3_OB2_OUT_OF_SCOPE',
  // the BadgeClass, issuer Profile, signing key or revocation list could not be fetched or read
  'ERR_OB3_OB2_UNRESOLVED',
  // verification.type is neither HostedBadge nor SignedBadge, or a signed badge came without its JWS
  'ERR_OB3_OB2_VERIFICATION_UNSUPPORTED',
  // an Open Badges 2.0 assertion kept in a wallet cannot go into a (VC) presentation or share
  'ERR_OB3_OB2_NOT_PRESENTABLE',

  // eddsa-jcs-2022 (JSON Canonicalization Scheme) and official JSON Schema validation
  // a value that RFC 8785 cannot canonicalize (a non-finite number, a lone surrogate, not JSON)
  'ERR_OB3_JSON_NOT_CANONICAL',
  // the credential does not validate against a JSON Schema named in its credentialSchema
  'ERR_OB3_SCHEMA_JSON_SCHEMA',
] as const

/** One of the stable error codes. */
export type Ob3ErrorCode = (typeof ERROR_CODES)[number]

/** Options for {@link Ob3Error}. */
export interface Ob3ErrorOptions {
  /** The error that led to this one. */
  cause?: unknown
  /** Machine-readable detail (a JSON path, a limit, the offending value's kind). */
  details?: Readonly<Record<string, unknown>>
}

/**
 * The one error class of ob3: a stable `code`, a human message, optional `details` and `cause`.
 *
 * @example
 * ```ts
 * throw new Ob3Error('ERR_OB3_JSON_TOO_DEEP', 'input nests deeper than 64 levels', { details: { limit: 64 } })
 * ```
 */
export class Ob3Error extends Error {
  /** The stable code; see {@link ERROR_CODES}. */
  readonly code: Ob3ErrorCode
  /** Machine-readable detail. */
  readonly details: Readonly<Record<string, unknown>> | undefined

  constructor(code: Ob3ErrorCode, message: string, options: Ob3ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'Ob3Error'
    this.code = code
    this.details = options.details
  }
}

/**
 * True when `err` is an {@link Ob3Error}, and, when `code` is given, has that code.
 *
 * @example
 * ```ts
 * if (isOb3Error(err, 'ERR_OB3_EXPIRED')) renew()
 * ```
 */
export function isOb3Error(err: unknown, code?: Ob3ErrorCode): err is Ob3Error {
  return err instanceof Ob3Error && (code === undefined || err.code === code)
}
