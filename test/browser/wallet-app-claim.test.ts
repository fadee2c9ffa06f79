// The teacher's wallet app redeems a claim link, in Debian's Chromium against `ob3 serve`: the
// service issues a badge and mints a one-time claim with a PIN; she pastes the claim page link
// into the app with a wrong PIN (told so, with the tries left), then with the right one (the badge
// card appears, verified, bound to her wallet's DID), then once more (told it was used already).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL } from '@ob3/core'
import { serveCommand } from '../../packages/cli/src/commands/serve.js'
import type { CliIo } from '../../packages/cli/src/io.js'
import { launchChromium } from '../support/launch-chromium.js'

const SHOTS = new URL('./screenshots/', import.meta.url).pathname
const PASSPHRASE = 'maple syrup lesson plans'
const AXE = readFile(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')
let dir = ''
let serviceUrl = ''
let apiKey = ''
let browser: Browser
const stop = new AbortController()
let served: Promise<number> | undefined

function io(out: string[] = []): CliIo {
  return { stdout: (t) => void out.push(t), stderr: () => undefined, readStdin: async () => new Uint8Array(), isTty: false, cwd: dir, fetch: undefined }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-wallet-app-claim-'))
  await mkdir(SHOTS, { recursive: true })
  const db = join(dir, 'service.db')
  const out: string[] = []
  expect(await serveCommand(['--init-tenant', 'lakeside', '--tenant-name', 'Lakeside Educator Academy', '--db', db], io(out))).toBe(0)
  apiKey = out.join('').trim()
  const listening = new Promise<string>((resolve) => {
    served = serveCommand(['--db', db, '--port', '0', '--log-level', 'silent'], io(), { signal: stop.signal, onListening: resolve })
  })
  serviceUrl = (await listening).replace(/\/+$/, '')
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  stop.abort()
  await served
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

async function api(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${serviceUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, json: await res.json() }
}

/** The service issues a badge (to a placeholder subject: the claim binds it to the wallet) and mints a claim with a PIN. */
async function mintClaim(): Promise<{ page: string; pin: string }> {
  const issued = await api('/credentials/issue', {
    credential: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Idea Generating',
      issuer: { id: 'urn:example:replaced', type: ['Profile'], name: 'Lakeside Educator Academy' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:teacher-okafor', type: ['AchievementSubject'],
        achievement: { id: 'https://academy.example/mc/idea-generating', type: ['Achievement'], name: 'Idea Generating', description: 'Leads students through a structured brainstorm.', criteria: { narrative: 'Two student work samples and a reflection.' } },
      },
    },
  })
  expect(issued.status).toBe(201)
  const minted = await api('/claims', { credentialId: String(issued.json.verifiableCredential.id), pin: true })
  expect(minted.status).toBe(201)
  expect(minted.json.txCode).toMatch(/^\d+$/)
  expect(minted.json.links.page).toMatch(new RegExp(`^${serviceUrl.replace(/[.]/g, '\\.')}/issuers/lakeside/claims/[^/]+$`))
  return { page: minted.json.links.page as string, pin: minted.json.txCode as string }
}

/** WCAG 2.2 A and AA rules of axe-core that the page breaks. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(await AXE)
  const result = await page.evaluate(() => (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } })
    .axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }))
  if (((result as unknown as { passes?: unknown[] }).passes ?? []).length === 0) throw new Error('axe checked nothing on the page')
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Paste the link with the PIN and wait for the app's note about it; returns the latest note. */
async function paste(app: Page, link: string, pin: string): Promise<string> {
  const before = await app.locator('[data-ob3-import-result] li').count()
  await app.fill('[data-ob3-import-link]', link)
  await app.fill('[data-ob3-claim-pin]', pin)
  await app.press('[data-ob3-import-link]', 'Enter')
  await app.waitForFunction((n) => document.querySelectorAll('[data-ob3-import-result] li').length > n, before, { timeout: 60_000 })
  return (await app.locator('[data-ob3-import-result] li').last().textContent()) as string
}

describe('the wallet app redeems a claim link', () => {
  it('with a wrong PIN says so, with the right PIN keeps the badge bound to the wallet, and a second time says it was used', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const app = await context.newPage()
    await app.goto(`${serviceUrl}/wallet/`)
    await app.waitForSelector('html[data-ob3-state="locked"]')
    await app.fill('[data-ob3-passphrase]', PASSPHRASE)
    await app.click('[data-ob3-unlock]')
    await app.waitForSelector('html[data-ob3-state="ready"]', { timeout: 120_000 })
    const holder = ((await app.textContent('[data-ob3-holder]')) as string).trim()
    expect(holder).toMatch(/^did:key:z6Mk/)

    // The PIN field is labelled and numeric.
    const pinField = app.locator('[data-ob3-claim-pin]')
    expect(await pinField.getAttribute('inputmode')).toBe('numeric')
    expect(await app.locator(`label[for="${await pinField.getAttribute('id')}"]`).textContent()).toBe('PIN (if your issuer sent one)')

    const { page, pin } = await mintClaim()
    const wrong = pin === '000000' ? '111111' : '000000'
    const refused = await paste(app, page, wrong)
    expect(refused).toContain('That PIN is not the one your issuer sent.')
    expect(refused).toContain('4 tries are left')
    expect(await app.locator('[data-ob3-badge]').count()).toBe(0)
    // The link stays in its field after a PIN problem.
    expect(await app.inputValue('[data-ob3-import-link]')).toBe(page)
    expect(await accessibilityViolations(app)).toEqual([])
    await app.setViewportSize({ width: 390, height: 844 })
    await app.screenshot({ path: join(SHOTS, 'wallet-claim-wrong-pin-390.png'), fullPage: true })
    await app.setViewportSize({ width: 1280, height: 900 })

    const added = await paste(app, page, pin)
    expect(added).toContain('added')
    const card = app.locator('[data-ob3-badge]')
    expect(await card.count()).toBe(1)
    expect(await card.getAttribute('data-ob3-check')).toBe('verified')
    expect(await card.getAttribute('data-ob3-subject')).toBe(holder)
    expect(await card.textContent()).toContain('Idea Generating')

    const again = await paste(app, page, pin)
    expect(again).toContain('This claim link has been used already')
    expect(await app.locator('[data-ob3-badge]').count()).toBe(1)
    await context.close()
  }, 300_000)
})
