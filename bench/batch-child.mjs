// One batch of bench/batch.ts, in a process of its own (so /usr/bin/time measures it whole):
// BENCH_BATCH_CHILD holds { db, schema?, workers, template (a file), roster (a file) }. Plain
// JavaScript, so that it runs the built packages as users do, or their sources under tsx.
import { readFileSync } from 'node:fs'
import { ed25519KeyFromSeed } from '@ob3/core'
import { runBatch } from '@ob3/issuer/node'

const spec = JSON.parse(process.env.BENCH_BATCH_CHILD ?? '{}')
const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
const summary = await runBatch({
  db: spec.db,
  ...(spec.schema === undefined ? {} : { schema: spec.schema }),
  key,
  profile: { id: key.controller, name: 'Northwind Academy' },
  statusBaseUrl: 'https://academy.northwind.example/status',
  template: JSON.parse(readFileSync(spec.template, 'utf8')),
  roster: readFileSync(spec.roster, 'utf8'),
  workers: spec.workers,
  ...(spec.chunkSize === undefined ? {} : { chunkSize: spec.chunkSize }),
})
process.stdout.write(`${JSON.stringify({ issued: summary.issued, failed: summary.failed, batchMs: summary.elapsedMs })}\n`)
