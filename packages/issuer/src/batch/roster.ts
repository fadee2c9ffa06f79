import { parse } from 'csv-parse/sync'
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
}

/** A row that could not be read, with its line number. */
export interface RosterProblem {
  line: number
  message: string
}

const KNOWN = new Set(['recipient_id', 'recipient_email', 'name', 'credits_earned', 'valid_until', 'idempotency_key'])

/**
 * Read a roster CSV with a header row. Columns: `recipient_id` (a DID) or `recipient_email`,
 * and optionally `name`, `credits_earned`, `valid_until`, `idempotency_key`. A malformed row is
 * reported with its line number; the others are returned.
 *
 * @example
 * ```ts
 * const { rows, problems } = parseRoster('recipient_email,credits_earned\nj.rivera@lakeside.example,15\n')
 * ```
 */
export function parseRoster(text: string): { rows: RosterRow[]; problems: RosterProblem[] } {
  const rows: RosterRow[] = []
  const problems: RosterProblem[] = []
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, info: true, relax_column_count: true, bom: true }) as typeof records
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1
    return { rows, problems: [{ line, message: `the CSV cannot be read from here on: ${(err as Error).message}` }] }
  }
  const header = records[0] === undefined ? [] : Object.keys(records[0].record)
  const unknown = header.filter((h) => !KNOWN.has(h))
  if (unknown.length > 0) problems.push({ line: 1, message: `unknown columns ${unknown.join(', ')} (known: ${[...KNOWN].join(', ')})` })
  for (const { record, info } of records) {
    const line = info.lines
    const fail = (message: string) => problems.push({ line, message })
    const id = record.recipient_id ?? ''
    const email = record.recipient_email ?? ''
    if (id === '' && email === '') {
      fail('needs recipient_id (a DID) or recipient_email')
      continue
    }
    if (id !== '' && !URI.test(id)) {
      fail(`recipient_id ${JSON.stringify(id)} is not a URI`)
      continue
    }
    if (id === '' && !EMAIL.test(email)) {
      fail(`recipient_email ${JSON.stringify(email)} is not an email address`)
      continue
    }
    const row: RosterRow = { line, recipient: id !== '' ? { id } : { email } }
    if (record.name) row.name = record.name
    if (record.credits_earned) {
      const n = Number(record.credits_earned)
      if (!Number.isFinite(n) || n < 0) {
        fail(`credits_earned ${JSON.stringify(record.credits_earned)} is not a number ≥ 0`)
        continue
      }
      row.creditsEarned = n
    }
    if (record.valid_until) {
      if (!DATE_TIME_Z.test(record.valid_until)) {
        fail(`valid_until ${JSON.stringify(record.valid_until)} is not a date-time with a time zone`)
        continue
      }
      row.validUntil = record.valid_until
    }
    if (record.idempotency_key) row.idempotencyKey = record.idempotency_key
    rows.push(row)
  }
  return { rows, problems }
}
