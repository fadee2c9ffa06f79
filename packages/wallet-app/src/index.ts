/**
 * `@ob3/wallet-app`: the teacher's wallet as a web app, and what serves it. The app runs in the
 * browser on `@ob3/wallet` (its IndexedDB store) and `@ob3/verifier`; this module gives a server
 * its files ({@link walletAppAssets}) and a fetch-style handler ({@link createWalletAppHandler})
 * with the app's Content-Security-Policy. `ob3 serve` mounts it at `/wallet/`; `ob3 wallet-app`
 * serves it alone on loopback.
 * @packageDocumentation
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** One file of the app, ready to send. */
export interface WalletAppAsset {
  body: Uint8Array
  contentType: string
}

/** The app's files by name (`index.html`, `app.js`, `sw.js`, `app.css`, `icon.svg`, `manifest.webmanifest`). */
export type WalletAppAssets = ReadonlyMap<string, WalletAppAsset>

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
}

const FILES = ['index.html', 'app.js', 'sw.js', 'app.css', 'icon.svg', 'manifest.webmanifest']

/** The package's directory (from `src/` in a checkout, from `dist/` once built). */
function packageDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..')
}

/**
 * The app's files: built now from the sources (in a checkout, with esbuild), or read from
 * `dist/app/` (`pnpm --filter @ob3/wallet-app build:app`). Loaded once per process: later calls
 * with the same `from` share the first one's files.
 * @throws Error when neither is available, or the build fails
 * @example `const assets = await walletAppAssets() // Map { 'index.html' => { body, contentType }, … }`
 */
export async function walletAppAssets(options: { from?: 'auto' | 'build' | 'dist' } = {}): Promise<WalletAppAssets> {
  const from = options.from ?? 'auto'
  // One build (or read) per process and source: every server of a process shares it.
  let loading = loaded.get(from)
  if (loading === undefined) {
    loading = loadWalletAppAssets(from)
    loaded.set(from, loading)
    loading.catch(() => loaded.delete(from))
  }
  return loading
}

const loaded = new Map<string, Promise<WalletAppAssets>>()

async function loadWalletAppAssets(from: 'auto' | 'build' | 'dist'): Promise<WalletAppAssets> {
  const root = packageDir()
  const script = join(root, 'scripts', 'build-app.ts')
  let files: { path: string; body: Uint8Array }[] | undefined
  if (from === 'build' || (from === 'auto' && existsSync(script) && existsSync(join(root, 'app', 'app.ts')))) {
    let build: { buildApp: () => Promise<{ path: string; body: Uint8Array }[]> } | undefined
    try {
      build = (await import(pathToFileURL(script).href)) as typeof build
    } catch (err) {
      // Plain node cannot load the TypeScript build script: use dist/app.
      if (from === 'build') throw err
    }
    if (build !== undefined) files = await build.buildApp()
  }
  if (files === undefined) {
    const dir = join(root, 'dist', 'app')
    if (!existsSync(join(dir, 'index.html'))) throw new Error(`the wallet app is not built: ${dir} has no index.html (run pnpm --filter @ob3/wallet-app build:app)`)
    files = []
    for (const name of FILES) files.push({ path: name, body: new Uint8Array(await readFile(join(dir, name))) })
  }
  return new Map(files.map((f) => [f.path, { body: f.body, contentType: CONTENT_TYPES[extname(f.path)] ?? 'application/octet-stream' }]))
}

/** Options for {@link createWalletAppHandler} and {@link walletAppContentSecurityPolicy}. */
export interface WalletAppOptions {
  /**
   * The app's files, or what loads them at the first request for one of them. Default:
   * {@link walletAppAssets}, loaded at that first request.
   */
  assets?: WalletAppAssets | (() => Promise<WalletAppAssets>)
  /** Where the app is mounted, starting and ending in `/`. Default `/wallet/`. */
  basePath?: string
  /**
   * The ob3 service that hosts shares (`PUT <shareHost>/shares`) and whose verification page the
   * links open. Default: the origin that serves the app (what `ob3 serve` is); `null`: none —
   * shares are inline links, opened on `verifierUrl`.
   */
  shareHost?: string | null
  /** The verification page the links open when there is no share host. Default: the share host's `/`. */
  verifierUrl?: string
}

/**
 * The app's Content-Security-Policy: its own script, style, images (plus `data:` badge images
 * and `blob:` previews), its service worker and manifest; `connect-src` to its own origin,
 * `https:` (status lists, DID documents) and the share host; nothing else.
 * @example `walletAppContentSecurityPolicy({ shareHost: 'http://127.0.0.1:8080' })`
 */
