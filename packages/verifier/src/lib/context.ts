import type { DocumentLoader, KeyResolver, PublishedKeysResolver } from '@ob3/core'
import type { StatusIssuerPolicy } from '../checks/status.js'
import type { TrustPolicy } from '../checks/trust.js'
import type { TrustRegistry } from '../trust-registry.js'
import type { VerificationCache } from '../verification-cache.js'

/** Everything the checks share during one verification. Internal. */
export interface VerifyContext {
  now: Date
  /** The fetch, already wrapped by the safe fetch (or undefined: offline). */
  fetch: typeof fetch | undefined
  resolveKey: KeyResolver
  /** The keys an identifier's own document publishes (to bind a JWT header `jwk`). */
  publishedKeys: PublishedKeysResolver
  documentLoader: DocumentLoader
  cache: VerificationCache
  /** The unbundled contexts accepted (given, mapped or allowed), and which of them are fetched. */
  extraContexts: ExtraContexts
  keyBinding: 'lenient' | 'strict'
  /** Whether a presentation's holder must be the subject of every credential (`require`) or a mismatch is a remark (`warn`). */
  subjectBinding: 'require' | 'warn'
  trust: TrustRegistry | undefined
  trustPolicy: TrustPolicy
  /** Whether a status list signed by someone other than the credential's issuer counts (`lenient`, with a warning) or fails (`strict`). */
  statusIssuer: StatusIssuerPolicy
}

/** Which context URLs that are not bundled a verification accepts. Internal. */
export interface ExtraContexts {
  has(url: string): boolean
  /** True for an accepted context that is fetched (not handed in): it must load to pass. */
  mustLoad?(url: string): boolean
}

/** A string value, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

/** An object property as a record, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** A value that may be one item or an array, as an array. */
export function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** The credentialSubject (the first, when there are several). */
export function subjectOf(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  return obj(list(doc.credentialSubject)[0])
}

/** The achievement of an OB 3.0 credential. */
export function achievementOf(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  return obj(subjectOf(doc)?.achievement)
}
