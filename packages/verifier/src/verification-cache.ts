import { createResponseCache, DEFAULT_CACHE_MAX_AGE_MS, type ResponseCache } from '@ob3/core'

/** What verifications share: the documents they fetched (DID documents, controller documents, status lists). */
export interface VerificationCache {
  /** Fetched documents by URL, each kept for its lifetime (see {@link createVerificationCache}). */
  responses: ResponseCache
}

/** Options for {@link createVerificationCache}. */
export interface CreateVerificationCacheOptions {
  /**
   * The longest a fetched document is kept, in milliseconds, whatever its HTTP cache headers
   * allow. Default 5 minutes; 0 keeps nothing.
   */
  maxAgeMs?: number
  /** The clock, in milliseconds since 1970 (tests). Default `Date.now`. */
  now?: () => number
  /** Most documents kept; the oldest go first. Default 1,000. */
  maxEntries?: number
}

/**
 * A cache for many verifications in a row (a batch, a server): did:web DID documents, controller
 * documents and verification methods fetched over https, and status lists, kept by URL for as
 * long as their `Cache-Control` (`max-age`, `no-store`, `no-cache`) or `Expires` allows and never
 * longer than `maxAgeMs` (default 5 minutes). An issuer that removes a compromised key is believed
 * within that time. Without a cache, each `verify()` call fetches afresh.
 *
 * @example
 * ```ts
 * const cache = createVerificationCache({ maxAgeMs: 60_000 })
 * for (const file of files) await verify({ input: file, fetch, cache })
 * ```
 */
export function createVerificationCache(options: CreateVerificationCacheOptions = {}): VerificationCache {
  return {
    responses: createResponseCache({
      maxAgeMs: options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
    }),
  }
}
