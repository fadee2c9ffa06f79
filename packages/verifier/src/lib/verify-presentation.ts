import { Ob3Error, isOb3Error } from '@ob3/core'
import { checkArtifacts, type SharedArtifact } from '../checks/artifacts.js'
import { checkHolder, holderOf } from '../checks/holder.js'
import { issuerIdOf } from '../checks/proof.js'
import type { ExpectedRecipient } from '../checks/recipient.js'
import { checkShareExpiry } from '../checks/share-expiry.js'
import { loadInput, type LoadedInput, type VerifyInput } from '../load-input.js'
import { finishReport, type ArtifactResult, type CheckId, type CheckResult, type EndorsementResult, type VerificationReport } from '../report.js'
import { list, obj, str, type VerifyContext } from './context.js'
import { describeFormat } from './summarize.js'
import { verifyCredential } from './verify-credential.js'

/** Most credentials verified in one presentation. */
export const MAX_PRESENTED_CREDENTIALS = 64

/** What a presentation is checked against. Internal. */
export interface PresentationInputs {
  label: string
  recipient: ExpectedRecipient | undefined
  artifacts: readonly SharedArtifact[]
  endorsements: readonly unknown[]
  challenge: string | undefined
  domain: string | undefined
}

/** The checks that come from the credentials, combined across them. */
const CREDENTIAL_CHECKS: readonly CheckId[] = ['context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'trust', 'recipient']

const ENVELOPED = /^data:application\/(vc\+jwt|vc\+ld\+json\+jwt|vc-ld\+jwt),/

/**
 * Verify a presentation: the holder's proof (`holder`), its expiry (`expiry-of-share`), the shared
 * artifacts against all its credentials, and every credential it carries with all the checks of
 * a credential. One report: a credential check fails if it fails for any credential, and its
 * message says which; `credentials` holds each credential's own report. Internal.
 */
export async function verifyPresentation(loaded: LoadedInput, ctx: VerifyContext, inputs: PresentationInputs): Promise<VerificationReport> {
  const vp = loaded.document
  const items = list(vp.verifiableCredential)
  const reports: VerificationReport[] = []
  const credentials: { document: Record<string, unknown> | undefined; label: string }[] = []
  for (const [i, item] of items.slice(0, MAX_PRESENTED_CREDENTIALS).entries()) {
    const label = `${inputs.label} [credential ${i + 1}]`
    try {
      const inner = await loadInput(unwrap(item))
      if (inner.kind === 'presentation') throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'a presentation inside a presentation is not accepted')
      const report = await verifyCredential(inner, ctx, { label, recipient: inputs.recipient, artifacts: inputs.artifacts, endorsements: inputs.endorsements, scope: 'presentation' })
      reports.push(report)
      const name = report.credential?.name
      credentials.push({ document: inner.document, label: `credential ${i + 1}${name === null || name === undefined ? '' : ` (${name})`}` })
    } catch (err) {
      if (!isOb3Error(err)) throw err
      reports.push(finishReport({
        input: label,
        kind: 'credential',
        format: typeof item === 'string' || ENVELOPED.test(str(obj(item)?.id) ?? '') ? 'jwt' : 'ldp',
        checks: [{ id: 'parse', status: 'failed', code: err.code, message: err.message }],
        skipReason: 'not checked: the credential could not be read',
      }))
      credentials.push({ document: undefined, label: `credential ${i + 1}` })
    }
  }
  selfAsserted(vp, loaded.jwt, credentials, reports)
  const labels = credentials.map((c) => c.label)
  const checks: CheckResult[] = [parseCheck(loaded, items.length, reports, labels)]
  for (const id of CREDENTIAL_CHECKS) checks.push(combine(id, reports, labels))
  const documents = credentials.map((c) => c.document).filter((d): d is Record<string, unknown> => d !== undefined)
  const artifacts = await checkArtifacts({ documents, files: inputs.artifacts, unmatchedFails: true, tagCredential: true })
  checks.push(artifacts.check)
  checks.push(await checkHolder({ presentation: vp, jwt: loaded.jwt, credentials, challenge: inputs.challenge, domain: inputs.domain, ctx }))
  checks.push(checkShareExpiry(vp, loaded.jwt, ctx.now))

  const extra: { endorsements?: EndorsementResult[]; artifacts?: ArtifactResult[] } = {}
  const endorsements = reports.flatMap((r) => r.endorsements ?? [])
  if (endorsements.length > 0) extra.endorsements = endorsements
  if (artifacts.results !== undefined) extra.artifacts = artifacts.results
  const first = reports.find((r) => r.credential !== undefined)?.credential
  return finishReport({
    input: inputs.label,
    kind: 'presentation',
    format: loaded.format,
    checks,
    ...(first === undefined ? {} : { credential: first }),
    ...extra,
    credentials: reports,
    holder: holderOf(vp, loaded.jwt).holder,
  })
}

