import { Ob3Error, isOb3Error } from '../errors.js'
import { concatBytes, multibaseDecode, multibaseEncode, sha256, sha256Sync, utf8 } from '../encoding/bytes.js'
import { canonize } from '../jsonld/canonize.js'
import { ED25519_2020_CONTEXT_URL } from '../jsonld/contexts.js'
import { canonizeProofConfig } from '../jsonld/proof-config.js'
import type { DocumentLoader } from '../jsonld/create-document-loader.js'
import { ed25519PublicKeyFromMultibase, verifyEd25519, type Signer } from '../keys/ed25519.js'
import { EDDSA_JCS_2022, jcsHashData, jcsProofOptions } from './eddsa-jcs-2022.js'
import type { LdProofSuite, ProofOutcome, VerifyProofOptions } from './types.js'

const DATA_INTEGRITY_V2_URL = 'https://w3id.org/security/data-integrity/v2'
const CREDENTIALS_V2_URL = 'https://www.w3.org/ns/credentials/v2'

/** Options for {@link signLinkedDataProof}. */
export interface SignLinkedDataProofOptions<T extends object> {
  /** The unsigned document (it keeps any proofs it already has). */
  document: T
  signer: Signer
  /** Default `eddsa-rdfc-2022`. */
  suite?: LdProofSuite
  /** The proof's `created` time. Default: now, to the second. */
  created?: Date
  /** When the proof stops being valid (`expires`, to the second); none by default. */
  expires?: Date
  proofPurpose?: 'assertionMethod' | 'authentication'
  challenge?: string
  domain?: string
  /** An id for the new proof (needed for another proof to chain to it). */
  id?: string
  /**
   * Chain the new proof to existing ones (their ids): the proofs named are signed along with the
   * document, so the new proof also attests to them (a proof chain).
   */
  previousProof?: string | string[]
  documentLoader?: DocumentLoader
}

/** The proofs of a document whose ids `previousProof` names, or undefined when one is missing. */
function chainedProofs(existing: unknown, previousProof: unknown): unknown[] | undefined {
  const ids = Array.isArray(previousProof) ? previousProof : [previousProof]
  const all = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
  const matching = all.filter((q) => typeof q === 'object' && q !== null && ids.includes((q as { id?: unknown }).id))
  return matching.length === ids.length && ids.every((id) => typeof id === 'string') ? matching : undefined
}

/**
 * Add a Data Integrity proof (`eddsa-rdfc-2022`, the default, or `eddsa-jcs-2022`) or a legacy
 * `Ed25519Signature2020` proof to a JSON-LD document: canonicalize the proof options and the
 * document (RDFC-1.0 in safe mode; JCS, RFC 8785, for `eddsa-jcs-2022`), sign
 * `sha256(options) ‖ sha256(document)` with Ed25519.
 *
 * @example
 * ```ts
 * const signed = await signLinkedDataProof({ document: credential, signer })
 * signed.proof.cryptosuite // 'eddsa-rdfc-2022'
 * ```
 */
