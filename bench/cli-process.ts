// pnpm bench, whole processes: the built `ob3` command beside a script on the digitalbazaar stack
// (bench/digitalbazaar-verify.mjs) doing the same work — start-up (`--version`), one credential,
// and a folder of 5,000 — each timed from outside by /usr/bin/time (wall clock, user + system CPU,
// peak RSS). Rounds alternate between the two commands; each figure is the median of the rounds.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { buildCredential, issueCredential } from '@ob3/issuer'
import { benchAward } from './fixtures.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 5)
const FOLDER_COUNT = Number(process.env.BENCH_CLI_FILES ?? 5000)
const FOLDER_ROUNDS = Number(process.env.BENCH_CLI_FOLDER_ROUNDS ?? 1)

const bin = join(root, 'packages/cli/dist/bin.js')
const script = join(root, 'bench/digitalbazaar-verify.mjs')
if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(join(root, 'packages/cli/src/main.ts')).mtimeMs) {
  console.log('cli-process: building the packages first (pnpm build)')
  const build = spawnSync('pnpm', ['build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (build.status !== 0) throw new Error('pnpm build failed')
}

interface Run {
  wallMs: number
  cpuMs: number
  rssMb: number
  status: number
}

/** One whole process, timed by /usr/bin/time (its own line on stderr: wall s, user s, sys s, max RSS KB). */
function timed(args: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'OB3TIME %e %U %S %M', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
  const line = r.stderr.split('\n').find((l) => l.startsWith('OB3TIME '))
  if (line === undefined) throw new Error(`no timing from /usr/bin/time for ${args.join(' ')}: ${r.stderr.slice(0, 500)}`)
  const [wall, user, sys, rss] = line.slice('OB3TIME '.length).split(' ').map(Number) as [number, number, number, number]
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, rssMb: rss / 1024, status: r.status ?? -1 }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** Alternate rounds of the two commands; medians of wall, CPU and RSS. */
function compare(name: string, rounds: number, ob3Args: string[], dbArgs: string[] | undefined, expectStatus: number): Record<string, string> {
  const a: Run[] = []
  const b: Run[] = []
  for (let i = 0; i < rounds; i++) {
    a.push(timed(ob3Args))
    if (dbArgs !== undefined) b.push(timed(dbArgs))
  }
  for (const run of [...a, ...b]) {
    if (run.status !== expectStatus) throw new Error(`${name}: a command exited ${run.status}, expected ${expectStatus}`)
  }
  const m = (runs: Run[], k: keyof Run) => median(runs.map((r) => r[k]))
  const row: Record<string, string> = {
    work: name,
    'ob3 wall': `${m(a, 'wallMs').toFixed(0)} ms`,
    'ob3 CPU': `${m(a, 'cpuMs').toFixed(0)} ms`,
    'ob3 RSS': `${m(a, 'rssMb').toFixed(0)} MB`,
  }
  if (b.length > 0) {
    row['digitalbazaar wall'] = `${m(b, 'wallMs').toFixed(0)} ms`
    row['digitalbazaar CPU'] = `${m(b, 'cpuMs').toFixed(0)} ms`
    row['digitalbazaar RSS'] = `${m(b, 'rssMb').toFixed(0)} MB`
    row['wall ratio'] = `${(m(b, 'wallMs') / m(a, 'wallMs')).toFixed(2)}×`
    row['CPU ratio'] = `${(m(b, 'cpuMs') / m(a, 'cpuMs')).toFixed(2)}×`
  }
  return row
}

const work = mkdtempSync(join(tmpdir(), 'ob3-bench-cli-'))
try {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
  const now = new Date('2026-03-01T00:00:00Z')
  const credential = await buildCredential({ award: benchAward('small'), issuer: { id: key.controller, name: 'Northwind Educator Academy' }, now })
  delete (credential as Record<string, unknown>).credentialStatus
  const { credential: signed } = await issueCredential({ credential, signer: await createEd25519Signer(key), now })
  const bytes = JSON.stringify(signed, null, 2)
  const one = join(work, 'one.json')
  writeFileSync(one, bytes)
  const folder = join(work, 'credentials')
  for (let i = 0; i < FOLDER_COUNT; i++) {
    const sub = join(folder, String(Math.floor(i / 100)).padStart(3, '0'))
    if (i % 100 === 0) mkdirSync(sub, { recursive: true })
    writeFileSync(join(sub, `credential-${String(i).padStart(5, '0')}.json`), bytes)
  }
  const verifyArgs = ['verify', '--offline', '--now', now.toISOString(), '--jsonl']
  const rows = [
    compare('ob3 --version (start-up)', ROUNDS, [bin, '--version'], undefined, 0),
    compare(`verify one credential (${(bytes.length / 1024).toFixed(1)} KB)`, ROUNDS, [bin, ...verifyArgs, one], [script, one], 0),
    compare(`verify a folder of ${FOLDER_COUNT.toLocaleString('en')}`, FOLDER_ROUNDS, [bin, ...verifyArgs, folder], [script, folder], 0),
  ]
  console.log(`\nob3 bench, whole processes — Node ${process.version}; the built ob3 (packages/cli/dist/bin.js) and bench/digitalbazaar-verify.mjs (@digitalbazaar/vc, eddsa-rdfc-2022); median of ${ROUNDS} alternating rounds (${FOLDER_ROUNDS} for the folder); wall and CPU from /usr/bin/time; the machine's other load counts in wall time, less in CPU time`)
  console.table(rows)
} finally {
  rmSync(work, { recursive: true, force: true })
}
