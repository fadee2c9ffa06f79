import { Ob3Error, computeDigestMultibase, toHex } from '@ob3/core'
import type { Issuer, AwardResult } from '../issuer.js'
import { defineMicroCredential, meetsAwardRule, rubricResults, type MicroCredentialDefinition } from '../micro-credentials/define-micro-credential.js'
import type { AuditEvent, IssuerStore, SubmissionRecord, SubmissionState } from '../store/types.js'
import type { ArtifactStore } from './artifact-store.js'
import { assertSubmissionFits, type SubmittedEvidence } from './submission-rules.js'

/** The evidence of a submission as stored: texts, and artifacts by digest. */
export interface StoredEvidence {
  answers: { part: string; question?: string; text: string }[]
  reflections: { part: string; text: string }[]
  artifacts: { part: string; name: string; mediaType: string; digestMultibase: string; size: number; genre?: string }[]
}

/** What an assessor scores: levels per rubric part, and feedback for the educator. */
export interface Scores {
  /** Rubric part id → the level reached (its id or name). */
  levels: Record<string, string>
  /** Feedback per part and overall, in Markdown. */
  feedback?: { overall?: string; parts?: Record<string, string> }
}

/** What an assessor sees: no name, email, DID, file names or anything else that identifies the educator. */
export interface AssessorView {
  submissionId: string
  pseudonym: string
  achievementId: string
  attempt: number
  answers: StoredEvidence['answers']
  reflections: StoredEvidence['reflections']
  /** Neutral labels ("Artifact 2 — student-work"), media type, size and digest; open one with {@link Assessments.openArtifact}. */
  artifacts: { label: string; part: string; mediaType: string; size: number; digestMultibase: string }[]
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

/**
 * The assessment workflow of a micro-credential: an educator submits evidence; an assessor,
 * who sees only a pseudonym, scores it against the rubric (double-blind); the issuing
 * organisation approves (the credential is awarded, the levels go into `result[]`) or returns it
 * with feedback; the educator revises and resubmits. Every change of state is written with its
 * audit event in one transaction, and a change made on a stale state is refused.
 *
 * @example
 * ```ts
 * const flow = new Assessments({ store, issuer, microCredentials: (id) => catalogue.get(id), artifacts })
 * const s = await flow.submit({ achievementId, educator: { id: teacherDid }, evidence })
 * await flow.assign(s.id, 'assessor-7')
 * await flow.score(s.id, 'assessor-7', { levels: { overview: 'pass', … } })
 * const { credential } = await flow.approve(s.id)
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
   * An educator submits evidence. It is checked against the micro-credential's parts (counts,
   * word limits); artifact files are hashed and kept in the artifact store.
   * @throws Ob3Error `ERR_OB3_SUBMISSION_INVALID`, `ERR_OB3_SUBMISSION_NOT_FOUND` (unknown micro-credential)
   */
  async submit(input: { achievementId: string; educator: SubmissionRecord['educator']; evidence: SubmittedEvidence }): Promise<SubmissionRecord> {
    const definition = this.#definition(input.achievementId)
    if (input.educator.id === undefined && input.educator.email === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'the educator needs a DID (id) or an email')
    const evidence = await this.#intake(definition, input.evidence)
    const at = this.#now().toISOString()
    const record: SubmissionRecord = {
      id: `sub-${toHex(this.#random(8))}`,
      issuerId: this.#o.issuer.id,
      achievementId: input.achievementId,
      educator: input.educator,
      pseudonym: `Candidate ${toHex(this.#random(3)).toUpperCase()}`,
      state: 'submitted',
      attempt: 1,
      evidence,
      createdAt: at,
      updatedAt: at,
    }
    await this.#o.store.insertSubmission(record)
    await this.#o.store.appendAudit(this.#event(record, 'submitted', 'educator', { attempt: 1, artifacts: evidence.artifacts.length }))
    return record
  }