export async function signLinkedDataProof<T extends object>(options: SignLinkedDataProofOptions<T>): Promise<T & { proof: unknown }> {
  const suite = options.suite ?? 'eddsa-rdfc-2022'
  if (options.signer.algorithm !== 'EdDSA') throw new Ob3Error('ERR_OB3_PROOF_UNSUPPORTED', `${suite} needs an Ed25519 key`)
  const document = withSuiteContext(options.document as Record<string, unknown>, suite)
  const { proof: existing, ...unsecured } = document
  const created = toSecondPrecision(options.created ?? new Date())
  let proof: Record<string, unknown> = suite !== 'Ed25519Signature2020'
    ? { type: 'DataIntegrityProof', created, verificationMethod: options.signer.id, cryptosuite: suite, proofPurpose: options.proofPurpose ?? 'assertionMethod' }
    : { type: 'Ed25519Signature2020', created, verificationMethod: options.signer.id, proofPurpose: options.proofPurpose ?? 'assertionMethod' }
  if (options.expires !== undefined) proof.expires = toSecondPrecision(options.expires)
  if (options.challenge !== undefined) proof.challenge = options.challenge
  if (options.domain !== undefined) proof.domain = options.domain
  if (options.id !== undefined) proof.id = options.id
  let signedDocument: Record<string, unknown> = unsecured
  if (options.previousProof !== undefined) {
    const previous = chainedProofs(existing, options.previousProof)
    if (previous === undefined) throw new Ob3Error('ERR_OB3_PROOF_MALFORMED', `previousProof names a proof the document does not have`)
    proof.previousProof = options.previousProof
    signedDocument = { ...unsecured, proof: previous }
  }
  if (suite === EDDSA_JCS_2022) proof = jcsProofOptions(unsecured, proof)
  const data = suite === EDDSA_JCS_2022 ? await jcsHashData(signedDocument, proof, false) : await hashData(signedDocument, proof, options.documentLoader)
  proof.proofValue = multibaseEncode(await options.signer.sign(data))
  const proofs = existing === undefined ? proof : [...(Array.isArray(existing) ? existing : [existing]), proof]
  return { ...unsecured, proof: proofs } as T & { proof: unknown }
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the form the W3C suites expect for `created`. */
function toSecondPrecision(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** The document with the context a suite's proof terms need, added at the end if missing. */
function withSuiteContext(document: Record<string, unknown>, suite: LdProofSuite): Record<string, unknown> {
  const ctx = document['@context']
  const list = Array.isArray(ctx) ? ctx : ctx === undefined ? [] : [ctx]
  const needed = suite === 'Ed25519Signature2020' ? ED25519_2020_CONTEXT_URL : list.includes(CREDENTIALS_V2_URL) ? undefined : DATA_INTEGRITY_V2_URL
  if (needed === undefined || list.includes(needed)) return document
  return { ...document, '@context': [...list, needed] }
}

async function hashData(unsecured: Record<string, unknown>, proof: Record<string, unknown>, documentLoader: DocumentLoader | undefined): Promise<Uint8Array> {
  const { proofValue: _omit, ...config } = proof
  const loaderOption = documentLoader === undefined ? {} : { documentLoader }
  const [proofNQuads, docNQuads] = await Promise.all([
    canonizeProofConfig({ '@context': unsecured['@context'], ...config }, documentLoader, (doc) => canonize(doc, loaderOption)),
    canonize(unsecured, loaderOption),
  ])
  return concatBytes(await sha256Of(proofNQuads), await sha256Of(docNQuads))
}

/** SHA-256 of UTF-8 text: synchronous `node:crypto` in Node, WebCrypto elsewhere. */
function sha256Of(text: string): Uint8Array | Promise<Uint8Array> {
  const bytes = utf8(text)
  return sha256Sync(bytes) ?? sha256(bytes)
}

/** Which suite a proof object uses, or undefined for one ob3 does not verify. */
export function linkedDataSuiteOf(proof: Record<string, unknown>): LdProofSuite | 'eddsa-2022' | undefined {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') return 'eddsa-rdfc-2022'
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022') return 'eddsa-2022'
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === EDDSA_JCS_2022) return EDDSA_JCS_2022
  if (proof.type === 'Ed25519Signature2020') return 'Ed25519Signature2020'
  return undefined
}

/** Options for {@link verifyLinkedDataProof}. */
export interface VerifyLinkedDataProofOptions extends VerifyProofOptions {
  /** The whole secured document. */
  document: Record<string, unknown>
  /** One of its proofs. */
  proof: unknown
}

/**
 * Verify one embedded proof of a document. Never throws for a bad proof: the outcome says why.
 *
 * @example
 * ```ts
 * const outcome = await verifyLinkedDataProof({ document, proof: document.proof, resolveKey })
 * outcome.verified // true
 * ```
 */
export async function verifyLinkedDataProof(options: VerifyLinkedDataProofOptions): Promise<ProofOutcome> {
  const proof = options.proof
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) {
    return fail('unknown', 'ERR_OB3_PROOF_MALFORMED', 'a proof must be an object')
  }
  const p = proof as Record<string, unknown>
  const suite = linkedDataSuiteOf(p)
  const suiteName = typeof p.cryptosuite === 'string' ? p.cryptosuite : typeof p.type === 'string' ? p.type : 'unknown'
  if (suite === undefined) {
    return fail(suiteName, 'ERR_OB3_PROOF_UNSUPPORTED', `proof type ${String(p.type)}${p.cryptosuite === undefined ? '' : ` with cryptosuite ${String(p.cryptosuite)}`} is not supported (eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020 are)`)
  }
  const purpose = options.purpose ?? 'assertionMethod'
  if (p.proofPurpose !== purpose) return fail(suiteName, 'ERR_OB3_PROOF_PURPOSE', `proofPurpose is ${JSON.stringify(p.proofPurpose)}; ${purpose} is required`)
  if (typeof p.proofValue !== 'string' || typeof p.verificationMethod !== 'string') {
    return fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', 'the proof needs a proofValue and a verificationMethod')
  }
  // Data Integrity: created and expires are XML Schema dateTimeStamps; Ed25519Signature2020 requires created.
  for (const field of ['created', 'expires'] as const) {
    const value = p[field]
    if (value === undefined) continue
    if (typeof value !== 'string' || !DATE_TIME_STAMP.test(value) || Number.isNaN(Date.parse(value))) {
      return fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', `the proof's ${field} ${JSON.stringify(value)} is not a date-time with a time zone`)
    }
  }
  if (suite === 'Ed25519Signature2020' && p.created === undefined) return fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', 'an Ed25519Signature2020 proof needs created')
  if (typeof p.expires === 'string' && Date.parse(p.expires) <= (options.now ?? new Date()).getTime()) {
    return fail(suiteName, 'ERR_OB3_PROOF_EXPIRED', `the proof expired on ${new Date(Date.parse(p.expires)).toISOString()}`)
  }
  if (options.challenge !== undefined && p.challenge !== options.challenge) {
    return fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', `the proof's challenge ${JSON.stringify(p.challenge)} is not the expected one`)
  }
  if (options.domain !== undefined && p.domain !== options.domain && !(Array.isArray(p.domain) && p.domain.includes(options.domain))) {
    return fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', `the proof's domain ${JSON.stringify(p.domain)} is not the expected one`)
  }
  try {
    const key = await options.resolveKey(p.verificationMethod, purpose)
    if (key.keyType !== 'Ed25519' || key.publicKeyMultibase === undefined) {
      return { ...fail(suiteName, 'ERR_OB3_KEY_UNSUPPORTED', `${suiteName} needs an Ed25519 key`), key }
    }
    const signature = multibaseDecode(p.proofValue, 'ERR_OB3_PROOF_MALFORMED')
    const { proof: all, ...unsecured } = options.document
    let signedDocument: Record<string, unknown> = unsecured
    if (p.previousProof !== undefined) {
      // A proof chain: the proofs it names were signed with the document; all must be present.
      const previous = chainedProofs(all, p.previousProof)
      if (previous === undefined) return { ...fail(suiteName, 'ERR_OB3_PROOF_MALFORMED', `previousProof ${JSON.stringify(p.previousProof)} names a proof that is not in the document (a dangling chain)`), key }
      signedDocument = { ...unsecured, proof: previous }
    }
    const data = suite === EDDSA_JCS_2022 ? await jcsHashData(signedDocument, p, true) : await hashData(signedDocument, p, options.documentLoader)
    const ok = await verifyEd25519(ed25519PublicKeyFromMultibase(key.publicKeyMultibase), data, signature)
    if (!ok) {
      return { ...fail(suiteName, 'ERR_OB3_PROOF_SIGNATURE_INVALID', 'the signature does not match the document: it was changed after signing, or signed with another key'), key }
    }
    const warnings = suite === 'eddsa-2022'
      ? [{ code: 'ERR_OB3_PROOF_UNSUPPORTED' as const, message: 'cryptosuite eddsa-2022 is a pre-standard name; new credentials should use eddsa-rdfc-2022' }]
      : []
    return { format: 'ldp', suite: suiteName, verified: true, message: `${suiteName} signature is valid`, key, warnings }
  } catch (err) {
    if (isOb3Error(err)) return fail(suiteName, err.code, err.message)
    throw err
  }
}

/** XML Schema dateTimeStamp: a date-time with a time zone. */
const DATE_TIME_STAMP = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

function fail(suite: string, code: ProofOutcome['code'] & string, message: string): ProofOutcome {
  return { format: 'ldp', suite, verified: false, code, message, warnings: [] }
}
