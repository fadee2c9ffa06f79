import { Ob3Error } from '../errors.js'
import { OB3_PNG_KEYWORD, encodeITxt, isCredentialChunk, parsePngChunks, serializePngChunks } from './png-chunks.js'
import { credentialToText } from './types.js'

/** Options for {@link bakePng}. */
export interface BakePngOptions {
  /** The PNG to bake into. It is parsed and checked (signature, chunk lengths, CRCs). */
  image: Uint8Array
  /**
   * A compact JWS (VC-JWT), baked as-is, or a credential object with an embedded proof, baked as
   * `JSON.stringify(credential)`.
   */
  credential: string | object
  /** Replace a credential already baked into the image instead of failing. Default `false`. */
  overwrite?: boolean
}

/**
 * Bake an Open Badges 3.0 credential into a PNG (OB 3.0 §"Baking", PNG): one uncompressed `iTXt`
 * chunk with keyword `openbadgecredential`, empty language tag and translated keyword, UTF-8 text,
 * placed right after `IHDR`. The input is not modified; a new PNG is returned. Bytes after `IEND`
 * in the input are dropped.
 *
 * @throws Ob3Error `ERR_OB3_PNG_INVALID` when `image` is not an intact PNG;
 *   `ERR_OB3_PNG_ALREADY_BAKED` when it already holds a credential and `overwrite` is not set.
 * @throws TypeError for a missing image or a credential that is neither a compact JWS nor an object.
 * @example
 * ```ts
 * const baked = await bakePng({ image: png, credential: signedCredential })
 * const again = await bakePng({ image: baked, credential: vcJwt, overwrite: true })
 * ```
 */
export async function bakePng(options: BakePngOptions): Promise<Uint8Array> {
  if (options === null || typeof options !== 'object') throw new TypeError('bakePng: options must be an object')
  const { image, credential, overwrite = false } = options
  if (!(image instanceof Uint8Array)) throw new TypeError('bakePng: options.image must be a Uint8Array')
  const { text } = credentialToText(credential, 'bakePng')

  const chunks = parsePngChunks(image)
  const kept = chunks.filter((chunk) => !isCredentialChunk(chunk))
  if (kept.length !== chunks.length && !overwrite) {
    throw new Ob3Error('ERR_OB3_PNG_ALREADY_BAKED', 'the PNG already holds an openbadgecredential iTXt chunk; pass overwrite: true to replace it', {
      details: { found: chunks.length - kept.length },
    })
  }
  // parsePngChunks guarantees kept[0] is IHDR: the credential goes right after it, before any IDAT.
  kept.splice(1, 0, { type: 'iTXt', data: encodeITxt(OB3_PNG_KEYWORD, text) })
  return serializePngChunks(kept)
}
