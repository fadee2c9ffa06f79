import type { Ob3ErrorCode } from '@ob3/core'

/** The stable ids of the checks a report lists, in the order they appear. */
export const CHECK_IDS = [
  'parse',
  'context',
  'type',
  'schema',
  'proof',
  'validity',
  'status',
  'endorsements',
  'trust',
  'recipient',
  'artifacts',
  'holder',
  'expiry-of-share',
] as const

/** A check id. */
export type CheckId = (typeof CHECK_IDS)[number]

/** How a check ended. Only `failed` makes a report unverified. */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped'

/** One check of a report. */
export interface CheckResult {
  id: CheckId
  status: CheckStatus
  /** A stable error code, on `failed` and `warning`. */
  code?: Ob3ErrorCode
  /** What was checked and what was found, in plain words. */
  message: string
}

/** The summary of the credential a report is about. */
export interface CredentialSummary {
  id: string | null
  name: string | null
  /** The issuer's id. */
  issuer: string | null
  /** The issuer's name, when the credential gives one. */
  issuerName: string | null
  validFrom: string | null
  validUntil: string | null
  /** The subject's `creditsEarned` (e.g. clock hours), when the credential gives a number. */
  creditsEarned?: number
  /** Who the credential is about, as its `credentialSubject` names them. */
  subject?: SubjectSummary
}

/** Who a credential names as its subject (the recipient). */
export interface SubjectSummary {
  /** The subjects' ids (DIDs, URLs); empty when the recipient is named by identifiers only. */
  ids: string[]
  /** The subjects' `identifier` IdentityObjects, as written (a hashed one with its salt). */
  identifiers: SubjectIdentifier[]
}

/** One IdentityObject of a subject. */
export interface SubjectIdentifier {
  identityType: string
  /** The value, or `sha256$…` / `md5$…` of value ‖ salt when `hashed`. */
  identityHash: string
  hashed: boolean
  salt?: string
}

/** A step of an endorsement's verification that failed or warned. */
export interface EndorsementIssue {
  /** The step: a check id of a credential report, `subject` (it endorses something else) or `depth` (nested too deep). */
  check: 'parse' | 'context' | 'type' | 'schema' | 'proof' | 'validity' | 'status' | 'subject' | 'depth'
  code: Ob3ErrorCode
  message: string
}

/** What an endorsement is about, relative to the credential it came with. */
export type EndorsedEntity = 'credential' | 'achievement' | 'issuer' | 'creator'

/**
 * One endorsement (an EndorsementCredential, embedded or handed in) and what verifying it found.
 * Verified with the steps of a credential: context, type, schema, proof by a key its issuer
 * controls, validity and status.
 */
export interface EndorsementResult {
  /** The endorsement credential's id. */
  id: string | null
  /** Who endorses (the endorsement's issuer). */
  endorser: { id: string | null; name: string | null }
  /** The id of what is endorsed (the endorsement's credentialSubject.id). */
  endorses: string | null
  /**
   * What that is: the credential, its achievement, its issuer, or the achievement's creator. For
   * an endorsement nested in another (`depth` > 0), `credential` is the endorsement it sits in
   * and `issuer` that endorsement's endorser.
   */
  what: EndorsedEntity
  /** The endorsementComment (Markdown), as written. */
  comment: string | null
  verified: boolean
  /** The steps that failed, when not verified. */
  failed?: EndorsementIssue[]
  /** Remarks on a verified endorsement (a key not confirmed by the endorser, a schema not checked). */
  warnings?: EndorsementIssue[]
  /**
   * With a trust registry: true when the registry trusts the endorser as an endorser today, the
   * endorsement verified, and its key is confirmed by the endorser (not read from the proof).
   */
  trusted?: boolean
  /** `ldp` for an embedded proof, `jwt` for an `endorsementJwt` (or a handed-in VC-JWT). */
  format: 'ldp' | 'jwt'
  /** `embedded` in the credential, or `provided` separately (`VerifyOptions.endorsements`). */
  source: 'embedded' | 'provided'
  /** Where it was found, as a JSON path (`$.credentialSubject.achievement.endorsement[0]`); `$` for one handed in. */
  path: string
  /** 0 for an endorsement of the credential (or its achievement, issuer); 1 for an endorsement of such an endorsement; … */
  depth: number
}

