import { Ob3Error } from '../errors.js'
import { concatBytes, fromBase64Url, multibaseDecode, multibaseEncode, toBase64Url } from '../encoding/bytes.js'
import { nobleEd25519, nodeCrypto, useNodeEd25519, webCryptoHasEd25519 } from './ed25519-backend.js'
import type { KeyObject } from 'node:crypto'

/** Multicodec prefix of an Ed25519 public key (0xed, varint). */
const ED25519_PUB = new Uint8Array([0xed, 0x01])
/** Multicodec prefix of an Ed25519 private key (0x1300, varint). */
const ED25519_PRIV = new Uint8Array([0x80, 0x26])
/** PKCS#8 wrapper for a 32-byte Ed25519 seed. */
const PKCS8_ED25519_PREFIX = new Uint8Array([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
])

/**
 * An Ed25519 key pair in Multikey form, as written to a key file.
 * `secretKeyMultibase` is absent on a public-only key.
 */
export interface Ed25519Multikey {
  type: 'Multikey'
  /** The verification method id, e.g. `did:key:z6Mk…#z6Mk…`. */
  id: string
  /** Who controls the key: a DID or an issuer URL. */
  controller: string
  /** `z` + base58btc(0xed01 ‖ public key). */
  publicKeyMultibase: string
  /** `z` + base58btc(0x8026 ‖ seed ‖ public key). Keep it secret. */
  secretKeyMultibase?: string
}

/** A public Ed25519 JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid?: string
}

/**
 * Decode a `z6Mk…` Multikey public key to its 32 raw bytes.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID` when it is not an Ed25519 public key.
 * @example `ed25519PublicKeyFromMultibase('z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi').length // 32`
 */
export function ed25519PublicKeyFromMultibase(publicKeyMultibase: string): Uint8Array {
  const bytes = multibaseDecode(publicKeyMultibase)
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'not an Ed25519 Multikey public key (expected 0xed01 followed by 32 bytes)')
  }
  return bytes.subarray(2)
}

/**
 * Encode 32 raw public key bytes as a `z6Mk…` Multikey value.
 * @example `ed25519PublicKeyToMultibase(raw) // 'z6Mk…'`
 */
export function ed25519PublicKeyToMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'an Ed25519 public key is 32 bytes')
  return multibaseEncode(concatBytes(ED25519_PUB, publicKey))
}

/** Decode a secret Multikey to its 32-byte seed (accepts seed-only and seed ‖ public forms). */
function seedFromSecretMultibase(secretKeyMultibase: string): Uint8Array {
  const bytes = multibaseDecode(secretKeyMultibase)
  if ((bytes.length !== 34 && bytes.length !== 66) || bytes[0] !== 0x80 || bytes[1] !== 0x26) {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'not an Ed25519 Multikey secret key (expected 0x8026 followed by 32 or 64 bytes)')
  }
  return bytes.slice(2, 34)
}

/** The `did:key` identifier of an Ed25519 public key. */
export function didKeyFromPublicKeyMultibase(publicKeyMultibase: string): string {
  return `did:key:${publicKeyMultibase}`
}

/** Options for {@link generateEd25519Key}. */
export interface GenerateEd25519KeyOptions {
  /** Controller of the key (an issuer URL or DID). Default: the key's own `did:key`. */
  controller?: string
  /** Verification method id. Default: `<controller>#<publicKeyMultibase>`. */
  id?: string
}

/**
 * Generate a new Ed25519 key pair with WebCrypto.
 * @example
 * ```ts
 * const key = await generateEd25519Key()
 * key.controller // 'did:key:z6Mk…'
 * ```
 */
export async function generateEd25519Key(options: GenerateEd25519KeyOptions = {}): Promise<Ed25519Multikey> {
  if (!(await webCryptoHasEd25519())) return ed25519KeyFromSeed(crypto.getRandomValues(new Uint8Array(32)), undefined, options)
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey)
  if (typeof jwk.d !== 'string' || typeof jwk.x !== 'string') throw new Ob3Error('ERR_OB3_KEY_INVALID', 'key export failed')
  return ed25519KeyFromSeed(fromBase64Url(jwk.d), fromBase64Url(jwk.x), options)
}

/**
 * Build a key pair from a 32-byte seed (deterministic; for fixed test keys).
 * @example `await ed25519KeyFromSeed(new Uint8Array(32).fill(1))`
 */
