// pnpm bench (server part): verification through the HTTP service beside verify() in-process,
// on the same credential, so that the cost of HTTP (parsing, JSON, the socket, the event loop)
// is visible. The service runs in a child process (so the load generator does not share its
// event loop); the load is a bounded loop of Node's fetch on loopback that stops by itself:
// BENCH_SERVER_REQUESTS requests per phase (default 1,000), or BENCH_SERVER_SECONDS (default
// 20 s) per phase, whichever ends first.
//
// Then the rate limiter's cost on the same verification, 16 clients at a time (each its own
// address, through one trusted proxy hop), with a limit no client reaches: no limiter, the
// in-memory one and the shared one (`rateLimitStore: 'database'`: batched, and with a query per
// request as `rateLimitFlushMs: 0` asks), on SQLite and, when a
// PostgreSQL is given (OB3_BENCH_POSTGRES_URL, else OB3_TEST_POSTGRES_URL, else .postgres-url),
// on PostgreSQL (a throw-away schema, dropped afterwards). Besides requests per second it shows
// the service's CPU time per request (its process only; PostgreSQL's own work is not in it).
// Before those, the shared limiter alone (in this process, the store calls counted).
// BENCH_SERVER_ONLY=limiter runs only these two parts.
//
//   node --conditions=source --import tsx bench/server-load.ts
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createResourceFetch } from '@ob3/core'
import { buildCredential } from '@ob3/issuer'
import { createServer } from '@ob3/server'
import { createVerificationCache, verify } from '@ob3/verifier'
import { benchAward } from './fixtures.js'

const REQUESTS = Number(process.env.BENCH_SERVER_REQUESTS ?? 1000)
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 20)
const WARM_UP = 100

interface ChildReady {
  url: string
  credential: Record<string, unknown>
  statusListUrl: string
  statusList: string
}

/**
 * What the child runs on: its database, and the verify limiter (`none`: no limit; `database`: the
 * shared one, batched; `database, per request`: the shared one with `rateLimitFlushMs: 0`, a
 * query at every request).
 */
interface ChildSetup {
  postgres?: string
  limiter: 'none' | 'memory' | 'database' | 'database, per request'
}

/** The part of pg the bench uses (to drop its schema). */
interface PgModule { Client: new (options: { connectionString: string }) => { connect(): Promise<unknown>; query(sql: string): Promise<unknown>; end(): Promise<void> } }

/** A limit no bench client reaches: every request is counted, none refused. */
const UNREACHED = { perSecond: 1e9, burst: 1e9 }

/** The PostgreSQL for the limiter phases, if any. */
function postgresUrl(): string | undefined {
  const url = process.env.OB3_BENCH_POSTGRES_URL ?? process.env.OB3_TEST_POSTGRES_URL ?? (existsSync('.postgres-url') ? readFileSync('.postgres-url', 'utf8').trim() : '')
  return url === '' ? undefined : url
}

/** The child: a service on a throw-away SQLite file (or PostgreSQL schema), one tenant, one issued credential. */
async function child(setup: ChildSetup): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const schema = `ob3_bench_${randomBytes(6).toString('hex')}`
  const server = await createServer({
    ...(setup.postgres === undefined ? { db: join(dir, 'ob3.db') } : { db: setup.postgres, postgresSchema: schema }),
    logLevel: 'silent', fetch: null, trustProxy: 1,
    rateLimitStore: setup.limiter.startsWith('database') ? 'database' : 'memory',
    ...(setup.limiter === 'database, per request' ? { rateLimitFlushMs: 0 } : {}),
    rateLimits: { verify: setup.limiter === 'none' ? false : UNREACHED, shareDownload: false, shareUpload: false },
  })
  const { address } = await server.listen({ port: 0 })
  const { tenant, apiKey } = await server.createTenant({ id: 'northwind', name: 'Northwind Educator Academy' })
  const unsigned = await buildCredential({ award: benchAward('small'), issuer: { id: tenant.issuer, name: tenant.name } })
  const issued = await fetch(`${address}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey.token}` }, body: JSON.stringify({ credential: unsigned }) })
  const credential = ((await issued.json()) as { verifiableCredential: Record<string, unknown> }).verifiableCredential
  const statusListUrl = (credential.credentialStatus as { statusListCredential: string }).statusListCredential
  const statusList = await (await fetch(statusListUrl)).text()
  const ready: ChildReady = { url: address, credential, statusListUrl, statusList }
  process.stdout.write(JSON.stringify(ready) + '\n')
  const stop = async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
    if (setup.postgres !== undefined) {
      // pg is the server package's dependency, not the workspace root's.
      const pg = createRequire(fileURLToPath(new URL('../packages/server/package.json', import.meta.url)))('pg') as PgModule
      const client = new pg.Client({ connectionString: setup.postgres })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
    process.exit(0)
  }
  // A line `cpu` on stdin: the process's CPU time so far (ms), as one JSON line.
  createInterface({ input: process.stdin }).on('line', (l) => {
    if (l.trim() === 'cpu') {
      const { user, system } = process.cpuUsage()
      process.stdout.write(JSON.stringify({ cpuMs: (user + system) / 1000 }) + '\n')
    }
  })
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
  process.once('SIGTERM', () => void stop())
}

