import type { Ob3ErrorCode } from '../errors.js'
import type { ResolvedKey } from '../did/types.js'
import type { DocumentLoader } from '../jsonld/create-document-loader.js'

/** The Linked Data proof suites ob3 signs and verifies. */
export type LdProofSuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'Ed25519Signature2020'

/** The proof formats ob3 issues: an embedded Data Integrity proof or a VC-JWT. */
export type ProofFormat = LdProofSuite | 'vc-jwt'

/** A remark on an otherwise valid proof (an unbound key, a missing JWT claim). */
export interface ProofWarning {
  code: Ob3ErrorCode
  message: string
}

/** What verifying one proof found. */
export interface ProofOutcome {
  /** `ldp` for an embedded proof, `jwt` for a VC-JWT envelope. */
  format: 'ldp' | 'jwt'
  /** The suite or JOSE algorithm, e.g. `eddsa-rdfc-2022`, `eddsa-jcs-2022`, `Ed25519Signature2020`, `EdDSA`. */
  suite: string
  verified: boolean
  /** Set when `verified` is false. */
  code?: Ob3ErrorCode
  message: string
  /** The key that verified it (or was tried). */
  key?: ResolvedKey
  warnings: ProofWarning[]
}

/** Where keys come from while verifying. */
export type KeyResolver = (verificationMethod: string, purpose: 'assertionMethod' | 'authentication') => Promise<ResolvedKey>

/**
 * Every key an identifier's own document publishes for a purpose (see `resolvePublishedKeys`),
 * for binding a key that came from elsewhere — a JWT header `jwk` — to an issuer or holder.
 */
export type PublishedKeysResolver = (controller: string, purpose: 'assertionMethod' | 'authentication') => Promise<ResolvedKey[]>

/** Shared options of proof verification. */
export interface VerifyProofOptions {
  documentLoader?: DocumentLoader
  resolveKey: KeyResolver
  /** The proof purpose to require. Default `assertionMethod`. */
  purpose?: 'assertionMethod' | 'authentication'
  /** For presentations: the expected challenge and domain. */
  challenge?: string
  domain?: string
  /** The time a proof's `expires` is compared with. Default: now. */
  now?: Date
}
