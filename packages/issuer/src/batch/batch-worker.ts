// A batch worker thread: opens its own store and issuer, awards the chunks of rows it is sent —
// each chunk signed, then recorded in one transaction — and reports each chunk's outcomes.
// Started by run-batch.ts; never imported.
import { parentPort, workerData } from 'node:worker_threads'
import { importSigningKey, isOb3Error } from '@ob3/core'
import { Issuer, type AwardRequest } from '../issuer.js'
import { openStore } from '../store/open-store.js'
import type { BatchChunk, BatchWorkerInit, BatchOutcome } from './run-batch.js'

const init = workerData as BatchWorkerInit
const store = await openStore(init.db, init.schema === undefined ? {} : { schema: init.schema })
const { signer } = await importSigningKey(init.key)
if (signer === undefined) throw new Error('the batch key cannot sign')
const issuer = new Issuer({ store, profile: init.profile, signer, ...(init.statusBaseUrl === undefined ? {} : { statusBaseUrl: init.statusBaseUrl }) })

parentPort?.on('message', async (chunk: BatchChunk | null) => {
  if (chunk === null) {
    await store.close()
    parentPort?.close()
    return
  }
  let outcomes: BatchOutcome[]
  try {
    outcomes = await issuer.awardBatchChunk(chunk.batchId, chunk.jobs.map((job) => ({
      line: job.line,
      request: { ...init.template, ...job.award, idempotencyKey: job.idempotencyKey, programme: job.programme, ...(init.format === undefined ? {} : { format: init.format }) } as AwardRequest,
    })))
  } catch (err) {
    // The chunk's transaction did not happen: none of its rows is recorded, a later run retries them.
    const code = isOb3Error(err) ? err.code : 'ERR_OB3_BATCH_ROW_FAILED'
    outcomes = chunk.jobs.map((job) => ({ line: job.line, status: 'failed', error: String((err as Error).message ?? err), code }))
  }
  parentPort?.postMessage(outcomes)
})
parentPort?.postMessage({ ready: true })
