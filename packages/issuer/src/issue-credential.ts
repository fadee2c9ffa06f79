import { Ob3Error, signLinkedDataProof, signVcJwt, type DocumentLoader, type LdProofSuite, type ProofFormat, type Signer } from '@ob3/core'

/** Options for {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** An unsigned credential, e.g. from `buildCredential`. */
  credential: Record<string, unknown>
  signer: Signer
  /** Default `eddsa-rdfc-2022`; `eddsa-jcs-2022` signs the JCS (RFC 8785) form instead. */
  format?: ProofFormat
  /** The proof's creation time. Default: now. */
  now?: Date
  documentLoader?: DocumentLoader
}

/** A signed credential: JSON with an embedded proof, or a VC-JWT. */
export type IssuedCredential =
  | { format: LdProofSuite; credential: Record<string, unknown> }
  | { format: 'vc-jwt'; jwt: string; credential: Record<string, unknown> }

/**
 * Sign a credential in one of the supported formats: a Data Integrity proof (`eddsa-rdfc-2022`,
 * the default, or `eddsa-jcs-2022`), a legacy `Ed25519Signature2020` proof, or a VC-JWT.
 *
 * @throws Ob3Error `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED` when the key is not the issuer's;
 *   `ERR_OB3_JSONLD_SAFE_MODE` when a property is not defined by the contexts
 * @example
 * ```ts
 * const { credential: signed } = await issueCredential({ credential, signer })
 * ```
 */
export async function issueCredential(options: IssueCredentialOptions): Promise<IssuedCredential> {
  const { credential, signer } = options
  const format = options.format ?? 'eddsa-rdfc-2022'
  const issuer = credential.issuer
  const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | undefined)?.id
  const controller = signer.id.split('#')[0]
  if (issuerId !== controller) {
    throw new Ob3Error('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the key ${signer.id} is not controlled by the issuer ${String(issuerId)}`)
  }
  if (format === 'vc-jwt') return { format, jwt: await signVcJwt({ credential, signer }), credential }
  if (format !== 'eddsa-rdfc-2022' && format !== 'eddsa-jcs-2022' && format !== 'Ed25519Signature2020') throw new TypeError(`issueCredential: unknown format ${String(format)}`)
  const signed = await signLinkedDataProof({
    document: credential,
    signer,
    suite: format,
    ...(options.now === undefined ? {} : { created: options.now }),
    ...(options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader }),
  })
  return { format, credential: signed }
}
