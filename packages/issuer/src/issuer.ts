import { CREDENTIALS_V1_URL, MAX_STATUS_SIZE, Ob3Error, isOb3Error, type Ob3ErrorCode, sha256, signLinkedDataProof, toHex, utf8, type DocumentLoader, type ProofFormat, type Signer } from '@ob3/core'
import type { Award, IssuerProfileInput } from './award.js'
import { buildCredential } from './build-credential.js'
import { issueCredential } from './issue-credential.js'
import { STATUS_LIST_2021_CONTEXT_URL, buildStatusListCredential, messageStatusEntry, statusEntries, statusList2021Entries, statusList2021Url, type StatusListPurpose, type StatusListType } from './status/status-list-credential.js'
import type { AuditEvent, BatchChunkEntry, CredentialRecord, IssuerStore, StatusListGroupRecord } from './store/types.js'

/** Options for {@link Issuer}. */
export interface IssuerOptions {
  store: IssuerStore
  /** The issuer's profile; `id` is the signing key's controller. */
  profile: IssuerProfileInput
  signer: Signer
  /**
   * Where status lists are published: `<statusBaseUrl>/<group>/revocation` and `/suspension`
   * (BitstringStatusListCredentials), and the same bits as StatusList2021Credentials at
   * `<statusBaseUrl>/<group>/revocation/2021` and `/suspension/2021` for VC 1.1 credentials.
   * Without it, credentials carry no status.
   */
  statusBaseUrl?: string
  /** Entries per status list (default and minimum 131,072). */
  statusListLength?: number
  /** A new list group is started when this share of a group is taken (default 0.5). */
  statusListFill?: number
  /**
   * Also give each credential a suspension entry (same index, in the suspension list). OB 3.0
   * allows one `credentialStatus`, so by default a credential carries its revocation entry only;
   * with suspension it carries both, as VC 2.0 allows (verifiers see a schema remark).
   */
  suspension?: boolean
  /** Default proof format of awards (default `eddsa-rdfc-2022`). */
  format?: ProofFormat
  now?: () => Date
  random?: (length: number) => Uint8Array
}

/** An award with the caller's key for it: awarding the same key twice gives back the first credential. */
export type AwardRequest = Award & {
  idempotencyKey: string
  format?: ProofFormat
  /**
   * Where the award sits in a programme, for the programme report: kept in the `awarded` audit
   * event, never in the credential. `educator` is a pseudonymous key (see `educatorKey`), not an
   * address or a name.
   */
  programme?: AwardProgramme
  /**
   * Also give the credential a multi-bit `message` status entry beside its revocation entry, as
   * {@link IssueRequest.messageStatus} does (the same code: a group of that `statusSize`, value 0
   * until {@link Issuer.setStatusValue} changes it). Needs a `statusBaseUrl`.
   * @example `await issuer.award({ idempotencyKey: 'row-7', achievement, recipient, messageStatus: { statusSize: 2, messages: ['valid', 'pending review', 'under appeal', 'withdrawn'] } })`
   */
  messageStatus?: MessageStatusRequest
}

/** Programme context of an award (see {@link AwardRequest.programme}). */
export interface AwardProgramme {
  educator?: string
  school?: string
  cohort?: string
  batch?: string
  line?: number
}

/** A credential the caller built, for {@link Issuer.issue}. */
export interface IssueRequest {
  /** The unsigned credential; its issuer (id or Profile id) must be this issuer. */
  credential: Record<string, unknown>
  /** Issuing the same key twice gives back the first credential. */
  idempotencyKey: string
  format?: ProofFormat
  /** The record's id for a credential that has no `id` (VC-API `options.credentialId`). */
  recordId?: string
  /** For contexts beyond the bundled ones (inline contexts need none). */
  documentLoader?: DocumentLoader
  /** Who asked, for the audit trail (default `issuer`). */
  actor?: string
  /**
   * Whether to give the credential a status entry in this issuer's lists. Default: yes when the
   * issuer has a `statusBaseUrl` and the credential brings no `credentialStatus` of its own;
   * `false`: none.
   */
  status?: boolean
  /**
   * Also give the credential a multi-bit `message` status entry (beside its revocation entry), in
   * the message list of a status list group of that `statusSize`. Its value starts at 0 (the first
   * message); {@link Issuer.setStatusValue} changes it. Needs a `statusBaseUrl`; ignored when the
   * credential gets no status entry.
   */
  messageStatus?: MessageStatusRequest
}

