// The verification page, end to end in headless Debian Chromium (playwright-core): the page server
// of `ob3 page` on a loopback port, share links built here with fixed keys, and a small test server
// for what the page fetches — a hosted share's encrypted bundle and a status list. Each case saves a
// screenshot to .test-artifacts/page-<case>.png.
//
// The page refuses http: and loopback fetches unless the server that serves it opts in
// (`createNodePageHandler({ allowPrivateNetwork: true })`, `ob3 page --allow-private-network`): the
// switch belongs to whoever runs the page, never to whoever writes the link.
import { mkdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'
import { type Browser, type Page } from 'playwright-core'
import { launchChromium } from '../support/launch-chromium.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CREDENTIALS_V2_URL,
  bakePng,
  MIN_STATUS_LIST_LENGTH,
  OB_CONTEXT_URL,
  computeDigestMultibase,
  computeDigestSri,
  createEd25519Signer,
  ed25519KeyFromSeed,
  encodeStatusList,
  signLinkedDataProof,
  toBase64Url,
  writeStatusBit,
  type Signer,
} from '@ob3/core'
// The share-link module is not exported from @ob3/core's entry yet.
import { encodeHostedShareLink, encodeShareLink, encryptShareBundle, type ShareDocument } from '../../packages/core/src/share/index.js'
import { createNodePageHandler, createPageHandler, pageAssets, type PageAssets } from '../../packages/cli/src/commands/page.js'

const ARTIFACTS = fileURLToPath(new URL('../../.test-artifacts/', import.meta.url))
const SIGNED = new Date('2026-01-01T00:00:00Z')
const ACHIEVEMENT_ID = 'https://academy.example/mc/idea-generating'

interface Party { signer: Signer; id: string }
async function party(seed: number): Promise<Party> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { signer: await createEd25519Signer(key), id: key.controller }
}

const [provider, state, teacher] = await Promise.all([party(31), party(32), party(33)])

/** The files of a teacher's submission: a lesson plan, a chart of student work, a video not shared. */
const lessonPlan = new TextEncoder().encode('# Brainstorm protocol\n\n1. Silent writing, 3 minutes.\n2. Round robin: every idea is written down.\n3. Only then, the class votes.\n')
const studentWork = chartPng()
const video = new Uint8Array(4096).map((_, i) => (i * 31) % 251)

let pageServer: Server
let dataServer: Server
let pageUrl: string
let dataUrl: string
/** What the data server serves, by path. */
const served = new Map<string, { body: Uint8Array | string; type: string }>()
let browser: Browser
let assets: PageAssets

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true })
  assets = await pageAssets()
  const handler = await createNodePageHandler({ assets, allowPrivateNetwork: true })
  pageServer = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end()
  })
  dataServer = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'accept' }
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
    const found = served.get(new URL(req.url ?? '/', 'http://x').pathname)
    if (found === undefined) return void res.writeHead(404, cors).end()
    res.writeHead(200, { ...cors, 'content-type': found.type }).end(found.body)
  })
  pageUrl = `http://127.0.0.1:${await listen(pageServer)}/`
  dataUrl = `http://127.0.0.1:${await listen(dataServer)}`
  served.set('/status/1', { body: JSON.stringify(await statusList([7])), type: 'application/json' })
  browser = await launchChromium()
}, 30_000)

afterAll(async () => {
  await browser?.close()
  await Promise.all([pageServer, dataServer].map((s) => new Promise((resolve) => (s === undefined ? resolve(undefined) : s.close(resolve)))))
})

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

