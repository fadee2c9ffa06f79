import { Ob3Error, type Ob3ErrorCode } from '@ob3/core'
import { assertExpectedRecipient, describeSubject, matchRecipient, type ExpectedRecipient, type NamedSubject } from './checks/recipient.js'
import { isEndorserConfirmed, isIssuerConfirmed } from './issuer-confirmed.js'
import type { VerifyInput } from './load-input.js'
import type { CheckResult, SubjectSummary, VerificationReport } from './report.js'
import { findTrusted, type TrustRegistry } from './trust-registry.js'
import { verify, type VerifyOptions } from './verify.js'

/** Options for {@link sumCredits}. */
export interface SumCreditsOptions {
  /** The registry of trusted issuers and endorsers (a state's list of approved providers). */
  trust: TrustRegistry
  /** Reports already made with `verify` (ideally with the same `trust`). */
  reports?: readonly VerificationReport[]
  /**
   * Credentials or presentations to verify, each with the label its report gets: an array, or an
   * (async) iterable read one at a time — with `keepReports: false`, as many as a folder holds.
   */
  inputs?: Iterable<{ input: VerifyInput; label?: string }> | AsyncIterable<{ input: VerifyInput; label?: string }>
  /**
   * Keep every report in the result's `reports` (default `true`). `false`: each report is reduced
   * to what the sum needs as soon as it is made, so memory grows with the number of credentials
   * by a small record each, not by a report each; `reports` is then empty.
   */
  keepReports?: boolean
  /** Further `verify` options for `inputs`: fetch, endorsements handed in, cache, key binding. */
  verifyOptions?: Omit<VerifyOptions, 'input' | 'label' | 'trust' | 'now'>
  /** The clock for the registry's dates (and for verifying `inputs`). Default: now. */
  now?: Date
  /**
   * The one person whose credits are summed: `{ id }` (a DID or URL: the subject's id) or
   * `{ identityType, value }` (an email address, …: matched against the subject's identifiers,
   * hashed ones with their salt, as the `recipient` check matches). Without it, the person is the
   * holder of the presentations given whose holder check passed, or else the one subject all the
   * credentials name; when that is not one person, {@link sumCredits} throws
   * `ERR_OB3_CREDITS_RECIPIENT_REQUIRED`.
   */
  recipient?: ExpectedRecipient
}

/** Whose credits a {@link CreditsResult} sums, and how that was decided. */
export interface CreditsPerson {
  /** `recipient`: given by the caller; `holder`: the holder who signed the presentations; `subject`: the one subject of every credential. */
  from: 'recipient' | 'holder' | 'subject'
  /** The person in a few words: a DID, `emailAddress a@example.com`, `emailAddress (hashed)`. */
  name: string
}

/** A credential whose credits were counted. */
export interface CountedCredential {
  /** The report's input label. */
  input: string
  id: string | null
  name: string | null
  issuer: string | null
  /** The issuer's name on the registry. */
  issuerName: string
  /** Its `creditsEarned`. */
  credits: number
  /** The trusted endorsers (by their name on the registry) whose verified endorsement qualified it. */
  endorsedBy: { id: string; name: string }[]
}

/** A credential that was not counted, and why. */
export interface UncountedCredential {
  input: string
  id: string | null
  name: string | null
  /** Why, in plain words. */
  reason: string
  code: Ob3ErrorCode
}

/** What {@link sumCredits} found. */
export interface CreditsResult {
  /** The registry's name. */
  registry: string
  /** Whose credits were summed; null when no credential names anyone and no recipient was given. */
  person: CreditsPerson | null
  /** The sum of `creditsEarned` over the counted credentials. */
  total: number
  counted: CountedCredential[]
  notCounted: UncountedCredential[]
  /** The reports summed: those given, then those of the inputs (a presentation's credentials are in its `credentials`); empty with `keepReports: false`. */
  reports: VerificationReport[]
}