/** One artifact of a credential's evidence, or one shared file that is none of them. */
export interface ArtifactResult {
  /** The evidence entry's name (or id), or null for a shared file that matches no evidence. */
  evidence: string | null
  /** The evidence entry's digestMultibase; for an unmatched file, the file's own sha2-256 digest. */
  digestMultibase: string | null
  /** The evidence entry's digestSRI, when it has one. */
  digestSRI?: string
  /** Whether a file for it was shared. */
  shared: boolean
  /** For a shared file: whether its bytes are exactly the ones the issuer assessed. */
  matches?: boolean
  /** The shared file's name, when it was given one. */
  file?: string
  /** The id of the credential whose evidence it is (in a presentation of several). */
  credential?: string | null
}

/** The specifications a report can say it checked. */
export type Specification = 'ob3' | 'ob2'

/**
 * The input formats a report names. `json` is an Open Badges 2.0 assertion given as JSON; an OB 2.0
 * signed assertion (compact JWS) is `jwt`, a hosted one's URL `link`.
 */
export type InputFormat = 'ldp' | 'jwt' | 'png' | 'svg' | 'link' | 'json'

/**
 * A verification report. `verified` is false exactly when at least one check failed.
 * Its shape is a contract: fields may be added, never renamed.
 */
export interface VerificationReport {
  /** What was verified (a file path, a link, `-`). */
  input: string
  verified: boolean
  kind: 'credential' | 'presentation'
  format: InputFormat
  /**
   * The specification the input was checked against: `ob3` (Open Badges 3.0, a verifiable
   * credential or presentation) or `ob2` (an Open Badges 2.0 assertion, hosted or signed). Added
   * by {@link finishReport}; `ob3` unless said otherwise.
   */
  specification?: Specification
  checks: CheckResult[]
  credential?: CredentialSummary
  /** Every endorsement found or handed in, when there are any. */
  endorsements?: EndorsementResult[]
  /** The credential's artifacts and the shared files, when files were shared. */
  artifacts?: ArtifactResult[]
  /** For a presentation: the report of each credential it carries, in order. */
  credentials?: VerificationReport[]
  /**
   * For a presentation: the holder it names (`holder`, or a VP-JWT's `iss`), or null when it names
   * none. Whether the holder signed it is the `holder` check's.
   */
  holder?: string | null
  /**
   * For an Open Badges 2.0 assertion (`specification: 'ob2'`): what the assertion, its BadgeClass
   * and its issuer Profile say, as they were read (embedded or fetched), for showing the badge.
   * Whether to believe it is for the checks to say.
   */
  ob2?: Ob2Details
}

/** What an Open Badges 2.0 badge says of itself, as read while it was verified. */
export interface Ob2Details {
  /** The BadgeClass, when it could be read. */
  badgeClass: {
    id: string | null
    name: string | null
    description: string | null
    /** Its image: a URL or a data: URL, as written. */
    image: string | null
    criteria: { id: string | null; narrative: string | null }
  } | null
  /** The issuer Profile, when it could be read. */
  issuer: { id: string | null; name: string | null; url: string | null; email: string | null } | null
  /** The assertion's own image (a baked copy of the badge image), as written. */
  image: string | null
  /** The assertion's narrative: how this recipient met the criteria. */
  narrative: string | null
  /** Its evidence, as written. */
  evidence: { id: string | null; name: string | null; narrative: string | null }[]
}

/**
 * Put checks in the stable order, filling any missing id as skipped, and derive `verified`.
 * @example `finishReport({ input: 'a.json', kind: 'credential', format: 'ldp', checks })`
 */
export function finishReport(parts: Omit<VerificationReport, 'verified' | 'checks'> & { checks: CheckResult[]; skipReason?: string }): VerificationReport {
  const byId = new Map(parts.checks.map((c) => [c.id, c]))
  const checks = CHECK_IDS.map((id) => byId.get(id) ?? { id, status: 'skipped' as const, message: parts.skipReason ?? 'not applicable' })
  const report: VerificationReport = {
    input: parts.input,
    verified: !checks.some((c) => c.status === 'failed'),
    kind: parts.kind,
    format: parts.format,
    specification: parts.specification ?? 'ob3',
    checks,
  }
  if (parts.credential !== undefined) report.credential = parts.credential
  if (parts.endorsements !== undefined) report.endorsements = parts.endorsements
  if (parts.artifacts !== undefined) report.artifacts = parts.artifacts
  if (parts.credentials !== undefined) report.credentials = parts.credentials
  if (parts.holder !== undefined) report.holder = parts.holder
  if (parts.ob2 !== undefined) report.ob2 = parts.ob2
  return report
}