export async function ed25519KeyFromSeed(
  seed: Uint8Array,
  publicKey?: Uint8Array,
  options: GenerateEd25519KeyOptions = {},
): Promise<Ed25519Multikey> {
  if (seed.length !== 32) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'an Ed25519 seed is 32 bytes')
  const pub = publicKey ?? (await publicKeyFromSeed(seed))
  const publicKeyMultibase = ed25519PublicKeyToMultibase(pub)
  const controller = options.controller ?? didKeyFromPublicKeyMultibase(publicKeyMultibase)
  return {
    type: 'Multikey',
    id: options.id ?? `${controller}#${publicKeyMultibase}`,
    controller,
    publicKeyMultibase,
    secretKeyMultibase: multibaseEncode(concatBytes(ED25519_PRIV, seed, pub)),
  }
}

async function publicKeyFromSeed(seed: Uint8Array): Promise<Uint8Array> {
  if (!(await webCryptoHasEd25519())) return nobleEd25519.publicKey(seed)
  const key = await crypto.subtle.importKey('pkcs8', concatBytes(PKCS8_ED25519_PREFIX, seed) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, true, ['sign'])
  const jwk = await crypto.subtle.exportKey('jwk', key)
  if (typeof jwk.x !== 'string') throw new Ob3Error('ERR_OB3_KEY_INVALID', 'could not derive the public key')
  return fromBase64Url(jwk.x)
}

/**
 * Read a key file's content (a Multikey, with or without its secret), checking that the
 * secret and public halves belong together.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID`
 * @example `const key = await importEd25519Multikey(JSON.parse(text))`
 */
export async function importEd25519Multikey(input: unknown): Promise<Ed25519Multikey> {
  if (typeof input !== 'object' || input === null) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'a key must be a JSON object')
  const k = input as Record<string, unknown>
  if (typeof k.publicKeyMultibase !== 'string') throw new Ob3Error('ERR_OB3_KEY_INVALID', 'the key has no publicKeyMultibase')
  const pub = ed25519PublicKeyFromMultibase(k.publicKeyMultibase)
  const controller = typeof k.controller === 'string' ? k.controller : didKeyFromPublicKeyMultibase(k.publicKeyMultibase)
  const id = typeof k.id === 'string' ? (k.id.startsWith('#') ? controller + k.id : k.id) : `${controller}#${k.publicKeyMultibase}`
  if (k.secretKeyMultibase === undefined) return { type: 'Multikey', id, controller, publicKeyMultibase: k.publicKeyMultibase }
  if (typeof k.secretKeyMultibase !== 'string') throw new Ob3Error('ERR_OB3_KEY_INVALID', 'secretKeyMultibase must be a string')
  const seed = seedFromSecretMultibase(k.secretKeyMultibase)
  const derived = await publicKeyFromSeed(seed)
  if (toBase64Url(derived) !== toBase64Url(pub)) {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'the secret key does not belong to publicKeyMultibase')
  }
  return ed25519KeyFromSeed(seed, pub, { controller, id })
}

/**
 * The public JWK of a key.
 * @example `ed25519PublicJwk(key) // { kty: 'OKP', crv: 'Ed25519', x: '…' }`
 */
export function ed25519PublicJwk(key: Pick<Ed25519Multikey, 'publicKeyMultibase'>): Ed25519PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(ed25519PublicKeyFromMultibase(key.publicKeyMultibase)) }
}

/**
 * The private JWK of a key (contains `d`: keep it secret).
 * @example `ed25519PrivateJwk(key).d`
 */
export function ed25519PrivateJwk(key: Ed25519Multikey): Ed25519PublicJwk & { d: string } {
  if (key.secretKeyMultibase === undefined) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'this key has no secret part')
  return { ...ed25519PublicJwk(key), d: toBase64Url(seedFromSecretMultibase(key.secretKeyMultibase)) }
}

/**
 * Import a public Ed25519 JWK into Multikey form.
 * @example `ed25519KeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x })`
 */
