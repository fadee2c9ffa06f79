import { Ob3Error } from '@ob3/core'

/**
 * What a registry trusts an entity for: issuing credentials, endorsing them, or publishing the
 * status lists of credentials that others issued (`status`: a registry's service that signs the
 * lists of several issuers).
 */
export type TrustRole = 'issuer' | 'endorser' | 'status'

/** One trusted entity. */
export interface TrustEntry {
  /** The DID or URL the entity issues or endorses as. */
  id: string
  name: string
  /** Default: `["issuer"]`. */
  trustedFor?: TrustRole[]
  /** The entry applies from this date-time (inclusive). */
  validFrom?: string
  /** …until this date-time (inclusive). */
  validUntil?: string
}

/** A list of trusted issuers, endorsers and status list publishers, kept by an employer, a district or a state. */
export interface TrustRegistry {
  name: string
  entries: TrustEntry[]
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Check a trust registry file's content.
 * @throws Ob3Error `ERR_OB3_TRUST_REGISTRY_INVALID` naming the first problem
 * @example `const registry = parseTrustRegistry(JSON.parse(text))`
 */
export function parseTrustRegistry(input: unknown): TrustRegistry {
  const fail = (message: string): never => {
    throw new Ob3Error('ERR_OB3_TRUST_REGISTRY_INVALID', `the trust registry is invalid: ${message}`)
  }
  const r = input as Partial<TrustRegistry> | null
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return fail('it must be a JSON object')
  if (typeof r.name !== 'string' || r.name === '') fail('"name" is required')
  if (!Array.isArray(r.entries)) return fail('"entries" must be an array')
  r.entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) fail(`entries[${i}] must be an object`)
    if (typeof e.id !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(e.id)) fail(`entries[${i}].id must be a DID or URL`)
    if (typeof e.name !== 'string') fail(`entries[${i}].name is required`)
    if (e.trustedFor !== undefined && (!Array.isArray(e.trustedFor) || e.trustedFor.some((t) => t !== 'issuer' && t !== 'endorser' && t !== 'status'))) {
      fail(`entries[${i}].trustedFor must list "issuer", "endorser" and/or "status"`)
    }
    for (const k of ['validFrom', 'validUntil'] as const) if (e[k] !== undefined && !(typeof e[k] === 'string' && DATE_TIME.test(e[k]))) fail(`entries[${i}].${k} must be a date-time`)
  })
  return r as TrustRegistry
}

/** The registry's entry that trusts `id` for `role` at `now`, if any. */
export function findTrusted(registry: TrustRegistry, id: string, role: TrustRole, now: Date): TrustEntry | undefined {
  const t = now.getTime()
  return registry.entries.find((e) =>
    e.id === id &&
    (e.trustedFor ?? ['issuer']).includes(role) &&
    (e.validFrom === undefined || Date.parse(e.validFrom) <= t) &&
    (e.validUntil === undefined || t <= Date.parse(e.validUntil)))
}
