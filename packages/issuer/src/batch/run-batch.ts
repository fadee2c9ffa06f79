import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { sha256, toHex, utf8, type Ob3ErrorCode, type ProofFormat } from '@ob3/core'
import type { Award, IssuerProfileInput } from '../award.js'
import { checkMessageStatus, type AwardProgramme, type AwardRequest, type MessageStatusRequest } from '../issuer.js'
import { openStore } from '../store/open-store.js'
import { educatorKey } from '../report/educator-key.js'
import { parseRoster, type RosterProblem, type RosterRow } from './roster.js'

/** What every worker needs to set itself up. */
export interface BatchWorkerInit {
  db: string
  key: unknown
  profile: IssuerProfileInput
  statusBaseUrl?: string
  format?: ProofFormat
  /**
   * The award each row receives (an `award.json`). With `messageStatus`, every credential also
   * gets a multi-bit message status entry, as {@link AwardRequest.messageStatus} gives (needs a
   * `statusBaseUrl`).
   */
  template: Omit<Award, 'recipient'> & { messageStatus?: MessageStatusRequest }
}

/** One row for a worker to award. @internal */
export interface BatchJob {
  line: number
  idempotencyKey: string
  award: Partial<Award>
  programme: AwardProgramme
}

/** What a worker reports for a row. @internal */
export type BatchOutcome =
  | { line: number; status: 'issued'; credentialId: string; created: boolean }
  | { line: number; status: 'failed'; error: string; code: Ob3ErrorCode }

/** Progress of a batch, reported after every row. */
export interface BatchProgress {
  done: number
  total: number
  issued: number
  failed: number
  /** Rows finished by an earlier, interrupted run of the same batch. */
  resumed: number
  elapsedMs: number
}

/** Options for {@link runBatch}. */
export interface RunBatchOptions extends BatchWorkerInit {
  /** The roster CSV text. */
  roster: string
  /** Worker threads; default: one per core. */
  workers?: number
  onProgress?: (progress: BatchProgress) => void
}

/** The end of a batch. */
export interface BatchSummary extends BatchProgress {
  batchId: string
  /** Rows that could not be read, and rows whose award failed, by line, each with a stable code. */
  problems: RosterProblem[]
  /** Credential ids by line, for the rows issued. */
  credentials: { line: number; credentialId: string }[]
  /** The roster's readable rows (issued or failed), in line order: who each line names. */
  rows: RosterRow[]
}

