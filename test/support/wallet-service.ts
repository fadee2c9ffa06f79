// What the wallet app's browser tests share: an `ob3 serve` with one tenant (Lakeside) on a fresh
// SQLite file, its API key, Debian's Chromium, and axe-core's WCAG 2.2 A/AA check of a page.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { serveCommand } from '../../packages/cli/src/commands/serve.js'
import type { CliIo } from '../../packages/cli/src/io.js'
import { launchChromium } from './launch-chromium.js'

/** Where the browser tests write their screenshots (git-ignored). */
export const SHOTS = new URL('../browser/screenshots/', import.meta.url).pathname

/** A running service and a browser. */
export interface WalletService {
  /** A temporary folder (the service's database is in it); removed by `close`. */
  dir: string
  /** The service's address, without a trailing slash. */
  serviceUrl: string
  /** The Lakeside tenant's API key. */
  apiKey: string
  browser: Browser
  close(): Promise<void>
}

/** A CLI's input and output for tests: what it prints goes into `out` and `err`. */
export function cliIo(cwd: string, out: string[] = [], err: string[] = []): CliIo {
  return { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readStdin: async () => new Uint8Array(), isTty: false, cwd, fetch: undefined }
}

/** Start `ob3 serve` on a free loopback port with the Lakeside tenant, and Chromium. */
export async function startWalletService(prefix: string): Promise<WalletService> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  await mkdir(SHOTS, { recursive: true })
  const db = join(dir, 'service.db')
  const out: string[] = []
  const created = await serveCommand(['--init-tenant', 'lakeside', '--tenant-name', 'Lakeside Educator Academy', '--db', db], cliIo(dir, out))
  if (created !== 0) throw new Error(`ob3 serve --init-tenant exited ${created}`)
  const stop = new AbortController()
  let served: Promise<number> | undefined
  const listening = new Promise<string>((resolve) => {
    served = serveCommand(['--db', db, '--port', '0', '--log-level', 'silent'], cliIo(dir), { signal: stop.signal, onListening: resolve })
  })
  const serviceUrl = (await listening).replace(/\/+$/, '')
  const browser = await launchChromium()
  return {
    dir, serviceUrl, apiKey: out.join('').trim(), browser,
    async close() {
      await browser.close()
      stop.abort()
      await served
      await rm(dir, { recursive: true, force: true })
    },
  }
}

const AXE = readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')

/** WCAG 2.2 A and AA rules of axe-core that the page breaks (evaluated through the debugger, so the app's CSP stays as it is). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(await AXE)
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } })
    .axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }))
  if (((result as unknown as { passes?: unknown[] }).passes ?? []).length === 0) throw new Error('axe checked nothing on the page')
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}
