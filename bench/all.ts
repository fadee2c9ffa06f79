// pnpm bench: every part in turn, each a process of its own, then the goals they measured in
// one table (bench/goals.ts). A part that fails ends the run with its exit code.
//
//   node --conditions=source --import tsx bench/all.ts [part …]   (parts: run server-load cli-process batch)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readGoals } from './goals.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const PARTS = ['run', 'server-load', 'cli-process', 'batch']
const chosen = process.argv.slice(2)
const parts = (chosen.length > 0 ? chosen : PARTS).filter((p) => existsSync(join(here, `${p}.ts`)))
const dir = mkdtempSync(join(tmpdir(), 'ob3-bench-'))
const goals = join(dir, 'goals.jsonl')
const started = new Date()
try {
  for (const part of parts) {
    console.log(`\n=== bench/${part}.ts ===`)
    const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(here, `${part}.ts`)], { stdio: 'inherit', env: { ...process.env, OB3_BENCH_GOALS: goals } })
    if (r.status !== 0) {
      console.error(`bench/${part}.ts failed (exit ${r.status ?? r.signal})`)
      process.exitCode = r.status ?? 1
      break
    }
  }
  const figures = readGoals(goals)
  if (figures.length > 0) {
    console.log(`\n=== goals (issue 15), measured in this run from ${started.toISOString()} on ${cpus().length} cores ===`)
    console.table(figures.map((g) => ({ part: g.part, figure: g.figure, goal: g.goal, measured: g.measured, met: g.met ? 'yes' : 'NO', 'load avg': g.load?.toFixed(1) ?? '' })))
    const missed = figures.filter((g) => !g.met).length
    console.log(missed === 0 ? `all ${figures.length} goals met` : `${missed} of ${figures.length} goals not met`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
