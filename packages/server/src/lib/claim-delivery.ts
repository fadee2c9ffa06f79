/**
 * Internal: what redeeming a claim shares between OpenID4VCI and VC-API exchanges — the tenant's
 * issuing URL, proof-of-possession nonces, the holder's JWT proof, and the credential delivered:
 * the stored one, signed again with its subject bound to the holder's DID.
 * @packageDocumentation
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import {
  Ob3Error, decodeVcJwt, didKeyDocument, ed25519KeyFromJwk, ed25519PublicKeyFromMultibase, fromBase64Url, utf8, verifyEd25519,
  type ProofFormat,
} from '@ob3/core'
import type { ClaimRecord, CredentialRecord } from '@ob3/issuer'
import { serverDocumentLoader } from './contexts.js'
import type { ServerContext } from './context.js'
import type { Tenant } from './tenants.js'

/** How long a `c_nonce` is accepted. */
export const NONCE_TTL_SECONDS = 300
/** How long the access token of a redeemed claim lets the wallet fetch its credential. */
export const CLAIM_TOKEN_TTL_SECONDS = 600
/** How far a proof's `iat` may lie in the past or future (the nonce bounds freshness too). */
const IAT_PAST_SECONDS = 600
const IAT_FUTURE_SECONDS = 60

/** The tenant's OpenID4VCI Credential Issuer identifier: `<base>/issuers/<tenant>`. */
export function issuerUrlOf(ctx: ServerContext, tenant: Tenant): string {
  return `${ctx.baseUrl()}/issuers/${tenant.record.id}`
}

/** A per-tenant secret for nonces and challenges, derived from its signing key (the same on every instance). */
function secretOf(tenant: Tenant, purpose: string): Buffer {
  return createHash('sha256').update(`ob3 claims ${purpose}\0${tenant.key.secretKeyMultibase ?? tenant.key.id}`).digest()
}

const mac = (tenant: Tenant, purpose: string, text: string): string => createHmac('sha256', secretOf(tenant, purpose)).update(text).digest('base64url')

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** A new `c_nonce`: its expiry, random bytes, and a MAC, so any instance can check it without storing it. */
export function newNonce(tenant: Tenant, now: Date): string {
  const body = `${Math.floor(now.getTime() / 1000) + NONCE_TTL_SECONDS}.${randomBytes(16).toString('base64url')}`
  return `${body}.${mac(tenant, 'c_nonce', body)}`
}

/** Whether a `c_nonce` is one this tenant made and has not expired. */
export function nonceIsValid(tenant: Tenant, nonce: unknown, now: Date): boolean {
  if (typeof nonce !== 'string' || nonce.length > 200) return false
  const at = nonce.lastIndexOf('.')
  if (at < 0) return false
  const body = nonce.slice(0, at)
  if (!sameText(nonce.slice(at + 1), mac(tenant, 'c_nonce', body))) return false
  return Number(body.split('.')[0]) > now.getTime() / 1000
}

/** The VC-API DID-authentication challenge of a claim: fixed per claim, unguessable without the tenant's key. */
export function exchangeChallenge(tenant: Tenant, claim: ClaimRecord): string {
  return mac(tenant, 'vc-api challenge', claim.id)
}

/** Why a holder proof was refused (the OpenID4VCI error is `invalid_proof` or `invalid_nonce`). */
export class ProofRefused extends Ob3Error {
  constructor(message: string, readonly error: 'invalid_proof' | 'invalid_nonce' = 'invalid_proof') {
    super('ERR_OB3_CLAIM_PROOF_INVALID', message)
  }
}

function parsePart(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(new TextDecoder().decode(fromBase64Url(part ?? ''))) as unknown
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // below
  }
  throw new ProofRefused(`the proof's ${what} is not a JSON object`)
}

/**
 * Check an OpenID4VCI `jwt` key proof (VCI §F.1, §F.4) and return the holder's DID: `kid` a
 * did:key URL, or `jwk` an Ed25519 public key (its did:key is the holder). EdDSA only.
 */
