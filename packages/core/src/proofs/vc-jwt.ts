import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose'
import { Ob3Error, isOb3Error, type Ob3ErrorCode } from '../errors.js'
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../encoding/bytes.js'
import { ed25519KeyFromJwk, ed25519PublicJwk, type Signer } from '../keys/ed25519.js'
import { resolvePublishedKeys } from '../did/resolve-verification-method.js'
import type { ResolvedKey } from '../did/types.js'
import type { KeyResolver, ProofOutcome, ProofWarning, PublishedKeysResolver } from './types.js'

/** The JOSE algorithms ob3 verifies. */
export const JWT_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const
/** The JWT registered claims that are envelope, not credential. */
const ENVELOPE_CLAIMS = ['iss', 'sub', 'nbf', 'exp', 'iat', 'jti', 'aud'] as const
/** The JOSE header parameters OB 3.0 allows ("Additional JOSE Headers are NOT allowed"). */
const ALLOWED_HEADERS = new Set(['alg', 'kid', 'jwk', 'typ'])

/** Options for {@link signVcJwt}. */
export interface SignVcJwtOptions {
  /** The credential (VC 2.0). Its `issuer`, `id`, `validFrom`, `validUntil` and subject id become claims. */
  credential: Record<string, unknown>
  signer: Signer
  /** Put the public key in the header as `jwk` instead of naming it by `kid`. */
  embedJwk?: Record<string, unknown>
}

/**
 * Sign a credential as a VC-JWT (OB 3.0 §8.2): a compact JWS with header `{alg, kid, typ: "JWT"}`
 * and the credential as payload, plus the `iss`, `jti`, `nbf`, `sub` and `exp` claims.
 *
 * @example `const jwt = await signVcJwt({ credential, signer }) // 'eyJ…'`
 */
export async function signVcJwt(options: SignVcJwtOptions): Promise<string> {
  const { credential, signer } = options
  const header: Record<string, unknown> = { alg: signer.algorithm, typ: 'JWT' }
  if (options.embedJwk === undefined) header.kid = signer.id
  else header.jwk = options.embedJwk
  const payload: Record<string, unknown> = { ...credential }
  const issuer = credential.issuer
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id
  if (typeof issuerId === 'string') payload.iss = issuerId
  if (typeof credential.id === 'string') payload.jti = credential.id
  const nbf = seconds(credential.validFrom)
  if (nbf !== undefined) payload.nbf = nbf
  const exp = seconds(credential.validUntil)
  if (exp !== undefined) payload.exp = exp
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject
  const sub = (subject as { id?: unknown } | undefined)?.id
  if (typeof sub === 'string') payload.sub = sub
  const signingInput = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  return `${signingInput}.${toBase64Url(await signer.sign(utf8(signingInput)))}`
}

function seconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/** A decoded VC-JWT. */
export interface DecodedVcJwt {
  header: Record<string, unknown>
  payload: Record<string, unknown>
  /** The credential: the `vc` claim of a VC 1.1 JWT, else the payload without envelope claims. */
  credential: Record<string, unknown>
  /** True for a VC 1.1-era JWT that carries the credential in its `vc` claim. */
  legacy: boolean
}

/**
 * Decode a VC-JWT without verifying it.
 * @throws Ob3Error `ERR_OB3_JWT_MALFORMED`
 * @example `decodeVcJwt(jwt).credential.name`
 */
export function decodeVcJwt(jwt: string): DecodedVcJwt {
  const parts = jwt.trim().split('.')
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || parts[0] === '' || parts[1] === '') {
    throw new Ob3Error('ERR_OB3_JWT_MALFORMED', 'not a compact JWS (three base64url parts separated by dots)')
  }
  const header = decodePart(parts[0] as string, 'header')
  const payload = decodePart(parts[1] as string, 'payload')
  const vc = payload.vc
  if (typeof vc === 'object' && vc !== null && !Array.isArray(vc)) {
    return { header, payload, credential: vc as Record<string, unknown>, legacy: true }
  }
  const credential: Record<string, unknown> = { ...payload }
  for (const claim of ENVELOPE_CLAIMS) delete credential[claim]
  return { header, payload, credential, legacy: false }
}

function decodePart(part: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(fromUtf8(fromBase64Url(part)))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JWT_MALFORMED', `the JWT ${what} is not base64url-encoded JSON`, { cause })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Ob3Error('ERR_OB3_JWT_MALFORMED', `the JWT ${what} is not a JSON object`)
  return value as Record<string, unknown>
}

