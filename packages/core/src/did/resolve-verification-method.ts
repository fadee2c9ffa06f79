import { Ob3Error } from '../errors.js'
import { fromUtf8 } from '../encoding/bytes.js'
import { fetchLimited } from '../fetch/read-limited.js'
import { ed25519KeyFromJwk, ed25519PublicKeyFromMultibase } from '../keys/ed25519.js'
import { resolveDid, type ResolveDidOptions } from './resolve-did.js'
import type { DidDocument, ProofPurpose, ResolvedKey, VerificationMethod } from './types.js'

/** Options for {@link resolveVerificationMethod}. */
export interface ResolveVerificationMethodOptions extends ResolveDidOptions {
  /** The relationship the key must have with its controller. Default `assertionMethod`. */
  purpose?: ProofPurpose
}

/**
 * Resolve a proof's `verificationMethod` to a key:
 * - `did:key:…#…` and `did:web:…#…` through the DID document, checking the key is listed for
 *   the purpose;
 * - `<URL>#<publicKeyMultibase>` (the form of the OB 3.0 spec examples): the key is the fragment,
 *   and `bound` is false;
 * - any other `https:` URL: the controller document or verification method fetched through `fetch`.
 *
 * @throws Ob3Error `ERR_OB3_VERIFICATION_METHOD_NOT_FOUND`, `ERR_OB3_PROOF_PURPOSE`, DID and fetch errors
 * @example `const key = await resolveVerificationMethod(proof.verificationMethod, { fetch })`
 */
export async function resolveVerificationMethod(id: string, options: ResolveVerificationMethodOptions = {}): Promise<ResolvedKey> {
  if (typeof id !== 'string' || id === '') throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', 'the proof names no verification method')
  const purpose = options.purpose ?? 'assertionMethod'
  const hash = id.indexOf('#')
  const base = hash < 0 ? id : id.slice(0, hash)
  const fragment = hash < 0 ? '' : id.slice(hash + 1)
  if (base.startsWith('did:')) {
    const doc = await resolveDid(base, options)
    const vmId = hash < 0 ? firstFor(doc, purpose) : id
    return fromMethod(findMethod(doc, vmId, purpose), id, true)
  }
  if (!/^https?:\/\//.test(base)) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `cannot resolve verification method ${id}`, { details: { id } })
  if (fragment.startsWith('z6Mk')) {
    ed25519PublicKeyFromMultibase(fragment)
    return { id, controller: base, keyType: 'Ed25519', publicKeyMultibase: fragment, bound: false }
  }
  const { body } = await fetchLimited(base, { fetch: options.fetch, what: 'verification method', maxBytes: 256 * 1024 })
  let doc: unknown
  try {
    doc = JSON.parse(fromUtf8(body))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `${base} is not a JSON document`, { cause, details: { id } })
  }
  const d = doc as DidDocument & VerificationMethod
  if (d.id === id && (d.publicKeyMultibase !== undefined || d.publicKeyJwk !== undefined)) return fromMethod(d, id, true)
  return fromMethod(findMethod(d, id, purpose), id, true)
}

function firstFor(doc: DidDocument, purpose: ProofPurpose): string {
  const first = doc[purpose]?.[0]
  if (first === undefined) throw new Ob3Error('ERR_OB3_PROOF_PURPOSE', `${doc.id} lists no key for ${purpose}`)
  return typeof first === 'string' ? absolute(doc.id, first) : first.id
}

function absolute(docId: string, ref: string): string {
  return ref.startsWith('#') ? docId + ref : ref
}

function findMethod(doc: DidDocument, vmId: string, purpose: ProofPurpose): VerificationMethod {
  const relationship = doc[purpose]
  let listed: VerificationMethod | string | undefined
  for (const entry of Array.isArray(relationship) ? relationship : []) {
    const entryId = typeof entry === 'string' ? absolute(doc.id, entry) : absolute(doc.id, entry.id)
    if (entryId === vmId) listed = entry
  }
  if (listed === undefined) {
    throw new Ob3Error('ERR_OB3_PROOF_PURPOSE', `${vmId} is not authorized for ${purpose} by ${doc.id}`, { details: { id: vmId, purpose } })
  }
  if (typeof listed !== 'string') return listed
  const method = (doc.verificationMethod ?? []).find((m) => absolute(doc.id, m.id) === vmId)
  if (method === undefined) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `${vmId} is not in ${doc.id}`, { details: { id: vmId } })
  return method
}

function fromMethod(method: VerificationMethod, id: string, bound: boolean): ResolvedKey {
  const controller = typeof method.controller === 'string' ? method.controller : id.split('#')[0] as string
  if (typeof method.publicKeyMultibase === 'string') {
    ed25519PublicKeyFromMultibase(method.publicKeyMultibase)
    return { id, controller, keyType: 'Ed25519', publicKeyMultibase: method.publicKeyMultibase, bound }
  }
  const jwk = method.publicKeyJwk
  if (typeof jwk === 'object' && jwk !== null) {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
      return { id, controller, keyType: 'Ed25519', publicKeyMultibase: ed25519KeyFromJwk(jwk).publicKeyMultibase, bound }
    }
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') return { id, controller, keyType: 'P-256', publicKeyJwk: jwk, bound }
    if (jwk.kty === 'RSA') return { id, controller, keyType: 'RSA', publicKeyJwk: jwk, bound }
  }
  throw new Ob3Error('ERR_OB3_KEY_UNSUPPORTED', `verification method ${id} has no supported key (Ed25519 Multikey or JWK, P-256 or RSA JWK)`, {
    details: { id, type: method.type },
  })
}
