/**
 * `@ob3/verifier`: verify Open Badges 3.0 credentials and presentations, and return a report of
 * named checks. Runs in Node and in browsers.
 * @packageDocumentation
 */
export * from './report.js'
export * from './load-input.js'
export * from './verify.js'
export type { StatusListCache } from './checks/status.js'
export * from './trust-registry.js'
export type { TrustPolicy } from './checks/trust.js'
export { describeEndorsement, MAX_ENDORSEMENTS, MAX_ENDORSEMENT_DEPTH } from './checks/endorsements.js'
export { MAX_PRESENTED_CREDENTIALS } from './lib/verify-presentation.js'
export { createSafeFetch, isSafeFetch, MAX_REDIRECTS, type CreateSafeFetchOptions } from './safe-fetch.js'
export * from './sum-credits.js'
export * from './load-trust-registry.js'
export { isIssuerConfirmed } from './issuer-confirmed.js'
