import { Ob3Error, computeDigestMultibase, toHex } from '@ob3/core'
import type { Issuer, AwardResult } from '../issuer.js'
import { defineMicroCredential, meetsAwardRule, rubricResults, type MicroCredentialDefinition } from '../micro-credentials/define-micro-credential.js'
import type { AuditEvent, IssuerStore, SubmissionRecord, SubmissionState } from '../store/types.js'
import type { ArtifactStore } from './artifact-store.js'
import type {
  AssessmentCaller, AssessmentRole, AssessorView, EducatorAuditEntry, EducatorView, IdentityWarning, OpenedArtifact, ScoreReceipt, Scores,
  StoredArtifact, StoredEvidence, StoredReview, SubmitResult,
} from './assessment-types.js'
import { cleanArtifact } from './clean-artifact.js'
import { identityPatterns, redactIdentity, type IdentityPatterns } from './redact-identity.js'
import { assertSubmissionFits, type SubmittedEvidence } from './submission-rules.js'

export type * from './assessment-types.js'
export { CLEANED_MEDIA_TYPES } from './clean-artifact.js'
export { identityPatterns, redactIdentity, type EducatorIdentity, type IdentityKind, type IdentityPatterns, type RedactionResult } from './redact-identity.js'

/** Options for {@link Assessments}. */
export interface AssessmentsOptions {
  store: IssuerStore
  issuer: Issuer
  /** The micro-credentials this issuer assesses, by achievement id. */
  microCredentials: (achievementId: string) => MicroCredentialDefinition | undefined
  artifacts: ArtifactStore
  now?: () => Date
  random?: (length: number) => Uint8Array
}

/** The educator as a submission records her; `school` is optional and, like the rest, never shown to assessors. */
export type SubmittingEducator = SubmissionRecord['educator']

const ROLES: readonly AssessmentRole[] = ['issuer', 'assessor', 'educator']
const CALLER_ID = /^[^\s\0]{1,200}$/u
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg',
  'text/plain': 'txt', 'text/markdown': 'md', 'text/csv': 'csv', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'audio/mpeg': 'mp3',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
}
const NOTICE_CLEANED = 'Names, e-mail addresses, DIDs and the school were replaced in the texts; file names are neutral; metadata was removed from PNG, JPEG and PDF files and identifying words from plain-text files.'

/** A caller, checked: a known role and a plain id. */
function checkCaller(caller: AssessmentCaller): AssessmentCaller {
  if (typeof caller !== 'object' || caller === null || !ROLES.includes(caller.role) || typeof caller.id !== 'string' || !CALLER_ID.test(caller.id)) {
    throw new Ob3Error('ERR_OB3_ASSESSMENT_FORBIDDEN', 'the caller must be { role: "issuer" | "assessor" | "educator", id }')
  }
  return caller
}

function allow(caller: AssessmentCaller, roles: readonly AssessmentRole[], what: string): void {
  checkCaller(caller)
  if (!roles.includes(caller.role)) {
    throw new Ob3Error('ERR_OB3_ASSESSMENT_FORBIDDEN', `${what} is not for ${caller.role}s (only ${roles.join(' or ')})`, { details: { role: caller.role, allowed: roles } })
  }
}

/** Whether an educator caller is the educator of a submission (by DID, or by e-mail ignoring case). */
function isEducatorOf(caller: AssessmentCaller, educator: SubmittingEducator): boolean {
  return caller.id === educator.id || (educator.email !== undefined && caller.id.toLowerCase() === educator.email.toLowerCase())
}

function reviewOf(s: SubmissionRecord): StoredReview | undefined {
  const review = s.review as (StoredReview & Partial<Scores>) | undefined
  if (review === undefined || review === null) return undefined
  // Records from before opaque handles kept the scores themselves in `review`.
  if (review.handle === undefined) return { handle: '', artifacts: [], ...(review.levels === undefined ? {} : { scores: review as Scores }) }
  return review
}

function actorOf(caller: AssessmentCaller): string {
  return caller.role === 'educator' ? 'educator' : `${caller.role}:${caller.id}`
}

function extensionOf(mediaType: string, name: string): string {
  const known = EXTENSIONS[mediaType.toLowerCase()]
  if (known !== undefined) return known
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]
  return ext === undefined ? 'bin' : ext.toLowerCase()
}

