// pnpm bench, batch issuance scaling: `runBatch` issuing BENCH_BATCH_COUNT credentials (default
// 10,000, each with a status index) into a new SQLite file, with 1 worker and with 2 workers, each
// batch a whole child process timed from outside by /usr/bin/time (wall clock, user + system CPU
// of all its threads, peak RSS). The child also reports its own batch time (from the first row to
// the last, without start-up) so the figures can be told apart. Then the goals of issue 15: 2
// workers ≥ 1.8× one worker, peak RSS ≤ 256 MB. With a PostgreSQL reachable (.postgres-url or
// OB3_TEST_POSTGRES_URL) the same two batches run against it, each into a fresh schema.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ed25519KeyFromSeed } from '@ob3/core'
import { runBatch } from '@ob3/issuer/node'
import { benchAward } from './fixtures.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const COUNT = Number(process.env.BENCH_BATCH_COUNT ?? 10_000)
const CHILD = 'BENCH_BATCH_CHILD'

interface ChildResult {
  issued: number
  failed: number
  batchMs: number
}

interface Run extends ChildResult {
  workers: number
  wallMs: number
  cpuMs: number
  rssMb: number
  load: number
}

/** The child: one batch of `count` rows into `db`, its outcome as one JSON line on stdout. */
async function child(spec: { db: string; schema?: string; workers: number; count: number }): Promise<void> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
  const { recipient: _r, id: _id, ...template } = benchAward('small')
  const roster = ['recipient_email,name', ...Array.from({ length: spec.count }, (_, i) => `teacher${i}@lakeside.example,Teacher ${i}`)].join('\n')
  const summary = await runBatch({ db: spec.db, ...(spec.schema === undefined ? {} : { schema: spec.schema }), key, profile: { id: key.controller, name: 'Northwind Academy' }, statusBaseUrl: 'https://academy.northwind.example/status', template, roster, workers: spec.workers })
  const result: ChildResult = { issued: summary.issued, failed: summary.failed, batchMs: summary.elapsedMs }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

/** One batch as a child process under /usr/bin/time. */
function timed(db: string, workers: number, schema?: string): Run {
  const load = loadavg()[0] as number
  const spec = JSON.stringify({ db, schema, workers, count: COUNT })
  const r = spawnSync('/usr/bin/time', ['-f', 'OB3TIME %e %U %S %M', process.execPath, '--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, [CHILD]: spec },
  })
  const line = r.stderr.split('\n').find((l) => l.startsWith('OB3TIME '))
  const out = r.stdout.trim().split('\n').pop() ?? ''
  if (line === undefined || r.status !== 0 || !out.startsWith('{')) throw new Error(`the batch child failed (exit ${String(r.status)}): ${r.stderr.slice(-800)}`)
  const [wall, user, sys, rss] = line.slice('OB3TIME '.length).split(' ').map(Number) as [number, number, number, number]
  const result = JSON.parse(out) as ChildResult
  if (result.issued !== COUNT || result.failed !== 0) throw new Error(`the batch issued ${result.issued} of ${COUNT} (${result.failed} failed)`)
  return { ...result, workers, wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMb: rss / 1024, load }
}

function table(label: string, runs: Run[]): void {
  console.log(`\n${label}`)
  console.table(runs.map((r) => ({
    workers: r.workers,
    'credentials/s (batch)': Math.round(COUNT / (r.batchMs / 1000)),
    'credentials/s (process)': Math.round(COUNT / (r.wallMs / 1000)),
    'batch wall s': (r.batchMs / 1000).toFixed(1),
    'process wall s': (r.wallMs / 1000).toFixed(1),
    'CPU s (user+sys)': (r.cpuMs / 1000).toFixed(1),
    'CPU ms/credential': (r.cpuMs / COUNT).toFixed(2),
    'peak RSS MB': Math.round(r.rssMb),
    'load 1 min at start': r.load.toFixed(2),
  })))
  const [one, two] = runs as [Run, Run]
  const ratio = one.batchMs / two.batchMs
  const peak = Math.max(...runs.map((r) => r.rssMb))
  console.log(`  2 workers ÷ 1 worker (batch wall time): ${ratio.toFixed(2)}× — goal ≥ 1.8×: ${ratio >= 1.8 ? 'met' : 'NOT met'}`)
  console.log(`  peak RSS of the two runs: ${Math.round(peak)} MB — goal ≤ 256 MB: ${peak <= 256 ? 'met' : 'NOT met'}`)
  console.log(`  CPU per credential, 2 workers ÷ 1 worker: ${(two.cpuMs / one.cpuMs).toFixed(2)} (near 1 means the second worker adds throughput, not overhead)`)
}

async function main(): Promise<void> {
  const spec = process.env[CHILD]
  if (spec !== undefined) return child(JSON.parse(spec) as { db: string; schema?: string; workers: number; count: number })
  console.log(`\nob3 bench, batch issuance — Node ${process.version}, ${cpus().length} cores; ${COUNT} credentials (eddsa-rdfc-2022, each with a status index) per batch; each batch a whole child process timed by /usr/bin/time (wall, user + sys CPU of all threads, peak RSS); "batch" figures are the child's own time from the first row to the last. Wall time counts the machine's other load (1-minute load average shown), CPU time much less.`)
  const dir = mkdtempSync(join(tmpdir(), 'ob3-bench-batch-'))
  try {
    table('SQLite (a new temporary file per run)', [1, 2].map((w) => timed(join(dir, `issuer-${w}.db`), w)))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const pg = process.env.OB3_TEST_POSTGRES_URL ?? (existsSync(join(root, '.postgres-url')) ? readFileSync(join(root, '.postgres-url'), 'utf8').trim() : '')
  if (pg === '') {
    console.log('\nPostgreSQL: skipped (no OB3_TEST_POSTGRES_URL and no .postgres-url)')
    return
  }
  const runs: Run[] = []
  try {
    for (const w of [1, 2]) {
      const schema = `ob3_bench_batch_${process.pid}_${w}`
      try {
        runs.push(timed(pg, w, schema))
      } finally {
        await dropSchema(pg, schema)
      }
    }
  } catch (err) {
    console.log(`\nPostgreSQL (${new URL(pg).host}): skipped, it could not be used: ${(err as Error).message.split('\n')[0]}`)
    return
  }
  table(`PostgreSQL (${new URL(pg).host}, a new schema per run)`, runs)
}

async function dropSchema(url: string, schema: string): Promise<void> {
  // pg is a dependency of @ob3/issuer, not of the workspace root: load it from there.
  const pg = createRequire(join(root, 'packages/issuer/package.json'))('pg') as { Client: new (o: { connectionString: string }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> } }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}

await main()
