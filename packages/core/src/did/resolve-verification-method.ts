import { Ob3Error } from '../errors.js'
import { fromUtf8 } from '../encoding/bytes.js'
import { fetchLimited } from '../fetch/read-limited.js'
import { ed25519KeyFromJwk, ed25519PublicKeyFromMultibase } from '../keys/ed25519.js'
import { resolveDid, type ResolveDidOptions } from './resolve-did.js'
import type { DidDocument, ProofPurpose, ResolvedKey, VerificationMethod } from './types.js'

/** Options for {@link resolveVerificationMethod} and {@link resolvePublishedKeys}. */
export interface ResolveVerificationMethodOptions extends ResolveDidOptions {
  /** The relationship the key must have with its controller. Default `assertionMethod`. */
  purpose?: ProofPurpose
  /** The time a verification method's `expires` and `revoked` are compared with. Default: now. */
  now?: Date
}

/** The verification relationships a controller document may list a key under. */
const RELATIONSHIPS = ['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'] as const

/**
 * Resolve a proof's `verificationMethod` to a key, and bind it to its controller the one way
 * that holds: the key counts as X's only when the document X's own identifier resolves to lists
 * it for the purpose (CID §3.3). A key document's statement about its own controller is never
 * enough on its own.
 *
 * - `did:key:…#…`, `did:jwk:…#…`, `did:web:…#…`: the method is read from the DID document;
 * - any other `https:` URL: the verification method (a bare Multikey / JsonWebKey at that URL,
 *   or one inside the controller document at the URL without its fragment, whose `id` must be
 *   that URL);
 * - then its `controller` X is resolved by its own id (a DID, or an https controller document
 *   whose `id` is X) and X's document must list the method under the purpose. The result's
 *   `controller` is X and `bound` is true;
 * - `<URL>#<publicKeyMultibase>` (the form of the OB 3.0 spec examples): the key is the
 *   fragment, nothing is fetched, `controller` is the URL and `bound` is false — no document
 *   confirms it.
 *
 * @throws Ob3Error `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED` (the controller's own document does not list
 *   the key), `ERR_OB3_PROOF_PURPOSE` (it lists it for another purpose), `ERR_OB3_PROOF_EXPIRED`
 *   (the method expired), `ERR_OB3_VERIFICATION_METHOD_NOT_FOUND`, DID and fetch errors
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
    return bind(dereference(doc, vmId), vmId, doc, purpose, options)
  }
  if (!/^https?:\/\//.test(base)) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `cannot resolve verification method ${id}`, { details: { id } })
  if (fragment.startsWith('z6Mk')) {
    ed25519PublicKeyFromMultibase(fragment)
    return { id, controller: base, keyType: 'Ed25519', publicKeyMultibase: fragment, bound: false }
  }
  const doc = await fetchJson(base, 'verification method', options.fetch)
  if (doc.id === id && (doc.publicKeyMultibase !== undefined || doc.publicKeyJwk !== undefined)) {
    // A bare verification method: it is no controller document, so nothing in it binds it.
    return bind(doc as VerificationMethod, id, undefined, purpose, options)
  }
  if (doc.id !== base) {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the document at ${base} names itself ${JSON.stringify(doc.id)}: a document speaks for the identifier at its own address only, so it cannot authorize ${id}`, {
      details: { id, documentId: doc.id },
    })
  }
  return bind(dereference(doc as DidDocument, id), id, doc as DidDocument, purpose, options)
}

/**
 * Every key the document of `controller` (a DID, or the URL of an https controller document)
 * lists for the purpose, each bound to `controller`. For comparing a key that came from
 * elsewhere (a JWT header `jwk`) with the keys an issuer publishes.
 *
 * @throws Ob3Error DID, fetch and document errors, as {@link resolveVerificationMethod}
 * @example `const keys = await resolvePublishedKeys('did:web:district.example', { fetch })`
 */
