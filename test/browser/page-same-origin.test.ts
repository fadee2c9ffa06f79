// The verification page served by an ob3 service on http://127.0.0.1 reads that service's own
// status list (same origin) and verifies the badges it issued — and still reads nothing else over
// http: the same badge on another service's page (another origin, no private-network opt-in)
// cannot have its status checked there.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bakePng, CREDENTIALS_V2_URL, OB_CONTEXT_URL } from '@ob3/core'
import { createServer, type Ob3Server } from '@ob3/server'
import { createPageHandler } from '../../packages/cli/src/commands/page.js'
import { launchChromium } from '../support/launch-chromium.js'

let dir = ''
let issuing: Ob3Server
let other: Ob3Server
let issuingUrl = ''
let otherUrl = ''
let browser: Browser

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-page-origin-'))
  const pageHandler = await createPageHandler({})
  issuing = await createServer({ db: join(dir, 'a.db'), pageHandler, logLevel: 'silent' })
  other = await createServer({ db: join(dir, 'b.db'), pageHandler, logLevel: 'silent' })
  issuingUrl = (await issuing.listen({ port: 0, hostname: '127.0.0.1' })).url.replace(/\/+$/, '')
  otherUrl = (await other.listen({ port: 0, hostname: '127.0.0.1' })).url.replace(/\/+$/, '')
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await issuing?.close()
  await other?.close()
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

async function issuedPng(): Promise<Buffer> {
  const { apiKey } = await issuing.createTenant({ id: 'lakeside', name: 'Lakeside District' })
  const response = await fetch(`${issuingUrl}/credentials/issue`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      credential: {
        '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Idea Generating',
        issuer: { id: 'urn:example:replaced', type: ['Profile'], name: 'Lakeside District' }, validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: { id: 'did:example:teacher', type: ['AchievementSubject'], achievement: { id: 'https://academy.example/mc/1', type: ['Achievement'], name: 'Idea Generating', description: 'Leads a structured brainstorm.', criteria: { narrative: 'Two samples.' } } },
      },
    }),
  })
  expect(response.status).toBe(201)
  const credential = (await response.json() as { verifiableCredential: Record<string, unknown> }).verifiableCredential
  expect(String((credential.credentialStatus as Record<string, unknown>).statusListCredential).startsWith(`${issuingUrl}/status/`)).toBe(true)
  const image = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))
  return Buffer.from(await bakePng({ image, credential }))
}

async function check(pageUrl: string, badge: Buffer): Promise<{ verified: string | null; status: string | null; failed: (string | null)[] }> {
  const page = await browser.newPage()
  await page.goto(`${pageUrl}/`)
  await page.setInputFiles('#file', { name: 'badge.png', mimeType: 'image/png', buffer: badge })
  await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 60_000 })
  const result = {
    verified: await page.getAttribute('html', 'data-ob3-verified'),
    status: await page.getAttribute('.checks [data-check="status"]', 'data-status'),
    failed: await page.$$eval('.checks [data-status="failed"]', (items) => items.map((i) => i.getAttribute('data-check'))),
  }
  await page.close()
  return result
}

describe('the verification page of a service on http://127.0.0.1', () => {
  it('verifies a badge that service issued (its own status list, same origin), and reads no other http origin', async () => {
    const badge = await issuedPng()
    expect(await check(issuingUrl, badge)).toEqual({ verified: 'true', status: 'passed', failed: [] })
    expect(await check(otherUrl, badge)).toEqual({ verified: 'false', status: 'failed', failed: ['status'] })
  }, 120_000)
})
