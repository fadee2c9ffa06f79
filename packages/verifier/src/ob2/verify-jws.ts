/**
 * Internal: verify the compact JWS of an Open Badges 2.0 signed assertion with a PEM public key
 * (a CryptographicKey's `publicKeyPem`), through WebCrypto so that it runs in Node and browsers.
 * @packageDocumentation
 */
import { Ob3Error, fromBase64Url, fromUtf8 } from '@ob3/core'

type Algorithm = { key: RsaHashedImportParams | EcKeyImportParams | { name: 'Ed25519' }; verify: AlgorithmIdentifier | RsaPssParams | EcdsaParams }

/** The JWS algorithms a signed 2.0 badge may use (RS256 is the one the specification recommends). */
const ALGORITHMS: Record<string, Algorithm> = {
  RS256: { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: 'RSASSA-PKCS1-v1_5' },
  RS384: { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, verify: 'RSASSA-PKCS1-v1_5' },
  RS512: { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, verify: 'RSASSA-PKCS1-v1_5' },
  PS256: { key: { name: 'RSA-PSS', hash: 'SHA-256' }, verify: { name: 'RSA-PSS', saltLength: 32 } },
  PS384: { key: { name: 'RSA-PSS', hash: 'SHA-384' }, verify: { name: 'RSA-PSS', saltLength: 48 } },
  PS512: { key: { name: 'RSA-PSS', hash: 'SHA-512' }, verify: { name: 'RSA-PSS', saltLength: 64 } },
  ES256: { key: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { key: { name: 'ECDSA', namedCurve: 'P-384' }, verify: { name: 'ECDSA', hash: 'SHA-384' } },
  ES512: { key: { name: 'ECDSA', namedCurve: 'P-521' }, verify: { name: 'ECDSA', hash: 'SHA-512' } },
  EdDSA: { key: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
}

/** The JWS algorithms accepted for Open Badges 2.0 signed assertions. */
export const OB2_JWS_ALGORITHMS: readonly string[] = Object.keys(ALGORITHMS)

/** The protected header's `alg`, checked. */
export function jwsAlgorithm(jws: string): string {
  let header: unknown
  try {
    header = JSON.parse(fromUtf8(fromBase64Url(jws.split('.')[0] ?? '')))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JWT_MALFORMED', 'the JWS header is not base64url JSON', { cause })
  }
  const alg = typeof header === 'object' && header !== null ? (header as { alg?: unknown }).alg : undefined
  if (typeof alg !== 'string' || ALGORITHMS[alg] === undefined) {
    throw new Ob3Error('ERR_OB3_JWT_ALG_UNSUPPORTED', `the JWS algorithm ${JSON.stringify(alg)} is not one of ${OB2_JWS_ALGORITHMS.join(', ')}`)
  }
  return alg
}

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '')
  try {
    const binary = atob(body)
    const der = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i)
    return der
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', 'publicKeyPem is not a PEM public key', { cause })
  }
}

/**
 * Whether `jws` is signed by the key in `publicKeyPem` (SPKI, `-----BEGIN PUBLIC KEY-----`).
 * @throws Ob3Error `ERR_OB3_JWT_ALG_UNSUPPORTED`, `ERR_OB3_JWT_MALFORMED`, `ERR_OB3_KEY_INVALID`
 */
export async function verifyOb2Jws(jws: string, publicKeyPem: string): Promise<boolean> {
  const algorithm = ALGORITHMS[jwsAlgorithm(jws)] as Algorithm
  const [header, payload, signature] = jws.split('.') as [string, string, string]
  let key: CryptoKey
  try {
    key = await crypto.subtle.importKey('spki', pemToDer(publicKeyPem), algorithm.key, false, ['verify'])
  } catch (cause) {
    if (cause instanceof Ob3Error) throw cause
    throw new Ob3Error('ERR_OB3_KEY_INVALID', `the key cannot be used for ${jwsAlgorithm(jws)}: ${(cause as Error).message}`, { cause })
  }
  let sig: Uint8Array<ArrayBuffer>
  try {
    sig = fromBase64Url(signature) as Uint8Array<ArrayBuffer>
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JWT_MALFORMED', 'the JWS signature is not base64url', { cause })
  }
  return crypto.subtle.verify(algorithm.verify, key, sig, new TextEncoder().encode(`${header}.${payload}`))
}