export async function resolvePublishedKeys(controller: string, options: ResolveVerificationMethodOptions = {}): Promise<ResolvedKey[]> {
  const purpose = options.purpose ?? 'assertionMethod'
  const doc = await controllerDocument(controller, options)
  const keys: ResolvedKey[] = []
  for (const entry of Array.isArray(doc[purpose]) ? (doc[purpose] as unknown[]) : []) {
    const vmId = entryId(doc.id, entry)
    if (vmId === undefined) continue
    const method = typeof entry === 'object' ? (entry as VerificationMethod) : findIn(doc, vmId)
    if (method === undefined) continue
    try {
      keys.push(await bind(method, vmId, doc, purpose, options))
    } catch {
      // A listed key ob3 cannot use (another key type, expired) is simply not one of them.
    }
  }
  return keys
}

function firstFor(doc: DidDocument, purpose: ProofPurpose): string {
  const first = entryId(doc.id, (doc[purpose] as unknown[] | undefined)?.[0])
  if (first === undefined) throw new Ob3Error('ERR_OB3_PROOF_PURPOSE', `${doc.id} lists no key for ${purpose}`)
  return first
}

function absolute(docId: string, ref: string): string {
  return ref.startsWith('#') ? docId + ref : ref
}

/** The absolute id of a relationship entry: a URL string or an embedded method. */
function entryId(docId: string, entry: unknown): string | undefined {
  if (typeof entry === 'string') return absolute(docId, entry)
  const id = (entry as { id?: unknown } | null | undefined)?.id
  return typeof entry === 'object' && typeof id === 'string' ? absolute(docId, id) : undefined
}

/** A verification method map with this id in the document (its verificationMethod or an embedded one). */
function findIn(doc: DidDocument, vmId: string): VerificationMethod | undefined {
  const candidates: unknown[] = [...(Array.isArray(doc.verificationMethod) ? doc.verificationMethod : [])]
  for (const r of RELATIONSHIPS) if (Array.isArray(doc[r])) candidates.push(...(doc[r] as unknown[]))
  return candidates.find((m): m is VerificationMethod => typeof m === 'object' && m !== null && entryId(doc.id, m) === vmId)
}

/** CID §3.3 steps 6–8: the method the id names in the document. */
function dereference(doc: DidDocument, vmId: string): VerificationMethod {
  const method = findIn(doc, vmId)
  if (method === undefined) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `${vmId} is not in ${doc.id}`, { details: { id: vmId } })
  return method
}

/**
 * CID §3.3 steps 9–10, and the round trip the CID note asks for: the method's controller is
 * looked up by its own id, and its document must list the method for the purpose.
 */
async function bind(method: VerificationMethod, vmId: string, container: DidDocument | undefined, purpose: ProofPurpose, options: ResolveVerificationMethodOptions): Promise<ResolvedKey> {
  const claimed = typeof method.controller === 'string' ? method.controller : container?.id
  if (typeof claimed !== 'string' || claimed === '') {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `verification method ${vmId} names no controller, so nothing can confirm whose key it is`, { details: { id: vmId } })
  }
  const controller = container === undefined ? claimed : absolute(container.id, claimed)
  const doc = container !== undefined && controller === container.id ? container : await controllerDocument(controller, options)
  const relationship = doc[purpose]
  const listed = (Array.isArray(relationship) ? (relationship as unknown[]) : []).find((entry) => entryId(doc.id, entry) === vmId)
  if (listed === undefined) {
    const other = RELATIONSHIPS.find((r) => r !== purpose && Array.isArray(doc[r]) && (doc[r] as unknown[]).some((entry) => entryId(doc.id, entry) === vmId))
    if (other !== undefined) {
      throw new Ob3Error('ERR_OB3_PROOF_PURPOSE', `${vmId} is authorized by ${controller} for ${other}, not for ${purpose}`, { details: { id: vmId, purpose, controller } })
    }
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `${vmId} names ${controller} as its controller, but the document of ${controller} does not list it for ${purpose}: a key's own claim of its controller is not enough`, {
      details: { id: vmId, purpose, controller },
    })
  }
  // The key material: the controller's own copy when it has one, else the method as dereferenced.
  const own = typeof listed === 'object' ? (listed as VerificationMethod) : findIn(doc, vmId)
  const material = own ?? method
  if (own !== undefined && typeof own.controller === 'string' && absolute(doc.id, own.controller) !== controller) {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `${controller} lists ${vmId}, but with another controller (${own.controller})`, { details: { id: vmId, controller } })
  }
  checkLifetime(material, vmId, options.now ?? new Date())
  return fromMethod(material, vmId, controller)
}

