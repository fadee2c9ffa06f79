import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { sha256, toHex, utf8, type ProofFormat } from '@ob3/core'
import type { Award, IssuerProfileInput } from '../award.js'
import { checkMessageStatus, type AwardProgramme, type BatchRowOutcome, type MessageStatusRequest } from '../issuer.js'
import { openStore } from '../store/open-store.js'
import { educatorKey } from '../report/educator-key.js'
import { parseRoster, type RosterProblem, type RosterRow } from './roster.js'

/** What every worker needs to set itself up. */
export interface BatchWorkerInit {
  db: string
  /** With a PostgreSQL `db`: the schema holding the store (default `public`). */
  schema?: string
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

/** A chunk of rows for a worker: signed, then recorded in one transaction. @internal */
export interface BatchChunk {
  batchId: string
  jobs: BatchJob[]
}

/** What a worker reports for a row. @internal */
export type BatchOutcome = BatchRowOutcome

/** Rows per chunk (per transaction) by default. */
export const DEFAULT_BATCH_CHUNK_SIZE = 100

/** Progress of a batch, reported after every chunk. */
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
  /**
   * Rows a worker signs before recording them in one transaction (one commit, one fsync), 1 to
   * 1,000; default {@link DEFAULT_BATCH_CHUNK_SIZE}. A killed batch loses at most the chunks in
   * flight (never part of one); they are issued when the batch is run again.
   */
  chunkSize?: number
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
 * interrupted batch run again resumes where it stopped, and no credential is issued twice. Each
 * worker signs a chunk of rows (`chunkSize`) and records it in one transaction
 * (`Issuer.awardBatchChunk`): a killed batch leaves whole chunks only.
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
  const chunkSize = options.chunkSize ?? DEFAULT_BATCH_CHUNK_SIZE
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 1000) throw new TypeError('chunkSize must be a whole number from 1 to 1000')
  const { rows, problems } = parseRoster(options.roster)
  const batchId = `batch-${toHex(await sha256(utf8(JSON.stringify([options.roster, options.template, options.profile.id, options.format ?? null])))).slice(0, 32)}`
  const store = await openStore(options.db, options.schema === undefined ? {} : { schema: options.schema })
  const credentials: { line: number; credentialId: string }[] = []
  const unreadable = problems.filter((p) => p.code !== 'ERR_OB3_ROSTER_HEADER').length
  const progress: BatchProgress = { done: 0, total: rows.length + unreadable, issued: 0, failed: 0, resumed: 0, elapsedMs: 0 }
  const report = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - started })
  let pending: RosterRow[] = []
  try {
    await store.openBatch({ id: batchId, issuerId: options.profile.id, inputDigest: batchId, total: rows.length, createdAt: new Date().toISOString() })
    const finished = new Map((await store.listBatchRows(batchId)).filter((r) => r.status === 'issued').map((r) => [r.line, r.credentialId]))
    for (const row of rows) {
      const prior = finished.get(row.line)
      if (prior === undefined) {
        pending.push(row)
        continue
      }
      credentials.push({ line: row.line, credentialId: prior })
      progress.done++
      progress.issued++
      progress.resumed++
    }
  } finally {
    await store.close()
  }
  progress.done += unreadable
  progress.failed += unreadable
  report()
  // Chunks no larger than an even share, so every worker has work in a small batch, nor than
  // CHUNK_BYTES of credentials (each is at least its template).
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), pending.length))
  const perCredential = JSON.stringify(options.template).length + 4096
  const size = Math.max(1, Math.min(chunkSize, Math.ceil(pending.length / count), Math.floor(CHUNK_BYTES / perCredential)))
  let next = 0
  const nextChunk = async (): Promise<BatchChunk | undefined> => {
    if (next >= pending.length) return undefined
    const slice = pending.slice(next, next + size)
    next += slice.length
    return { batchId, jobs: await Promise.all(slice.map((row) => jobOf(options, batchId, row))) }
  }
  await work(options, count, nextChunk, (outcomes) => {
    for (const outcome of outcomes) {
      progress.done++
      if (outcome.status === 'issued') {
        progress.issued++
        credentials.push({ line: outcome.line, credentialId: outcome.credentialId })
      } else {
        progress.failed++
        problems.push({ line: outcome.line, code: outcome.code, message: outcome.error })
      }
    }
    report()
  })
  pending = []
  credentials.sort((a, b) => a.line - b.line)
  problems.sort((a, b) => a.line - b.line)
  return { ...progress, elapsedMs: Date.now() - started, batchId, problems, credentials, rows }
}

