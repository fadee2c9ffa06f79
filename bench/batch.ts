// pnpm bench, batch issuance scaling: `runBatch` issuing BENCH_BATCH_COUNT credentials (default
// 10,000, each with a status index) into a new SQLite file, with 1 worker and with 2 workers, each
// batch a whole child process (bench/batch-child.mjs) timed from outside by /usr/bin/time (wall
// clock, user + system CPU of all its threads, peak RSS). The child runs the built packages (as
// the `ob3` command does; built first when their sources are newer), or their sources under tsx
// with BENCH_BATCH_SOURCE=1. It also reports its own batch time (first row to last, without
// start-up). Then the goals of issue 15: 2 workers ≥ 1.8× one worker, peak RSS ≤ 256 MB. With a
// PostgreSQL reachable (.postgres-url or OB3_TEST_POSTGRES_URL) the same two batches run against
// it, each in a new schema.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchAward } from './fixtures.js'
import { recordGoal } from './goals.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const COUNT = Number(process.env.BENCH_BATCH_COUNT ?? 10_000)
const SOURCE = process.env.BENCH_BATCH_SOURCE === '1'
const childScript = join(root, 'bench/batch-child.mjs')

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

/** One batch as a child process under /usr/bin/time. */
function timed(inputs: { template: string; roster: string }, db: string, workers: number, schema?: string): Run {
  const load = loadavg()[0] as number
  const spec = JSON.stringify({ db, schema, workers, ...inputs })
  const node = SOURCE ? [process.execPath, '--conditions=source', '--import', 'tsx', childScript] : [process.execPath, childScript]
  const r = spawnSync('/usr/bin/time', ['-f', 'OB3TIME %e %U %S %M', ...node], {
    cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, BENCH_BATCH_CHILD: spec },
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
  const where = label.split(/[,:—(]/)[0]?.trim() ?? label
  recordGoal({ part: 'batch', figure: `${COUNT.toLocaleString('en')} credentials, ${where}: 2 workers ÷ 1 worker (batch wall time)`, goal: '≥ 1.8×', measured: `${ratio.toFixed(2)}×`, met: ratio >= 1.8 })
  recordGoal({ part: 'batch', figure: `${COUNT.toLocaleString('en')} credentials, ${where}: peak RSS of the 1- and 2-worker runs`, goal: '≤ 256 MB', measured: `${Math.round(peak)} MB`, met: peak <= 256 })
  console.log(`  2 workers ÷ 1 worker (batch wall time): ${ratio.toFixed(2)}× — goal ≥ 1.8×: ${ratio >= 1.8 ? 'met' : 'NOT met'}`)
  console.log(`  peak RSS of the two runs: ${Math.round(peak)} MB — goal ≤ 256 MB: ${peak <= 256 ? 'met' : 'NOT met'}`)
  console.log(`  CPU per credential, 2 workers ÷ 1 worker: ${(two.cpuMs / one.cpuMs).toFixed(2)} (near 1 means the second worker adds throughput, not overhead)`)
}

async function main(): Promise<void> {
  if (!SOURCE) ensureBuilt()
  console.log(`\nob3 bench, batch issuance — Node ${process.version}, ${cpus().length} cores; ${COUNT} credentials (eddsa-rdfc-2022, each with a status index) per batch, ${SOURCE ? 'the packages\' TypeScript sources under tsx (BENCH_BATCH_SOURCE=1)' : 'the built packages (dist/)'}; each batch a whole child process timed by /usr/bin/time (wall, user + sys CPU of all threads, peak RSS); "batch" figures are the child's own time from the first row to the last. Wall time counts the machine's other load (1-minute load average shown), CPU time much less.`)
  const dir = mkdtempSync(join(tmpdir(), 'ob3-bench-batch-'))
  try {
    const { recipient: _r, id: _id, ...template } = benchAward('small')
    const inputs = { template: join(dir, 'template.json'), roster: join(dir, 'roster.csv') }
    writeFileSync(inputs.template, JSON.stringify(template))
    writeFileSync(inputs.roster, ['recipient_email,name', ...Array.from({ length: COUNT }, (_, i) => `teacher${i}@lakeside.example,Teacher ${i}`)].join('\n'))
    table('SQLite (a new temporary file per run)', [1, 2].map((w) => timed(inputs, join(dir, `issuer-${w}.db`), w)))
    await postgres(inputs)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same two batches on PostgreSQL, when one is reachable. */
async function postgres(inputs: { template: string; roster: string }): Promise<void> {
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
        runs.push(timed(inputs, pg, w, schema))
      } finally {
        await dropSchema(pg, schema)
      }
    }
  } catch (err) {
    console.log(`\nPostgreSQL (${new URL(pg).host}): skipped, it could not be used: ${(err as Error).message.split('\n')[0]}`)
    return
  }
  table(`PostgreSQL (${new URL(pg).host}, a new schema per run; the database server's own CPU is not in these figures, only the batch process's)`, runs)
}

/** Build the packages when the built issuer is missing or older than its or core's sources. */
function ensureBuilt(): void {
  const built = join(root, 'packages/issuer/dist/node.js')
  const newest = (d: string): number => Math.max(0, ...readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs))
  const sources = Math.max(newest(join(root, 'packages/issuer/src')), newest(join(root, 'packages/core/src')))
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  console.log('batch: building @ob3/issuer and what it depends on first')
  const build = spawnSync('pnpm', ['-r', '--filter', '@ob3/issuer...', 'run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('the build of @ob3/issuer failed')
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
