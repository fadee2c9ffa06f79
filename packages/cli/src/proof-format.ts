import type { ProofFormat } from '@ob3/core'
import { UsageError } from './io.js'

/** Every proof format the signing commands take with `--format`. */
export const PROOF_FORMATS: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020', 'vc-jwt']

/** The Data Integrity cryptosuites `--cryptosuite` picks between. */
export const CRYPTOSUITES: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022']

/**
 * The proof format a signing command uses: `--cryptosuite` picks the Data Integrity cryptosuite
 * (`eddsa-rdfc-2022`, the default, or `eddsa-jcs-2022`); `--format` also names the other formats.
 * Both may be given only when they agree.
 */
export function proofFormatOf(values: { format?: string | undefined; cryptosuite?: string | undefined }): ProofFormat {
  const { format, cryptosuite } = values
  if (cryptosuite !== undefined && !CRYPTOSUITES.includes(cryptosuite as ProofFormat)) {
    throw new UsageError(`--cryptosuite must be one of ${CRYPTOSUITES.join(', ')}`)
  }
  if (format !== undefined && !PROOF_FORMATS.includes(format as ProofFormat)) {
    throw new UsageError(`--format must be one of ${PROOF_FORMATS.join(', ')}`)
  }
  if (format !== undefined && cryptosuite !== undefined && format !== cryptosuite) {
    throw new UsageError(`--cryptosuite ${cryptosuite} is a Data Integrity proof: it does not go with --format ${format}`)
  }
  return (cryptosuite ?? format ?? 'eddsa-rdfc-2022') as ProofFormat
}
