// A TypeScript script the tests run as a child process many times (a process to kill, a writer
// racing another), bundled once into plain JavaScript so that each start is node alone instead
// of node compiling TypeScript through tsx: the same code, started in a fraction of the time.
// The script and every @ob3/* package it imports (their sources, by the `source` condition) go
// into the bundle; every other package stays outside it, imported by its absolute path in this
// checkout's node_modules, exactly the files tsx would have loaded.
import { mkdtemp, rm } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
const dirs: string[] = []

/**
 * Bundle `entry` (a .ts file) into a temporary `.mjs` and return its path; run it with
 * `node <path> …`. Call {@link removeBundles} when done (e.g. in `afterAll`).
 * @throws Error when esbuild cannot bundle it
 */
export async function bundleScript(entry: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-script-'))
  dirs.push(dir)
  const outfile = join(dir, basename(entry).replace(/\.ts$/, '.mjs'))
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    logLevel: 'silent',
    plugins: [{
      name: 'other-packages-by-path',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (builtins.has(args.path)) return { path: args.path, external: true }
          if (args.path.startsWith('@ob3/') || args.pluginData === 'resolving') return undefined
          const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' })
          if (found.errors.length > 0) return { errors: found.errors }
          return { path: pathToFileURL(found.path).href, external: true }
        })
      },
    }],
  })
  return outfile
}

/** Remove every bundle {@link bundleScript} made in this process. */
export async function removeBundles(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
}
