import { jwtPayloadOf } from '../lib/document-checks.js'
import type { CheckResult } from '../report.js'

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/**
 * `expiry-of-share`: a presentation's `validUntil` (and a VP-JWT's `exp`; the earlier wins) is
 * not past. Skipped when it has neither: the share does not expire.
 */
export function checkShareExpiry(presentation: Record<string, unknown>, jwt: string | undefined, now: Date): CheckResult {
  const raw = presentation.validUntil
  let until: number | undefined
  if (raw !== undefined) {
    if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) {
      return { id: 'expiry-of-share', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `the presentation's validUntil ${JSON.stringify(raw)} is not a date-time with a time zone` }
    }
    until = Date.parse(raw)
  }
  const exp = jwt === undefined ? undefined : jwtPayloadOf(jwt)?.exp
  if (typeof exp === 'number') until = until === undefined ? exp * 1000 : Math.min(until, exp * 1000)
  if (until === undefined) return { id: 'expiry-of-share', status: 'skipped', message: 'the presentation has no expiry' }
  const at = new Date(until).toISOString()
  if (now.getTime() > until) {
    return { id: 'expiry-of-share', status: 'failed', code: 'ERR_OB3_SHARE_EXPIRED', message: `the share expired on ${at} (it is ${now.toISOString()})` }
  }
  return { id: 'expiry-of-share', status: 'passed', message: `the share is valid until ${at}` }
}