/**
 * Issue one award per roster row on all cores (worker threads), with progress. A malformed row is
 * reported with its line number and the rest proceed. The batch's id is the digest of its inputs
 * (roster, template, issuer), and each row's award is idempotent on the batch id and line: an
 * interrupted batch run again resumes where it stopped, and no credential is issued twice.
 * @throws Ob3Error `ERR_OB3_AWARD_INVALID` for a malformed `template.messageStatus`
 *
 * @example
 * ```ts
 * const summary = await runBatch({ db: 'issuer.db', key, profile, template, roster: csvText, onProgress: draw })
 * ```
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchSummary> {
  const started = Date.now()
  // A malformed messageStatus would fail every row: refuse the batch before it starts.
  if (options.template.messageStatus !== undefined) checkMessageStatus(options.template.messageStatus)
  const { rows, problems } = parseRoster(options.roster)
  const batchId = `batch-${toHex(await sha256(utf8(JSON.stringify([options.roster, options.template, options.profile.id, options.format ?? null])))).slice(0, 32)}`
  const store = await openStore(options.db)
  const credentials: { line: number; credentialId: string }[] = []
  const unreadable = problems.filter((p) => p.code !== 'ERR_OB3_ROSTER_HEADER').length
  const progress: BatchProgress = { done: 0, total: rows.length + unreadable, issued: 0, failed: 0, resumed: 0, elapsedMs: 0 }
  const report = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - started })
  try {
    await store.openBatch({ id: batchId, issuerId: options.profile.id, inputDigest: batchId, total: rows.length, createdAt: new Date().toISOString() })
    const finished = new Map((await store.listBatchRows(batchId)).filter((r) => r.status === 'issued').map((r) => [r.line, r]))
    const pending: BatchJob[] = []
    for (const row of rows) {
      const prior = finished.get(row.line)
      if (prior?.credentialId !== undefined) {
        credentials.push({ line: row.line, credentialId: prior.credentialId })
        progress.done++
        progress.issued++
        progress.resumed++
        continue
      }
      const award: Partial<Award> = { recipient: row.recipient }
      if (row.name !== undefined) award.name = row.name
      if (row.creditsEarned !== undefined) award.creditsEarned = row.creditsEarned
      if (row.validUntil !== undefined) award.validUntil = row.validUntil
      const educator = await educatorKey(options.profile.id, 'id' in row.recipient ? { id: row.recipient.id } : { email: row.recipient.email })
      const programme: AwardProgramme = { batch: batchId, line: row.line, ...(educator === undefined ? {} : { educator }), ...(row.school === undefined ? {} : { school: row.school }), ...(row.cohort === undefined ? {} : { cohort: row.cohort }) }
      pending.push({ line: row.line, idempotencyKey: row.idempotencyKey ?? `${batchId}:${row.line}`, award, programme })
    }
    progress.done += unreadable
    progress.failed += unreadable
    report()
    const outcomes = await work(options, pending, async (outcome) => {
      await store.recordBatchRow({ batchId, line: outcome.line, status: outcome.status, ...(outcome.status === 'issued' ? { credentialId: outcome.credentialId } : { error: outcome.error }) })
      progress.done++
      if (outcome.status === 'issued') {
        progress.issued++
        credentials.push({ line: outcome.line, credentialId: outcome.credentialId })
      } else {
        progress.failed++
        problems.push({ line: outcome.line, code: outcome.code, message: outcome.error })
      }
      report()
    })
    void outcomes
  } finally {
    await store.close()
  }
  credentials.sort((a, b) => a.line - b.line)
  problems.sort((a, b) => a.line - b.line)
  return { ...progress, elapsedMs: Date.now() - started, batchId, problems, credentials, rows }
}

/** Start the workers, hand out jobs one at a time (so fast workers take more), collect outcomes in order of arrival. */
async function work(options: RunBatchOptions, jobs: BatchJob[], onOutcome: (o: BatchOutcome) => Promise<void>): Promise<void> {
  if (jobs.length === 0) return
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length))
  const init: BatchWorkerInit = {
    db: options.db,
    key: options.key,
    profile: options.profile,
    template: options.template,
    ...(options.statusBaseUrl === undefined ? {} : { statusBaseUrl: options.statusBaseUrl }),
    ...(options.format === undefined ? {} : { format: options.format }),
  }
  let next = 0
  let chain = Promise.resolve()
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = startWorker(init)
    const feed = () => {
      const job = jobs[next++]
      worker.postMessage(job ?? null)
      if (job === undefined) resolve()
    }
    worker.on('message', (message: BatchOutcome | { ready: true }) => {
      if ('ready' in message) return feed()
      chain = chain.then(() => onOutcome(message))
      chain.then(feed, reject)
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`a batch worker stopped with exit code ${code}`))
    })
  })))
  await chain
}

/** A worker running batch-worker, from its built JavaScript or, in the workspace, its TypeScript source. */
function startWorker(init: BatchWorkerInit): Worker {
  const source = import.meta.url.endsWith('.ts')
  // built: tsup writes the worker to dist/batch/, beside the chunks in dist/
  const url = new URL(source ? './batch-worker.ts' : './batch/batch-worker.js', import.meta.url)
  if (!source) return new Worker(url, { workerData: init })
  // Worker threads do not inherit `--import tsx`: register it in the worker before loading the source.
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(code, { eval: true, workerData: init, execArgv: ['--conditions=source'] })
}
