// Who signed, as the verification page says it (attack class 11: any key can claim any name).
// "✓ Signed by <name>" only when the issuer's (endorser's) own key signed; otherwise "Claims to be
// <name> — not confirmed"; and with the trust registries of the page's server (`ob3 page --trust`),
// "on the <registry name>" for a trusted issuer or endorser — never for one that is not confirmed.
//
// Two layers, both in headless Debian Chromium: the render function alone, fed reports made here
// with verify(); and `ob3 page --trust` end to end, a credential pasted into the page it serves.
// Screenshots go to .test-artifacts/page-signer-<case>.png.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { type Browser, type Page } from 'playwright-core'
import { launchChromium } from '../support/launch-chromium.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL, createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof, type Ed25519Multikey, type Signer } from '@ob3/core'
import { finishReport, isIssuerConfirmed, parseTrustRegistry, verify, type TrustRegistry, type VerificationReport } from '@ob3/verifier'
import { createPageHandler, pageCommand } from '../../packages/cli/src/commands/page.js'
import { UsageError, type CliIo } from '../../packages/cli/src/io.js'

const ARTIFACTS = fileURLToPath(new URL('../../.test-artifacts/', import.meta.url))
const VERIFIER_DIR = fileURLToPath(new URL('../../packages/verifier/', import.meta.url))
const SIGNED = new Date('2026-01-01T00:00:00Z')
const NOW = new Date('2026-06-01T00:00:00Z')
const ACHIEVEMENT_ID = 'https://academy.example/mc/idea-generating'
/** The victims: real names on the registry, with https ids, whose keys the attacker does not have. */
const DISTRICT = 'https://lakeside.example/district'
const EDUCATION = 'https://education.lakeland.example'
const REGISTRY = 'Lakeland Registry of Approved Providers'

interface Party { key: Ed25519Multikey; signer: Signer; id: string }
async function party(seed: number): Promise<Party> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key), id: key.controller }
}
const [provider, state, attacker, teacher, publisher] = await Promise.all([party(41), party(42), party(43), party(44), party(45)])

/** The attacker's key, named in the lenient `<https issuer>#<multibase>` form: valid signature, key from the document itself. */
function claiming(issuer: string): Signer {
  return { id: `${issuer}#${attacker.key.publicKeyMultibase}`, algorithm: 'EdDSA', sign: (bytes) => attacker.signer.sign(bytes) }
}

async function endorsementBy(issuer: { id: string; name: string }, signer: Signer): Promise<Record<string, unknown>> {
  return signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      id: `urn:uuid:e0000000-0000-4000-8000-0000000000${issuer.id === state.id ? '41' : '42'}`,
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Approved for license renewal',
      issuer: { id: issuer.id, type: ['Profile'], name: issuer.name },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: ACHIEVEMENT_ID, type: ['EndorsementSubject'], endorsementComment: 'Counts for 15 clock hours toward renewal.' },
    },
    signer,
    created: SIGNED,
  })
}

async function badge(o: { issuer: { id: string; name: string }; signer: Signer; endorsement: Record<string, unknown>; id: string }): Promise<Record<string, unknown>> {
  return signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      id: o.id,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Idea Generating',
      issuer: { id: o.issuer.id, type: ['Profile'], name: o.issuer.name },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: teacher.id,
        type: ['AchievementSubject'],
        creditsEarned: 15,
        achievement: { id: ACHIEVEMENT_ID, type: ['Achievement'], name: 'Idea Generating', description: 'Brainstorming protocols that generate many ideas before judging any.', criteria: { narrative: 'A lesson plan and a video.' }, achievementType: 'MicroCredential', endorsement: [o.endorsement] },
      },
    },
    signer: o.signer,
    created: SIGNED,
  })
}