/**
 * The assessment workflow of a micro-credential, double-blind and role-scoped. Every method
 * takes the caller ({@link AssessmentCaller}) and allows only what her role may do:
 * - an **educator** submits and resubmits her evidence, reads her own submissions and their
 *   audit trail (in which assessors are "an assessor");
 * - an **assessor** lists her queue, opens the evidence assigned to her and scores it — by a
 *   random review handle, under a pseudonym fresh for each assignment, with the texts redacted and
 *   the files stripped of metadata at intake; she never receives the stored record;
 * - the **issuer** (the issuing organisation's staff) does everything else: assigns, returns,
 *   approves (the credential is awarded, the levels go into `result[]`), and reads every record.
 * Every change of state is written with its audit event in one transaction, and a change made on
 * a stale state is refused.
 *
 * @example
 * ```ts
 * const flow = new Assessments({ store, issuer, microCredentials: (id) => catalogue.get(id), artifacts })
 * const staff = { role: 'issuer', id: 'staff-2' } as const, maria = { role: 'educator', id: teacherDid } as const
 * const s = await flow.submit(maria, { achievementId, educator: { id: teacherDid, name: 'Maria Okafor' }, evidence })
 * await flow.assign(staff, s.submissionId, 'assessor-7')
 * const [review] = await flow.assessorQueue({ role: 'assessor', id: 'assessor-7' })
 * await flow.score({ role: 'assessor', id: 'assessor-7' }, review.review, { levels: { overview: 'pass', … } })
 * const { credential } = await flow.approve(staff, s.submissionId)
 * ```
 */
export class Assessments {
  readonly #o: AssessmentsOptions
  readonly #now: () => Date
  readonly #random: (length: number) => Uint8Array

  constructor(options: AssessmentsOptions) {
    this.#o = options
    this.#now = options.now ?? (() => new Date())
    this.#random = options.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)))
  }

  /**
   * Submit evidence (an educator for herself, or the issuer on her behalf). It is checked against
   * the micro-credential's parts (counts, word limits); files are hashed and kept, and a copy
   * without metadata is made for assessors; identifying words are replaced in the texts
   * assessors read. The warnings tell the educator what was found where, so she can fix it.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` (an assessor, or an educator submitting for someone else), `ERR_OB3_SUBMISSION_INVALID`, `ERR_OB3_SUBMISSION_NOT_FOUND` (unknown micro-credential)
   */
  async submit(caller: AssessmentCaller, input: { achievementId: string; educator?: SubmittingEducator; evidence: SubmittedEvidence }): Promise<SubmitResult> {
    allow(caller, ['educator', 'issuer'], 'submitting evidence')
    const educator = input.educator ?? (caller.role === 'educator' ? (caller.id.includes('@') ? { email: caller.id } : { id: caller.id }) : undefined)
    if (educator === undefined || (educator.id === undefined && educator.email === undefined)) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'the educator needs a DID (id) or an email')
    if (caller.role === 'educator' && !isEducatorOf(caller, educator)) throw new Ob3Error('ERR_OB3_ASSESSMENT_FORBIDDEN', 'an educator submits her own evidence: educator.id or educator.email must be the caller\'s')
    const definition = this.#definition(input.achievementId)
    const { evidence, warnings } = await this.#intake(definition, input.evidence, educator)
    const at = this.#now().toISOString()
    const record: SubmissionRecord = {
      id: `sub-${toHex(this.#random(12))}`,
      issuerId: this.#o.issuer.id,
      achievementId: input.achievementId,
      educator,
      pseudonym: this.#pseudonym(),
      state: 'submitted',
      attempt: 1,
      evidence,
      createdAt: at,
      updatedAt: at,
    }
    await this.#o.store.insertSubmission(record)
    await this.#o.store.appendAudit(this.#event(record, 'submitted', actorOf(caller), { attempt: 1, artifacts: evidence.artifacts.length }))
    return { ...this.#educatorView(record), warnings }
  }

