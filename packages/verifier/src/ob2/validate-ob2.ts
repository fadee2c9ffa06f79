/**
 * Internal: the data checks of Open Badges 2.0 (the `context`, `type` and `schema` checks of an
 * OB 2.0 report): required properties and value kinds of the Assertion, its BadgeClass and the
 * issuer Profile, the recipient IdentityObject, and DateTimes with a time zone.
 * @packageDocumentation
 */
import { OB2_CONTEXT, type Ob3ErrorCode } from '@ob3/core'
import type { CheckResult } from '../report.js'

/** One object of a 2.0 badge, and whether it came as a document of its own (fetched). */
export interface Ob2Object {
  what: 'assertion' | 'BadgeClass' | 'issuer Profile'
  doc: Record<string, unknown>
  /** Fetched from its own URL (a document of its own must carry the 2.0 context). */
  standalone: boolean
}

interface Problem {
  code: Ob3ErrorCode
  message: string
}

const TYPES: Record<Ob2Object['what'], string[]> = { assertion: ['Assertion'], BadgeClass: ['BadgeClass'], 'issuer Profile': ['Issuer', 'Profile'] }
const REQUIRED: Record<Ob2Object['what'], string[]> = {
  assertion: ['id', 'type', 'recipient', 'badge', 'verification', 'issuedOn'],
  BadgeClass: ['id', 'type', 'name', 'description', 'image', 'criteria', 'issuer'],
  'issuer Profile': ['id', 'type', 'name', 'url', 'email'],
}
/** ISO 8601 with a time-zone designator (OB 2.0 DateTime); Unix timestamps are a 1.x form. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const IDENTITY_HASH = /^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$/

function typesOf(doc: Record<string, unknown>): unknown[] {
  return Array.isArray(doc.type) ? doc.type : [doc.type]
}

/** `context`: the assertion, and each object fetched on its own, name the Open Badges 2.0 context. */
export function checkOb2Context(objects: readonly Ob2Object[]): CheckResult {
  for (const o of objects) {
    if (o.what !== 'assertion' && !o.standalone) continue
    const ctx = Array.isArray(o.doc['@context']) ? o.doc['@context'] : [o.doc['@context']]
    if (!ctx.includes(OB2_CONTEXT)) {
      return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: `the ${o.what} ${String(o.doc.id ?? '')} does not name the Open Badges 2.0 context ${OB2_CONTEXT}`.replace('  ', ' ') }
    }
  }
  return { id: 'context', status: 'passed', message: `Open Badges 2.0 (${OB2_CONTEXT})` }
}

/** `type`: an Assertion, a BadgeClass and an Issuer (or Profile). */
export function checkOb2Types(objects: readonly Ob2Object[]): CheckResult {
  for (const o of objects) {
    const wanted = TYPES[o.what]
    if (!typesOf(o.doc).some((t) => typeof t === 'string' && wanted.includes(t))) {
      return { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: `the ${o.what}'s type must be ${wanted.join(' or ')}, not ${JSON.stringify(o.doc.type)}` }
    }
  }
  return { id: 'type', status: 'passed', message: 'an Open Badges 2.0 Assertion of a BadgeClass by an Issuer' }
}

/** `schema`: required properties, the recipient IdentityObject and the dates. */
export function checkOb2Data(objects: readonly Ob2Object[]): CheckResult {
  const problems = objects.flatMap(problemsOf)
  const first = problems[0]
  if (first === undefined) return { id: 'schema', status: 'passed', message: 'the assertion, its BadgeClass and its issuer have the properties Open Badges 2.0 requires' }
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
  return { id: 'schema', status: 'failed', code: first.code, message: `${first.message}${more}` }
}

function problemsOf(o: Ob2Object): Problem[] {
  const out: Problem[] = []
  const doc = o.doc
  for (const key of REQUIRED[o.what]) {
    const value = key === 'verification' ? doc.verification ?? doc.verify : doc[key]
    if (value === undefined || value === null || value === '') out.push({ code: 'ERR_OB3_OB2_INVALID', message: `the ${o.what} has no ${key}` })
  }
  if (doc.id !== undefined && typeof doc.id !== 'string') out.push({ code: 'ERR_OB3_OB2_INVALID', message: `the ${o.what}'s id must be a string` })
  if (o.what === 'assertion') {
    for (const key of ['issuedOn', 'expires'] as const) {
      const value = doc[key]
      if (value !== undefined && (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) {
        out.push({ code: 'ERR_OB3_DATE_INVALID', message: `${key} must be an ISO 8601 date and time with a time zone, not ${JSON.stringify(value)}` })
      }
    }
    out.push(...recipientProblems(doc.recipient))
  }
  return out
}

function recipientProblems(value: unknown): Problem[] {
  if (value === undefined) return []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ code: 'ERR_OB3_OB2_INVALID', message: 'recipient must be an IdentityObject' }]
  const r = value as Record<string, unknown>
  if (typeof r.type !== 'string' || r.type === '') return [{ code: 'ERR_OB3_OB2_INVALID', message: 'recipient.type must name the identity property (email, url, telephone or id)' }]
  if (typeof r.identity !== 'string' || r.identity === '') return [{ code: 'ERR_OB3_OB2_INVALID', message: 'recipient.identity must be a string' }]
  if (typeof r.hashed !== 'boolean') return [{ code: 'ERR_OB3_OB2_INVALID', message: 'recipient.hashed must be true or false' }]
  if (r.salt !== undefined && typeof r.salt !== 'string') return [{ code: 'ERR_OB3_OB2_INVALID', message: 'recipient.salt must be a string' }]
  if (r.hashed && !IDENTITY_HASH.test(r.identity)) return [{ code: 'ERR_OB3_IDENTITY_HASH_INVALID', message: 'a hashed recipient.identity must be sha256$<64 hex> or md5$<32 hex>' }]
  return []
}
