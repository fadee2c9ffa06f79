/**
 * Build the wallet app: bundle `app/app.ts` and the service worker `app/sw.ts` (with
 * `@ob3/wallet`, `@ob3/verifier`, `@ob3/core` and their dependencies, resolved to their
 * TypeScript source and browser builds) with esbuild, minify the CSS, copy the HTML, the icon and
 * the manifest. Node built-ins are refused while bundling, and the bundles are checked for `node:`
 * imports afterwards: the app runs in a browser as it is, with nothing from elsewhere.
 *
 * Run `node --conditions=source --import tsx packages/wallet-app/scripts/build-app.ts [outdir]`
 * to write `packages/wallet-app/dist/app/` (or `outdir`); import {@link buildApp} to build in memory.
 * @packageDocumentation
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'

/** The wallet-app package's directory. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Where the app's sources are. */
export const APP_SOURCE_DIR = join(PACKAGE_DIR, 'app')
/** Where `build-app.ts` writes the app by default. */
export const APP_OUT_DIR = join(PACKAGE_DIR, 'dist', 'app')

/** One file of the built app. */
export interface AppFile {
  /** Its name in the app's directory: `index.html`, `app.js`, `sw.js`, `app.css`, `icon.svg`, `manifest.webmanifest`. */
  path: string
  body: Uint8Array
}

/** Files copied as they are. */
export const STATIC_FILES = ['index.html', 'icon.svg', 'manifest.webmanifest']
/** Every file the app is made of. */
export const APP_FILES = ['index.html', 'app.js', 'sw.js', 'app.css', ...STATIC_FILES.slice(1)]

/**
 * Build the app and return its files (and write them when `outdir` is given).
 * @throws Error when bundling fails, a Node built-in is imported, or a bundle has a `node:` import
 * @example `const files = await buildApp({ minify: true })`
 */
export async function buildApp(options: { minify?: boolean; outdir?: string } = {}): Promise<AppFile[]> {
  const minify = options.minify ?? true
  const result = await esbuild.build({
    entryPoints: { app: join(APP_SOURCE_DIR, 'app.ts'), sw: join(APP_SOURCE_DIR, 'sw.ts') },
    absWorkingDir: PACKAGE_DIR,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    conditions: ['source', 'browser', 'import', 'default'],
    minify,
    legalComments: 'eof',
    charset: 'utf8',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
    plugins: [refuseNodeBuiltins()],
  }).catch((err: unknown) => {
    const errors = (err as { errors?: esbuild.Message[] }).errors
    throw new Error(`the wallet app does not build:\n${errors === undefined ? String(err) : errors.map((m) => `  ${m.location === null ? '' : `${m.location.file}:${m.location.line}: `}${m.text}`).join('\n')}`, { cause: err })
  })
  const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports).filter((i) => i.external)
  if (external.length > 0) throw new Error(`the app bundle imports modules it does not contain: ${external.map((i) => i.path).join(', ')}`)
  const files: AppFile[] = []
  for (const name of ['app.js', 'sw.js']) {
    const out = result.outputFiles.find((f) => f.path.endsWith(`/${name}`))
    if (out === undefined) throw new Error(`esbuild produced no ${name}`)
    const found = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(["'`])node:[^"'`]*\1/.exec(out.text)
    if (found !== null) throw new Error(`${name} imports a Node built-in (${found[0]}): the app must run in a browser`)
    files.push({ path: name, body: out.contents })
  }
  const css = await esbuild.transform(await readFile(join(APP_SOURCE_DIR, 'app.css'), 'utf8'), { loader: 'css', minify, target: ['chrome111', 'firefox111', 'safari16.4'] })
  files.push({ path: 'app.css', body: new TextEncoder().encode(css.code) })
  for (const name of STATIC_FILES) files.push({ path: name, body: new Uint8Array(await readFile(join(APP_SOURCE_DIR, name))) })
  if (options.outdir !== undefined) {
    await rm(options.outdir, { recursive: true, force: true })
    await mkdir(options.outdir, { recursive: true })
    for (const f of files) await writeFile(join(options.outdir, f.path), f.body)
  }
  return files
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')))

/** Fail on a Node built-in, unless a package maps a bare one to a browser stand-in (its `browser` field). */
function refuseNodeBuiltins(): esbuild.Plugin {
  return {
    name: 'ob3-refuse-node-builtins',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_][a-z0-9_/]*$/ }, async (args) => {
        if ((args.pluginData as { ob3Probe?: boolean } | undefined)?.ob3Probe === true) return undefined
        const prefixed = args.path.startsWith('node:')
        if (!prefixed && !BUILTINS.has(args.path) && !BUILTINS.has(args.path.split('/')[0] as string)) return undefined
        if (!prefixed) {
          const probe = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { ob3Probe: true } })
          if (probe.errors.length === 0 && !probe.external) return { path: probe.path, namespace: probe.namespace, sideEffects: probe.sideEffects }
        }
        return { errors: [{ text: `Node built-in "${args.path}" imported by ${relative(PACKAGE_DIR, args.importer)}: the wallet app runs in a browser` }] }
      })
    },
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outdir = resolve(process.argv[2] ?? APP_OUT_DIR)
  try {
    for (const f of await buildApp({ outdir })) process.stdout.write(`  ${relative(process.cwd(), join(outdir, f.path))}  ${(f.body.length / 1024).toFixed(1)} KiB\n`)
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exit(1)
  }
}
