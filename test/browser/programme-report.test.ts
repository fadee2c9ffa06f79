// `ob3 report` on a seeded issuer store: its CSV tables carry the hand-worked figures, and its
// HTML page, opened in headless Debian Chromium, draws its charts without fetching anything,
// on screen and in print. Screenshots and the printed PDF go to .test-artifacts/ (git-ignored).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../packages/cli/test/helpers.js'
import { EXPECTED, IDENTITIES, seedProgramme, type SeededProgramme } from '../../packages/issuer/test/fixtures/seed-programme.js'
import { launchChromium } from '../support/launch-chromium.js'

const ARTIFACTS = fileURLToPath(new URL('../../.test-artifacts/', import.meta.url))
const CATALOGUE = fileURLToPath(new URL('../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url))
let dir = ''
let seeded: SeededProgramme
let browser: Browser | undefined
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-report-page-'))
  seeded = await seedProgramme(dir)
  await mkdir(ARTIFACTS, { recursive: true })
}, 120_000)
afterAll(async () => {
  await browser?.close()
  if (dir !== '') await rm(dir, { recursive: true, force: true })
})

describe('ob3 report', () => {
  it('writes the report as JSON, CSV tables and one HTML page', async () => {
    const run = await runCli(['report', '--db', seeded.db, '--issuer', seeded.issuerId, '--catalogue', CATALOGUE, '--out-dir', 'report', '--now', '2026-04-01T00:00:00Z', '--title', 'Deeper Learning pilot'], dir)
    expect([run.code, run.stderr]).toEqual([0, 'wrote report.json, report.html and 6 CSV tables to report\n'])
    const json = JSON.parse(await readFile(join(dir, 'report', 'report.json'), 'utf8')) as { totals: unknown }
    expect(json.totals).toEqual(EXPECTED.totals)
    const schools = parse(await readFile(join(dir, 'report', 'schools.csv'), 'utf8'), { columns: true, cast: true }) as Record<string, unknown>[]
    expect(schools).toEqual(EXPECTED.schools.map((s) => ({ school: s.name, educators: s.educators, awards: s.awards, clock_hours: s.clockHours })))
    const csv = await runCli(['report', '--db', seeded.db, '--issuer', seeded.issuerId, '--format', 'csv', '--table', 'categories'], dir)
    expect(csv.stdout.split('\n')[0]).toBe('category,micro_credentials,awards,revoked,clock_hours,submissions,returns,resubmissions,scored,passed,pass_rate,median_days_to_award')
    expect(csv.stdout.split('\n')[1]).toBe('Uncategorised,2,7,1,85,4,2,1,5,3,0.6,10')
    expect((await runCli(['report', '--db', seeded.db], dir)).code).toBe(2)
    expect((await runCli(['report', '--db', seeded.db, '--issuer', seeded.issuerId, '--table', 'educators'], dir)).code).toBe(2)
  }, 60_000)

  it('opens in Chromium with its charts drawn, nothing fetched, nobody named, and prints', async () => {
    const path = join(dir, 'report', 'report.html')
    browser = await launchChromium()
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(path).href)
    expect(requests).toEqual([pathToFileURL(path).href])
    expect(await page.locator('h1').textContent()).toBe('Deeper Learning pilot')
    expect(await page.locator('svg').count()).toBe(7)
    // every chart has visible bars: the widest bar of each spans most of its chart
    const widths = await page.locator('svg').evaluateAll((svgs) => svgs.map((s) => Math.max(...Array.from(s.querySelectorAll("rect")).map((r) => r.getBoundingClientRect().width))))
    for (const w of widths) expect(w).toBeGreaterThan(100)
    const text = (await page.locator('body').innerText())
    for (const identity of IDENTITIES) expect(text).not.toContain(identity)
    expect(text).toContain('Mapping Concepts')
    expect(text).toContain('South Middle')
    await page.screenshot({ path: join(ARTIFACTS, 'programme-report.png'), fullPage: true })
    await page.emulateMedia({ media: 'print' })
    await page.screenshot({ path: join(ARTIFACTS, 'programme-report-print.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4' })
    await writeFile(join(ARTIFACTS, 'programme-report.pdf'), pdf)
    const pages = new TextDecoder('latin1').decode(pdf).match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
    expect(pages).toBeGreaterThanOrEqual(2)
    expect(pages).toBeLessThanOrEqual(4)
  }, 60_000)
})
