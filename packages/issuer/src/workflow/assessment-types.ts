/**
 * The types of the double-blind assessment workflow: who calls ({@link AssessmentCaller}), what
 * is stored, and what each role gets back.
 * @packageDocumentation
 */
import type { SubmissionState } from '../store/types.js'
import type { IdentityKind } from './redact-identity.js'

/** The three roles of an assessment. */
export type AssessmentRole = 'issuer' | 'assessor' | 'educator'

/**
 * Who is calling. `issuer`: the issuing organisation's staff (everything); `assessor`: a trained
 * assessor (her queue, the evidence assigned to her, scoring); `educator`: the submitter (her own
 * submissions, identified by the DID or e-mail she submitted with).
 * @example `const maria: AssessmentCaller = { role: 'educator', id: 'did:example:okafor' }`
 */
export interface AssessmentCaller {
  role: AssessmentRole
  id: string
}

/** The evidence of a submission as stored: the educator's texts and files, and the copies assessors get. */
export interface StoredEvidence {
  answers: { part: string; question?: string; text: string }[]
  reflections: { part: string; text: string }[]
  artifacts: StoredArtifact[]
  /** The texts as assessors read them: identifying words replaced. */
  blind?: { answers: { part: string; question?: string; text: string }[]; reflections: { part: string; text: string }[] }
}

/** One artifact as stored: the original (by digest, as the credential names it) and the assessors' copy. */
export interface StoredArtifact {
  part: string
  name: string
  mediaType: string
  digestMultibase: string
  size: number
  genre?: string
  /** The copy assessors receive: a neutral file name, metadata removed. */
  blind?: { name: string; digestMultibase: string; size: number; status: 'cleaned' | 'not-cleaned' }
}

/** What an assessor scores: levels per rubric part, and feedback for the educator. */
export interface Scores {
  /** Rubric part id → the level reached (its id or name). */
  levels: Record<string, string>
  /** Feedback per part and overall, in Markdown. */
  feedback?: { overall?: string; parts?: Record<string, string> }
}

/** The review of one assignment as stored: its opaque handles, and the scores once given. */
export interface StoredReview {
  /** The random handle the assessor knows this assignment by. */
  handle: string
  /** A random handle per artifact, in the order of the evidence. */
  artifacts: string[]
  scores?: Scores
}

/**
 * What an assessor sees: a review handle, a pseudonym fresh for this assignment, the texts with
 * identifying words replaced, and the artifacts by neutral names and handles — never the
 * submission id, the educator, file names or the digests the credential will carry.
 */
export interface AssessorView {
  /** The handle of this assignment (open artifacts and score with it). */
  review: string
  pseudonym: string
  achievementId: string
  attempt: number
  state: 'in-review' | 'scored'
  answers: StoredEvidence['answers']
  reflections: StoredEvidence['reflections']
  artifacts: {
    /** Open it with {@link Assessments.openArtifact}. */
    handle: string
    /** A neutral name such as `artifact-1.pdf`. */
    name: string
    /** "Artifact 2 — student-work". */
    label: string
    part: string
    mediaType: string
    size: number
    /** `removed`: its metadata was removed; `not-cleaned`: a type ob3 does not clean, passed as the educator sent it. */
    metadata: 'removed' | 'not-cleaned'
  }[]
  /** What was made anonymous and what was not. */
  notice: string
}

/** An artifact as an assessor opens it. */
export interface OpenedArtifact {
  name: string
  mediaType: string
  bytes: Uint8Array
  metadata: 'removed' | 'not-cleaned'
}

/** What an assessor gets back for her scores. */
export interface ScoreReceipt {
  review: string
  pseudonym: string
  state: 'scored'
  meetsAwardRule: boolean
}

/** What the educator sees: where her submission stands and the feedback — never who assessed it. */
export interface EducatorView {
  submissionId: string
  achievementId: string
  state: SubmissionState
  attempt: number
  feedback?: Scores['feedback']
  levels?: Scores['levels']
  credentialId?: string
}

/** Something in a submission that would tell an assessor who the educator is, and what ob3 did about it. */
export interface IdentityWarning {
  /** Where: `/answers/0/text`, `/answers/0/question`, `/reflections/1/text`, `/artifacts/0/name`, `/artifacts/0/bytes`. */
  path: string
  /** `name`, `email`, `did`, `school` (found in text), `metadata` (removed from a file), `not-cleaned` (a type ob3 cannot clean), `file-content` (still in the file after cleaning). */
  kind: IdentityKind | 'metadata' | 'not-cleaned' | 'file-content'
  message: string
}

/** What `submit` and `resubmit` answer: the educator's view and the identity warnings. */
export interface SubmitResult extends EducatorView {
  warnings: IdentityWarning[]
}

/** One entry of the audit trail as the educator sees it: assessors are "an assessor". */
export interface EducatorAuditEntry {
  action: string
  actor: 'the educator' | 'the issuer' | 'an assessor' | 'the system'
  at: string
  detail?: { attempt?: number; credentialId?: string }
}