  /**
   * The issuer assigns a trained assessor: the assignment gets a random review handle, a handle
   * per artifact and a fresh pseudonym — none reused from an earlier attempt or assessor.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN`, `ERR_OB3_SUBMISSION_STATE`
   */
  async assign(caller: AssessmentCaller, submissionId: string, assessorId: string): Promise<SubmissionRecord> {
    allow(caller, ['issuer'], 'assigning an assessor')
    if (typeof assessorId !== 'string' || !CALLER_ID.test(assessorId)) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'assessorId must be a plain id')
    const s = await this.#get(submissionId)
    const review: StoredReview = {
      handle: `rv-${toHex(this.#random(16))}`,
      artifacts: (s.evidence as StoredEvidence).artifacts.map(() => `af-${toHex(this.#random(12))}`),
    }
    const pseudonym = this.#pseudonym()
    return this.#transition(submissionId, ['submitted'], 'in-review', 'assigned', actorOf(caller), (r) => ({ ...r, assessorId, pseudonym, review }), { assessorId, review: review.handle })
  }

  /** The assessor's work waiting for her scores, oldest first. @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` for other roles */
  async assessorQueue(caller: AssessmentCaller): Promise<AssessorView[]> {
    allow(caller, ['assessor'], 'an assessor queue')
    const mine = await this.#o.store.listSubmissions(this.#o.issuer.id, { state: 'in-review', assessorId: caller.id })
    return mine.filter((s) => reviewOf(s)?.handle !== '').map((s) => this.#assessorView(s))
  }

  /**
   * One assignment as its assessor sees it (the issuer may look too).
   * @throws Ob3Error `ERR_OB3_NOT_ASSIGNED` (no such review for this assessor), `ERR_OB3_ASSESSMENT_FORBIDDEN` (an educator)
   */
  async assessorView(caller: AssessmentCaller, review: string): Promise<AssessorView> {
    allow(caller, ['assessor', 'issuer'], 'a review')
    return this.#assessorView(await this.#assignment(caller, review))
  }

  /**
   * The copy of one artifact made for assessors: neutral name, metadata removed.
   * @throws Ob3Error `ERR_OB3_NOT_ASSIGNED`, `ERR_OB3_DIGEST_INVALID` (the stored copy is missing or changed)
   */
  async openArtifact(caller: AssessmentCaller, review: string, artifact: string): Promise<OpenedArtifact> {
    allow(caller, ['assessor', 'issuer'], 'opening evidence')
    const s = await this.#assignment(caller, review)
    const index = (reviewOf(s) as StoredReview).artifacts.indexOf(artifact)
    const stored = (s.evidence as StoredEvidence).artifacts[index]
    if (index < 0 || stored === undefined) throw new Ob3Error('ERR_OB3_NOT_ASSIGNED', 'that artifact is not part of this review')
    if (stored.blind === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', 'this artifact was submitted before files were made anonymous; ask for a resubmission')
    const bytes = await this.#o.artifacts.get(stored.blind.digestMultibase)
    if (bytes === undefined) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'the artifact is missing or no longer matches its digest')
    return { name: stored.blind.name, mediaType: stored.mediaType, bytes, metadata: stored.blind.status === 'cleaned' ? 'removed' : 'not-cleaned' }
  }

  /**
   * The assigned assessor scores each rubric part and writes feedback.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` (not an assessor), `ERR_OB3_NOT_ASSIGNED`, `ERR_OB3_SUBMISSION_STATE` (scored already), `ERR_OB3_SUBMISSION_INVALID` (an unknown part or level, a part left unscored)
   */
  async score(caller: AssessmentCaller, review: string, scores: Scores): Promise<ScoreReceipt> {
    allow(caller, ['assessor'], 'scoring')
    const s = await this.#assignment(caller, review)
    const definition = this.#definition(s.achievementId)
    const levels = (scores as Partial<Scores> | undefined)?.levels
    if (typeof levels !== 'object' || levels === null) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'scores need levels: { rubric part id: level }')
    const missing = definition.rubric.map((r) => r.part).filter((p) => levels[p] === undefined)
    if (missing.length > 0) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `every rubric part must be scored; missing: ${missing.join(', ')}`)
    try {
      rubricResults(definition, levels)
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `the scores do not fit the rubric: ${(cause as Error).message}`, { cause })
    }
    const rule = meetsAwardRule(definition, levels)
    const kept: Scores = { levels, ...(scores.feedback === undefined ? {} : { feedback: scores.feedback }) }
    const next = await this.#transition(s.id, ['in-review'], 'scored', 'scored', actorOf(caller), (r) => ({ ...r, review: { ...(reviewOf(r) as StoredReview), scores: kept } }), { levels, meetsAwardRule: rule.passed })
    return { review, pseudonym: next.pseudonym, state: 'scored', meetsAwardRule: rule.passed }
  }

  /**
   * The issuer approves a scored submission that meets the award rule: the credential is awarded
   * (its results are the rubric levels, its evidence the original artifacts by digest). Approving
   * twice returns the same credential.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN`, `ERR_OB3_AWARD_RULE_UNMET` (return it instead), `ERR_OB3_SUBMISSION_STATE`
   */
  async approve(caller: AssessmentCaller, submissionId: string, options: { validUntil?: string } = {}): Promise<AwardResult> {
    allow(caller, ['issuer'], 'approving an award')
    const s = await this.#get(submissionId)
    if (s.state === 'awarded' && s.credentialId !== undefined) return this.#o.issuer.award(this.#awardFor(s, options))
    if (s.state !== 'scored') throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', `a ${s.state} submission cannot be approved; it must be scored first`)
    const definition = this.#definition(s.achievementId)
    const scores = reviewOf(s)?.scores as Scores
    const rule = meetsAwardRule(definition, scores.levels)
    if (!rule.passed) throw new Ob3Error('ERR_OB3_AWARD_RULE_UNMET', `parts below the required level: ${rule.failedParts.join(', ')}; return it with feedback instead`, { details: { failedParts: rule.failedParts } })
    const result = await this.#o.issuer.award(this.#awardFor(s, options))
    await this.#transition(submissionId, ['scored'], 'awarded', 'awarded', actorOf(caller), (r) => ({ ...r, credentialId: result.record.id }), { credentialId: result.record.id })
    return result
  }

  /** The issuer returns a scored submission with the assessor's feedback, for revision. @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN`, `ERR_OB3_SUBMISSION_STATE` */
  async returnForRevision(caller: AssessmentCaller, submissionId: string, note?: string): Promise<SubmissionRecord> {
    allow(caller, ['issuer'], 'returning a submission')
    return this.#transition(submissionId, ['scored'], 'returned', 'returned', actorOf(caller), (r) => r, note === undefined ? {} : { note })
  }

  /**
   * The educator (or the issuer for her) resubmits revised evidence; it goes back to be assigned
   * (attempt + 1), and the next assignment gets new handles and a new pseudonym.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN`, `ERR_OB3_SUBMISSION_STATE`, `ERR_OB3_SUBMISSION_INVALID`
   */
  async resubmit(caller: AssessmentCaller, submissionId: string, evidence: SubmittedEvidence): Promise<SubmitResult> {
    allow(caller, ['educator', 'issuer'], 'resubmitting evidence')
    const s = await this.#own(caller, submissionId)
    if (s.state !== 'returned') throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', `a ${s.state} submission cannot be resubmitted`)
    const { evidence: stored, warnings } = await this.#intake(this.#definition(s.achievementId), evidence, s.educator)
    const next = await this.#transition(submissionId, ['returned'], 'submitted', 'resubmitted', actorOf(caller), (r) => {
      const { assessorId: _a, review: _r, ...rest } = r
      return { ...rest, evidence: stored, attempt: r.attempt + 1, pseudonym: this.#pseudonym() }
    }, { attempt: s.attempt + 1 })
    return { ...this.#educatorView(next), warnings }
  }

  /** Where a submission stands, for its educator (or the issuer). @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` (an assessor, another educator), `ERR_OB3_SUBMISSION_NOT_FOUND` */
  async educatorView(caller: AssessmentCaller, submissionId: string): Promise<EducatorView> {
    allow(caller, ['educator', 'issuer'], 'the educator\'s view')
    return this.#educatorView(await this.#own(caller, submissionId))
  }

  /** The caller's own submissions, oldest first. @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` for other roles */
  async educatorSubmissions(caller: AssessmentCaller): Promise<EducatorView[]> {
    allow(caller, ['educator'], 'an educator\'s list')
    const all = await this.#o.store.listSubmissions(this.#o.issuer.id)
    return all.filter((s) => isEducatorOf(caller, s.educator)).map((s) => this.#educatorView(s))
  }

  /**
   * The audit trail of a submission, oldest first: whole for the issuer; for its educator each
   * entry's action, time and attempt, with assessors as "an assessor" and nothing that names them.
   * @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` (assessors, other educators)
   */
  async audit(caller: AssessmentCaller, submissionId: string): Promise<AuditEvent[] | EducatorAuditEntry[]> {
    allow(caller, ['educator', 'issuer'], 'the audit trail')
    await this.#own(caller, submissionId)
    const events = await this.#o.store.listAudit(this.#o.issuer.id, `submission:${submissionId}`)
    if (caller.role === 'issuer') return events
    return events.map((e): EducatorAuditEntry => {
      const actor = e.actor === 'educator' ? 'the educator' : e.actor === 'issuer' || e.actor.startsWith('issuer:') ? 'the issuer' : e.actor === 'system' ? 'the system' : 'an assessor'
      const d = (e.detail ?? {}) as { attempt?: unknown; credentialId?: unknown }
      const detail = { ...(typeof d.attempt === 'number' ? { attempt: d.attempt } : {}), ...(typeof d.credentialId === 'string' ? { credentialId: d.credentialId } : {}) }
      return { action: e.action, actor, at: e.at, ...(Object.keys(detail).length === 0 ? {} : { detail }) }
    })
  }

  /** The whole stored record, for the issuer. @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN`, `ERR_OB3_SUBMISSION_NOT_FOUND` */
  async getSubmission(caller: AssessmentCaller, submissionId: string): Promise<SubmissionRecord> {
    allow(caller, ['issuer'], 'the stored record')
    return this.#get(submissionId)
  }

  /** Stored records, for the issuer, oldest first. @throws Ob3Error `ERR_OB3_ASSESSMENT_FORBIDDEN` */
  async listSubmissions(caller: AssessmentCaller, filter: { state?: SubmissionState; assessorId?: string } = {}): Promise<SubmissionRecord[]> {
    allow(caller, ['issuer'], 'listing submissions')
    return this.#o.store.listSubmissions(this.#o.issuer.id, filter)
  }

  #pseudonym(): string {
    return `Candidate ${toHex(this.#random(4)).toUpperCase()}`
  }

  #educatorView(s: SubmissionRecord): EducatorView {
    const review = reviewOf(s)
    const scores = review?.scores
    const visible = s.state === 'returned' || s.state === 'awarded'
    // The assessor's id, should she have written it into her feedback, is replaced too.
    const patterns = identityPatterns({ ...(s.assessorId === undefined ? {} : { aliases: [s.assessorId] }) })
    const clean = (text: string) => redactIdentity(text, patterns).text
    const feedback = scores?.feedback === undefined ? undefined : {
      ...(scores.feedback.overall === undefined ? {} : { overall: clean(scores.feedback.overall) }),
      ...(scores.feedback.parts === undefined ? {} : { parts: Object.fromEntries(Object.entries(scores.feedback.parts).map(([k, v]) => [k, clean(v)])) }),
    }
    return {
      submissionId: s.id,
      achievementId: s.achievementId,
      state: s.state === 'in-review' || s.state === 'scored' ? 'in-review' : s.state,
      attempt: s.attempt,
      ...(visible && feedback !== undefined ? { feedback } : {}),
      ...(visible && scores !== undefined ? { levels: scores.levels } : {}),
      ...(s.credentialId === undefined ? {} : { credentialId: s.credentialId }),
    }
  }

  #assessorView(s: SubmissionRecord): AssessorView {
    const review = reviewOf(s) as StoredReview
    const evidence = s.evidence as StoredEvidence
    const blind = evidence.blind ?? blindTexts(evidence, identityPatterns(s.educator)).blind
    const artifacts = evidence.artifacts.map((a, i) => ({
      handle: review.artifacts[i] as string,
      name: a.blind?.name ?? `artifact-${i + 1}.${extensionOf(a.mediaType, '')}`,
      label: `Artifact ${i + 1} — ${a.part}`,
      part: a.part,
      mediaType: a.mediaType,
      size: a.blind?.size ?? 0,
      metadata: a.blind?.status === 'cleaned' ? 'removed' as const : 'not-cleaned' as const,
    }))
    const passed = artifacts.filter((a) => a.metadata === 'not-cleaned').map((a) => `${a.name} (${a.mediaType})`)
    return {
      review: review.handle,
      pseudonym: s.pseudonym,
      achievementId: s.achievementId,
      attempt: s.attempt,
      state: s.state === 'scored' ? 'scored' : 'in-review',
      answers: blind.answers,
      reflections: blind.reflections,
      artifacts,
      notice: passed.length === 0 ? NOTICE_CLEANED : `${NOTICE_CLEANED} Not cleaned (shown as sent): ${passed.join(', ')}.`,
    }
  }

  /** The submission under a review handle, if it is the caller's (any, for the issuer) and still under review. */
  async #assignment(caller: AssessmentCaller, handle: string): Promise<SubmissionRecord> {
    const candidates = await this.#o.store.listSubmissions(this.#o.issuer.id, caller.role === 'assessor' ? { assessorId: caller.id } : {})
    const s = typeof handle === 'string' && handle !== '' ? candidates.find((r) => reviewOf(r)?.handle === handle) : undefined
    if (s === undefined || (s.state !== 'in-review' && s.state !== 'scored')) throw new Ob3Error('ERR_OB3_NOT_ASSIGNED', 'there is no review with this handle waiting for you')
    return s
  }

  /** A submission, if the caller may see it: its educator, or the issuer. */
  async #own(caller: AssessmentCaller, submissionId: string): Promise<SubmissionRecord> {
    const s = await this.#get(submissionId)
    if (caller.role === 'educator' && !isEducatorOf(caller, s.educator)) throw new Ob3Error('ERR_OB3_ASSESSMENT_FORBIDDEN', 'this submission is not yours')
    return s
  }

  #awardFor(s: SubmissionRecord, options: { validUntil?: string }) {
    const definition = this.#definition(s.achievementId)
    const scores = reviewOf(s)?.scores as Scores
    const evidence = s.evidence as StoredEvidence
    return {
      // The submission id is never shown to assessors, so nothing they see leads to this key.
      idempotencyKey: `submission:${s.id}`,
      achievement: defineMicroCredential(definition),
      recipient: s.educator.id !== undefined ? { id: s.educator.id } : { email: s.educator.email as string },
      results: rubricResults(definition, scores.levels),
      ...(definition.creditsAvailable === undefined ? {} : { creditsEarned: definition.creditsAvailable }),
      // Named by the evidence part, not by the file name, which may name students.
      artifacts: evidence.artifacts.map((a, i) => ({
        name: `${definition.evidenceParts.find((p) => p.id === a.part)?.name ?? a.part}, artifact ${evidence.artifacts.slice(0, i + 1).filter((b) => b.part === a.part).length}`,
        mediaType: a.mediaType,
        digestMultibase: a.digestMultibase,
        ...(a.genre === undefined ? {} : { genre: a.genre }),
      })),
      ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil }),
    }
  }

  async #intake(definition: MicroCredentialDefinition, submitted: SubmittedEvidence, educator: SubmittingEducator): Promise<{ evidence: StoredEvidence; warnings: IdentityWarning[] }> {
    assertSubmissionFits(definition, submitted)
    const patterns = identityPatterns(educator)
    const base = { answers: submitted.answers ?? [], reflections: submitted.reflections ?? [] }
    const { blind, warnings } = blindTexts(base, patterns)
    const artifacts: StoredArtifact[] = []
    for (const [i, a] of (submitted.artifacts ?? []).entries()) {
      const path = `/artifacts/${i}`
      let cleaned
      try {
        cleaned = await cleanArtifact({ bytes: a.bytes, mediaType: a.mediaType, patterns, random: this.#random })
      } catch (err) {
        if (err instanceof Ob3Error) throw new Ob3Error(err.code, `${path}: ${err.message}`, { cause: err, details: { problems: [{ path: `${path}/bytes`, message: err.message }] } })
        throw err
      }
      const digestMultibase = await this.#o.artifacts.put(a.bytes)
      if (digestMultibase !== (await computeDigestMultibase(a.bytes))) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'the artifact store kept a different file')
      const name = `artifact-${i + 1}.${extensionOf(a.mediaType, a.name)}`
      const inName = redactIdentity(a.name, patterns).found
      if (inName.length > 0) warnings.push({ path: `${path}/name`, kind: inName[0] as IdentityWarning['kind'], message: `the file name "${a.name}" names you (${inName.join(', ')}); assessors see "${name}"` })
      if (cleaned.removed.length > 0) warnings.push({ path: `${path}/bytes`, kind: cleaned.found.length > 0 ? cleaned.found[0] as IdentityWarning['kind'] : 'metadata', message: `removed from the copy assessors receive: ${cleaned.removed.join('; ')}. Your file and the digest in the credential are unchanged` })
      if (cleaned.status === 'not-cleaned') warnings.push({ path: `${path}/bytes`, kind: 'not-cleaned', message: `${a.mediaType} files reach assessors as you sent them (ob3 cleans PNG, JPEG, PDF and plain text): make sure nothing in it names you, your school or your students` })
      // What the cleaned copy still says in plain bytes (uncompressed text, a file ob3 cannot clean).
      const left = redactIdentity(new TextDecoder('latin1').decode(cleaned.bytes), patterns).found
      if (left.length > 0 && cleaned.found.length === 0) warnings.push({ path: `${path}/bytes`, kind: 'file-content', message: `the file's content still names you (${left.join(', ')}); assessors will see it — change the file and resubmit` })
      const blindDigest = await this.#o.artifacts.put(cleaned.bytes)
      artifacts.push({
        part: a.part, name: a.name, mediaType: a.mediaType, digestMultibase, size: a.bytes.length, ...(a.genre === undefined ? {} : { genre: a.genre }),
        blind: { name, digestMultibase: blindDigest, size: cleaned.bytes.length, status: cleaned.status },
      })
    }
    return { evidence: { ...base, artifacts, blind }, warnings }
  }

  #definition(achievementId: string): MicroCredentialDefinition {
    const definition = this.#o.microCredentials(achievementId)
    if (definition === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_NOT_FOUND', `no micro-credential ${achievementId} is assessed here`)
    return definition
  }

  async #get(submissionId: string): Promise<SubmissionRecord> {
    const s = typeof submissionId === 'string' && submissionId !== '' ? await this.#o.store.getSubmission(this.#o.issuer.id, submissionId) : undefined
    if (s === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_NOT_FOUND', 'there is no such submission')
    return s
  }

  #event(s: SubmissionRecord, action: string, actor: string, detail: Record<string, unknown>): AuditEvent {
    return { issuerId: s.issuerId, subject: `submission:${s.id}`, action, actor, at: this.#now().toISOString(), detail }
  }

  async #transition(
    submissionId: string,
    from: SubmissionState[],
    to: SubmissionState,
    action: string,
    actor: string,
    change: (s: SubmissionRecord) => SubmissionRecord,
    detail: Record<string, unknown>,
  ): Promise<SubmissionRecord> {
    const s = await this.#get(submissionId)
    if (!from.includes(s.state)) throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', `a ${s.state} submission cannot be ${action}`)
    const next: SubmissionRecord = { ...change(s), state: to, updatedAt: this.#now().toISOString() }
    const ok = await this.#o.store.updateSubmission(next, s.state, this.#event(s, action, actor, detail))
    if (!ok) throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', `the submission changed meanwhile; ${action} was not applied`)
    return next
  }
}

/** The texts of a submission as assessors read them, and a warning for each place something was replaced. */
function blindTexts(evidence: Pick<StoredEvidence, 'answers' | 'reflections'>, patterns: IdentityPatterns): { blind: NonNullable<StoredEvidence['blind']>; warnings: IdentityWarning[] } {
  const warnings: IdentityWarning[] = []
  const redact = (text: string, path: string) => {
    const { text: out, found } = redactIdentity(text, patterns)
    for (const kind of found) warnings.push({ path, kind, message: `your ${kind === 'email' ? 'e-mail address' : kind === 'did' ? 'DID' : kind} appears here; assessors read it replaced by a marker — rephrase it so the text still reads well` })
    return out
  }
  const answers = evidence.answers.map((a, i) => ({
    part: a.part,
    ...(a.question === undefined ? {} : { question: redact(a.question, `/answers/${i}/question`) }),
    text: redact(a.text, `/answers/${i}/text`),
  }))
  const reflections = evidence.reflections.map((r, i) => ({ part: r.part, text: redact(r.text, `/reflections/${i}/text`) }))
  return { blind: { answers, reflections }, warnings }
}
