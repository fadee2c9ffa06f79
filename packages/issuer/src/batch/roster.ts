import { parse } from 'csv-parse/sync'
import type { Ob3ErrorCode } from '@ob3/core'
import { DATE_TIME_Z, EMAIL, URI } from '../lib/checks.js'

/** One valid roster row: who receives the award, with per-row overrides. */
export interface RosterRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number
  recipient: { id: string } | { email: string }
  name?: string
  creditsEarned?: number
  validUntil?: string
  /** The caller's key for this award; default: derived from the batch and the line. */
  idempotencyKey?: string
  /** The educator's school, for the programme report (never written into the credential). */
  school?: string
  /** The educator's cohort, for the programme report (never written into the credential). */
  cohort?: string
}

/** A row that could not be read (or, in a batch summary, whose award failed), with its line number and a stable code. */
export interface RosterProblem {
  line: number
  /**
   * `ERR_OB3_ROSTER_HEADER` (line 1: no header, an unknown column, no recipient column),
   * `ERR_OB3_ROSTER_QUOTE` (a quote not closed on its line, or text after a closing quote),
   * `ERR_OB3_ROSTER_COLUMNS` (more or fewer fields than the header), `ERR_OB3_ROSTER_RECIPIENT`,
   * `ERR_OB3_ROSTER_EMAIL`, `ERR_OB3_ROSTER_VALUE` (credits_earned, valid_until); in a batch
   * summary also `ERR_OB3_BATCH_ROW_FAILED` or the award's own code.
   */
  code: Ob3ErrorCode
  message: string
}

const KNOWN = ['recipient_id', 'recipient_email', 'name', 'credits_earned', 'valid_until', 'idempotency_key', 'school', 'cohort']

/** The fields of one physical line, or the problem with its quoting. */
function fieldsOf(text: string): string[] | { problem: string } {
  try {
    const records = parse(text, { relax_column_count: true, trim: true }) as string[][]
    return records[0] ?? []
  } catch (err) {
    const code = (err as { code?: string }).code
    const problem = code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quote is not closed'
      : code === 'CSV_INVALID_CLOSING_QUOTE' ? 'text follows a closing quote'
      : code === 'INVALID_OPENING_QUOTE' ? 'a quote opens inside a field'
      : (err as Error).message
    return { problem }
  }
}

/**
 * Read a roster CSV with a header row. Columns: `recipient_id` (a DID) or `recipient_email`,
 * and optionally `name`, `credits_earned`, `valid_until`, `idempotency_key`, `school`, `cohort`.
 *
 * The file is read line by line, so that one broken row never costs the others: a row that
 * cannot be read — an unterminated quote, a missing or extra column, a bad e-mail address or
 * value — is reported with its line number and a stable code, and reading goes on at the next
 * line. A field therefore cannot span lines (no roster column needs a line break). Empty lines
 * are skipped; a byte order mark and CRLF line ends are accepted.
 *
 * @example
 * ```ts
 * const { rows, problems } = parseRoster('recipient_email,credits_earned\nj.rivera@lakeside.example,15\n')
 * ```
 */
export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  const rows: RosterRow[] = []
  const problems: RosterProblem[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const first = lines.findIndex((l) => l.trim() !== '')
  if (first < 0) return { rows, problems }
  const headerFields = fieldsOf(lines[first] as string)
  if (!Array.isArray(headerFields)) {
    return { rows, problems: [{ line: first + 1, code: 'ERR_OB3_ROSTER_HEADER', message: `the header cannot be read: ${headerFields.problem}` }] }
  }
  const header = headerFields.map((h) => h.trim().toLowerCase())
  const unknown = header.filter((h) => !KNOWN.includes(h))
  if (unknown.length > 0) problems.push({ line: first + 1, code: 'ERR_OB3_ROSTER_HEADER', message: `unknown columns ${unknown.join(', ')} (known: ${KNOWN.join(', ')})` })
  if (!header.includes('recipient_id') && !header.includes('recipient_email')) {
    problems.push({ line: first + 1, code: 'ERR_OB3_ROSTER_HEADER', message: 'the header names neither recipient_id nor recipient_email' })
    return { rows, problems }
  }
  for (let i = first + 1; i < lines.length; i++) {
    const raw = lines[i] as string
    if (raw.trim() === '') continue
    const line = i + 1
    const fail = (code: Ob3ErrorCode, message: string) => problems.push({ line, code, message })
    const fields = fieldsOf(raw)
    if (!Array.isArray(fields)) {
      fail('ERR_OB3_ROSTER_QUOTE', `the row's quoting is broken (${fields.problem}); fields cannot span lines`)
      continue
    }
    if (fields.length !== header.length) {
      fail('ERR_OB3_ROSTER_COLUMNS', `${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${header.length} (${header.join(', ')})`)
      continue
    }
    const record: Record<string, string> = {}
    header.forEach((h, k) => (record[h] = fields[k] as string))
    const id = record.recipient_id ?? ''
    const email = record.recipient_email ?? ''
    if (id === '' && email === '') {
      fail('ERR_OB3_ROSTER_RECIPIENT', 'needs recipient_id (a DID) or recipient_email')
      continue
    }
    if (id !== '' && !URI.test(id)) {
      fail('ERR_OB3_ROSTER_RECIPIENT', `recipient_id ${JSON.stringify(id)} is not a URI`)
      continue
    }
    if (id === '' && !EMAIL.test(email)) {
      fail('ERR_OB3_ROSTER_EMAIL', `recipient_email ${JSON.stringify(email)} is not an email address`)
      continue
    }
    const row: RosterRow = { line, recipient: id !== '' ? { id } : { email } }
    if (record.name) row.name = record.name
    if (record.credits_earned) {
      const n = Number(record.credits_earned)
      if (!Number.isFinite(n) || n < 0) {
        fail('ERR_OB3_ROSTER_VALUE', `credits_earned ${JSON.stringify(record.credits_earned)} is not a number ≥ 0`)
        continue
      }
      row.creditsEarned = n
    }
    if (record.valid_until) {
      if (!DATE_TIME_Z.test(record.valid_until)) {
        fail('ERR_OB3_ROSTER_VALUE', `valid_until ${JSON.stringify(record.valid_until)} is not a date-time with a time zone`)
        continue
      }
      row.validUntil = record.valid_until
    }
    if (record.idempotency_key) row.idempotencyKey = record.idempotency_key
    if (record.school) row.school = record.school
    if (record.cohort) row.cohort = record.cohort
    rows.push(row)
  }
  return { rows, problems }
}