/** Options for {@link verifyVcJwt}. */
export interface VerifyVcJwtOptions {
  jwt: string
  resolveKey: KeyResolver
  /** Allowed algorithms. Default: EdDSA, ES256, RS256. */
  algorithms?: readonly string[]
  /** The relationship the key must have with the `iss`: `assertionMethod` (a VC-JWT, the default) or `authentication` (a VP-JWT). */
  purpose?: 'assertionMethod' | 'authentication'
  /**
   * The keys an `iss` publishes, for a header `jwk`: with a DID `iss`, the header key counts only
   * when it is one of them (same RFC 7638 thumbprint). Default: {@link resolvePublishedKeys}
   * offline (did:key and did:jwk; a did:web needs a resolver with a fetch).
   */
  publishedKeys?: PublishedKeysResolver
}

/**
 * Verify a VC-JWT's signature and its claims against the credential (OB 3.0 verification step 2):
 * the key comes from the header `kid` through `resolveKey`, or from a header `jwk`: for a DID
 * `iss` that key must be one the DID document publishes (else `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`),
 * for any other `iss` it is unbound (`bound: false`, confirmed by nobody).
 * Claims: `iss` = issuer id, `sub` = subject id, `nbf` = validFrom, `jti` = id, `exp` = validUntil. A
 * claim that is absent is a warning (the spec's own examples omit `nbf`); one that disagrees
 * fails. Never throws for a bad token.
 *
 * @example `const { outcome, decoded } = await verifyVcJwt({ jwt, resolveKey })`
 */
export async function verifyVcJwt(options: VerifyVcJwtOptions): Promise<{ outcome: ProofOutcome; decoded?: DecodedVcJwt }> {
  let decoded: DecodedVcJwt
  try {
    decoded = decodeVcJwt(options.jwt)
  } catch (err) {
    if (isOb3Error(err)) return { outcome: fail('unknown', err.code, err.message) }
    throw err
  }
  const { header, payload, credential } = decoded
  const alg = typeof header.alg === 'string' ? header.alg : 'none'
  const algorithms = options.algorithms ?? JWT_ALGORITHMS
  if (!algorithms.includes(alg)) return { outcome: fail(alg, 'ERR_OB3_JWT_ALG_UNSUPPORTED', `JWT algorithm ${alg} is not accepted (${algorithms.join(', ')} are)`), decoded }
  const extra = Object.keys(header).filter((h) => !ALLOWED_HEADERS.has(h))
  if (extra.length > 0) return { outcome: fail(alg, 'ERR_OB3_JWT_HEADER_INVALID', `JOSE header parameters ${extra.join(', ')} are not allowed by OB 3.0`), decoded }
  if (header.typ !== undefined && header.typ !== 'JWT') return { outcome: fail(alg, 'ERR_OB3_JWT_HEADER_INVALID', `the JOSE typ must be "JWT", not ${JSON.stringify(header.typ)}`), decoded }
  let key: ResolvedKey
  try {
    key = await keyFromHeader(header, payload, options)
  } catch (err) {
    if (isOb3Error(err)) return { outcome: fail(alg, err.code, err.message), decoded }
    throw err
  }
  try {
    const jwk: JWK = key.keyType === 'Ed25519' ? ed25519PublicJwk({ publicKeyMultibase: key.publicKeyMultibase as string }) : (key.publicKeyJwk as JWK)
    await compactVerify(options.jwt.trim(), await importJWK(jwk, alg), { algorithms: [alg] })
  } catch (cause) {
    return { outcome: { ...fail(alg, 'ERR_OB3_PROOF_SIGNATURE_INVALID', `the JWT signature does not verify with ${key.id}: ${(cause as Error).message}`), key }, decoded }
  }
  const claims = checkClaims(payload, credential)
  if (claims.mismatch !== undefined) return { outcome: { ...fail(alg, 'ERR_OB3_JWT_CLAIM_MISMATCH', claims.mismatch), key }, decoded }
  return { outcome: { format: 'jwt', suite: alg, verified: true, message: `VC-JWT ${alg} signature is valid`, key, warnings: claims.warnings }, decoded }
}

