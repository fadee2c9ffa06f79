import { Ob3Error } from '../errors.js'
import { toBase64Url, utf8 } from '../encoding/bytes.js'
import type { Signer } from './ed25519.js'

/** A P-256 public JWK. */
export interface P256PublicJwk {
  kty: 'EC'
  crv: 'P-256'
  x: string
  y: string
}

/** A P-256 key pair as written to a key file (ES256, for VC-JWT). */
export interface P256JsonWebKey {
  type: 'JsonWebKey'
  /** The verification method id, e.g. `did:jwk:…#0`. */
  id: string
  controller: string
  publicKeyJwk: P256PublicJwk
  /** Contains `d`: keep it secret. */
  privateKeyJwk?: P256PublicJwk & { d: string }
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const

/** The `did:jwk` identifier of a public JWK. */
export function didJwkFromJwk(jwk: Record<string, unknown>): string {
  return `did:jwk:${toBase64Url(utf8(JSON.stringify(jwk)))}`
}

function publicPart(jwk: Record<string, unknown>): P256PublicJwk {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'not a P-256 JWK (kty EC, crv P-256, x, y)')
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
}

/**
 * Generate a P-256 key for signing VC-JWTs with ES256. Without a controller, the key is its own
 * `did:jwk` issuer.
 * @example
 * ```ts
 * const key = await generateP256Key()
 * key.controller // 'did:jwk:eyJ…'
 * ```
 */
export async function generateP256Key(options: { controller?: string; id?: string } = {}): Promise<P256JsonWebKey> {
  const pair = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as Record<string, unknown>
  const publicKeyJwk = publicPart(jwk)
  const controller = options.controller ?? didJwkFromJwk(publicKeyJwk as unknown as Record<string, unknown>)
  return {
    type: 'JsonWebKey',
    id: options.id ?? `${controller}#0`,
    controller,
    publicKeyJwk,
    privateKeyJwk: { ...publicKeyJwk, d: String(jwk.d) },
  }
}

/**
 * Read a P-256 key file's content.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID`
 * @example `const key = importP256Key(JSON.parse(text))`
 */
export function importP256Key(input: unknown): P256JsonWebKey {
  const k = input as Partial<P256JsonWebKey> | null
  if (typeof k !== 'object' || k === null || typeof k.publicKeyJwk !== 'object') throw new Ob3Error('ERR_OB3_KEY_INVALID', 'a P-256 key needs publicKeyJwk')
  const publicKeyJwk = publicPart(k.publicKeyJwk as unknown as Record<string, unknown>)
  const controller = typeof k.controller === 'string' ? k.controller : didJwkFromJwk(publicKeyJwk as unknown as Record<string, unknown>)
  const key: P256JsonWebKey = { type: 'JsonWebKey', id: typeof k.id === 'string' ? k.id : `${controller}#0`, controller, publicKeyJwk }
  if (k.privateKeyJwk !== undefined) {
    const priv = k.privateKeyJwk as unknown as Record<string, unknown>
    const pub = publicPart(priv)
    if (typeof priv.d !== 'string' || pub.x !== publicKeyJwk.x || pub.y !== publicKeyJwk.y) {
      throw new Ob3Error('ERR_OB3_KEY_INVALID', 'privateKeyJwk does not belong to publicKeyJwk')
    }
    key.privateKeyJwk = { ...pub, d: priv.d }
  }
  return key
}

/**
 * An ES256 {@link Signer} for a P-256 key (WebCrypto; the signature is the 64-byte r ‖ s JOSE uses).
 * @example `const jwt = await signVcJwt({ credential, signer: await createP256Signer(key) })`
 */
export async function createP256Signer(key: P256JsonWebKey): Promise<Signer> {
  if (key.privateKeyJwk === undefined) throw new Ob3Error('ERR_OB3_KEY_INVALID', 'signing needs a key with privateKeyJwk')
  const cryptoKey = await crypto.subtle.importKey('jwk', { ...key.privateKeyJwk, ext: false }, ALGORITHM, false, ['sign'])
  return {
    id: key.id,
    algorithm: 'ES256',
    async sign(data) {
      return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, cryptoKey, data as Uint8Array<ArrayBuffer>))
    },
  }
}
