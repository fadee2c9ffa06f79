import { concatBytes, utf8 } from '../encoding/bytes.js'
import { checkShareDocument } from './check-share-document.js'
import type { ShareDocument } from './types.js'

/**
 * The additional authenticated data of every share bundle: binds the ciphertext to this format.
 * @example `crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: SHARE_BUNDLE_AAD }, key, data)`
 */
export const SHARE_BUNDLE_AAD: Uint8Array = utf8('ob3s1.bundle')

/** An encrypted share bundle and the key that opens it. */
export interface EncryptedShareBundle {
  /** The 32-byte AES-256-GCM key. It goes into the link's fragment, never to the share host. */
  key: Uint8Array
  /** `nonce (12 bytes) ‖ AES-256-GCM ciphertext and tag` of the document's UTF-8 JSON. */
  bundle: Uint8Array
}

/**
 * Encrypt a share document for a share host with AES-256-GCM (WebCrypto): a fresh random key
 * (unless one is given) and a random 12-byte nonce. The host stores bytes it cannot read.
 *
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_INVALID` when `document` is not a share document; TypeError for a key that is not 32 bytes
 * @example
 * ```ts
 * const { key, bundle } = await encryptShareBundle({ v: 1, presentation, artifacts: [] })
 * ```
 */
export async function encryptShareBundle(document: ShareDocument, key?: Uint8Array): Promise<EncryptedShareBundle> {
  const k = key ?? crypto.getRandomValues(new Uint8Array(32))
  if (!(k instanceof Uint8Array) || k.length !== 32) throw new TypeError('encryptShareBundle: key must be 32 bytes')
  const plaintext = utf8(JSON.stringify(checkShareDocument(document)))
  const nonce = crypto.getRandomValues(new Uint8Array(12))
  const cryptoKey = await crypto.subtle.importKey('raw', k as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt'])
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: SHARE_BUNDLE_AAD as Uint8Array<ArrayBuffer> }, cryptoKey, plaintext as Uint8Array<ArrayBuffer>)
  return { key: k, bundle: concatBytes(nonce, new Uint8Array(sealed)) }
}
