import type { AssessmentFigures, GroupFigures, ProgrammeReport } from './build-programme-report.js'

/** Options for {@link programmeReportHtml}. */
export interface ProgrammeReportHtmlOptions {
  /** The page's heading. Default: "Programme report". */
  title?: string
  /** Who the report is about, under the heading (e.g. the issuer's name). Default: the issuer id. */
  subtitle?: string
}

interface Bar {
  label: string
  value: number
  /** Shown after the bar instead of the value. */
  text?: string
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
const num = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }))
const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`)
const days = (d: number | null): string => (d === null ? '—' : `${num(d)} d`)

/** A horizontal bar chart as inline SVG, readable in print (dark bars, black text, no colour needed). */
function barChart(title: string, bars: Bar[], options: { max?: number } = {}): string {
  if (bars.length === 0) return ''
  const width = 720
  const labelWidth = 260
  const valueWidth = 70
  const row = 24
  const top = 8
  const height = top + bars.length * row + 8
  const max = options.max ?? Math.max(1, ...bars.map((b) => b.value))
  const span = width - labelWidth - valueWidth - 10
  const items = bars.map((b, i) => {
    const y = top + i * row
    const w = Math.max(0, Math.round((b.value / max) * span))
    const label = b.label.length > 40 ? `${b.label.slice(0, 39)}…` : b.label
    return `<g><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${esc(label)}</text>`
      + `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${row - 8}" class="bar"><title>${esc(`${b.label}: ${b.text ?? num(b.value)}`)}</title></rect>`
      + `<text x="${labelWidth + w + 6}" y="${y + 16}">${esc(b.text ?? num(b.value))}</text></g>`
  })
  return `<figure><figcaption>${esc(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}">`
    + `<line x1="${labelWidth}" y1="${top}" x2="${labelWidth}" y2="${height - 8}" class="axis"/>${items.join('')}</svg></figure>`
}

