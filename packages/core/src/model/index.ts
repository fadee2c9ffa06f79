/**
 * The Open Badges 3.0 / VC Data Model 2.0 types and the conformance validator.
 *
 * @example
 * ```ts
 * import { validateCredential, type OpenBadgeCredential } from '@ob3/core'
 * const { valid, issues } = validateCredential(JSON.parse(text))
 * ```
 * @packageDocumentation
 */
export * from './types.js'
export {
  validateCredential,
  type CredentialKind,
  type DataModel,
  type ValidateCredentialOptions,
  type ValidationIssue,
  type ValidationResult,
} from './validate-credential.js'
