import { Ob3Error } from '../errors.js'
import { decodeITxt, decodeUtf8, isCredentialChunk, parsePngChunks } from './png-chunks.js'
import { assertWithinLimit, parseCredentialText, resolveMaxBytes, type BakedCredential } from './types.js'

/** Options for {@link extractPng}. */
export interface ExtractPngOptions {
  /** Largest accepted image, in bytes. Default 16 MiB ({@link DEFAULT_MAX_BAKED_INPUT_BYTES}). */
  maxBytes?: number
}

/**
 * Take the Open Badges 3.0 credential out of a baked PNG: the `iTXt` chunk with keyword
 * `openbadgecredential`. Text starting with `{` (after trimming whitespace) is parsed as JSON;
 * anything else must be a compact JWS. Nothing is verified here.
 *
 * Stricter than the spec's "take the first chunk": the chunk MUST NOT appear more than once, so an
 * image holding two is refused rather than read one way here and another way elsewhere. The whole
 * file is checked (every chunk's length and CRC) before anything is read from it.
 *
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE`, `ERR_OB3_PNG_INVALID` (not a PNG, truncated, bad CRC,
 *   compressed or malformed credential chunk, text that is neither JSON nor a JWS),
 *   `ERR_OB3_PNG_NO_CREDENTIAL`, `ERR_OB3_PNG_MULTIPLE_CREDENTIALS`, `ERR_OB3_JSON_INVALID`.
 * @example
 * ```ts
 * const baked = await extractPng(new Uint8Array(await (await fetch(url)).arrayBuffer()))
 * const credential = baked.format === 'jwt' ? baked.jwt : baked.credential
 * ```
 */
export async function extractPng(image: Uint8Array, options: ExtractPngOptions = {}): Promise<BakedCredential> {
  if (!(image instanceof Uint8Array)) throw new TypeError('extractPng: image must be a Uint8Array')
  assertWithinLimit(image.byteLength, resolveMaxBytes(options.maxBytes, 'extractPng'), 'PNG image')

  const found = parsePngChunks(image).filter(isCredentialChunk)
  const [chunk] = found
  if (chunk === undefined) {
    throw new Ob3Error('ERR_OB3_PNG_NO_CREDENTIAL', 'the PNG holds no openbadgecredential iTXt chunk')
  }
  if (found.length > 1) {
    throw new Ob3Error('ERR_OB3_PNG_MULTIPLE_CREDENTIALS', `the PNG holds ${found.length} openbadgecredential iTXt chunks; exactly one is allowed`, {
      details: { count: found.length },
    })
  }
  const fields = decodeITxt(chunk.data)
  if (fields.compressionFlag === 1) {
    throw new Ob3Error('ERR_OB3_PNG_INVALID', 'the openbadgecredential iTXt chunk is compressed; compression is not allowed for baked credentials')
  }
  if (fields.compressionFlag !== 0 || fields.compressionMethod !== 0) {
    throw new Ob3Error('ERR_OB3_PNG_INVALID', 'the openbadgecredential iTXt chunk has an invalid compression flag or method', {
      details: { compressionFlag: fields.compressionFlag, compressionMethod: fields.compressionMethod },
    })
  }
  return parseCredentialText(decodeUtf8(fields.text, 'the baked credential'), 'ERR_OB3_PNG_INVALID', 'the baked PNG credential')
}