/** Start a child service; its first line says it is ready. */
async function startChild(setup: ChildSetup): Promise<{ proc: ChildProcess; ready: ChildReady; lines: AsyncIterator<string> }> {
  const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', JSON.stringify(setup)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]()
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`the service exited (${String(code)}) before it was ready`))))
  const first = await Promise.race([lines.next(), exited])
  return { proc, ready: JSON.parse(first.value as string) as ChildReady, lines }
}

async function stopChild(proc: ChildProcess): Promise<void> {
  proc.stdin!.end()
  await new Promise((r) => proc.once('exit', r))
}

interface Figures { label: string; requests: number; seconds: number; latencies: number[] }

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

function row(f: Figures): Record<string, string | number> {
  const sorted = [...f.latencies].sort((a, b) => a - b)
  return {
    'verification': f.label,
    'requests': f.requests,
    'per second': Math.round(f.requests / f.seconds),
    'p50 ms': quantile(sorted, 0.5).toFixed(2),
    'p99 ms': quantile(sorted, 0.99).toFixed(2),
  }
}

/** Run `one` up to REQUESTS times (or SECONDS), `concurrency` at a time, after a warm-up (then `warmedUp`). */
async function load(label: string, concurrency: number, one: () => Promise<void>, warmedUp?: () => Promise<void>): Promise<Figures> {
  for (let i = 0; i < WARM_UP; i++) await one()
  await warmedUp?.()
  const latencies: number[] = []
  const deadline = performance.now() + SECONDS * 1000
  let started = 0
  const t0 = performance.now()
  const worker = async () => {
    while (started < REQUESTS && performance.now() < deadline) {
      started++
      const t = performance.now()
      await one()
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { label, requests: latencies.length, seconds: (performance.now() - t0) / 1000, latencies }
}

async function parent(): Promise<void> {
  const { proc, ready } = await startChild({ limiter: 'none' })
  try {
    // In-process: the same verify() the service runs, the status list served from memory.
    const fetchList = createResourceFetch({ resources: { [ready.statusListUrl]: ready.statusList } })
    const cache = createVerificationCache()
    const inProcess = await load('verify() in-process', 1, async () => {
      const report = await verify({ input: ready.credential, fetch: fetchList, allowPrivateNetwork: true, cache })
      if (!report.verified) throw new Error('the bench credential does not verify in-process')
    })
    const body = JSON.stringify({ verifiableCredential: ready.credential })
    const overHttp = (label: string, concurrency: number) => load(label, concurrency, async () => {
      const res = await fetch(`${ready.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      const answer = (await res.json()) as { verified?: boolean }
      if (res.status !== 200 || answer.verified !== true) throw new Error(`POST /credentials/verify answered ${res.status}`)
    })
    const sequential = await overHttp('POST /credentials/verify, 1 at a time', 1)
    const concurrent = await overHttp('POST /credentials/verify, 16 at a time', 16)
    console.log(`ob3 server load — Node ${process.version}, loopback HTTP, service in a child process, ${REQUESTS} requests per phase (at most ${SECONDS} s)`)
    console.table([inProcess, sequential, concurrent].map(row))
    const p50 = (f: Figures) => quantile([...f.latencies].sort((a, b) => a - b), 0.5)
    console.log(`HTTP overhead per verification (p50, 1 at a time): ${(p50(sequential) - p50(inProcess)).toFixed(2)} ms; ` +
      'with 16 at a time the service uses one core (one Node process): run one instance per core behind a load balancer to scale.')
  } finally {
    await stopChild(proc)
  }
}

/** The limiter phases: verify at 16 clients at a time, per database and limiter. */
async function limiterPhases(): Promise<void> {
  const postgres = postgresUrl()
  const rows: Record<string, string | number>[] = []
  for (const database of postgres === undefined ? ['sqlite'] : ['sqlite', 'postgres']) {
    for (const limiter of ['none', 'memory', 'database, per request', 'database'] as const) {
      const { proc, ready, lines } = await startChild({ limiter, ...(database === 'postgres' && postgres !== undefined ? { postgres } : {}) })
      try {
        const cpu = async () => {
          proc.stdin!.write('cpu\n')
          return (JSON.parse((await lines.next()).value as string) as { cpuMs: number }).cpuMs
        }
        const body = JSON.stringify({ verifiableCredential: ready.credential })
        // 16 clients in turn (each its own address, as a trusted proxy says).
        let next = 0
        let cpuBefore = 0
        const figures = await load(`${database}, limiter: ${limiter}`, 16, async () => {
          const client = `198.51.100.${1 + (next++ % 16)}`
          const res = await fetch(`${ready.url}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body })
          const answer = (await res.json()) as { verified?: boolean }
          if (res.status !== 200 || answer.verified !== true) throw new Error(`POST /credentials/verify answered ${res.status}`)
        }, async () => { cpuBefore = await cpu() })
        const cpuMs = (await cpu()) - cpuBefore
        rows.push({ ...row(figures), 'service CPU ms/request': (cpuMs / figures.requests).toFixed(2) })
      } finally {
        await stopChild(proc)
      }
    }
  }
  console.log(`ob3 server load, the verify rate limiter — 16 clients at a time, ${REQUESTS} requests per phase (at most ${SECONDS} s), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}` +
    (postgres === undefined ? ' (no PostgreSQL given: SQLite only)' : ''))
  console.table(rows)
}

