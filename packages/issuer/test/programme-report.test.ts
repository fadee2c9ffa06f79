// The programme report, on a seeded store whose figures were worked out by hand.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildProgrammeReport, describeFromCatalogue, programmeReportCsv, programmeReportHtml, PROGRAMME_REPORT_TABLES, type ProgrammeReport } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { EXPECTED, IDENTITIES, catalogue, seedProgramme, type SeededProgramme } from './fixtures/seed-programme.js'

let dir = ''
let seeded: SeededProgramme
let report: ProgrammeReport
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-report-'))
  seeded = await seedProgramme(dir)
  const store = await openSqliteStore({ path: seeded.db })
  try {
    report = await buildProgrammeReport({ store, issuerId: seeded.issuerId, describe: describeFromCatalogue(catalogue), now: new Date('2026-04-01T00:00:00Z') })
  } finally {
    await store.close()
  }
}, 120_000)
afterAll(() => (dir === '' ? undefined : rm(dir, { recursive: true, force: true })))

describe('buildProgrammeReport', () => {
  it('counts awards, assessment figures and clock hours per micro-credential and category', () => {
    expect(seeded.batchProblems).toEqual([5])
    expect(report.totals).toEqual(EXPECTED.totals)
    expect(report.microCredentials).toEqual(EXPECTED.microCredentials)
    expect(report.categories.map((c) => [c.category, c.microCredentials, c.awards, c.clockHours, c.passRate, c.medianDaysToAward])).toEqual([
      ['Master core academic content', 1, 3, 35, 0.5, 12],
      ['Think critically and solve complex problems', 1, 4, 50, 1, 4],
    ])
  })

  it('gives clock hours per educator, school and cohort, linking an educator\'s workflow award and her roster award', () => {
    expect(report.schools).toEqual(EXPECTED.schools)
    expect(report.cohorts).toEqual(EXPECTED.cohorts)
    expect(report.educators.map((e) => e.educator)).toEqual(['Educator 1', 'Educator 2', 'Educator 3', 'Educator 4', 'Educator 5'])
    const rows = report.educators.map((e) => [e.school, e.cohort, e.awards, e.clockHours]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    expect(rows).toEqual(EXPECTED.educators)
  })

  it('names no educator and no assessor, and shows no submission id', () => {
    const everything = [JSON.stringify(report), programmeReportHtml(report), ...PROGRAMME_REPORT_TABLES.map((t) => programmeReportCsv(report, t))].join('\n')
    for (const identity of [...IDENTITIES, ...seeded.submissionIds]) expect(everything).not.toContain(identity)
  })

  it('without a catalogue, names micro-credentials from the credentials and leaves them uncategorised', async () => {
    const store = await openSqliteStore({ path: seeded.db })
    try {
      const plain = await buildProgrammeReport({ store, issuerId: seeded.issuerId })
      expect(plain.microCredentials.map((m) => [m.name, m.category, m.awards])).toEqual([['Idea Generating', 'Uncategorised', 4], ['Mapping Concepts', 'Uncategorised', 3]])
      expect(plain.totals).toEqual(EXPECTED.totals)
    } finally {
      await store.close()
    }
  })
})

describe('programmeReportCsv', () => {
  it('writes each table with a header and empty cells for figures that do not exist', () => {
    const mcs = parse(programmeReportCsv(report, 'micro-credentials'), { columns: true }) as Record<string, string>[]
    expect(mcs.map((m) => [m.name, m.awards, m.clock_hours, m.pass_rate, m.median_days_to_award])).toEqual([['Mapping Concepts', '3', '35', '0.5', '12'], ['Idea Generating', '4', '50', '1', '4']])
    expect(programmeReportCsv(report, 'cohorts')).toBe('cohort,educators,awards,clock_hours\n2026-fall,1,1,15\n2026-spring,2,3,35\n')
    expect(programmeReportCsv({ ...report, totals: { ...report.totals, passRate: null } }, 'totals').split('\n')[1]).toMatch(/^7,1,85,5,2,1,4,2,1,5,3,,10,2026-04-01T00:00:00.000Z$/)
    expect(() => programmeReportCsv(report, 'people' as never)).toThrow(TypeError)
  })
})

describe('programmeReportHtml', () => {
  it('is one page that loads nothing from elsewhere, with a chart per figure and the tables', () => {
    const html = programmeReportHtml(report, { subtitle: 'Northwind Educator Academy' })
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=|href=/i)
    expect(html.match(/<svg /g)?.length).toBe(7)
    expect(html).toContain('<figcaption>Awards per micro-credential</figcaption>')
    expect(html).toContain('@media print')
    expect(html).toContain('<title>Mapping Concepts: 3</title>')
    expect(html).toContain('<td class="n">50%</td>')
    expect(html).toContain('<b>60%</b><span>Pass rate</span>')
    expect(programmeReportHtml({ ...report, microCredentials: [{ ...report.microCredentials[0]!, name: '<b>x</b> & "y"' }] })).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;')
  })
})