/** A multi-bit message status entry to give a credential (see {@link IssueRequest.messageStatus}). */
export interface MessageStatusRequest {
  /** Bits per entry, 1 to 8. */
  statusSize: number
  /** One message per value, from `0x0` up: exactly 2^statusSize of them. */
  messages: readonly string[]
  /** Where more about the status is said: a URL or several. */
  statusReference?: string | readonly string[]
}

/** The result of {@link Issuer.award} and {@link Issuer.issue}. */
export interface AwardResult {
  record: CredentialRecord
  /** The signed credential: JSON, or the parsed payload of a VC-JWT. */
  credential: Record<string, unknown>
  /** False when the idempotency key had been awarded before. */
  created: boolean
}

/** What became of one row of {@link Issuer.awardBatchChunk}. */
export type BatchRowOutcome =
  | { line: number; status: 'issued'; credentialId: string; created: boolean }
  | { line: number; status: 'failed'; error: string; code: Ob3ErrorCode }

/** The steps of one issuance, shared by award, issue and awardBatchChunk. */
interface IssueSteps {
  idempotencyKey: string
  format: ProofFormat
  actor: string
  detail: Record<string, unknown>
  keepStatus?: boolean
  messageStatus?: MessageStatusRequest
  documentLoader?: DocumentLoader
  build: (now: Date) => Promise<{ unsigned: Record<string, unknown>; id: string; achievementId: string; recipient: string }>
}

/**
 * Cryptographically random bytes, drawn from a pool refilled 4 KiB at a time: one
 * `getRandomValues` call per credential's worth of ids, salts and indexes costs more than the bytes.
 */
function pooledRandom(): (length: number) => Uint8Array {
  const pool = new Uint8Array(4096)
  let used = pool.length
  return (length) => {
    if (length > pool.length) return crypto.getRandomValues(new Uint8Array(length))
    if (used + length > pool.length) {
      crypto.getRandomValues(pool)
      used = 0
    }
    const out = pool.slice(used, used + length)
    // drawn bytes are never handed out twice
    pool.fill(0, used, used + length)
    used += length
    return out
  }
}

/** A failed row: the error's stable code (`ERR_OB3_BATCH_ROW_FAILED` for an uncoded one) and message. */
function failedRow(line: number, err: unknown): BatchRowOutcome & { status: 'failed' } {
  const code = isOb3Error(err) ? err.code : 'ERR_OB3_BATCH_ROW_FAILED'
  return { line, status: 'failed', error: String((err as Error | undefined)?.message ?? err) || code, code }
}

const MIN_LENGTH = 131_072
const MAX_INDEX_ATTEMPTS = 64

/**
 * An issuing organisation at work: it awards credentials (idempotently, each with a random,
 * never reused status index), revokes, suspends and reinstates them, and publishes signed status
 * lists. State lives in the {@link IssuerStore}, so several processes may share one issuer.
 *
 * @example
 * ```ts
 * const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Lakeside District' }, signer, statusBaseUrl: 'https://lakeside.example/status' })
 * const { credential } = await issuer.award({ idempotencyKey: 'submission-42', achievement, recipient: { id: teacherDid } })
 * await issuer.revoke(credential.id as string, 'awarded in error')
 * ```
 */
export class Issuer {
  readonly #options: IssuerOptions
  readonly #length: number
  readonly #now: () => Date
  readonly #random: (length: number) => Uint8Array

