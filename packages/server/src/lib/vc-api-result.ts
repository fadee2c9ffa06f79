/**
 * Internal: an ob3 verification report as a VC-API verification result. VC-API callers send
 * any W3C credential, not only Open Badges: the Open Badges checks (context, type, schema,
 * endorsements, recipient, artifacts) count for Open Badges credentials; for other credentials
 * their failures become warnings. The full ob3 report goes along as `ob3Report`.
 * @packageDocumentation
 */
import type { Ob3ErrorCode } from '@ob3/core'
import type { CheckId, CheckResult, VerificationReport } from '@ob3/verifier'

/** One error or warning of a VC-API result. */
export interface VcApiProblem {
  /** The ob3 check it comes from. */
  check: CheckId
  code: Ob3ErrorCode | undefined
  message: string
  /** For a presentation: which credential (1-based), when it is about one. */
  credential?: number
}

/** A VC-API verification result with the ob3 report. */
export interface VcApiResult {
  verified: boolean
  /** The ids of the checks that passed. */
  checks: string[]
  warnings: VcApiProblem[]
  errors: VcApiProblem[]
  ob3Report: VerificationReport
}

/** Checks of the Open Badges 3.0 data model: for other W3C credentials their failures are remarks. */
const OPEN_BADGES_CHECKS = new Set<CheckId>(['context', 'type', 'schema', 'endorsements', 'recipient', 'artifacts'])
const PRESENTATION_CHECKS = new Set<CheckId>(['parse', 'artifacts', 'holder', 'expiry-of-share'])

/** An Open Badges credential is one whose `type` check passed (it names an Open Badges type). */
function isOpenBadge(report: VerificationReport): boolean {
  return report.checks.some((c) => c.id === 'type' && c.status === 'passed')
}

function problem(c: CheckResult, credential?: number): VcApiProblem {
  return { check: c.id, code: c.code, message: c.message, ...(credential === undefined ? {} : { credential }) }
}

function collect(checks: CheckResult[], openBadge: boolean, into: VcApiResult, credential: number | undefined, relax: (c: CheckResult) => boolean): void {
  for (const c of checks) {
    if (c.status === 'passed') {
      if (!into.checks.includes(c.id)) into.checks.push(c.id)
    } else if (c.status === 'warning') {
      into.warnings.push(problem(c, credential))
    } else if (c.status === 'failed') {
      // A context digest that disagrees with the published one is an error for any credential.
      if ((!openBadge && OPEN_BADGES_CHECKS.has(c.id) && c.code !== 'ERR_OB3_CONTEXT_DIGEST_MISMATCH') || relax(c)) into.warnings.push(problem(c, credential))
      else into.errors.push(problem(c, credential))
    }
  }
}

/** Options for {@link toVcApiResult}. */
export interface ToVcApiResultOptions {
  /** A presentation sent as `presentation` (not `verifiablePresentation`): it need not be signed. */
  unsignedAllowed?: boolean
}

/**
 * Map a report to a VC-API result. For a presentation, its own checks (parse, holder,
 * expiry-of-share, artifacts) and each credential's checks are mapped separately.
 */
export function toVcApiResult(report: VerificationReport, options: ToVcApiResultOptions = {}): VcApiResult {
  const result: VcApiResult = { verified: false, checks: [], warnings: [], errors: [], ob3Report: report }
  if (report.kind === 'credential') {
    collect(report.checks, isOpenBadge(report), result, undefined, () => false)
  } else {
    const credentials = report.credentials ?? []
    const own = report.checks.filter((c) => PRESENTATION_CHECKS.has(c.id))
    collect(own, credentials.some(isOpenBadge), result, undefined, (c) =>
      // A presentation with no credential (DID authentication) is fine for the VC-API;
      // an unsigned one is fine when it was sent as `presentation`.
      (c.id === 'parse' && credentials.length === 0 && c.code === 'ERR_OB3_NOT_A_CREDENTIAL')
      || (c.id === 'holder' && options.unsignedAllowed === true && c.code === 'ERR_OB3_PROOF_MISSING'))
    credentials.forEach((r, i) => collect(r.checks.filter((c) => !PRESENTATION_CHECKS.has(c.id) || c.id === 'parse'), isOpenBadge(r), result, i + 1, () => false))
  }
  result.verified = result.errors.length === 0
  return result
}