/**
 * Sum `creditsEarned` (clock hours, for recertification) of one person over the credentials that
 * are theirs, verify, are signed by an issuer the registry trusts (with a key the issuer
 * confirms), and carry at least one verified endorsement — of the credential or of its
 * achievement, embedded or handed in — by an endorser the registry trusts, made with a key the
 * endorser controls. Every other credential is listed with the reason it was not counted; a
 * credential given twice (same id) counts once.
 *
 * Whose credits: `recipient` when given; else the holder of the presentations whose holder proof
 * verified and binds the holder to every credential in them (the `holder` check passed); else the
 * one subject every credential names. A credential about someone else is not counted
 * (`ERR_OB3_CREDITS_OTHER_SUBJECT`), nor one that cannot be tied to the person
 * (`ERR_OB3_CREDITS_NOT_BOUND`: no recipient, or a hashed identifier only where the person is a
 * holder's DID). Anyone can obtain someone else's baked badge: a total is never made of several
 * people's credentials.
 *
 * A registry's judgement is taken from the registry, not from the report: a report made without
 * `trust` can be summed too. A presentation counts only if its own checks (holder, expiry) pass.
 *
 * @throws TypeError when neither `reports` nor `inputs` is given, `trust` is missing, or `recipient` is malformed
 * @throws Ob3Error `ERR_OB3_CREDITS_RECIPIENT_REQUIRED` when no recipient is given and the inputs are about several people (presentations by several holders, or credentials of several subjects)
 * @example
 * ```ts
 * const result = await sumCredits({ inputs: [{ input: bytes, label: 'idea-generating.json' }], trust: registry, recipient: { identityType: 'emailAddress', value: 'ana@example.org' }, verifyOptions: { endorsements: [stateEndorsement] } })
 * console.log(`${result.total} clock hours for ${result.person?.name}`, result.notCounted.map((c) => c.reason))
 * ```
 */
export async function sumCredits(options: SumCreditsOptions): Promise<CreditsResult> {
  if (typeof options?.trust !== 'object' || options.trust === null || !Array.isArray(options.trust.entries)) throw new TypeError('sumCredits: trust must be a trust registry (parseTrustRegistry)')
  if (options.reports === undefined && options.inputs === undefined) throw new TypeError('sumCredits: give reports or inputs')
  if (options.recipient !== undefined) assertExpectedRecipient(options.recipient)
  const now = options.now ?? new Date()
  const keep = options.keepReports !== false
  const reports: VerificationReport[] = []
  // Each report is reduced as it is made to what the sum needs (its summary, its outcome under
  // the registry, whose it is): the reports themselves are kept only when asked for, so a
  // stream of 100,000 inputs holds 100,000 small records, not 100,000 reports.
  const items: Item[] = []
  const holders = new Set<string>()
  const take = (report: VerificationReport): void => {
    if (keep) reports.push(report)
    if (report.kind === 'presentation') {
      if (typeof report.holder === 'string' && report.checks.some((c) => c.id === 'holder' && c.status === 'passed')) holders.add(report.holder)
      const own = failedOwnCheck(report)
      for (const c of report.credentials ?? []) items.push(reduce(c, own, options.trust, now))
    } else {
      items.push(reduce(report, undefined, options.trust, now))
    }
  }
  for (const report of options.reports ?? []) take(report)
  if (options.inputs !== undefined) {
    for await (const item of options.inputs) {
      take(await verify({ ...options.verifyOptions, input: item.input, ...(item.label === undefined ? {} : { label: item.label }), trust: options.trust, now }))
    }
  }
  const person = whose(holders, items, options.recipient)
  const result: CreditsResult = { registry: options.trust.name, person: person?.person ?? null, total: 0, counted: [], notCounted: [], reports }
  const countedIds = new Map<string, string>()
  for (const { base, subject, outcome: own } of items) {
    const outcome = (await belongs(subject, person)) ?? own
    if ('reason' in outcome) {
      result.notCounted.push({ ...base, ...outcome })
      continue
    }
    const earlier = base.id === null ? undefined : countedIds.get(base.id)
    if (earlier !== undefined) {
      result.notCounted.push({ ...base, reason: `it is the same credential (${base.id}) as ${earlier}, counted already`, code: 'ERR_OB3_CREDITS_DUPLICATE' })
      continue
    }
    if (base.id !== null) countedIds.set(base.id, base.input)
    result.counted.push({ ...base, ...outcome })
    result.total += outcome.credits
  }
  // Hours like 1.1 + 2.2 should not print as 3.3000000000000003.
  result.total = Math.round(result.total * 1e6) / 1e6
  return result
}

/** What the sum keeps of one credential's report. */
interface Item {
  base: { input: string; id: string | null; name: string | null }
  /** The credential's subject; `null` for a credential that could not be read. */
  subject: SubjectSummary | undefined | null
  /** Counted, or why not, before asking whose it is. */
  outcome: Outcome
}