  constructor(options: IssuerOptions) {
    const length = options.statusListLength ?? MIN_LENGTH
    if (!Number.isSafeInteger(length) || length < MIN_LENGTH || length % 8 !== 0) throw new TypeError(`Issuer: statusListLength must be a multiple of 8, at least ${MIN_LENGTH}`)
    if (options.signer.id.split('#')[0] !== options.profile.id) throw new TypeError('Issuer: the signer\'s key must be controlled by profile.id')
    this.#options = options
    this.#length = length
    this.#now = options.now ?? (() => new Date())
    this.#random = options.random ?? pooledRandom()
  }

  /** The issuer's id. */
  get id(): string {
    return this.#options.profile.id
  }

  /**
   * Award a credential. The same `idempotencyKey` never yields two credentials: the first one is
   * returned with `created: false`. With a status base URL, the credential gets a random index
   * in a revocation and a suspension list, claimed atomically with the stored record (and, with
   * `messageStatus`, a multi-bit message entry at the same index).
   * @throws Ob3Error `ERR_OB3_AWARD_INVALID` (also for a malformed `messageStatus`), signing errors
   */
  async award(request: AwardRequest): Promise<AwardResult> {
    return this.#issueOnce(this.#awardSteps(request))
  }

  /**
   * Issue a credential the caller built (a VC-API request, a credential of another kind than an
   * Open Badge) the way {@link Issuer.award} issues one: idempotently by `idempotencyKey`, with a
   * random, never reused status index (unless the credential brings its own `credentialStatus`),
   * the record and the index stored together. A VC 2.0 credential gets `BitstringStatusListEntry`s;
   * a VC 1.1 credential gets `StatusList2021Entry`s instead (same list, same index: the lists are
   * also published as StatusList2021Credentials, see {@link Issuer.publishStatusList}) and the
   * StatusList2021 context (`https://w3id.org/vc/status-list/2021/v1`), never a VC 2.0 one. A
   * VC 1.1 credential cannot take a multi-bit `messageStatus` (StatusList2021 has none).
   * @throws Ob3Error `ERR_OB3_AWARD_INVALID` (no key, another issuer, or a `messageStatus` for a VC 1.1 credential), `ERR_OB3_STORE_CONFLICT`
   *   (another credential has its id), JSON-LD and signing errors
   */
  async issue(request: IssueRequest): Promise<AwardResult> {
    const { credential, idempotencyKey } = request
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '') throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'issue needs an idempotencyKey')
    const issuer = credential.issuer
    const issuerId = typeof issuer === 'string' ? issuer : (issuer as { id?: unknown } | null | undefined)?.id
    if (issuerId !== this.id) throw new Ob3Error('ERR_OB3_AWARD_INVALID', `the credential's issuer is ${String(issuerId)}, not ${this.id}`)
    const id = typeof credential.id === 'string' ? credential.id : request.recordId
    if (typeof id !== 'string' || id === '') throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'the credential needs an id (or a recordId)')
    const subjects = Array.isArray(credential.credentialSubject) ? credential.credentialSubject : [credential.credentialSubject]
    const subject = (subjects[0] ?? {}) as { id?: unknown; achievement?: { id?: unknown } }
    const achievementId = typeof subject.achievement?.id === 'string' && subject.achievement.id !== '' ? subject.achievement.id : `type:${mainType(credential.type)}`
    if (request.messageStatus !== undefined && isVc11(credential)) {
      throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'a VC 1.1 credential\'s status entries are StatusList2021Entry, which has no multi-bit message status: issue it as VC 2.0 for a messageStatus')
    }
    return this.#issueOnce({
      idempotencyKey,
      format: request.format ?? this.#options.format ?? 'eddsa-rdfc-2022',
      actor: request.actor ?? 'issuer',
      detail: { achievementId, idempotencyKey },
      keepStatus: credential.credentialStatus !== undefined || request.status === false,
      ...(request.messageStatus === undefined ? {} : { messageStatus: checkMessageStatus(request.messageStatus) }),
      ...(request.documentLoader === undefined ? {} : { documentLoader: request.documentLoader }),
      build: async () => ({ unsigned: { ...credential }, id, achievementId, recipient: typeof subject.id === 'string' ? subject.id : '' }),
    })
  }

  /**
   * Issue once per idempotency key: build, give a status entry at a random free index, sign,
   * and store the record with its index in one store call — again with another index when the
   * index was taken meanwhile.
   */
  async #issueOnce(o: IssueSteps): Promise<AwardResult> {
    const store = this.#options.store
    const existing = await store.getCredentialByIdempotencyKey(this.id, o.idempotencyKey)
    if (existing !== undefined) return { record: existing, credential: parseContent(existing), created: false }
    for (let attempt = 0; attempt < MAX_INDEX_ATTEMPTS; attempt++) {
      const now = this.#now()
      const withStatus = this.#options.statusBaseUrl !== undefined && o.keepStatus !== true
      const group = withStatus ? await this.#currentGroup(o.messageStatus?.statusSize) : undefined
      const index = group === undefined ? undefined : this.#randomIndex()
      const record = await this.#signRecord(o, now, group, index)
      const result = await store.insertCredential(record)
      if ('conflict' in result) continue
      const kept = result.record
      if (result.inserted) await store.appendAudit(this.#awardedEvent(kept, o, now))
      return { record: kept, credential: parseContent(kept), created: result.inserted }
    }
    throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `no free status index found after ${MAX_INDEX_ATTEMPTS} attempts`)
  }

  /** Build and sign one credential, with its status entries at `index` of `group` when given; the record to store. */
  async #signRecord(o: IssueSteps, now: Date, group: StatusListGroupRecord | undefined, index: number | undefined): Promise<CredentialRecord> {
    const { unsigned, id, achievementId, recipient } = await o.build(now)
    if (group !== undefined && index !== undefined) {
      // A VC 1.1 credential takes StatusList2021 entries (with their own context): the
      // Bitstring entry's terms belong to VC 2.0.
      const v1 = isVc11(unsigned)
      const entries = v1 ? statusList2021Entries(group, index) : statusEntries(group, index)
      const kept = this.#options.suspension === true ? entries : entries.slice(0, 1)
      if (!v1 && o.messageStatus !== undefined && group.messageListUrl !== undefined) {
        const { statusSize, messages, statusReference } = o.messageStatus
        kept.push(messageStatusEntry({ url: group.messageListUrl, index, statusSize, messages, ...(statusReference === undefined ? {} : { statusReference }) }))
      }
      unsigned.credentialStatus = kept.length === 1 ? kept[0] : kept
      const ctx = unsigned['@context']
      if (v1 && Array.isArray(ctx) && !ctx.includes(STATUS_LIST_2021_CONTEXT_URL)) unsigned['@context'] = [...ctx, STATUS_LIST_2021_CONTEXT_URL]
    }
    const issued = await issueCredential({ credential: unsigned, signer: this.#options.signer, format: o.format, now, ...(o.documentLoader === undefined ? {} : { documentLoader: o.documentLoader }) })
    return {
      id,
      issuerId: this.id,
      idempotencyKey: o.idempotencyKey,
      achievementId,
      recipient,
      format: o.format,
      content: issued.format === 'vc-jwt' ? issued.jwt : JSON.stringify(issued.credential),
      issuedAt: now.toISOString(),
      ...(group === undefined || index === undefined ? {} : { statusListGroup: group.id, statusIndex: index }),
    }
  }

  /** The audit event of a credential's award. */
  #awardedEvent(record: CredentialRecord, o: IssueSteps, now: Date): AuditEvent {
    return { issuerId: this.id, subject: `credential:${record.id}`, action: 'awarded', actor: o.actor, at: now.toISOString(), detail: o.detail }
  }

  /**
   * Award a chunk of a batch's rows and record them in one store transaction
   * ({@link IssuerStore.recordBatchChunk}): every credential is signed first (each with its own
   * random status index in the current group), then the chunk's credentials, status indexes,
   * audit events and batch rows are committed together. Rows whose index another process took
   * meanwhile are signed again with a new index and committed in a further transaction. A row
   * whose award throws is recorded as failed, with its code; the others proceed. Each request's
   * `idempotencyKey` keeps its meaning: a key awarded before gives back that credential.
   * @throws Ob3Error store errors (then nothing of the chunk is written), `ERR_OB3_STATUS_UNAVAILABLE`
   * @example
   * ```ts
   * await store.openBatch({ id: 'batch-1', issuerId: issuer.id, inputDigest: 'sha256-…', total: 2, createdAt })
   * const outcomes = await issuer.awardBatchChunk('batch-1', [{ line: 1, request: rowOne }, { line: 2, request: rowTwo }])
   * ```
   */
  async awardBatchChunk(batchId: string, rows: { line: number; request: AwardRequest }[]): Promise<BatchRowOutcome[]> {
    const store = this.#options.store
    const outcomes = new Map<number, BatchRowOutcome>()
    const steps = new Map<number, IssueSteps>()
    for (const { line, request } of rows) {
      try {
        steps.set(line, this.#awardSteps(request))
      } catch (err) {
        outcomes.set(line, failedRow(line, err))
      }
    }
    let pending = [...steps.keys()]
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === MAX_INDEX_ATTEMPTS) {
        for (const line of pending) outcomes.set(line, failedRow(line, new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `no free status index found after ${MAX_INDEX_ATTEMPTS} attempts`)))
        break
      }
      const now = this.#now()
      const groups = new Map<number | undefined, StatusListGroupRecord>()
      const taken = new Set<string>()
      const entries: BatchChunkEntry[] = []
      for (const line of pending) {
        const o = steps.get(line) as IssueSteps
        try {
          let group: StatusListGroupRecord | undefined
          let index: number | undefined
          if (this.#options.statusBaseUrl !== undefined) {
            const size = o.messageStatus?.statusSize
            group = groups.get(size)
            if (group === undefined) {
              group = await this.#currentGroup(size)
              groups.set(size, group)
            }
            // distinct within the chunk, so the chunk never conflicts with itself
            do index = this.#randomIndex()
            while (taken.has(`${group.id} ${index}`))
            taken.add(`${group.id} ${index}`)
          }
          const record = await this.#signRecord(o, now, group, index)
          entries.push({ line, credential: record, audit: this.#awardedEvent(record, o, now) })
        } catch (err) {
          const failed = failedRow(line, err)
          outcomes.set(line, failed)
          entries.push({ line, error: failed.error })
        }
      }
      const stored = await store.recordBatchChunk(batchId, entries)
      pending = []
      for (const s of stored) {
        if (s.status === 'conflict') pending.push(s.line)
        else if (s.status === 'issued') outcomes.set(s.line, { line: s.line, status: 'issued', credentialId: s.record.id, created: s.inserted })
      }
    }
    return rows.map(({ line }) => outcomes.get(line) as BatchRowOutcome)
  }

  /** The steps of an award (checked up front), for {@link Issuer.award} and {@link Issuer.awardBatchChunk}. */
  #awardSteps(request: AwardRequest): IssueSteps {
    const { idempotencyKey, format: requestFormat, programme, messageStatus, ...award } = request
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '') throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'an award needs an idempotencyKey')
    return {
      idempotencyKey,
      format: requestFormat ?? this.#options.format ?? 'eddsa-rdfc-2022',
      actor: 'issuer',
      ...(messageStatus === undefined ? {} : { messageStatus: checkMessageStatus(messageStatus) }),
      detail: { achievementId: award.achievement.id, idempotencyKey, ...(programme === undefined ? {} : { programme }) },
      build: async (now) => {
        const unsigned = await buildCredential({ award, issuer: this.#options.profile, now, random: this.#random })
        const subject = unsigned.credentialSubject as { id?: string; identifier?: { identityHash: string }[] }
        return { unsigned, id: String(unsigned.id), achievementId: award.achievement.id, recipient: subject.id ?? subject.identifier?.[0]?.identityHash ?? '' }
      },
    }
  }

  /** Revoke a credential (permanent). Returns false when the credential has no status entry. */
  revoke(credentialId: string, reason?: string): Promise<boolean> {
    return this.#flag(credentialId, { revoked: true }, 'revoked', reason)
  }

  /**
   * Suspend a credential (reversible with {@link Issuer.unsuspend}).
   * @throws Ob3Error `ERR_OB3_STATUS_UNSUPPORTED` when the issuer gives no suspension entries
   */
  async suspend(credentialId: string, reason?: string): Promise<boolean> {
    this.#needSuspension()
    return this.#flag(credentialId, { suspended: true }, 'suspended', reason)
  }

  /** Lift a suspension. */
  async unsuspend(credentialId: string, reason?: string): Promise<boolean> {
    this.#needSuspension()
    return this.#flag(credentialId, { suspended: false }, 'unsuspended', reason)
  }

  #needSuspension(): void {
    if (this.#options.suspension !== true) {
      throw new Ob3Error('ERR_OB3_STATUS_UNSUPPORTED', 'this issuer\'s credentials carry no suspension entry (create the Issuer with suspension: true)')
    }
  }

  /**
   * Where a credential stands: revoked, suspended, or neither; undefined for an unknown
   * credential. A credential with a message status entry also has its `value` (0 until set).
   */
  async statusOf(credentialId: string): Promise<{ revoked: boolean; suspended: boolean; value?: number } | undefined> {
    const store = this.#options.store
    const record = await store.getCredential(this.id, credentialId)
    if (record?.statusListGroup === undefined || record.statusIndex === undefined) return record === undefined ? undefined : { revoked: false, suspended: false }
    const entry = await store.getStatusEntry(this.id, record.statusListGroup, record.statusIndex)
    const group = await store.getStatusListGroup(this.id, record.statusListGroup)
    return { revoked: entry?.revoked ?? false, suspended: entry?.suspended ?? false, ...(group?.statusSize === undefined ? {} : { value: entry?.value ?? 0 }) }
  }

  /**
   * Set the value of a credential's multi-bit message status entry: 0 to 2^statusSize − 1, the
   * index of its message in the entry's `statusMessage`. The group's message list shows it when
   * next published ({@link Issuer.publishStatusList} with `message`). Revocation and suspension
   * are not affected.
   * @returns false when the credential carries no status entry at all
   * @throws Ob3Error `ERR_OB3_STATUS_UNAVAILABLE` (not this issuer's credential),
   *   `ERR_OB3_STATUS_UNSUPPORTED` (its status entries have no message list),
   *   `ERR_OB3_STATUS_INVALID` (a value outside 0 to 2^statusSize − 1)
   * @example `await issuer.setStatusValue(credentialId, 2, 'under appeal since 3 May')`
   */
  async setStatusValue(credentialId: string, value: number, reason?: string): Promise<boolean> {
    const store = this.#options.store
    const record = await store.getCredential(this.id, credentialId)
    if (record === undefined) throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `${credentialId} was not issued by ${this.id}`)
    if (record.statusListGroup === undefined || record.statusIndex === undefined) return false
    const group = await store.getStatusListGroup(this.id, record.statusListGroup)
    if (group?.statusSize === undefined) throw new Ob3Error('ERR_OB3_STATUS_UNSUPPORTED', `${credentialId} carries no message status entry`)
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** group.statusSize) {
      throw new Ob3Error('ERR_OB3_STATUS_INVALID', `a status value of a ${group.statusSize}-bit entry is a whole number from 0 to ${2 ** group.statusSize - 1}, not ${String(value)}`)
    }
    const ok = await store.setStatusValue(this.id, record.statusListGroup, record.statusIndex, value)
    if (ok) {
      await store.appendAudit({ issuerId: this.id, subject: `credential:${credentialId}`, action: 'status-value-set', actor: 'issuer', at: this.#now().toISOString(), detail: { value, ...(reason === undefined ? {} : { reason }) } })
    }
    return ok
  }

  /**
   * The signed BitstringStatusListCredential of one list, as it stands now. The `message` list
   * of a group with a `statusSize` is multi-bit: each entry holds the value set with
   * {@link Issuer.setStatusValue}. With `type: 'StatusList2021Credential'`, the same revocation or
   * suspension bits as a VC 1.1 StatusList2021Credential, at the list's URL and `/2021`: the
   * list the `StatusList2021Entry` of a VC 1.1 credential points at.
   * @throws Ob3Error `ERR_OB3_STATUS_UNAVAILABLE` for an unknown list group, a `message` list of a group without one, or a `message` list as StatusList2021
   * @example `await issuer.publishStatusList(group.id, 'revocation', { type: 'StatusList2021Credential' })`
   */
  async publishStatusList(groupId: string, purpose: StatusListPurpose, options: { validForMs?: number; type?: StatusListType } = {}): Promise<Record<string, unknown>> {
    const store = this.#options.store
    const group = await store.getStatusListGroup(this.id, groupId)
    if (group === undefined) throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `there is no status list group ${groupId}`)
    if (purpose === 'message' && (group.statusSize === undefined || group.messageListUrl === undefined)) throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `status list group ${groupId} has no message list`)
    const legacy = options.type === 'StatusList2021Credential'
    if (legacy && purpose === 'message') throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', 'a message list has no StatusList2021 form (StatusList2021 entries are 1 bit)')
    const flagged = purpose === 'message' ? [] : await store.listFlaggedIndexes(this.id, groupId, purpose === 'revocation' ? 'revoked' : 'suspended')
    const listUrl = purpose === 'revocation' ? group.revocationListUrl : purpose === 'suspension' ? group.suspensionListUrl : (group.messageListUrl as string)
    const unsigned = await buildStatusListCredential({
      url: legacy ? statusList2021Url(listUrl) : listUrl,
      ...(legacy ? { type: 'StatusList2021Credential' as const } : {}),
      issuerId: this.id,
      purpose,
      length: group.length,
      flagged,
      ...(purpose === 'message' ? { statusSize: group.statusSize as number, values: await store.listStatusValues(this.id, groupId) } : {}),
      now: this.#now(),
      ...(options.validForMs === undefined ? {} : { validForMs: options.validForMs }),
    })
    return signLinkedDataProof({ document: unsigned, signer: this.#options.signer, created: this.#now() })
  }

  /** The status list groups of this issuer, oldest first. */
  statusListGroups(): Promise<StatusListGroupRecord[]> {
    return this.#options.store.listStatusListGroups(this.id)
  }

  async #flag(credentialId: string, flags: { revoked?: boolean; suspended?: boolean }, action: string, reason: string | undefined): Promise<boolean> {
    const store = this.#options.store
    const record = await store.getCredential(this.id, credentialId)
    if (record === undefined) throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', `${credentialId} was not issued by ${this.id}`)
    if (record.statusListGroup === undefined || record.statusIndex === undefined) return false
    const ok = await store.setStatusFlags(this.id, record.statusListGroup, record.statusIndex, flags)
    if (ok) {
      await store.appendAudit({ issuerId: this.id, subject: `credential:${credentialId}`, action, actor: 'issuer', at: this.#now().toISOString(), ...(reason === undefined ? {} : { detail: { reason } }) })
    }
    return ok
  }

  /**
   * The newest group with room left (of the given message `statusSize`; none for a group without
   * a message list), or a new one. A group's id is derived from the issuer and its sequence
   * number, so processes that start a group at the same moment start the same one (the store
   * refuses the second, which then takes the first's) instead of one each.
   */
  async #currentGroup(statusSize?: number): Promise<StatusListGroupRecord> {
    const store = this.#options.store
    const fill = this.#options.statusListFill ?? 0.5
    for (let attempt = 0; attempt < 8; attempt++) {
      const groups = await store.listStatusListGroups(this.id)
      const last = groups.filter((g) => g.statusSize === statusSize).at(-1)
      if (last !== undefined && (await store.countStatusEntries(this.id, last.id)) < last.length * fill) return last
      const id = toHex((await sha256(utf8(`${this.id}\n${groups.length + 1}`))).subarray(0, 8))
      const base = (this.#options.statusBaseUrl as string).replace(/\/+$/, '')
      const group: StatusListGroupRecord = {
        id,
        issuerId: this.id,
        length: this.#length,
        revocationListUrl: `${base}/${id}/revocation`,
        suspensionListUrl: `${base}/${id}/suspension`,
        ...(statusSize === undefined ? {} : { statusSize, messageListUrl: `${base}/${id}/message` }),
        createdAt: this.#now().toISOString(),
      }
      try {
        await store.createStatusListGroup(group)
        return group
      } catch (err) {
        if (!(err instanceof Ob3Error && err.code === 'ERR_OB3_STORE_CONFLICT')) throw err
        const made = await store.getStatusListGroup(this.id, id)
        if (made !== undefined && made.statusSize === statusSize) return made
      }
    }
    throw new Ob3Error('ERR_OB3_STATUS_UNAVAILABLE', 'could not open a status list group')
  }

  /** A uniformly random index in [0, length). */
  #randomIndex(): number {
    const limit = Math.floor(0x1_0000_0000 / this.#length) * this.#length
    for (;;) {
      const b = this.#random(4)
      const n = (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0
      if (n < limit) return n % this.#length
    }
  }
}

/**
 * Check a message status request (of {@link Issuer.award}, {@link Issuer.issue} or a batch
 * template) up front: a `statusSize` of 1 to 8, exactly 2^statusSize non-empty messages, URL
 * references.
 * @throws Ob3Error `ERR_OB3_AWARD_INVALID` naming the field
 * @example `checkMessageStatus({ statusSize: 1, messages: ['valid', 'withdrawn'] })`
 */
export function checkMessageStatus(m: MessageStatusRequest): MessageStatusRequest {
  if (typeof m !== 'object' || m === null) throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'messageStatus must be an object {statusSize, messages, statusReference?}')
  const { statusSize, messages } = m
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_STATUS_SIZE) throw new Ob3Error('ERR_OB3_AWARD_INVALID', `messageStatus.statusSize must be a whole number from 1 to ${MAX_STATUS_SIZE}`)
  if (!Array.isArray(messages) || messages.length !== 2 ** statusSize || !messages.every((x) => typeof x === 'string' && x !== '')) {
    throw new Ob3Error('ERR_OB3_AWARD_INVALID', `messageStatus.messages must be ${2 ** statusSize} non-empty strings (one per value of a ${statusSize}-bit entry)`)
  }
  const refs = m.statusReference === undefined ? [] : typeof m.statusReference === 'string' ? [m.statusReference] : m.statusReference
  if (!Array.isArray(refs) || !refs.every((r) => typeof r === 'string' && URL.canParse(r))) throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'messageStatus.statusReference must be a URL or a list of URLs')
  return m
}

/** Whether a credential follows the VC 1.1 data model (its first context). */
function isVc11(credential: Record<string, unknown>): boolean {
  const ctx = credential['@context']
  return (Array.isArray(ctx) ? ctx[0] : ctx) === CREDENTIALS_V1_URL
}

/** A credential's most specific type (not VerifiableCredential). */
function mainType(type: unknown): string {
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string' && t !== 'VerifiableCredential')
  return types[types.length - 1] ?? 'VerifiableCredential'
}

function parseContent(record: CredentialRecord): Record<string, unknown> {
  if (record.format !== 'vc-jwt') return JSON.parse(record.content) as Record<string, unknown>
  const payload = record.content.split('.')[1] ?? ''
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))) as Record<string, unknown>
}
