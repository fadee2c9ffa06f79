// A worker thread of `ob3 verify --jobs N`: verifies the inputs the command sends it, one message
// each, with its own verifier and cache, and sends back each report (or the error thrown).
import { parentPort, workerData } from 'node:worker_threads'
import { createVerificationCache, verify } from '@ob3/verifier'
import { printed, resourceFetch } from './commands/verify.js'
import type { CliIo } from './io.js'
import type { VerifyJob, VerifyOutcome, VerifyWorkerInit, WorkerFetch } from './verify-pool.js'

async function makeFetch(plan: WorkerFetch): Promise<typeof fetch | undefined> {
  if (plan.kind === 'none') return undefined
  if (plan.kind === 'dns-checked') return (await import('@ob3/verifier/node')).createDnsCheckedFetch()
  // The map's files are read here as they are asked for, as on the command's own thread.
  const io: CliIo = {
    stdout: () => {},
    stderr: () => {},
    readStdin: async () => new Uint8Array(0),
    isTty: false,
    cwd: plan.cwd,
    fetch: undefined,
  }
  return resourceFetch(plan.map, io)
}

const port = parentPort
if (port === null) throw new Error('verify-worker runs as a worker thread')
const init = workerData as VerifyWorkerInit
const cache = createVerificationCache()
const fetchPromise = makeFetch(init.fetch)

// Outcomes of one turn go back together, as the jobs come (see verify-pool.ts).
let done: VerifyOutcome[] = []
function send(outcome: VerifyOutcome): void {
  if (done.push(outcome) === 1) {
    setImmediate(() => {
      port?.postMessage(done)
      done = []
    })
  }
}

async function run(job: VerifyJob): Promise<VerifyOutcome> {
  try {
    const fetch = await fetchPromise
    const report = await verify({ ...init.options, input: job.input, label: job.label, cache, ...(fetch === undefined ? {} : { fetch }) })
    return { id: job.id, report: printed(report, init.format) }
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown }
    return {
      id: job.id,
      error: {
        name: typeof e.name === 'string' ? e.name : 'Error',
        message: typeof e.message === 'string' ? e.message : String(err),
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
        ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
      },
    }
  }
}

// Jobs wait here, a few verified at once (as on the command's own thread), so that the next is
// always at hand without all of them being half-done together.
const queue: VerifyJob[] = []
let active = 0
const AT_ONCE = 2
function pump(): void {
  while (active < AT_ONCE && queue.length > 0) {
    const job = queue.shift() as VerifyJob
    active++
    void run(job).then((outcome) => {
      active--
      send(outcome)
      pump()
    })
  }
}

port.on('message', (jobs: VerifyJob[]) => {
  queue.push(...jobs)
  pump()
})
