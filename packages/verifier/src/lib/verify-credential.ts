import { checkArtifacts, type SharedArtifact } from '../checks/artifacts.js'
import { checkEndorsements } from '../checks/endorsements.js'
import { issuerIdOf, proofConfirmsIssuer, type ProofExpectations } from '../checks/proof.js'
import { checkRecipient, type ExpectedRecipient } from '../checks/recipient.js'
import { checkTrust } from '../checks/trust.js'
import type { LoadedInput } from '../load-input.js'
import { finishReport, type ArtifactResult, type CheckResult, type EndorsementResult, type VerificationReport } from '../report.js'
import type { VerifyContext } from './context.js'
import { documentChecks } from './document-checks.js'
import { describeFormat, summarize } from './summarize.js'

/** What a credential is checked against besides itself. Internal. */
export interface CredentialInputs {
  label: string
  recipient: ExpectedRecipient | undefined
  artifacts: readonly SharedArtifact[]
  endorsements: readonly unknown[]
  /** `presentation`: one credential of several; a shared file that is none of its artifacts is not its failure. */
  scope: 'alone' | 'presentation'
  /** What the credential's proofs must carry (a credential verified on its own). */
  proof?: ProofExpectations
}

/** Every check of one credential (OB 3.0 verification steps 1–6, trust, recipient, artifacts). Internal. */
export async function verifyCredential(loaded: LoadedInput, ctx: VerifyContext, inputs: CredentialInputs): Promise<VerificationReport> {
  const doc = loaded.document
  const checks: CheckResult[] = [{ id: 'parse', status: 'passed', message: describeFormat(loaded) }]
  // The endorsers' keys are fetched while the credential's own key and status lists are.
  const [own, endorsements] = await Promise.all([
    documentChecks(doc, loaded.jwt, ctx, 'credential', inputs.proof),
    checkEndorsements({ document: doc, provided: inputs.endorsements, ctx }),
  ])
  checks.push(...own)
  const artifacts = await checkArtifacts({ documents: [doc], files: inputs.artifacts, unmatchedFails: inputs.scope === 'alone', tagCredential: false })
  checks.push(
    endorsements.check,
    checkTrust({ issuerId: issuerIdOf(doc), registry: ctx.trust, policy: ctx.trustPolicy, now: ctx.now, issuerConfirmed: proofConfirmsIssuer(checks.find((c) => c.id === 'proof')) }),
    await checkRecipient(doc, inputs.recipient),
    artifacts.check,
    { id: 'holder', status: 'skipped', message: 'a credential, not a presentation: there is no holder proof' },
    { id: 'expiry-of-share', status: 'skipped', message: 'not a share' },
  )
  const extra: { endorsements?: EndorsementResult[]; artifacts?: ArtifactResult[] } = {}
  if (endorsements.results.length > 0) extra.endorsements = endorsements.results
  if (artifacts.results !== undefined) extra.artifacts = artifacts.results
  return finishReport({ input: inputs.label, kind: 'credential', format: loaded.format, checks, credential: summarize(doc), ...extra })
}
