// The demo's outputs, as a newcomer gets them: `pnpm demo` writes demo-out/, whose share link is
// live and verifies with no network — by `ob3 verify --resources demo-out/resources.json` and in
// the verification page served by `ob3 page --resources …` (headless Debian Chromium, every request
// off this machine refused).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser } from 'playwright-core'
import { launchChromium } from '../support/launch-chromium.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderShareQr } from '@ob3/wallet/node'
import { createNodePageHandler, pageAssets } from '../../packages/cli/src/commands/page.js'
import { readResourceFiles } from '../../packages/cli/src/resources.js'
import { runCli } from '../../packages/cli/test/helpers.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
let work: string
let out: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ob3-demo-'))
  out = join(work, 'demo-out')
  // The demo writes into demo-out/ under INIT_CWD, as `pnpm demo` run from `work` would.
  await new Promise<void>((done, fail) => {
    execFile(process.execPath, ['--conditions=source', '--import', 'tsx', 'examples/demo/src/main.ts'], { cwd: ROOT, env: { ...process.env, INIT_CWD: work }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) fail(new Error(`the demo failed: ${err.message}\n${stdout}\n${stderr}`))
      else done()
    })
  })
}, 600_000)

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('the demo a newcomer can open', () => {
  it('writes every output, a live share link and its QR codes, the revoked share apart, and a resources map of files in demo-out/', async () => {
    for (const f of ['credential.json', 'credential.jwt', 'endorsement.json', 'presentation.json', 'share-link.txt', 'share-link-revoked.txt', 'share-qr.png', 'share-qr.svg', 'badge.png', 'badge.svg', 'status-list.json', 'report.json', 'resources.json']) {
      expect(existsSync(join(out, f)), f).toBe(true)
    }
    const link = (await readFile(join(out, 'share-link.txt'), 'utf8')).trim()
    const revoked = (await readFile(join(out, 'share-link-revoked.txt'), 'utf8')).trim()
    expect(link).toMatch(/^https:\/\/[^#]+#ob3s1\./)
    expect(revoked).not.toBe(link)
    // The QR codes are of the live link.
    const qr = await renderShareQr(link)
    expect(await readFile(join(out, 'share-qr.svg'), 'utf8')).toBe(qr.svg)
    expect(new Uint8Array(await readFile(join(out, 'share-qr.png')))).toEqual(qr.png)
    const map = JSON.parse(await readFile(join(out, 'resources.json'), 'utf8')) as Record<string, string>
    const credential = JSON.parse(await readFile(join(out, 'credential.json'), 'utf8')) as { credentialStatus: { statusListCredential: string } }
    expect(map[credential.credentialStatus.statusListCredential]).toBe('status-list.json')
    expect(Object.keys(map)).toHaveLength(2)
    for (const file of Object.values(map)) {
      expect(resolve(out, file).startsWith(out + '/')).toBe(true)
      expect(existsSync(resolve(out, file)), file).toBe(true)
    }
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toMatchObject({ format: 'link', verified: true })
  })

  it('verifies the live link and every output with --resources and no network (exit 0); the revoked link is refused (exit 1)', async () => {
    const link = (await readFile(join(out, 'share-link.txt'), 'utf8')).trim()
    const run = await runCli(['verify', link, '--resources', 'demo-out/resources.json', '--json'], work)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ format: 'link', kind: 'presentation', verified: true })
    const all = await runCli(['verify', 'demo-out/credential.json', 'demo-out/credential.jwt', 'demo-out/endorsement.json', 'demo-out/presentation.json', 'demo-out/badge.png', 'demo-out/badge.svg', '--resources', 'demo-out/resources.json', '--jsonl'], work)
    expect(all.code).toBe(0)
    expect(all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { verified: boolean }).verified)).toEqual([true, true, true, true, true, true])
    const revoked = await runCli(['verify', (await readFile(join(out, 'share-link-revoked.txt'), 'utf8')).trim(), '--resources', 'demo-out/resources.json', '--json'], work)
    expect(revoked.code).toBe(1)
    // Its bundle is gone from the share host, so the map has no file for it: nothing is fetched.
    const report = JSON.parse(revoked.stdout) as { verified: boolean; checks: { id: string }[] }
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'parse')).toMatchObject({ status: 'failed', code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })

  it('verifies the live link in the page served with --resources, in Chromium, with every request off this machine refused', async () => {
      const io = { stdout: () => {}, stderr: () => {}, readStdin: async () => new Uint8Array(0), isTty: false, cwd: work, fetch: undefined }
    const resources = await readResourceFiles('demo-out/resources.json', io)
    const handler = await createNodePageHandler({ assets: await pageAssets(), resources })
    const server: Server = createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(404).end()
    })
    const port = await new Promise<number>((done) => server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port)))
    const browser: Browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const pageOrigin = `http://127.0.0.1:${port}`
      const refused: string[] = []
      await page.route('**/*', (route) => {
        if (new URL(route.request().url()).origin === pageOrigin) return route.continue()
        refused.push(route.request().url())
        return route.abort()
      })
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(e.message))
      const link = (await readFile(join(out, 'share-link.txt'), 'utf8')).trim()
      await page.goto(`${pageOrigin}/${link.slice(link.indexOf('#'))}`)
      await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 60_000 })
      expect(problems).toEqual([])
      expect(refused).toEqual([])
      expect(await page.getAttribute('html', 'data-ob3-verified')).toBe('true')
    } finally {
      await browser.close()
      await new Promise((done) => server.close(done))
    }
  }, 180_000)
})
