import { Ob3Error } from '../errors.js'
import { concatBytes, multibaseDecode, multibaseEncode, toBase64 } from '../encoding/bytes.js'

const MULTIHASH = { 'sha-256': [0x12, 32], 'sha-384': [0x20, 48] } as const
type DigestAlgorithm = keyof typeof MULTIHASH

async function digest(algorithm: DigestAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  const name = algorithm === 'sha-256' ? 'SHA-256' : 'SHA-384'
  return new Uint8Array(await crypto.subtle.digest(name, data as Uint8Array<ArrayBuffer>))
}

/**
 * The `digestMultibase` of some bytes: `z` + base58btc(sha2-256 multihash), as VC 2.0 and
 * ob3's artifact references use it.
 *
 * @example `await computeDigestMultibase(fileBytes) // 'zQm…'`
 */
export async function computeDigestMultibase(data: Uint8Array): Promise<string> {
  const [code, length] = MULTIHASH['sha-256']
  return multibaseEncode(concatBytes(new Uint8Array([code, length]), await digest('sha-256', data)))
}

/**
 * The `digestSRI` of some bytes (Subresource Integrity form, default `sha384-…`).
 * @example `await computeDigestSri(fileBytes) // 'sha384-…'`
 */
export async function computeDigestSri(data: Uint8Array, algorithm: 'sha256' | 'sha384' = 'sha384'): Promise<string> {
  const d = await digest(algorithm === 'sha256' ? 'sha-256' : 'sha-384', data)
  return `${algorithm}-${toBase64(d)}`
}

/** A parsed `digestMultibase`. */
export interface ParsedDigestMultibase {
  algorithm: DigestAlgorithm
  digest: Uint8Array
}

/**
 * Parse a `digestMultibase` (base58btc `z…` or base64url `u…`, a sha2-256 or sha2-384 multihash).
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID`
 * @example `parseDigestMultibase('zQm…').algorithm // 'sha-256'`
 */
export function parseDigestMultibase(value: string): ParsedDigestMultibase {
  const bytes = multibaseDecode(value, 'ERR_OB3_DIGEST_INVALID')
  for (const algorithm of Object.keys(MULTIHASH) as DigestAlgorithm[]) {
    const [code, length] = MULTIHASH[algorithm]
    if (bytes[0] === code && bytes[1] === length && bytes.length === length + 2) {
      return { algorithm, digest: bytes.subarray(2) }
    }
  }
  throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'digestMultibase must be a sha2-256 or sha2-384 multihash')
}

/**
 * Whether bytes match a `digestMultibase`.
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID` when the digest itself is malformed.
 * @example `await matchesDigestMultibase(fileBytes, evidence.digestMultibase) // true`
 */
export async function matchesDigestMultibase(data: Uint8Array, value: string): Promise<boolean> {
  const parsed = parseDigestMultibase(value)
  return equalBytes(await digest(parsed.algorithm, data), parsed.digest)
}

/**
 * Whether bytes match a `digestSRI` (`sha256-…`, `sha384-…`; several space-separated
 * alternatives: any one matching is enough).
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID` when no alternative is well-formed.
 * @example `await matchesDigestSri(fileBytes, 'sha384-…') // true`
 */
export async function matchesDigestSri(data: Uint8Array, value: string): Promise<boolean> {
  let understood = false
  for (const part of value.trim().split(/\s+/)) {
    const m = /^(sha256|sha384)-([A-Za-z0-9+/]+={0,2})$/.exec(part)
    if (m === null) continue
    understood = true
    if ((await computeDigestSri(data, m[1] as 'sha256' | 'sha384')) === part) return true
  }
  if (!understood) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', `digestSRI "${value}" has no sha256- or sha384- value`)
  return false
}

/** Constant-time byte comparison (lengths are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}