function reduce(credential: VerificationReport, own: CheckResult | undefined, registry: TrustRegistry, now: Date): Item {
  const base = { input: credential.input, id: credential.credential?.id ?? null, name: credential.credential?.name ?? null }
  const outcome: Outcome = own === undefined
    ? evaluate(credential, registry, now)
    : { reason: `the presentation it came in does not verify: ${own.id} failed: ${own.message}`, code: own.code ?? 'ERR_OB3_HOLDER_MISMATCH' }
  return { base, subject: credential.credential === undefined ? null : credential.credential.subject, outcome }
}

/** The person whose credits are summed, and how a credential is matched with them. */
type Person =
  | { person: CreditsPerson; recipient: ExpectedRecipient }
  | { person: CreditsPerson; holder: string }
  | { person: CreditsPerson; subjectKey: string }

/** Decide whose credits these are (see {@link sumCredits}). */
function whose(holders: ReadonlySet<string>, items: readonly Item[], recipient: ExpectedRecipient | undefined): Person | undefined {
  if (recipient !== undefined) {
    const name = 'identityType' in recipient ? `${recipient.identityType} ${recipient.value}` : (recipient.id as string)
    return { person: { from: 'recipient', name }, recipient }
  }
  if (holders.size > 1) {
    throw new Ob3Error('ERR_OB3_CREDITS_RECIPIENT_REQUIRED', `the presentations are signed by ${holders.size} different holders (${[...holders].join(', ')}): credits are summed for one person; give the recipient whose credits to sum`)
  }
  const [holder] = holders
  if (holder !== undefined) return { person: { from: 'holder', name: holder }, holder }
  const subjects = new Map<string, string>()
  for (const { subject: s } of items) {
    const subject = s ?? undefined
    const key = subject === undefined ? null : subjectKey(subject)
    if (subject !== undefined && key !== null) subjects.set(key, describeSubject(named(subject)) ?? key)
  }
  if (subjects.size > 1) {
    const shown = [...subjects.values()].slice(0, 5).join('; ')
    throw new Ob3Error('ERR_OB3_CREDITS_RECIPIENT_REQUIRED', `the credentials are about ${subjects.size} different subjects (${shown}${subjects.size > 5 ? '; …' : ''}): credits are summed for one person; give the recipient whose credits to sum, or a presentation signed by its holder`)
  }
  const [only] = subjects
  return only === undefined ? undefined : { person: { from: 'subject', name: only[1] }, subjectKey: only[0] }
}

/** Undefined when the credential is the person's; else why it is not counted. */
async function belongs(subject: SubjectSummary | undefined | null, person: Person | undefined): Promise<{ reason: string; code: Ob3ErrorCode } | undefined> {
  // An unreadable credential: evaluate says so.
  if (subject === null) return undefined
  const who = subject === undefined ? null : describeSubject(named(subject))
  if (subject === undefined || who === null) {
    return { reason: 'it names no recipient, so it cannot be tied to the person whose credits are summed', code: 'ERR_OB3_CREDITS_NOT_BOUND' }
  }
  if (person === undefined) return undefined
  if ('recipient' in person) {
    const match = await matchRecipient(named(subject), person.recipient)
    if (match.status === 'passed') return undefined
    const r = person.recipient
    const comparable = 'identityType' in r ? subject.identifiers.some((i) => i.identityType === r.identityType) : subject.ids.length > 0
    if (match.code === 'ERR_OB3_RECIPIENT_MISMATCH' && comparable) return { reason: `it is about someone else: ${match.message}`, code: 'ERR_OB3_CREDITS_OTHER_SUBJECT' }
    if (match.code === 'ERR_OB3_RECIPIENT_MISMATCH') return { reason: `it names its recipient by ${who} only, so it cannot be tied to ${person.person.name}`, code: 'ERR_OB3_CREDITS_NOT_BOUND' }
    return { reason: `it cannot be tied to ${person.person.name}: ${match.message}`, code: 'ERR_OB3_CREDITS_NOT_BOUND' }
  }
  if ('holder' in person) {
    if (subject.ids.includes(person.holder)) return undefined
    if (subject.ids.length > 0) return { reason: `it is about someone else: it was issued to ${subject.ids.join(', ')}, not to ${person.holder}, who signed the presentation`, code: 'ERR_OB3_CREDITS_OTHER_SUBJECT' }
    return { reason: `it names its recipient by ${who} only, so it cannot be tied to ${person.holder}, who signed the presentation: give the recipient (e.g. an email address) to match it`, code: 'ERR_OB3_CREDITS_NOT_BOUND' }
  }
  return undefined
}

