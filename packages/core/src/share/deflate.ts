/**
 * Raw DEFLATE through the Web Streams `CompressionStream` / `DecompressionStream` (Node ≥ 20.12,
 * current browsers), with a bound on the inflated size. Internal to the share module.
 * @packageDocumentation
 */
import { Ob3Error } from '../errors.js'
import { readStreamBounded } from '../encoding/streams.js'

/**
 * Compress bytes with raw DEFLATE (RFC 1951, no zlib or gzip header).
 * @internal
 * @example `const packed = await deflateRaw(utf8(json))`
 */
export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * Inflate raw DEFLATE, refusing output larger than `maxBytes` (reading stops there, so a
 * small "zip bomb" is never inflated in full).
 * @internal
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE` over the bound; `ERR_OB3_SHARE_LINK_INVALID` for data that is not DEFLATE
 * @example `const json = await inflateRawBounded(packed, 16 * 1024 * 1024)`
 */
export async function inflateRawBounded(data: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  try {
    return await readStreamBounded(stream, maxBytes, () =>
      new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the share link inflates to more than ${maxBytes} bytes; it is refused`, { details: { limit: maxBytes } }))
  } catch (cause) {
    if (cause instanceof Ob3Error) throw cause
    throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', 'the share link\'s payload is not valid compressed data', { cause })
  }
}
