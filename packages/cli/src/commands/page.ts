import { existsSync } from 'node:fs'
import { readFile, realpath } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { TrustRegistry } from '@ob3/verifier'
import { UsageError, type CliIo } from '../io.js'
import { listenOnLoopback, parsePort, serveUntilStopped, type ServeHooks } from '../loopback-server.js'
import { readResourceFiles } from '../resources.js'
import { readTrustRegistry } from './verify.js'

export const PAGE_HELP = `ob3 page [--port N] [--allow-private-network] [--resources <map.json>] [--trust <registry.json>]...

Serves the verification page on this machine (127.0.0.1 only) and prints its address. Open a
share link there — the part from # on, after the printed address — or drop a badge file (JSON,
JWT, PNG, SVG) on the page. Everything is checked in the browser; the page fetches only a hosted
share's encrypted bundle and what verification needs (DID documents, status lists), https only.
--port: default 8080; 0 picks a free one. --allow-private-network lets the page fetch from
http:, loopback and private addresses (a local share host or status list, for testing).
--trust (repeatable) gives the page trust registries, as ob3 verify --trust reads them (JSON, or
a signed registry credential, verified first): the page says "on the <registry name>" for an
issuer or endorser a registry trusts, and never for one whose own key did not sign.
--resources maps URLs to local files, as for ob3 verify ({"https://…/status/3": "lists/3.json"},
paths relative to the map): the page reads those URLs from this server instead of the network.
Stops on Ctrl-C.`

/** One file of the page, ready to send. */
export interface PageAsset {
  body: Uint8Array
  contentType: string
}

/** The page's files by name (`index.html`, `page.js`, `page.css`, `icon.svg`). */
export type PageAssets = ReadonlyMap<string, PageAsset>

/** Options for {@link pageAssets}. */
export interface PageAssetsOptions {
  /**
   * `build`: bundle the page's sources now, in memory (needs a source checkout and esbuild);
   * `dist`: read the files `build:page` wrote to `@ob3/verifier`'s `dist/page/`;
   * `auto` (default): `build` when the sources are there, else `dist`.
   */
  from?: 'auto' | 'build' | 'dist'
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
}

/** What the build script of `@ob3/verifier` exports (imported by path: it is tooling, not the package's API). */
interface BuildPageModule {
  buildPage: (options?: { minify?: boolean }) => Promise<{ path: string; body: Uint8Array }[]>
}

/**
 * The verification page's files: built now from `@ob3/verifier`'s sources (in a checkout), or
 * read from its `dist/page/`. Loaded once per process: later calls with the same `from` share the
 * first one's files.
 * @throws Error when neither is available, or the build fails
 * @example `const assets = await pageAssets() // Map { 'index.html' => { body, contentType }, … }`
 */
export async function pageAssets(options: PageAssetsOptions = {}): Promise<PageAssets> {
  const from = options.from ?? 'auto'
  // One build (or read) per process and source: every page handler of a process shares it.
  let loading = loadedPages.get(from)
  if (loading === undefined) {
    loading = loadPageAssets(from)
    loadedPages.set(from, loading)
    loading.catch(() => loadedPages.delete(from))
  }
  return loading
}

/** The page's files, by name. */
const PAGE_FILES = ['index.html', 'page.js', 'page.css', 'icon.svg']
const loadedPages = new Map<string, Promise<PageAssets>>()

async function loadPageAssets(from: 'auto' | 'build' | 'dist'): Promise<PageAssets> {
  const root = await verifierPackageDir()
  const script = join(root, 'scripts', 'build-page.ts')
  let files: { path: string; body: Uint8Array }[] | undefined
  if (from === 'build' || (from === 'auto' && existsSync(script) && existsSync(join(root, 'page', 'page.ts')))) {
    let build: BuildPageModule | undefined
    try {
      build = (await import(pathToFileURL(script).href)) as BuildPageModule
    } catch (err) {
      // A compiled CLI run by plain node cannot load the TypeScript build script: use dist/page.
      if (from === 'build') throw err
    }
    if (build !== undefined) files = await build.buildPage()
  }
  if (files === undefined) {
    const dir = join(root, 'dist', 'page')
    if (!existsSync(join(dir, 'index.html'))) throw new Error(`the verification page is not built: ${dir} has no index.html (run pnpm --filter @ob3/verifier build:page)`)
    files = []
    for (const name of PAGE_FILES) files.push({ path: name, body: new Uint8Array(await readFile(join(dir, name))) })
  }
  return new Map(files.map((f) => [f.path, { body: f.body, contentType: CONTENT_TYPES[extname(f.path)] ?? 'application/octet-stream' }]))
}

