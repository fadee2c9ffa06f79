/**
 * Small checks shared by the definition, catalogue and award validators: each reports a problem
 * as a JSON pointer and a message, so that every problem can be listed at once.
 * @internal
 */

/** A plain JSON object. */
export type Obj = Record<string, unknown>
/** Where a validator reports one problem. */
export type Add = (path: string, message: string) => void

/** A URI (scheme, colon, no spaces or control characters). */
export const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f<>"]+$/
/** A short identifier: letters, digits, ".", "_", "-". */
export const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
/** An `ext:` extension term. */
export const EXT = /^ext:[A-Za-z0-9._-]+$/
/** An email address, loosely: something@domain.tld. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** A date-time with a time zone. */
export const DATE_TIME_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''

/** A key as a JSON pointer segment (RFC 6901). */
export const segment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1')

/** Report every key of `obj` that is not in `allowed`. */
export function unknownKeys(obj: Obj, allowed: readonly string[], path: string, add: Add): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) add(`${path}/${segment(key)}`, 'is not a known property')
}

/** Check a text field (a non-empty string). */
export function text(obj: Obj, key: string, path: string, add: Add, required: boolean): void {
  const v = obj[key]
  if (v === undefined) {
    if (required) add(`${path}/${key}`, 'is required')
  } else if (!isText(v)) add(`${path}/${key}`, 'must be a non-empty string')
}

/** Check a URI field. */
export function uri(obj: Obj, key: string, path: string, add: Add, required: boolean): void {
  const v = obj[key]
  if (v === undefined) {
    if (required) add(`${path}/${key}`, 'is required')
  } else if (typeof v !== 'string' || !URI.test(v)) add(`${path}/${key}`, 'must be a URI')
}