/** A controller document by its own id: a DID's document, or an https document whose `id` is the URL. */
async function controllerDocument(controller: string, options: ResolveVerificationMethodOptions): Promise<DidDocument> {
  if (controller.startsWith('did:')) {
    const doc = await resolveDid(controller, options)
    if (doc.id !== controller) throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the DID document of ${controller} names itself ${doc.id}`, { details: { controller } })
    return doc
  }
  if (!/^https?:\/\/[^#]+$/.test(controller)) {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the controller ${controller} is neither a DID nor an https URL, so its document cannot be looked up`, { details: { controller } })
  }
  const doc = await fetchJson(controller, 'controller document', options.fetch)
  if (doc.id !== controller) {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the document at ${controller} names itself ${JSON.stringify(doc.id)}, so it is not the controller document of ${controller}`, {
      details: { controller, documentId: doc.id },
    })
  }
  return doc as DidDocument
}

async function fetchJson(url: string, what: string, fetch: typeof globalThis.fetch | undefined): Promise<Record<string, unknown>> {
  const { body } = await fetchLimited(url, { fetch, what, maxBytes: 256 * 1024, accept: 'application/did+json, application/json, application/ld+json' })
  let doc: unknown
  try {
    doc = JSON.parse(fromUtf8(body))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `${url} is not a JSON document`, { cause, details: { url } })
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `${url} is not a JSON object`, { details: { url } })
  return doc as Record<string, unknown>
}

/** CID §2.2: no proof verifies with a method at or after its `expires` or `revoked`. */
function checkLifetime(method: VerificationMethod, vmId: string, now: Date): void {
  for (const [field, code] of [['revoked', 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'], ['expires', 'ERR_OB3_PROOF_EXPIRED']] as const) {
    const value = method[field]
    if (value === undefined) continue
    const at = typeof value === 'string' ? Date.parse(value) : Number.NaN
    if (Number.isNaN(at)) throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', `verification method ${vmId} has an unreadable ${field} date`, { details: { id: vmId } })
    if (now.getTime() >= at) throw new Ob3Error(code, `verification method ${vmId} was ${field === 'revoked' ? 'revoked' : 'only valid until'} ${value as string}`, { details: { id: vmId } })
  }
}

function fromMethod(method: VerificationMethod, id: string, controller: string): ResolvedKey {
  if (typeof method.publicKeyMultibase === 'string') {
    ed25519PublicKeyFromMultibase(method.publicKeyMultibase)
    return { id, controller, keyType: 'Ed25519', publicKeyMultibase: method.publicKeyMultibase, bound: true }
  }
  const jwk = method.publicKeyJwk
  if (typeof jwk === 'object' && jwk !== null) {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
      return { id, controller, keyType: 'Ed25519', publicKeyMultibase: ed25519KeyFromJwk(jwk).publicKeyMultibase, bound: true }
    }
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') return { id, controller, keyType: 'P-256', publicKeyJwk: jwk, bound: true }
    if (jwk.kty === 'RSA') return { id, controller, keyType: 'RSA', publicKeyJwk: jwk, bound: true }
  }
  throw new Ob3Error('ERR_OB3_KEY_UNSUPPORTED', `verification method ${id} has no supported key (Ed25519 Multikey or JWK, P-256 or RSA JWK)`, {
    details: { id, type: method.type },
  })
}
