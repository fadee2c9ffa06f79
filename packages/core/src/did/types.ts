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
  /** Who controls the key (a DID or URL). */
  controller: string
  /** `Ed25519` keys carry `publicKeyMultibase`; the others (JWT only) carry `publicKeyJwk`. */
  keyType: 'Ed25519' | 'P-256' | 'RSA'
  publicKeyMultibase?: string
  publicKeyJwk?: Record<string, unknown>
  /**
   * True when the key came from its controller's own document (did:key, did:web, a fetched
   * controller document). False when it was read from the method URL itself
   * (`<issuer URL>#<publicKeyMultibase>`), which anyone can write.
   */
  bound: boolean
}

/** A verification relationship. */
export type ProofPurpose = 'assertionMethod' | 'authentication'