export function ed25519KeyFromJwk(jwk: unknown, controller?: string): Ed25519Multikey {
  const j = jwk as Partial<Ed25519PublicJwk> | null
  if (typeof j !== 'object' || j === null || j.kty !== 'OKP' || j.crv !== 'Ed25519' || typeof j.x !== 'string') {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'not an Ed25519 JWK (kty OKP, crv Ed25519, x)')
  }
  const publicKeyMultibase = ed25519PublicKeyToMultibase(fromBase64Url(j.x))
  const ctl = controller ?? didKeyFromPublicKeyMultibase(publicKeyMultibase)
  return { type: 'Multikey', id: `${ctl}#${publicKeyMultibase}`, controller: ctl, publicKeyMultibase }
}

/** Something that signs bytes on behalf of a verification method. */
export interface Signer {
  /** The verification method id that verifiers will resolve. */
  readonly id: string
  /** JOSE name of the algorithm: `EdDSA` (Ed25519) or `ES256`. */
  readonly algorithm: 'EdDSA' | 'ES256'
  /** Sign the bytes; returns the raw signature. */
  sign(data: Uint8Array): Promise<Uint8Array>
}

/**
 * A {@link Signer} for an Ed25519 key, importing the private key into WebCrypto once.
 * @example
 * ```ts
 * const signer = await createEd25519Signer(key)
 * const signature = await signer.sign(bytes)
 * ```
 */
export async function createEd25519Signer(key: Ed25519Multikey): Promise<Signer> {
  if (key.secretKeyMultibase === undefined) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'signing needs a key with secretKeyMultibase')
  const seed = seedFromSecretMultibase(key.secretKeyMultibase)
  if (nodeCrypto !== undefined && useNodeEd25519()) {
    const node = nodeCrypto
    const privateKey = node.createPrivateKey({ key: Buffer.from(concatBytes(PKCS8_ED25519_PREFIX, seed)), format: 'der', type: 'pkcs8' })
    return { id: key.id, algorithm: 'EdDSA', sign: async (data) => new Uint8Array(node.sign(null, data, privateKey)) }
  }
  if (!(await webCryptoHasEd25519())) {
    return { id: key.id, algorithm: 'EdDSA', sign: (data) => nobleEd25519.sign(data, seed) }
  }
  const cryptoKey = await crypto.subtle.importKey('pkcs8', concatBytes(PKCS8_ED25519_PREFIX, seed) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['sign'])
  return {
    id: key.id,
    algorithm: 'EdDSA',
    async sign(data) {
      return new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, cryptoKey, data as Uint8Array<ArrayBuffer>))
    },
  }
}

const verifyKeyCache = new Map<string, Promise<CryptoKey>>()
const nodeVerifyKeyCache = new Map<string, KeyObject>()
const VERIFY_KEY_CACHE_LIMIT = 1024

/**
 * Verify with `node:crypto` and a cached public key object, synchronously.
 * @internal
 */
export function verifyEd25519Sync(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean | undefined {
  if (nodeCrypto === undefined || !useNodeEd25519()) return undefined
  if (publicKey.length !== 32 || signature.length !== 64) return false
  const x = toBase64Url(publicKey)
  let key = nodeVerifyKeyCache.get(x)
  try {
    if (key === undefined) {
      if (nodeVerifyKeyCache.size >= VERIFY_KEY_CACHE_LIMIT) nodeVerifyKeyCache.clear()
      key = nodeCrypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
      nodeVerifyKeyCache.set(x, key)
    }
    return nodeCrypto.verify(null, data, key, signature)
  } catch {
    return false
  }
}

/**
 * Verify an Ed25519 signature. Imported public keys are cached (bounded), so verifying many
 * credentials from one issuer imports its key once.
 * @example `await verifyEd25519(publicKeyBytes, data, signature) // true | false`
 */
export async function verifyEd25519(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  const sync = verifyEd25519Sync(publicKey, data, signature)
  if (sync !== undefined) return sync
  if (!(await webCryptoHasEd25519())) return nobleEd25519.verify(publicKey, data, signature)
  const cacheKey = toBase64Url(publicKey)
  let key = verifyKeyCache.get(cacheKey)
  if (key === undefined) {
    if (verifyKeyCache.size >= VERIFY_KEY_CACHE_LIMIT) verifyKeyCache.clear()
    key = crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify'])
    verifyKeyCache.set(cacheKey, key)
  }
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, await key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>)
  } catch {
    verifyKeyCache.delete(cacheKey)
    return false
  }
}