export async function verifyProofJwt(jwt: unknown, o: { tenant: Tenant; audience: string; now: Date }): Promise<string> {
  if (typeof jwt !== 'string' || jwt.length > 8192) throw new ProofRefused('the proof must be a compact JWT')
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new ProofRefused('the proof must be a compact JWT (three parts)')
  const header = parsePart(parts[0], 'header')
  const payload = parsePart(parts[1], 'payload')
  if (header.typ !== 'openid4vci-proof+jwt') throw new ProofRefused('the proof\'s typ must be openid4vci-proof+jwt')
  if (header.alg !== 'EdDSA') throw new ProofRefused('the proof must be signed with EdDSA (Ed25519)')
  const named = ['kid', 'jwk', 'x5c'].filter((k) => header[k] !== undefined)
  if (named.length !== 1) throw new ProofRefused('the proof\'s header must name its key by exactly one of kid and jwk')
  let holder: string
  let publicKey: Uint8Array
  try {
    if (typeof header.kid === 'string') {
      const [did, fragment] = header.kid.split('#')
      if (did === undefined || !did.startsWith('did:key:')) throw new ProofRefused('kid must be a did:key URL')
      const doc = didKeyDocument(did)
      const method = doc.verificationMethod?.find((m) => m.id === header.kid || (fragment === undefined && m.id.startsWith(`${did}#`)))
      if (method === undefined || typeof method.publicKeyMultibase !== 'string') throw new ProofRefused('kid names no key of that did:key')
      holder = did
      publicKey = ed25519PublicKeyFromMultibase(method.publicKeyMultibase)
    } else if (header.jwk !== undefined) {
      if (typeof header.jwk === 'object' && header.jwk !== null && 'd' in header.jwk) throw new ProofRefused('the proof\'s jwk holds a private key')
      const key = ed25519KeyFromJwk(header.jwk)
      holder = key.controller
      publicKey = ed25519PublicKeyFromMultibase(key.publicKeyMultibase)
    } else {
      throw new ProofRefused('x5c key proofs are not accepted; use kid (did:key) or jwk')
    }
  } catch (err) {
    if (err instanceof ProofRefused) throw err
    throw new ProofRefused(`the proof's key cannot be used: ${(err as Error).message}`)
  }
  if (!(await verifyEd25519(publicKey, utf8(`${parts[0]}.${parts[1]}`), fromBase64Url(parts[2] ?? '')))) throw new ProofRefused('the proof\'s signature does not verify')
  const aud = payload.aud
  if (!(aud === o.audience || (Array.isArray(aud) && aud.includes(o.audience)))) throw new ProofRefused(`the proof's aud must be ${o.audience}`)
  const now = o.now.getTime() / 1000
  if (typeof payload.iat !== 'number' || payload.iat < now - IAT_PAST_SECONDS || payload.iat > now + IAT_FUTURE_SECONDS) throw new ProofRefused('the proof\'s iat is missing or out of range')
  if (!nonceIsValid(o.tenant, payload.nonce, o.now)) throw new ProofRefused('the proof\'s nonce is missing, unknown or stale: fetch a new c_nonce', 'invalid_nonce')
  return holder
}

/**
 * Deliver a redeemed claim's credential to its holder: the stored credential, with a new id and
 * its subject's id set to the holder's DID, signed in `format` by the tenant. Its status entry
 * (when it has one) is the stored credential's, so revoking the award revokes both. Asking again
 * gives the same credential.
 * @throws Ob3Error `ERR_OB3_CLAIM_REDEEMED` when the claim delivered to another holder or in another format
 */
export async function deliverBound(ctx: ServerContext, tenant: Tenant, claim: ClaimRecord, holder: string, format: ProofFormat): Promise<CredentialRecord> {
  const issuerId = tenant.record.issuerId
  const stored = await ctx.issuerStore.getCredential(issuerId, claim.credentialId)
  if (stored === undefined) throw new Ob3Error('ERR_OB3_CLAIM_NOT_FOUND', 'the credential of this claim is no longer stored')
  const unsigned: Record<string, unknown> = stored.format === 'vc-jwt' ? { ...decodeVcJwt(stored.content).credential } : JSON.parse(stored.content) as Record<string, unknown>
  delete unsigned.proof
  unsigned.id = `urn:uuid:${randomUUID()}`
  const subject = unsigned.credentialSubject
  unsigned.credentialSubject = Array.isArray(subject)
    ? subject.map((s, i) => (i === 0 ? { ...(s as object), id: holder } : s))
    : { ...(subject as object), id: holder }
  const result = await tenant.issuer.issue({
    credential: unsigned, idempotencyKey: `claim:${claim.id}`, format, documentLoader: serverDocumentLoader, actor: 'claim', status: false,
  })
  const record = result.record
  if (record.recipient !== holder || record.format !== format) {
    throw new Ob3Error('ERR_OB3_CLAIM_REDEEMED', 'this claim has delivered its credential already')
  }
  await ctx.issuerStore.deliverClaim(issuerId, claim.id, { credentialId: record.id, holder })
  return record
}
