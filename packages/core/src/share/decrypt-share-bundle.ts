import { Ob3Error } from '../errors.js'
import { fromUtf8 } from '../encoding/bytes.js'
import { parseShareDocument } from './check-share-document.js'
import { SHARE_BUNDLE_AAD } from './encrypt-share-bundle.js'
import type { ShareDocument } from './types.js'

/**
 * Decrypt a share bundle (`nonce ‖ AES-256-GCM ciphertext`) with its key and check the document.
 * A bundle changed by one bit, or the wrong key, fails authentication.
 *
 * @throws Ob3Error `ERR_OB3_SHARE_DECRYPT_FAILED` (tampered, truncated, or another key),
 *   `ERR_OB3_SHARE_LINK_INVALID` (decrypts, but is not a share document); TypeError for a key that is not 32 bytes
 * @example
 * ```ts
 * const document = await decryptShareBundle(bundle, key)
 * ```
 */
export async function decryptShareBundle(bundle: Uint8Array, key: Uint8Array): Promise<ShareDocument> {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('decryptShareBundle: key must be 32 bytes')
  if (!(bundle instanceof Uint8Array)) throw new TypeError('decryptShareBundle: bundle must be a Uint8Array')
  if (bundle.length < 12 + 16) throw new Ob3Error('ERR_OB3_SHARE_DECRYPT_FAILED', 'the share bundle is too short to be one')
  let plaintext: Uint8Array
  try {
    const cryptoKey = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['decrypt'])
    plaintext = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bundle.subarray(0, 12) as Uint8Array<ArrayBuffer>, additionalData: SHARE_BUNDLE_AAD as Uint8Array<ArrayBuffer> },
      cryptoKey,
      bundle.subarray(12) as Uint8Array<ArrayBuffer>,
    ))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_SHARE_DECRYPT_FAILED', 'the share bundle does not decrypt with the link\'s key: it was altered, or the link is not the one made for it', { cause })
  }
  let text: string
  try {
    text = fromUtf8(plaintext)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', 'the decrypted share bundle is not UTF-8 text', { cause })
  }
  return parseShareDocument(text, plaintext.length + 1)
}