/**
 * The shared limiter alone, in this process: TAKES takes by 16 clients, 16 at a time, answered
 * with a query each (`rateLimitFlushMs: 0`) or from local copies flushed every 250 ms; the store
 * calls are counted.
 */
async function limiterAlone(): Promise<void> {
  const TAKES = 20_000
  const { openSqliteStore } = await import('@ob3/issuer/node')
  const { openServerStore } = await import('../packages/server/src/store/open-server-store.js')
  const { createStoreRateLimiter, createStrictStoreRateLimiter } = await import('../packages/server/src/lib/rate-limit.js')
  const postgres = postgresUrl()
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const rows: Record<string, string | number>[] = []
  try {
    for (const database of postgres === undefined ? ['sqlite'] : ['sqlite', 'postgres']) {
      const schema = `ob3_bench_${randomBytes(6).toString('hex')}`
      if (database === 'sqlite') await (await openSqliteStore({ path: join(dir, 'ob3.db') })).close()
      const store = database === 'sqlite' ? await openServerStore(join(dir, 'ob3.db')) : await openServerStore(postgres as string, { schema })
      let calls = 0
      const counted = new Proxy(store, {
        get(target, key) {
          const value = Reflect.get(target, key) as unknown
          if (typeof value !== 'function') return value
          return (...args: unknown[]) => {
            if (key === 'takeRateToken' || key === 'takeRateTokens') calls++
            return (value as (...a: unknown[]) => unknown).apply(target, args)
          }
        },
      })
      try {
        for (const mode of ['a query per take', 'batched'] as const) {
          const fail = (err: unknown) => { throw err }
          const batched = mode === 'batched' ? createStoreRateLimiter(counted, 'bench-batched', UNREACHED, () => new Date(), fail) : undefined
          const limiter = batched ?? createStrictStoreRateLimiter(counted, 'bench-strict', UNREACHED, () => new Date(), fail)
          calls = 0
          let next = 0
          const cpu0 = process.cpuUsage()
          const t0 = performance.now()
          await Promise.all(Array.from({ length: 16 }, async () => {
            while (next < TAKES) {
              const client = `198.51.100.${1 + (next++ % 16)}`
              if ((await limiter.take(client)) !== 0) throw new Error('the bench limit refused a take')
            }
          }))
          const seconds = (performance.now() - t0) / 1000
          const cpu = process.cpuUsage(cpu0)
          await batched?.close()
          rows.push({
            'limiter': `${database}, ${mode}`,
            'takes': TAKES,
            'takes per second': Math.round(TAKES / seconds),
            'CPU µs/take': (((cpu.user + cpu.system) / TAKES)).toFixed(1),
            'store calls': calls,
          })
        }
      } finally {
        await store.close()
        if (database === 'postgres') {
          const pg = createRequire(fileURLToPath(new URL('../packages/server/package.json', import.meta.url)))('pg') as PgModule
          const client = new pg.Client({ connectionString: postgres as string })
          await client.connect()
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await client.end()
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  console.log(`the shared rate limiter alone — ${TAKES} takes by 16 clients, 16 at a time, in one process (CPU: this process; PostgreSQL's own work is not in it), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.table(rows)
}

if (process.argv.includes('--child')) await child(JSON.parse(process.argv[process.argv.indexOf('--child') + 1] ?? '{"limiter":"none"}') as ChildSetup)
else {
  if (process.env.BENCH_SERVER_ONLY !== 'limiter') await parent()
  await limiterAlone()
  await limiterPhases()
}