/**
 * A credential the holder issued about itself may come without a proof of its own, secured by
 * the presentation's proof (VC 2.0): a credential with no proof whose issuer is the holder the
 * presentation names passes the proof check on that ground — the holder check still has to show
 * that the holder signed the presentation. A credential without proof from anyone else still fails.
 */
function selfAsserted(vp: Record<string, unknown>, jwt: string | undefined, credentials: { document: Record<string, unknown> | undefined }[], reports: VerificationReport[]): void {
  const { holder } = holderOf(vp, jwt)
  // Only a signed presentation can secure anything; whether its proof holds is the holder check's.
  if (holder === null || (jwt === undefined && list(vp.proof).length === 0)) return
  credentials.forEach((c, i) => {
    const report = reports[i]
    if (c.document === undefined || report === undefined || c.document.proof !== undefined || report.format === 'jwt' || issuerIdOf(c.document) !== holder) return
    const at = report.checks.findIndex((check) => check.id === 'proof' && check.code === 'ERR_OB3_PROOF_MISSING')
    if (at < 0) return
    report.checks[at] = { id: 'proof', status: 'passed', message: `self-asserted by the holder ${holder}: secured by the presentation's proof` }
    report.verified = !report.checks.some((check) => check.status === 'failed')
  })
}

/** A credential as a presentation carries it: an object, a VC-JWT, or an EnvelopedVerifiableCredential (a data: URL of a VC-JWT). */
function unwrap(item: unknown): VerifyInput {
  if (typeof item === 'string') return item
  const o = obj(item)
  if (o === undefined) throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'verifiableCredential must hold credential objects or VC-JWT strings')
  const types = list(o.type)
  const id = str(o.id)
  if (!types.includes('EnvelopedVerifiableCredential') || id === null || !ENVELOPED.test(id)) return o
  try {
    return decodeURIComponent(id.slice(id.indexOf(',') + 1))
  } catch {
    throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'an EnvelopedVerifiableCredential\'s data: URL is not valid percent-encoding')
  }
}

function parseCheck(loaded: LoadedInput, count: number, reports: VerificationReport[], labels: string[]): CheckResult {
  if (count === 0) return { id: 'parse', status: 'failed', code: 'ERR_OB3_NOT_A_CREDENTIAL', message: 'the presentation carries no credential (verifiableCredential is empty or missing)' }
  if (count > MAX_PRESENTED_CREDENTIALS) {
    return { id: 'parse', status: 'failed', code: 'ERR_OB3_INPUT_TOO_LARGE', message: `the presentation carries ${count} credentials; at most ${MAX_PRESENTED_CREDENTIALS} are verified` }
  }
  const unreadable = reports.map((r, i) => [r.checks[0] as CheckResult, labels[i] as string] as const).filter(([c]) => c.status === 'failed')
  if (unreadable.length > 0) {
    const [firstCheck] = unreadable[0] as readonly [CheckResult, string]
    return { id: 'parse', status: 'failed', code: firstCheck.code ?? 'ERR_OB3_NOT_A_CREDENTIAL', message: unreadable.map(([c, l]) => `${l} could not be read: ${c.message}`).join('; ') }
  }
  const kinds = reports.map((r, i) => `${labels[i] as string}: ${(r.checks[0] as CheckResult).message}`)
  return { id: 'parse', status: 'passed', message: `${describeFormat(loaded)} of ${count} credential${count === 1 ? '' : 's'} (${kinds.join('; ')})` }
}

const RANK = { skipped: 0, passed: 1, warning: 2, failed: 3 } as const

/** One check across the credentials: the worst status wins; the message names each credential. */
function combine(id: CheckId, reports: VerificationReport[], labels: string[]): CheckResult {
  const checks = reports.map((r) => r.checks.find((c) => c.id === id) as CheckResult)
  if (checks.length === 0) return { id, status: 'skipped', message: 'the presentation carries no credential' }
  if (checks.length === 1) return { ...(checks[0] as CheckResult) }
  const worst = checks.reduce((a, c) => (RANK[c.status] > RANK[a.status] ? c : a))
  const message = checks.map((c, i) => `${labels[i] as string}: ${c.message}`).join('; ')
  return worst.code === undefined ? { id, status: worst.status, message } : { id, status: worst.status, code: worst.code, message }
}
