/**
 * Internal: how errors become HTTP answers. Every refusal is JSON
 * `{ "error": { "code": "ERR_OB3_…", "message": "…" } }` with a 4xx status; an unexpected error
 * is a 500 with `ERR_OB3_SERVER_INTERNAL` and no stack trace (the stack goes to the log only).
 * @packageDocumentation
 */
import { Ob3Error, isOb3Error, type Ob3ErrorCode } from '@ob3/core'

/** The HTTP status of each code the service answers with; codes not listed are 400 (input) unless {@link SERVER_SIDE} has them. */
const STATUS: Partial<Record<Ob3ErrorCode, number>> = {
  ERR_OB3_INPUT_TOO_LARGE: 413,
  ERR_OB3_SERVER_UNAUTHORIZED: 401,
  ERR_OB3_SERVER_FORBIDDEN: 403,
  ERR_OB3_SERVER_NOT_FOUND: 404,
  ERR_OB3_SHARE_NOT_FOUND: 404,
  ERR_OB3_STATUS_UNAVAILABLE: 404,
  ERR_OB3_SERVER_METHOD_NOT_ALLOWED: 405,
  ERR_OB3_STORE_CONFLICT: 409,
  ERR_OB3_SHARE_GONE: 410,
  ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_OB3_SERVER_RATE_LIMITED: 429,
  ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED: 429,
  ERR_OB3_SERVER_INTERNAL: 500,
  ERR_OB3_SERVER_SHUTTING_DOWN: 503,
  ERR_OB3_STORE_UNAVAILABLE: 503,
  ERR_OB3_STORE_CLOSED: 503,
  ERR_OB3_STORE_FILE_GONE: 503,
  ERR_OB3_STORE_READ_ONLY: 503,
  ERR_OB3_SHARE_QUOTA_EXCEEDED: 507,
  ERR_OB3_ASSESSMENT_FORBIDDEN: 403,
  ERR_OB3_NOT_ASSIGNED: 403,
  ERR_OB3_SUBMISSION_NOT_FOUND: 404,
  ERR_OB3_SUBMISSION_STATE: 409,
  ERR_OB3_AWARD_RULE_UNMET: 409,
  ERR_OB3_CLAIM_NOT_FOUND: 404,
  ERR_OB3_CLAIM_REDEEMED: 409,
  ERR_OB3_CLAIM_EXPIRED: 410,
  ERR_OB3_CLAIM_LOCKED: 403,
  ERR_OB3_CLAIM_PIN_REQUIRED: 401,
  ERR_OB3_CLAIM_PIN_WRONG: 401,
}

/** Codes that are the service's own trouble, not the caller's: 500, with a generic message. */
const SERVER_SIDE = new Set<Ob3ErrorCode>([
  'ERR_OB3_STORE_CORRUPT', 'ERR_OB3_STORE_FOREIGN', 'ERR_OB3_STORE_MIGRATION', 'ERR_OB3_STORE_REFERENCE', 'ERR_OB3_SERVER_TLS_UNAVAILABLE',
])

/** The HTTP status for an error code. */
export function statusOf(code: Ob3ErrorCode): number {
  if (SERVER_SIDE.has(code)) return 500
  return STATUS[code] ?? 400
}

/** The JSON body of a refusal. */
export interface ErrorBody {
  error: { code: Ob3ErrorCode; message: string; details?: Readonly<Record<string, unknown>> }
}

/** What to answer for an error, and whether it is worth an error-level log line. */
export function describeError(err: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (isOb3Error(err)) {
    const status = statusOf(err.code)
    if (err.code === 'ERR_OB3_STORE_UNAVAILABLE' || err.code === 'ERR_OB3_STORE_CLOSED') {
      // The database's own words (addresses, SQL) stay in the log.
      return { status, body: { error: { code: err.code, message: 'the database is unavailable; retry in a moment' } }, unexpected: true }
    }
    if (err.code === 'ERR_OB3_STORE_FILE_GONE' || err.code === 'ERR_OB3_STORE_READ_ONLY') {
      // The file names stay in the log.
      const message = err.code === 'ERR_OB3_STORE_FILE_GONE'
        ? 'the service\'s database file was deleted or replaced; nothing is written until it is restored and the service restarted'
        : 'the service\'s database cannot be written; nothing is written until that is fixed'
      return { status, body: { error: { code: err.code, message } }, unexpected: true }
    }
    // 507 (share storage full) is the service's state, said plainly, and no failure of its own.
    if (status >= 500 && status !== 503 && status !== 507) {
      return { status, body: { error: { code: err.code, message: 'the service could not complete the request' } }, unexpected: true }
    }
    const error: ErrorBody['error'] = { code: err.code, message: err.message }
    if (err.details !== undefined && status < 500) error.details = err.details
    return { status, body: { error }, unexpected: status >= 500 && status !== 507 }
  }
  return { status: 500, body: { error: { code: 'ERR_OB3_SERVER_INTERNAL', message: 'the service could not complete the request' } }, unexpected: true }
}

/** Throw a coded refusal. */
export function refuse(code: Ob3ErrorCode, message: string, details?: Readonly<Record<string, unknown>>): never {
  throw new Ob3Error(code, message, details === undefined ? {} : { details })
}