/** A signed revocation list with the given bits set, published by the provider. */
async function statusList(revoked: number[]): Promise<Record<string, unknown>> {
  const bits = new Uint8Array(MIN_STATUS_LIST_LENGTH / 8)
  for (const i of revoked) writeStatusBit(bits, i, true)
  return signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL],
      id: `${dataUrl}/status/1`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: provider.id,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: `${dataUrl}/status/1#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: await encodeStatusList(bits) },
    },
    signer: provider.signer,
    created: SIGNED,
  })
}

/** The teacher's micro-credential, signed by the provider, with a state endorsement of its achievement. */
async function awarded(options: { statusIndex: number; evidence?: boolean; image?: boolean }): Promise<Record<string, unknown>> {
  const endorsement = await signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      id: 'urn:uuid:e0000000-0000-4000-8000-000000000031',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Approved for license renewal',
      issuer: { id: state.id, type: ['Profile'], name: 'Lakeland Department of Education' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: ACHIEVEMENT_ID, type: ['EndorsementSubject'], endorsementComment: 'Approved for **15 clock hours** toward license renewal in Lakeland.' },
    },
    signer: state.signer,
    created: SIGNED,
  })
  const evidence = options.evidence === true
    ? [
        { type: ['Evidence'], name: 'Lesson plan', mediaType: 'text/markdown', digestMultibase: await computeDigestMultibase(lessonPlan), digestSRI: await computeDigestSri(lessonPlan) },
        { type: ['Evidence'], name: 'Student work sample', mediaType: 'image/png', narrative: 'Ideas per student before the vote, anonymized.', digestMultibase: await computeDigestMultibase(studentWork) },
        { type: ['Evidence'], name: 'Classroom video', mediaType: 'video/mp4', digestMultibase: await computeDigestMultibase(video) },
      ]
    : undefined
  return signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      id: `urn:uuid:0b5e7c1a-0000-4000-8000-0000000000${String(options.statusIndex).padStart(2, '0')}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Idea Generating',
      issuer: { id: provider.id, type: ['Profile'], name: 'Northwind Educator Academy', url: 'https://academy.example' },
      validFrom: '2026-01-01T00:00:00Z',
      ...(options.image === true ? { image: { id: badgeSvgDataUrl(), type: 'Image', caption: 'The Idea Generating badge' } } : {}),
      credentialSubject: {
        id: teacher.id,
        type: ['AchievementSubject'],
        creditsEarned: 15,
        achievement: {
          id: ACHIEVEMENT_ID,
          type: ['Achievement'],
          name: 'Idea Generating',
          description: 'The educator leads students through brainstorming protocols that generate many ideas before judging any.',
          achievementType: 'MicroCredential',
          creditsAvailable: 15,
          criteria: {
            narrative: 'Submit **three pieces of evidence**, each scored against the rubric by two trained assessors:\n\n1. A *lesson plan* for a brainstorming protocol\n2. A sample of student work, names removed\n3. A video of the protocol in class\n\nSee the [micro-credential guide](https://academy.example/mc/idea-generating/guide) for the rubric.',
          },
          endorsement: [endorsement],
        },
      },
      credentialStatus: { id: `${dataUrl}/status/1#${options.statusIndex}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(options.statusIndex), statusListCredential: `${dataUrl}/status/1` },
      ...(evidence === undefined ? {} : { evidence }),
    },
    signer: provider.signer,
    created: SIGNED,
  })
}

/** The teacher's share: a presentation she signs (authentication), valid until `validUntil`. */
async function presentation(credential: Record<string, unknown>, validUntil: string): Promise<Record<string, unknown>> {
  return signLinkedDataProof({
    document: {
      // The VC 2.0 context defines validUntil for credentials only; a presentation defines it itself.
      '@context': [CREDENTIALS_V2_URL, { validUntil: { '@id': 'https://www.w3.org/2018/credentials#validUntil', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' } }],
      type: ['VerifiablePresentation'],
      holder: teacher.id,
      validUntil,
      verifiableCredential: [credential],
    },
    signer: teacher.signer,
    created: SIGNED,
    proofPurpose: 'authentication',
  })
}

interface Shown {
  verified: string | null
  failed: string[]
  page: Page
}

/** Open a link in a fresh page, wait until the page is done, and save a screenshot. */
async function open(link: string, name: string): Promise<Shown> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  const problems: string[] = []
  const origins = new Set<string>()
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('request', (r) => { if (/^https?:/.test(r.url())) origins.add(new URL(r.url()).origin) })
  await page.goto(link)
  await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 20_000 })
  await page.screenshot({ path: `${ARTIFACTS}page-${name}.png`, fullPage: true })
  expect(problems, 'console errors and CSP violations').toEqual([])
  // Nothing goes anywhere but the page's server and the data server (bundle, status list).
  expect([...origins].every((o) => o === new URL(pageUrl).origin || o === dataUrl), [...origins].join(', ')).toBe(true)
  const verified = await page.getAttribute('html', 'data-ob3-verified')
  const failed = await page.$$eval('.checks [data-status="failed"]', (items) => items.map((i) => i.getAttribute('data-check') ?? ''))
  return { verified, failed, page }
}

async function inlineLink(presentationDocument: Record<string, unknown>): Promise<string> {
  return encodeShareLink({ baseUrl: pageUrl, document: { v: 1, presentation: presentationDocument, artifacts: [] }, maxLength: 100_000 })
}

describe('the verification page in Chromium', () => {
  it('shows a valid hosted share as verified: the badge, its issuer, criteria, endorsement and shared files', async () => {
    const credential = await awarded({ statusIndex: 3, evidence: true, image: true })
    const document: ShareDocument = {
      v: 1,
      presentation: await presentation(credential, '2099-01-01T00:00:00Z'),
      artifacts: [
        { name: 'student-work.png', mediaType: 'image/png', data: toBase64Url(studentWork) },
        { name: 'lesson-plan.md', mediaType: 'text/markdown', data: toBase64Url(lessonPlan) },
      ],
    }
    const { key, bundle } = await encryptShareBundle(document)
    served.set('/bundles/valid', { body: bundle, type: 'application/octet-stream' })
    const { verified, failed, page } = await open(encodeHostedShareLink({ baseUrl: pageUrl, bundleUrl: `${dataUrl}/bundles/valid`, key }), 'valid')
    expect(verified).toBe('true')
    expect(failed).toEqual([])
    expect(await page.isVisible('.verdict--ok >> text=Verified')).toBe(true)
    expect(await page.isVisible('h2:has-text("Idea Generating")')).toBe(true)
    expect(await page.isVisible('.issuer >> text=Northwind Educator Academy')).toBe(true)
    // The credential's own image, the criteria rendered from Markdown, the state's endorsement.
    expect(await page.getAttribute('.badge__image img', 'src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(await page.textContent('.prose strong')).toBe('three pieces of evidence')
    expect(await page.getAttribute('.prose a', 'href')).toBe('https://academy.example/mc/idea-generating/guide')
    expect(await page.$$eval('.endorsement', (e) => e.map((x) => [x.getAttribute('data-verified'), x.querySelector('strong')?.textContent]))).toEqual([['true', 'Lakeland Department of Education']])
    // The shared image is previewed from a blob: URL and decoded; the lesson plan is a download; the video was not shared.
    const preview = await page.$eval('.artifact[data-matches="true"] img', (img) => ({ src: (img as HTMLImageElement).src, width: (img as HTMLImageElement).naturalWidth }))
    expect(preview.src).toMatch(/^blob:/)
    expect(preview.width).toBe(320)
    expect(await page.$$eval('.artifact', (items) => items.map((i) => [i.querySelector('.artifact__name')?.textContent, i.getAttribute('data-shared'), i.getAttribute('data-matches')]))).toEqual([
      ['Lesson plan', 'true', 'true'],
      ['Student work sample', 'true', 'true'],
      ['Classroom video', 'false', null],
    ])
    expect(await page.getAttribute('a.download >> nth=0', 'download')).toBe('lesson-plan.md')
    expect(await page.$$eval('.checks [data-status="passed"]', (items) => items.map((i) => i.getAttribute('data-check')))).toEqual(
      ['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'artifacts', 'holder', 'expiry-of-share'],
    )
    await page.close()
  })

  it('shows a tampered share as not verified because of the issuer\'s signature, and renders no markup from it', async () => {
    const credential = await awarded({ statusIndex: 4 })
    const subject = credential.credentialSubject as { achievement: Record<string, unknown> }
    // Changed after the issuer signed (the teacher re-signs the presentation, so only the credential's proof breaks).
    const tampered = {
      ...credential,
      credentialSubject: {
        ...subject,
        achievement: { ...subject.achievement, name: 'Master Teacher', criteria: { narrative: 'Trust me <img src=x onerror="window.pwned=1"> and [click here](javascript:window.pwned=1).' } },
      },
    }
    const { verified, failed, page } = await open(await inlineLink(await presentation(tampered, '2099-01-01T00:00:00Z')), 'tampered')
    expect(verified).toBe('false')
    expect(failed).toEqual(['proof'])
    expect(await page.textContent('.verdict__failures li[data-check="proof"]')).toContain('Issuer’s signature')
    expect(await page.isVisible('.verdict--fail >> text=Not verified')).toBe(true)
    expect(await page.textContent('.prose')).toContain('<img src=x onerror="window.pwned=1">')
    expect(await page.$$('.prose img, .prose a')).toHaveLength(0)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    await page.close()
  })

  it('shows a revoked credential as not verified because of its status', async () => {
    const { verified, failed, page } = await open(await inlineLink(await presentation(await awarded({ statusIndex: 7 }), '2099-01-01T00:00:00Z')), 'revoked')
    expect(verified).toBe('false')
    expect(failed).toEqual(['status'])
    expect(await page.textContent('.verdict__failures li[data-check="status"]')).toContain('The issuer has revoked this badge.')
    await page.close()
  })

  it('shows an expired share as not verified because of expiry-of-share', async () => {
    const { verified, failed, page } = await open(await inlineLink(await presentation(await awarded({ statusIndex: 5 }), '2026-02-01T00:00:00Z')), 'expired')
    expect(verified).toBe('false')
    expect(failed).toEqual(['expiry-of-share'])
    expect(await page.textContent('.verdict__failures li[data-check="expiry-of-share"]')).toContain('The share link has expired')
    await page.close()
  })
})

describe('the start page', () => {
  it('is served with its Content-Security-Policy and starts out loading', async () => {
    const response = await fetch(pageUrl)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' https: http:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await response.text()
    expect(html).toContain('<html lang="en" data-ob3-state="loading"')
    expect(html).toContain('<meta name="ob3-allow-private-network" content="true">')
    expect((await fetch(`${pageUrl}page.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await fetch(`${pageUrl}src/`)).status).toBe(404)
    // The same page for a Web-standard server (@ob3/server's pageHandler), https only by default.
    const fetchHandler = await createPageHandler({ assets })
    const page = await fetchHandler(new Request('http://localhost/'))
    expect(page?.status).toBe(200)
    expect(page?.headers.get('content-security-policy')).toContain("connect-src 'self' https:;")
    expect(await page?.text()).toContain('<meta name="ob3-allow-private-network" content="false">')
    expect(await fetchHandler(new Request('http://localhost/shares/abc'))).toBeUndefined()
    expect((await fetchHandler(new Request('http://localhost/page.js', { method: 'POST' })))?.status).toBe(405)
  })

  it('checks a baked PNG badge chosen with the file picker (no link), on a phone-sized screen', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 })
    await page.goto(pageUrl)
    await page.waitForSelector('html[data-ob3-state="idle"]')
    await page.screenshot({ path: `${ARTIFACTS}page-start.png`, fullPage: true })
    const badge = await bakePng({ image: medallionPng(), credential: await awarded({ statusIndex: 6 }) })
    await page.setInputFiles('#file', { name: 'idea-generating.png', mimeType: 'image/png', buffer: Buffer.from(badge) })
    await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 20_000 })
    await page.screenshot({ path: `${ARTIFACTS}page-file.png`, fullPage: true })
    expect(await page.getAttribute('html', 'data-ob3-verified')).toBe('true')
    // The badge file itself is the image; a credential alone has no holder or share to check.
    expect(await page.getAttribute('.badge__image img', 'src')).toMatch(/^blob:/)
    expect(await page.$$eval('.checks [data-status="passed"]', (items) => items.map((i) => i.getAttribute('data-check')))).toEqual(
      ['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements'],
    )
    await page.close()
  })
})

