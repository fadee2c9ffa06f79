/**
 * Internal: the backup file. `OB3WALLETBACKUP1` ‖ u32 header length ‖ header JSON (scrypt
 * parameters, nonce) ‖ XChaCha20-Poly1305 ciphertext, with the magic and header as associated
 * data. The plaintext: u32 manifest length ‖ manifest JSON (meta, credentials, links, shares,
 * artifact records) ‖ the artifact bytes, in manifest order.
 * @packageDocumentation
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { Ob3Error, concatBytes, fromBase64Url, fromUtf8, parseJson, toBase64Url, utf8 } from '@ob3/core'
import type { ArtifactInfo, WalletSnapshot } from '../store/types.js'
import { MAX_SCRYPT_N, MIN_SCRYPT_N, deriveKey, type ScryptParams } from './passphrase-box.js'

const MAGIC = utf8('OB3WALLETBACKUP1')
const MAX_HEADER = 4096

interface Manifest extends Omit<WalletSnapshot, 'artifacts'> {
  format: 'ob3-wallet-backup'
  v: 1
  artifacts: ArtifactInfo[]
}

const u32 = (n: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return b }
const readU32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at)

/** Encrypt a snapshot into a backup file. */
export async function encodeBackup(snapshot: WalletSnapshot, passphrase: string, N: number): Promise<Uint8Array> {
  const manifest: Manifest = { format: 'ob3-wallet-backup', v: 1, ...snapshot, artifacts: snapshot.artifacts.map(({ bytes: _b, ...info }) => info) }
  const manifestBytes = utf8(JSON.stringify(manifest))
  const plaintext = concatBytes(u32(manifestBytes.length), manifestBytes, ...snapshot.artifacts.map((a) => a.bytes))
  const kdf: ScryptParams = { name: 'scrypt', N, r: 8, p: 1, salt: toBase64Url(crypto.getRandomValues(new Uint8Array(16))) }
  const nonce = crypto.getRandomValues(new Uint8Array(24))
  const header = utf8(JSON.stringify({ kdf, cipher: 'xchacha20-poly1305', nonce: toBase64Url(nonce) }))
  const aad = concatBytes(MAGIC, u32(header.length), header)
  const key = await deriveKey(passphrase, kdf)
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(plaintext)
  key.fill(0)
  return concatBytes(aad, ciphertext)
}

/** Decrypt a backup file into a snapshot. */
export async function decodeBackup(backup: Uint8Array, passphrase: string): Promise<WalletSnapshot> {
  if (!(backup instanceof Uint8Array)) throw new TypeError('restoreWallet: backup must be a Uint8Array')
  if (backup.length < MAGIC.length + 4 || !MAGIC.every((b, i) => backup[i] === b)) invalid('this is not an ob3 wallet backup')
  const headerLength = readU32(backup, MAGIC.length)
  if (headerLength > MAX_HEADER || MAGIC.length + 4 + headerLength > backup.length) invalid('the backup header is malformed')
  const aad = backup.subarray(0, MAGIC.length + 4 + headerLength)
  let header: { kdf?: ScryptParams; cipher?: unknown; nonce?: unknown }
  try {
    header = JSON.parse(fromUtf8(aad.subarray(MAGIC.length + 4))) as typeof header
  } catch {
    invalid('the backup header is not JSON')
  }
  const kdf = header.kdf
  if (header.cipher !== 'xchacha20-poly1305' || typeof header.nonce !== 'string' || kdf?.name !== 'scrypt' || kdf.r !== 8 || kdf.p !== 1 ||
    typeof kdf.salt !== 'string' || !Number.isSafeInteger(kdf.N) || kdf.N < MIN_SCRYPT_N || kdf.N > MAX_SCRYPT_N || (kdf.N & (kdf.N - 1)) !== 0) {
    invalid('the backup header names an unknown cipher or KDF parameters')
  }
  const nonce = fromBase64Url(header.nonce)
  if (nonce.length !== 24) invalid('the backup nonce is malformed')
  const key = await deriveKey(passphrase, kdf)
  let plaintext: Uint8Array
  try {
    plaintext = xchacha20poly1305(key, nonce, aad).decrypt(backup.subarray(aad.length))
  } catch {
    throw new Ob3Error('ERR_OB3_WALLET_PASSPHRASE', 'wrong passphrase for this backup (or the backup file was changed)')
  } finally {
    key.fill(0)
  }
  return readPlaintext(plaintext)
}

function readPlaintext(plaintext: Uint8Array): WalletSnapshot {
  const length = plaintext.length >= 4 ? readU32(plaintext, 0) : Infinity
  if (4 + length > plaintext.length) invalid('the backup content is truncated')
  const manifest = parseJson(fromUtf8(plaintext.subarray(4, 4 + length)), { maxLength: length + 1, maxDepth: 128, label: 'the backup manifest' }) as Partial<Manifest>
  if (manifest.format !== 'ob3-wallet-backup' || manifest.v !== 1 || typeof manifest.meta !== 'object' || !Array.isArray(manifest.credentials) ||
    !Array.isArray(manifest.links) || !Array.isArray(manifest.shares) || !Array.isArray(manifest.artifacts)) {
    invalid('the backup manifest is malformed')
  }
  let at = 4 + length
  const artifacts = manifest.artifacts.map((info) => {
    if (!Number.isSafeInteger(info.size) || info.size < 0 || at + info.size > plaintext.length) invalid('the backup\'s artifact bytes are truncated')
    const bytes = plaintext.slice(at, at + info.size)
    at += info.size
    return { ...info, bytes }
  })
  if (at !== plaintext.length) invalid('the backup holds bytes its manifest does not account for')
  return { meta: manifest.meta as Record<string, string>, credentials: manifest.credentials, links: manifest.links, shares: manifest.shares, artifacts }
}

function invalid(message: string): never {
  throw new Ob3Error('ERR_OB3_WALLET_BACKUP_INVALID', message)
}
