// pnpm bench, whole processes: the built `ob3` command beside a script on the digitalbazaar stack
// (bench/digitalbazaar-verify.mjs) doing the same work — start-up (`--version`), one credential,
// and a folder of 5,000 (ob3 on one thread, --jobs 1, and as it runs by default, a worker thread
// per core) — each timed from outside by /usr/bin/time (wall clock, user + system CPU, peak RSS).
// Rounds alternate between the two commands; each figure is the median of the rounds, with the
// 1-minute load average of the machine before and after them. Issue 15's goals: 5,000 files at
// least 8 times the script, one file no slower than it.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEd25519Signer, ed25519KeyFromSeed } from '@ob3/core'
import { buildCredential, issueCredential } from '@ob3/issuer'
import { PARALLEL_FROM } from '../packages/cli/src/commands/verify.js'
import { benchAward } from './fixtures.js'
import { recordGoal } from './goals.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 5)
const FOLDER_COUNT = Number(process.env.BENCH_CLI_FILES ?? 5000)
const FOLDER_ROUNDS = Number(process.env.BENCH_CLI_FOLDER_ROUNDS ?? 1)

const bin = join(root, 'packages/cli/dist/bin.js')
const script = join(root, 'bench/digitalbazaar-verify.mjs')
const oneFileBuild = join(root, 'packages/cli/dist/verify-command.js')
const newestSource = Math.max(...['main.ts', 'commands/verify.ts', 'verify-pool.ts', 'verify-worker.ts'].map((f) => statSync(join(root, 'packages/cli/src', f)).mtimeMs))
if (!existsSync(bin) || !existsSync(oneFileBuild) || statSync(oneFileBuild).mtimeMs < newestSource) {
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

/** The measured medians of one comparison, and the load around them. */
interface Compared {
  row: Record<string, string>
  ob3: { wallMs: number; cpuMs: number }
  digitalbazaar?: { wallMs: number; cpuMs: number }
}

const load = (): string => loadavg()[0]?.toFixed(2) ?? '?'

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

/**
 * Alternate rounds of ob3 (each of its variants) and the script; medians of wall, CPU and RSS,
 * and the load before and after. One row per ob3 variant, each against the same script runs.
 */
function compare(names: string[], rounds: number, ob3Args: string[][], dbArgs: string[] | undefined, expectStatus: number): Compared[] {
  const a: Run[][] = ob3Args.map(() => [])
  const b: Run[] = []
  const loadBefore = load()
  for (let i = 0; i < rounds; i++) {
    ob3Args.forEach((args, k) => a[k]?.push(timed(args)))
    if (dbArgs !== undefined) b.push(timed(dbArgs))
  }
  const loadAfter = load()
  for (const run of [...a.flat(), ...b]) {
    if (run.status !== expectStatus) throw new Error(`${names.join(', ')}: a command exited ${run.status}, expected ${expectStatus}`)
  }
  const m = (runs: Run[], k: keyof Run) => median(runs.map((r) => r[k]))
  return a.map((runs, k) => {
    const row: Record<string, string> = {
      work: names[k] as string,
      'load 1 min (before → after)': `${loadBefore} → ${loadAfter}`,
      'ob3 wall': `${m(runs, 'wallMs').toFixed(0)} ms`,
      'ob3 CPU': `${m(runs, 'cpuMs').toFixed(0)} ms`,
      'ob3 RSS': `${m(runs, 'rssMb').toFixed(0)} MB`,
    }
    const compared: Compared = { row, ob3: { wallMs: m(runs, 'wallMs'), cpuMs: m(runs, 'cpuMs') } }
    if (b.length > 0) {
      row['digitalbazaar wall'] = `${m(b, 'wallMs').toFixed(0)} ms`
      row['digitalbazaar CPU'] = `${m(b, 'cpuMs').toFixed(0)} ms`
      row['digitalbazaar RSS'] = `${m(b, 'rssMb').toFixed(0)} MB`
      row['wall ratio'] = `${(m(b, 'wallMs') / m(runs, 'wallMs')).toFixed(2)}×`
      row['CPU ratio'] = `${(m(b, 'cpuMs') / m(runs, 'cpuMs')).toFixed(2)}×`
      compared.digitalbazaar = { wallMs: m(b, 'wallMs'), cpuMs: m(b, 'cpuMs') }
    }
    return compared
  })
}

/** Whether a goal (a ratio at least `goal`) is met, in wall time and in CPU time, from the figures measured. */
function goalLine(what: string, c: Compared, goal: number): string {
  if (c.digitalbazaar === undefined) return `${what}: not compared`
  const wall = c.digitalbazaar.wallMs / c.ob3.wallMs
  const cpu = c.digitalbazaar.cpuMs / c.ob3.cpuMs
  const mark = (r: number) => `${r.toFixed(2)}× ${r >= goal ? 'met' : 'NOT met'}`
  recordGoal({ part: 'CLI', figure: `${what}: digitalbazaar script's wall time ÷ ob3's (CPU ${cpu.toFixed(2)}×)`, goal: goal === 1 ? '≥ 1× (no slower)' : `≥ ${goal}×`, measured: `${wall.toFixed(2)}×`, met: wall >= goal })
  return `${what} (goal ≥ ${goal}×): wall ${mark(wall)}, CPU ${mark(cpu)}`
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
  const cores = availableParallelism()
  // What `--jobs auto` does with this folder: a thread per core once there are PARALLEL_FROM inputs.
  const autoThreads = FOLDER_COUNT >= PARALLEL_FROM ? cores : 1
  const [startup] = compare(['ob3 --version (start-up)'], ROUNDS, [[bin, '--version']], undefined, 0) as [Compared]
  const [single] = compare([`verify one credential (${(bytes.length / 1024).toFixed(1)} KB)`], ROUNDS, [[bin, ...verifyArgs, one]], [script, one], 0) as [Compared]
  const count = FOLDER_COUNT.toLocaleString('en')
  const [folderAuto, folderOne] = compare(
    [`verify a folder of ${count}, ob3 as by default (--jobs auto: ${autoThreads} thread${autoThreads === 1 ? '' : 's'})`, `verify a folder of ${count}, ob3 --jobs 1`],
    FOLDER_ROUNDS,
    [[bin, ...verifyArgs, folder], [bin, ...verifyArgs, '--jobs', '1', folder]],
    [script, folder],
    0,
  ) as [Compared, Compared]
  console.log(`\nob3 bench, whole processes — Node ${process.version}, ${cores} cores available (os.availableParallelism); the built ob3 (packages/cli/dist/bin.js) and bench/digitalbazaar-verify.mjs (@digitalbazaar/vc, eddsa-rdfc-2022, one thread: it has no parallel mode); median of ${ROUNDS} alternating rounds (${FOLDER_ROUNDS} for the folder, both ob3 rows against the same script runs); wall and CPU (user + system) from /usr/bin/time. Other work on the machine counts in wall time, much less in CPU time: the load average is beside each row. ob3 on several threads spends more CPU than on one (each thread starts its own verifier) to finish sooner.`)
  console.table([startup, single, folderAuto, folderOne].map((c) => c.row))
  console.log(goalLine(`one credential, whole process`, single, 1))
  console.log(goalLine(`${FOLDER_COUNT.toLocaleString('en')} files, whole process, ob3 by default (${autoThreads} thread${autoThreads === 1 ? '' : 's'})`, folderAuto, 8))
  console.log(goalLine(`${FOLDER_COUNT.toLocaleString('en')} files, whole process, ob3 --jobs 1`, folderOne, 8))
} finally {
  rmSync(work, { recursive: true, force: true })
}
