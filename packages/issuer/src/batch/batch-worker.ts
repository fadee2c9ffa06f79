// A batch worker thread: opens its own store and issuer, awards the rows it is sent, and reports
// each outcome. Started by run-batch.ts; never imported.
import { parentPort, workerData } from 'node:worker_threads'
import { importSigningKey, isOb3Error } from '@ob3/core'
import { Issuer, type AwardRequest } from '../issuer.js'
import { openStore } from '../store/open-store.js'
import type { BatchJob, BatchWorkerInit, BatchOutcome } from './run-batch.js'

const init = workerData as BatchWorkerInit
const store = await openStore(init.db)
const { signer } = await importSigningKey(init.key)
if (signer === undefined) throw new Error('the batch key cannot sign')
const issuer = new Issuer({ store, profile: init.profile, signer, ...(init.statusBaseUrl === undefined ? {} : { statusBaseUrl: init.statusBaseUrl }) })

parentPort?.on('message', async (job: BatchJob | null) => {
  if (job === null) {
    await store.close()
    parentPort?.close()
    return
  }
  let outcome: BatchOutcome
  try {
    const request = { ...init.template, ...job.award, idempotencyKey: job.idempotencyKey, programme: job.programme, ...(init.format === undefined ? {} : { format: init.format }) } as AwardRequest
    const result = await issuer.award(request)
    outcome = { line: job.line, status: 'issued', credentialId: result.record.id, created: result.created }
  } catch (err) {
    outcome = { line: job.line, status: 'failed', error: String((err as Error).message ?? err), code: isOb3Error(err) ? err.code : 'ERR_OB3_BATCH_ROW_FAILED' }
  }
  parentPort?.postMessage(outcome)
})
parentPort?.postMessage({ ready: true })
