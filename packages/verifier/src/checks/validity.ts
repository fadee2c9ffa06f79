import { CREDENTIALS_V1_URL } from '@ob3/core'
import type { CheckResult } from '../report.js'

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

function parse(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** Whether a document's first context is the VC 1.1 one. */
function isVc11(doc: Record<string, unknown>): boolean {
  const ctx = doc['@context']
  return (Array.isArray(ctx) ? ctx[0] : ctx) === CREDENTIALS_V1_URL
}

/**
 * `validity`: validFrom ≤ now ≤ validUntil (VC 1.1: issuanceDate and expirationDate; a VC-JWT's
 * `exp` when the credential has no end date). VC 2.0 makes `validFrom` optional: without it only
 * the end date counts (Open Badges 3.0 requires it, which the `schema` check reports). A VC 1.1
 * credential needs its `issuanceDate`.
 */
export function checkValidity(doc: Record<string, unknown>, now: Date, jwtExp?: number): CheckResult {
  const v2 = doc.validFrom !== undefined || (doc.issuanceDate === undefined && !isVc11(doc))
  const fromName = v2 ? 'validFrom' : 'issuanceDate'
  const untilName = v2 ? 'validUntil' : 'expirationDate'
  const fromRaw = v2 ? doc.validFrom : doc.issuanceDate
  const untilRaw = v2 ? doc.validUntil : doc.expirationDate
  if (fromRaw === undefined && !v2) return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'a VC 1.1 credential needs an issuanceDate' }
  const from = fromRaw === undefined ? undefined : parse(fromRaw)
  if (fromRaw !== undefined && from === undefined) return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `${fromName} ${JSON.stringify(fromRaw)} is not a date-time with a time zone` }
  let until: number | undefined
  if (untilRaw !== undefined) {
    until = parse(untilRaw)
    if (until === undefined) return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `${untilName} ${JSON.stringify(untilRaw)} is not a date-time with a time zone` }
  } else if (jwtExp !== undefined) {
    until = jwtExp * 1000
  }
  // Dates in the wrong order make no period at all: said so whatever the clock, before comparing.
  if (until !== undefined && from !== undefined && until < from) {
    return { id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `${untilRaw === undefined ? 'the JWT exp' : untilName} is before ${fromName}` }
  }
  const t = now.getTime()
  const at = now.toISOString()
  if (from !== undefined && t < from) return { id: 'validity', status: 'failed', code: 'ERR_OB3_NOT_YET_VALID', message: `not valid yet: valid from ${String(fromRaw)}, and it is ${at}` }
  if (until !== undefined && t > until) {
    return { id: 'validity', status: 'failed', code: 'ERR_OB3_EXPIRED', message: `expired on ${new Date(until).toISOString()} (it is ${at})` }
  }
  if (from === undefined) {
    return {
      id: 'validity',
      status: 'passed',
      message: until === undefined ? 'no validFrom and no validUntil: valid with no start or end date' : `no validFrom; valid until ${new Date(until).toISOString()}`,
    }
  }
  return {
    id: 'validity',
    status: 'passed',
    message: until === undefined ? `valid since ${String(fromRaw)}, with no end date` : `valid from ${String(fromRaw)} until ${new Date(until).toISOString()}`,
  }
}
