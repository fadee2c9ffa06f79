// Internal: the issue collector and the explicit work stack of the validator. Objects are checked
// one at a time from a stack (no recursion), so deeply nested or very large input cannot exhaust
// the call stack, and a visited map ends cycles in hand-built (non-JSON) objects.
import type { ValidationIssue } from './validate-credential.js'

/** The classes the validator knows. */
export type ClassName =
  | 'AchievementCredential' | 'EndorsementCredential' | 'Credential'
  | 'AchievementSubject' | 'EndorsementSubject' | 'Achievement' | 'Profile' | 'Criteria' | 'Alignment'
  | 'Evidence' | 'Related' | 'Result' | 'ResultDescription' | 'RubricCriterionLevel' | 'IdentityObject'
  | 'IdentifierEntry' | 'Image' | 'Address' | 'GeoCoordinates' | 'CredentialStatus' | 'RefreshService'
  | 'CredentialSchema' | 'TermsOfUse' | 'Proof'

/** One object waiting to be checked. `depth` counts the embedded endorsements above it. */
export interface Task {
  cls: ClassName
  value: Record<string, unknown>
  path: string
  depth: number
}

/** Deepest nesting of embedded endorsements that is validated. */
export const MAX_ENDORSEMENT_DEPTH = 8

export class Walker {
  readonly issues: ValidationIssue[] = []
  hasError = false
  private truncated = false
  private readonly stack: Task[] = []
  private pending: Task[] = []
  private readonly seen = new WeakMap<object, Set<ClassName>>()

  constructor(private readonly maxIssues: number) {}

  report(rule: string, path: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (severity === 'error') this.hasError = true
    if (this.issues.length < this.maxIssues) this.issues.push({ rule, path, message, severity })
    else this.truncated = true
  }

  /** Queue an object for checking as `cls`; each object is checked at most once per class. */
  visit(cls: ClassName, value: Record<string, unknown>, path: string, depth: number): void {
    let classes = this.seen.get(value)
    if (classes === undefined) this.seen.set(value, (classes = new Set()))
    if (classes.has(cls)) return
    classes.add(cls)
    this.pending.push({ cls, value, path, depth })
  }

  /**
   * The next object to check, depth first (children queued by the last check come first).
   * Stops early once the issue list is full and the verdict is known (an error was seen).
   */
  next(): Task | undefined {
    for (let i = this.pending.length - 1; i >= 0; i--) this.stack.push(this.pending[i] as Task)
    this.pending = []
    if (this.issues.length >= this.maxIssues && this.hasError) {
      if (this.stack.length > 0) this.truncated = true
      return undefined
    }
    return this.stack.pop()
  }

  /** The issues, with a closing `issues-truncated` warning when some were left out. */
  finish(): ValidationIssue[] {
    if (this.truncated) {
      this.issues.push({
        rule: 'issues-truncated',
        path: '',
        message: `Stopped after maxIssues (${this.maxIssues}) issues; the rest of the input was not fully checked.`,
        severity: 'warning',
      })
    }
    return this.issues
  }
}

/** Append one reference token to a JSON pointer (escaping `~` and `/`). */
export function pointer(path: string, token: string | number): string {
  if (typeof token === 'number' || (!token.includes('~') && !token.includes('/'))) return `${path}/${token}`
  return `${path}/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

/** `path` for messages: the root is shown as `(root)`. */
export function at(path: string): string {
  return path === '' ? '(root)' : path
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key)
}
