/**
 * Internal: the checks on records handed to a store and the mapping between records and table
 * rows, shared by the SQLite and PostgreSQL stores (column names are the same in both).
 * @packageDocumentation
 */
import type {
  AuditEvent, BatchChunkEntry, BatchRecord, ClaimAttempt, ClaimOutcome, ClaimRecord, BatchRowRecord, CredentialRecord, StatusListGroupRecord, SubmissionRecord, SubmissionState,
} from './types.js'

/** A row as a driver returns it. */
export type Row = Record<string, unknown>

/** The shortest status list the store accepts (Bitstring Status List's herd-privacy minimum). */
export const MIN_STATUS_LIST_LENGTH = 131_072

const SUBMISSION_STATES: readonly SubmissionState[] = ['submitted', 'in-review', 'scored', 'returned', 'approved', 'awarded', 'withdrawn']
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i

// ---- checks on what callers hand in (wrong usage throws TypeError naming the argument) ----

/** A non-empty string. */
export function checkString(value: unknown, title: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${title} must be a non-empty string`)
  return value
}

function checkOptionalString(value: unknown, title: string): void {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${title} must be a string when present`)
}

/** A safe integer at least `min`. */
export function checkInteger(value: unknown, title: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new TypeError(`${title} must be an integer ≥ ${min}`)
  return value
}

/** An ISO 8601 date-time; returns its epoch milliseconds (the sort key). */
export function checkDateTime(value: unknown, title: string): number {
  const ms = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(ms)) throw new TypeError(`${title} must be an ISO 8601 date-time with a time zone`)
  return ms
}

/** A submission state. */
export function checkState(value: unknown, title: string): SubmissionState {
  if (!SUBMISSION_STATES.includes(value as SubmissionState)) throw new TypeError(`${title} must be one of ${SUBMISSION_STATES.join(', ')}`)
  return value as SubmissionState
}

/** `limit`/`offset`/`since` of `listCredentials`, as SQL parameters. */
export function checkListOptions(options: { limit?: number; offset?: number; since?: string } | undefined): { limit: number; offset: number; sinceMs: number } {
  const o = options ?? {}
  return {
    // -1 is "no limit" for SQLite; PostgreSQL gets NULL for it (see the stores).
    limit: o.limit === undefined ? -1 : checkInteger(o.limit, 'options.limit'),
    offset: o.offset === undefined ? 0 : checkInteger(o.offset, 'options.offset'),
    sinceMs: o.since === undefined ? Number.MIN_SAFE_INTEGER : checkDateTime(o.since, 'options.since'),
  }
}

/** JSON text of a value (`null` for `undefined`). */
function json(value: unknown, title: string): string {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (cause) {
    throw new TypeError(`${title} must be serialisable as JSON`, { cause })
  }
  return text ?? 'null'
}

// ---- records → column values ----

/** The column values of a credential, after checking it. */
export function credentialColumns(r: CredentialRecord): Row {
  for (const key of ['id', 'issuerId', 'idempotencyKey', 'achievementId', 'format', 'content'] as const) checkString(r[key], `record.${key}`)
  if (typeof r.recipient !== 'string') throw new TypeError('record.recipient must be a string')
  if ((r.statusListGroup === undefined) !== (r.statusIndex === undefined)) throw new TypeError('record.statusListGroup and record.statusIndex go together')
  if (r.statusListGroup !== undefined) checkString(r.statusListGroup, 'record.statusListGroup')
  if (r.statusIndex !== undefined) checkInteger(r.statusIndex, 'record.statusIndex')
  return {
    id: r.id, issuer_id: r.issuerId, idempotency_key: r.idempotencyKey, achievement_id: r.achievementId, recipient: r.recipient,
    format: r.format, content: r.content, status_list_group: r.statusListGroup ?? null, status_index: r.statusIndex ?? null,
    issued_at: r.issuedAt, issued_ms: checkDateTime(r.issuedAt, 'record.issuedAt'),
  }
}

/** Refuse a message-list value that is not a whole number from 0 to 255 (statusSize is at most 8). */
export function checkStatusValue(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 255) throw new TypeError('value must be a whole number from 0 to 255')
}

