// The whole path of a hosted share through the ob3 service: the wallet uploads the encrypted
// bundle to the running service, the link opens the service's own verification page in headless
// Chromium and verifies; after the holder deletes the share, the link no longer opens.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { launchChromium } from '../support/launch-chromium.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ed25519KeyFromSeed } from '@ob3/core'
import { createServer, type Ob3Server } from '@ob3/server'
import { verify } from '@ob3/verifier'
import { createHttpUploadAdapter, createMemoryWalletStore, initWallet } from '@ob3/wallet'
import { createPageHandler } from '../../packages/cli/src/commands/page.js'

let dir = ''
let server: Ob3Server
let serviceUrl = ''
let browser: Browser

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-service-share-'))
  server = await createServer({ db: join(dir, 'service.db'), pageHandler: await createPageHandler({ allowPrivateNetwork: true }) })
  serviceUrl = (await server.listen({ port: 0, hostname: '127.0.0.1' })).url.replace(/\/+$/, '')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

async function verdictOf(page: Page, link: string): Promise<string | null> {
  await page.goto(link)
  await page.waitForSelector('[data-ob3-verified]', { timeout: 30_000 })
  return page.locator('[data-ob3-verified]').first().getAttribute('data-ob3-verified')
}

describe('a share hosted by the ob3 service, opened in the browser', () => {
  it('verifies on the service\'s page, and no longer opens once the holder deletes it', async () => {
    const credential = JSON.parse(await readFile(new URL('../../test-vectors/valid-two-artifacts/credential.json', import.meta.url), 'utf8')) as Record<string, unknown>
    // the vectors' recipient key (seed 0x03) is the credential's subject and the wallet's holder
    const wallet = await initWallet({
      store: createMemoryWalletStore(),
      passphrase: 'a test passphrase',
      key: await ed25519KeyFromSeed(new Uint8Array(32).fill(3)),
      scryptN: 2 ** 15,
      verify: (request) => verify(request),
    })
    const [imported] = (await wallet.importCredential(credential)).credentials
    if (imported === undefined) throw new Error('nothing imported')
    const upload = createHttpUploadAdapter({ service: serviceUrl, fetch })
    const { link, share } = await wallet.share({ credentialIds: [imported.id], expiresAt: new Date(Date.now() + 86_400_000), baseUrl: `${serviceUrl}/`, upload, revocable: true })
    expect(share.kind).toBe('hosted')
    expect(String(share.bundleUrl).startsWith(`${serviceUrl}/shares/`)).toBe(true)
    expect(link.startsWith(`${serviceUrl}/#ob3s1.h.`)).toBe(true)

    const page = await browser.newPage()
    expect(await verdictOf(page, link)).toBe('true')
    expect(await page.textContent('body')).toContain('Verified')

    await wallet.revokeShare(share.id, { upload })
    expect((await fetch(String(share.bundleUrl))).status).toBeGreaterThanOrEqual(404)
    const fresh = await browser.newPage()
    expect(await verdictOf(fresh, link)).toBe('false')
    await wallet.close()
  }, 90_000)
})
