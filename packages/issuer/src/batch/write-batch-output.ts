import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { bakePng } from '@ob3/core'
import type { CredentialRecord, IssuerStore } from '../store/types.js'
import type { RosterRow } from './roster.js'
import type { BatchSummary } from './run-batch.js'

/** One line of `manifest.csv`. */
export interface BatchManifestRow {
  /** The roster line. */
  line: number
  /** The e-mail address or DID the roster gives (empty for a row that could not be read). */
  recipient: string
  credentialId: string
  /** Empty when no claim link was made. */
  claimLink: string
  status: 'issued' | 'failed'
  /** For a failed row: its code and message. */
  error: string
  /** `sent`, `failed` or empty (not delivered by e-mail). */
  delivery: '' | 'sent' | 'failed'
  deliveryError: string
}

/** A message for one educator: her claim link, never the credential or any artifact. */
export interface ClaimMessage {
  line: number
  to: string
  claimLink: string
  credentialId: string
}

/** Options for {@link writeBatchOutput}. */
export interface WriteBatchOutputOptions {
  /** The folder to write to (created when missing). */
  outDir: string
  /** The store the batch issued into (opened by the caller). */
  store: IssuerStore
  issuerId: string
  summary: BatchSummary
  /** The badge image (PNG) each credential is baked into. */
  image: Uint8Array
  /** The claim link for an issued credential, or undefined for none. */
  claimLink?: (record: CredentialRecord, row: RosterRow) => Promise<string | undefined>
  /**
   * Send one educator her claim link (e.g. by e-mail); throw when it cannot be sent. Called for
   * rows with an e-mail recipient and a claim link that were not sent by an earlier run.
   */
  deliver?: (message: ClaimMessage) => Promise<void>
}

/** What {@link writeBatchOutput} wrote. */
export interface BatchOutputResult {
  manifestPath: string
  rows: BatchManifestRow[]
  /** Credentials written (JSON or JWT, and baked PNG). */
  written: number
  delivered: number
  deliveryFailed: number
}

const HEADER = ['line', 'recipient', 'credential_id', 'claim_link', 'status', 'error', 'delivery', 'delivery_error']
const DELIVERY_LOG = 'deliveries.jsonl'

/** A file name for a credential id (`urn:uuid:…` → `urn-uuid-…`). */
export function credentialFileName(credentialId: string): string {
  return credentialId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 200)
}

/**
 * Write what a batch issued into a folder: per credential its JSON (or VC-JWT) and a PNG badge
 * with the credential baked in, named after the credential id, and `manifest.csv` with one line
 * per roster row (line, recipient, credential id, claim link, status, error, delivery), readable
 * by its owner only since it holds addresses and claim links. Run
 * again after a resumed batch it rewrites the same files (the manifest atomically, through a
 * rename), so the folder never holds a row twice; deliveries already made, kept in
 * `deliveries.jsonl`, are not made again.
 *
 * @example
 * ```ts
 * const summary = await runBatch({ db, key, profile, template, roster })
 * const store = await openStore(db)
 * await writeBatchOutput({ outDir: 'out', store, issuerId: profile.id, summary, image: badgePng })
 * ```
 */
export async function writeBatchOutput(options: WriteBatchOutputOptions): Promise<BatchOutputResult> {
  const { outDir, store, issuerId, summary } = options
  await mkdir(outDir, { recursive: true })
  const sent = await readDeliveries(join(outDir, DELIVERY_LOG))
  const byLine = new Map(summary.rows.map((r) => [r.line, r]))
  const issued = new Map(summary.credentials.map((c) => [c.line, c.credentialId]))
  const out: BatchManifestRow[] = []
  let written = 0
  let delivered = 0
  let deliveryFailed = 0
  for (const problem of summary.problems) {
    if (problem.code === 'ERR_OB3_ROSTER_HEADER') continue
    const row = byLine.get(problem.line)
    out.push({ line: problem.line, recipient: row === undefined ? '' : recipientOf(row), credentialId: '', claimLink: '', status: 'failed', error: `${problem.code}: ${problem.message}`, delivery: '', deliveryError: '' })
  }
  for (const [line, credentialId] of issued) {
    const row = byLine.get(line)
    const record = await store.getCredential(issuerId, credentialId)
    if (record === undefined || row === undefined) {
      out.push({ line, recipient: row === undefined ? '' : recipientOf(row), credentialId, claimLink: '', status: 'failed', error: 'ERR_OB3_BATCH_OUTPUT: the credential is not in the store', delivery: '', deliveryError: '' })
      continue
    }
    const name = credentialFileName(credentialId)
    const jwt = record.format === 'vc-jwt'
    const credential: string | object = jwt ? record.content : (JSON.parse(record.content) as object)
    await writeFile(join(outDir, `${name}.${jwt ? 'jwt' : 'json'}`), jwt ? `${record.content}\n` : `${JSON.stringify(credential, null, 2)}\n`)
    await writeFile(join(outDir, `${name}.png`), await bakePng({ image: options.image, credential }))
    written++
    const claimLink = (await options.claimLink?.(record, row)) ?? ''
    const entry: BatchManifestRow = { line, recipient: recipientOf(row), credentialId, claimLink, status: 'issued', error: '', delivery: '', deliveryError: '' }
    const before = sent.get(`${line} ${credentialId}`)
    if (before === 'sent') entry.delivery = 'sent'
    else if (options.deliver !== undefined && claimLink !== '' && 'email' in row.recipient) {
      try {
        await options.deliver({ line, to: row.recipient.email, claimLink, credentialId })
        entry.delivery = 'sent'
        delivered++
      } catch (err) {
        entry.delivery = 'failed'
        entry.deliveryError = `ERR_OB3_DELIVERY_FAILED: ${(err as Error).message}`.replace(/\s+/g, ' ').slice(0, 500)
        deliveryFailed++
      }
      await appendFile(join(outDir, DELIVERY_LOG), `${JSON.stringify({ line, credentialId, delivery: entry.delivery, error: entry.deliveryError })}\n`, { mode: 0o600 })
    } else if (before === 'failed') entry.delivery = 'failed'
    out.push(entry)
  }
  out.sort((a, b) => a.line - b.line)
  const manifestPath = join(outDir, 'manifest.csv')
  const text = stringify([HEADER, ...out.map((r) => [r.line, r.recipient, r.credentialId, r.claimLink, r.status, r.error, r.delivery, r.deliveryError])])
  // The manifest holds e-mail addresses and claim links (each one a key to a credential): owner only.
  await writeFile(`${manifestPath}.tmp`, text, { mode: 0o600 })
  await rename(`${manifestPath}.tmp`, manifestPath)
  return { manifestPath, rows: out, written, delivered, deliveryFailed }
}

function recipientOf(row: RosterRow): string {
  return 'email' in row.recipient ? row.recipient.email : row.recipient.id
}

/** The last delivery outcome per line and credential, from an earlier run's log. */
async function readDeliveries(path: string): Promise<Map<string, 'sent' | 'failed'>> {
  const seen = new Map<string, 'sent' | 'failed'>()
  let text = ''
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return seen
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const e = JSON.parse(line) as { line: number; credentialId: string; delivery: 'sent' | 'failed' }
      // once sent, always sent: a later failure of the same message does not undo it
      if (seen.get(`${e.line} ${e.credentialId}`) !== 'sent') seen.set(`${e.line} ${e.credentialId}`, e.delivery)
    } catch {
      // a line cut short by a kill: that message counts as not sent
    }
  }
  return seen
}
