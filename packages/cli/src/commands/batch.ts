import { dirname, resolve } from 'node:path'
import { type ProofFormat } from '@ob3/core'
import { claimLinks, createClaim, type Award, type CredentialRecord, type IssuerStore } from '@ob3/issuer'
import { openStore, runBatch, writeBatchOutput, type BatchProgress } from '@ob3/issuer/node'
import { UsageError, type CliIo } from '../io.js'
import { dbLocation, readSigningKey } from '../issuer-context.js'
import { claimMailer } from '../claim-mail.js'
import { plainBadgePng } from '../plain-badge.js'
import { isPng } from './bake.js'
import { readInputFile, readJsonFile } from '../read-file.js'
import { issuerProfile, withArtifactBytes } from './issue.js'

/** The progress line: a bar, counts, rate and time left. */
export function progressLine(p: BatchProgress, width = 28): string {
  const share = p.total === 0 ? 1 : p.done / p.total
  const filled = Math.round(share * width)
  const fresh = p.done - p.resumed
  const rate = p.elapsedMs > 0 ? (fresh / p.elapsedMs) * 1000 : 0
  const left = rate > 0 ? (p.total - p.done) / rate : undefined
  const eta = left === undefined ? '--' : left >= 60 ? `${Math.floor(left / 60)}m${String(Math.round(left % 60)).padStart(2, '0')}s` : `${Math.ceil(left)}s`
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  ${rate.toFixed(1)}/s  ETA ${eta}  issued ${p.issued}${p.failed > 0 ? `  failed ${p.failed}` : ''}`
}

/** `ob3 issue --batch`. */
export async function batchIssue(
  values: {
    batch?: string | undefined; template?: string | undefined; key?: string | undefined; db?: string | undefined; 'issuer-name'?: string | undefined
    'status-base-url'?: string | undefined; workers?: string | undefined; 'out-dir'?: string | undefined; image?: string | undefined
    'claim-base-url'?: string | undefined; smtp?: string | undefined; 'mail-from'?: string | undefined
  },
  format: ProofFormat,
  io: CliIo,
): Promise<number> {
  if (values.template === undefined) throw new UsageError('--batch needs --template <award.json>: the award each row receives')
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new UsageError('--workers must be a whole number from 1 to 64')
  if (values.image !== undefined && values['out-dir'] === undefined) throw new UsageError('--image goes with --out-dir: the badge each credential is baked into')
  const image = values.image === undefined ? plainBadgePng() : await readInputFile(values.image, io)
  if (!isPng(image)) throw new UsageError(`${values.image} is not a PNG image`)
  const claimBase = values['claim-base-url']
  if (claimBase !== undefined) {
    if (values['out-dir'] === undefined) throw new UsageError('--claim-base-url goes with --out-dir: the claim links are written into its manifest')
    try {
      claimLinks({ id: 'x' }, claimBase)
    } catch {
      throw new UsageError('--claim-base-url must be the http(s) issuing URL of the tenant that serves the database, e.g. https://badges.lakeside.example/issuers/lakeside')
    }
  }
  if (values.smtp !== undefined && claimBase === undefined) throw new UsageError('--smtp goes with --claim-base-url: each teacher is sent her claim link, never the credential')
  if (values['mail-from'] !== undefined && values.smtp === undefined) throw new UsageError('--mail-from goes with --smtp')
  const { raw: key, signer } = await readSigningKey(values.key, io)
  if (signer.algorithm !== 'EdDSA' && format !== 'vc-jwt') throw new UsageError(`a P-256 key signs VC-JWTs only: add --format vc-jwt`)
  const rawTemplate = (await readJsonFile(values.template, io)) as Record<string, unknown>
  const { recipient: _r, ...template } = (await withArtifactBytes(rawTemplate, dirname(resolve(io.cwd, values.template)))) as Award
  const profileBase = issuerProfile(rawTemplate)
  const profile = { ...profileBase, id: signer.id.split('#')[0] as string, name: values['issuer-name'] ?? profileBase.name ?? (signer.id.split('#')[0] as string) }
  const roster = new TextDecoder().decode(await readInputFile(values.batch as string, io))
  const live = io.isTty
  let last = 0
  const db = dbLocation(values.db, io)
  const summary = await runBatch({
    db,
    key,
    profile,
    template,
    roster,
    format,
    ...(values['status-base-url'] === undefined ? {} : { statusBaseUrl: values['status-base-url'] }),
    ...(workers === undefined ? {} : { workers }),
    onProgress: (p) => {
      const now = Date.now()
      if (p.done !== p.total && now - last < (live ? 100 : 1000)) return
      last = now
      io.stderr(live ? `\r${progressLine(p)}` : `${progressLine(p)}\n`)
    },
  })
  if (live) io.stderr('\n')
  for (const problem of summary.problems) io.stderr(`line ${problem.line}: ${problem.message} [${problem.code}]\n`)
  if (values['out-dir'] !== undefined) {
    const outDir = resolve(io.cwd, values['out-dir'])
    const store = await openStore(db)
    try {
      const mailer = values.smtp === undefined ? undefined : claimMailer({ smtp: values.smtp, issuerName: profile.name, achievementName: template.achievement.name, ...(values['mail-from'] === undefined ? {} : { from: values['mail-from'] }) })
      try {
        const out = await writeBatchOutput({
          outDir, store, issuerId: profile.id, summary, image,
          ...(claimBase === undefined ? {} : { claimLink: (record: CredentialRecord) => claimLinkFor(store, profile.id, record, claimBase) }),
          ...(mailer === undefined ? {} : { deliver: mailer.send }),
        })
        io.stderr(`wrote ${out.written} credential${out.written === 1 ? '' : 's'} (JSON and baked PNG) and ${out.manifestPath}\n`)
        if (mailer !== undefined) io.stderr(`e-mailed ${out.delivered} claim link${out.delivered === 1 ? '' : 's'}${out.deliveryFailed > 0 ? `, ${out.deliveryFailed} could not be sent (see the manifest)` : ''}\n`)
        if (out.deliveryFailed > 0) return 1
      } finally {
        mailer?.close()
      }
    } finally {
      await store.close()
    }
  }
  const seconds = (summary.elapsedMs / 1000).toFixed(1)
  io.stdout(`batch ${summary.batchId}: ${summary.issued} issued (${summary.resumed} from an earlier run), ${summary.failed} failed, ${summary.total} rows in ${seconds}s\n`)
  return summary.failed > 0 ? 1 : 0
}

/** Days a claim must still have left to be handed out again rather than replaced. */
const CLAIM_REUSE_MIN_DAYS = 7

/**
 * The claim link of a credential: its open claim from an earlier run (so a resumed batch lists
 * and sends the same link), or a new one-time claim.
 */
async function claimLinkFor(store: IssuerStore, issuerId: string, record: CredentialRecord, base: string): Promise<string> {
  const soon = Date.now() + CLAIM_REUSE_MIN_DAYS * 86_400_000
  const open = (await store.listClaims(issuerId, record.id)).filter((c) => c.redeemedAt === undefined && c.txCodeHash === undefined && Date.parse(c.expiresAt) > soon).pop()
  return claimLinks(open ?? (await createClaim(store, { issuerId, credentialId: record.id })), base).page
}
