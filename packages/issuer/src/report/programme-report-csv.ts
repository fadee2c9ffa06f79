import { stringify } from 'csv-stringify/sync'
import type { ProgrammeReport } from './build-programme-report.js'

/** The tables of a programme report, each one CSV file. */
export const PROGRAMME_REPORT_TABLES = ['totals', 'micro-credentials', 'categories', 'educators', 'schools', 'cohorts'] as const

/** One of {@link PROGRAMME_REPORT_TABLES}. */
export type ProgrammeReportTable = (typeof PROGRAMME_REPORT_TABLES)[number]

const FIGURES = ['submissions', 'returns', 'resubmissions', 'scored', 'passed', 'pass_rate', 'median_days_to_award'] as const

const cell = (v: number | null): string | number => (v === null ? '' : v)

/**
 * One table of a programme report as CSV (a header row, then one row per line; empty cells for
 * figures that do not exist, such as a pass rate with nothing scored).
 *
 * @example
 * ```ts
 * await writeFile('micro-credentials.csv', programmeReportCsv(report, 'micro-credentials'))
 * ```
 */
export function programmeReportCsv(report: ProgrammeReport, table: ProgrammeReportTable): string {
  switch (table) {
    case 'totals': {
      const t = report.totals
      return stringify([
        ['awards', 'revoked', 'clock_hours', 'educators', 'assessors', 'unlinked_awards', ...FIGURES, 'generated_at'],
        [t.awards, t.revoked, t.clockHours, t.educators, t.assessors, t.unlinkedAwards, t.submissions, t.returns, t.resubmissions, t.scored, t.passed, cell(t.passRate), cell(t.medianDaysToAward), report.generatedAt],
      ])
    }
    case 'micro-credentials':
      return stringify([
        ['achievement_id', 'name', 'category', 'awards', 'revoked', 'clock_hours', ...FIGURES],
        ...report.microCredentials.map((m) => [m.achievementId, m.name, m.category, m.awards, m.revoked, m.clockHours, m.submissions, m.returns, m.resubmissions, m.scored, m.passed, cell(m.passRate), cell(m.medianDaysToAward)]),
      ])
    case 'categories':
      return stringify([
        ['category', 'micro_credentials', 'awards', 'revoked', 'clock_hours', ...FIGURES],
        ...report.categories.map((c) => [c.category, c.microCredentials, c.awards, c.revoked, c.clockHours, c.submissions, c.returns, c.resubmissions, c.scored, c.passed, cell(c.passRate), cell(c.medianDaysToAward)]),
      ])
    case 'educators':
      return stringify([['educator', 'school', 'cohort', 'awards', 'clock_hours'], ...report.educators.map((e) => [e.educator, e.school, e.cohort, e.awards, e.clockHours])])
    case 'schools':
      return stringify([['school', 'educators', 'awards', 'clock_hours'], ...report.schools.map((g) => [g.name, g.educators, g.awards, g.clockHours])])
    case 'cohorts':
      return stringify([['cohort', 'educators', 'awards', 'clock_hours'], ...report.cohorts.map((g) => [g.name, g.educators, g.awards, g.clockHours])])
    default:
      throw new TypeError(`programmeReportCsv: table must be one of ${PROGRAMME_REPORT_TABLES.join(', ')}`)
  }
}
