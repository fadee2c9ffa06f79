import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { parseArgs } from 'node:util'
import { createWalletAppHandler, type WalletAppHandler } from '@ob3/wallet-app'
import { UsageError, type CliIo } from '../io.js'
import { listenOnLoopback, parsePort, serveUntilStopped, type ServeHooks } from '../loopback-server.js'
import { createPageHandler, type PageFetchHandler } from './page.js'

export const WALLET_APP_HELP = `ob3 wallet-app [--port N] [--share-host <url>]

Serves the teacher's wallet app on this machine (127.0.0.1 only) at /wallet/, and the
verification page at /, and prints the address. Open it in a browser: badges, evidence files and
shares stay in that browser (IndexedDB), the holder key sealed with your passphrase as
ob3 wallet seals it; a backup made there restores with ob3 wallet restore, and back.
--share-host is the ob3 service (ob3 serve) that hosts shares: a share is encrypted in the
browser and only the ciphertext goes there; the link opens that service's verification page and
can be revoked. Without it, shares are inline links (small, not revocable) that open the page
served here. ob3 serve serves the same app at <its address>/wallet/, with itself as share host.
--port: default 8090; 0 picks a free one. Stops on Ctrl-C.`

/**
 * `ob3 wallet-app [--port N] [--share-host <url>]`: serve the wallet app (and the verification
 * page) on 127.0.0.1 until interrupted. Resolves to the exit status.
 */
export async function walletAppCommand(args: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'share-host': { type: 'string' } }, allowPositionals: false })
  const port = parsePort(values.port, 8090)
  const shareHost = values['share-host']
  if (shareHost !== undefined && !/^https?:\/\/[^/]/.test(shareHost)) throw new UsageError(`--share-host must be the http(s) address of an ob3 service, not ${JSON.stringify(shareHost)}`)
  const app = await createWalletAppHandler({ shareHost: shareHost ?? null, ...(shareHost === undefined ? {} : { verifierUrl: `${shareHost.replace(/\/+$/, '')}/` }) })
  const page = await createPageHandler({})
  const server = createServer((req, res) => void answer(req, res, app, page))
  const base = await listenOnLoopback(server, port, 'ob3 wallet-app', io)
  if (base === undefined) return 1
  io.stdout(`The wallet app is at ${base}wallet/\n`)
  io.stdout(shareHost === undefined
    ? 'Shares are inline links (no --share-host): small, and not revocable.\n'
    : `Shares are encrypted in the browser and hosted on ${shareHost}; links open its verification page.\n`)
  io.stdout('Ctrl-C stops it.\n')
  hooks.onListening?.(`${base}wallet/`)
  await serveUntilStopped(server, hooks)
  return 0
}

/** Answer one request with the app, else the page, else 404. */
async function answer(req: IncomingMessage, res: ServerResponse, app: WalletAppHandler, page: PageFetchHandler): Promise<void> {
  try {
    const request = new Request(new URL(req.url ?? '/', 'http://127.0.0.1'), { method: req.method ?? 'GET' })
    const response = (await app(request)) ?? (await page(request))
    if (response === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('not found\n')
      return
    }
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => { headers[name] = value })
    res.writeHead(response.status, headers)
    res.end(new Uint8Array(await response.arrayBuffer()))
  } catch {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('the wallet app could not answer\n')
  }
}
