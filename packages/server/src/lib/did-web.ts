/**
 * Internal: did:web identifiers for tenants on the service's own host, and the DID documents the
 * service serves for them.
 * @packageDocumentation
 */
import type { DidDocument, Ed25519Multikey } from '@ob3/core'
import type { TenantDidMethod } from '../store/types.js'

/**
 * The did:web of a tenant on the service at `baseUrl`: `did:web:<host>[:<path>]:<tenant>` for
 * `web`, `did:web:<host>[:<path>]` for `web-host` (the service's own DID, one tenant at most).
 * A port is written `%3A<port>`, as did:web requires.
 */
export function didWebOf(baseUrl: string, method: Exclude<TenantDidMethod, 'key'>, tenantId: string): string {
  const url = new URL(baseUrl)
  const path = url.pathname.split('/').filter((p) => p !== '').map(encodeURIComponent)
  const parts = [encodeURIComponent(url.host), ...path, ...(method === 'web' ? [tenantId] : [])]
  return `did:web:${parts.join(':')}`
}

/** The verification method fragment the service uses for a tenant's did:web key. */
export const DID_WEB_KEY_FRAGMENT = 'key-1'

/**
 * The DID document of a tenant's did:web: its one Ed25519 key as a Multikey, for assertion
 * (issuing) and authentication.
 */
export function didWebDocument(did: string, key: Pick<Ed25519Multikey, 'id' | 'publicKeyMultibase'>): DidDocument {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id: key.id, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase }],
    assertionMethod: [key.id],
    authentication: [key.id],
  }
}