describe('an Open Badges 2.0 badge on the page', () => {
  it('shows a hosted 2.0 assertion with what its BadgeClass, issuer Profile and evidence say', async () => {
    const issuer = `${dataUrl}/ob2/issuer`
    const badge = `${dataUrl}/ob2/badges/idea-generating`
    const assertionUrl = `${dataUrl}/ob2/assertions/1`
    const OB2 = 'https://w3id.org/openbadges/v2'
    const assertion = {
      '@context': OB2, id: assertionUrl, type: 'Assertion', badge, verification: { type: 'HostedBadge' }, issuedOn: '2025-05-02T00:00:00Z',
      recipient: { type: 'email', hashed: true, salt: 'pepper', identity: 'sha256$' + '0'.repeat(64) },
      narrative: 'Ran the **brainstorming protocol** with two classes.',
      evidence: [{ id: 'https://teacher.example/lesson-plan', name: 'Lesson plan', narrative: 'The protocol, step by step.' }],
    }
    served.set('/ob2/assertions/1', { body: JSON.stringify(assertion), type: 'application/json' })
    served.set('/ob2/badges/idea-generating', { body: JSON.stringify({ '@context': OB2, id: badge, type: 'BadgeClass', name: 'Idea Generating (2.0)', description: 'Brainstorming before judging.', image: badgeSvgDataUrl(), criteria: { narrative: 'Lead three brainstorming protocols.' }, issuer }), type: 'application/json' })
    served.set('/ob2/issuer', { body: JSON.stringify({ '@context': OB2, id: issuer, type: 'Issuer', name: 'Northwind Educator Academy', url: 'https://academy.example', email: 'badges@academy.example' }), type: 'application/json' })
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    await page.goto(pageUrl)
    await page.waitForSelector('html[data-ob3-state="idle"]')
    await page.setInputFiles('#file', { name: 'idea-generating.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(assertion)) })
    await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 20_000 })
    await page.screenshot({ path: `${ARTIFACTS}page-ob2.png`, fullPage: true })
    expect(await page.getAttribute('html', 'data-ob3-verified')).toBe('true')
    const text = async (selector: string) => (await page.textContent(selector))?.replace(/\s+/g, ' ').trim()
    expect(await text('#verdict-title')).toBe('Verified')
    expect(await text('.badge .eyebrow')).toBe('Open Badges 2.0 badge')
    expect(await text('.badge h2')).toBe('Idea Generating (2.0)')
    expect(await text('.badge .description')).toBe('Brainstorming before judging.')
    expect(await text('.badge .issuer')).toContain('Signed by Northwind Educator Academy')
    expect(await page.getAttribute('.badge__image img', 'src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(await page.$$eval('.facts div', (rows) => rows.map((r) => [r.querySelector('dt')?.textContent, r.querySelector('dd')?.textContent]))).toEqual([
      ['Issued', expect.stringContaining('2025')],
      ['Valid until', 'No end date'],
      ['Awarded to', 'email (hashed)'],
    ])
    expect(await text('[aria-labelledby="badge-1-criteria"] .prose')).toBe('Lead three brainstorming protocols.')
    expect(await text('[aria-labelledby="badge-1-evidence"] .prose strong')).toBe('brainstorming protocol')
    expect(await page.$$eval('.evidence-links a', (links) => links.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([['Lesson plan', 'https://teacher.example/lesson-plan']])
    expect(await page.$$eval('.checks [data-status="passed"]', (items) => items.map((i) => i.getAttribute('data-check')))).toEqual(['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status'])
    // The checks speak of the specification checked.
    expect(await text('.checks [data-check="context"] .check__title')).toBe('Open Badges 2.0 vocabulary — Passed. It uses the Open Badges 2.0 vocabulary.')
    expect(await text('.checks [data-check="schema"] .check__title')).toBe('Well formed — Passed. Its content follows the Open Badges 2.0 data model.')
    await page.close()
  })
})

/** A badge image as the issuer would embed it: an SVG data: URL. */
function badgeSvgDataUrl(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ffb347"/><stop offset="1" stop-color="#e8590c"/></linearGradient></defs>
<polygon points="120,8 217,64 217,176 120,232 23,176 23,64" fill="url(#g)"/>
<polygon points="120,28 200,74 200,166 120,212 40,166 40,74" fill="#fff7ed"/>
<circle cx="120" cy="104" r="34" fill="#fcd34d" stroke="#92400e" stroke-width="5"/>
<path d="M106 136h28v14a14 6 0 0 1-28 0z" fill="#92400e"/>
<path d="M120 44v14M74 62l10 10M166 62l-10 10M62 104h14M164 104h14" stroke="#e8590c" stroke-width="6" stroke-linecap="round"/>
<text x="120" y="188" font-family="sans-serif" font-size="15" font-weight="700" text-anchor="middle" fill="#7c2d12">IDEA GENERATING</text>
</svg>`
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/** A 320×200 PNG bar chart (ideas per student): a stand-in for a photo of student work. */
function chartPng(): Uint8Array {
  const bars = [14, 9, 17, 11, 6, 15]
  const colors = [[37, 99, 235], [5, 150, 105], [234, 88, 12], [147, 51, 234], [219, 39, 119], [202, 138, 4]]
  return png(320, 200, (x, y) => {
    const bar = Math.floor((x - 20) / 48)
    const inBar = x >= 20 && (x - 20) % 48 >= 8 && (x - 20) % 48 < 40 && bar < bars.length
    if (inBar && y >= 180 - (bars[bar] as number) * 9 && y < 180) return colors[bar] as number[]
    if (y === 180 && x >= 12) return [68, 64, 60]
    return y % 20 === 0 ? [231, 229, 228] : [255, 251, 235]
  })
}

/** A 240×240 round medallion, the image a badge is baked into. */
function medallionPng(): Uint8Array {
  return png(240, 240, (x, y) => {
    const d = Math.hypot(x - 120, y - 120)
    if (d > 112) return [255, 255, 255]
    if (d > 100) return [180, 83, 9]
    if (d > 96) return [255, 237, 213]
    if (Math.abs(x - 120) < 10 && y > 60 && y < 180) return [255, 237, 213]
    if (Math.abs(y - 120) < 10 && x > 60 && x < 180) return [255, 237, 213]
    return [234, 88, 12]
  })
}

/** An RGB PNG drawn pixel by pixel. */
function png(width: number, height: number, pixel: (x: number, y: number) => number[]): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3)
  }
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    out.write(type, 4, 'latin1')
    data.copy(out, 8)
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]))
}
