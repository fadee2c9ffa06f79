#!/usr/bin/env node
// `pnpm ob3 …` in the repository: runs the built command (packages/cli/dist/bin.js) when every
// package is built and its build is newer than its sources; otherwise the TypeScript sources
// through tsx, as in development. OB3_FROM_SOURCE=1 always takes the sources.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const PACKAGES = ['core', 'issuer', 'wallet', 'verifier', 'server', 'cli']

/** The newest modification time under a folder (0 for none). */
function newest(dir) {
  let max = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) max = Math.max(max, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs)
  }
  return max
}

function builtIsFresh() {
  if (process.env.OB3_FROM_SOURCE === '1') return false
  for (const name of PACKAGES) {
    const built = join(root, 'packages', name, 'dist', 'index.js')
    if (!existsSync(built)) return false
    const src = join(root, 'packages', name, 'src')
    const page = join(root, 'packages', name, 'page')
    const sources = Math.max(newest(src), existsSync(page) ? newest(page) : 0, statSync(join(root, 'packages', name, 'package.json')).mtimeMs)
    if (sources > statSync(built).mtimeMs) return false
  }
  // `ob3 verify` is built with its own copy of @ob3/verifier and @ob3/core (packages/cli/tsup.config.ts):
  // it is fresh only when built after them.
  const verifyBuild = join(root, 'packages', 'cli', 'dist', 'verify-command.js')
  if (!existsSync(verifyBuild)) return false
  for (const name of ['core', 'verifier']) {
    if (statSync(join(root, 'packages', name, 'dist', 'index.js')).mtimeMs > statSync(verifyBuild).mtimeMs) return false
  }
  return existsSync(join(root, 'packages', 'cli', 'dist', 'bin.js'))
}

if (builtIsFresh()) {
  await import(pathToFileURL(join(root, 'packages', 'cli', 'dist', 'bin.js')).href)
} else {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(root, 'packages', 'cli', 'src', 'bin.ts'), ...process.argv.slice(2)], { stdio: 'inherit' })
  const forward = (signal) => child.kill(signal)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward)
  child.on('exit', (code, signal) => {
    if (signal === null) process.exitCode = code ?? 1
    else {
      // End as the child did, by the same signal.
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward)
      process.kill(process.pid, signal)
    }
  })
}
