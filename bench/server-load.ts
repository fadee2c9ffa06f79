// pnpm bench (server part): the HTTP service under load, beside a VC-API server built on the
// digitalbazaar stack (bench/digitalbazaar-vc-api.mjs) doing the same requests.
//
// 1. verify() in-process against POST /credentials/verify one at a time (the cost of HTTP).
// 2. The service at 16 concurrent clients: POST /credentials/verify and POST /credentials/issue
//    (each issue a new credential id: signed, given a status index, stored), on SQLite and on
//    PostgreSQL (a throw-away schema, dropped afterwards), then the digitalbazaar server on the
//    same verify and issue requests. Each figure: requests per second, p50/p99 latency, the
//    server process's CPU time per request (PostgreSQL's own work is not in it) and the 1-minute
//    load average at its end; then the goals of issue 15 and whether this run met them.
// 3. The rate limiter: the shared limiter alone (store calls counted), then its cost on verify at
//    16 clients (no limiter, in-memory, shared batched, shared with a query per request).
//
// Every server runs in a child process of its own (one Node process, one thread serving
// requests); the load generator is this process: node:http with a keep-alive Agent of 16
// sockets, so that it costs the cores little. Each phase is bounded: BENCH_SERVER_REQUESTS
// requests (default 3,000) or BENCH_SERVER_SECONDS (default 10 s), whichever ends first, after a
// warm-up of 200. The PostgreSQL is OB3_BENCH_POSTGRES_URL, else OB3_TEST_POSTGRES_URL, else
// .postgres-url; without one the PostgreSQL rows are left out (and said so).
// BENCH_SERVER_ONLY=limiter runs only part 3; BENCH_SERVER_ONLY=load only part 2.
//
//   node --conditions=source --import tsx bench/server-load.ts
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createResourceFetch } from '@ob3/core'
import { buildCredential } from '@ob3/issuer'
import { createServer } from '@ob3/server'
import { createVerificationCache, verify } from '@ob3/verifier'
import { benchAward } from './fixtures.js'
import { recordGoal } from './goals.js'

const REQUESTS = Number(process.env.BENCH_SERVER_REQUESTS ?? 3000)
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10)
/** The limiter phases are about the limiter's cost, not the service's peak: fewer requests. */
const LIMITER_REQUESTS = Number(process.env.BENCH_SERVER_LIMITER_REQUESTS ?? 1000)
const WARM_UP = 200
const CONCURRENCY = 16
/** Issue 15's goals for the service. */
const GOALS = { verify: 1000, issue: 500, postgresWithin: 1.5 }

/** What a child server prints when it is ready. */
interface ChildReady {
  url: string
  /** A credential it signed (to verify). */
  credential: Record<string, unknown>
  /** An unsigned credential naming its issuer (to issue, each time under a new id). */
  unsigned: Record<string, unknown>
  /** The API key (ob3 only). */
  token?: string
  statusListUrl?: string
  statusList?: string
}

/**
 * What an ob3 child runs on: its database, and the verify limiter (`default`: what the service
 * picks for the database, with a limit no client reaches — in memory on SQLite, shared and
 * batched on PostgreSQL; `none`: no limit; `database`: the shared one, batched; `database, per
 * request`: the shared one with `rateLimitFlushMs: 0`, a query at every request).
 */
interface ChildSetup {
  postgres?: string
  limiter: 'default' | 'none' | 'memory' | 'database' | 'database, per request'
}

/** The part of pg the bench uses (to drop its schema). */
interface PgModule { Client: new (options: { connectionString: string; connectionTimeoutMillis?: number }) => { connect(): Promise<unknown>; query(sql: string): Promise<unknown>; end(): Promise<void> } }

/** A limit no bench client reaches: every request is counted, none refused. */
const UNREACHED = { perSecond: 1e9, burst: 1e9 }

const load1 = (): string => (loadavg()[0] as number).toFixed(2)

