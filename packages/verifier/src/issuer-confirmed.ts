import { proofConfirmsIssuer } from './checks/proof.js'
import type { VerificationReport } from './report.js'

/**
 * True when the report's `proof` check shows that the credential was signed with a key the
 * issuer's own document publishes (its DID document, or its https controller document): the
 * proof passed, or warned for something other than an unconfirmed key
 * (`ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`). Only then does the name inside the credential say who
 * signed it, and only then can a trust registry's entry for the issuer apply. For a
 * presentation's report, every credential it carries must be confirmed.
 *
 * @example `if (!isIssuerConfirmed(report)) console.log('claims to be', report.credential?.issuerName, '— not confirmed')`
 */
export function isIssuerConfirmed(report: VerificationReport): boolean {
  if (report.credentials !== undefined && report.credentials.length > 0) return report.credentials.every((r) => isIssuerConfirmed(r))
  return proofConfirmsIssuer(report.checks.find((c) => c.id === 'proof'))
}
