/**
 * Types shared by the baking functions, and the few checks PNG and SVG baking have in common.
 *
 * Only the types and {@link DEFAULT_MAX_BAKED_INPUT_BYTES} are re-exported from the package; the
 * functions marked `@internal` are helpers for the files of this folder. (They live here rather than
 * in a `credential-text.ts` of their own only because this change was limited to a fixed list of
 * files.)
 * @packageDocumentation
 */
import { parseJson } from '../json/parse-json.js'
import { Ob3Error } from '../errors.js'

/**
 * A credential taken out of a baked image: a VC-JWT (compact JWS, checked for shape only) or an
 * embedded-proof credential (parsed JSON, plus the text it was parsed from). Nothing is verified.
 *
 * @example
 * ```ts
 * const baked: BakedCredential = await extractPng(bytes)
 * if (baked.format === 'jwt') console.log(baked.jwt.split('.').length) // 3
 * else console.log(baked.credential)
 * ```
 */
export type BakedCredential =
  | { readonly format: 'jwt'; readonly jwt: string }
  | { readonly format: 'json'; readonly credential: unknown; readonly text: string }

/**
 * Default bound on an image read by `extractPng` / `extractSvg`: 16 MiB.
 * @example `await extractPng(bytes, { maxBytes: DEFAULT_MAX_BAKED_INPUT_BYTES / 4 })`
 */
export const DEFAULT_MAX_BAKED_INPUT_BYTES = 16 * 1024 * 1024

/**
 * The `maxBytes` option, checked; the default when absent.
 * @internal
 * @example `const limit = resolveMaxBytes(options.maxBytes, 'extractPng')`
 */
export function resolveMaxBytes(maxBytes: number | undefined, fn: string): number {
  if (maxBytes === undefined) return DEFAULT_MAX_BAKED_INPUT_BYTES
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new TypeError(`${fn}: options.maxBytes must be a positive integer`)
  }
  return maxBytes
}

/**
 * Throw `ERR_OB3_INPUT_TOO_LARGE` when `size` is over `limit`.
 * @internal
 * @example `assertWithinLimit(image.byteLength, 16 * 1024 * 1024, 'PNG image')`
 */
export function assertWithinLimit(size: number, limit: number, what: string): void {
  if (size > limit) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${what} is ${size} bytes; the limit is ${limit}`, {
      details: { size, limit },
    })
  }
}

/**
 * True when `text` has the shape of a compact JWS: three non-empty base64url parts joined by dots.
 * A plain loop, linear in the length of `text`. The signature is not checked.
 * @internal
 * @example `isCompactJws('eyJhbGciOiJFZERTQSJ9.e30.c2ln') // true`
 */
export function isCompactJws(text: string): boolean {
  let dots = 0
  let partLength = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x2e) {
      if (partLength === 0 || ++dots > 2) return false
      partLength = 0
    } else if (
      (c >= 0x41 && c <= 0x5a) || // A-Z
      (c >= 0x61 && c <= 0x7a) || // a-z
      (c >= 0x30 && c <= 0x39) || // 0-9
      c === 0x2d || // -
      c === 0x5f // _
    ) {
      partLength++
    } else {
      return false
    }
  }
  return dots === 2 && partLength > 0
}

/**
 * Turn the `credential` option of a bake function into the text to bake. A string must be a compact
 * JWS and is baked as-is; an object (not an array) is serialized with `JSON.stringify`.
 * @internal
 * @throws TypeError naming the argument when the credential is neither.
 * @example `credentialToText({ type: ['VerifiableCredential'] }, 'bakePng') // { format: 'json', text: '{"type":…}' }`
 */
export function credentialToText(credential: unknown, fn: string): { format: 'jwt' | 'json'; text: string } {
  if (typeof credential === 'string') {
    if (!isCompactJws(credential)) {
      throw new TypeError(
        `${fn}: options.credential must be a compact JWS (VC-JWT) when it is a string; pass an object for a credential with an embedded proof`,
      )
    }
    return { format: 'jwt', text: credential }
  }
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new TypeError(`${fn}: options.credential must be a compact JWS string or a credential object`)
  }
  let text: unknown
  try {
    text = JSON.stringify(credential)
  } catch (cause) {
    throw new TypeError(`${fn}: options.credential cannot be serialized as JSON: ${(cause as Error).message}`, { cause })
  }
  if (typeof text !== 'string' || !text.startsWith('{')) {
    throw new TypeError(`${fn}: options.credential must serialize to a JSON object`)
  }
  return { format: 'json', text }
}

/**
 * Remove leading and trailing XML whitespace (space, tab, CR, LF), the only whitespace JSON and
 * XML agree on. `String.prototype.trim` would also remove NBSP, U+FEFF and others.
 * @internal
 * @example `trimXmlWhitespace('\n  {"a":1}\n') // '{"a":1}'`
 */
export function trimXmlWhitespace(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isXmlWhitespace(text.charCodeAt(start))) start++
  while (end > start && isXmlWhitespace(text.charCodeAt(end - 1))) end--
  return start === 0 && end === text.length ? text : text.slice(start, end)
}

/**
 * True for the four XML whitespace characters.
 * @internal
 * @example `isXmlWhitespace(0x20) // true`
 */
export function isXmlWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

/**
 * Parse the JSON text of an embedded-proof credential. The caller has checked it starts with `{`.
 * @internal
 * @throws Ob3Error `ERR_OB3_JSON_INVALID`
 * @example `parseCredentialJson('{"type":["VerifiableCredential"]}', 'PNG credential')`
 */
export function parseCredentialJson(text: string, what: string): BakedCredential {
  // The same bounds as any other JSON input: depth, and no `__proto__` keys (which JSON-LD
  // processing would drop silently, leaving content the signature does not cover).
  return { format: 'json', credential: parseJson(text, { label: what, maxLength: Number.MAX_SAFE_INTEGER }), text }
}

/**
 * Classify baked text the way the 1EdTech validator does: trimmed, text starting with `{` is a
 * JSON credential, anything else must be a compact JWS.
 * @internal
 * @throws Ob3Error `invalidCode` when the text is neither; `ERR_OB3_JSON_INVALID` for broken JSON.
 * @example `parseCredentialText(text, 'ERR_OB3_PNG_INVALID', 'PNG credential')`
 */
export function parseCredentialText(
  text: string,
  invalidCode: 'ERR_OB3_PNG_INVALID' | 'ERR_OB3_SVG_INVALID',
  what: string,
): BakedCredential {
  const trimmed = trimXmlWhitespace(text)
  if (trimmed.startsWith('{')) return parseCredentialJson(trimmed, what)
  if (isCompactJws(trimmed)) return { format: 'jwt', jwt: trimmed }
  throw new Ob3Error(invalidCode, `${what} is neither a JSON credential nor a compact JWS`)
}
