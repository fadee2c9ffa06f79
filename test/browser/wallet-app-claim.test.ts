// The teacher's wallet app redeems a claim link, in Debian's Chromium against `ob3 serve`: the
// service issues a badge and mints a one-time claim with a PIN; she pastes the claim page link
// into the app with a wrong PIN (told so, with the tries left), then with the right one (the badge
// card appears, verified, bound to her wallet's DID), then once more (told it was used already).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL } from '@ob3/core'
import { SHOTS, accessibilityViolations, startWalletService, type WalletService } from '../support/wallet-service.js'

const PASSPHRASE = 'maple syrup lesson plans'
let service: WalletService
let serviceUrl = ''
let apiKey = ''

beforeAll(async () => {
  service = await startWalletService('ob3-wallet-app-claim-')
  ;({ serviceUrl, apiKey } = service)
}, 120_000)

afterAll(async () => {
  await service?.close()
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
    const context = await service.browser.newContext({ viewport: { width: 1280, height: 900 } })
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