/** Why the PostgreSQL rows are missing, when they are. */
let postgresMissing = 'no PostgreSQL given (OB3_BENCH_POSTGRES_URL, OB3_TEST_POSTGRES_URL or .postgres-url)'
let postgresChecked: Promise<string | undefined> | undefined

/** The PostgreSQL for the PostgreSQL phases, if one is given and answers. */
function postgresUrl(): Promise<string | undefined> {
  postgresChecked ??= (async () => {
    const url = process.env.OB3_BENCH_POSTGRES_URL ?? process.env.OB3_TEST_POSTGRES_URL ?? (existsSync('.postgres-url') ? readFileSync('.postgres-url', 'utf8').trim() : '')
    if (url === '') return undefined
    const pg = createRequire(fileURLToPath(new URL('../packages/server/package.json', import.meta.url)))('pg') as PgModule
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return url
    } catch (err) {
      postgresMissing = `the PostgreSQL given did not answer (${(err as Error).message || (err as { code?: string }).code})`
      return undefined
    } finally {
      await client.end().catch(() => undefined)
    }
  })()
  return postgresChecked
}

async function dropSchema(url: string, schema: string): Promise<void> {
  // pg is the server package's dependency, not the workspace root's.
  const pg = createRequire(fileURLToPath(new URL('../packages/server/package.json', import.meta.url)))('pg') as PgModule
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
}

/** A line `cpu` on stdin: the process's CPU time so far (ms), as one JSON line. */
function answerCpuLines(): void {
  createInterface({ input: process.stdin }).on('line', (l) => {
    if (l.trim() === 'cpu') {
      const { user, system } = process.cpuUsage()
      process.stdout.write(JSON.stringify({ cpuMs: (user + system) / 1000 }) + '\n')
    }
  })
}

/** The ob3 child: a service on a throw-away SQLite file (or PostgreSQL schema), one tenant, one issued credential. */
async function child(setup: ChildSetup): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const schema = `ob3_bench_${randomBytes(6).toString('hex')}`
  const server = await createServer({
    ...(setup.postgres === undefined ? { db: join(dir, 'ob3.db') } : { db: setup.postgres, postgresSchema: schema }),
    logLevel: 'silent', fetch: null, trustProxy: 1,
    ...(setup.limiter === 'default' ? {} : { rateLimitStore: setup.limiter.startsWith('database') ? 'database' as const : 'memory' as const }),
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
  const ready: ChildReady = { url: address, credential, unsigned, token: apiKey.token, statusListUrl, statusList }
  process.stdout.write(JSON.stringify(ready) + '\n')
  const stop = async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
    if (setup.postgres !== undefined) await dropSchema(setup.postgres, schema)
    process.exit(0)
  }
  answerCpuLines()
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
  process.once('SIGTERM', () => void stop())
}

/** A running child server. */
interface Service {
  proc: ChildProcess
  ready: ChildReady
  /** Its CPU time so far, in ms. */
  cpu(): Promise<number>
}

async function startProcess(args: string[]): Promise<Service> {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]()
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`the server exited (${String(code)}) before it was ready`))))
  exited.catch(() => undefined)
  const first = await Promise.race([lines.next(), exited])
  const cpu = async () => {
    proc.stdin!.write('cpu\n')
    return (JSON.parse((await lines.next()).value as string) as { cpuMs: number }).cpuMs
  }
  return { proc, ready: JSON.parse(first.value as string) as ChildReady, cpu }
}

/** Start an ob3 child service; its first line says it is ready. */
function startChild(setup: ChildSetup): Promise<Service> {
  return startProcess([...process.execArgv, fileURLToPath(import.meta.url), '--child', JSON.stringify(setup)])
}

