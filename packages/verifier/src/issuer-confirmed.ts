import { proofConfirmsIssuer } from './checks/proof.js'
import type { EndorsementResult, VerificationReport } from './report.js'

/**
 * Whether a report shows that the credential was signed by its issuer: its `proof` check
 * `passed`, or ended in a `warning` for another reason than `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`
 * (that code means the signature is valid but its key was read from the credential itself — the
 * lenient `<https issuer>#<multibase>` form — and the issuer never confirmed it: anyone could have
 * signed). A failed or skipped `proof` check is no confirmation. For a presentation, every
 * credential it carries must be confirmed by its own issuer.
 *
 * Say "signed by <issuer name>" only when this is true; otherwise the name is only what the
 * credential claims. A trust registry vouches for an issuer, not for a key: an issuer that is not
 * confirmed is never to be shown as trusted.
 *
 * @example
 * ```ts
 * const report = await verify({ input })
 * const who = report.credential?.issuerName ?? 'its issuer'
 * console.log(isIssuerConfirmed(report) ? `Signed by ${who}` : `Claims to be ${who} — not confirmed`)
 * ```
 */
export function isIssuerConfirmed(report: VerificationReport): boolean {
  if (report.kind === 'presentation') {
    const credentials = report.credentials ?? []
    return credentials.length > 0 && credentials.every((c) => c.kind === 'credential' && isIssuerConfirmed(c))
  }
  return proofConfirmsIssuer(report.checks.find((c) => c.id === 'proof'))
}

/**
 * Whether an endorsement was verified and signed with a key its endorser confirms (not one read
 * from the endorsement itself, which gives a `proof` warning `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`).
 * The endorser's name is the endorser's word only when this is true.
 * @example `e.endorser.name !== null && isEndorserConfirmed(e) ? \`Signed by ${e.endorser.name}\` : 'not confirmed'`
 */
export function isEndorserConfirmed(endorsement: EndorsementResult): boolean {
  if (!endorsement.verified) return false
  return !(endorsement.warnings ?? []).some((w) => w.check === 'proof' && w.code === 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
}
