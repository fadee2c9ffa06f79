import type { Ob3ErrorCode } from '@ob3/core'
import type { VerifyInput } from './load-input.js'
import type { CheckResult, EndorsementResult, VerificationReport } from './report.js'
import { findTrusted, type TrustRegistry } from './trust-registry.js'
import { verify, type VerifyOptions } from './verify.js'

/** Options for {@link sumCredits}. */
export interface SumCreditsOptions {
  /** The registry of trusted issuers and endorsers (a state's list of approved providers). */
  trust: TrustRegistry
  /** Reports already made with `verify` (ideally with the same `trust`). */
  reports?: readonly VerificationReport[]
  /** Credentials or presentations to verify first, each with the label its report gets. */
  inputs?: readonly { input: VerifyInput; label?: string }[]
  /** Further `verify` options for `inputs`: fetch, endorsements handed in, cache, key binding. */
  verifyOptions?: Omit<VerifyOptions, 'input' | 'label' | 'trust' | 'now'>
  /** The clock for the registry's dates (and for verifying `inputs`). Default: now. */
  now?: Date
}

/** A credential whose credits were counted. */
export interface CountedCredential {
  /** The report's input label. */
  input: string
  id: string | null
  name: string | null
  issuer: string | null
  /** The issuer's name on the registry. */
  issuerName: string
  /** Its `creditsEarned`. */
  credits: number
  /** The trusted endorsers (by their name on the registry) whose verified endorsement qualified it. */
  endorsedBy: { id: string; name: string }[]
}

/** A credential that was not counted, and why. */
export interface UncountedCredential {
  input: string
  id: string | null
  name: string | null
  /** Why, in plain words. */
  reason: string
  code: Ob3ErrorCode
}

/** What {@link sumCredits} found. */
export interface CreditsResult {
  /** The registry's name. */
  registry: string
  /** The sum of `creditsEarned` over the counted credentials. */
  total: number
  counted: CountedCredential[]
  notCounted: UncountedCredential[]
  /** The reports summed: those given, then those of the inputs (a presentation's credentials are in its `credentials`). */
  reports: VerificationReport[]
}

/**
 * Sum `creditsEarned` (clock hours, for recertification) over the credentials that verify, are
 * issued by an issuer the registry trusts, and carry at least one verified endorsement — of the
 * credential or of its achievement, embedded or handed in — by an endorser the registry trusts,
 * made with a key the endorser controls. Every other credential is listed with the reason it
 * was not counted; a credential given twice (same id) counts once.
 *
 * A registry's judgement is taken from the registry, not from the report: a report made without
 * `trust` can be summed too. A presentation counts only if its own checks (holder, expiry) pass.
 *
 * @throws TypeError when neither `reports` nor `inputs` is given, or `trust` is missing
 * @example
 * ```ts
 * const result = await sumCredits({ inputs: [{ input: bytes, label: 'idea-generating.json' }], trust: registry, verifyOptions: { endorsements: [stateEndorsement] } })
 * console.log(`${result.total} clock hours`, result.notCounted.map((c) => c.reason))
 * ```
 */
export async function sumCredits(options: SumCreditsOptions): Promise<CreditsResult> {
  if (typeof options?.trust !== 'object' || options.trust === null || !Array.isArray(options.trust.entries)) throw new TypeError('sumCredits: trust must be a trust registry (parseTrustRegistry)')
  if (options.reports === undefined && options.inputs === undefined) throw new TypeError('sumCredits: give reports or inputs')
  const now = options.now ?? new Date()
  const reports = [...(options.reports ?? [])]
  for (const item of options.inputs ?? []) {
    reports.push(await verify({ ...options.verifyOptions, input: item.input, ...(item.label === undefined ? {} : { label: item.label }), trust: options.trust, now }))
  }
  const result: CreditsResult = { registry: options.trust.name, total: 0, counted: [], notCounted: [], reports }
  const countedIds = new Map<string, string>()
  for (const report of reports) {
    const own = report.kind === 'presentation' ? failedOwnCheck(report) : undefined
    for (const credential of report.kind === 'presentation' ? report.credentials ?? [] : [report]) {
      const outcome = own === undefined
        ? evaluate(credential, options.trust, now)
        : { reason: `the presentation it came in does not verify: ${own.id} failed: ${own.message}`, code: own.code ?? 'ERR_OB3_HOLDER_MISMATCH' }
      const base = { input: credential.input, id: credential.credential?.id ?? null, name: credential.credential?.name ?? null }
      if ('reason' in outcome) {
        result.notCounted.push({ ...base, ...outcome })
        continue
      }
      const earlier = base.id === null ? undefined : countedIds.get(base.id)
      if (earlier !== undefined) {
        result.notCounted.push({ ...base, reason: `it is the same credential (${base.id}) as ${earlier}, counted already`, code: 'ERR_OB3_CREDITS_DUPLICATE' })
        continue
      }
      if (base.id !== null) countedIds.set(base.id, credential.input)
      result.counted.push({ ...base, ...outcome })
      result.total += outcome.credits
    }
  }
  // Hours like 1.1 + 2.2 should not print as 3.3000000000000003.
  result.total = Math.round(result.total * 1e6) / 1e6
  return result
}

