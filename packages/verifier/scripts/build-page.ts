/**
 * Build the verification page: bundle `page/page.ts` (and the verifier, `@ob3/core` and their
 * dependencies, resolved to their TypeScript source) for the browser with esbuild, minify the
 * CSS, and copy the HTML and the icon. Node built-ins are refused while bundling, and the bundle
 * is checked for `node:` imports afterwards: the page must run in a browser as it is.
 *
 * Run `node --conditions=source --import tsx packages/verifier/scripts/build-page.ts [outdir]`
 * to write `packages/verifier/dist/page/` (or `outdir`); import {@link buildPage} to build in memory.
 * @packageDocumentation
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as esbuild from 'esbuild'

/** The verifier package's directory. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Where the page's sources are. */
export const PAGE_SOURCE_DIR = join(PACKAGE_DIR, 'page')
/** Where `build-page.ts` writes the page by default. */
export const PAGE_OUT_DIR = join(PACKAGE_DIR, 'dist', 'page')

/** One file of the built page. */
export interface PageFile {
  /** Its name in the page's directory: `index.html`, `page.js`, `page.css`, `icon.svg`. */
  path: string
  body: Uint8Array
}

/** Options for {@link buildPage}. */
export interface BuildPageOptions {
  /** Minify the script and the CSS. Default true. */
  minify?: boolean
  /** Also write the files into this directory (emptied first). Default: build in memory only. */
  outdir?: string
}

/** Files copied as they are. */
const STATIC_FILES = ['index.html', 'icon.svg']

/**
 * Build the page and return its files (and write them when `outdir` is given).
 * @throws Error when bundling fails, a Node built-in is imported, or the bundle has a `node:` import
 * @example
 * ```ts
 * const files = await buildPage()              // in memory, for a server
 * await buildPage({ outdir: 'dist/page' })     // on disk
 * ```
 */
export async function buildPage(options: BuildPageOptions = {}): Promise<PageFile[]> {
  const minify = options.minify ?? true
  const result = await esbuild.build({
    entryPoints: { page: join(PAGE_SOURCE_DIR, 'page.ts') },
    absWorkingDir: PACKAGE_DIR,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    // Workspace packages resolve to their TypeScript source, dependencies to their browser builds.
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
    throw new Error(`the verification page does not build:\n${errors === undefined ? String(err) : errors.map(formatMessage).join('\n')}`, { cause: err })
  })
  const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports).filter((i) => i.external)
  if (external.length > 0) throw new Error(`the page bundle imports modules it does not contain: ${external.map((i) => i.path).join(', ')}`)
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))
  if (js === undefined) throw new Error('esbuild produced no page.js')
  assertNoNodeImports(js.text, 'page.js')

  const css = await esbuild.transform(await readFile(join(PAGE_SOURCE_DIR, 'page.css'), 'utf8'), { loader: 'css', minify, target: ['chrome111', 'firefox111', 'safari16.4'] })
  const files: PageFile[] = [
    { path: 'page.js', body: js.contents },
    { path: 'page.css', body: new TextEncoder().encode(css.code) },
  ]
  for (const name of STATIC_FILES) files.push({ path: name, body: new Uint8Array(await readFile(join(PAGE_SOURCE_DIR, name))) })
  if (options.outdir !== undefined) {
    await rm(options.outdir, { recursive: true, force: true })
    await mkdir(options.outdir, { recursive: true })
    for (const f of files) await writeFile(join(options.outdir, f.path), f.body)
  }
  return files
}

/**
 * Throw when bundled code still imports or requires a `node:` module.
 * @example `assertNoNodeImports(bundleText, 'page.js')`
 */
export function assertNoNodeImports(code: string, label: string): void {
  const found = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(["'`])node:[^"'`]*\1/.exec(code)
  if (found !== null) throw new Error(`${label} imports a Node built-in (${found[0]}): the page must run in a browser`)
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')))

/**
 * Fail loudly on a Node built-in: `node:*` always; a bare name (`fs`, `crypto`) unless a
 * package maps it to a browser stand-in through its `browser` field (esbuild resolves that).
 */
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
        return { errors: [{ text: `Node built-in "${args.path}" imported by ${relative(PACKAGE_DIR, args.importer)}: the verification page runs in a browser` }] }
      })
    },
  }
}

function formatMessage(m: esbuild.Message): string {
  const at = m.location === null ? '' : `${m.location.file}:${m.location.line}:${m.location.column}: `
  return `  ${at}${m.text}`
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outdir = resolve(process.argv[2] ?? PAGE_OUT_DIR)
  const started = performance.now()
  let files: PageFile[]
  try {
    files = await buildPage({ outdir })
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exit(1)
  }
  for (const f of files) process.stdout.write(`  ${relative(process.cwd(), join(outdir, f.path))}  ${(f.body.length / 1024).toFixed(1)} KiB\n`)
  process.stdout.write(`built the verification page in ${Math.round(performance.now() - started)} ms\n`)
}