/** One key per subject: its ids, or else its identifiers (a hashed one is only the same with the same hash). */
function subjectKey(subject: SubjectSummary): string | null {
  if (subject.ids.length > 0) return `id ${[...subject.ids].sort().join(' ')}`
  if (subject.identifiers.length > 0) return `identifier ${subject.identifiers.map((i) => `${i.identityType}|${i.identityHash}`).sort().join(' ')}`
  return null
}

function named(subject: SubjectSummary): NamedSubject {
  return { ids: subject.ids, identities: subject.identifiers.map((i) => ({ ...i })) }
}

/** A presentation-level check (parse, holder, expiry-of-share) that failed, if any. */
function failedOwnCheck(report: VerificationReport): CheckResult | undefined {
  return report.checks.find((c) => (c.id === 'parse' || c.id === 'holder' || c.id === 'expiry-of-share') && c.status === 'failed')
}

type Outcome = Omit<CountedCredential, 'input' | 'id' | 'name'> | { reason: string; code: Ob3ErrorCode }

function evaluate(report: VerificationReport, registry: TrustRegistry, now: Date): Outcome {
  // The trust check follows the caller's policy when the report was made; here the registry
  // given decides, below, so a failed trust check alone is not "does not verify".
  const failed = report.checks.find((c) => c.status === 'failed' && c.id !== 'trust')
  if (failed !== undefined) return { reason: `it does not verify: ${failed.id} failed: ${failed.message}`, code: failed.code ?? 'ERR_OB3_PROOF_SIGNATURE_INVALID' }
  const summary = report.credential
  if (summary === undefined) return { reason: 'it could not be read', code: 'ERR_OB3_NOT_A_CREDENTIAL' }
  if (!isIssuerConfirmed(report)) {
    return { reason: `it only claims to be from ${summary.issuerName ?? summary.issuer ?? 'its issuer'}: it is signed with a key that issuer never published, so anyone could have made it`, code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' }
  }
  const issuer = summary.issuer === null ? undefined : findTrusted(registry, summary.issuer, 'issuer', now)
  if (issuer === undefined) {
    return { reason: `its issuer ${summary.issuerName ?? summary.issuer ?? '(none)'} is not trusted by ${registry.name} as an issuer`, code: 'ERR_OB3_TRUST_UNTRUSTED' }
  }
  const direct = (report.endorsements ?? []).filter((e) => e.depth === 0)
  const endorsedBy: { id: string; name: string }[] = []
  const why: string[] = []
  for (const e of direct) {
    const who = e.endorser.name ?? e.endorser.id ?? 'an unnamed endorser'
    const entry = e.endorser.id === null ? undefined : findTrusted(registry, e.endorser.id, 'endorser', now)
    if (!e.verified) why.push(`${who}'s endorsement does not verify`)
    else if (e.what !== 'achievement' && e.what !== 'credential') why.push(`${who} endorses the ${e.what === 'creator' ? 'achievement\'s creator' : e.what}, not the achievement`)
    else if (entry === undefined) why.push(`${who} is not trusted by ${registry.name} as an endorser`)
    else if (!isEndorserConfirmed(e)) why.push(`${who}'s endorsement is signed with a key ${who} has not confirmed`)
    else if (!endorsedBy.some((b) => b.id === entry.id)) endorsedBy.push({ id: entry.id, name: entry.name })
  }
  if (endorsedBy.length === 0) {
    const detail = direct.length === 0 ? 'it carries no endorsement' : why.join('; ')
    return { reason: `no endorsement by an endorser ${registry.name} trusts: ${detail}`, code: 'ERR_OB3_ENDORSEMENT_UNTRUSTED' }
  }
  const credits = summary.creditsEarned
  if (credits === undefined || credits < 0) {
    return { reason: credits === undefined ? 'it records no creditsEarned' : `its creditsEarned (${credits}) is negative`, code: 'ERR_OB3_CREDITS_MISSING' }
  }
  return { issuer: summary.issuer, issuerName: issuer.name, credits, endorsedBy }
}