/** The job of one roster row: its award, idempotency key and programme context. */
async function jobOf(options: RunBatchOptions, batchId: string, row: RosterRow): Promise<BatchJob> {
  const award: Partial<Award> = { recipient: row.recipient }
  if (row.name !== undefined) award.name = row.name
  if (row.creditsEarned !== undefined) award.creditsEarned = row.creditsEarned
  if (row.validUntil !== undefined) award.validUntil = row.validUntil
  const educator = await educatorKey(options.profile.id, 'id' in row.recipient ? { id: row.recipient.id } : { email: row.recipient.email })
  const programme: AwardProgramme = { batch: batchId, line: row.line, ...(educator === undefined ? {} : { educator }), ...(row.school === undefined ? {} : { school: row.school }), ...(row.cohort === undefined ? {} : { cohort: row.cohort }) }
  return { line: row.line, idempotencyKey: row.idempotencyKey ?? `${batchId}:${row.line}`, award, programme }
}

/** Chunks a worker holds at most: the one it works on and the next (so it never waits for the main thread). */
const CHUNKS_IN_FLIGHT = 2

/**
 * Start the workers and hand out chunks as they finish (so fast workers take more), at most
 * {@link CHUNKS_IN_FLIGHT} per worker: memory stays bounded whatever the roster's length.
 * Each worker records its chunks in the store itself; the main thread only counts.
 */
async function work(options: RunBatchOptions, count: number, nextChunk: () => Promise<BatchChunk | undefined>, onOutcomes: (o: BatchOutcome[]) => void): Promise<void> {
  const init: BatchWorkerInit = {
    db: options.db,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    key: options.key,
    profile: options.profile,
    template: options.template,
    ...(options.statusBaseUrl === undefined ? {} : { statusBaseUrl: options.statusBaseUrl }),
    ...(options.format === undefined ? {} : { format: options.format }),
  }
  // Chunks are made one at a time, in order, whichever worker asks.
  let making = Promise.resolve<BatchChunk | undefined>(undefined)
  const take = (): Promise<BatchChunk | undefined> => (making = making.then(nextChunk))
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = startWorker(init)
    let inFlight = 0
    let drained = false
    let stopped = false
    const feed = async () => {
      const chunk = drained ? undefined : await take()
      if (chunk !== undefined) {
        inFlight++
        worker.postMessage(chunk)
      } else if (!drained) {
        drained = true
      }
      if (drained && inFlight === 0 && !stopped) {
        stopped = true
        worker.postMessage(null)
        resolve()
      }
    }
    worker.on('message', (message: BatchOutcome[] | { ready: true }) => {
      if ('ready' in message) {
        for (let i = 0; i < CHUNKS_IN_FLIGHT; i++) feed().catch(reject)
        return
      }
      inFlight--
      onOutcomes(message)
      feed().catch(reject)
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`a batch worker stopped with exit code ${code}`))
    })
  })))
}

/**
 * The heap of a worker thread. Its live data is the code and the JSON-LD contexts (under 48 MB)
 * and one or two chunks; a small young generation and an old-generation ceiling well above that
 * make V8 collect garbage sooner instead of growing the heap, which keeps the peak memory of a
 * long batch near that of a short one.
 */
function workerLimits(template: unknown): { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number } {
  // room for a template with large embedded artifacts: many copies of it while one is signed
  const templateMb = JSON.stringify(template).length / (1024 * 1024)
  return { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 160 + Math.ceil(32 * templateMb) }
}

/** The bytes of signed credentials a chunk may hold: a template with large embedded artifacts gets smaller chunks. */
const CHUNK_BYTES = 8 * 1024 * 1024

/** A worker running batch-worker, from its built JavaScript or, in the workspace, its TypeScript source. */
function startWorker(init: BatchWorkerInit): Worker {
  const source = import.meta.url.endsWith('.ts')
  // built: tsup writes the worker to dist/batch/, beside the chunks in dist/
  const url = new URL(source ? './batch-worker.ts' : './batch/batch-worker.js', import.meta.url)
  if (!source) return new Worker(url, { workerData: init, resourceLimits: workerLimits(init.template) })
  // Worker threads do not inherit `--import tsx`: register it in the worker before loading the source.
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(code, { eval: true, workerData: init, execArgv: ['--conditions=source'], resourceLimits: workerLimits(init.template) })
}
