import { fromBase64Url } from '@ob3/core'
import type { Catalogue } from '../micro-credentials/catalogue.js'
import type { AuditEvent, CredentialRecord, IssuerStore } from '../store/types.js'
import { educatorKey } from './educator-key.js'

/** Assessment counts of a micro-credential, a category or the whole programme. */
export interface AssessmentFigures {
  /** Submissions made (first attempts). */
  submissions: number
  /** Times a scored submission was returned for revision. */
  returns: number
  /** Revised evidence sent after a return. */
  resubmissions: number
  /** Assessments scored (every attempt). */
  scored: number
  /** Scored assessments that met the award rule. */
  passed: number
  /** `passed / scored`, or null when nothing was scored. */
  passRate: number | null
  /** Median days from a submission's first attempt to its award, or null when none was awarded through assessment. */
  medianDaysToAward: number | null
}

/** One micro-credential's line of the report. */
export interface MicroCredentialFigures extends AssessmentFigures {
  achievementId: string
  name: string
  category: string
  /** Credentials issued and not revoked. */
  awards: number
  revoked: number
  /** Clock hours of the awards not revoked (creditsEarned, else the achievement's creditsAvailable). */
  clockHours: number
}

/** One category's line of the report. */
export interface CategoryFigures extends AssessmentFigures {
  category: string
  microCredentials: number
  awards: number
  revoked: number
  clockHours: number
}

/** One educator, by a number that stands for her in this report only. */
export interface EducatorFigures {
  /** `Educator 1`, `Educator 2`, … (in an order that says nothing about who she is). */
  educator: string
  school: string
  cohort: string
  awards: number
  clockHours: number
}

/** A school's or a cohort's line. */
export interface GroupFigures {
  name: string
  educators: number
  awards: number
  clockHours: number
}

/** The programme report of one issuer. */
export interface ProgrammeReport {
  issuerId: string
  generatedAt: string
  totals: MicroCredentialTotals
  microCredentials: MicroCredentialFigures[]
  categories: CategoryFigures[]
  educators: EducatorFigures[]
  /** Only when some award or submission names a school. */
  schools: GroupFigures[]
  /** Only when some roster row names a cohort. */
  cohorts: GroupFigures[]
}

/** The programme's totals. */
export interface MicroCredentialTotals extends AssessmentFigures {
  awards: number
  revoked: number
  clockHours: number
  /** Educators with at least one award. */
  educators: number
  /** Assessors who were assigned work (a count, never who they are). */
  assessors: number
  /** Awards to a hashed e-mail address that no roster or submission ties to an educator. */
  unlinkedAwards: number
}

/** What the report needs to know about an achievement besides the credentials: its name and category. */
export interface AchievementDescription {
  name?: string
  category?: string
}

/** Options for {@link buildProgrammeReport}. */
export interface BuildProgrammeReportOptions {
  store: IssuerStore
  issuerId: string
  /** Names and categories of micro-credentials (from a catalogue, see {@link describeFromCatalogue}). */
  describe?: (achievementId: string) => AchievementDescription | undefined
  now?: Date
}

const UNCATEGORISED = 'Uncategorised'
const DAY_MS = 86_400_000

/** Describe achievements from a catalogue: each micro-credential's name and its category's name. @example `buildProgrammeReport({ store, issuerId, describe: describeFromCatalogue(catalogue) })` */
export function describeFromCatalogue(catalogue: Catalogue): (achievementId: string) => AchievementDescription | undefined {
  const known = new Map<string, AchievementDescription>()
  for (const category of catalogue.categories) for (const mc of category.microCredentials) known.set(mc.id, { name: mc.name, category: category.name })
  return (id) => known.get(id)
}

/**
 * The programme report of an issuer, from its store: awards per micro-credential and category,
 * submissions, returns and resubmissions, pass rates, median days from submission to award,
 * and clock hours per educator, school and cohort (school and cohort from roster columns and
 * submissions).
 *
 * Identities stay as pseudonymous as the assessment workflow keeps them: educators appear as
 * `Educator n`, numbered for this report only (in the order of a digest, so the number tells
 * nothing); no name, e-mail address, DID, submission id or assessor pseudonym enters the report,
 * and assessors appear only as a count, never beside an educator.
 *
 * @example
 * ```ts
 * const report = await buildProgrammeReport({ store, issuerId: profile.id, describe: describeFromCatalogue(catalogue) })
 * console.log(report.totals.awards, report.totals.medianDaysToAward)
 * ```
 */