/** Options for {@link pageContentSecurityPolicy} and {@link createPageHandler}. */
export interface PagePolicyOptions {
  /**
   * Let the page fetch share bundles, status lists and DID documents from `http:`, loopback and
   * private addresses (a local test server, an intranet share host). Default false: https only,
   * and the verifier's safe fetch refuses local and private addresses.
   */
  allowPrivateNetwork?: boolean
}

/**
 * The Content-Security-Policy the page is served with: its own script, style and images
 * (plus `data:` badge images and `blob:` previews of shared files) and nothing from elsewhere;
 * `connect-src` open to `https:` (hosted bundles, status lists, did:web documents), and to
 * `http:` too with `allowPrivateNetwork`.
 * @example `res.setHeader('content-security-policy', pageContentSecurityPolicy({}))`
 */
export function pageContentSecurityPolicy(options: PagePolicyOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' https:${options.allowPrivateNetwork === true ? ' http:' : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Options for {@link createPageHandler} and {@link createNodePageHandler}. */
export interface CreatePageHandlerOptions extends PagePolicyOptions {
  /**
   * The page's files, or what loads them. Default: {@link pageAssets}. {@link createPageHandler}
   * loads them at the first request for one of them; {@link createNodePageHandler} at once.
   */
  assets?: PageAssets | (() => Promise<PageAssets>)
  /**
   * Trust registries for the page (already read and checked, e.g. with `loadTrustRegistry`): served
   * as `trust-registries.json` next to the page (`{"registries": [...]}`), which the page reads
   * from its own origin and passes to `verify`. It then says "on the <registry name>" for an issuer
   * or endorser a registry trusts whose own key signed. Default: none.
   */
  trustRegistries?: readonly TrustRegistry[]
  /** Where the page is mounted, ending in `/`. Default `/`: `GET /` is the page, `/page.js` its script, … */
  basePath?: string
  /**
   * URLs the page reads from this server instead of the network (`ob3 page --resources`): status
   * lists, hosted share bundles, DID documents. Served at `<basePath>resources/<n>`, listed in
   * `<basePath>resources.json` (`{url: path}`), which the page finds through its
   * `ob3-resources` meta tag. Default: none.
   */
  resources?: ReadonlyMap<string, Uint8Array>
}

/**
 * Answers a request for the page with a Response, or undefined when the request is not the
 * page's — the shape `@ob3/server`'s `createServer({ pageHandler })` takes.
 */
export type PageFetchHandler = (request: Request) => Promise<Response | undefined>

/** For node:http: answers a request for the page and returns true, or leaves it alone (false). */
export type NodePageHandler = (req: IncomingMessage, res: ServerResponse) => boolean

/** What the page answers to one request. */
interface PageAnswer {
  status: number
  headers: Record<string, string>
  body: Uint8Array | undefined
}

/** Where, next to the page, its trust registries are served. */
export const TRUST_REGISTRIES_FILE = 'trust-registries.json'

/**
 * The verification page as a fetch-style handler: `GET`/`HEAD` of `basePath` (or
 * `basePath` + `index.html`) is the page; `page.js`, `page.css` and `icon.svg` its files (and
 * `trust-registries.json` with `trustRegistries`), each
 * with its content type, the page's Content-Security-Policy, `no-referrer`, `nosniff` and
 * `no-cache`. Any other path is not the page's (undefined: the server answers 404); another
 * method on a page path is 405. No directory listing, no file system access per request.
 * Unless `assets` is the files themselves, they are loaded at the first request for one of them,
 * not before; when they cannot be, that request is answered 503 with the reason.
 * @example
 * ```ts
 * const server = createServer({ store, pageHandler: await createPageHandler() }) // @ob3/server
 * ```
 */
export async function createPageHandler(options: CreatePageHandlerOptions = {}): Promise<PageFetchHandler> {
  const respond = pageResponder(options)
  const base = options.basePath ?? '/'
  // Without given assets the page's files are read (or, in a checkout, bundled) at the first
  // request for one of them: a service nobody asks for its page never builds it.
  const given = options.assets
  const load = typeof given === 'function' ? given : (): Promise<PageAssets> => pageAssets()
  let answer: Promise<(method: string, path: string) => PageAnswer | undefined> | undefined = given === undefined || typeof given === 'function' ? undefined : Promise.resolve(respond(given))
  const pagePath = (path: string): boolean =>
    path === base || path === base.slice(0, -1) || (path.startsWith(base) && (PAGE_FILES.includes(path.slice(base.length)) || path.slice(base.length) === TRUST_REGISTRIES_FILE || path.slice(base.length).startsWith('resources')))
  return async (request) => {
    const path = new URL(request.url).pathname
    if (answer === undefined && !pagePath(path)) return undefined
    answer ??= load().then(respond)
    let found: PageAnswer | undefined
    try {
      found = (await answer)(request.method, path)
    } catch (err) {
      answer = undefined // the next request tries again
      return new Response(`the verification page is not available: ${err instanceof Error ? err.message : String(err)}\n`, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
    }
    if (found === undefined) return undefined
    return new Response(found.body === undefined ? null : (found.body as Uint8Array<ArrayBuffer>), { status: found.status, headers: found.headers })
  }
}

/**
 * The verification page as a node:http handler (what `ob3 page` serves); the same answers as
 * {@link createPageHandler}.
 * @example
 * ```ts
 * const page = await createNodePageHandler()
 * http.createServer((req, res) => {
 *   if (!page(req, res)) res.writeHead(404).end()
 * }).listen(8080, '127.0.0.1')
 * ```
 */
export async function createNodePageHandler(options: CreatePageHandlerOptions = {}): Promise<NodePageHandler> {
  const respond = pageResponder(options)
  const given = options.assets
  const answer = respond(given === undefined ? await pageAssets() : typeof given === 'function' ? await given() : given)
  return (req, res) => {
    const path = pathOf(req.url)
    const found = path === undefined ? undefined : answer(req.method ?? 'GET', path)
    if (found === undefined) return false
    res.writeHead(found.status, found.headers)
    res.end(found.body)
    return true
  }
}

/** Checks the options now; given the page's files, makes the function that answers a request. */
function pageResponder(options: CreatePageHandlerOptions): (assets: PageAssets) => (method: string, path: string) => PageAnswer | undefined {
  const base = options.basePath ?? '/'
  if (!base.startsWith('/') || !base.endsWith('/')) throw new TypeError('createPageHandler: basePath must start and end with /')
  const allowPrivate = options.allowPrivateNetwork === true
  const csp = pageContentSecurityPolicy(options)
  const registries = options.trustRegistries ?? []
  if (!Array.isArray(registries) || registries.some((r) => typeof r?.name !== 'string' || !Array.isArray(r.entries))) throw new TypeError('createPageHandler: trustRegistries must be trust registries ({ name, entries })')
  const served = [...(options.resources ?? new Map<string, Uint8Array>())]
  const hasResources = served.length > 0
  const headersFor = (asset: PageAsset): Record<string, string> => ({
    'content-type': asset.contentType,
    'content-length': String(asset.body.length),
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cache-control': 'no-cache',
  })

  return (assets) => {
    const routes = new Map<string, PageAsset>()
    for (const [name, asset] of assets) routes.set(base + name, name === 'index.html' ? { ...asset, body: configureHtml(asset.body, allowPrivate, registries.length > 0, hasResources ? `${base}resources.json` : undefined) } : asset)
    if (registries.length > 0) {
      const json = JSON.stringify({ registries: registries.map((r) => ({ name: r.name, entries: r.entries })) })
      routes.set(base + TRUST_REGISTRIES_FILE, { body: new TextEncoder().encode(json), contentType: CONTENT_TYPES['.json'] as string })
    }
    if (hasResources) {
      const index: Record<string, string> = {}
      served.forEach(([url, body], n) => {
        index[url] = `${base}resources/${n}`
        routes.set(index[url], { body, contentType: guessContentType(body) })
      })
      routes.set(`${base}resources.json`, { body: new TextEncoder().encode(JSON.stringify(index)), contentType: CONTENT_TYPES['.json'] as string })
    }
    const index = routes.get(`${base}index.html`)
    if (index === undefined) throw new TypeError('createPageHandler: the assets have no index.html')
    routes.set(base, index)

    return (method, path) => {
      if (base !== '/' && path === base.slice(0, -1)) return { status: 308, headers: { location: base }, body: undefined }
      const asset = routes.get(path)
      if (asset === undefined) return undefined
      if (method !== 'GET' && method !== 'HEAD') {
        return { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, body: new TextEncoder().encode('method not allowed\n') }
      }
      return { status: 200, headers: headersFor(asset), body: method === 'HEAD' ? undefined : asset.body }
    }
  }
}

/**
 * Read the `--trust` registries of `ob3 page` and `ob3 serve` (each as `ob3 verify --trust` reads one).
 * @throws UsageError naming a file that cannot be read or is not a valid registry
 */
export async function readPageRegistries(paths: readonly string[], io: CliIo): Promise<TrustRegistry[]> {
  const out: TrustRegistry[] = []
  for (const path of paths) out.push(await readTrustRegistry(path, io, io.fetch))
  return out
}

/**
 * `ob3 page [--port N] [--allow-private-network] [--resources <map.json>] [--trust <registry>]...`:
 * serve the verification page on 127.0.0.1 until interrupted. Resolves to the exit status.
 */
export async function pageCommand(args: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'allow-private-network': { type: 'boolean' }, trust: { type: 'string', multiple: true }, resources: { type: 'string' } }, allowPositionals: false })
  const port = parsePort(values.port, 8080)
  const allowPrivateNetwork = values['allow-private-network'] === true
  const trustRegistries = await readPageRegistries(values.trust ?? [], io)
  const resources = values.resources === undefined ? undefined : await readResourceFiles(values.resources, io)
  const page = await createNodePageHandler({ allowPrivateNetwork, trustRegistries, ...(resources === undefined ? {} : { resources }) })
  const server = createServer((req, res) => {
    if (page(req, res)) return
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('not found\n')
  })
  const url = await listenOnLoopback(server, port, 'ob3 page', io)
  if (url === undefined) return 1
  io.stdout(`The verification page is at ${url}\n`)
  io.stdout(`To check a share link here, put this address before its # (${url}#ob3s1.…), or drop a badge file on the page.\n`)
  if (allowPrivateNetwork) io.stdout('It may fetch from http:, loopback and private addresses (--allow-private-network).\n')
  if (trustRegistries.length > 0) io.stdout(`It shows who is on ${trustRegistries.map((r) => r.name).join(', ')} (--trust).\n`)
  if (resources !== undefined) io.stdout(`It reads ${resources.size} URL${resources.size === 1 ? '' : 's'} from ${values.resources} instead of the network.\n`)
  io.stdout('Ctrl-C stops it.\n')
  hooks.onListening?.(url)
  await serveUntilStopped(server, hooks)
  return 0
}

