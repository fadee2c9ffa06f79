import { Ob3Error } from '../errors.js'
import { concatBytes, multibaseDecode, multibaseEncode, toBase64, toHex } from '../encoding/bytes.js'

/** Multihash code and digest length of each algorithm. */
const MULTIHASH = { 'sha-256': [0x12, 32], 'sha-384': [0x20, 48], 'sha-512': [0x13, 64] } as const
/** A digest algorithm of `digestMultibase` and `digestSRI`. */
export type DigestAlgorithm = keyof typeof MULTIHASH
const SRI_ALGORITHMS: Readonly<Record<string, DigestAlgorithm>> = { sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' }

async function digest(algorithm: DigestAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  const name = algorithm === 'sha-256' ? 'SHA-256' : algorithm === 'sha-384' ? 'SHA-384' : 'SHA-512'
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
 * Parse a `digestMultibase` (base58btc `z…` or base64url `u…`, a sha2-256, sha2-384 or sha2-512 multihash).
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
  throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'digestMultibase must be a sha2-256, sha2-384 or sha2-512 multihash')
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

/** One alternative of a parsed `digestSRI`. */
export interface ParsedDigestSri {
  algorithm: DigestAlgorithm
  digest: Uint8Array
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * Parse a `digestSRI` (Subresource Integrity): one or more space-separated `sha256-…`,
 * `sha384-…` or `sha512-…` values, each standard base64 of a digest of exactly that algorithm's
 * length (options after `?` are ignored, as SRI says). A hex digest, or base64 of the wrong
 * length, is refused: it could never match.
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID`
 * @example `parseDigestSri('sha384-…')[0].algorithm // 'sha-384'`
 */
export function parseDigestSri(value: string): ParsedDigestSri[] {
  const parts = value.trim().split(/\s+/).filter((p) => p !== '')
  if (parts.length === 0) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'digestSRI is empty')
  return parts.map((part) => {
    const dash = part.indexOf('-')
    const algorithm = SRI_ALGORITHMS[part.slice(0, dash)]
    const encoded = part.slice(dash + 1).split('?')[0] ?? ''
    if (dash < 0 || algorithm === undefined) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', `digestSRI "${part}" must start with sha256-, sha384- or sha512-`)
    const length = MULTIHASH[algorithm][1]
    const bytes = STANDARD_BASE64.test(encoded) && encoded.length % 4 === 0 ? Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)) : undefined
    if (bytes?.length !== length) {
      throw new Ob3Error('ERR_OB3_DIGEST_INVALID', `digestSRI "${part}" is not the base64 of a ${length}-byte ${algorithm} digest${/^[0-9a-f]+$/i.test(encoded) ? ' (it looks like hex)' : ''}`)
    }
    return { algorithm, digest: bytes }
  })
}

/**
 * Whether bytes match a `digestSRI` (several space-separated alternatives: any one matching is
 * enough; alternatives that cannot be read are passed over).
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID` when no alternative can be read ({@link parseDigestSri}).
 * @example `await matchesDigestSri(fileBytes, 'sha384-…') // true`
 */
export async function matchesDigestSri(data: Uint8Array, value: string): Promise<boolean> {
  // As Subresource Integrity has it, alternatives that cannot be read are passed over, as long
  // as one can be.
  const usable: ParsedDigestSri[] = []
  let firstError: unknown
  for (const part of value.trim().split(/\s+/)) {
    try {
      usable.push(...parseDigestSri(part))
    } catch (err) {
      firstError ??= err
    }
  }
  if (usable.length === 0) throw firstError
  for (const { algorithm, digest: expected } of usable) {
    if (equalBytes(await digest(algorithm, data), expected)) return true
  }
  return false
}

/**
 * The digests of the standard JSON-LD contexts as their publishers give them (hex), for the
 * `relatedResource` entries that name a context. SHA-256 of `credentials/v2` is published in VC
 * Data Model 2.0 (Appendix B.1), its SHA-384 and SHA-512 are of the same published bytes; the
 * SHA-256 of `data-integrity/v2`, `multikey/v1` and `jwk/v1` are published in VC Data Integrity
 * 1.0 (§2.4).
 */
export const PINNED_CONTEXT_DIGESTS: Readonly<Record<string, Readonly<Partial<Record<DigestAlgorithm, string>>>>> = {
  'https://www.w3.org/ns/credentials/v2': {
    'sha-256': '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734',
    'sha-384': '97f1eb8e5042356c805fdd61afa2c557663785e0794dcafa21e138fd38def18cb360133c221aa31d6896a6bf3e65b614',
    'sha-512': '5d55452bd2dcf8a29f5a290473eb242b1c5fb77d4e68f1a0aa87baa4dba2694852d65ec63d48ac04a99d956f9f7153b9406f84d2d04c74869b02c239a1d81305',
  },
  'https://w3id.org/security/data-integrity/v2': { 'sha-256': '67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4' },
  'https://w3id.org/security/multikey/v1': { 'sha-256': 'ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597' },
  'https://w3id.org/security/jwk/v1': { 'sha-256': '0f14b62f6071aafe00df265770ea0c7508e118247d79b7d861a406d2aa00bece' },
}

/** What a `relatedResource` entry's digests say of a pinned context. */
export type ContextDigestVerdict = 'match' | 'mismatch' | 'unpinned'

/**
 * Compare the digests of a `relatedResource` entry with the pinned digests of the context it
 * names: `mismatch` when any given digest disagrees with a pinned one, `match` when at least one
 * was compared and all agree, `unpinned` when none can be compared (an unknown URL, or only
 * algorithms with no pinned value).
 * @throws Ob3Error `ERR_OB3_DIGEST_INVALID` for a malformed digest
 * @example `contextDigestVerdict('https://www.w3.org/ns/credentials/v2', { digestMultibase: 'uEiBZlVzt…' }) // 'match'`
 */
export function contextDigestVerdict(url: string, entry: { digestSRI?: unknown; digestMultibase?: unknown }): ContextDigestVerdict {
  const pins = Object.hasOwn(PINNED_CONTEXT_DIGESTS, url) ? PINNED_CONTEXT_DIGESTS[url] : undefined
  /** Whether a digest is the pinned one; undefined when its algorithm has no pin. */
  const agrees = (d: { algorithm: DigestAlgorithm; digest: Uint8Array }): boolean | undefined => {
    const pin = pins?.[d.algorithm]
    return pin === undefined ? undefined : toHex(d.digest) === pin
  }
  const verdicts: boolean[] = []
  if (typeof entry.digestMultibase === 'string') {
    const v = agrees(parseDigestMultibase(entry.digestMultibase))
    if (v !== undefined) verdicts.push(v)
  }
  if (typeof entry.digestSRI === 'string') {
    // SRI alternatives: one that matches is enough.
    const sri = parseDigestSri(entry.digestSRI).map(agrees).filter((v): v is boolean => v !== undefined)
    if (sri.length > 0) verdicts.push(sri.includes(true))
  }
  if (verdicts.length === 0) return 'unpinned'
  return verdicts.every(Boolean) ? 'match' : 'mismatch'
}

/** Constant-time byte comparison (lengths are public). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}
