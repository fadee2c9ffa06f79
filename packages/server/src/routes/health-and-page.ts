import type { Context, Hono } from 'hono'
import { Ob3Error, isOb3Error } from '@ob3/core'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { describeError } from '../lib/errors.js'

/** What answers `GET /` (and other GETs no route takes) when a verification page is plugged in. */
export type PageHandler = (request: Request) => Promise<Response | undefined>

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ob3 — verification</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>ob3 verification service</h1>
<p>The verification page for Open Badges 3.0 credentials and shared links is served here.
It is not installed in this build yet; the VC-API endpoints
(<code>POST /credentials/verify</code>, <code>POST /presentations/verify</code>) work already.</p>
</body></html>
`

/**
 * `GET /health` — 200 `{ status: "ok", storage, schema }` when the database is the one the
 * service opened (SQLite: not deleted or replaced), takes a small committed write (`srv_health`)
 * and both stores answer; 503 `{ status: "unavailable", error: { code, message } }` when not
 * (`ERR_OB3_STORE_FILE_GONE`, `ERR_OB3_STORE_READ_ONLY`, `ERR_OB3_STORE_UNAVAILABLE`), and while
 * shutting down — `GET /`, reserved for the verification page, and `GET /wallet/…`, the wallet app
 * when one is plugged in.
 */
export function healthAndPageRoutes(app: Hono<ServerEnv>, ctx: ServerContext, pageHandler: PageHandler | undefined, walletApp?: PageHandler): void {
  // The wallet app at /wallet/: its own files, CSP and service worker scope.
  const wallet = async (c: Context<ServerEnv>) => {
    const answer = walletApp === undefined ? undefined : await walletApp(c.req.raw)
    if (answer !== undefined) return answer
    return c.json({ error: { code: 'ERR_OB3_SERVER_NOT_FOUND', message: `nothing here: ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404)
  }
  app.get('/wallet', wallet)
  app.get('/wallet/*', wallet)

  app.get('/health', async (c) => {
    try {
      ctx.checkStorage()
      await ctx.store.probeWrite(ctx.now())
      const [issuer, server] = await Promise.all([ctx.issuerStore.schemaVersion(), ctx.store.schemaVersion()])
      return c.json({ status: 'ok', storage: ctx.store.kind, schema: { issuer, server } })
    } catch (err) {
      c.get('log').error({ err: { message: (err as Error).message, code: (err as { code?: unknown }).code } }, 'health check failed')
      const { body } = describeError(isOb3Error(err) && err.code.startsWith('ERR_OB3_STORE_') ? err : new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', 'the database does not answer'))
      return c.json({ status: 'unavailable', ...body }, 503)
    }
  })

  app.get('/', async (c) => {
    const page = pageHandler === undefined ? undefined : await pageHandler(c.req.raw)
    if (page !== undefined) return page
    return c.html(PLACEHOLDER, 200, { 'cache-control': 'no-cache' })
  })
}