/** The column values of a status list group, after checking it. */
export function groupColumns(r: StatusListGroupRecord): Row {
  for (const key of ['id', 'issuerId', 'revocationListUrl', 'suspensionListUrl'] as const) checkString(r[key], `record.${key}`)
  checkInteger(r.length, 'record.length', MIN_STATUS_LIST_LENGTH)
  if ((r.statusSize === undefined) !== (r.messageListUrl === undefined)) throw new TypeError('record.statusSize and record.messageListUrl go together')
  if (r.statusSize !== undefined && (!Number.isInteger(r.statusSize) || r.statusSize < 1 || r.statusSize > 8)) throw new TypeError('record.statusSize must be a whole number from 1 to 8')
  if (r.messageListUrl !== undefined) checkString(r.messageListUrl, 'record.messageListUrl')
  return {
    id: r.id, issuer_id: r.issuerId, length: r.length, revocation_list_url: r.revocationListUrl, suspension_list_url: r.suspensionListUrl,
    status_size: r.statusSize ?? null, message_list_url: r.messageListUrl ?? null,
    created_at: r.createdAt, created_ms: checkDateTime(r.createdAt, 'record.createdAt'),
  }
}

/** The column values of a submission, after checking it. */
export function submissionColumns(r: SubmissionRecord): Row {
  for (const key of ['id', 'issuerId', 'achievementId', 'pseudonym'] as const) checkString(r[key], `record.${key}`)
  if (typeof r.educator !== 'object' || r.educator === null) throw new TypeError('record.educator must be an object')
  checkState(r.state, 'record.state')
  checkInteger(r.attempt, 'record.attempt', 1)
  checkOptionalString(r.assessorId, 'record.assessorId')
  checkOptionalString(r.credentialId, 'record.credentialId')
  checkDateTime(r.updatedAt, 'record.updatedAt')
  return {
    id: r.id, issuer_id: r.issuerId, achievement_id: r.achievementId, educator: json(r.educator, 'record.educator'), pseudonym: r.pseudonym,
    state: r.state, attempt: r.attempt, evidence: json(r.evidence, 'record.evidence'), assessor_id: r.assessorId ?? null,
    review: r.review === undefined ? null : json(r.review, 'record.review'), credential_id: r.credentialId ?? null,
    created_at: r.createdAt, created_ms: checkDateTime(r.createdAt, 'record.createdAt'), updated_at: r.updatedAt,
  }
}

/** The column values of an audit event (without `seq`, which the store assigns). */
export function auditColumns(e: AuditEvent): Row {
  for (const key of ['issuerId', 'subject', 'action', 'actor'] as const) checkString(e[key], `event.${key}`)
  checkDateTime(e.at, 'event.at')
  return {
    issuer_id: e.issuerId, subject: e.subject, action: e.action, actor: e.actor, at: e.at,
    detail: e.detail === undefined ? null : json(e.detail, 'event.detail'),
  }
}

/** The column values of a batch, after checking it. */
export function batchColumns(r: BatchRecord): Row {
  for (const key of ['id', 'issuerId', 'inputDigest'] as const) checkString(r[key], `record.${key}`)
  checkInteger(r.total, 'record.total')
  checkDateTime(r.createdAt, 'record.createdAt')
  return { id: r.id, issuer_id: r.issuerId, input_digest: r.inputDigest, total: r.total, created_at: r.createdAt }
}

/** The column values of a batch row (without `issuer_id`, which comes from its batch). */
export function batchRowColumns(r: BatchRowRecord): Row {
  checkString(r.batchId, 'row.batchId')
  checkInteger(r.line, 'row.line', 1)
  if (r.status !== 'issued' && r.status !== 'failed') throw new TypeError('row.status must be issued or failed')
  checkOptionalString(r.credentialId, 'row.credentialId')
  checkOptionalString(r.error, 'row.error')
  return { batch_id: r.batchId, line: r.line, status: r.status, credential_id: r.credentialId ?? null, error: r.error ?? null }
}

/** A checked entry of a batch chunk: a credential's columns and its audit event's, or a failure. */
export interface ChunkEntryColumns {
  line: number
  row?: Row
  audit?: Row
  error: string | null
}

/** Check one entry of a batch chunk (before any write). */
export function chunkEntryColumns(e: BatchChunkEntry): ChunkEntryColumns {
  if (typeof e !== 'object' || e === null) throw new TypeError('a chunk entry must be an object')
  const line = checkInteger(e.line, 'entry.line', 1)
  if ('credential' in e) {
    const audit = auditColumns(e.audit)
    if (audit.issuer_id !== e.credential.issuerId) throw new TypeError('entry.audit.issuerId must be entry.credential.issuerId')
    return { line, row: credentialColumns(e.credential), audit, error: null }
  }
  return { line, error: checkString(e.error, 'entry.error') }
}