/** A presentation-level check (parse, holder, expiry-of-share) that failed, if any. */
function failedOwnCheck(report: VerificationReport): CheckResult | undefined {
  return report.checks.find((c) => (c.id === 'parse' || c.id === 'holder' || c.id === 'expiry-of-share') && c.status === 'failed')
}

type Outcome = Omit<CountedCredential, 'input' | 'id' | 'name'> | { reason: string; code: Ob3ErrorCode }

function evaluate(report: VerificationReport, registry: TrustRegistry, now: Date): Outcome {
  // The trust check follows the caller's policy when the report was made; here the registry
  // given decides, below, so a failed trust check alone is not "does not verify".
  const failed = report.checks.find((c) => c.status === 'failed' && c.id !== 'trust')
  if (failed !== undefined) return { reason: `it does not verify: ${failed.id} failed: ${failed.message}`, code: failed.code ?? 'ERR_OB3_PROOF_SIGNATURE_INVALID' }
  const summary = report.credential
  if (summary === undefined) return { reason: 'it could not be read', code: 'ERR_OB3_NOT_A_CREDENTIAL' }
  const issuer = summary.issuer === null ? undefined : findTrusted(registry, summary.issuer, 'issuer', now)
  if (issuer === undefined) {
    return { reason: `its issuer ${summary.issuerName ?? summary.issuer ?? '(none)'} is not trusted by ${registry.name} as an issuer`, code: 'ERR_OB3_TRUST_UNTRUSTED' }
  }
  const direct = (report.endorsements ?? []).filter((e) => e.depth === 0)
  const endorsedBy: { id: string; name: string }[] = []
  const why: string[] = []
  for (const e of direct) {
    const who = e.endorser.name ?? e.endorser.id ?? 'an unnamed endorser'
    const entry = e.endorser.id === null ? undefined : findTrusted(registry, e.endorser.id, 'endorser', now)
    if (!e.verified) why.push(`${who}'s endorsement does not verify`)
    else if (e.what !== 'achievement' && e.what !== 'credential') why.push(`${who} endorses the ${e.what === 'creator' ? 'achievement\'s creator' : e.what}, not the achievement`)
    else if (entry === undefined) why.push(`${who} is not trusted by ${registry.name} as an endorser`)
    else if (!keyConfirmed(e)) why.push(`${who}'s endorsement is signed with a key ${who} has not confirmed`)
    else if (!endorsedBy.some((b) => b.id === entry.id)) endorsedBy.push({ id: entry.id, name: entry.name })
  }
  if (endorsedBy.length === 0) {
    const detail = direct.length === 0 ? 'it carries no endorsement' : why.join('; ')
    return { reason: `no endorsement by an endorser ${registry.name} trusts: ${detail}`, code: 'ERR_OB3_ENDORSEMENT_UNTRUSTED' }
  }
  const credits = summary.creditsEarned
  if (credits === undefined || credits < 0) {
    return { reason: credits === undefined ? 'it records no creditsEarned' : `its creditsEarned (${credits}) is negative`, code: 'ERR_OB3_CREDITS_MISSING' }
  }
  return { issuer: summary.issuer, issuerName: issuer.name, credits, endorsedBy }
}

function keyConfirmed(e: EndorsementResult): boolean {
  return !(e.warnings ?? []).some((w) => w.check === 'proof' && w.code === 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
}
