/**
 * Each check of a report in plain words, for the person looking at the page: a short name and
 * a sentence for how it ended. The verifier's own message (what exactly was found) is shown
 * under it.
 * @packageDocumentation
 */
import type { CheckId, CheckResult, Specification } from '../../src/index.js'

interface Words {
  /** A short name for the check. */
  name: string
  passed: string
  failed: string
}

const WORDS: Record<CheckId, Words> = {
  parse: { name: 'Readable', passed: 'The badge could be read.', failed: 'The badge could not be read.' },
  context: { name: 'Open Badges 3.0 vocabulary', passed: 'It uses the Open Badges 3.0 vocabulary.', failed: 'It does not use the Open Badges 3.0 vocabulary correctly.' },
  type: { name: 'Kind of credential', passed: 'It is an Open Badges credential.', failed: 'It is not an Open Badges credential.' },
  schema: { name: 'Well formed', passed: 'Its content follows the Open Badges 3.0 data model.', failed: 'Its content does not follow the Open Badges 3.0 data model.' },
  proof: { name: 'Issuer’s signature', passed: 'Signed by its issuer, and not changed since.', failed: 'The issuer’s signature does not match: the badge was changed after it was signed, or it was not signed by its issuer.' },
  validity: { name: 'Dates', passed: 'It is valid today.', failed: 'It is not valid today.' },
  status: { name: 'Revocation', passed: 'The issuer has not revoked or suspended it.', failed: 'The issuer has revoked or suspended it, or this could not be checked.' },
  endorsements: { name: 'Endorsements', passed: 'Its endorsements are genuine.', failed: 'An endorsement is not genuine.' },
  trust: { name: 'Trusted issuer', passed: 'The issuer is on the list of trusted issuers.', failed: 'The issuer is not on the list of trusted issuers.' },
  recipient: { name: 'Recipient', passed: 'It was awarded to the expected person.', failed: 'It was awarded to someone else.' },
  artifacts: { name: 'Shared files', passed: 'The shared files are exactly the ones the issuer assessed.', failed: 'A shared file is not the one the issuer assessed.' },
  holder: { name: 'Shared by its owner', passed: 'The share was signed by the person the badge was awarded to.', failed: 'The share was not signed by the person the badge was awarded to, or was changed since.' },
  'expiry-of-share': { name: 'Share link expiry', passed: 'The share link has not expired.', failed: 'The share link has expired.' },
}

/** Where an Open Badges 2.0 assertion's checks read differently. */
const OB2_WORDS: Partial<Record<CheckId, Words>> = {
  context: { name: 'Open Badges 2.0 vocabulary', passed: 'It uses the Open Badges 2.0 vocabulary.', failed: 'It does not use the Open Badges 2.0 vocabulary correctly.' },
  schema: { name: 'Well formed', passed: 'Its content follows the Open Badges 2.0 data model.', failed: 'Its content does not follow the Open Badges 2.0 data model.' },
}

function wordsOf(id: CheckId, specification: Specification | undefined): Words {
  return (specification === 'ob2' ? OB2_WORDS[id] : undefined) ?? WORDS[id]
}

/** More exact sentences for some failure codes. */
const BY_CODE: Partial<Record<string, string>> = {
  ERR_OB3_STATUS_REVOKED: 'The issuer has revoked this badge.',
  ERR_OB3_STATUS_SUSPENDED: 'The issuer has suspended this badge.',
  ERR_OB3_STATUS_UNAVAILABLE: 'Whether the issuer has revoked it could not be checked.',
  ERR_OB3_EXPIRED: 'The badge has expired.',
  ERR_OB3_NOT_YET_VALID: 'The badge is not valid yet.',
  ERR_OB3_SHARE_EXPIRED: 'The share link has expired: ask its owner for a new one.',
  ERR_OB3_PROOF_MISSING: 'It carries no signature.',
  ERR_OB3_CHALLENGE_MISMATCH: 'The share was made for another request.',
  ERR_OB3_DOMAIN_MISMATCH: 'The share was made for another website.',
  ERR_OB3_HOLDER_MISMATCH: 'The person who shared it is not the person it was awarded to.',
  ERR_OB3_TRUST_UNTRUSTED: 'The issuer is not on the list of trusted issuers.',
}

/** Remarks that must not read as a pass with a footnote, by check and code. */
const WARNING_BY_CODE: Partial<Record<string, string>> = {
  'proof ERR_OB3_PROOF_KEY_NOT_AUTHORIZED': 'Not changed since it was signed, but the key that signed it comes from the badge itself: the issuer it names has not confirmed it.',
  'endorsements ERR_OB3_PROOF_KEY_NOT_AUTHORIZED': 'An endorsement is signed with a key its endorser has not confirmed: who endorses it is not confirmed.',
  'holder ERR_OB3_PROOF_KEY_NOT_AUTHORIZED': 'The share is signed, but with a key its holder has not confirmed.',
  'trust ERR_OB3_PROOF_KEY_NOT_AUTHORIZED': 'The issuer it names is on the list, but the badge is not confirmed to come from that issuer.',
  'trust ERR_OB3_TRUST_UNTRUSTED': 'The issuer is not on the list of trusted issuers.',
}

/**
 * A check's short name, in the words of the specification the report checked (default Open Badges 3.0).
 * @example `checkName('proof') // 'Issuer’s signature'`
 */
export function checkName(id: CheckId, specification?: Specification): string {
  return wordsOf(id, specification).name
}

/**
 * The plain sentence for how a check ended, in the words of the report's specification.
 * @example `checkSentence({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message }) // 'The issuer has revoked this badge.'`
 */
export function checkSentence(check: CheckResult, specification?: Specification): string {
  const words = wordsOf(check.id, specification)
  switch (check.status) {
    case 'passed': return words.passed
    case 'failed': return (check.code === undefined ? undefined : BY_CODE[check.code]) ?? words.failed
    case 'warning': return WARNING_BY_CODE[`${check.id} ${check.code ?? ''}`] ?? `${words.passed.replace(/\.$/, '')}, with a remark.`
    case 'skipped': return 'Not checked here.'
  }
}

/** The status in one word, for screen readers and the icon's label. */
export function statusWord(status: CheckResult['status']): string {
  return { passed: 'Passed', failed: 'Failed', warning: 'Remark', skipped: 'Not applicable' }[status]
}