/** Start the digitalbazaar VC-API server (plain JavaScript: no loader, nothing compiled). */
async function startDigitalbazaar(dir: string): Promise<Service> {
  const unsigned = await buildCredential({ award: benchAward('small'), issuer: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Northwind Educator Academy' } })
  const file = join(dir, 'unsigned.json')
  await writeFile(file, JSON.stringify(unsigned))
  return startProcess([fileURLToPath(new URL('./digitalbazaar-vc-api.mjs', import.meta.url)), file])
}

async function stopChild(proc: ChildProcess): Promise<void> {
  const exited = new Promise((r) => proc.once('exit', r))
  proc.stdin!.end()
  await exited
}

/** The load generator: node:http with keep-alive sockets (16, one per client). */
function createClient(base: string): { post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const { hostname, port } = new URL(base)
  return {
    post(path, body, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = request({ agent, hostname, port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', reject)
        })
        req.on('error', reject)
        req.end(body)
      })
    },
    close: () => agent.destroy(),
  }
}

interface Figures { label: string; requests: number; seconds: number; latencies: number[] }

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}

const perSecond = (f: Figures): number => f.requests / f.seconds

function row(f: Figures, first = 'work'): Record<string, string | number> {
  const sorted = [...f.latencies].sort((a, b) => a - b)
  return {
    [first]: f.label,
    'requests': f.requests,
    'per second': Math.round(perSecond(f)),
    'p50 ms': quantile(sorted, 0.5).toFixed(2),
    'p99 ms': quantile(sorted, 0.99).toFixed(2),
  }
}

/**
 * Run `one` up to `requests` times (or SECONDS), `concurrency` at a time, after a warm-up at the
 * same concurrency (then `warmedUp`).
 */
