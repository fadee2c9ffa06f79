/**
 * Internal: PNG chunk layout (ISO/IEC 15948, W3C PNG 3rd edition §5) and the iTXt chunk (§11.3.3.4).
 * Not re-exported from the package.
 *
 * A chunk is `length (4, big-endian, ≤ 2^31-1) | type (4 ASCII letters) | data | CRC-32 of type+data`.
 * @packageDocumentation
 */
import CRC32 from 'crc-32'
import { Ob3Error } from '../errors.js'

/**
 * The eight bytes every PNG starts with.
 * @example `PNG_SIGNATURE.length // 8`
 */
export const PNG_SIGNATURE: Uint8Array = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

/**
 * The iTXt keyword of a baked Open Badges 3.0 credential.
 * @example `readITxtKeyword(chunk.data) === OB3_PNG_KEYWORD`
 */
export const OB3_PNG_KEYWORD = 'openbadgecredential'

/**
 * One chunk: its four-letter type and its data (a view into the parsed bytes, not a copy).
 * @example `const ihdr: PngChunk = { type: 'IHDR', data: new Uint8Array(13) }`
 */
export interface PngChunk {
  readonly type: string
  readonly data: Uint8Array
}

/**
 * The fields of an iTXt chunk. `text` is the raw bytes: UTF-8 when `compressionFlag` is 0,
 * zlib data when it is 1.
 * @example `const { keyword, compressionFlag } = decodeITxt(chunk.data)`
 */
export interface ITxtFields {
  readonly keyword: string
  readonly compressionFlag: number
  readonly compressionMethod: number
  readonly languageTag: string
  readonly translatedKeyword: string
  readonly text: Uint8Array
}

const MAX_CHUNK_LENGTH = 0x7fffffff
const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

function invalid(message: string, details?: Record<string, unknown>): Ob3Error {
  return new Ob3Error('ERR_OB3_PNG_INVALID', message, details === undefined ? {} : { details })
}

/** CRC-32 (ISO 3309) as an unsigned 32-bit integer; `crc-32` returns it signed. */
function crc32(bytes: Uint8Array): number {
  return CRC32.buf(bytes) >>> 0
}

/** Latin-1 bytes to a string, a piece at a time so a long field cannot overflow the argument list. */
function latin1(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096))
  return out
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}

/**
 * Split a PNG into its chunks, from `IHDR` to `IEND`, checking the signature, every length, type
 * and CRC. Bytes after `IEND` are ignored. Runs in time linear in the input and never reads past it.
 *
 * @throws Ob3Error `ERR_OB3_PNG_INVALID` for anything that is not a complete, intact PNG.
 * @example
 * ```ts
 * const chunks = parsePngChunks(bytes)
 * chunks[0]?.type // 'IHDR'
 * ```
 */
export function parsePngChunks(bytes: Uint8Array): PngChunk[] {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw invalid('not a PNG: the PNG signature is missing')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const chunks: PngChunk[] = []
  let offset = PNG_SIGNATURE.length
  for (;;) {
    if (offset + 12 > bytes.length) {
      throw invalid('PNG is truncated: it ends before its IEND chunk', { offset })
    }
    const length = view.getUint32(offset)
    if (length > MAX_CHUNK_LENGTH) {
      throw invalid(`PNG chunk length ${length} is over the PNG limit of 2^31-1`, { offset })
    }
    const dataStart = offset + 8
    const dataEnd = dataStart + length
    if (dataEnd + 4 > bytes.length) {
      throw invalid(`PNG chunk at offset ${offset} declares ${length} bytes, more than the file holds`, { offset, length })
    }
    const typeBytes = bytes.subarray(offset + 4, dataStart)
    if (!typeBytes.every(isAsciiLetter)) {
      throw invalid(`PNG chunk at offset ${offset} has an invalid type`, { offset })
    }
    const type = String.fromCharCode(...typeBytes)
    const expected = view.getUint32(dataEnd)
    const actual = crc32(bytes.subarray(offset + 4, dataEnd))
    if (expected !== actual) {
      throw invalid(`PNG chunk ${type} at offset ${offset} has a bad CRC`, { offset, type })
    }
    if (chunks.length === 0 && (type !== 'IHDR' || length !== 13)) {
      throw invalid('PNG does not start with a 13-byte IHDR chunk')
    }
    chunks.push({ type, data: bytes.subarray(dataStart, dataEnd) })
    offset = dataEnd + 4
    if (type === 'IEND') return chunks
  }
}

/**
 * Write chunks back as a PNG: signature, then each chunk with its length and a fresh CRC.
 * The caller keeps `IHDR` first and `IEND` last.
 *
 * @example `const png = serializePngChunks([ihdr, itxt, ...rest])`
 */
