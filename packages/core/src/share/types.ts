/**
 * The share document and the limits of share links. A share is what a holder hands a verifier:
 * a signed presentation and, optionally, the artifact files behind its credentials.
 * @packageDocumentation
 */

/**
 * The version tag every share link fragment starts with.
 * @example `link.includes('#' + SHARE_LINK_PREFIX + '.') // an ob3 share link`
 */
export const SHARE_LINK_PREFIX = 'ob3s1'

/**
 * Longest inline share link, in characters, counting the base URL: 2,000. Up to this length a
 * link still fits a QR code that phones read reliably (version 40 holds 2,331 bytes at
 * error-correction level M). A share whose inline link would be longer goes to a share host as an
 * encrypted bundle, and its link carries only the bundle's address and key.
 * @example `link.length <= MAX_INLINE_SHARE_LINK_LENGTH`
 */
export const MAX_INLINE_SHARE_LINK_LENGTH = 2000

/**
 * Largest share document accepted, in bytes of UTF-8 JSON, after inflating an inline link: 16 MiB.
 * An inline link that inflates to more is refused before it is all decompressed.
 * @example `decodeShareLink(link) // refuses more than MAX_SHARE_DOCUMENT_BYTES inflated`
 */
export const MAX_SHARE_DOCUMENT_BYTES = 16 * 1024 * 1024

/**
 * Largest encrypted share bundle fetched from a share host: 256 MiB (a presentation and its
 * artifacts, base64url-encoded inside the encrypted JSON).
 * @example `await openShareLink(link, { fetch, maxBytes: MAX_SHARE_BUNDLE_BYTES / 4 })`
 */
export const MAX_SHARE_BUNDLE_BYTES = 256 * 1024 * 1024

/**
 * Most artifact files one share carries (as the verifier checks at most).
 * @example `document.artifacts.length <= MAX_SHARE_ARTIFACTS`
 */
export const MAX_SHARE_ARTIFACTS = 256

/**
 * One file shared with a presentation: an artifact of a credential's evidence.
 * @example `{ name: 'student-work.png', mediaType: 'image/png', data: toBase64Url(bytes) }`
 */
export interface ShareArtifact {
  /** The file's name, as the holder shows it. */
  name: string
  /** Its media type, e.g. `image/png`. */
  mediaType: string
  /** The bytes, base64url without padding. */
  data: string
}

/**
 * What a share link carries (inline) or points to (an encrypted bundle on a share host).
 * @example
 * ```ts
 * const document: ShareDocument = { v: 1, presentation: signedVp, artifacts: [] }
 * ```
 */
export interface ShareDocument {
  /** The format version: 1. */
  v: 1
  /** The signed VerifiablePresentation (JSON with a Data Integrity proof), or a VP-JWT. */
  presentation: Record<string, unknown> | string
  /** The files shared with it. */
  artifacts: ShareArtifact[]
}

/**
 * A decoded share link: the whole share (inline), or where its encrypted bundle is and the key.
 * @example `if (decoded.kind === 'hosted') console.log(decoded.bundleUrl)`
 */
export type DecodedShareLink =
  | { kind: 'inline'; document: ShareDocument }
  | { kind: 'hosted'; bundleUrl: string; key: Uint8Array }