/** The column values of a claim, after checking it. */
export function claimColumns(r: ClaimRecord): Row {
  for (const key of ['id', 'issuerId', 'credentialId', 'preAuthorizedCode'] as const) checkString(r[key], `record.${key}`)
  checkOptionalString(r.txCodeHash, 'record.txCodeHash')
  if (r.txCodeLength !== undefined) checkInteger(r.txCodeLength, 'record.txCodeLength', 1)
  checkInteger(r.failedAttempts, 'record.failedAttempts')
  for (const key of ['redeemedVia', 'holder', 'accessTokenHash', 'deliveredCredentialId'] as const) checkOptionalString(r[key], `record.${key}`)
  if (r.redeemedAt !== undefined) checkDateTime(r.redeemedAt, 'record.redeemedAt')
  checkDateTime(r.createdAt, 'record.createdAt')
  return {
    id: r.id, issuer_id: r.issuerId, credential_id: r.credentialId, pre_authorized_code: r.preAuthorizedCode,
    tx_code_hash: r.txCodeHash ?? null, tx_code_length: r.txCodeLength ?? null, created_at: r.createdAt,
    expires_at: r.expiresAt, expires_ms: checkDateTime(r.expiresAt, 'record.expiresAt'), failed_attempts: r.failedAttempts,
    redeemed_at: r.redeemedAt ?? null, redeemed_via: r.redeemedVia ?? null, holder: r.holder ?? null,
    access_token_hash: r.accessTokenHash ?? null, delivered_credential_id: r.deliveredCredentialId ?? null,
  }
}

/** Check a redemption attempt; returns the attempt's epoch milliseconds. */
export function checkClaimAttempt(a: ClaimAttempt): number {
  checkString(a.via, 'attempt.via')
  checkInteger(a.maxFailedAttempts, 'attempt.maxFailedAttempts', 1)
  for (const key of ['txCodeHash', 'holder', 'accessTokenHash'] as const) checkOptionalString(a[key], `attempt.${key}`)
  return checkDateTime(a.at, 'attempt.at')
}

/**
 * The outcome of an attempt on a claim row (read under the write lock), shared by both stores so
 * they decide alike. `pin-wrong` means: count one failed attempt; `redeemed`: mark it redeemed.
 */
export function decideClaim(row: Row | undefined, attempt: ClaimAttempt, atMs: number): ClaimOutcome {
  if (row === undefined) return 'not-found'
  if (row.redeemed_at != null) return 'already-redeemed'
  if (atMs >= num(row.expires_ms)) return 'expired'
  if (row.tx_code_hash == null) return 'redeemed'
  if (num(row.failed_attempts) >= attempt.maxFailedAttempts) return 'locked'
  if (attempt.txCodeHash === undefined) return 'pin-required'
  return attempt.txCodeHash === row.tx_code_hash ? 'redeemed' : 'pin-wrong'
}

/** The columns of `row` named in `names`, in that order (the values of an INSERT). */
export function valuesOf(row: Row, names: readonly string[]): unknown[] {
  return names.map((name) => row[name])
}

// ---- rows → records (NULL columns become absent properties) ----

const str = (v: unknown): string => String(v)
/** PostgreSQL returns bigint and count(*) as strings; SQLite returns numbers. */
export const num = (v: unknown): number => Number(v)
/** SQLite booleans are 0/1; PostgreSQL's are booleans. */
export const bool = (v: unknown): boolean => v === true || v === 1 || v === 1n

/** A credential record from its row. */
export function toCredential(row: Row): CredentialRecord {
  return {
    id: str(row.id), issuerId: str(row.issuer_id), idempotencyKey: str(row.idempotency_key), achievementId: str(row.achievement_id),
    recipient: str(row.recipient), format: str(row.format), content: str(row.content),
    ...(row.status_list_group == null ? {} : { statusListGroup: str(row.status_list_group), statusIndex: num(row.status_index) }),
    issuedAt: str(row.issued_at),
  }
}

/** A status list group record from its row. */
export function toGroup(row: Row): StatusListGroupRecord {
  return {
    id: str(row.id), issuerId: str(row.issuer_id), length: num(row.length), revocationListUrl: str(row.revocation_list_url),
    suspensionListUrl: str(row.suspension_list_url),
    ...(row.status_size == null ? {} : { statusSize: num(row.status_size), messageListUrl: str(row.message_list_url) }),
    createdAt: str(row.created_at),
  }
}