function table(head: string[], rows: (string | number)[][], numericFrom = 1): string {
  if (rows.length === 0) return '<p class="none">Nothing yet.</p>'
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="n"' : ''}>${esc(h)}</th>`).join('')
  const tr = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${esc(typeof c === 'number' ? num(c) : c)}</td>`).join('')}</tr>`).join('\n')
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`
}

const figureCells = (f: AssessmentFigures): (string | number)[] => [f.submissions, f.returns, f.resubmissions, f.scored, pct(f.passRate), days(f.medianDaysToAward)]
const FIGURE_HEAD = ['Submissions', 'Returns', 'Resubmissions', 'Scored', 'Pass rate', 'Median days to award']

function groupSection(title: string, groups: GroupFigures[]): string {
  if (groups.length === 0) return ''
  return `<section><h2>${esc(title)}</h2>${barChart(`Clock hours per ${title.toLowerCase().replace(/s$/, '')}`, groups.map((g) => ({ label: g.name, value: g.clockHours })))}`
    + `${table([title.replace(/s$/, ''), 'Educators', 'Awards', 'Clock hours'], groups.map((g) => [g.name, g.educators, g.awards, g.clockHours]))}</section>`
}

/** Educators per band of clock hours: the spread without naming anyone. */
function hoursBands(report: ProgrammeReport): Bar[] {
  const hours = report.educators.map((e) => e.clockHours)
  if (hours.length === 0) return []
  const top = Math.max(...hours)
  const step = top <= 20 ? 5 : top <= 60 ? 10 : top <= 150 ? 25 : 50
  const bands: Bar[] = []
  for (let from = 0; from <= top; from += step) {
    const count = hours.filter((h) => h >= from && h < from + step).length
    bands.push({ label: `${from} to under ${from + step} h`, value: count, text: `${count} educator${count === 1 ? '' : 's'}` })
  }
  return bands
}

/**
 * A programme report as one self-contained HTML page: key figures, SVG bar charts (awards per
 * micro-credential and category, pass rates, clock hours per school and cohort, the spread of
 * clock hours among educators) and the tables behind them. It loads nothing (no scripts, fonts,
 * images or style sheets from elsewhere) and prints on A4 or Letter in black and white.
 *
 * @example
 * ```ts
 * await writeFile('report.html', programmeReportHtml(report, { subtitle: 'Lakeside School District' }))
 * ```
 */
export function programmeReportHtml(report: ProgrammeReport, options: ProgrammeReportHtmlOptions = {}): string {
  const t = report.totals
  const title = options.title ?? 'Programme report'
  const cards: [string, string][] = [
    ['Awards', num(t.awards)], ['Educators', num(t.educators)], ['Clock hours', num(t.clockHours)], ['Submissions', num(t.submissions)],
    ['Returns', num(t.returns)], ['Resubmissions', num(t.resubmissions)], ['Pass rate', pct(t.passRate)], ['Median days to award', days(t.medianDaysToAward)],
  ]
  const mcs = report.microCredentials
  const notes = [
    t.revoked > 0 ? `${num(t.revoked)} revoked award${t.revoked === 1 ? ' is' : 's are'} left out of the awards and clock hours.` : '',
    t.unlinkedAwards > 0 ? `${num(t.unlinkedAwards)} award${t.unlinkedAwards === 1 ? '' : 's'} went to an e-mail address that no roster or submission ties to an educator; they count in the awards, not per educator.` : '',
    `${num(t.assessors)} assessor${t.assessors === 1 ? '' : 's'} scored submissions. Educators are numbered for this report only; no names, addresses or assessors are shown.`,
    'The pass rate is the share of scored assessments that met the award rule; days to award run from the first submission to the award.',
  ].filter((n) => n !== '')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  :root { color: #111; background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #999; }
  .sub { color: #444; margin: 0 0 1rem; }
  .cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: .5rem; margin: 1rem 0; }
  .card { border: 1px solid #999; border-radius: 4px; padding: .4rem .6rem; }
  .card b { display: block; font-size: 1.35rem; } .card span { color: #333; font-size: .85rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
  th, td { border-bottom: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; }
  th { border-bottom: 2px solid #555; } .n { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: .5rem 0 1rem; } figure svg { max-width: 46rem; display: block; } figcaption { font-weight: 600; margin-bottom: .2rem; }
  svg text { font: 12px system-ui, sans-serif; fill: #111; } svg .bar { fill: #2f5d7c; } svg .axis { stroke: #555; }
  .notes { font-size: .85rem; color: #333; } .none { color: #555; font-style: italic; }
  @media print {
    :root { font-size: 11pt; } body { margin: 0; max-width: none; }
    section, figure, table, .cards { break-inside: avoid; } h2 { break-after: avoid; }
    svg .bar { fill: #333; }
  }
  @page { margin: 15mm; }
</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="sub">${esc(options.subtitle ?? report.issuerId)} · generated ${esc(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
</header>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>
<section>
<h2>Awards</h2>
${barChart('Awards per micro-credential', mcs.map((m) => ({ label: m.name, value: m.awards })))}
${barChart('Awards per category', report.categories.map((c) => ({ label: c.category, value: c.awards })))}
${table(['Micro-credential', 'Category', 'Awards', 'Revoked', 'Clock hours'], mcs.map((m) => [m.name, m.category, m.awards, m.revoked, m.clockHours]), 2)}
</section>
<section>
<h2>Assessment</h2>
${barChart('Pass rate per micro-credential (scored assessments that met the award rule)', mcs.filter((m) => m.passRate !== null).map((m) => ({ label: m.name, value: (m.passRate as number) * 100, text: pct(m.passRate) })), { max: 100 })}
${barChart('Median days from submission to award', mcs.filter((m) => m.medianDaysToAward !== null).map((m) => ({ label: m.name, value: m.medianDaysToAward as number, text: days(m.medianDaysToAward) })))}
${table(['Micro-credential', ...FIGURE_HEAD], mcs.map((m) => [m.name, ...figureCells(m)]))}
${table(['Category', ...FIGURE_HEAD], report.categories.map((c) => [c.category, ...figureCells(c)]))}
</section>
<section>
<h2>Clock hours</h2>
${barChart('Educators by clock hours earned', hoursBands(report))}
${table(['Educator', 'School', 'Cohort', 'Awards', 'Clock hours'], report.educators.map((e) => [e.educator, e.school, e.cohort, e.awards, e.clockHours]), 3)}
</section>
${groupSection('Schools', report.schools)}
${groupSection('Cohorts', report.cohorts)}
<section class="notes"><h2>Notes</h2>${notes.map((n) => `<p>${esc(n)}</p>`).join('\n')}</section>
</body>
</html>
`
}