export async function buildProgrammeReport(options: BuildProgrammeReportOptions): Promise<ProgrammeReport> {
  const { store, issuerId } = options
  const credentials = await allCredentials(store, issuerId)
  const audit = await store.listAudit(issuerId)
  const submissions = await store.listSubmissions(issuerId)
  const revoked = await revokedIds(store, issuerId, credentials)

  const describe = (id: string, fallback?: string): { name: string; category: string } => {
    const d = options.describe?.(id)
    return { name: d?.name ?? fallback ?? id, category: d?.category ?? UNCATEGORISED }
  }
  const mcs = new Map<string, MicroCredentialFigures & { days: number[] }>()
  const mcOf = (id: string, fallbackName?: string) => {
    let line = mcs.get(id)
    if (line === undefined) {
      line = { achievementId: id, ...describe(id, fallbackName), awards: 0, revoked: 0, clockHours: 0, ...emptyFigures(), days: [] }
      mcs.set(id, line)
    } else if (line.name === id && fallbackName !== undefined) line.name = fallbackName
    return line
  }

  // Who each credential went to, in programme terms: from the batch's awarded event, else from the submission.
  const programme = new Map<string, { educator?: string; school?: string; cohort?: string }>()
  for (const e of audit) {
    if (e.action !== 'awarded' || !e.subject.startsWith('credential:')) continue
    const p = (e.detail as { programme?: { educator?: unknown; school?: unknown; cohort?: unknown } } | undefined)?.programme
    if (p === undefined || p === null) continue
    programme.set(e.subject.slice('credential:'.length), {
      ...(typeof p.educator === 'string' ? { educator: p.educator } : {}),
      ...(typeof p.school === 'string' ? { school: p.school } : {}),
      ...(typeof p.cohort === 'string' ? { cohort: p.cohort } : {}),
    })
  }
  for (const s of submissions) {
    if (s.credentialId === undefined || programme.has(s.credentialId)) continue
    const educator = await educatorKey(issuerId, s.educator)
    programme.set(s.credentialId, { ...(educator === undefined ? {} : { educator }), ...(s.educator.school === undefined ? {} : { school: s.educator.school }) })
  }

  const educators = new Map<string, { school: string; cohort: string; awards: number; clockHours: number }>()
  let unlinkedAwards = 0
  for (const record of credentials) {
    const subject = subjectOf(record)
    const line = mcOf(record.achievementId, subject.achievementName)
    if (revoked.has(record.id)) {
      line.revoked++
      continue
    }
    line.awards++
    line.clockHours += subject.hours
    const p = programme.get(record.id) ?? {}
    const key = p.educator ?? (record.recipient.includes(':') ? await educatorKey(issuerId, { id: record.recipient }) : undefined)
    if (key === undefined) {
      unlinkedAwards++
      continue
    }
    const who = educators.get(key) ?? { school: '', cohort: '', awards: 0, clockHours: 0 }
    who.awards++
    who.clockHours += subject.hours
    if (p.school !== undefined) who.school = p.school
    if (p.cohort !== undefined) who.cohort = p.cohort
    educators.set(key, who)
  }

  // Assessment figures, from the submissions and their audit trail.
  const bySubject = new Map<string, AuditEvent[]>()
  for (const e of audit) {
    if (!e.subject.startsWith('submission:')) continue
    const list = bySubject.get(e.subject)
    if (list === undefined) bySubject.set(e.subject, [e])
    else list.push(e)
  }
  for (const s of submissions) {
    const line = mcOf(s.achievementId)
    line.submissions++
    for (const e of bySubject.get(`submission:${s.id}`) ?? []) {
      if (e.action === 'returned') line.returns++
      else if (e.action === 'resubmitted') line.resubmissions++
      else if (e.action === 'scored') {
        line.scored++
        if ((e.detail as { meetsAwardRule?: unknown } | undefined)?.meetsAwardRule === true) line.passed++
      } else if (e.action === 'awarded') line.days.push(daysBetween(s.createdAt, e.at))
    }
  }
  const assessors = new Set(submissions.flatMap((s) => (s.assessorId === undefined ? [] : [s.assessorId]))).size

  const mcLines = [...mcs.values()].sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name))
  const microCredentials = mcLines.map(({ days, ...line }) => ({ ...line, passRate: rate(line.passed, line.scored), medianDaysToAward: median(days) }))
  const categories = [...groupBy(mcLines, (l) => l.category)].map(([category, lines]) => ({
    category,
    microCredentials: lines.length,
    awards: sum(lines, (l) => l.awards),
    revoked: sum(lines, (l) => l.revoked),
    clockHours: sum(lines, (l) => l.clockHours),
    ...figuresOf(lines),
  }))
  const educatorLines = [...educators.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e], i) => ({ educator: `Educator ${i + 1}`, ...e }))
  const groups = (pick: (e: EducatorFigures) => string): GroupFigures[] => [...groupBy(educatorLines.filter((e) => pick(e) !== ''), pick)]
    .map(([name, list]) => ({ name, educators: list.length, awards: sum(list, (e) => e.awards), clockHours: sum(list, (e) => e.clockHours) }))
    .sort((a, b) => a.name.localeCompare(b.name))
  return {
    issuerId,
    generatedAt: (options.now ?? new Date()).toISOString(),
    totals: {
      awards: sum(mcLines, (l) => l.awards),
      revoked: sum(mcLines, (l) => l.revoked),
      clockHours: sum(mcLines, (l) => l.clockHours),
      educators: educatorLines.length,
      assessors,
      unlinkedAwards,
      ...figuresOf(mcLines),
    },
    microCredentials,
    categories,
    educators: educatorLines,
    schools: groups((e) => e.school),
    cohorts: groups((e) => e.cohort),
  }
}

