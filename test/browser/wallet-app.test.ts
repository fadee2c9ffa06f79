// The teacher's wallet app, end to end in Debian's Chromium against `ob3 serve`: she creates a
// wallet at /wallet/, imports a baked PNG the service issued to her, attaches the two evidence
// files (a stranger file is refused), shares one of them; the link opens the service's own page in
// a fresh browser and verifies with exactly that file; the QR image decodes to the link; revoked,
// the link no longer verifies; her backup restores into a fresh profile with the same badges and
// files. Every request the wallet's browser made is logged: no artifact byte and no credential
// leaves it in plaintext. Screenshots (390 px and desktop) go to test/browser/screenshots/.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import jsqrImport from 'jsqr'
import { type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bakePng, computeDigestMultibase, computeDigestSri, CREDENTIALS_V2_URL, OB_CONTEXT_URL } from '@ob3/core'
import { walletAppCommand } from '../../packages/cli/src/commands/wallet-app.js'
import { walletCommand } from '../../packages/cli/src/commands/wallet.js'
import type { CliIo } from '../../packages/cli/src/io.js'
import { SHOTS, accessibilityViolations, cliIo, startWalletService, type WalletService } from '../support/wallet-service.js'

/** jsQR is CommonJS: its function is the module or its `default`. */
const jsQR = ((jsqrImport as unknown as { default?: unknown }).default ?? jsqrImport) as unknown as typeof jsqrImport.default
const PASSPHRASE = 'maple syrup lesson plans'
let service: WalletService
let dir = ''
let serviceUrl = ''
let apiKey = ''
let browser: Browser
const io = (out: string[] = [], err: string[] = []): CliIo => cliIo(dir, out, err)

beforeAll(async () => {
  service = await startWalletService('ob3-wallet-app-')
  ;({ dir, serviceUrl, apiKey, browser } = service)
}, 120_000)

afterAll(async () => {
  await service?.close()
})

/** Two pieces of student work the badge's evidence names, and a file it does not. */
const workA = { name: 'student-essay.txt', mimeType: 'text/plain', buffer: Buffer.from('Maya wrote: brainstorming with sticky notes helped our group find three ideas. '.repeat(8)) }
const workB = { name: 'class-poster.txt', mimeType: 'text/plain', buffer: Buffer.from('Poster: the water cycle, drawn by Room 12, with labels for every stage. '.repeat(8)) }
const stranger = { name: 'holiday-photo.txt', mimeType: 'text/plain', buffer: Buffer.from('not evidence of anything '.repeat(10)) }

/** The service issues the badge to the holder, with evidence naming both files; the test bakes it into a PNG. */
async function issueBadge(holder: string): Promise<{ png: Buffer; credential: Record<string, unknown> }> {
  const evidence = await Promise.all([workA, workB].map(async (f) => ({
    type: ['Evidence'], name: f.name, mediaType: f.mimeType,
    digestMultibase: await computeDigestMultibase(new Uint8Array(f.buffer)), digestSRI: await computeDigestSri(new Uint8Array(f.buffer)),
  })))
  const response = await fetch(`${serviceUrl}/credentials/issue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      credential: {
        '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        name: 'Idea Generating',
        issuer: { id: 'urn:example:replaced', type: ['Profile'], name: 'Lakeside Educator Academy' },
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: {
          id: holder, type: ['AchievementSubject'], creditsEarned: 6,
          achievement: {
            id: 'https://academy.example/mc/idea-generating', type: ['Achievement'], name: 'Idea Generating',
            description: 'Leads students through a structured brainstorm.', criteria: { narrative: 'Two student work samples and a reflection.' },
            creditsAvailable: 6,
          },
        },
        evidence,
      },
    }),
  })
  expect(response.status).toBe(201)
  const credential = (await response.json() as { verifiableCredential: Record<string, unknown> }).verifiableCredential
  const image = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))
  return { png: Buffer.from(await bakePng({ image, credential })), credential }
}

/** Open the app in a context and create or unlock the wallet. */
async function openApp(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${serviceUrl}/wallet/`)
  await page.waitForSelector('html[data-ob3-state="locked"]')
  return page
}

