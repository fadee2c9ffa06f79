import type { CheckResult } from '../report.js'
import { findTrusted, type TrustRegistry } from '../trust-registry.js'

/** What an untrusted issuer does to the report: fail it (`require`) or remark on it (`warn`). */
export type TrustPolicy = 'require' | 'warn'

/** `trust`: the issuer is on the caller's registry, trusted as an issuer, today. */
export function checkTrust(issuerId: string | undefined, registry: TrustRegistry | undefined, policy: TrustPolicy, now: Date): CheckResult {
  if (registry === undefined) return { id: 'trust', status: 'skipped', message: 'no trust registry was given' }
  const entry = issuerId === undefined ? undefined : findTrusted(registry, issuerId, 'issuer', now)
  if (entry !== undefined) return { id: 'trust', status: 'passed', message: `the issuer is trusted by ${registry.name} as ${entry.name}` }
  const known = issuerId === undefined ? undefined : registry.entries.find((e) => e.id === issuerId)
  const why = known === undefined
    ? `the issuer ${issuerId ?? '(none)'} is not on ${registry.name}`
    : `the issuer is on ${registry.name} as ${known.name}, but not trusted as an issuer on ${now.toISOString()}`
  return { id: 'trust', status: policy === 'require' ? 'failed' : 'warning', code: 'ERR_OB3_TRUST_UNTRUSTED', message: why }
}
