import { isOb3Error } from '@ob3/core'
import { achievementOf, list, obj, str, subjectOf, type VerifyContext } from '../lib/context.js'
import { documentChecks } from '../lib/document-checks.js'
import { loadInput, type VerifyInput } from '../load-input.js'
import type { CheckResult, EndorsedEntity, EndorsementIssue, EndorsementResult } from '../report.js'
import { findTrusted } from '../trust-registry.js'
import { issuerIdOf, proofConfirmsIssuer } from './proof.js'

/** Most endorsements verified for one credential; more fail the check. */
export const MAX_ENDORSEMENTS = 64
/** Most levels of endorsements verified: an endorsement of the credential is level 1, one inside it level 2, … */
export const MAX_ENDORSEMENT_DEPTH = 4
/** Most JSON nodes walked looking for endorsements in one document. */
const MAX_WALKED_NODES = 200_000

/** Options of the endorsements check. */
export interface EndorsementCheckOptions {
  /** The credential. */
  document: Record<string, unknown>
  /** Endorsements handed in separately (objects, JWT strings, bytes); only those about this credential are used. */
  provided: readonly unknown[]
  ctx: VerifyContext
}

interface Pending {
  value: unknown
  path: string
  depth: number
  /** id → what it is, for this endorsement's subject. */
  targets: ReadonlyMap<string, EndorsedEntity>
  /** What the place it was found in is, when its subject is none of the targets. */
  where: EndorsedEntity
  source: 'embedded' | 'provided'
}

/**
 * `endorsements` (OB 3.0 verification step 6): every `endorsement` and `endorsementJwt` anywhere
 * in the credential — on it, its achievement, its issuer, the achievement's creator — and in
 * those endorsements in turn ({@link MAX_ENDORSEMENT_DEPTH} levels, {@link MAX_ENDORSEMENTS} in
 * all), plus endorsements handed in whose subject is the credential, its achievement or its
 * issuer. Each is verified as a credential is (context, type EndorsementCredential, schema, proof
 * by a key its issuer controls, validity, status) and its subject must be something the
 * credential names. An embedded endorsement that does not verify fails the check; a handed-in
 * one that does not verify is a warning (it does not make the credential any less valid).
 */
export async function checkEndorsements(options: EndorsementCheckOptions): Promise<{ check: CheckResult; results: EndorsementResult[] }> {
  const { document, ctx } = options
  const targets = targetsOf(document)
  const queue: Pending[] = collect(document, '$', 0, targets)
  const seen = new Set(queue.map((p) => str(obj(p.value)?.id)).filter((id): id is string => id !== null))
  let unrelated = 0
  for (const [i, value] of options.provided.entries()) {
    const subject = await providedSubject(value)
    if (subject === undefined || !targets.has(subject.subjectId)) {
      unrelated++
      continue
    }
    if (subject.id !== null && seen.has(subject.id)) continue
    if (subject.id !== null) seen.add(subject.id)
    queue.push({ value, path: `endorsements[${i}]`, depth: 0, targets, where: targets.get(subject.subjectId) as EndorsedEntity, source: 'provided' })
  }
  const results: EndorsementResult[] = []
  let overLimit = false
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (results.length >= MAX_ENDORSEMENTS) {
      overLimit = true
      break
    }
    const { result, nested } = await verifyOne(next, ctx)
    results.push(result)
    queue.push(...nested)
  }
  return { check: summarize(results, overLimit, unrelated, ctx), results }
}

/** The ids a credential names, and what each is. The first wins when two are the same id. */
function targetsOf(doc: Record<string, unknown>): Map<string, EndorsedEntity> {
  const targets = new Map<string, EndorsedEntity>()
  const add = (id: unknown, what: EndorsedEntity) => {
    if (typeof id === 'string' && !targets.has(id)) targets.set(id, what)
  }
  const achievement = achievementOf(doc)
  add(doc.id, 'credential')
  add(achievement?.id, 'achievement')
  add(issuerIdOf(doc), 'issuer')
  const creator = achievement?.creator
  add(typeof creator === 'string' ? creator : obj(creator)?.id, 'creator')
  return targets
}

/** The targets of endorsements nested in an endorsement: the endorsement itself and its endorser. */
function nestedTargetsOf(doc: Record<string, unknown>): Map<string, EndorsedEntity> {
  const targets = new Map<string, EndorsedEntity>()
  if (typeof doc.id === 'string') targets.set(doc.id, 'credential')
  const endorser = issuerIdOf(doc)
  if (endorser !== undefined && !targets.has(endorser)) targets.set(endorser, 'issuer')
  return targets
}