  /** The issuing organisation assigns a trained assessor. */
  async assign(submissionId: string, assessorId: string): Promise<SubmissionRecord> {
    return this.#transition(submissionId, ['submitted'], 'in-review', 'assigned', 'issuer', (s) => ({ ...s, assessorId }), { assessorId })
  }

  /** What the assigned assessor sees. @throws Ob3Error `ERR_OB3_NOT_ASSIGNED` for anyone else */
  async assessorView(submissionId: string, assessorId: string): Promise<AssessorView> {
    const s = await this.#get(submissionId)
    if (s.assessorId !== assessorId || s.state !== 'in-review') throw new Ob3Error('ERR_OB3_NOT_ASSIGNED', `this submission is not waiting for ${assessorId}`)
    const evidence = s.evidence as StoredEvidence
    return {
      submissionId: s.id,
      pseudonym: s.pseudonym,
      achievementId: s.achievementId,
      attempt: s.attempt,
      answers: evidence.answers,
      reflections: evidence.reflections,
      artifacts: evidence.artifacts.map((a, i) => ({ label: `Artifact ${i + 1} — ${a.part}`, part: a.part, mediaType: a.mediaType, size: a.size, digestMultibase: a.digestMultibase })),
    }
  }

  /** The bytes of one artifact of a submission, for its assessor; checked against the digest. */
  async openArtifact(submissionId: string, assessorId: string, digestMultibase: string): Promise<Uint8Array> {
    const view = await this.assessorView(submissionId, assessorId)
    if (!view.artifacts.some((a) => a.digestMultibase === digestMultibase)) throw new Ob3Error('ERR_OB3_NOT_ASSIGNED', 'that artifact is not part of this submission')
    const bytes = await this.#o.artifacts.get(digestMultibase)
    if (bytes === undefined) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'the artifact is missing or no longer matches its digest')
    return bytes
  }

  /**
   * The assessor scores each rubric part and writes feedback.
   * @throws Ob3Error `ERR_OB3_NOT_ASSIGNED`, `ERR_OB3_SUBMISSION_INVALID` (an unknown part or level, a part left unscored)
   */
  async score(submissionId: string, assessorId: string, scores: Scores): Promise<SubmissionRecord> {
    const s = await this.#get(submissionId)
    if (s.assessorId !== assessorId) throw new Ob3Error('ERR_OB3_NOT_ASSIGNED', `this submission is not assigned to ${assessorId}`)
    const definition = this.#definition(s.achievementId)
    const missing = definition.rubric.map((r) => r.part).filter((p) => scores.levels[p] === undefined)
    if (missing.length > 0) throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `every rubric part must be scored; missing: ${missing.join(', ')}`)
    try {
      rubricResults(definition, scores.levels)
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `the scores do not fit the rubric: ${(cause as Error).message}`, { cause })
    }
    const rule = meetsAwardRule(definition, scores.levels)
    return this.#transition(submissionId, ['in-review'], 'scored', 'scored', assessorId, (r) => ({ ...r, review: scores }), { levels: scores.levels, meetsAwardRule: rule.passed })
  }

  /**
   * The issuing organisation approves a scored submission that meets the award rule: the
   * credential is awarded (its results are the rubric levels, its evidence the artifacts by
   * digest). Approving twice returns the same credential.
   * @throws Ob3Error `ERR_OB3_AWARD_RULE_UNMET` (return it instead), `ERR_OB3_SUBMISSION_STATE`
   */
  async approve(submissionId: string, options: { validUntil?: string } = {}): Promise<AwardResult> {
    const s = await this.#get(submissionId)
    if (s.state === 'awarded' && s.credentialId !== undefined) {
      return this.#o.issuer.award(this.#awardFor(s, options))
    }
    if (s.state !== 'scored') throw new Ob3Error('ERR_OB3_SUBMISSION_STATE', `a ${s.state} submission cannot be approved; it must be scored first`)
    const definition = this.#definition(s.achievementId)
    const scores = s.review as Scores
    const rule = meetsAwardRule(definition, scores.levels)
    if (!rule.passed) throw new Ob3Error('ERR_OB3_AWARD_RULE_UNMET', `parts below the required level: ${rule.failedParts.join(', ')}; return it with feedback instead`, { details: { failedParts: rule.failedParts } })
    const result = await this.#o.issuer.award(this.#awardFor(s, options))
    await this.#transition(submissionId, ['scored'], 'awarded', 'awarded', 'issuer', (r) => ({ ...r, credentialId: result.record.id }), { credentialId: result.record.id })
    return result
  }

  /** The issuing organisation returns a scored submission with the assessor's feedback, for revision. */
  async returnForRevision(submissionId: string, note?: string): Promise<SubmissionRecord> {
    return this.#transition(submissionId, ['scored'], 'returned', 'returned', 'issuer', (r) => r, note === undefined ? {} : { note })
  }

  /** The educator resubmits revised evidence; it goes back to be assigned (attempt + 1). */
  async resubmit(submissionId: string, evidence: SubmittedEvidence): Promise<SubmissionRecord> {
    const s = await this.#get(submissionId)
    const stored = await this.#intake(this.#definition(s.achievementId), evidence)
    return this.#transition(submissionId, ['returned'], 'submitted', 'resubmitted', 'educator', (r) => {
      const { assessorId: _a, review: _r, ...rest } = r
      return { ...rest, evidence: stored, attempt: r.attempt + 1 }
    }, { attempt: s.attempt + 1 })
  }

  /** What the educator sees. */
  async educatorView(submissionId: string): Promise<EducatorView> {
    const s = await this.#get(submissionId)
    const review = s.review as Scores | undefined
    const visible = s.state === 'returned' || s.state === 'awarded'
    return {
      submissionId: s.id,
      achievementId: s.achievementId,
      state: s.state === 'in-review' || s.state === 'scored' ? 'in-review' : s.state,
      attempt: s.attempt,
      ...(visible && review?.feedback !== undefined ? { feedback: review.feedback } : {}),
      ...(visible && review !== undefined ? { levels: review.levels } : {}),
      ...(s.credentialId === undefined ? {} : { credentialId: s.credentialId }),
    }
  }

  /** The audit trail of a submission, oldest first. */
  audit(submissionId: string): Promise<AuditEvent[]> {
    return this.#o.store.listAudit(this.#o.issuer.id, `submission:${submissionId}`)
  }

  #awardFor(s: SubmissionRecord, options: { validUntil?: string }) {
    const definition = this.#definition(s.achievementId)
    const scores = s.review as Scores
    const evidence = s.evidence as StoredEvidence
    return {
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

  async #intake(definition: MicroCredentialDefinition, evidence: SubmittedEvidence): Promise<StoredEvidence> {
    assertSubmissionFits(definition, evidence)
    const artifacts = await Promise.all((evidence.artifacts ?? []).map(async (a) => {
      const digestMultibase = await this.#o.artifacts.put(a.bytes)
      if (digestMultibase !== (await computeDigestMultibase(a.bytes))) throw new Ob3Error('ERR_OB3_DIGEST_INVALID', 'the artifact store kept a different file')
      return { part: a.part, name: a.name, mediaType: a.mediaType, digestMultibase, size: a.bytes.length, ...(a.genre === undefined ? {} : { genre: a.genre }) }
    }))
    return { answers: evidence.answers ?? [], reflections: evidence.reflections ?? [], artifacts }
  }

  #definition(achievementId: string): MicroCredentialDefinition {
    const definition = this.#o.microCredentials(achievementId)
    if (definition === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_NOT_FOUND', `no micro-credential ${achievementId} is assessed here`)
    return definition
  }

  async #get(submissionId: string): Promise<SubmissionRecord> {
    const s = await this.#o.store.getSubmission(this.#o.issuer.id, submissionId)
    if (s === undefined) throw new Ob3Error('ERR_OB3_SUBMISSION_NOT_FOUND', `there is no submission ${submissionId}`)
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
