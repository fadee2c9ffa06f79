#!/usr/bin/env node
// CI's mutation step (see test/mutation/README.md). The committed incremental results are the
// baseline. When no measured source file and no test file of the mutation run differs from what
// the baseline recorded, its score stands and Stryker does not run (it would re-test nothing,
// after minutes of setting up). Otherwise Stryker runs incrementally on the measured source files
// that changed (all measured files when only tests changed), re-testing only the mutants a change
// touched, and fails below the threshold. Source files the baseline does not hold yet are named,
// not run: measuring a file from scratch takes longer than CI's budget on a small machine, so it is
// done with `pnpm test:mutation` and the baseline committed.
// Usage: node test/mutation/ci.mjs [--dry]  (--dry: say what would run, run nothing)
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'))
const baselinePath = join(root, config.incrementalFile)
const threshold = config.thresholds.break

if (!existsSync(baselinePath)) {
  console.error(`mutation: no baseline at ${config.incrementalFile}: run pnpm test:mutation and commit it`)
  process.exit(1)
}
const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'))

/** Files under `dir` whose path matches a glob of the form `<dir>/**` + `/*.ts` or an exact path. */
function walk(dir) {
  const out = []
  for (const name of readdirSync(join(root, dir))) {
    const path = `${dir}/${name}`
    if (statSync(join(root, path)).isDirectory()) out.push(...walk(path))
    else if (name.endsWith('.ts')) out.push(path)
  }
  return out
}
const mutated = config.mutate.flatMap((glob) => (glob.endsWith('/**/*.ts') ? walk(glob.slice(0, -'/**/*.ts'.length)) : [glob])).sort()

const same = (path, recorded) => recorded !== undefined && existsSync(join(root, path)) && readFileSync(join(root, path), 'utf8') === recorded.source
const measured = mutated.filter((path) => path in baseline.files)
const notMeasured = mutated.filter((path) => !(path in baseline.files))
const changedSources = measured.filter((path) => !same(path, baseline.files[path]))
const removedSources = Object.keys(baseline.files).filter((path) => !mutated.includes(path))
if (notMeasured.length > 0) {
  console.log(`mutation: ${notMeasured.length} of ${mutated.length} mutated files are not in the baseline yet (pnpm test:mutation measures them): ${notMeasured.join(', ')}`)
}
const changedTests = Object.entries(baseline.testFiles ?? {}).filter(([path, file]) => !same(path, file)).map(([path]) => path)
const testGlobs = /^(packages\/(verifier|core)\/test\/.*\.test\.ts|packages\/wallet\/test\/(share-link|presentation-and-share|create-share)\.test\.ts)$/
const newTests = [...walk('packages/verifier/test'), ...walk('packages/core/test'), ...walk('packages/wallet/test')]
  .filter((p) => testGlobs.test(p) && !p.endsWith('/vectors-generator.test.ts') && !(p in (baseline.testFiles ?? {})))

/** The score of a report: detected ÷ (detected + survived + no coverage), in percent. */
function scoreOf(report, files = Object.keys(report.files)) {
  let detected = 0
  let undetected = 0
  for (const path of files) {
    for (const m of report.files[path]?.mutants ?? []) {
      if (m.status === 'Killed' || m.status === 'Timeout') detected++
      else if (m.status === 'Survived' || m.status === 'NoCoverage') undetected++
    }
  }
  return detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected)
}

if (changedSources.length === 0 && removedSources.length === 0 && changedTests.length === 0 && newTests.length === 0) {
  const score = scoreOf(baseline, measured)
  console.log(`mutation: nothing changed since the baseline; its score ${score.toFixed(2)}% on ${measured.length} files stands (threshold ${threshold}%)`)
  for (const path of measured) console.log(`mutation:   ${scoreOf(baseline, [path]).toFixed(2).padStart(6)}%  ${path}`)
  // Every mutant that survives in the baseline is killed by a test or given its reason.
  const listed = spawnSync(process.execPath, [join(root, 'test', 'mutation', 'survivors.mjs'), '--check'], { cwd: root, stdio: 'inherit' })
  process.exit(score >= threshold && listed.status === 0 ? 0 : 1)
}

const mutate = changedSources.length > 0 ? changedSources : measured
console.log(`mutation: changed since the baseline: ${[...changedSources, ...changedTests, ...newTests].join(', ') || removedSources.join(', ')}`)
console.log(`mutation: Stryker runs incrementally on ${mutate.join(', ')}`)
if (process.argv.includes('--dry')) process.exit(0)
// A copy of the baseline: a run over some files only must not overwrite the committed results.
const scratch = join(root, 'reports', 'mutation', 'ci-incremental.json')
mkdirSync(dirname(scratch), { recursive: true })
copyFileSync(baselinePath, scratch)
const started = Date.now()
const run = spawnSync('pnpm', ['exec', 'stryker', 'run', '--mutate', mutate.join(','), '--incrementalFile', relative(root, scratch)], { cwd: root, stdio: 'inherit' })
console.log(`mutation: Stryker took ${Math.round((Date.now() - started) / 1000)} s`)
process.exit(run.status ?? 1)