async function load(label: string, concurrency: number, one: () => Promise<void>, warmedUp?: () => Promise<void>, requests = REQUESTS): Promise<Figures> {
  let warm = 0
  await Promise.all(Array.from({ length: concurrency }, async () => { while (warm++ < WARM_UP) await one() }))
  await warmedUp?.()
  const latencies: number[] = []
  const deadline = performance.now() + SECONDS * 1000
  let started = 0
  const t0 = performance.now()
  const worker = async () => {
    while (started < requests && performance.now() < deadline) {
      started++
      const t = performance.now()
      await one()
      latencies.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { label, requests: latencies.length, seconds: (performance.now() - t0) / 1000, latencies }
}

/** Part 1: verify() in-process, then through the service one request at a time. */
async function httpCost(): Promise<void> {
  const service = await startChild({ limiter: 'none' })
  const { ready } = service
  const client = createClient(ready.url)
  try {
    // In-process: the same verify() the service runs, the status list served from memory.
    const fetchList = createResourceFetch({ resources: { [ready.statusListUrl as string]: ready.statusList as string } })
    const cache = createVerificationCache()
    const inProcess = await load('verify() in-process', 1, async () => {
      const report = await verify({ input: ready.credential, fetch: fetchList, allowPrivateNetwork: true, cache })
      if (!report.verified) throw new Error('the bench credential does not verify in-process')
    }, undefined, 1000)
    const body = JSON.stringify({ verifiableCredential: ready.credential })
    const sequential = await load('POST /credentials/verify, 1 at a time', 1, async () => {
      const res = await client.post('/credentials/verify', body)
      if (res.status !== 200 || !res.text.includes('"verified":true')) throw new Error(`POST /credentials/verify answered ${res.status}`)
    }, undefined, 1000)
    console.log(`ob3 service, the cost of HTTP — Node ${process.version}, loopback, service in a child process, 1,000 verifications each, load average ${load1()}`)
    console.table([inProcess, sequential].map((f) => row(f)))
    const p50 = (f: Figures) => quantile([...f.latencies].sort((a, b) => a - b), 0.5)
    console.log(`HTTP overhead per verification (p50, 1 at a time): ${(p50(sequential) - p50(inProcess)).toFixed(2)} ms`)
  } finally {
    client.close()
    await stopChild(service.proc)
  }
}

interface PhaseResult { figures: Figures; cpuMs: number; load: string }

/** 16 clients at a time on one endpoint of a running server; its CPU time over the measured part. */
async function phase(service: Service, label: string, kind: 'verify' | 'issue'): Promise<PhaseResult> {
  const { ready } = service
  const client = createClient(ready.url)
  const auth: Record<string, string> = ready.token === undefined ? {} : { authorization: `Bearer ${ready.token}` }
  const verifyBody = JSON.stringify({ verifiableCredential: ready.credential })
  // Each issue request a new credential id (the same id again would be answered as a replay).
  const [before, after] = JSON.stringify({ credential: { ...ready.unsigned, id: 'urn:uuid:@' } }).split('urn:uuid:@') as [string, string]
  let cpuBefore = 0
  try {
    const figures = await load(label, CONCURRENCY, kind === 'verify'
      ? async () => {
        const res = await client.post('/credentials/verify', verifyBody)
        if (res.status !== 200 || !res.text.includes('"verified":true')) throw new Error(`${label}: POST /credentials/verify answered ${res.status} ${res.text.slice(0, 300)}`)
      }
      : async () => {
        const res = await client.post('/credentials/issue', `${before}urn:uuid:${randomUUID()}${after}`, auth)
        if (res.status !== 201) throw new Error(`${label}: POST /credentials/issue answered ${res.status} ${res.text.slice(0, 300)}`)
      }, async () => { cpuBefore = await service.cpu() })
    const cpuMs = (await service.cpu()) - cpuBefore
    return { figures, cpuMs, load: load1() }
  } finally {
    client.close()
  }
}

/** Part 2: ob3 on SQLite and PostgreSQL, and the digitalbazaar server, at 16 concurrent clients. */
async function serviceLoad(): Promise<void> {
  const postgres = await postgresUrl()
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const results = new Map<string, PhaseResult>()
  const generatorCpu0 = process.cpuUsage()
  let generated = 0
  const servers: [string, () => Promise<Service>][] = [
    ['ob3, SQLite', () => startChild({ limiter: 'default' })],
    ['digitalbazaar', () => startDigitalbazaar(dir)],
    ...(postgres === undefined ? [] : [['ob3, PostgreSQL', () => startChild({ limiter: 'default', postgres })] as [string, () => Promise<Service>]]),
  ]
  try {
    for (const [name, start] of servers) {
      const service = await start()
      try {
        for (const kind of ['verify', 'issue'] as const) {
          const result = await phase(service, `${name}: ${kind}`, kind)
          generated += result.figures.requests + WARM_UP
          results.set(`${name}: ${kind}`, result)
        }
      } finally {
        await stopChild(service.proc)
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  const generator = process.cpuUsage(generatorCpu0)
  console.log(`\nservice load — ${CONCURRENCY} clients at a time on loopback, up to ${REQUESTS} requests per row (at most ${SECONDS} s) after ${WARM_UP} of warm-up; ` +
    `Node ${process.version}, ${availableParallelism()} cores shared with whatever else runs (see the load average of each row)`)
  console.table([...results.values()].map(({ figures, cpuMs, load }) => ({
    ...row(figures, 'server: request'),
    'server CPU ms/request': (cpuMs / figures.requests).toFixed(2),
    'load avg (1 min)': load,
  })))
  console.log('Each server is one Node process with one thread serving requests (ob3: Hono on @hono/node-server; digitalbazaar: node:http), in a child process of its own; ' +
    `the load generator (this process, node:http with keep-alive) used ${((generator.user + generator.system) / 1000 / Math.max(1, generated)).toFixed(2)} ms CPU per request on the same cores. ` +
    'ob3 runs with the rate limiter its database gets by default (SQLite: in memory; PostgreSQL: shared, batched) at a limit no client reaches, and logs silent. ' +
    'The rows ran one after the other, not at once: compare them with their load averages in mind. ' +
    'ob3 verify answers the full report and checks the credential\'s status list (served by the same process, read from its database at each request); ob3 issue checks the request, ' +
    'gives a status index, signs, and stores the credential and an audit event durably before answering (SQLite: WAL, synchronous FULL). ' +
    'The digitalbazaar server does less: it verifies the proof only (its credential has no status entry), and issue signs without any database.')
  if (postgres === undefined) console.log(`No PostgreSQL rows: ${postgresMissing}.`)

  const rate = (key: string) => { const r = results.get(key); return r === undefined ? undefined : perSecond(r.figures) }
  const cpuPer = (key: string) => { const r = results.get(key); return r === undefined ? undefined : r.cpuMs / r.figures.requests }
  const lines: string[] = []
  const verdict = (ok: boolean | undefined) => ok === undefined ? 'not measured' : ok ? 'MET' : 'not met'
  for (const kind of ['verify', 'issue'] as const) {
    const sqlite = rate(`ob3, SQLite: ${kind}`) as number
    lines.push(`${kind} on SQLite ≥ ${GOALS[kind]}/s: ${Math.round(sqlite)}/s — ${verdict(sqlite >= GOALS[kind])}`)
    recordGoal({ part: 'service', figure: `${kind}, 16 concurrent clients, one instance, SQLite (requests/s)`, goal: `≥ ${GOALS[kind]}/s`, measured: `${Math.round(sqlite)}/s`, met: sqlite >= GOALS[kind] })
    const pg = rate(`ob3, PostgreSQL: ${kind}`)
    if (pg !== undefined) {
      recordGoal({ part: 'service', figure: `${kind}, 16 concurrent clients, PostgreSQL: SQLite's requests/s ÷ PostgreSQL's (${Math.round(pg)}/s)`, goal: `≤ ${GOALS.postgresWithin}×`, measured: `${(sqlite / pg).toFixed(2)}×`, met: sqlite / pg <= GOALS.postgresWithin })
      lines.push(`${kind} on PostgreSQL ≥ ${GOALS[kind]}/s and within ${GOALS.postgresWithin}× of SQLite: ${Math.round(pg)}/s, SQLite ÷ PostgreSQL ${(sqlite / pg).toFixed(2)}× — ` +
        `${verdict(pg >= GOALS[kind] && sqlite / pg <= GOALS.postgresWithin)} (within ${GOALS.postgresWithin}×: ${verdict(sqlite / pg <= GOALS.postgresWithin)})`)
    } else lines.push(`${kind} on PostgreSQL: ${verdict(undefined)}`)
    const db = rate(`digitalbazaar: ${kind}`) as number
    const dbCpu = cpuPer(`digitalbazaar: ${kind}`) as number
    const obCpu = cpuPer(`ob3, SQLite: ${kind}`) as number
    lines.push(`${kind}, ob3 (SQLite) beside digitalbazaar: ${(sqlite / db).toFixed(2)}× the requests per second, ${(dbCpu / obCpu).toFixed(2)}× less server CPU per request (${obCpu.toFixed(2)} against ${dbCpu.toFixed(2)} ms)`)
  }
  console.log(`\nissue 15, the service's goals, from this run (16 concurrent clients, one instance):\n  ${lines.join('\n  ')}`)
  console.log('  (the shared rate limiter\'s database round trips: see "store calls" in the limiter table below)')
}

/** Part 3b: the limiter's cost on verify at 16 clients, per database and limiter. */
async function limiterPhases(): Promise<void> {
  const postgres = await postgresUrl()
  const rows: Record<string, string | number>[] = []
  for (const database of postgres === undefined ? ['sqlite'] : ['sqlite', 'postgres']) {
    for (const limiter of ['none', 'memory', 'database, per request', 'database'] as const) {
      const service = await startChild({ limiter, ...(database === 'postgres' && postgres !== undefined ? { postgres } : {}) })
      const client = createClient(service.ready.url)
      try {
        const body = JSON.stringify({ verifiableCredential: service.ready.credential })
        // 16 clients in turn (each its own address, as a trusted proxy says).
        let next = 0
        let cpuBefore = 0
        const figures = await load(`${database}, limiter: ${limiter}`, CONCURRENCY, async () => {
          const res = await client.post('/credentials/verify', body, { 'x-forwarded-for': `198.51.100.${1 + (next++ % 16)}` })
          if (res.status !== 200 || !res.text.includes('"verified":true')) throw new Error(`POST /credentials/verify answered ${res.status}`)
        }, async () => { cpuBefore = await service.cpu() }, LIMITER_REQUESTS)
        const cpuMs = (await service.cpu()) - cpuBefore
        rows.push({ ...row(figures, 'verification'), 'service CPU ms/request': (cpuMs / figures.requests).toFixed(2), 'load avg (1 min)': load1() })
      } finally {
        client.close()
        await stopChild(service.proc)
      }
    }
  }
  console.log(`\nthe verify rate limiter's cost — 16 clients at a time, ${LIMITER_REQUESTS} requests per row (at most ${SECONDS} s)` +
    (postgres === undefined ? ` (SQLite only: ${postgresMissing})` : ''))
  console.table(rows)
}

/**
 * The shared limiter alone, in this process: TAKES takes (or SECONDS) by 16 clients, 16 at a time, answered
 * with a query each (`rateLimitFlushMs: 0`) or from local copies flushed every 250 ms; the store
 * calls are counted.
 */
async function limiterAlone(): Promise<void> {
  const TAKES = 20_000
  const { openSqliteStore } = await import('@ob3/issuer/node')
  const { openServerStore } = await import('../packages/server/src/store/open-server-store.js')
  const { createStoreRateLimiter, createStrictStoreRateLimiter } = await import('../packages/server/src/lib/rate-limit.js')
  const postgres = await postgresUrl()
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const rows: Record<string, string | number>[] = []
  const batchedCalls: number[] = []
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
          const deadline = t0 + SECONDS * 1000
          let taken = 0
          await Promise.all(Array.from({ length: 16 }, async () => {
            while (next < TAKES && performance.now() < deadline) {
              const client = `198.51.100.${1 + (next++ % 16)}`
              if ((await limiter.take(client)) !== 0) throw new Error('the bench limit refused a take')
              taken++
            }
          }))
          const seconds = (performance.now() - t0) / 1000
          const cpu = process.cpuUsage(cpu0)
          await batched?.close()
          rows.push({
            'limiter': `${database}, ${mode}`,
            'takes': taken,
            'takes per second': Math.round(taken / seconds),
            'CPU µs/take': (((cpu.user + cpu.system) / taken)).toFixed(1),
            'store calls': calls,
            'store calls per take': (calls / taken).toFixed(4),
          })
          if (mode === 'batched') batchedCalls.push(calls / taken)
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
  console.log(`\nthe shared rate limiter alone — up to ${TAKES} takes (at most ${SECONDS} s) by 16 clients, 16 at a time, in one process (CPU: this process; PostgreSQL's own work is not in it), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.table(rows)
  const worst = Math.max(...batchedCalls)
  recordGoal({ part: 'service', figure: 'shared rate limiter: store calls per request, batched', goal: 'no database round trip per request', measured: worst.toFixed(4), met: worst < 0.01 })
  console.log(`issue 15, the shared rate limiter costs no database round trip per request: at most ${worst.toFixed(4)} store calls per take batched — ${worst < 0.01 ? 'MET' : 'not met'}`)
}

if (process.argv.includes('--child')) await child(JSON.parse(process.argv[process.argv.indexOf('--child') + 1] ?? '{"limiter":"none"}') as ChildSetup)
else {
  const only = process.env.BENCH_SERVER_ONLY
  if (only === undefined || only === '') await httpCost()
  if (only !== 'limiter') await serviceLoad()
  if (only !== 'load') {
    await limiterAlone()
    await limiterPhases()
  }
}
