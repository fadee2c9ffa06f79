import { verify, type TrustRegistry, type VerificationReport } from '@ob3/verifier'

/** What the hiring system records about a candidate's micro-credentials. */
export interface CandidateCheck {
  accepted: boolean
  /** The micro-credentials the link proves, one line each. */
  credentials: { name: string; issuer: string; creditsEarned: number | null }[]
  /** Why not, in plain words (the failed checks). */
  reasons: string[]
  report: VerificationReport
}

/**
 * Check the share link a candidate pasted into an application: everything the verifier checks,
 * with the district's list of approved providers, and the challenge the application form showed
 * (so a link made for another employer, or replayed, is refused).
 */
export async function checkCandidate(options: { link: string; trust: TrustRegistry; challenge?: string; fetch?: typeof fetch; now?: Date }): Promise<CandidateCheck> {
  const report = await verify({
    input: options.link,
    label: 'candidate share link',
    trust: options.trust,
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  const credentials = (report.credentials ?? []).map((r) => ({
    name: r.credential?.name ?? '(unnamed)',
    issuer: r.credential?.issuerName ?? r.credential?.issuer ?? '(unknown)',
    creditsEarned: r.credential?.creditsEarned ?? null,
  }))
  const reasons = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.id}: ${c.message}`)
  return { accepted: report.verified, credentials, reasons, report }
}
