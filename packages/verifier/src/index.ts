/**
 * `@ob3/verifier`: verify Open Badges 3.0 credentials and return a report of named checks.
 * Runs in Node and in browsers.
 * @packageDocumentation
 */
export * from './report.js'
export * from './load-input.js'
export * from './verify.js'
export type { StatusListCache } from './checks/status.js'
export * from './trust-registry.js'
export type { TrustPolicy } from './checks/trust.js'