function emptyFigures(): AssessmentFigures {
  return { submissions: 0, returns: 0, resubmissions: 0, scored: 0, passed: 0, passRate: null, medianDaysToAward: null }
}

function figuresOf(lines: (AssessmentFigures & { days: number[] })[]): AssessmentFigures {
  const scored = sum(lines, (l) => l.scored)
  const passed = sum(lines, (l) => l.passed)
  return {
    submissions: sum(lines, (l) => l.submissions),
    returns: sum(lines, (l) => l.returns),
    resubmissions: sum(lines, (l) => l.resubmissions),
    scored,
    passed,
    passRate: rate(passed, scored),
    medianDaysToAward: median(lines.flatMap((l) => l.days)),
  }
}

function sum<T>(list: readonly T[], pick: (item: T) => number): number {
  return list.reduce((total, item) => total + pick(item), 0)
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000
}

/** The median, to one decimal, or null for no values. */
function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return Math.round(value * 10) / 10
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of list) {
    const k = key(item)
    const group = out.get(k)
    if (group === undefined) out.set(k, [item])
    else group.push(item)
  }
  return out
}

async function allCredentials(store: IssuerStore, issuerId: string): Promise<CredentialRecord[]> {
  const out: CredentialRecord[] = []
  for (let offset = 0; ; offset += 500) {
    const page = await store.listCredentials(issuerId, { limit: 500, offset })
    out.push(...page)
    if (page.length < 500) return out
  }
}

async function revokedIds(store: IssuerStore, issuerId: string, credentials: CredentialRecord[]): Promise<Set<string>> {
  const revoked = new Set<string>()
  const byIndex = new Map(credentials.filter((c) => c.statusListGroup !== undefined).map((c) => [`${c.statusListGroup} ${c.statusIndex}`, c.id]))
  for (const group of await store.listStatusListGroups(issuerId)) {
    for (const index of await store.listFlaggedIndexes(issuerId, group.id, 'revoked')) {
      const id = byIndex.get(`${group.id} ${index}`)
      if (id !== undefined) revoked.add(id)
    }
  }
  return revoked
}

/** The clock hours and achievement name a stored credential carries (JSON or VC-JWT). */
function subjectOf(record: CredentialRecord): { hours: number; achievementName?: string } {
  let credential: Record<string, unknown>
  try {
    if (record.format === 'vc-jwt') {
      const payload = JSON.parse(new TextDecoder().decode(fromBase64Url(record.content.split('.')[1] ?? ''))) as Record<string, unknown>
      credential = (payload.vc ?? payload) as Record<string, unknown>
    } else credential = JSON.parse(record.content) as Record<string, unknown>
  } catch {
    return { hours: 0 }
  }
  const subjects = credential.credentialSubject
  const subject = (Array.isArray(subjects) ? subjects[0] : subjects) as { creditsEarned?: unknown; achievement?: { name?: unknown; creditsAvailable?: unknown } } | undefined
  const earned = subject?.creditsEarned ?? subject?.achievement?.creditsAvailable
  const name = subject?.achievement?.name
  return { hours: typeof earned === 'number' && Number.isFinite(earned) && earned >= 0 ? earned : 0, ...(typeof name === 'string' ? { achievementName: name } : {}) }
}

