import { Ob3Error } from '../errors.js'

/** Options for {@link parseJson}. */
export interface ParseJsonOptions {
  /** Largest accepted text, in UTF-16 code units. Default 8 MiB. */
  maxLength?: number
  /** Deepest accepted nesting of objects and arrays. Default 64. */
  maxDepth?: number
  /** What the text is, for messages (`"credential.json"`). */
  label?: string
}

/** Default bound on the size of untrusted JSON. */
export const DEFAULT_MAX_JSON_LENGTH = 8 * 1024 * 1024
/** Default bound on the nesting of untrusted JSON. */
export const DEFAULT_MAX_JSON_DEPTH = 64

/**
 * Keys refused in untrusted JSON, compared after JSON escapes are decoded (`"\u005F_proto__"`
 * is `__proto__`): an object spread or a naive merge turns them into prototype changes.
 */
export const FORBIDDEN_JSON_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Text that may hold a forbidden key: one written out, or a `\u` escape (the only escape that
 * decodes to a letter or `_`, so the only way to spell one otherwise).
 */
const MAYBE_FORBIDDEN = /__proto__|constructor|prototype|\\u/

/**
 * Parse untrusted JSON with bounds: size, nesting depth (checked before parsing, so deep input
 * cannot exhaust the stack), and no `__proto__`, `constructor` or `prototype` keys, however
 * they are spelled (refused: later object spreads or merges would turn them into prototype
 * changes).
 *
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE`, `ERR_OB3_JSON_TOO_DEEP`, `ERR_OB3_JSON_INVALID`,
 *   `ERR_OB3_JSON_FORBIDDEN_KEY`
 * @example `const credential = parseJson(text, { label: 'credential.json' })`
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  const maxLength = options.maxLength ?? DEFAULT_MAX_JSON_LENGTH
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH
  const label = options.label ?? 'the input'
  if (typeof text !== 'string') throw new TypeError('parseJson: text must be a string')
  if (text.length > maxLength) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${label} is ${text.length} characters; the limit is ${maxLength}`, {
      details: { length: text.length, limit: maxLength },
    })
  }
  const depth = scanDepth(text, maxDepth)
  if (depth > maxDepth) {
    throw new Ob3Error('ERR_OB3_JSON_TOO_DEEP', `${label} nests deeper than ${maxDepth} levels`, { details: { limit: maxDepth } })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JSON_INVALID', `${label} is not valid JSON: ${(cause as Error).message}`, { cause })
  }
  // The keys are judged as decoded: a key spelled with escapes has a `\u` in the text.
  if (MAYBE_FORBIDDEN.test(text)) assertNoForbiddenKeys(value, label)
  return value
}

/**
 * Apply the bounds of {@link parseJson} to a value that was parsed elsewhere (a caller's
 * `JSON.parse`, a decoded JWT): nesting depth, and no `__proto__`, `constructor` or `prototype` keys.
 * @throws Ob3Error `ERR_OB3_JSON_TOO_DEEP`, `ERR_OB3_JSON_FORBIDDEN_KEY`
 * @example `assertSafeJsonValue(JSON.parse(text))`
 */
export function assertSafeJsonValue(value: unknown, options: Pick<ParseJsonOptions, 'maxDepth' | 'label'> = {}): void {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH
  const label = options.label ?? 'the input'
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number]
    if (typeof node !== 'object' || node === null) continue
    if (depth > maxDepth) throw new Ob3Error('ERR_OB3_JSON_TOO_DEEP', `${label} nests deeper than ${maxDepth} levels`, { details: { limit: maxDepth } })
    if (!Array.isArray(node)) assertKeysAllowed(node, label)
    for (const v of Object.values(node)) stack.push([v, depth + 1])
  }
}

/** The maximum bracket depth of JSON text, stopping early once past `limit`. Linear, no recursion. */
function scanDepth(text: string, limit: number): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      depth++
      if (depth > max) {
        max = depth
        if (max > limit) return max
      }
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}

function assertNoForbiddenKeys(root: unknown, label: string): void {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v)
      continue
    }
    assertKeysAllowed(value, label)
    for (const v of Object.values(value)) stack.push(v)
  }
}

/** Refuse an object whose own keys include a forbidden one (JSON.parse makes `__proto__` an own key). */
function assertKeysAllowed(node: object, label: string): void {
  for (const key of Object.keys(node)) {
    if (FORBIDDEN_JSON_KEYS.has(key)) {
      throw new Ob3Error('ERR_OB3_JSON_FORBIDDEN_KEY', `${label} contains a ${JSON.stringify(key)} key, which is refused (it could change object prototypes)`, { details: { key } })
    }
  }
}
