import { identityMatches, isOb3Error } from '@ob3/core'
import { list, obj, str } from '../lib/context.js'
import type { CheckResult } from '../report.js'

/**
 * Who the verifier expects the credential to be about: a subject id (a DID, a URL), or an
 * identifier of a type (`{ identityType: 'emailAddress', value: 'a@example.com' }`) matched
 * against the subject's IdentityObjects, hashed or not.
 */
export type ExpectedRecipient = { id?: string } | { identityType: string; value: string }

/**
 * Check the shape of an expected recipient.
 * @throws TypeError naming what is wrong
 */
export function assertExpectedRecipient(recipient: unknown): asserts recipient is ExpectedRecipient {
  const r = obj(recipient)
  if (r === undefined) throw new TypeError('verify: recipient must be { id } or { identityType, value }')
  if ('identityType' in r || 'value' in r) {
    if (typeof r.identityType !== 'string' || r.identityType === '' || typeof r.value !== 'string' || r.value === '') {
      throw new TypeError('verify: recipient.identityType and recipient.value must be non-empty strings')
    }
  } else if (r.id !== undefined && (typeof r.id !== 'string' || r.id === '')) {
    throw new TypeError('verify: recipient.id must be a non-empty string')
  }
}

/**
 * `recipient` (OB 3.0 verification step 5): the subject's id is the expected id, or one of its
 * `identifier` IdentityObjects names the expected value (FACTS §1.7: same identityType; a hashed
 * one compared by hashing value ‖ salt). An email address is also tried in lower case, the form
 * issuers usually hash. Skipped when no recipient is expected.
 */
export async function checkRecipient(doc: Record<string, unknown>, recipient: ExpectedRecipient | undefined): Promise<CheckResult> {
  if (recipient === undefined || (!('identityType' in recipient) && recipient.id === undefined)) {
    return { id: 'recipient', status: 'skipped', message: 'no expected recipient was given' }
  }
  return matchRecipient(subjectOfDocument(doc), recipient)
}

/** Who a credential names as its subject: the subjects' ids and their IdentityObjects. Internal. */
export interface NamedSubject {
  ids: string[]
  identities: Record<string, unknown>[]
}

/** The ids and `identifier` IdentityObjects of a credential's subjects. Internal. */
export function subjectOfDocument(doc: Record<string, unknown>): NamedSubject {
  const subjects = list(doc.credentialSubject).map(obj).filter((s): s is Record<string, unknown> => s !== undefined)
  return {
    ids: subjects.map((s) => str(s.id)).filter((id): id is string => id !== null),
    identities: subjects.flatMap((s) => list(s.identifier).map(obj).filter((i): i is Record<string, unknown> => i !== undefined)),
  }
}

/**
 * Whether `subject` names the expected recipient — its id, or (OB 3.0 §1.7) an IdentityObject of
 * the same type whose value, hashed with its salt when hashed, is the expected one — as a
 * `recipient` check. Shared by the check and by `sumCredits`. Internal.
 */
export async function matchRecipient(subject: NamedSubject, recipient: ExpectedRecipient): Promise<CheckResult> {
  const { ids, identities } = subject
  const named = () => describeSubject(subject) ?? 'no recipient at all'
  if (!('identityType' in recipient)) {
    const id = recipient.id as string
    if (ids.includes(id)) return { id: 'recipient', status: 'passed', message: `the credential was issued to ${id}` }
    return { id: 'recipient', status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH', message: `the credential was not issued to ${id}: it names ${named()}` }
  }
  const { identityType, value } = recipient
  const candidates = identityType === 'emailAddress' && value.toLowerCase() !== value ? [value, value.toLowerCase()] : [value]
  const ofType = identities.filter((i) => i.identityType === identityType)
  for (const identity of ofType) {
    for (const candidate of candidates) {
      try {
        if (await identityMatches(identity, identityType, candidate)) {
          const how = identity.hashed === true ? `the credential's salted hash of its recipient's ${identityType}` : `the credential's ${identityType}`
          return { id: 'recipient', status: 'passed', message: `the credential was issued to ${value}: it matches ${how}` }
        }
      } catch (err) {
        if (!isOb3Error(err)) throw err
        return { id: 'recipient', status: 'failed', code: err.code, message: `the recipient could not be compared: ${err.message}` }
      }
    }
  }
  if (ofType.length === 0) {
    return { id: 'recipient', status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH', message: `the credential names no ${identityType} for its recipient (it names ${named()}), so it cannot be shown to be issued to ${value}` }
  }
  return { id: 'recipient', status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH', message: `the credential was not issued to ${value}: its recipient's ${identityType} is another one` }
}

/** The subject in a few words (`did:…, emailAddress (hashed)`), or null when it names nobody. Internal. */
export function describeSubject(subject: NamedSubject): string | null {
  const parts = [...subject.ids, ...new Set(subject.identities.map((i) => `${String(i.identityType)} ${i.hashed === true ? '(hashed)' : String(i.identityHash)}`))]
  return parts.length === 0 ? null : parts.join(', ')
}
