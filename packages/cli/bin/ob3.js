#!/usr/bin/env node
// The `ob3` command: starts the built CLI (dist/bin.js). It is a file of its own so that the
// command exists as soon as the package is installed: in the repository, before `pnpm build`, it
// says what to do instead of failing to start.
try {
  await import('../dist/bin.js')
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/bin.js')) throw err
  process.stderr.write('ob3: the command is not built yet: run `pnpm build` (or `pnpm ob3 …`, which runs the sources)\n')
  process.exitCode = 2
}
