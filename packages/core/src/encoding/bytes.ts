import { base58, base64, base64urlnopad, hex } from '@scure/base'
import { Ob3Error } from '../errors.js'

/**
 * Byte and text encodings used across ob3: base58btc multibase (`z…`), base64url, hex, UTF-8.
 * Thin, checked wrappers over `@scure/base`.
 * @packageDocumentation
 */

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * UTF-8 bytes of a string.
 * @example `utf8('a') // Uint8Array [97]`
 */
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

/**
 * Decode UTF-8 bytes, refusing malformed sequences.
 * @example `fromUtf8(new Uint8Array([97])) // 'a'`
 */
export function fromUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes)
}

/**
 * Encode bytes as multibase base58btc (`z` + base58btc).
 * @example `multibaseEncode(new Uint8Array([0xed, 0x01, ...key]))`
 */
export function multibaseEncode(bytes: Uint8Array): string {
  return 'z' + base58.encode(bytes)
}

/**
 * Decode a multibase string. Only base58btc (`z`) and base64url (`u`) are accepted.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID` (or `code` when given) for anything else.
 * @example `multibaseDecode('z6Mk…')`
 */
export function multibaseDecode(text: string, code: 'ERR_OB3_KEY_INVALID' | 'ERR_OB3_DIGEST_INVALID' | 'ERR_OB3_PROOF_MALFORMED' | 'ERR_OB3_STATUS_INVALID' = 'ERR_OB3_KEY_INVALID'): Uint8Array {
  if (typeof text !== 'string' || text.length < 2) {
    throw new Ob3Error(code, 'expected a multibase string')
  }
  try {
    if (text[0] === 'z') return base58.decode(text.slice(1))
    if (text[0] === 'u') return base64urlnopad.decode(text.slice(1))
  } catch (cause) {
    throw new Ob3Error(code, `malformed multibase value: ${String((cause as Error).message)}`, { cause })
  }
  throw new Ob3Error(code, `unsupported multibase prefix '${text[0]}': expected 'z' (base58btc) or 'u' (base64url)`)
}

/**
 * base64url without padding.
 * @example `toBase64Url(utf8('hi')) // 'aGk'`
 */
export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes)
}

/**
 * Decode base64url (padding tolerated).
 * @example `fromBase64Url('aGk')`
 */
export function fromBase64Url(text: string): Uint8Array {
  return base64urlnopad.decode(text.replace(/=+$/, ''))
}

/**
 * Standard base64 with padding.
 * @example `toBase64(utf8('hi')) // 'aGk='`
 */
export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes)
}

/**
 * Lowercase hex.
 * @example `toHex(new Uint8Array([255])) // 'ff'`
 */
export function toHex(bytes: Uint8Array): string {
  return hex.encode(bytes)
}

/**
 * Decode hex (either case).
 * @example `fromHex('FF')`
 */
export function fromHex(text: string): Uint8Array {
  return hex.decode(text.toLowerCase())
}

/**
 * Concatenate byte arrays.
 * @example `concatBytes(a, b)`
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

/**
 * SHA-256 through WebCrypto.
 * @example `await sha256(utf8('abc'))`
 */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const sync = sha256Sync(data)
  if (sync !== undefined) return sync
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>))
}

/**
 * SHA-256 with `node:crypto`, synchronously; undefined outside Node (use {@link sha256} there).
 * @internal
 */
export function sha256Sync(data: Uint8Array): Uint8Array | undefined {
  if (nodeHash === undefined) return undefined
  const digest = nodeHash('sha256').update(data).digest()
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)
}

/**
 * SHA-256 of strings (UTF-8, one after another) as lowercase hex, with `node:crypto`,
 * synchronously; undefined outside Node.
 * @internal
 */
export function sha256HexOfStringsSync(parts: readonly string[]): string | undefined {
  if (nodeHash === undefined) return undefined
  const hash = nodeHash('sha256') as unknown as { update(d: string, encoding: 'utf8'): void; digest(encoding: 'hex'): string }
  for (const part of parts) hash.update(part, 'utf8')
  return hash.digest('hex')
}

const nodeHash = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const mod = proc?.getBuiltinModule?.('node:crypto') as { createHash?: (algorithm: string) => { update(d: Uint8Array): { digest(): Uint8Array } } } | undefined
    return typeof mod?.createHash === 'function' ? mod.createHash.bind(mod) : undefined
  } catch {
    return undefined
  }
})()