/** A submission record from its row. */
export function toSubmission(row: Row): SubmissionRecord {
  return {
    id: str(row.id), issuerId: str(row.issuer_id), achievementId: str(row.achievement_id),
    educator: JSON.parse(str(row.educator)) as SubmissionRecord['educator'], pseudonym: str(row.pseudonym),
    state: str(row.state) as SubmissionState, attempt: num(row.attempt), evidence: JSON.parse(str(row.evidence)) as unknown,
    ...(row.assessor_id == null ? {} : { assessorId: str(row.assessor_id) }),
    ...(row.review == null ? {} : { review: JSON.parse(str(row.review)) as unknown }),
    ...(row.credential_id == null ? {} : { credentialId: str(row.credential_id) }),
    createdAt: str(row.created_at), updatedAt: str(row.updated_at),
  }
}

/** An audit event from its row. */
export function toAudit(row: Row): AuditEvent {
  return {
    seq: num(row.seq), issuerId: str(row.issuer_id), subject: str(row.subject), action: str(row.action), actor: str(row.actor), at: str(row.at),
    ...(row.detail == null ? {} : { detail: JSON.parse(str(row.detail)) as unknown }),
  }
}

/** A batch record from its row. */
export function toBatch(row: Row): BatchRecord {
  return { id: str(row.id), issuerId: str(row.issuer_id), inputDigest: str(row.input_digest), total: num(row.total), createdAt: str(row.created_at) }
}

/** A batch row record from its row. */
export function toBatchRow(row: Row): BatchRowRecord {
  return {
    batchId: str(row.batch_id), line: num(row.line), status: str(row.status) as BatchRowRecord['status'],
    ...(row.credential_id == null ? {} : { credentialId: str(row.credential_id) }),
    ...(row.error == null ? {} : { error: str(row.error) }),
  }
}

/** A claim record from its row. */
export function toClaim(row: Row): ClaimRecord {
  const optional = (column: string, key: keyof ClaimRecord): Partial<ClaimRecord> => (row[column] == null ? {} : { [key]: str(row[column]) })
  return {
    id: str(row.id), issuerId: str(row.issuer_id), credentialId: str(row.credential_id), preAuthorizedCode: str(row.pre_authorized_code),
    ...optional('tx_code_hash', 'txCodeHash'),
    ...(row.tx_code_length == null ? {} : { txCodeLength: num(row.tx_code_length) }),
    createdAt: str(row.created_at), expiresAt: str(row.expires_at), failedAttempts: num(row.failed_attempts),
    ...optional('redeemed_at', 'redeemedAt'), ...optional('redeemed_via', 'redeemedVia'), ...optional('holder', 'holder'),
    ...optional('access_token_hash', 'accessTokenHash'), ...optional('delivered_credential_id', 'deliveredCredentialId'),
  }
}

/** Whether a stored batch row says the same as a new one (re-recording it is then a no-op). */
export function sameBatchRow(stored: Row, next: Row): boolean {
  return stored.status === next.status && (stored.credential_id ?? null) === next.credential_id && (stored.error ?? null) === next.error
}

/** Column lists of the INSERTs. */
export const COLUMNS = {
  credentials: ['id', 'issuer_id', 'idempotency_key', 'achievement_id', 'recipient', 'format', 'content', 'status_list_group', 'status_index', 'issued_at', 'issued_ms'],
  status_list_groups: ['id', 'issuer_id', 'length', 'revocation_list_url', 'suspension_list_url', 'status_size', 'message_list_url', 'created_at', 'created_ms'],
  submissions: ['id', 'issuer_id', 'achievement_id', 'educator', 'pseudonym', 'state', 'attempt', 'evidence', 'assessor_id', 'review', 'credential_id', 'created_at', 'created_ms', 'updated_at'],
  audit_events: ['issuer_id', 'subject', 'action', 'actor', 'at', 'detail'],
  batches: ['id', 'issuer_id', 'input_digest', 'total', 'created_at'],
  batch_rows: ['batch_id', 'line', 'status', 'credential_id', 'error'],
  claims: [
    'id', 'issuer_id', 'credential_id', 'pre_authorized_code', 'tx_code_hash', 'tx_code_length', 'created_at', 'expires_at', 'expires_ms',
    'failed_attempts', 'redeemed_at', 'redeemed_via', 'holder', 'access_token_hash', 'delivered_credential_id',
  ],
} as const
