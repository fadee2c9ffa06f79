import type { CheckResult } from '../report.js'
import { findTrusted, type TrustRegistry } from '../trust-registry.js'

/** What an untrusted issuer does to the report: fail it (`require`) or remark on it (`warn`). */
export type TrustPolicy = 'require' | 'warn'

/** Options of the trust check. */
export interface TrustCheckOptions {
  issuerId: string | undefined
  registry: TrustRegistry | undefined
  policy: TrustPolicy
  now: Date
  /**
   * Whether the proof showed that the credential was signed with a key the issuer's own document
   * publishes (see `proofConfirmsIssuer`). Without that, the registry entry says nothing about
   * who signed: the check cannot pass.
   */
  issuerConfirmed: boolean
}

/**
 * `trust`: the issuer is on the caller's registry, trusted as an issuer, today — and the
 * credential is confirmed to come from that issuer (its proof is by a key the issuer's own
 * document publishes). A registry entry vouches for an issuer, not for a key that issuer never
 * published: a listed issuer with an unconfirmed key fails (`require`) or warns (`warn`) with
 * `ERR_OB3_TRUST_ISSUER_UNCONFIRMED`.
 */
export function checkTrust(options: TrustCheckOptions): CheckResult {
  const { issuerId, registry, policy, now } = options
  if (registry === undefined) return { id: 'trust', status: 'skipped', message: 'no trust registry was given' }
  const status = policy === 'require' ? 'failed' : 'warning'
  const entry = issuerId === undefined ? undefined : findTrusted(registry, issuerId, 'issuer', now)
  if (entry !== undefined && options.issuerConfirmed) return { id: 'trust', status: 'passed', message: `the issuer is trusted by ${registry.name} as ${entry.name}` }
  if (entry !== undefined) {
    return {
      id: 'trust',
      status,
      code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED',
      message: `the issuer is unconfirmed: ${issuerId as string} is trusted by ${registry.name} as ${entry.name}, but the proof does not show that ${entry.name} signed this credential with a key it publishes (a registry entry vouches for an issuer, not for a key that issuer never published)`,
    }
  }
  const known = issuerId === undefined ? undefined : registry.entries.find((e) => e.id === issuerId)
  const why = known === undefined
    ? `the issuer ${issuerId ?? '(none)'} is not on ${registry.name}`
    : `the issuer is on ${registry.name} as ${known.name}, but not trusted as an issuer on ${now.toISOString()}`
  return { id: 'trust', status, code: 'ERR_OB3_TRUST_UNTRUSTED', message: why }
}
