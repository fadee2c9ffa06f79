import { Ob3Error } from '../errors.js'
import { fromBase64Url, toBase64Url } from '../encoding/bytes.js'
import { readStreamBounded } from '../encoding/streams.js'

/** The smallest list the W3C Bitstring Status List allows, in entries (16 KiB), for herd privacy. */
export const MIN_STATUS_LIST_LENGTH = 131_072
/** Largest decompressed list accepted (a gzip bomb is cut off here). */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const output = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream)
  try {
    return await readStreamBounded(output, limit, () => new Ob3Error('ERR_OB3_STATUS_INVALID', `the status list decompresses to more than ${limit} bytes`))
  } catch (cause) {
    if (cause instanceof Ob3Error) throw cause
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', 'the status list is not valid GZIP data', { cause })
  }
}

/**
 * Encode a bitstring as a status list's `encodedList`: `u` + base64url(GZIP(bits)).
 * Bit 0 is the most significant bit of byte 0.
 * @example `await encodeStatusList(new Uint8Array(16384)) // 'uH4sI…'`
 */
export async function encodeStatusList(bits: Uint8Array): Promise<string> {
  return 'u' + toBase64Url(await pipe(bits, new CompressionStream('gzip'), Number.MAX_SAFE_INTEGER))
}

/**
 * Decode an `encodedList` (multibase `u` base64url, or bare base64url as StatusList2021 lists
 * often are) to its bits.
 * @throws Ob3Error `ERR_OB3_STATUS_INVALID`
 * @example `const bits = await decodeStatusList(list.credentialSubject.encodedList)`
 */
export async function decodeStatusList(encodedList: unknown): Promise<Uint8Array> {
  if (typeof encodedList !== 'string' || encodedList.length === 0) throw new Ob3Error('ERR_OB3_STATUS_INVALID', 'the status list has no encodedList')
  let compressed: Uint8Array
  try {
    compressed = fromBase64Url(encodedList.startsWith('u') ? encodedList.slice(1) : encodedList)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', 'encodedList is not base64url', { cause })
  }
  if (nodeGunzip !== undefined) return gunzipBounded(nodeGunzip, compressed, MAX_STATUS_LIST_BYTES)
  return pipe(compressed, new DecompressionStream('gzip'), MAX_STATUS_LIST_BYTES)
}

/** node:zlib's synchronous gunzip when there is one (the same zlib as Node's DecompressionStream, without a stream per list). */
type Gunzip = (data: Uint8Array, options: { maxOutputLength: number }) => Uint8Array
const nodeGunzip = ((): Gunzip | undefined => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const zlib = proc?.getBuiltinModule?.('node:zlib') as { gunzipSync?: Gunzip } | undefined
    return typeof zlib?.gunzipSync === 'function' ? zlib.gunzipSync.bind(zlib) : undefined
  } catch {
    return undefined
  }
})()

function gunzipBounded(gunzip: Gunzip, data: Uint8Array, limit: number): Uint8Array {
  try {
    const out = gunzip(data, { maxOutputLength: limit })
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new Ob3Error('ERR_OB3_STATUS_INVALID', `the status list decompresses to more than ${limit} bytes`)
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', 'the status list is not valid GZIP data', { cause })
  }
}

/**
 * Read the bit at `index` (most significant bit first).
 * @throws Ob3Error `ERR_OB3_STATUS_INVALID` when the index is outside the list.
 * @example `readStatusBit(bits, 94567) // true when revoked`
 */
export function readStatusBit(bits: Uint8Array, index: number): boolean {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', `status index ${index} is outside the list of ${bits.length * 8} entries`)
  }
  return (((bits[index >> 3] as number) >> (7 - (index & 7))) & 1) === 1
}

/**
 * Set or clear the bit at `index` in place (most significant bit first).
 * @example `writeStatusBit(bits, 94567, true)`
 */
export function writeStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', `status index ${index} is outside the list of ${bits.length * 8} entries`)
  }
  const mask = 1 << (7 - (index & 7))
  const byte = bits[index >> 3] as number
  bits[index >> 3] = value ? byte | mask : byte & ~mask
}

/** Largest `statusSize` ob3 reads or writes, in bits (2^8 = 256 status values, each with a message). */
export const MAX_STATUS_SIZE = 8

function checkStatusSize(size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE) throw new Ob3Error('ERR_OB3_STATUS_INVALID', `statusSize ${String(size)} must be a whole number of bits from 1 to ${MAX_STATUS_SIZE}`)
}

function checkEntryIndex(bits: Uint8Array, index: number, size: number): void {
  const entries = Math.floor((bits.length * 8) / size)
  if (!Number.isSafeInteger(index) || index < 0 || index >= entries) {
    throw new Ob3Error('ERR_OB3_STATUS_INVALID', `status index ${index} is outside the list of ${entries} entries`)
  }
}

/**
 * Read the status value of entry `index` in a list of `size`-bit entries: the bits from
 * position `index × size`, most significant first (W3C Bitstring Status List, multi-bit status).
 * @throws Ob3Error `ERR_OB3_STATUS_INVALID` when the entry lies outside the list or the size is not 1–{@link MAX_STATUS_SIZE}
 * @example `readStatusValue(bits, 12, 2) // 0–3`
 */
export function readStatusValue(bits: Uint8Array, index: number, size: number): number {
  checkStatusSize(size)
  checkEntryIndex(bits, index, size)
  let value = 0
  for (let b = 0; b < size; b++) value = (value << 1) | (readStatusBit(bits, index * size + b) ? 1 : 0)
  return value
}

/**
 * Write the status value of entry `index` in a list of `size`-bit entries, in place.
 * @throws Ob3Error `ERR_OB3_STATUS_INVALID` when the entry lies outside the list or the value does not fit in `size` bits
 * @example `writeStatusValue(bits, 12, 2, 3)`
 */
export function writeStatusValue(bits: Uint8Array, index: number, size: number, value: number): void {
  checkStatusSize(size)
  checkEntryIndex(bits, index, size)
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** size) throw new Ob3Error('ERR_OB3_STATUS_INVALID', `status value ${String(value)} does not fit in ${size} bits`)
  for (let b = 0; b < size; b++) writeStatusBit(bits, index * size + b, ((value >> (size - 1 - b)) & 1) === 1)
}
