import { Ob3Error } from '../errors.js'
import { fromUtf8 } from '../encoding/bytes.js'
import { fetchLimited } from '../fetch/read-limited.js'
import { fromBase64Url as decodeB64 } from '../encoding/bytes.js'
import { ed25519PublicKeyFromMultibase } from '../keys/ed25519.js'
import type { DidDocument } from './types.js'

/** Options for {@link resolveDid}. */
export interface ResolveDidOptions {
  /** Fetch for did:web. Without it, did:web cannot be resolved (`ERR_OB3_FETCH_FORBIDDEN`). */
  fetch?: typeof fetch
  /**
   * Resolved did:web documents, shared between calls. A `Map` keeps each for as long as the map
   * lives: fine for one batch, wrong for a long-running verifier, where a key the issuer removed
   * would go on verifying. There, leave this out and give a `fetch` wrapped by a
   * `createResponseCache` (what `@ob3/verifier` does): documents are then kept by URL for the
   * lifetime their HTTP cache headers give, 5 minutes at most by default.
   */
  cache?: DidDocumentCache
}

/** Where {@link resolveDid} keeps did:web documents (a `Map` is one). */
export interface DidDocumentCache {
  get(did: string): DidDocument | undefined
  set(did: string, document: DidDocument): unknown
}

/**
 * Resolve a DID to its document: `did:key` (Ed25519) locally, `did:web` over HTTPS through the
 * injected fetch.
 *
 * @throws Ob3Error `ERR_OB3_DID_UNSUPPORTED`, `ERR_OB3_DID_RESOLUTION_FAILED`, `ERR_OB3_FETCH_*`
 * @example `const doc = await resolveDid('did:key:z6Mk…')`
 */
export async function resolveDid(did: string, options: ResolveDidOptions = {}): Promise<DidDocument> {
  if (did.startsWith('did:key:')) return didKeyDocument(did)
  if (did.startsWith('did:jwk:')) return didJwkDocument(did)
  if (did.startsWith('did:web:')) {
    const cached = options.cache?.get(did)
    if (cached !== undefined) return cached
    const doc = await resolveDidWeb(did, options.fetch)
    options.cache?.set(did, doc)
    return doc
  }
  throw new Ob3Error('ERR_OB3_DID_UNSUPPORTED', `DID method of ${did.split(':').slice(0, 2).join(':')} is not supported (did:key, did:jwk and did:web are)`, {
    details: { did },
  })
}

/**
 * The DID document of an Ed25519 `did:key`: one Multikey verification method, usable for
 * assertion and authentication.
 * @example `didKeyDocument('did:key:z6Mk…').assertionMethod // ['did:key:z6Mk…#z6Mk…']`
 */
export function didKeyDocument(did: string): DidDocument {
  const fingerprint = did.slice('did:key:'.length)
  if (!fingerprint.startsWith('z6Mk')) {
    throw new Ob3Error('ERR_OB3_DID_UNSUPPORTED', 'only Ed25519 did:key identifiers (z6Mk…) are supported', { details: { did } })
  }
  try {
    ed25519PublicKeyFromMultibase(fingerprint)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `${did} is not a valid did:key`, { cause, details: { did } })
  }
  const id = `${did}#${fingerprint}`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase: fingerprint }],
    assertionMethod: [id],
    authentication: [id],
    capabilityInvocation: [id],
    capabilityDelegation: [id],
  }
}

/**
 * The HTTPS URL of a did:web document.
 * @example `didWebUrl('did:web:example.com:user:alice') // 'https://example.com/user/alice/did.json'`
 */
export function didWebUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':')
  const host = decodeURIComponent(parts[0] ?? '')
  if (host === '' || /[/?#@\s]/.test(host)) throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `${did} has no valid host`, { details: { did } })
  const path = parts.slice(1).map((p) => decodeURIComponent(p))
  if (path.some((p) => p === '' || p === '.' || p === '..' || p.includes('/'))) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `${did} has an invalid path`, { details: { did } })
  }
  return path.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${path.join('/')}/did.json`
}

async function resolveDidWeb(did: string, fetch: typeof globalThis.fetch | undefined): Promise<DidDocument> {
  const url = didWebUrl(did.split('#')[0] as string)
  const { body } = await fetchLimited(url, { fetch, what: 'DID document', maxBytes: 256 * 1024, accept: 'application/did+json, application/json' })
  let doc: unknown
  try {
    doc = JSON.parse(fromUtf8(body))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `the DID document at ${url} is not JSON`, { cause, details: { did, url } })
  }
  if (typeof doc !== 'object' || doc === null || (doc as DidDocument).id !== did) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `the document at ${url} is not the DID document of ${did}`, { details: { did, url } })
  }
  return doc as DidDocument
}

/**
 * The DID document of a `did:jwk`: its one key, `#0`, usable for assertion and authentication.
 * @example `didJwkDocument(didJwkFromJwk(publicJwk)).verificationMethod[0].publicKeyJwk`
 */
export function didJwkDocument(did: string): DidDocument {
  let jwk: unknown
  try {
    jwk = JSON.parse(fromUtf8(decodeB64(did.slice('did:jwk:'.length))))
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `${did} does not hold a base64url JSON Web Key`, { cause, details: { did } })
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk) || 'd' in jwk) {
    throw new Ob3Error('ERR_OB3_DID_RESOLUTION_FAILED', `${did} must hold a public JSON Web Key`, { details: { did } })
  }
  const id = `${did}#0`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: did,
    verificationMethod: [{ id, type: 'JsonWebKey', controller: did, publicKeyJwk: jwk as Record<string, unknown> }],
    assertionMethod: [id],
    authentication: [id],
  }
}