/** JSON when the bytes read as a JSON object or array, else bytes (a share bundle is ciphertext). */
function guessContentType(body: Uint8Array): string {
  const first = body.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)
  return first === 0x7b || first === 0x5b ? 'application/json' : 'application/octet-stream'
}

/**
 * Set the page's switches for this server: private network (its meta tag and its own CSP copy),
 * where its trust registries are, and where the resources it serves are listed.
 */
function configureHtml(body: Uint8Array, allowPrivate: boolean, trust: boolean, resourcesIndex?: string): Uint8Array {
  if (!allowPrivate && !trust && resourcesIndex === undefined) return body
  let out = new TextDecoder().decode(body)
  if (resourcesIndex !== undefined) {
    const before = out
    out = out.replace('</head>', `<meta name="ob3-resources" content="${resourcesIndex}">\n</head>`)
    if (out === before) throw new Error('the page has no </head> to add the ob3-resources meta tag to')
  }
  if (allowPrivate) {
    out = out
      .replace('<meta name="ob3-allow-private-network" content="false">', '<meta name="ob3-allow-private-network" content="true">')
      .replace("connect-src 'self' https:", "connect-src 'self' https: http:")
    if (!out.includes('<meta name="ob3-allow-private-network" content="true">')) throw new Error('the page has no ob3-allow-private-network switch to set')
  }
  if (trust) {
    const empty = '<meta name="ob3-trust-registries" content="">'
    if (!out.includes(empty)) throw new Error('the page has no ob3-trust-registries switch to set')
    out = out.replace(empty, `<meta name="ob3-trust-registries" content="${TRUST_REGISTRIES_FILE}">`)
  }
  return new TextEncoder().encode(out)
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    return new URL(url, 'http://page.invalid').pathname
  } catch {
    return undefined
  }
}

/** The directory of the installed `@ob3/verifier` package, found as Node would: up through node_modules. */
async function verifierPackageDir(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'node_modules', '@ob3', 'verifier')
    if (existsSync(join(candidate, 'package.json'))) return realpath(candidate)
    const parent = dirname(dir)
    if (parent === dir) throw new Error('@ob3/verifier is not installed next to @ob3/cli')
    dir = parent
  }
}