async function keyFromHeader(header: Record<string, unknown>, payload: Record<string, unknown>, options: VerifyVcJwtOptions): Promise<ResolvedKey> {
  const purpose = options.purpose ?? 'assertionMethod'
  const iss = typeof payload.iss === 'string' ? payload.iss : undefined
  if (typeof header.kid === 'string') {
    const kid = header.kid.startsWith('#') ? (iss ?? '') + header.kid : header.kid
    return options.resolveKey(kid, purpose)
  }
  const jwk = header.jwk
  if (typeof jwk === 'object' && jwk !== null && !Array.isArray(jwk)) {
    const j = jwk as Record<string, unknown>
    if ('d' in j) throw new Ob3Error('ERR_OB3_JWT_HEADER_INVALID', 'the header jwk contains a private key')
    const controller = iss ?? 'unknown'
    let key: ResolvedKey
    if (j.kty === 'OKP') key = { id: 'jwk', controller, keyType: 'Ed25519', publicKeyMultibase: ed25519KeyFromJwk(j, controller).publicKeyMultibase, bound: false }
    else if (j.kty === 'EC' && j.crv === 'P-256') key = { id: 'jwk', controller, keyType: 'P-256', publicKeyJwk: j, bound: false }
    else if (j.kty === 'RSA') key = { id: 'jwk', controller, keyType: 'RSA', publicKeyJwk: j, bound: false }
    else throw new Ob3Error('ERR_OB3_KEY_UNSUPPORTED', 'the header jwk is not an Ed25519, P-256 or RSA public key')
    // A DID fixes its keys: a header key counts only as one of the keys its document publishes.
    if (iss !== undefined && iss.startsWith('did:')) return publishedMatch(key, iss, purpose, options)
    return key
  }
  throw new Ob3Error('ERR_OB3_JWT_HEADER_INVALID', 'the JOSE header has neither kid nor jwk')
}

/** The key `iss` publishes for the purpose that is the header key (same RFC 7638 thumbprint). */
async function publishedMatch(key: ResolvedKey, iss: string, purpose: 'assertionMethod' | 'authentication', options: VerifyVcJwtOptions): Promise<ResolvedKey> {
  const published = options.publishedKeys ?? ((controller, p) => resolvePublishedKeys(controller, { purpose: p }))
  const wanted = await thumbprint(key)
  for (const candidate of await published(iss, purpose)) {
    if (candidate.bound && candidate.controller === iss && wanted !== undefined && (await thumbprint(candidate)) === wanted) return candidate
  }
  throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the key in the JWT header (jwk) is not one ${iss} publishes for ${purpose}: a DID's keys come from its DID document, not from the token`, {
    details: { iss, purpose },
  })
}

async function thumbprint(key: ResolvedKey): Promise<string | undefined> {
  try {
    const jwk = key.keyType === 'Ed25519' ? ed25519PublicJwk({ publicKeyMultibase: key.publicKeyMultibase as string }) : key.publicKeyJwk
    return await calculateJwkThumbprint(jwk as JWK)
  } catch {
    return undefined
  }
}

function checkClaims(payload: Record<string, unknown>, credential: Record<string, unknown>): { mismatch?: string; warnings: ProofWarning[] } {
  const warnings: ProofWarning[] = []
  const issuer = credential.issuer
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject
  const subjectId = (subject as { id?: unknown } | undefined)?.id
  const validFrom = credential.validFrom ?? credential.issuanceDate
  const validUntil = credential.validUntil ?? credential.expirationDate
  const pairs: [claim: string, expected: unknown, label: string, time: boolean][] = [
    ['iss', issuerId, 'issuer id', false],
    ['sub', subjectId, 'credentialSubject id', false],
    ['jti', credential.id, 'credential id', false],
    ['nbf', validFrom, 'validFrom', true],
    ['exp', validUntil, 'validUntil', true],
  ]
  for (const [claim, expected, label, time] of pairs) {
    const actual = payload[claim]
    if (actual === undefined) {
      if (expected !== undefined) warnings.push({ code: 'ERR_OB3_JWT_CLAIM_MISSING', message: `the JWT has no ${claim} claim (OB 3.0 requires it); the credential's ${label} is used` })
      continue
    }
    if (expected === undefined) {
      if (claim === 'exp' || claim === 'nbf') return { mismatch: `the JWT ${claim} claim has no matching ${label} in the credential`, warnings }
      continue
    }
    const same = time ? typeof actual === 'number' && typeof expected === 'string' && Math.floor(Date.parse(expected) / 1000) === actual : actual === expected
    if (!same) return { mismatch: `the JWT ${claim} claim ${JSON.stringify(actual)} does not match the credential's ${label} ${JSON.stringify(expected)}`, warnings }
  }
  return { warnings }
}

function fail(suite: string, code: Ob3ErrorCode, message: string): ProofOutcome {
  return { format: 'jwt', suite, verified: false, code, message, warnings: [] }
}
