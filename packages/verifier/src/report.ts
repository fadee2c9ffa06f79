import type { Ob3ErrorCode } from '@ob3/core'

/** The stable ids of the checks a report lists, in the order they appear. */
export const CHECK_IDS = [
  'parse',
  'context',
  'type',
  'schema',
  'proof',
  'validity',
  'status',
  'endorsements',
  'trust',
  'recipient',
  'artifacts',
  'holder',
  'expiry-of-share',
] as const

/** A check id. */
export type CheckId = (typeof CHECK_IDS)[number]

/** How a check ended. Only `failed` makes a report unverified. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped'

/** One check of a report. */
export interface CheckResult {
  id: CheckId
  status: CheckStatus
  /** A stable error code, on `failed` and `warning`. */
  code?: Ob3ErrorCode
  /** What was checked and what was found, in plain words. */
  message: string
}

/** The summary of the credential a report is about. */
export interface CredentialSummary {
  id: string | null
  name: string | null
  /** The issuer's id. */
  issuer: string | null
  /** The issuer's name, when the credential gives one. */
  issuerName: string | null
  validFrom: string | null
  validUntil: string | null
}

/** The input formats a report names. */
export type InputFormat = 'ldp' | 'jwt' | 'png' | 'svg' | 'link'

/**
 * A verification report. `verified` is false exactly when at least one check failed.
 * Its shape is a contract: fields may be added, never renamed.
 */
export interface VerificationReport {
  /** What was verified (a file path, a link, `-`). */
  input: string
  verified: boolean
  kind: 'credential' | 'presentation'
  format: InputFormat
  checks: CheckResult[]
  credential?: CredentialSummary
}

/**
 * Put checks in the stable order, filling any missing id as skipped, and derive `verified`.
 * @example `finishReport({ input: 'a.json', kind: 'credential', format: 'ldp', checks })`
 */
export function finishReport(parts: Omit<VerificationReport, 'verified' | 'checks'> & { checks: CheckResult[]; skipReason?: string }): VerificationReport {
  const byId = new Map(parts.checks.map((c) => [c.id, c]))
  const checks = CHECK_IDS.map((id) => byId.get(id) ?? { id, status: 'skipped' as const, message: parts.skipReason ?? 'not applicable' })
  const report: VerificationReport = {
    input: parts.input,
    verified: !checks.some((c) => c.status === 'failed'),
    kind: parts.kind,
    format: parts.format,
    checks,
  }
  if (parts.credential !== undefined) report.credential = parts.credential
  return report
}
