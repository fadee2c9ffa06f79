// Internal: the string formats the data model uses. Pure predicates, no regex backtracking traps
// (every pattern is linear), no Node APIs. Not exported from the package.

/**
 * An absolute URI: a scheme, `:`, then at least one character, with no whitespace, control
 * characters or `<>"`. Covers `https:`, `did:`, `urn:` and `data:` URIs. IRIs (non-ASCII) pass.
 */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f<>"]+$/

/** `YYYY-MM-DDThh:mm:ss(.fraction)?` then an optional timezone (`Z` or `±hh:mm`); RFC 3339 case rules. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** BCP 47 subset used by the spec: language, optional script, optional region. */
const LANGUAGE = /^[a-z]{2,4}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/

/** Compact JWS: three base64url segments, the payload may be empty (detached). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/

/** `ext:` extension term of an extensible vocabulary. The spec's pattern allows letters, digits, `.`, `-` and `_`. */
const EXT_TERM = /^ext:[A-Za-z0-9._-]+$/

/** IdentityHash: `md5$` + 32 hex digits or `sha256$` + 64 hex digits, either case. */
const IDENTITY_HASH = /^(?:md5\$[0-9A-Fa-f]{32}|sha256\$[0-9A-Fa-f]{64})$/

/** Subresource Integrity: one or more `sha256|sha384|sha512-<base64>` separated by spaces. */
const SRI = /^(?:sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}(?: +(?:sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2})*$/

/** Multibase: a known base prefix followed by at least one character of that alphabet (loosely). */
const MULTIBASE = /^(?:z[1-9A-HJ-NP-Za-km-z]+|u[A-Za-z0-9_-]+|m[A-Za-z0-9+/]+={0,2}|[fF][0-9A-Fa-f]+|[bB][A-Za-z2-7]+)$/

/** IANA media type `type/subtype`, optionally with parameters. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;.*)?$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
  return day <= max
}

export function isUri(value: string): boolean {
  return URI.test(value)
}

/**
 * How a date-time string parses: `'zoned'` (has `Z` or an offset: a DateTimeZ), `'local'` (a
 * valid DateTime without timezone) or `'invalid'`. Seconds run 00–59 (no leap second, as in XML
 * Schema's dateTimeStamp, which VC 2.0 uses); offsets up to ±23:59 as in RFC 3339.
 */
export function parseDateTime(value: string): 'zoned' | 'local' | 'invalid' {
  const m = DATE_TIME.exec(value)
  if (!m) return 'invalid'
  const [, y, mo, d, h, mi, s, zone, oh, om] = m
  if (!validDate(Number(y), Number(mo), Number(d))) return 'invalid'
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return 'invalid'
  if (zone === undefined) return 'local'
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return 'invalid'
  return 'zoned'
}

export function isDate(value: string): boolean {
  const m = DATE.exec(value)
  return m !== null && validDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

export function isLanguageCode(value: string): boolean {
  return LANGUAGE.test(value)
}

export function isCompactJws(value: string): boolean {
  return COMPACT_JWS.test(value)
}

export function isExtensionTerm(value: string): boolean {
  return EXT_TERM.test(value)
}

export function isIdentityHash(value: string): boolean {
  return IDENTITY_HASH.test(value)
}

export function isSri(value: string): boolean {
  return SRI.test(value)
}

export function isMultibase(value: string): boolean {
  return MULTIBASE.test(value)
}

export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value)
}

/** The VC Data Model 2.0 base context, first in a v2 `@context`. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
/** The VC Data Model 1.1 base context, first in a legacy `@context`. */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1'

/** The Open Badges 3.0 context URLs: `context.json` and `context-3.x.y.json` under the OB purl. */
export const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(?:-3\.\d\.\d)*\.json$/

/** Short English description of a JSON value's kind, for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array'
  switch (typeof value) {
    case 'string': return value.length > 60 ? `the string "${value.slice(0, 57)}..."` : `the string "${value}"`
    case 'number': return `the number ${value}`
    case 'boolean': return `the boolean ${value}`
    case 'object': return 'an object'
    default: return `a ${typeof value}`
  }
}
