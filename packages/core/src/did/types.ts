/** A verification method as found in a DID document or controller document. */
export interface VerificationMethod {
  id: string
  type: string
  controller: string
  publicKeyMultibase?: string
  publicKeyJwk?: Record<string, unknown>
  [key: string]: unknown
}

/** A DID document (the parts ob3 reads). */
export interface DidDocument {
  '@context'?: unknown
  id: string
  verificationMethod?: VerificationMethod[]
  assertionMethod?: (string | VerificationMethod)[]
  authentication?: (string | VerificationMethod)[]
  [key: string]: unknown
}

/** The key a proof's verification method names, ready to verify with. */
export interface ResolvedKey {
  /** The verification method id as given. */
  id: string
  /**
   * Whose key it is. When `bound`, the identifier whose own document (its DID document, or the
   * https controller document whose `id` is that URL) lists the key for the proof's purpose —
   * never merely what the key document claims. When not bound, who the proof says it is (the
   * URL the key was read from, or a JWT's `iss`).
   */
  controller: string
  /** `Ed25519` keys carry `publicKeyMultibase`; the others (JWT only) carry `publicKeyJwk`. */
  keyType: 'Ed25519' | 'P-256' | 'RSA'
  publicKeyMultibase?: string
  publicKeyJwk?: Record<string, unknown>
  /**
   * True when `controller`'s own document lists the key for the purpose (did:key, did:jwk,
   * did:web, an https controller document, each looked up by the controller's id). False when
   * the key was read from the credential itself — `<issuer URL>#<publicKeyMultibase>`, or a JWT
   * header `jwk` of an https issuer — which anyone can write.
   */
  bound: boolean
}

/** A verification relationship. */
export type ProofPurpose = 'assertionMethod' | 'authentication'