/** Signed by the provider's own did:key, endorsed by the state's own did:key. */
const genuine = await badge({ id: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000041', issuer: { id: provider.id, name: 'Northwind Educator Academy' }, signer: provider.signer, endorsement: await endorsementBy({ id: state.id, name: 'Lakeland Department of Education' }, state.signer) })
/** Names the district and the department (both on the registry), signed with the attacker's key. */
const forged = await badge({ id: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000042', issuer: { id: DISTRICT, name: 'Lakeside School District' }, signer: claiming(DISTRICT), endorsement: await endorsementBy({ id: EDUCATION, name: 'Lakeland Department of Education' }, claiming(EDUCATION)) })
/** Genuine, by an issuer no registry lists. */
const unlisted = await badge({ id: 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000043', issuer: { id: teacher.id, name: 'Riverside Teachers’ Circle' }, signer: teacher.signer, endorsement: await endorsementBy({ id: state.id, name: 'Lakeland Department of Education' }, state.signer) })

const registry: TrustRegistry = parseTrustRegistry({
  name: REGISTRY,
  entries: [
    { id: provider.id, name: 'Northwind Educator Academy', trustedFor: ['issuer'] },
    { id: state.id, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
    { id: DISTRICT, name: 'Lakeside School District', trustedFor: ['issuer'] },
    { id: EDUCATION, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
  ],
})

let browser: Browser

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true })
  browser = await launchChromium()
}, 30_000)

afterAll(async () => {
  await browser?.close()
})

/** What the render function shows of who signed. */
interface Rendered {
  heading: string
  chips: string[]
  issuer: string
  issuerConfirmed: string | null
  issuerWhy: string | null
  signers: string[]
  trustCheck: string | null
}

describe('the result view says who signed (render function, in Chromium)', () => {
  let page: Page

  beforeAll(async () => {
    // The render function alone, bundled for the browser as the page bundles it.
    const bundle = await esbuild.build({
      stdin: { contents: "import { renderResult } from './page/lib/render.ts'\n;(window as unknown as { ob3Render: unknown }).ob3Render = renderResult\n", resolveDir: VERIFIER_DIR, loader: 'ts', sourcefile: 'render-entry.ts' },
      bundle: true, platform: 'browser', format: 'iife', target: ['es2022'], write: false, logLevel: 'silent',
      conditions: ['source', 'browser', 'import', 'default'],
    })
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } })
    await page.setContent('<!doctype html><html lang="en"><body><main id="app"></main></body></html>')
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' })
  }, 60_000)

  async function render(report: VerificationReport, documents: Record<string, unknown>[], registries: TrustRegistry[] = []): Promise<Rendered> {
    return page.evaluate(({ report, documents, registries, at }) => {
      const renderResult = (window as unknown as { ob3Render: (parts: unknown) => DocumentFragment }).ob3Render
      const app = document.getElementById('app') as HTMLElement
      app.replaceChildren(renderResult({ report, documents, opened: { input: documents[0], label: 'badge.json', source: 'file', files: [] }, contacted: [], checkedAt: new Date(at), objectUrl: (b: Blob) => URL.createObjectURL(b), registries }))
      const text = (selector: string) => document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null
      return {
        heading: text('#verdict-title') ?? '',
        chips: Array.from(document.querySelectorAll('.verdict .chip')).map((c) => c.textContent ?? ''),
        // The issuer line without the id under the name.
        issuer: Array.from(document.querySelector('.issuer')?.childNodes ?? []).filter((n) => !(n instanceof HTMLElement && n.classList.contains('id'))).map((n) => n.textContent).join('').trim(),
        issuerConfirmed: document.querySelector('.issuer')?.getAttribute('data-confirmed') ?? null,
        issuerWhy: text('.issuer__why'),
        signers: Array.from(document.querySelectorAll('.endorsement__signer')).map((s) => s.textContent?.trim() ?? ''),
        trustCheck: document.querySelector('.checks [data-check="trust"]')?.getAttribute('data-status') ?? null,
      }
    }, { report, documents, registries, at: NOW.toISOString() })
  }

  it('a genuine credential: "✓ Signed by" the issuer and the endorser, and nothing about a registry without one', async () => {
    const report = await verify({ input: genuine, now: NOW })
    expect(isIssuerConfirmed(report)).toBe(true)
    const shown = await render(report, [genuine])
    expect(shown.heading).toBe('Verified')
    expect(shown.issuer).toBe('✓ Signed by Northwind Educator Academy')
    expect(shown.issuerConfirmed).toBe('true')
    expect(shown.chips).toContain('Signed by Northwind Educator Academy')
    expect(shown.chips.some((c) => c.startsWith('On the'))).toBe(false)
    expect(shown.signers).toEqual(['✓ Signed by Lakeland Department of Education'])
  })

  it('a forged credential (valid signature, key not the issuer\'s): "Claims to be … — not confirmed", for the issuer and the endorser', async () => {
    const report = await verify({ input: forged, now: NOW })
    expect(report.checks.find((c) => c.id === 'proof')?.code).toBe('ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
    const shown = await render(report, [forged])
    expect(shown.issuer).toBe('Claims to be Lakeside School District — not confirmed')
    expect(shown.issuerConfirmed).toBe('false')
    expect(shown.chips.join(' | ')).not.toContain('Signed by')
    expect(shown.signers).toEqual(['Claims to be Lakeland Department of Education — not confirmed'])
    // While the verifier lets the lenient key through as a remark, the verdict says what that means.
    if (report.verified) {
      expect(shown.heading).toBe('Verified, but the signer is not confirmed')
      expect(shown.issuerWhy).toBe('The signature is valid, but the key that made it is written in the badge itself and not published by Lakeside School District: anyone could have signed it.')
      expect(shown.chips).toContain('Claims to be Lakeside School District — not confirmed')
    } else {
      expect(shown.heading).toBe('Not verified')
    }
  })

  it('with a registry: "on the <registry name>" for a trusted, confirmed issuer and endorser; "not on" for an unlisted one', async () => {
    const trusted = await render(await verify({ input: genuine, now: NOW, trust: registry, trustPolicy: 'warn' }), [genuine], [registry])
    expect(trusted.issuer).toBe(`✓ Signed by Northwind Educator Academy, on the ${REGISTRY}`)
    expect(trusted.chips).toEqual(expect.arrayContaining(['Signed by Northwind Educator Academy', `On the ${REGISTRY}`]))
    expect(trusted.signers).toEqual([`✓ Signed by Lakeland Department of Education, on the ${REGISTRY}`])
    const other = await render(await verify({ input: unlisted, now: NOW, trust: registry, trustPolicy: 'warn' }), [unlisted], [registry])
    expect(other.issuer).toBe(`✓ Signed by Riverside Teachers’ Circle — not on the ${REGISTRY}`)
    expect(other.chips.some((c) => c.startsWith('On the'))).toBe(false)
    // Two registries: each one that lists the endorser is named.
    const second = parseTrustRegistry({ name: 'the Riverbend Accreditors’ List', entries: [{ id: state.id, name: 'Lakeland Department of Education', trustedFor: ['endorser'] }] })
    const both = await render(await verify({ input: genuine, now: NOW }), [genuine], [registry, second])
    expect(both.signers).toEqual([`✓ Signed by Lakeland Department of Education, on the ${REGISTRY} and the Riverbend Accreditors’ List`])
    expect(both.issuer).toBe(`✓ Signed by Northwind Educator Academy, on the ${REGISTRY}`)
  })

  it('never shows an issuer that is not confirmed as trusted, even when the report\'s trust check passed', async () => {
    // The registry lists the district the forgery names: a registry vouches for the issuer, not for the attacker's key.
    const report = await verify({ input: forged, now: NOW, trust: registry, trustPolicy: 'warn' })
    const shown = await render(report, [forged], [registry])
    expect(shown.issuer).toBe('Claims to be Lakeside School District — not confirmed')
    expect(shown.issuer).not.toContain('on the')
    expect(shown.chips.some((c) => c.startsWith('On the'))).toBe(false)
    expect(shown.signers).toEqual(['Claims to be Lakeland Department of Education — not confirmed'])
    expect(shown.trustCheck).not.toBe('passed')
    // The same with a report whose trust check passed outright (what a verifier that trusts the name would say).
    const passedTrust = finishReport({ ...report, checks: report.checks.map((c) => (c.id === 'trust' ? { id: 'trust', status: 'passed' as const, message: `the issuer is trusted by ${REGISTRY}` } : c)) })
    const again = await render(passedTrust, [forged], [registry])
    expect(again.trustCheck).toBe('warning')
    expect(again.issuer).toBe('Claims to be Lakeside School District — not confirmed')
    await page.screenshot({ path: `${ARTIFACTS}page-signer-render-forged.png`, fullPage: true })
  })
})

describe('ob3 page --trust, in Chromium', () => {
  let dir = ''
  let url = ''
  const stop = new AbortController()
  let served: Promise<number> | undefined
  const printed: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ob3-page-trust-'))
    await writeFile(join(dir, 'registry.json'), JSON.stringify(registry))
    // A second registry, signed by its publisher: read and verified as ob3 verify --trust reads it.
    const signedRegistry = await signLinkedDataProof({
      document: {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/undefined-terms/v2'],
        id: 'urn:uuid:7e9d0000-0000-4000-8000-000000000041',
        type: ['VerifiableCredential'],
        issuer: publisher.id,
        validFrom: '2026-01-01T00:00:00Z',
        credentialSubject: { name: 'Riverbend Accreditors’ List', entries: [{ id: state.id, name: 'Lakeland Department of Education', trustedFor: ['endorser'] }] },
      },
      signer: publisher.signer,
      created: SIGNED,
    })
    await writeFile(join(dir, 'signed-registry.json'), JSON.stringify(signedRegistry))
    const io: CliIo = { stdout: (t) => void printed.push(t), stderr: (t) => void printed.push(t), readStdin: async () => new Uint8Array(0), isTty: false, cwd: dir, fetch: undefined }
    await new Promise<void>((resolve, reject) => {
      served = pageCommand(['--port', '0', '--trust', 'registry.json', '--trust', 'signed-registry.json'], io, { signal: stop.signal, onListening: (u) => { url = u; resolve() } })
      served.then(() => reject(new Error(`ob3 page stopped: ${printed.join('')}`)), reject)
    })
  }, 60_000)

  afterAll(async () => {
    stop.abort()
    await served?.catch(() => undefined)
    if (dir !== '') await rm(dir, { recursive: true, force: true })
  })

  it('serves the registries next to the page and points the page at them', async () => {
    expect(printed.join('')).toContain(`It shows who is on ${REGISTRY}, Riverbend Accreditors’ List (--trust).`)
    const html = await (await fetch(url)).text()
    expect(html).toContain('<meta name="ob3-trust-registries" content="trust-registries.json">')
    const response = await fetch(`${url}trust-registries.json`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    const body = (await response.json()) as { registries: TrustRegistry[] }
    expect(body.registries.map((r) => [r.name, r.entries.length])).toEqual([[REGISTRY, 4], ['Riverbend Accreditors’ List', 1]])
    // A registry that cannot be read stops ob3 page before it serves anything.
    const quiet: CliIo = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => new Uint8Array(0), isTty: false, cwd: dir, fetch: undefined }
    await expect(pageCommand(['--port', '0', '--trust', 'missing.json'], quiet)).rejects.toThrow(UsageError)
    await expect(createPageHandler({ assets: new Map([['index.html', { body: new Uint8Array(0), contentType: 'text/html' }]]), trustRegistries: [{ name: 'x' } as TrustRegistry] })).rejects.toThrow(TypeError)
  })

  /** Paste a credential into the page, wait until it is done, screenshot it. */
  async function paste(credential: Record<string, unknown>, name: string): Promise<{ page: Page; verified: string | null }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const problems: string[] = []
    const origins = new Set<string>()
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('request', (r) => { if (/^https?:/.test(r.url())) origins.add(new URL(r.url()).origin) })
    await page.goto(url)
    await page.waitForSelector('html[data-ob3-state="idle"]')
    await page.fill('#paste', JSON.stringify(credential))
    await page.click('form.paste button')
    await page.waitForSelector('html[data-ob3-state="done"]', { timeout: 20_000 })
    await page.screenshot({ path: `${ARTIFACTS}page-signer-${name}.png`, fullPage: true })
    expect(problems, 'console errors and CSP violations').toEqual([])
    expect([...origins]).toEqual([new URL(url).origin])
    return { page, verified: await page.getAttribute('html', 'data-ob3-verified') }
  }

  const line = (page: Page, selector: string) => page.$$eval(selector, (items) => items.map((i) => Array.from(i.childNodes).filter((n) => !(n instanceof HTMLElement && n.classList.contains('id'))).map((n) => n.textContent).join('').replace(/\s+/g, ' ').trim()))

  it('a genuine credential by a trusted issuer: "✓ Signed by …, on the <registry>", its endorser on both registries', async () => {
    const { page, verified } = await paste(genuine, 'trusted')
    expect(verified).toBe('true')
    expect(await line(page, '.issuer')).toEqual([`✓ Signed by Northwind Educator Academy, on the ${REGISTRY}`])
    expect(await line(page, '.endorsement__signer')).toEqual([`✓ Signed by Lakeland Department of Education, on the ${REGISTRY} and the Riverbend Accreditors’ List`])
    expect(await page.$$eval('.verdict .chip', (c) => c.map((x) => x.textContent))).toEqual(expect.arrayContaining(['Signed by Northwind Educator Academy', `On the ${REGISTRY}`]))
    expect(await page.getAttribute('.checks [data-check="trust"]', 'data-status')).toBe('passed')
    expect(await page.textContent('.fineprint')).toContain(`Trusted lists, from the server of this page: ${REGISTRY}; Riverbend Accreditors’ List.`)
    await page.close()
  })

  it('a forged credential naming a listed issuer: "Claims to be … — not confirmed", never on the registry; data-ob3-verified as verify() says', async () => {
    const expected = await verify({ input: forged, trust: registry, trustPolicy: 'warn' })
    const { page, verified } = await paste(forged, 'forged')
    expect(verified).toBe(String(expected.verified))
    expect(await line(page, '.issuer')).toEqual(['Claims to be Lakeside School District — not confirmed'])
    expect(await line(page, '.endorsement__signer')).toEqual(['Claims to be Lakeland Department of Education — not confirmed'])
    expect(await page.textContent('main')).not.toContain(`on the ${REGISTRY}`)
    expect(await page.textContent('main')).not.toContain('Signed by Lakeside School District')
    expect(await page.getAttribute('.checks [data-check="trust"]', 'data-status')).not.toBe('passed')
    await page.close()
  })
})
