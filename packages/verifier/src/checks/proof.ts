import { verifyLinkedDataProof, verifyVcJwt, type DocumentLoader, type KeyResolver, type ProofOutcome, type PublishedKeysResolver } from '@ob3/core'
import type { CheckResult } from '../report.js'

/** Options of the proof check. */
export interface ProofCheckOptions {
  document: Record<string, unknown>
  jwt?: string | undefined
  resolveKey: KeyResolver
  /** The keys an issuer's own document publishes, to bind a VC-JWT header `jwk`. */
  publishedKeys?: PublishedKeysResolver
  documentLoader?: DocumentLoader | undefined
  /**
   * `strict`: a key no document of an https issuer confirms (`<issuer URL>#<publicKeyMultibase>`,
   * a JWT header `jwk`) fails. Default `lenient`: a warning. A DID issuer's unconfirmed key always fails.
   */
  keyBinding?: 'lenient' | 'strict'
  /** What the embedded proofs must carry. */
  expect?: ProofExpectations
  /** The time a proof's `expires` is compared with. Default: now. */
  now?: Date
}

/** What a credential's embedded proofs must carry, when the verifier asks for it. */
export interface ProofExpectations {
  /** The proof purpose (default `assertionMethod`). */
  purpose?: 'assertionMethod' | 'authentication'
  challenge?: string
  domain?: string
}

/** The issuer's id, from a string or a Profile. */
export function issuerIdOf(doc: Record<string, unknown>): string | undefined {
  const issuer = doc.issuer
  if (typeof issuer === 'string') return issuer
  const id = (issuer as { id?: unknown } | null | undefined)?.id
  return typeof id === 'string' ? id : undefined
}

/**
 * True when a proof check shows the issuer's own document publishes the key that signed: it
 * passed, or warned for something other than an unconfirmed key. Only then can `trust` pass.
 */
export function proofConfirmsIssuer(check: CheckResult | undefined): boolean {
  return check !== undefined && (check.status === 'passed' || (check.status === 'warning' && check.code !== 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'))
}

/**
 * Verify every proof of a credential — a VC-JWT envelope and each embedded proof. Every proof
 * must verify (a proof set or chain with one bad proof fails, as Data Integrity requires), and at
 * least one valid proof must be made with a key the issuer controls; valid proofs by other keys
 * (a co-signer, a notary) are fine beside it.
 *
 * A key is the issuer's when the issuer's own document lists it for the purpose (the resolver's
 * `bound` key whose `controller` is the issuer). A DID issuer has no other kind of key: an
 * unbound one fails with `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`. An https issuer's unbound key (the
 * `<issuer URL>#<publicKeyMultibase>` form, a JWT header `jwk`) is a warning with that code
 * (`keyBinding: 'strict'` fails it).
 */
export async function checkProof(options: ProofCheckOptions): Promise<{ check: CheckResult; outcomes: ProofOutcome[] }> {
  const { document } = options
  const outcomes: ProofOutcome[] = []
  if (options.jwt !== undefined) outcomes.push((await verifyVcJwt({ jwt: options.jwt, resolveKey: options.resolveKey, ...(options.publishedKeys === undefined ? {} : { publishedKeys: options.publishedKeys }) })).outcome)
  const embedded = document.proof === undefined ? [] : Array.isArray(document.proof) ? document.proof : [document.proof]
  const expect = options.expect ?? {}
  for (const proof of embedded) {
    const verifyOptions = {
      document, proof, resolveKey: options.resolveKey,
      ...(options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(expect.purpose === undefined ? {} : { purpose: expect.purpose }),
      ...(expect.challenge === undefined ? {} : { challenge: expect.challenge }),
      ...(expect.domain === undefined ? {} : { domain: expect.domain }),
    }
    outcomes.push(await verifyLinkedDataProof(verifyOptions))
  }
  if (outcomes.length === 0) {
    return { check: { id: 'proof', status: 'failed', code: 'ERR_OB3_PROOF_MISSING', message: 'the credential carries no proof, so nothing shows who issued it or that it is unchanged' }, outcomes }
  }
  const broken = outcomes.findIndex((o) => !o.verified)
  if (broken >= 0 && outcomes.length > 1) {
    const o = outcomes[broken] as ProofOutcome
    return { check: { id: 'proof', status: 'failed', code: o.code ?? 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: `proof ${broken + 1} of ${outcomes.length} (${o.suite}) does not verify: ${o.message}; every proof of a set must verify` }, outcomes }
  }
  const issuer = issuerIdOf(document)
  for (const o of outcomes) {
    if (o.verified && o.key !== undefined && o.key.controller !== issuer) {
      o.verified = false
      o.code = 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'
      o.message = `the signature is valid, but its key belongs to ${o.key.controller}, not to the issuer ${issuer ?? '(none)'}`
    } else if (o.verified && o.key?.bound === false && issuer?.startsWith('did:') === true) {
      o.verified = false
      o.code = 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'
      o.message = `the signature is valid, but its key is not in the DID document of the issuer ${issuer}, the only place a DID issuer's keys come from`
    }
  }
  const valid = outcomes.filter((o) => o.verified)
  const strict = options.keyBinding === 'strict'
  const best = valid.find((o) => o.key?.bound === true && o.warnings.length === 0) ?? valid.find((o) => o.key?.bound === true) ?? valid[0]
  if (best === undefined) {
    const first = outcomes[0] as ProofOutcome
    const detail = outcomes.length === 1 ? first.message : outcomes.map((o, i) => `proof ${i + 1} (${o.suite}): ${o.message}`).join('; ')
    return { check: { id: 'proof', status: 'failed', code: first.code ?? 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: detail }, outcomes }
  }
  const what = best.format === 'jwt' ? `VC-JWT (${best.suite})` : best.suite
  if (best.key?.bound === false) {
    const message = `${what} signature is valid; the key ${best.key.publicKeyMultibase ?? 'in the JWT header'} is taken from the credential itself, not confirmed by the issuer ${issuer ?? ''}${best.warnings.map((w) => `; ${w.message}`).join('')}`
    return { check: { id: 'proof', status: strict ? 'failed' : 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message }, outcomes }
  }
  if (best.warnings.length > 0) {
    const first = best.warnings[0] as { code: CheckResult['code'] & string; message: string }
    return { check: { id: 'proof', status: 'warning', code: first.code, message: `${what} signature is valid by ${best.key?.id}; ${best.warnings.map((w) => w.message).join('; ')}` }, outcomes }
  }
  return { check: { id: 'proof', status: 'passed', message: `${what} signature is valid, made with ${best.key?.id ?? 'the issuer key'}` }, outcomes }
}
