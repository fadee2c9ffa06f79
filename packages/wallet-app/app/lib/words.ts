/**
 * The verifier's report in plain words, for a teacher: what was checked, what failed and why,
 * and whether a failure only means "could not be checked right now".
 * @packageDocumentation
 */
import type { ImportVerification } from '@ob3/wallet'

/** Codes that mean the status could not be read now (no network, the issuer's server down), not a verdict. */
const NOT_NOW = new Set(['ERR_OB3_STATUS_UNAVAILABLE', 'ERR_OB3_TIME_BUDGET_EXCEEDED', 'ERR_OB3_FETCH_FAILED', 'ERR_OB3_FETCH_FORBIDDEN'])

/** `verified`, `not-yet-checked` (only the status could not be read now), or `failed`. */
export type Verdict = 'verified' | 'not-yet-checked' | 'failed'

/** The verdict of a report. */
export function verdictOf(report: ImportVerification): Verdict {
  if (report.verified) return 'verified'
  const failed = report.checks.filter((c) => c.status === 'failed')
  return failed.length > 0 && failed.every((c) => c.id === 'status' && c.code !== undefined && NOT_NOW.has(c.code)) ? 'not-yet-checked' : 'failed'
}

/** One failed check, in a sentence. */
export function failureWords(check: { id: string; code?: string; message: string }): string {
  switch (check.code) {
    case 'ERR_OB3_STATUS_REVOKED': return 'The issuer has revoked this badge.'
    case 'ERR_OB3_STATUS_SUSPENDED': return 'The issuer has suspended this badge for now.'
    case 'ERR_OB3_EXPIRED': return 'This badge has expired.'
    case 'ERR_OB3_NOT_YET_VALID': return 'This badge is not valid yet.'
    case 'ERR_OB3_SHARE_EXPIRED': return 'This share has expired.'
    default: break
  }
  if (check.code !== undefined && NOT_NOW.has(check.code)) return 'Whether the issuer has revoked it could not be checked right now (the issuer’s status list could not be reached).'
  switch (check.id) {
    case 'parse': return 'This file is not a badge the wallet can read.'
    case 'context':
    case 'type':
    case 'schema': return 'This is not a well-formed Open Badge.'
    case 'proof': return 'The signature does not match: the badge was changed, or not signed by its issuer.'
    case 'validity': return 'The badge’s dates do not allow it now.'
    case 'status': return 'Its revocation status could not be confirmed.'
    case 'endorsements': return 'An endorsement on it does not check out.'
    case 'artifacts': return 'A shared file is not the one the issuer assessed.'
    case 'holder': return 'It was not signed by the person it was issued to.'
    default: return check.message
  }
}

/** The whole report in a line or two. */
export function reportWords(report: ImportVerification): string {
  const verdict = verdictOf(report)
  if (verdict === 'verified') return 'The issuer signed it, it is in date, and it has not been revoked.'
  const failed = report.checks.filter((c) => c.status === 'failed')
  if (verdict === 'not-yet-checked') return 'The signature is right, but whether the issuer revoked it could not be checked from here right now. Check again later.'
  return failed.map((c) => failureWords(c)).filter((v, i, all) => all.indexOf(v) === i).join(' ')
}

/**
 * Why a claim link gave no badge, in a sentence, from the error's code (`ERR_OB3_CLAIM_*`), or
 * `undefined` for a code that is not a claim refusal. A wrong PIN says how many tries are left
 * when the issuer said so (in `details.attemptsLeft`, or "N attempt(s) left" in its message).
 */
export function claimWords(err: { code: string; message: string; details?: unknown }): string | undefined {
  switch (err.code) {
    case 'ERR_OB3_CLAIM_PIN_REQUIRED': return 'This claim link needs the PIN your issuer sent with it. Type it in the PIN field and add the link again.'
    case 'ERR_OB3_CLAIM_PIN_WRONG': {
      const fromDetails = (err.details as { attemptsLeft?: unknown } | undefined)?.attemptsLeft
      const fromMessage = /(\d+) attempt/.exec(err.message)?.[1]
      const left = typeof fromDetails === 'number' ? fromDetails : fromMessage === undefined ? undefined : Number(fromMessage)
      return `That PIN is not the one your issuer sent.${left === undefined ? '' : left === 0 ? ' No tries are left.' : ` ${left} ${left === 1 ? 'try is' : 'tries are'} left before the claim locks.`}`
    }
    case 'ERR_OB3_CLAIM_LOCKED': return 'Too many wrong PINs: this claim is locked. Ask your issuer for a new claim link.'
    case 'ERR_OB3_CLAIM_EXPIRED': return 'This claim link has expired. Ask your issuer for a new one.'
    case 'ERR_OB3_CLAIM_REDEEMED': return 'This claim link has been used already: the badge it holds was collected. If it is not in your wallet, ask your issuer for a new link.'
    case 'ERR_OB3_CLAIM_NOT_FOUND': return 'Your issuer does not know this claim link. Check that it was copied whole.'
    case 'ERR_OB3_CLAIM_LINK_INVALID': return 'This is not a claim link the wallet can read. Check that it was copied whole.'
    case 'ERR_OB3_CLAIM_PROOF_INVALID': return 'The issuer did not accept the wallet’s proof that the badge is for you.'
    case 'ERR_OB3_CLAIM_PROTOCOL': return 'The issuer could not be reached, or answered in a way the wallet does not understand. Try again later.'
    default: return undefined
  }
}