export function serializePngChunks(chunks: readonly PngChunk[]): Uint8Array<ArrayBuffer> {
  let total = PNG_SIGNATURE.length
  for (const chunk of chunks) total += 12 + chunk.data.length
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  out.set(PNG_SIGNATURE, 0)
  let offset = PNG_SIGNATURE.length
  for (const { type, data } of chunks) {
    if (type.length !== 4 || ![...type].every((ch) => isAsciiLetter(ch.charCodeAt(0)))) {
      throw new TypeError(`serializePngChunks: invalid chunk type '${type}'`)
    }
    if (data.length > MAX_CHUNK_LENGTH) throw new TypeError(`serializePngChunks: ${type} chunk is too long`)
    view.setUint32(offset, data.length)
    for (let i = 0; i < 4; i++) out[offset + 4 + i] = type.charCodeAt(i)
    out.set(data, offset + 8)
    const dataEnd = offset + 8 + data.length
    view.setUint32(dataEnd, crc32(out.subarray(offset + 4, dataEnd)))
    offset = dataEnd + 4
  }
  return out
}

/**
 * The data of an uncompressed iTXt chunk: `keyword \0 0 0 \0 \0 text`, that is compression flag 0,
 * method 0, empty language tag, empty translated keyword, UTF-8 text.
 *
 * @example `const data = encodeITxt('openbadgecredential', jws)`
 */
export function encodeITxt(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || keyword.startsWith(' ') || keyword.endsWith(' ')) {
    throw new TypeError('encodeITxt: keyword must be 1-79 printable ASCII characters without outer spaces')
  }
  const textBytes = utf8Encoder.encode(text)
  const data = new Uint8Array(keyword.length + 5 + textBytes.length)
  for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i)
  // data[keyword.length .. keyword.length + 4] stay 0: NUL, flag, method, NUL (language), NUL (translated keyword)
  data.set(textBytes, keyword.length + 5)
  return data
}

/**
 * The keyword of an iTXt chunk (Latin-1, 1-79 bytes, NUL-terminated), or `undefined` when the data
 * does not start with one. Reads at most 80 bytes.
 *
 * @example `chunks.filter((c) => c.type === 'iTXt' && readITxtKeyword(c.data) === OB3_PNG_KEYWORD)`
 */
export function readITxtKeyword(data: Uint8Array): string | undefined {
  const end = data.subarray(0, 80).indexOf(0)
  if (end < 1) return undefined
  return String.fromCharCode(...data.subarray(0, end))
}

/**
 * True for an `iTXt` chunk whose keyword is `openbadgecredential`, whatever its other fields hold.
 * @example `const baked = chunks.filter(isCredentialChunk)`
 */
export function isCredentialChunk(chunk: PngChunk): boolean {
  return chunk.type === 'iTXt' && readITxtKeyword(chunk.data) === OB3_PNG_KEYWORD
}

/**
 * Split iTXt chunk data into its fields. The text is returned as bytes, not decoded.
 *
 * @throws Ob3Error `ERR_OB3_PNG_INVALID` when a field is missing or not terminated.
 * @example
 * ```ts
 * const fields = decodeITxt(chunk.data)
 * if (fields.compressionFlag === 0) console.log(decodeUtf8(fields.text))
 * ```
 */
export function decodeITxt(data: Uint8Array): ITxtFields {
  const keyword = readITxtKeyword(data)
  if (keyword === undefined) throw invalid('iTXt chunk has no valid keyword')
  let pos = keyword.length + 1
  if (pos + 2 > data.length) throw invalid('iTXt chunk is too short for its compression fields')
  const compressionFlag = data[pos] as number
  const compressionMethod = data[pos + 1] as number
  pos += 2
  const languageEnd = data.indexOf(0, pos)
  if (languageEnd === -1) throw invalid('iTXt chunk has an unterminated language tag')
  const languageTag = latin1(data.subarray(pos, languageEnd))
  pos = languageEnd + 1
  const translatedEnd = data.indexOf(0, pos)
  if (translatedEnd === -1) throw invalid('iTXt chunk has an unterminated translated keyword')
  const translatedKeyword = decodeUtf8(data.subarray(pos, translatedEnd), 'iTXt translated keyword')
  return { keyword, compressionFlag, compressionMethod, languageTag, translatedKeyword, text: data.subarray(translatedEnd + 1) }
}

/**
 * Decode UTF-8, refusing malformed sequences.
 *
 * @throws Ob3Error `ERR_OB3_PNG_INVALID`
 * @example `decodeUtf8(fields.text, 'iTXt text')`
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(bytes)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_PNG_INVALID', `${what} is not valid UTF-8`, { cause })
  }
}