/** What the object at a JSON path is, for an endorsement embedded there. */
function whereOf(path: string): EndorsedEntity {
  if (/\.achievement\.creator$/.test(path)) return 'creator'
  if (/\.achievement$/.test(path)) return 'achievement'
  if (path === '$.issuer') return 'issuer'
  return 'credential'
}

/**
 * Every `endorsement` / `endorsementJwt` value in a document, breadth first (the credential's own
 * before its achievement's), not looking inside proofs or inside the endorsements themselves.
 */
function collect(doc: Record<string, unknown>, base: string, depth: number, targets: ReadonlyMap<string, EndorsedEntity>): Pending[] {
  const found: Pending[] = []
  const queue: [unknown, string][] = [[doc, '$']]
  for (let i = 0; i < queue.length && i < MAX_WALKED_NODES; i++) {
    const [node, path] = queue[i] as [unknown, string]
    if (Array.isArray(node)) {
      node.forEach((v, j) => queue.push([v, `${path}[${j}]`]))
      continue
    }
    const o = obj(node)
    if (o === undefined) continue
    for (const [key, value] of Object.entries(o)) {
      if (key === 'proof') continue
      if (key === 'endorsement' || key === 'endorsementJwt') {
        list(value).forEach((item, j) => found.push({ value: item, path: `${base}${path.slice(1)}.${key}[${j}]`, depth, targets, where: whereOf(path), source: 'embedded' }))
      } else if (typeof value === 'object' && value !== null) {
        queue.push([value, `${path}.${key}`])
      }
    }
  }
  return found
}

/** The id and subject id of an endorsement handed in, or undefined when it cannot be read. */
async function providedSubject(value: unknown): Promise<{ id: string | null; subjectId: string } | undefined> {
  // A number, boolean or undefined is no input loadInput reads (it throws a TypeError on them).
  if (typeof value !== 'object' && typeof value !== 'string') return undefined
  try {
    const { document } = await loadInput(value as VerifyInput)
    const subjectId = str(subjectOf(document)?.id)
    return subjectId === null ? undefined : { id: str(document.id), subjectId }
  } catch (err) {
    if (isOb3Error(err)) return undefined
    throw err
  }
}

async function verifyOne(p: Pending, ctx: VerifyContext): Promise<{ result: EndorsementResult; nested: Pending[] }> {
  const base: Pick<EndorsementResult, 'format' | 'source' | 'path' | 'depth'> = { format: typeof p.value === 'string' ? 'jwt' : 'ldp', source: p.source, path: p.path, depth: p.depth }
  const unreadable = (code: EndorsementIssue['code'], message: string) => ({
    result: { id: null, endorser: { id: null, name: null }, endorses: null, what: p.where, comment: null, verified: false, failed: [{ check: 'parse' as const, code, message }], ...base },
    nested: [],
  })
  if (typeof p.value !== 'string' && !(p.value instanceof Uint8Array) && obj(p.value) === undefined) {
    return unreadable('ERR_OB3_NOT_A_CREDENTIAL', 'an endorsement must be an EndorsementCredential object or a VC-JWT')
  }
  let doc: Record<string, unknown>
  let jwt: string | undefined
  try {
    const loaded = await loadInput(p.value as VerifyInput)
    doc = loaded.document
    jwt = loaded.jwt
  } catch (err) {
    if (!isOb3Error(err)) throw err
    return unreadable(err.code, err.message)
  }
  base.format = jwt === undefined ? 'ldp' : 'jwt'
  const subject = subjectOf(doc)
  const endorses = str(subject?.id)
  const head = {
    id: str(doc.id),
    endorser: { id: issuerIdOf(doc) ?? null, name: str(obj(doc.issuer)?.name) },
    endorses,
    what: (endorses === null ? undefined : p.targets.get(endorses)) ?? p.where,
    comment: str(subject?.endorsementComment),
  }
  if (p.depth >= MAX_ENDORSEMENT_DEPTH) {
    const failed: EndorsementIssue[] = [{ check: 'depth', code: 'ERR_OB3_ENDORSEMENT_LIMIT', message: `it is nested ${p.depth + 1} levels deep; endorsements are verified ${MAX_ENDORSEMENT_DEPTH} levels deep at most` }]
    return { result: { ...head, verified: false, failed, ...base }, nested: [] }
  }
  const checks = await documentChecks(doc, jwt, ctx, 'endorsement')
  const failed: EndorsementIssue[] = checks.filter((c) => c.status === 'failed').map(issueOf)
  const warnings: EndorsementIssue[] = checks.filter((c) => c.status === 'warning').map(issueOf)
  if (endorses === null || !p.targets.has(endorses)) {
    failed.push({ check: 'subject', code: 'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH', message: endorses === null ? 'it names nothing it endorses (credentialSubject.id)' : `it endorses ${endorses}, which is none of ${[...p.targets.keys()].join(', ')}` })
  }
  const result: Omit<EndorsementResult, keyof typeof base> = { ...head, verified: failed.length === 0 }
  if (failed.length > 0) result.failed = failed
  if (warnings.length > 0) result.warnings = warnings
  if (ctx.trust !== undefined) {
    // A registry vouches for an endorser, not for a key that endorser never published.
    const keyConfirmed = proofConfirmsIssuer(checks.find((c) => c.id === 'proof'))
    result.trusted = result.verified && keyConfirmed && head.endorser.id !== null && findTrusted(ctx.trust, head.endorser.id, 'endorser', ctx.now) !== undefined
  }
  return { result: { ...result, ...base }, nested: collect(doc, p.path, p.depth + 1, nestedTargetsOf(doc)) }
}