export function walletAppContentSecurityPolicy(options: Pick<WalletAppOptions, 'shareHost'> = {}): string {
  const host = typeof options.shareHost === 'string' ? ` ${new URL(options.shareHost).origin}` : ''
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' https:${host}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Answers a request for the app, or undefined when the path is not the app's. */
export type WalletAppHandler = (request: Request) => Promise<Response | undefined>

function checkUrl(value: string, what: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new TypeError(`createWalletAppHandler: ${what} must be an http(s) URL, not ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`createWalletAppHandler: ${what} must be an http(s) URL`)
  return url.href
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/**
 * The app as a fetch-style handler (the shape `@ob3/server`'s `walletApp` option and
 * `pageHandler` take): `GET`/`HEAD` of `basePath` is the app, `app.js`, `sw.js`, `app.css`,
 * `icon.svg` and `manifest.webmanifest` its files, each with its content type, the app's CSP,
 * `no-referrer`, `nosniff` and `no-cache`; `basePath` without its slash redirects. Another method
 * is 405; any other path is not the app's (undefined). Unless `assets` is the files themselves, they
 * are loaded at the first request for one of them, not before: when they cannot be,
 * that request is answered 503 with the reason, and the next one tries again.
 * @throws TypeError for a bad `basePath`, `shareHost` or `verifierUrl`, or `assets` without `index.html`
 * @example
 * ```ts
 * const walletApp = await createWalletAppHandler()            // mounted at /wallet/, shares on the same origin
 * const server = await createServer({ db, walletApp })          // @ob3/server
 * ```
 */
export async function createWalletAppHandler(options: WalletAppOptions = {}): Promise<WalletAppHandler> {
  const base = options.basePath ?? '/wallet/'
  if (!base.startsWith('/') || !base.endsWith('/')) throw new TypeError('createWalletAppHandler: basePath must start and end with /')
  const shareHost = options.shareHost === undefined || options.shareHost === null ? options.shareHost : checkUrl(options.shareHost, 'shareHost')
  const verifierUrl = options.verifierUrl === undefined ? undefined : checkUrl(options.verifierUrl, 'verifierUrl')
  const csp = walletAppContentSecurityPolicy({ shareHost: shareHost ?? null })
  const toRoutes = (assets: WalletAppAssets): Map<string, WalletAppAsset> => {
    const routes = new Map<string, WalletAppAsset>()
    for (const [name, asset] of assets) {
      if (name !== 'index.html') {
        routes.set(base + name, asset)
        continue
      }
      // The app reads its switches from meta tags: where shares go, which page the links open.
      let html = new TextDecoder().decode(asset.body)
      const host = shareHost === undefined ? 'same-origin' : shareHost === null ? '' : shareHost
      html = html.replace('<meta name="ob3-share-host" content="same-origin">', `<meta name="ob3-share-host" content="${escapeAttr(host)}">`)
      if (verifierUrl !== undefined) html = html.replace('<meta name="ob3-verifier-url" content="">', `<meta name="ob3-verifier-url" content="${escapeAttr(verifierUrl)}">`)
      routes.set(base + name, { ...asset, body: new TextEncoder().encode(html) })
    }
    const index = routes.get(`${base}index.html`)
    if (index === undefined) throw new TypeError('createWalletAppHandler: the assets have no index.html')
    routes.set(base, index)
    return routes
  }
  // Given assets are checked now; the app's own files are read (or, in a checkout, bundled) at the
  // first request for one of them, so a server that is never asked for the app never builds it.
  const given = options.assets
  const load = typeof given === 'function' ? given : (): Promise<WalletAppAssets> => walletAppAssets()
  let routes: Promise<Map<string, WalletAppAsset>> | undefined = given === undefined || typeof given === 'function' ? undefined : Promise.resolve(toRoutes(given))
  const appPaths = new Set([base, ...FILES.map((name) => base + name)])
  return async (request) => {
    const path = new URL(request.url).pathname
    if (path === base.slice(0, -1) && base !== '/') return new Response(null, { status: 308, headers: { location: base } })
    if (routes === undefined && !appPaths.has(path)) return undefined
    routes ??= load().then(toRoutes)
    let asset: WalletAppAsset | undefined
    try {
      asset = (await routes).get(path)
    } catch (err) {
      routes = undefined // the next request tries again
      return new Response(`the wallet app is not available: ${err instanceof Error ? err.message : String(err)}\n`, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })
    }
    if (asset === undefined) return undefined
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } })
    }
    return new Response(request.method === 'HEAD' ? null : (asset.body as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: {
        'content-type': asset.contentType,
        'content-length': String(asset.body.length),
        'content-security-policy': csp,
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
        'cache-control': 'no-cache',
        // The service worker may control the whole app directory.
        ...(path === `${base}sw.js` ? { 'service-worker-allowed': base } : {}),
      },
    })
  }
}
