import { Ob3Error, computeDigestMultibase, utf8 } from '@ob3/core'
import { MAX_ARTIFACT_BYTES, type WalletContext } from './lib/context.js'
import { summarize } from './lib/credential-content.js'
import { evidenceKeys } from './lib/evidence.js'
import { readImportInput, type ImportCandidate, type ImportInput } from './lib/read-import-input.js'
import type { ImportOptions, ImportResult, ImportVerification, ImportedCredential, VerifyFunction } from './types.js'

export type { ImportInput } from './lib/read-import-input.js'

/**
 * Import credentials: verify first, then store. Internal; see `Wallet.importCredential`.
 *
 * A share link's presentation is verified as a whole (holder's proof, expiry, its files), and
 * each credential on its own; its files that are artifacts of the credentials go into the vault.
 * Everything is verified before anything is written.
 */
export async function importCredential(ctx: WalletContext, input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
  const verify = ctx.verify
  if (verify === undefined) throw new TypeError('importCredential: the wallet was opened without options.verify; imports are verified first')
  const label = options.label ?? 'import'
  const read = await readImportInput(input, ctx.fetch)
  const candidates = read.kind === 'credential' ? [read.candidate] : read.candidates
  let shared: ImportVerification | undefined
  if (read.kind === 'share') {
    shared = await verify({ input: read.document.presentation, label, artifacts: read.files.map((f) => ({ name: f.name, bytes: f.bytes })) })
  }
  const checked: { candidate: ImportCandidate; report: ImportVerification; failing: ImportVerification | undefined }[] = []
  for (const [i, candidate] of candidates.entries()) {
    const report = await verified(verify, candidate, candidates.length === 1 ? label : `${label} [credential ${i + 1}]`)
    const failing = shared !== undefined && !shared.verified ? shared : report.verified ? undefined : report
    if (failing !== undefined && options.quarantine !== true) {
      const what = failing === shared ? 'the shared presentation' : 'the credential'
      throw new Ob3Error('ERR_OB3_WALLET_IMPORT_REFUSED', `${what} did not verify, so nothing was imported: ${failedChecks(failing)}`, { details: { report: failing } })
    }
    checked.push({ candidate, report: failing ?? report, failing })
  }

  const now = ctx.now().toISOString()
  const results: ImportedCredential[] = []
  for (const { candidate, report, failing } of checked) {
    const contentHash = await computeDigestMultibase(utf8(candidate.content))
    const ownId = candidate.credential.id
    const id = typeof ownId === 'string' && ownId !== '' && ownId.length <= 2048 ? ownId : `urn:ob3:content:${contentHash}`
    const added = await ctx.store.addCredential({
      id, contentHash, format: candidate.format, source: candidate.source, content: candidate.content,
      evidenceDigests: [...evidenceKeys(candidate.credential)],
      state: failing === undefined ? 'verified' : 'quarantined', report: JSON.stringify(report), importedAt: now,
    })
    const status = !added.inserted ? 'duplicate' : failing === undefined ? 'imported' : 'quarantined'
    results.push({ id: added.record.id, status, name: summarize(candidate.credential, report).name, report })
  }

  // A share's files that are artifacts of its credentials go into the vault (linked by the store).
  const artifacts: string[] = []
  if (read.kind === 'share') {
    const named = new Set(checked.flatMap((c) => [...evidenceKeys(c.candidate.credential)]))
    for (const file of read.files) {
      if (file.bytes.length > MAX_ARTIFACT_BYTES) continue
      const digest = await computeDigestMultibase(file.bytes)
      if (!named.has(digest)) continue
      await ctx.store.addArtifact({ digest, name: file.name, mediaType: file.mediaType, size: file.bytes.length, addedAt: now, bytes: file.bytes })
      artifacts.push(digest)
    }
  }
  return { credentials: results, artifacts }
}

async function verified(verify: VerifyFunction, candidate: ImportCandidate, label: string): Promise<ImportVerification> {
  const report = await verify({ input: candidate.verifyInput, label })
  if (typeof report !== 'object' || report === null || typeof report.verified !== 'boolean' || !Array.isArray(report.checks)) {
    throw new TypeError('importCredential: the verify function must return a report ({ verified, checks })')
  }
  return report
}

/** The failed checks of a report, in a few words each. */
export function failedChecks(report: ImportVerification): string {
  const failed = report.checks.filter((c) => c.status === 'failed')
  return failed.length === 0 ? 'it did not verify' : failed.map((c) => `${c.id}${c.code === undefined ? '' : ` (${c.code})`}: ${c.message}`).join('; ')
}