function issueOf(c: CheckResult): EndorsementIssue {
  return { check: c.id as EndorsementIssue['check'], code: c.code ?? 'ERR_OB3_ENDORSEMENT_INVALID', message: c.message }
}

const PHRASE: Record<EndorsedEntity, string> = { credential: 'the credential', achievement: 'the achievement', issuer: 'the issuer', creator: 'the achievement\'s creator' }
const NESTED_PHRASE: Record<EndorsedEntity, string> = { credential: 'the endorsement', achievement: 'the achievement', issuer: 'the endorser', creator: 'the achievement\'s creator' }

/** One endorsement in plain words: "Lakeland Department of Education endorses the achievement: verified". */
export function describeEndorsement(r: EndorsementResult, registryName?: string): string {
  const who = r.endorser.name ?? r.endorser.id ?? 'an unnamed endorser'
  const what = (r.depth === 0 ? PHRASE : NESTED_PHRASE)[r.what] + (r.source === 'provided' ? ' (handed in)' : '')
  if (!r.verified) return `${who} endorses ${what}: ${(r.failed ?? []).map(describeIssue).join(', ')}`
  const remarks = r.warnings === undefined ? '' : ` with remarks (${r.warnings.map((w) => w.code).join(', ')})`
  const trust = registryName === undefined || r.trusted === undefined ? '' : r.trusted ? `, trusted by ${registryName}` : `, not trusted by ${registryName}`
  return `${who} endorses ${what}: verified${remarks}${trust}`
}

function describeIssue(i: EndorsementIssue): string {
  if (i.check === 'subject') return `about something else (${i.code})`
  if (i.check === 'depth') return `nested too deep (${i.code})`
  if (i.check === 'parse') return `unreadable (${i.code})`
  return `${i.check} failed (${i.code})`
}

function summarize(results: EndorsementResult[], overLimit: boolean, unrelated: number, ctx: VerifyContext): CheckResult {
  const notes: string[] = []
  if (overLimit) notes.push(`there are more than ${MAX_ENDORSEMENTS} endorsements: the rest were not verified`)
  if (unrelated > 0) notes.push(`${unrelated} endorsement${unrelated === 1 ? '' : 's'} handed in ${unrelated === 1 ? 'is' : 'are'} not about this credential, its achievement or its issuer, and ${unrelated === 1 ? 'was' : 'were'} not used`)
  if (results.length === 0) {
    return { id: 'endorsements', status: 'skipped', message: ['the credential carries no endorsements', ...notes].join('; ') }
  }
  const message = [...results.map((r) => describeEndorsement(r, ctx.trust?.name)), ...notes].join('; ')
  const embeddedFailed = results.filter((r) => !r.verified && r.source === 'embedded')
  if (overLimit || embeddedFailed.length > 0) {
    const invalid = embeddedFailed.some((r) => (r.failed ?? []).some((f) => f.check !== 'depth'))
    return { id: 'endorsements', status: 'failed', code: invalid ? 'ERR_OB3_ENDORSEMENT_INVALID' : 'ERR_OB3_ENDORSEMENT_LIMIT', message }
  }
  if (results.some((r) => !r.verified)) return { id: 'endorsements', status: 'warning', code: 'ERR_OB3_ENDORSEMENT_INVALID', message }
  const warning = results.flatMap((r) => r.warnings ?? [])[0]
  if (warning !== undefined) return { id: 'endorsements', status: 'warning', code: warning.code, message }
  return { id: 'endorsements', status: 'passed', message }
}
