/**
 * Internal: encryption under a passphrase. scrypt (RFC 7914; N = 2^17 by default and never below
 * 2^15, r = 8, p = 1, a random 16-byte salt) derives a 32-byte key; XChaCha20-Poly1305 (a random
 * 24-byte nonce) encrypts and authenticates. Both from `@noble/*`. The passphrase is never stored.
 * @packageDocumentation
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { Ob3Error, fromBase64Url, toBase64Url } from '@ob3/core'

/**
 * The scrypt cost the wallet uses unless told otherwise: 2^17 (128 MiB of memory with r = 8).
 * @example `await initWallet({ store, passphrase, scryptN: DEFAULT_SCRYPT_N * 2 })`
 */
export const DEFAULT_SCRYPT_N = 2 ** 17
/**
 * The lowest scrypt cost accepted: 2^15 (32 MiB with r = 8).
 * @example `await initWallet({ store, passphrase, scryptN: MIN_SCRYPT_N }) // fast, for tests`
 */
export const MIN_SCRYPT_N = 2 ** 15
/** The highest scrypt cost accepted when opening (bounds the work a forged header can demand). */
export const MAX_SCRYPT_N = 2 ** 20

/** Key-derivation parameters, as recorded next to the ciphertext. */
export interface ScryptParams {
  name: 'scrypt'
  N: number
  r: 8
  p: 1
  /** base64url, 16 bytes. */
  salt: string
}

/** What is stored: the KDF parameters, the nonce and the ciphertext (base64url). */
export interface SealedBox {
  kdf: ScryptParams
  cipher: 'xchacha20-poly1305'
  nonce: string
  ciphertext: string
}

/** Check a scrypt cost given by a caller. */
export function checkScryptN(N: number | undefined, fn: string): number {
  const n = N ?? DEFAULT_SCRYPT_N
  if (!Number.isSafeInteger(n) || n < MIN_SCRYPT_N || n > MAX_SCRYPT_N || (n & (n - 1)) !== 0) {
    throw new TypeError(`${fn}: the scrypt cost N must be a power of two from 2^15 to 2^20`)
  }
  return n
}

/** Derive the box key. The passphrase is NFC-normalized, so the same words typed on two systems agree. */
export async function deriveKey(passphrase: string, kdf: ScryptParams): Promise<Uint8Array> {
  return scryptAsync(passphrase.normalize('NFC'), fromBase64Url(kdf.salt), { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32, maxmem: 2 ** 31 })
}

/** Encrypt `plaintext` under a passphrase; `aad` binds it to its context (not secret, not stored). */
export async function sealWithPassphrase(plaintext: Uint8Array, passphrase: string, aad: Uint8Array, N: number): Promise<SealedBox> {
  const kdf: ScryptParams = { name: 'scrypt', N, r: 8, p: 1, salt: toBase64Url(crypto.getRandomValues(new Uint8Array(16))) }
  const nonce = crypto.getRandomValues(new Uint8Array(24))
  const key = await deriveKey(passphrase, kdf)
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
  key.fill(0)
  return { kdf, cipher: 'xchacha20-poly1305', nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) }
}

/**
 * Decrypt a box. A wrong passphrase and a changed box look the same to the AEAD: both are
 * `ERR_OB3_WALLET_PASSPHRASE`. A box whose header is malformed is `corruptCode`.
 */
export async function openWithPassphrase(box: unknown, passphrase: string, aad: Uint8Array, corruptCode: 'ERR_OB3_STORE_CORRUPT' | 'ERR_OB3_WALLET_BACKUP_INVALID'): Promise<Uint8Array> {
  const b = box as Partial<SealedBox> | null
  const kdf = b?.kdf as Partial<ScryptParams> | undefined
  const wellFormed = typeof b === 'object' && b !== null && b.cipher === 'xchacha20-poly1305' && typeof b.nonce === 'string' && typeof b.ciphertext === 'string' &&
    kdf?.name === 'scrypt' && kdf.r === 8 && kdf.p === 1 && typeof kdf.salt === 'string' && typeof kdf.N === 'number' &&
    Number.isSafeInteger(kdf.N) && kdf.N >= MIN_SCRYPT_N && kdf.N <= MAX_SCRYPT_N && (kdf.N & (kdf.N - 1)) === 0
  if (!wellFormed) throw new Ob3Error(corruptCode, 'the encrypted key material is malformed (unknown cipher or KDF parameters)')
  let nonce: Uint8Array
  let ciphertext: Uint8Array
  try {
    nonce = fromBase64Url(b.nonce as string)
    ciphertext = fromBase64Url(b.ciphertext as string)
    fromBase64Url(kdf.salt as string)
  } catch (cause) {
    throw new Ob3Error(corruptCode, 'the encrypted key material is not valid base64url', { cause })
  }
  if (nonce.length !== 24) throw new Ob3Error(corruptCode, 'the encrypted key material has a nonce of the wrong length')
  const key = await deriveKey(passphrase, kdf as ScryptParams)
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext)
  } catch {
    throw new Ob3Error('ERR_OB3_WALLET_PASSPHRASE', 'wrong passphrase (or the encrypted data was changed)')
  } finally {
    key.fill(0)
  }
}

/** Check a passphrase given by a caller (never echoing it). */
export function checkPassphrase(passphrase: unknown, fn: string, minLength = 1): string {
  if (typeof passphrase !== 'string' || passphrase.normalize('NFC').length < minLength) {
    throw new TypeError(`${fn}: the passphrase must be a string of at least ${minLength} characters`)
  }
  return passphrase
}
