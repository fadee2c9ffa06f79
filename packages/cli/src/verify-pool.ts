import { Worker } from 'node:worker_threads'
import type { VerifyOptions } from '@ob3/verifier'
import type { PrintedReport, ReportFormat } from './commands/verify.js'

/**
 * How a worker thread makes the fetch it verifies with (a function cannot be sent to a thread):
 * none (`--offline`), the files of a `--resources` map, or the DNS-checked fetch of
 * `@ob3/verifier/node`.
 */
export type WorkerFetch = { kind: 'none' } | { kind: 'resources'; map: string; cwd: string } | { kind: 'dns-checked' }

/** What each verify worker starts with: the options every input is verified with. */
export interface VerifyWorkerInit {
  options: Omit<VerifyOptions, 'input' | 'label' | 'cache' | 'fetch'>
  fetch: WorkerFetch
  /** How each report is printed: the worker sends back the text (cheaper to send than the report). */
  format: ReportFormat
}

/** One input sent to a worker: its bytes (or a link) and how its report names it. */
export interface VerifyJob {
  id: number
  label: string
  input: Uint8Array | string
}

/** An error thrown while verifying, as it crosses back from the worker. */
export interface WorkerError {
  name: string
  message: string
  code?: string
  stack?: string
}

/** What a worker sends back for a job: its report as printed, or the error `verify` threw. */
export type VerifyOutcome = { id: number; report: PrintedReport } | { id: number; error: WorkerError }

/** Worker threads verifying inputs, each with its own verifier and cache. */
export interface VerifyPool {
  /** Verify one input on the least busy worker (a new one while fewer than the pool's size run). */
  verify(label: string, input: Uint8Array | string): Promise<PrintedReport>
  /** Stop every worker. */
  close(): Promise<void>
}

interface Running {
  worker: Worker
  /** Jobs not sent yet: they go in one message at the end of the event loop's turn. */
  outbox: VerifyJob[]
  pending: Map<number, { resolve: (report: PrintedReport) => void; reject: (err: unknown) => void }>
  stopped: Error | undefined
}

/**
 * Start a pool of at most `size` verify workers. Workers start as they are needed: one input
 * never starts more than one.
 */
export function startVerifyPool(size: number, init: VerifyWorkerInit): VerifyPool {
  const running: Running[] = []
  let nextId = 0
  let closing = false

  const start = (): Running => {
    const run: Running = { worker: startWorker(init), outbox: [], pending: new Map(), stopped: undefined }
    const stop = (err: Error) => {
      run.stopped ??= err
      for (const job of run.pending.values()) job.reject(err)
      run.pending.clear()
    }
    run.worker.on('message', (outcomes: VerifyOutcome[]) => {
      for (const outcome of outcomes) {
        const job = run.pending.get(outcome.id)
        if (job === undefined) continue
        run.pending.delete(outcome.id)
        if ('report' in outcome) job.resolve(outcome.report)
        else job.reject(revive(outcome.error))
      }
    })
    run.worker.on('error', stop)
    run.worker.on('exit', (code) => stop(new Error(closing ? 'the verify workers were stopped' : `a verify worker stopped with exit code ${code}`)))
    running.push(run)
    return run
  }

  return {
    verify(label, input) {
      const alive = running.filter((r) => r.stopped === undefined)
      const idle = alive.find((r) => r.pending.size === 0)
      const run = idle ?? (running.length < size ? start() : alive.sort((a, b) => a.pending.size - b.pending.size)[0])
      if (run === undefined) return Promise.reject(running[0]?.stopped ?? new Error('no verify worker is running'))
      const id = nextId++
      return new Promise<PrintedReport>((resolve, reject) => {
        run.pending.set(id, { resolve, reject })
        // Messages between threads cost a wake-up each: the jobs of one turn go together.
        if (run.outbox.push({ id, label, input }) === 1) {
          setImmediate(() => {
            if (run.stopped === undefined) run.worker.postMessage(run.outbox)
            run.outbox = []
          })
        }
      })
    },
    async close() {
      closing = true
      await Promise.all(running.map((r) => r.worker.terminate()))
    },
  }
}

/** The error a worker sent, as an Error again (name and code kept: `main` reports by them). */
function revive(sent: WorkerError): Error {
  const err = new Error(sent.message) as Error & { code?: string }
  err.name = sent.name
  if (sent.code !== undefined) err.code = sent.code
  if (sent.stack !== undefined) err.stack = sent.stack
  return err
}

/** A worker running verify-worker: its built JavaScript beside this module, or in the workspace its TypeScript source. */
function startWorker(init: VerifyWorkerInit): Worker {
  const source = import.meta.url.endsWith('.ts')
  const url = new URL(source ? './verify-worker.ts' : './verify-worker.js', import.meta.url)
  if (!source) return new Worker(url, { workerData: init })
  // Worker threads do not inherit `--import tsx`: register it in the worker before loading the source.
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(code, { eval: true, workerData: init, execArgv: ['--conditions=source'] })
}
