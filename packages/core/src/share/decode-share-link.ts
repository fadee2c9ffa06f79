import { Ob3Error } from '../errors.js'
import { fromBase64Url, fromUtf8 } from '../encoding/bytes.js'
import { parseShareDocument } from './check-share-document.js'
import { inflateRawBounded } from './deflate.js'
import { isHttpUrl } from './encode-share-link.js'
import { MAX_SHARE_DOCUMENT_BYTES, SHARE_LINK_PREFIX, type DecodedShareLink } from './types.js'

/** Longest link text looked at (an inline payload of at most this many characters). */
const MAX_LINK_LENGTH = 24 * 1024 * 1024
const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * Decode a share link (or just its fragment, `ob3s1.…`) without fetching anything: an inline
 * link gives the share document, a hosted link the bundle's URL and key. An inline payload is
 * inflated to at most {@link MAX_SHARE_DOCUMENT_BYTES} (16 MiB).
 *
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_INVALID` (no `#ob3s1.` fragment, a kind other than `i` or
 *   `h`, bad base64url, not compressed JSON, not a share document, a key that is not 32 bytes, a
 *   bundle URL that is not http(s)), `ERR_OB3_INPUT_TOO_LARGE`
 * @example
 * ```ts
 * const decoded = await decodeShareLink(link)
 * if (decoded.kind === 'inline') console.log(decoded.document.presentation)
 * ```
 */
export async function decodeShareLink(link: string): Promise<DecodedShareLink> {
  if (typeof link !== 'string') throw new TypeError('decodeShareLink: link must be a string')
  if (link.length > MAX_LINK_LENGTH) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the share link is ${link.length} characters; the limit is ${MAX_LINK_LENGTH}`, { details: { limit: MAX_LINK_LENGTH } })
  }
  const text = link.trim()
  const hash = text.indexOf('#')
  const fragment = hash >= 0 ? text.slice(hash + 1) : text
  const parts = fragment.split('.')
  if (parts[0] !== SHARE_LINK_PREFIX) {
    invalid(hash >= 0 ? `the link's fragment does not start with "${SHARE_LINK_PREFIX}.": it is not an ob3 share link` : 'the text is not an ob3 share link (no #ob3s1. fragment)')
  }
  if (parts[1] === 'i') {
    if (parts.length !== 3) invalid('an inline share link has the form #ob3s1.i.<payload>')
    const packed = decodePart(parts[2], 'payload')
    const json = await inflateRawBounded(packed, MAX_SHARE_DOCUMENT_BYTES)
    return { kind: 'inline', document: parseShareDocument(utf8Text(json, 'payload'), MAX_SHARE_DOCUMENT_BYTES) }
  }
  if (parts[1] === 'h') {
    if (parts.length !== 4) invalid('a hosted share link has the form #ob3s1.h.<bundle URL>.<key>')
    const bundleUrl = utf8Text(decodePart(parts[2], 'bundle URL'), 'bundle URL')
    if (!isHttpUrl(bundleUrl)) invalid('the share link\'s bundle address is not an http or https URL')
    const key = decodePart(parts[3], 'key')
    if (key.length !== 32) invalid(`the share link's key is ${key.length} bytes; an AES-256 key is 32`)
    return { kind: 'hosted', bundleUrl, key }
  }
  return invalid(`unknown share link kind ${JSON.stringify(parts[1] ?? '')} (expected "i" for inline or "h" for hosted)`)
}

function decodePart(part: string | undefined, what: string): Uint8Array {
  if (part === undefined || !BASE64URL.test(part)) invalid(`the share link's ${what} is not base64url`)
  try {
    return fromBase64Url(part)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', `the share link's ${what} is not valid base64url`, { cause })
  }
}

function utf8Text(bytes: Uint8Array, what: string): string {
  try {
    return fromUtf8(bytes)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', `the share link's ${what} is not UTF-8 text`, { cause })
  }
}

function invalid(message: string): never {
  throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', message)
}
