import { Ob3Error } from '../errors.js'
import { concatBytes, sha256, utf8 } from '../encoding/bytes.js'
import { canonicalizeJson } from '../json/canonicalize-json.js'

/** The cryptosuite name of the Data Integrity EdDSA suite over JCS (RFC 8785). */
export const EDDSA_JCS_2022 = 'eddsa-jcs-2022'

/**
 * The proof options of a new `eddsa-jcs-2022` proof, as the Data Integrity EdDSA Create Proof
 * algorithm (§3.3.1) builds them: the document's `@context`, when it has one, is copied into the
 * proof, so that a verifier can later check the document still starts with it.
 */
export function jcsProofOptions(document: Record<string, unknown>, proof: Record<string, unknown>): Record<string, unknown> {
  return document['@context'] === undefined ? proof : { ...proof, '@context': document['@context'] }
}

/**
 * The 64 bytes an `eddsa-jcs-2022` proof signs: `SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document))`
 * (EDDSA §3.3.4–3.3.5). The proof config is the proof without `proofValue`, with whatever
 * `@context` it carries; nothing is added to it.
 *
 * When verifying (`verifying: true`, EDDSA §3.3.2 step 4), a proof with `@context` requires the
 * document's `@context` to start with those values, in order, and the document is then hashed
 * with the proof's `@context` in place of its own.
 *
 * @throws Ob3Error `ERR_OB3_PROOF_MALFORMED` when the proof is not an `eddsa-jcs-2022`
 *   DataIntegrityProof, or its `@context` is not a prefix of the document's;
 *   `ERR_OB3_JSON_NOT_CANONICAL` for a value JCS cannot represent
 */
export async function jcsHashData(unsecured: Record<string, unknown>, proof: Record<string, unknown>, verifying: boolean): Promise<Uint8Array> {
  const { proofValue: _omit, ...config } = proof
  if (config.type !== 'DataIntegrityProof' || config.cryptosuite !== EDDSA_JCS_2022) {
    throw new Ob3Error('ERR_OB3_PROOF_MALFORMED', `an ${EDDSA_JCS_2022} proof must be a DataIntegrityProof with cryptosuite ${EDDSA_JCS_2022}`)
  }
  let document = unsecured
  if (verifying && config['@context'] !== undefined) {
    const expected = asList(config['@context'])
    const actual = asList(unsecured['@context'])
    const prefix = expected.length <= actual.length && expected.every((value, i) => canonicalizeJson(value) === canonicalizeJson(actual[i]))
    if (!prefix) {
      throw new Ob3Error('ERR_OB3_PROOF_MALFORMED', `the document's @context does not start with the @context of its ${EDDSA_JCS_2022} proof`)
    }
    document = { ...unsecured, '@context': config['@context'] }
  }
  const [configHash, documentHash] = await Promise.all([
    sha256(utf8(canonicalizeJson(config))),
    sha256(utf8(canonicalizeJson(document))),
  ])
  return concatBytes(configHash, documentHash)
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value]
}