async function unlock(page: Page): Promise<string> {
  await page.fill('[data-ob3-passphrase]', PASSPHRASE)
  await page.click('[data-ob3-unlock]')
  await page.waitForSelector('html[data-ob3-state="ready"]', { timeout: 120_000 })
  return (await page.textContent('[data-ob3-holder]')) as string
}

async function verdictOf(context: BrowserContext, link: string): Promise<{ verdict: string | null; page: Page }> {
  const page = await context.newPage()
  await page.goto(link)
  await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 60_000 })
  return { verdict: await page.getAttribute('html', 'data-ob3-verified'), page }
}

describe('the wallet app in the browser, against ob3 serve', () => {
  it('keeps a badge and its evidence, shares one file by link and QR, revokes, and restores from a backup', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    const log: { method: string; url: string; body: Buffer | null }[] = []
    context.on('request', (r) => void log.push({ method: r.method(), url: r.url(), body: r.postDataBuffer() }))
    const app = await openApp(context)
    await app.screenshot({ path: join(SHOTS, 'wallet-create-desktop.png') })
    expect(await accessibilityViolations(app)).toEqual([])
    const holder = await unlock(app)
    expect(holder).toMatch(/^did:key:z6Mk/)

    // Import the baked PNG: verified first, then kept.
    const { png, credential } = await issueBadge(holder)
    await app.setInputFiles('input[type=file][data-ob3-import]', { name: 'idea-generating.png', mimeType: 'image/png', buffer: png })
    const card = app.locator(`[data-ob3-badge][data-ob3-credential-id="${String(credential.id)}"]`)
    await card.waitFor({ timeout: 60_000 })
    expect(await card.getAttribute('data-ob3-check')).toBe('verified')
    expect(await app.textContent('[data-ob3-import-result]')).toContain('added')

    // Attach: the two named files are kept, a stranger is refused with the reason.
    await card.locator('input[type=file][data-ob3-attach]').setInputFiles([workA, workB])
    await app.waitForFunction(() => document.querySelectorAll('[data-ob3-badge] [data-ob3-evidence="present"]').length === 2, null, { timeout: 60_000 })
    await app.locator('[data-ob3-badge] input[type=file][data-ob3-attach]').setInputFiles([stranger])
    // The result of the first attach is still on the page: wait for the one that names this file.
    await app.waitForFunction(() => document.querySelector('[data-ob3-attach-result]')?.textContent?.includes('holiday-photo.txt') === true, null, { timeout: 60_000 })
    expect(await app.textContent('[data-ob3-attach-result]')).toContain('holiday-photo.txt was refused')
    expect(await app.locator('[data-ob3-badge] [data-ob3-evidence="present"]').count()).toBe(2)

    // Share the badge with one of the two files.
    const digestA = await computeDigestMultibase(new Uint8Array(workA.buffer))
    const digestB = await computeDigestMultibase(new Uint8Array(workB.buffer))
    await app.click('[data-ob3-badge] [data-ob3-share]')
    await app.waitForSelector('[data-ob3-share-create]')
    expect(await app.locator('[data-ob3-share-artifact]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort())).toEqual([digestA, digestB].sort())
    await app.check(`[data-ob3-share-artifact][value="${digestA}"]`)
    await app.click('[data-ob3-share-create]')
    await app.waitForSelector('[data-ob3-share-link]', { timeout: 60_000 })
    const link = ((await app.textContent('[data-ob3-share-link]')) as string).trim()
    expect(link.startsWith(`${serviceUrl}/#ob3s1.h.`)).toBe(true)

    // The QR image decodes to the same link, and is at most version 10.
    await app.waitForFunction(() => (document.querySelector('[data-ob3-share-qr]') as HTMLImageElement | null)?.complete === true && (document.querySelector('[data-ob3-share-qr]') as HTMLImageElement).naturalWidth > 0)
    expect(Number(await app.getAttribute('[data-ob3-share-qr]', 'data-ob3-qr-version'))).toBeLessThanOrEqual(10)
    const pixels = await app.evaluate(() => {
      const img = document.querySelector('[data-ob3-share-qr]') as HTMLImageElement
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
      ctx.drawImage(img, 0, 0)
      return { width: canvas.width, height: canvas.height, data: Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data) }
    })
    expect(jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data).toBe(link)
    await app.screenshot({ path: join(SHOTS, 'wallet-shared-desktop.png'), fullPage: true })
    expect(await accessibilityViolations(app)).toEqual([])

    // Add to LinkedIn: the certification form, filled with the badge, its issuer and the share link.
    const linkedIn = new URL(await app.locator('.result a', { hasText: 'Add to LinkedIn' }).getAttribute('href') as string)
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add')
    expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME', name: 'Idea Generating', organizationName: 'Lakeside Educator Academy', issueYear: '2026', issueMonth: '1', certUrl: link,
    })
    // The one-page certificate, as the browser prints it (the print dialog itself is left out).
    await app.evaluate(() => { window.print = () => undefined })
    await app.click('.result button:has-text("Print certificate")')
    await app.waitForSelector('#certificate', { state: 'attached' })
    expect(await app.textContent('#certificate')).toContain(`Check it: ${link}`)
    await app.emulateMedia({ media: 'print' })
    await app.screenshot({ path: join(SHOTS, 'wallet-certificate-print.png') })
    await app.emulateMedia({ media: 'screen' })
    await app.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    expect(await app.locator('#certificate').count()).toBe(0)

    // A stranger's fresh browser: verified, with exactly the chosen file.
    const other = await browser.newContext()
    const opened = await verdictOf(other, link)
    expect(opened.verdict).toBe('true')
    const artifacts = await opened.page.$$eval('.artifact', (items) => items.map((i) => [i.querySelector('.artifact__name')?.textContent, i.getAttribute('data-shared'), i.getAttribute('data-matches')]))
    expect(artifacts).toEqual([[workA.name, 'true', 'true'], [workB.name, 'false', null]])
    await other.close()

    // Revoke: the link no longer verifies.
    await app.click('[data-ob3-revoke]')
    await app.waitForSelector('[data-ob3-share-state="revoked"]', { timeout: 60_000 })
    const late = await browser.newContext()
    expect((await verdictOf(late, link)).verdict).toBe('false')
    await late.close()

    // Backup, then restore into a fresh profile on a phone-sized screen.
    await app.fill('[data-ob3-backup-passphrase]', PASSPHRASE)
    const [download] = await Promise.all([app.waitForEvent('download', { timeout: 120_000 }), app.click('[data-ob3-backup]')])
    const backup = await readFile(await download.path() as string)
    expect(backup.subarray(0, 16).toString()).toBe('OB3WALLETBACKUP1')
    // The same file restores with the command-line wallet.
    await writeFile(join(dir, 'from-app.ob3backup'), backup)
    const said: string[] = []
    expect(await walletCommand(['restore', 'from-app.ob3backup', '--wallet', 'cli-wallet.db'], io([], said), { OB3_WALLET_PASSPHRASE: PASSPHRASE })).toBe(0)
    expect(said.join('')).toContain('restored 1 credentials, 2 artifacts and 1 shares')
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'dark' })
    const restored = await openApp(phone)
    await restored.setInputFiles('input[type=file][data-ob3-restore]', { name: 'wallet.ob3backup', mimeType: 'application/octet-stream', buffer: backup })
    await restored.fill('[data-ob3-restore-passphrase]', PASSPHRASE)
    await restored.click('[data-ob3-restore-submit]')
    await restored.waitForSelector('html[data-ob3-state="ready"]', { timeout: 120_000 })
    expect(await restored.textContent('[data-ob3-holder]')).toBe(holder)
    expect(await restored.locator('[data-ob3-badge]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ob3-credential-id')))).toEqual([credential.id])
    expect(await restored.locator('[data-ob3-badge] [data-ob3-evidence="present"]').count()).toBe(2)
    expect(await restored.locator('[data-ob3-share-state="revoked"]').count()).toBe(1)
    await restored.screenshot({ path: join(SHOTS, 'wallet-badges-390-dark.png'), fullPage: true })
    await restored.screenshot({ path: join(SHOTS, 'wallet-badges-390-dark-top.png') })
    await restored.click('[data-ob3-badge] [data-ob3-share]')
    await restored.check(`[data-ob3-share-artifact][value="${digestB}"]`)
    await restored.click('[data-ob3-share-create]')
    await restored.waitForSelector('[data-ob3-share-link]', { timeout: 60_000 })
    await restored.waitForFunction(() => (document.querySelector('[data-ob3-share-qr]') as HTMLImageElement | null)?.complete === true)
    await restored.screenshot({ path: join(SHOTS, 'wallet-shared-390-dark.png'), fullPage: true })
    await restored.locator('.share').screenshot({ path: join(SHOTS, 'wallet-share-panel-390-dark.png') })
    expect(await accessibilityViolations(restored)).toEqual([])
    await phone.close()

    // The request log: what left the wallet's browser holds no artifact byte and no credential in plaintext.
    const secrets: Buffer[] = [workA.buffer, workB.buffer, Buffer.from(workA.buffer.toString('base64')), Buffer.from(workA.buffer.toString('base64url')),
      Buffer.from(String(credential.id)), Buffer.from(String((credential.proof as Record<string, unknown>).proofValue)), Buffer.from(holder)]
    const uploads = log.filter((r) => r.method === 'PUT' && r.url === `${serviceUrl}/shares`)
    expect(uploads).toHaveLength(1)
    expect(uploads[0]?.body?.length).toBeGreaterThan(workA.buffer.length)
    for (const r of log) {
      for (const secret of secrets) {
        expect(r.body?.includes(secret) ?? false, `${r.method} ${r.url} carries a secret in its body`).toBe(false)
        expect(r.url.includes(secret.toString()), `${r.method} ${r.url} carries a secret in its address`).toBe(false)
      }
    }
    // Nothing went anywhere but the service that serves the app.
    expect([...new Set(log.map((r) => new URL(r.url).origin))].filter((o) => o !== serviceUrl && o !== 'null' && !o.startsWith('data:') && !o.startsWith('blob:'))).toEqual([])
    await context.close()
  }, 600_000)

  it('keeps a badge whose status cannot be checked from where the app runs, as "not yet checked"', async () => {
    // ob3 wallet-app on its own origin: the service's http status list is another origin, which
    // the app does not read over http — so the badge is kept, marked, and can be checked later.
    const stopApp = new AbortController()
    let appUrl = ''
    const running = walletAppCommand(['--port', '0', '--share-host', serviceUrl], io(), { signal: stopApp.signal, onListening: (u) => { appUrl = u } })
    await expect.poll(() => appUrl, { timeout: 120_000 }).not.toBe('')
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true })
    const page = await context.newPage()
    await page.goto(appUrl)
    await page.waitForSelector('html[data-ob3-state="locked"]')
    const holder = await unlock(page)
    const { png, credential } = await issueBadge(holder)
    await page.setInputFiles('input[type=file][data-ob3-import]', { name: 'badge.png', mimeType: 'image/png', buffer: png })
    const card = page.locator(`[data-ob3-badge][data-ob3-credential-id="${String(credential.id)}"]`)
    await card.waitFor({ timeout: 60_000 })
    expect(await card.getAttribute('data-ob3-check')).toBe('not-yet-checked')
    expect(await card.textContent()).toContain('Not yet checked')
    expect(await page.textContent('[data-ob3-import-result]')).toContain('kept, not yet checked')
    expect(await card.locator('[data-ob3-share]').isDisabled()).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'wallet-not-yet-checked-390.png') })
    expect(await accessibilityViolations(page)).toEqual([])

    // Offline after the first visit: the service worker serves the app's files, the wallet opens.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
    await context.setOffline(true)
    await page.reload()
    await page.waitForSelector('html[data-ob3-state="locked"]', { timeout: 60_000 })
    expect(await page.textContent('h1')).toBe('Unlock your wallet')
    await context.setOffline(false)
    await context.close()
    stopApp.abort()
    expect(await running).toBe(0)
  }, 300_000)
})
