// pnpm bench (server part): verification through the HTTP service beside verify() in-process,
// on the same credential, so that the cost of HTTP (parsing, JSON, the socket, the event loop)
// is visible. The service runs in a child process (so the load generator does not share its
// event loop); the load is a bounded loop of Node's fetch on loopback that stops by itself:
// BENCH_SERVER_REQUESTS requests per phase (default 1,000), or BENCH_SERVER_SECONDS (default
// 20 s) per phase, whichever ends first.
//
//   node --conditions=source --import tsx bench/server-load.ts
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

/** The child: a service on a throw-away SQLite file, one tenant, one issued credential. */
async function child(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-bench-'))
  const server = await createServer({ db: join(dir, 'ob3.db'), logLevel: 'silent', fetch: null, rateLimits: { verify: false, shareDownload: false, shareUpload: false } })
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
    process.exit(0)
  }
  process.stdin.on('end', () => void stop())
  process.stdin.resume()
  process.once('SIGTERM', () => void stop())
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

/** Run `one` up to REQUESTS times (or SECONDS), `concurrency` at a time. */
async function load(label: string, concurrency: number, one: () => Promise<void>): Promise<Figures> {
  for (let i = 0; i < WARM_UP; i++) await one()
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
  const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout }).once('line', resolve)
    proc.once('exit', (code) => reject(new Error(`the service exited (${String(code)}) before it was ready`)))
  })
  const ready = JSON.parse(line) as ChildReady
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
    proc.stdin.end()
    await new Promise((r) => proc.once('exit', r))
  }
}

if (process.argv.includes('--child')) await child()
else await parent()
