#!/usr/bin/env node
// `pnpm test:mutation [file…] [stryker flags…]`: Stryker, incrementally from the committed baseline
// (test/mutation/stryker-incremental.json), on every mutated file or on the files given; then the
// results are merged into the baseline — the files this run measured replace their old entries,
// the others keep theirs — so a run on one file never drops what was measured of the rest.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'))
const baselinePath = join(root, config.incrementalFile)
const scratch = join(root, 'reports', 'mutation', 'incremental.json')

const args = process.argv.slice(2)
const files = args.filter((a) => !a.startsWith('-') && existsSync(join(root, a)))
const flags = args.filter((a) => !files.includes(a))

mkdirSync(dirname(scratch), { recursive: true })
rmSync(scratch, { force: true })
if (existsSync(baselinePath)) copyFileSync(baselinePath, scratch)
const strykerArgs = ['exec', 'stryker', 'run', '--incrementalFile', relative(root, scratch), ...(files.length > 0 ? ['--mutate', files.join(',')] : []), ...flags]
const started = Date.now()
const run = spawnSync('pnpm', strykerArgs, { cwd: root, stdio: 'inherit' })
console.log(`mutation: Stryker took ${Math.round((Date.now() - started) / 1000)} s`)

if (existsSync(scratch)) {
  const fresh = JSON.parse(readFileSync(scratch, 'utf8'))
  const old = existsSync(baselinePath) ? JSON.parse(readFileSync(baselinePath, 'utf8')) : { files: {}, testFiles: {} }
  // Only files still on the mutate list stay (a glob is matched by its folder prefix).
  const prefixes = config.mutate.map((glob) => glob.replace(/\*\*\/\*\.ts$/, ''))
  const kept = Object.fromEntries(Object.entries(old.files).filter(([path]) => prefixes.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))))
  // The test files are those of this run: every run starts by running all of them.
  const merged = { ...fresh, files: { ...kept, ...fresh.files } }
  writeFileSync(baselinePath, JSON.stringify(merged) + '\n')
  console.log(`mutation: ${Object.keys(fresh.files).length} files measured by this run merged into ${config.incrementalFile} (${Object.keys(merged.files).length} files in all)`)
}
process.exit(run.status ?? 1)
