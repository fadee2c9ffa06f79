import { Ob3Error } from '../errors.js'
import { toBase64Url, utf8 } from '../encoding/bytes.js'
import { checkShareDocument } from './check-share-document.js'
import { deflateRaw } from './deflate.js'
import { MAX_INLINE_SHARE_LINK_LENGTH, SHARE_LINK_PREFIX, type ShareDocument } from './types.js'

/** Options for {@link encodeShareLink}. */
export interface EncodeShareLinkOptions {
  /** The verifier page the link opens, e.g. `https://verify.example.org/`. It must have no `#`. */
  baseUrl: string
  /** The share: a signed presentation and its artifact files. */
  document: ShareDocument
  /**
   * Longest link produced. Default {@link MAX_INLINE_SHARE_LINK_LENGTH} (2,000 characters, so
   * the link fits a QR code).
   */
  maxLength?: number
}

/**
 * Encode a share as an inline link: `<baseUrl>#ob3s1.i.<base64url(deflate-raw(UTF-8 JSON))>`.
 * The whole share travels in the URL fragment, which browsers never send to a server.
 *
 * Inline links are for small shares only: the whole link must be at most
 * {@link MAX_INLINE_SHARE_LINK_LENGTH} (2,000) characters, so that it fits a QR code. A larger
 * share is refused here (`ERR_OB3_SHARE_LINK_TOO_LONG`); put it on a share host instead
 * ({@link encryptShareBundle}, {@link encodeHostedShareLink}).
 *
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_TOO_LONG` (details: `length`, `limit`),
 *   `ERR_OB3_SHARE_LINK_INVALID` (not a share document); TypeError for a base URL with a `#`
 * @example
 * ```ts
 * const link = await encodeShareLink({ baseUrl: 'https://verify.example.org/', document })
 * // 'https://verify.example.org/#ob3s1.i.q1YqU…'
 * ```
 */
export async function encodeShareLink(options: EncodeShareLinkOptions): Promise<string> {
  const base = checkBaseUrl(options.baseUrl, 'encodeShareLink')
  const limit = options.maxLength ?? MAX_INLINE_SHARE_LINK_LENGTH
  const document = checkShareDocument(options.document)
  const packed = await deflateRaw(utf8(JSON.stringify(document)))
  const link = `${base}#${SHARE_LINK_PREFIX}.i.${toBase64Url(packed)}`
  if (link.length > limit) {
    throw new Ob3Error('ERR_OB3_SHARE_LINK_TOO_LONG', `the inline share link would be ${link.length} characters; the limit is ${limit} (share it through a share host instead)`, {
      details: { length: link.length, limit },
    })
  }
  return link
}

/** Options for {@link encodeHostedShareLink}. */
export interface EncodeHostedShareLinkOptions {
  /** The verifier page the link opens. It must have no `#`. */
  baseUrl: string
  /** Where the encrypted bundle can be fetched (http or https). */
  bundleUrl: string
  /** The 32-byte AES-256-GCM key of the bundle (from {@link encryptShareBundle}). */
  key: Uint8Array
}

/**
 * Encode a link to an encrypted bundle on a share host:
 * `<baseUrl>#ob3s1.h.<base64url(bundleUrl)>.<base64url(key)>`. The key is in the fragment
 * only, so the share host, which holds the bundle, never sees it.
 *
 * @throws TypeError for a base URL with a `#`, a bundle URL that is not http(s), a key that is not 32 bytes
 * @example
 * ```ts
 * const { key, bundle } = await encryptShareBundle(document)
 * const { url } = await upload.put(bundle)
 * const link = encodeHostedShareLink({ baseUrl: 'https://verify.example.org/', bundleUrl: url, key })
 * ```
 */
export function encodeHostedShareLink(options: EncodeHostedShareLinkOptions): string {
  const base = checkBaseUrl(options.baseUrl, 'encodeHostedShareLink')
  if (!isHttpUrl(options.bundleUrl)) throw new TypeError('encodeHostedShareLink: bundleUrl must be an http or https URL')
  if (!(options.key instanceof Uint8Array) || options.key.length !== 32) throw new TypeError('encodeHostedShareLink: key must be 32 bytes')
  return `${base}#${SHARE_LINK_PREFIX}.h.${toBase64Url(utf8(options.bundleUrl))}.${toBase64Url(options.key)}`
}

/** Whether a string is an absolute http or https URL. @internal */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 4096) return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

function checkBaseUrl(baseUrl: unknown, fn: string): string {
  if (typeof baseUrl !== 'string' || baseUrl === '' || baseUrl.includes('#')) throw new TypeError(`${fn}: baseUrl must be a URL without a fragment (#)`)
  return baseUrl
}
