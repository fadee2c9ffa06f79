import { describe } from './formats.js'
import { CLASS_SPECS } from './rules-classes.js'
import { CREDENTIAL_SPECS, type CredentialKind, type DataModel, detectDataModel, detectKind } from './rules-credential.js'
import { type ClassSpec, checkObject } from './rules-fields.js'
import { type ClassName, Walker, isObject } from './walk.js'

export type { CredentialKind, DataModel }

/** Options for {@link validateCredential}. */
export interface ValidateCredentialOptions {
  /**
   * Most issues listed (default 100). When more are found, the list ends with one extra
   * `issues-truncated` warning, and validation may stop early once an error is known.
   */
  maxIssues?: number
}

/**
 * One conformance problem. `rule` is a stable kebab-case id (narrow on it); `message` is plain
 * English and may change.
 *
 * Rule ids: `not-object`, `required`, `unexpected-null`, `not-array`, `empty-array`,
 * `single-value`, `several-values` (warning), `not-string`, `not-number`, `not-boolean`, `additional-property`, `enum`,
 * `format-uri`, `format-datetime`, `format-date`, `format-language`, `format-jws`,
 * `format-multibase`, `format-sri`, `format-media-type`, `format-integer`, `context-order`,
 * `context-item`, `type-missing`, `image-object` (warning), `legacy-date` (warning),
 * `criteria-id-or-narrative` (warning), `subject-id-or-identifier`, `identity-hash-format`,
 * `result-status-required`, `proof-purpose`, `max-depth`, `internal-error`, `issues-truncated`
 * (warning).
 */
export interface ValidationIssue {
  /** Stable kebab-case rule id, e.g. `required` or `format-datetime`. */
  rule: string
  /** JSON pointer to the offending (or missing) value, e.g. `/credentialSubject/achievement/criteria`; `''` is the root. */
  path: string
  /** What is wrong and where, in plain English. */
  message: string
  /** `error` breaks conformance; `warning` is tolerated but worth fixing. */
  severity: 'error' | 'warning'
}

/** What {@link validateCredential} found. */
export interface ValidationResult {
  /** True when there is no error-severity issue. */
  valid: boolean
  /** `achievement` (AchievementCredential/OpenBadgeCredential), `endorsement` (EndorsementCredential) or `unknown`. */
  kind: CredentialKind
  /** `v2` (VC Data Model 2.0), `v1.1` (legacy) or `unknown`, from `@context`. */
  dataModel: DataModel
  /** Every issue found, capped by `maxIssues`: an object's own issues, then those of the objects inside it, depth first. */
  issues: ValidationIssue[]
}

const DEFAULT_MAX_ISSUES = 100

const SPECS: Record<ClassName, ClassSpec> = { ...CREDENTIAL_SPECS, ...CLASS_SPECS }

const ROOT_CLASS: Record<CredentialKind, ClassName> = {
  achievement: 'AchievementCredential',
  endorsement: 'EndorsementCredential',
  unknown: 'Credential',
}

/**
 * Check that a parsed JSON value conforms to the Open Badges 3.0 data model: an
 * AchievementCredential/OpenBadgeCredential or an EndorsementCredential, in VC Data Model 2.0
 * form or legacy VC 1.1 form. Checks `@context` order, `type`, the required properties of every
 * class, sets, null and empty values, URI and date-time formats, vocabularies, IdentityObject
 * hashes, the recipient id-or-identifier rule and embedded endorsements (nested up to 8 deep).
 * It does not check proofs, status or dates against a clock.
 *
 * Never throws for any `input`: problems come back as {@link ValidationIssue}s. Work is iterative
 * and linear in the size of the input.
 *
 * @throws TypeError only when `options.maxIssues` is not a positive integer.
 * @example
 * ```ts
 * const result = validateCredential(JSON.parse(text))
 * if (!result.valid) for (const i of result.issues) console.log(i.severity, i.rule, i.path, i.message)
 * ```
 */
export function validateCredential(input: unknown, options: ValidateCredentialOptions = {}): ValidationResult {
  const maxIssues = options?.maxIssues ?? DEFAULT_MAX_ISSUES
  if (!Number.isInteger(maxIssues) || maxIssues < 1) {
    throw new TypeError('validateCredential: options.maxIssues must be a positive integer')
  }
  const w = new Walker(maxIssues)
  if (!isObject(input)) {
    w.report('not-object', '', `A credential must be a JSON object; got ${describe(input)}.`)
    return { valid: false, kind: 'unknown', dataModel: 'unknown', issues: w.finish() }
  }
  let kind: CredentialKind = 'unknown'
  let dataModel: DataModel = 'unknown'
  try {
    kind = detectKind(input)
    dataModel = detectDataModel(input)
    w.visit(ROOT_CLASS[kind], input, '', 0)
    for (let task = w.next(); task !== undefined; task = w.next()) checkObject(SPECS[task.cls], task, w)
  } catch (cause) {
    // Only reachable with hand-built objects (throwing getters, proxies); JSON data cannot throw here.
    w.report('internal-error', '', `The input could not be read: ${cause instanceof Error ? cause.message : String(cause)}.`)
  }
  return { valid: !w.hasError, kind, dataModel, issues: w.finish() }
}
