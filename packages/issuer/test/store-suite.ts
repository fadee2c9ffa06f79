/**
 * The behaviour every {@link IssuerStore} implementation must have, as one vitest suite that the
 * SQLite and PostgreSQL tests both run.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isOb3Error, type Ob3ErrorCode } from '@ob3/core'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/store/migrations.js'
import { claimLinks, createClaim, credentialOffer, issuerUrlFor, redeemClaim } from '../src/claims/claims.js'
import type { AuditEvent, BatchRecord, ClaimRecord, CredentialRecord, IssuerStore, StatusListGroupRecord, SubmissionRecord } from '../src/store/types.js'

const A = 'did:web:a.example'
const B = 'did:web:b.example'
const LENGTH = 131_072

let counter = 0
const unique = (prefix: string): string => `${prefix}-${++counter}`

/** A credential of `issuerId`, without status unless `group`/`index` are given. */
export function credentialRecord(over: Partial<CredentialRecord> = {}): CredentialRecord {
  const id = over.id ?? `urn:uuid:${unique('cred')}`
  return {
    id,
    issuerId: A,
    idempotencyKey: unique('key'),
    achievementId: 'https://a.example/mc/grouping',
    recipient: 'did:key:z6MkTeacher',
    format: 'eddsa-rdfc-2022',
    content: JSON.stringify({ id, type: ['VerifiableCredential', 'OpenBadgeCredential'] }),
    issuedAt: '2026-02-03T04:05:06.789Z',
    ...over,
  }
}

/** A status list group of `issuerId`. */
export function groupRecord(issuerId = A, over: Partial<StatusListGroupRecord> = {}): StatusListGroupRecord {
  const id = over.id ?? unique('group')
  return {
    id, issuerId, length: LENGTH,
    revocationListUrl: `https://a.example/status/${id}/revocation`, suspensionListUrl: `https://a.example/status/${id}/suspension`,
    createdAt: '2026-02-01T00:00:00.000Z', ...over,
  }
}

function submissionRecord(over: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    id: unique('sub'), issuerId: A, achievementId: 'https://a.example/mc/grouping',
    educator: { id: 'did:key:z6MkTeacher', email: 'm.chen@district.example', name: 'M. Chen' }, pseudonym: 'Educator 7F3A',
    state: 'submitted', attempt: 1,
    evidence: { answers: [{ prompt: 'Overview', text: 'Groups by reading level.' }], artifacts: [{ digestMultibase: 'zQmX', mediaType: 'application/pdf' }] },
    createdAt: '2026-02-03T04:05:06.789Z', updatedAt: '2026-02-03T04:05:06.789Z', ...over,
  }
}

function auditEvent(over: Partial<AuditEvent> = {}): AuditEvent {
  return { issuerId: A, subject: 'submission:1', action: 'submitted', actor: 'educator', at: '2026-02-03T04:05:06.789Z', ...over }
}

/** Assert that `promise` rejects with an `Ob3Error` of `code`. */
export async function expectCode(promise: Promise<unknown>, code: Ob3ErrorCode): Promise<void> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e)
  expect(err, `expected a rejection with ${code}`).toBeDefined()
  if (!isOb3Error(err, code)) throw new Error(`expected ${code}, got ${String((err as { code?: unknown }).code)}: ${String(err)}`, { cause: err })
}

/**
 * Register the store behaviour tests. `open` gives a new, empty store for every test (it is closed
 * after the test); `cleanup` runs once at the end.
 */
export function describeIssuerStore(name: string, open: () => Promise<IssuerStore>, cleanup?: () => Promise<void>): void {
  describe(`IssuerStore contract: ${name}`, () => {
    let store: IssuerStore
    beforeEach(async () => { store = await open() })
    afterEach(async () => { await store.close() })
    if (cleanup !== undefined) afterAll(cleanup)

    /** A group of `issuerId`, created in the store. */
    async function newGroup(issuerId = A, over: Partial<StatusListGroupRecord> = {}): Promise<StatusListGroupRecord> {
      const g = groupRecord(issuerId, over)
      await store.createStatusListGroup(g)
      return g
    }

    describe('migrations', () => {
      it('numbers migrations 1, 2, 3, … without gaps', () => {
        expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
      })

      it('opens at the last migration; migrating again is a no-op that keeps the data', async () => {
        expect(await store.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version)
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION)
        const c = credentialRecord()
        await store.insertCredential(c)
        await store.migrate()
        await store.migrate()
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION)
        expect(await store.getCredential(A, c.id)).toEqual(c)
      })
    })

    describe('credentials', () => {
      it('stores a credential and finds it by id and by idempotency key; absent fields stay absent', async () => {
        const c = credentialRecord()
        expect(await store.insertCredential(c)).toEqual({ inserted: true, record: c })
        const got = await store.getCredential(A, c.id)
        expect(got).toEqual(c)
        expect(got).not.toHaveProperty('statusListGroup')
        expect(got).not.toHaveProperty('statusIndex')
        expect(await store.getCredentialByIdempotencyKey(A, c.idempotencyKey)).toEqual(c)
        expect(await store.getCredential(A, 'urn:uuid:missing')).toBeUndefined()
        expect(await store.getCredentialByIdempotencyKey(A, 'missing')).toBeUndefined()
      })

      it('is idempotent: the same key returns the first credential with inserted: false and writes nothing', async () => {
        const g = await newGroup()
        const first = credentialRecord({ statusListGroup: g.id, statusIndex: 10 })
        await store.insertCredential(first)
        const again = credentialRecord({ idempotencyKey: first.idempotencyKey, statusListGroup: g.id, statusIndex: 11, content: 'other' })
        expect(await store.insertCredential(again)).toEqual({ inserted: false, record: first })
        expect(await store.countCredentials(A)).toBe(1)
        expect(await store.getCredential(A, again.id)).toBeUndefined()
        expect(await store.getStatusEntry(A, g.id, 11)).toBeUndefined()
        expect(await store.countStatusEntries(A, g.id)).toBe(1)
      })

      it('claims the status index with the credential; a taken index is { conflict: true } and writes nothing', async () => {
        const g = await newGroup()
        const first = credentialRecord({ statusListGroup: g.id, statusIndex: 42 })
        expect(await store.insertCredential(first)).toEqual({ inserted: true, record: first })
        expect(await store.getStatusEntry(A, g.id, 42)).toEqual({ index: 42, credentialId: first.id, revoked: false, suspended: false, value: 0 })
        const second = credentialRecord({ statusListGroup: g.id, statusIndex: 42 })
        expect(await store.insertCredential(second)).toEqual({ conflict: true })
        expect(await store.getCredential(A, second.id)).toBeUndefined()
        expect(await store.getCredentialByIdempotencyKey(A, second.idempotencyKey)).toBeUndefined()
        expect(await store.countCredentials(A)).toBe(1)
        expect(await store.countStatusEntries(A, g.id)).toBe(1)
        expect((await store.getStatusEntry(A, g.id, 42))?.credentialId).toBe(first.id)
        // The same credential with another index goes in.
        expect(await store.insertCredential({ ...second, statusIndex: 43 })).toMatchObject({ inserted: true })
      })

      it('refuses an unknown group, an index outside the group, and another issuer\'s group (ERR_OB3_STORE_REFERENCE), writing nothing', async () => {
        const g = await newGroup()
        const gB = await newGroup(B)
        for (const c of [
          credentialRecord({ statusListGroup: 'no-such-group', statusIndex: 1 }),
          credentialRecord({ statusListGroup: g.id, statusIndex: LENGTH }),
          credentialRecord({ statusListGroup: gB.id, statusIndex: 1 }),
        ]) {
          await expectCode(store.insertCredential(c), 'ERR_OB3_STORE_REFERENCE')
          expect(await store.getCredential(A, c.id)).toBeUndefined()
        }
        expect(await store.countCredentials(A)).toBe(0)
        expect(await store.countStatusEntries(B, gB.id)).toBe(0)
      })

      it('refuses a credential id that exists under another idempotency key (ERR_OB3_STORE_CONFLICT)', async () => {
        const c = credentialRecord()
        await store.insertCredential(c)
        await expectCode(store.insertCredential({ ...c, idempotencyKey: 'another' }), 'ERR_OB3_STORE_CONFLICT')
        expect(await store.countCredentials(A)).toBe(1)
      })

      it('keeps credential ids per issuer: two issuers may use the same id, each sees only its own', async () => {
        const gA = await newGroup(A)
        const gB = await newGroup(B)
        const a = credentialRecord({ id: 'urn:uuid:shared-1', statusListGroup: gA.id, statusIndex: 4 })
        const b = credentialRecord({ id: 'urn:uuid:shared-1', issuerId: B, content: '{"b":1}', statusListGroup: gB.id, statusIndex: 4 })
        expect(await store.insertCredential(a)).toEqual({ inserted: true, record: a })
        expect(await store.insertCredential(b)).toEqual({ inserted: true, record: b })
        expect(await store.getCredential(A, 'urn:uuid:shared-1')).toEqual(a)
        expect(await store.getCredential(B, 'urn:uuid:shared-1')).toEqual(b)
        await store.setStatusFlags(B, gB.id, 4, { revoked: true })
        expect(await store.getStatusEntry(A, gA.id, 4)).toMatchObject({ credentialId: 'urn:uuid:shared-1', revoked: false })
        expect(await store.getStatusEntry(B, gB.id, 4)).toMatchObject({ credentialId: 'urn:uuid:shared-1', revoked: true })
      })

      it('throws TypeError for malformed records', async () => {
        await expect(store.insertCredential(credentialRecord({ statusIndex: 3 }))).rejects.toThrow(TypeError)
        await expect(store.insertCredential(credentialRecord({ statusListGroup: 'g', statusIndex: -1 }))).rejects.toThrow(TypeError)
        await expect(store.insertCredential(credentialRecord({ issuedAt: 'yesterday' }))).rejects.toThrow(TypeError)
        await expect(store.insertCredential(credentialRecord({ id: '' }))).rejects.toThrow(TypeError)
        await expect(store.listCredentials(A, { limit: -1 })).rejects.toThrow(TypeError)
        await expect(store.listCredentials(A, { since: 'last week' })).rejects.toThrow(TypeError)
      })

      it('lists newest first by instant (not by text), with limit, offset and since (inclusive)', async () => {
        const at = {
          c1: '2026-02-01T00:00:00Z',
          c2: '2026-02-02T00:00:00.500Z',
          c3: '2026-02-02T00:00:00Z', // sorts after c2 as text, but is earlier
          c4: '2026-02-03T01:00:00+01:00', // the same instant as c5: the id breaks the tie
          c5: '2026-02-03T00:00:00.000Z',
        }
        for (const [id, issuedAt] of Object.entries(at)) await store.insertCredential(credentialRecord({ id: `urn:test:${id}`, issuedAt }))
        await store.insertCredential(credentialRecord({ issuerId: B, issuedAt: '2026-03-01T00:00:00Z' }))
        const ids = async (o?: { limit?: number; offset?: number; since?: string }): Promise<string[]> =>
          (await store.listCredentials(A, o)).map((c) => c.id.replace('urn:test:', ''))
        expect(await ids()).toEqual(['c5', 'c4', 'c2', 'c3', 'c1'])
        expect(await ids({ limit: 2 })).toEqual(['c5', 'c4'])
        expect(await ids({ limit: 2, offset: 2 })).toEqual(['c2', 'c3'])
        expect(await ids({ offset: 4 })).toEqual(['c1'])
        expect(await ids({ offset: 5 })).toEqual([])
        expect(await ids({ limit: 0 })).toEqual([])
        expect(await ids({ since: '2026-02-02T00:00:00.250Z' })).toEqual(['c5', 'c4', 'c2'])
        expect(await ids({ since: '2026-02-02T00:00:00Z' })).toEqual(['c5', 'c4', 'c2', 'c3'])
        expect(await ids({ since: '2026-02-02T00:00:00Z', limit: 1, offset: 1 })).toEqual(['c4'])
        expect(await store.countCredentials(A)).toBe(5)
        expect((await store.listCredentials(A))[0]?.issuedAt).toBe(at.c5)
      })

      it('settles concurrent inserts: one credential per key, one credential per index', async () => {
        const g = await newGroup()
        const key = 'award-1'
        const sameKey = await Promise.all(Array.from({ length: 12 }, (_, i) => store.insertCredential(credentialRecord({ idempotencyKey: key, statusListGroup: g.id, statusIndex: 100 + i }))))
        const winners = sameKey.filter((r) => 'inserted' in r && r.inserted)
        expect(winners).toHaveLength(1)
        const kept = (winners[0] as { record: CredentialRecord }).record
        for (const r of sameKey) expect(r).toEqual({ inserted: r === winners[0], record: kept })
        const sameIndex = await Promise.all(Array.from({ length: 12 }, () => store.insertCredential(credentialRecord({ statusListGroup: g.id, statusIndex: 7 }))))
        expect(sameIndex.filter((r) => 'inserted' in r && r.inserted)).toHaveLength(1)
        expect(sameIndex.filter((r) => 'conflict' in r)).toHaveLength(11)
        expect(await store.countCredentials(A)).toBe(2)
        expect(await store.countStatusEntries(A, g.id)).toBe(2)
      })
    })

    describe('status lists', () => {
      it('creates groups, finds them, lists them oldest first; refuses a duplicate id and a short list', async () => {
        const later = await newGroup(A, { createdAt: '2026-02-02T00:00:00Z' })
        const earlier = await newGroup(A, { createdAt: '2026-02-01T23:59:59.999Z' })
        expect(await store.getStatusListGroup(A, later.id)).toEqual(later)
        expect(await store.getStatusListGroup(A, 'missing')).toBeUndefined()
        expect(await store.listStatusListGroups(A)).toEqual([earlier, later])
        await expectCode(store.createStatusListGroup({ ...later, createdAt: '2026-02-05T00:00:00Z' }), 'ERR_OB3_STORE_CONFLICT')
        await expect(store.createStatusListGroup(groupRecord(A, { length: 1000 }))).rejects.toThrow(TypeError)
        expect(await store.listStatusListGroups(A)).toHaveLength(2)
      })

      it('sets and clears flags, one at a time; a missing index gives false', async () => {
        const g = await newGroup()
        const c = credentialRecord({ statusListGroup: g.id, statusIndex: 7 })
        await store.insertCredential(c)
        expect(await store.setStatusFlags(A, g.id, 7, { revoked: true })).toBe(true)
        expect(await store.getStatusEntry(A, g.id, 7)).toEqual({ index: 7, credentialId: c.id, revoked: true, suspended: false, value: 0 })
        expect(await store.setStatusFlags(A, g.id, 7, { suspended: true })).toBe(true)
        expect(await store.getStatusEntry(A, g.id, 7)).toMatchObject({ revoked: true, suspended: true })
        expect(await store.setStatusFlags(A, g.id, 7, { suspended: false })).toBe(true)
        expect(await store.getStatusEntry(A, g.id, 7)).toMatchObject({ revoked: true, suspended: false })
        expect(await store.setStatusFlags(A, g.id, 7, { revoked: false, suspended: true })).toBe(true)
        expect(await store.getStatusEntry(A, g.id, 7)).toMatchObject({ revoked: false, suspended: true })
        expect(await store.setStatusFlags(A, g.id, 7, {})).toBe(true)
        expect(await store.getStatusEntry(A, g.id, 7)).toMatchObject({ revoked: false, suspended: true })
        expect(await store.setStatusFlags(A, g.id, 8, { revoked: true })).toBe(false)
        expect(await store.setStatusFlags(A, 'missing', 7, { revoked: true })).toBe(false)
        expect(await store.getStatusEntry(A, g.id, 8)).toBeUndefined()
      })

      it('lists flagged indexes in ascending order, per group and flag', async () => {
        const g = await newGroup()
        const other = await newGroup()
        for (const index of [100, 3, 50, 131_071]) await store.insertCredential(credentialRecord({ statusListGroup: g.id, statusIndex: index }))
        await store.insertCredential(credentialRecord({ statusListGroup: other.id, statusIndex: 3 }))
        expect(await store.listFlaggedIndexes(A, g.id, 'revoked')).toEqual([])
        for (const index of [131_071, 100, 3]) await store.setStatusFlags(A, g.id, index, { revoked: true })
        await store.setStatusFlags(A, g.id, 50, { suspended: true })
        await store.setStatusFlags(A, other.id, 3, { suspended: true })
        expect(await store.listFlaggedIndexes(A, g.id, 'revoked')).toEqual([3, 100, 131_071])
        expect(await store.listFlaggedIndexes(A, g.id, 'suspended')).toEqual([50])
        expect(await store.listFlaggedIndexes(A, other.id, 'suspended')).toEqual([3])
        expect(await store.countStatusEntries(A, g.id)).toBe(4)
        expect(await store.countStatusEntries(A, other.id)).toBe(1)
      })

      it('keeps a group\'s message list (statusSize and URL); both or neither, 1 to 8 bits', async () => {
        const plain = await newGroup()
        expect(await store.getStatusListGroup(A, plain.id)).toEqual(plain)
        expect((await store.getStatusListGroup(A, plain.id))?.statusSize).toBeUndefined()
        const id = unique('group')
        const message = await newGroup(A, { id, statusSize: 2, messageListUrl: `https://a.example/status/${id}/message` })
        expect(await store.getStatusListGroup(A, id)).toEqual(message)
        expect((await store.listStatusListGroups(A)).map((g) => g.statusSize)).toEqual([undefined, 2])
        await expect(store.createStatusListGroup(groupRecord(A, { statusSize: 2 }))).rejects.toThrow(TypeError)
        await expect(store.createStatusListGroup(groupRecord(A, { messageListUrl: 'https://a.example/m' }))).rejects.toThrow(TypeError)
        await expect(store.createStatusListGroup(groupRecord(A, { statusSize: 9, messageListUrl: 'https://a.example/m' }))).rejects.toThrow(TypeError)
        await expect(store.createStatusListGroup(groupRecord(A, { statusSize: 0, messageListUrl: 'https://a.example/m' }))).rejects.toThrow(TypeError)
        expect(await store.listStatusListGroups(A)).toHaveLength(2)
      })

      it('sets an entry\'s value apart from its flags, lists the values that are not 0 by index; a missing index gives false', async () => {
        const id = unique('group')
        const g = await newGroup(A, { id, statusSize: 2, messageListUrl: `https://a.example/status/${id}/message` })
        for (const index of [9, 2, 131_071]) await store.insertCredential(credentialRecord({ statusListGroup: g.id, statusIndex: index }))
        expect(await store.listStatusValues(A, g.id)).toEqual([])
        expect(await store.setStatusValue(A, g.id, 9, 3)).toBe(true)
        expect(await store.setStatusValue(A, g.id, 131_071, 1)).toBe(true)
        expect(await store.setStatusValue(A, g.id, 2, 2)).toBe(true)
        expect(await store.setStatusValue(A, g.id, 2, 0)).toBe(true)
        await store.setStatusFlags(A, g.id, 9, { revoked: true })
        expect(await store.getStatusEntry(A, g.id, 9)).toMatchObject({ revoked: true, suspended: false, value: 3 })
        expect(await store.listStatusValues(A, g.id)).toEqual([[9, 3], [131_071, 1]])
        expect(await store.listFlaggedIndexes(A, g.id, 'revoked')).toEqual([9])
        expect(await store.setStatusValue(A, g.id, 10, 1)).toBe(false)
        expect(await store.setStatusValue(B, g.id, 9, 1)).toBe(false)
        expect(await store.listStatusValues(B, g.id)).toEqual([])
        await expect(store.setStatusValue(A, g.id, 9, -1)).rejects.toThrow(TypeError)
        await expect(store.setStatusValue(A, g.id, 9, 1.5)).rejects.toThrow(TypeError)
        await expect(store.setStatusValue(A, g.id, 9, 256)).rejects.toThrow(TypeError)
        expect(await store.getStatusEntry(A, g.id, 9)).toMatchObject({ value: 3 })
      })
    })

    describe('assessment workflow', () => {
      it('stores a submission and returns it as stored; a duplicate id is ERR_OB3_STORE_CONFLICT', async () => {
        const s = submissionRecord()
        await store.insertSubmission(s)
        const got = await store.getSubmission(A, s.id)
        expect(got).toEqual(s)
        for (const key of ['assessorId', 'review', 'credentialId']) expect(got).not.toHaveProperty(key)
        await expectCode(store.insertSubmission({ ...s, pseudonym: 'other' }), 'ERR_OB3_STORE_CONFLICT')
        expect(await store.getSubmission(A, 'missing')).toBeUndefined()
      })

      it('filters submissions by state and assessor, oldest first', async () => {
        const s1 = submissionRecord({ createdAt: '2026-02-01T00:00:00Z' })
        const s2 = submissionRecord({ state: 'in-review', assessorId: 'assessor-1', createdAt: '2026-02-02T00:00:00Z' })
        const s3 = submissionRecord({ state: 'in-review', assessorId: 'assessor-2', createdAt: '2026-02-01T12:00:00Z' })
        for (const s of [s2, s1, s3]) await store.insertSubmission(s)
        expect(await store.listSubmissions(A)).toEqual([s1, s3, s2])
        expect(await store.listSubmissions(A, { state: 'in-review' })).toEqual([s3, s2])
        expect(await store.listSubmissions(A, { assessorId: 'assessor-1' })).toEqual([s2])
        expect(await store.listSubmissions(A, { state: 'submitted', assessorId: 'assessor-1' })).toEqual([])
      })

      it('updates by compare-and-set with its audit event; a stale expected state writes nothing', async () => {
        const s = submissionRecord()
        await store.insertSubmission(s)
        const next: SubmissionRecord = { ...s, state: 'scored', assessorId: 'assessor-1', review: { scores: [3, 4], feedback: 'Clear plan.' }, updatedAt: '2026-02-04T00:00:00Z' }
        const event = auditEvent({ subject: `submission:${s.id}`, action: 'scored', actor: 'assessor-1', detail: { total: 7 } })
        expect(await store.updateSubmission(next, 'submitted', event)).toBe(true)
        expect(await store.getSubmission(A, s.id)).toEqual(next)
        expect(await store.listAudit(A, `submission:${s.id}`)).toMatchObject([{ action: 'scored', detail: { total: 7 } }])
        const stale = { ...s, state: 'withdrawn' as const }
        expect(await store.updateSubmission(stale, 'submitted', auditEvent({ subject: `submission:${s.id}`, action: 'withdrawn' }))).toBe(false)
        expect(await store.getSubmission(A, s.id)).toEqual(next)
        expect(await store.listAudit(A)).toHaveLength(1)
        expect(await store.updateSubmission(submissionRecord(), 'submitted', auditEvent())).toBe(false)
        expect(await store.listAudit(A)).toHaveLength(1)
        await expect(store.updateSubmission(next, 'scored', auditEvent({ issuerId: B }))).rejects.toThrow(TypeError)
      })

      it('lets exactly one of several concurrent updates from the same state win', async () => {
        const s = submissionRecord()
        await store.insertSubmission(s)
        const results = await Promise.all(['returned', 'scored', 'withdrawn', 'approved'].map((state) =>
          store.updateSubmission({ ...s, state: state as SubmissionRecord['state'] }, 'submitted', auditEvent({ subject: `submission:${s.id}`, action: state }))))
        expect(results.filter(Boolean)).toHaveLength(1)
        const audit = await store.listAudit(A)
        expect(audit).toHaveLength(1)
        expect((await store.getSubmission(A, s.id))?.state).toBe(audit[0]?.action)
      })

      it('keeps the audit trail in seq order, increasing, filtered by subject', async () => {
        const actions = ['submitted', 'assigned', 'scored', 'returned', 'resubmitted', 'approved']
        for (const [i, action] of actions.entries()) await store.appendAudit(auditEvent({ subject: `submission:${i % 2}`, action, ...(i === 0 ? {} : { detail: { i } }) }))
        await store.appendAudit(auditEvent({ issuerId: B, action: 'other' }))
        const all = await store.listAudit(A)
        expect(all.map((e) => e.action)).toEqual(actions)
        const seqs = all.map((e) => e.seq as number)
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number)
        expect(all[0]).not.toHaveProperty('detail')
        expect(all[1]).toEqual({ seq: seqs[1], ...auditEvent({ subject: 'submission:1', action: 'assigned', detail: { i: 1 } }) })
        expect((await store.listAudit(A, 'submission:0')).map((e) => e.action)).toEqual(['submitted', 'scored', 'resubmitted'])
        expect(await store.listAudit(A, 'submission:none')).toEqual([])
      })
    })

    describe('batches', () => {
      const batch = (over: Partial<BatchRecord> = {}): BatchRecord => ({ id: unique('batch'), issuerId: A, inputDigest: 'sha256-roster', total: 3, createdAt: '2026-02-03T04:05:06Z', ...over })

      it('opens a batch once: opening it again returns the first record', async () => {
        const b = batch()
        expect(await store.openBatch(b)).toEqual(b)
        expect(await store.openBatch({ ...b, inputDigest: 'other', total: 99 })).toEqual(b)
        await expectCode(store.openBatch({ ...b, issuerId: B }), 'ERR_OB3_STORE_CONFLICT')
      })

      it('records rows and lists them in line order; a failed row may be retried, an issued row is final', async () => {
        const b = await store.openBatch(batch())
        await store.recordBatchRow({ batchId: b.id, line: 3, status: 'issued', credentialId: 'urn:c3' })
        await store.recordBatchRow({ batchId: b.id, line: 1, status: 'failed', error: 'no email' })
        await store.recordBatchRow({ batchId: b.id, line: 2, status: 'issued', credentialId: 'urn:c2' })
        expect(await store.listBatchRows(b.id)).toEqual([
          { batchId: b.id, line: 1, status: 'failed', error: 'no email' },
          { batchId: b.id, line: 2, status: 'issued', credentialId: 'urn:c2' },
          { batchId: b.id, line: 3, status: 'issued', credentialId: 'urn:c3' },
        ])
        await store.recordBatchRow({ batchId: b.id, line: 1, status: 'issued', credentialId: 'urn:c1' })
        await store.recordBatchRow({ batchId: b.id, line: 1, status: 'issued', credentialId: 'urn:c1' })
        await expectCode(store.recordBatchRow({ batchId: b.id, line: 1, status: 'failed', error: 'late' }), 'ERR_OB3_STORE_CONFLICT')
        expect((await store.listBatchRows(b.id))[0]).toEqual({ batchId: b.id, line: 1, status: 'issued', credentialId: 'urn:c1' })
        await expectCode(store.recordBatchRow({ batchId: 'no-such-batch', line: 1, status: 'failed' }), 'ERR_OB3_STORE_REFERENCE')
        await expect(store.recordBatchRow({ batchId: b.id, line: 0, status: 'failed' })).rejects.toThrow(TypeError)
        expect(await store.listBatchRows('no-such-batch')).toEqual([])
      })

      const awarded = (c: CredentialRecord): AuditEvent => auditEvent({ issuerId: c.issuerId, subject: `credential:${c.id}`, action: 'awarded', actor: 'issuer', detail: { idempotencyKey: c.idempotencyKey } })

      it('records a chunk in one call: each credential with its index, its audit event and its batch row; failed rows too', async () => {
        const b = await store.openBatch(batch())
        const group = groupRecord()
        await store.createStatusListGroup(group)
        const one = credentialRecord({ statusListGroup: group.id, statusIndex: 11 })
        const two = credentialRecord({ statusListGroup: group.id, statusIndex: 12 })
        const outcomes = await store.recordBatchChunk(b.id, [
          { line: 2, credential: one, audit: awarded(one) },
          { line: 3, error: 'ERR_OB3_AWARD_INVALID: no recipient' },
          { line: 4, credential: two, audit: awarded(two) },
        ])
        expect(outcomes).toEqual([
          { line: 2, status: 'issued', record: one, inserted: true },
          { line: 3, status: 'failed' },
          { line: 4, status: 'issued', record: two, inserted: true },
        ])
        expect(await store.listBatchRows(b.id)).toEqual([
          { batchId: b.id, line: 2, status: 'issued', credentialId: one.id },
          { batchId: b.id, line: 3, status: 'failed', error: 'ERR_OB3_AWARD_INVALID: no recipient' },
          { batchId: b.id, line: 4, status: 'issued', credentialId: two.id },
        ])
        expect(await store.getCredential(A, two.id)).toEqual(two)
        expect(await store.getStatusEntry(A, group.id, 12)).toMatchObject({ credentialId: two.id, revoked: false })
        expect(await store.countStatusEntries(A, group.id)).toBe(2)
        expect((await store.listAudit(A, `credential:${one.id}`)).map((e) => e.action)).toEqual(['awarded'])
        // The failed row is retried in a later chunk; an issued row stays issued.
        const three = credentialRecord({ statusListGroup: group.id, statusIndex: 13 })
        expect(await store.recordBatchChunk(b.id, [{ line: 3, credential: three, audit: awarded(three) }, { line: 2, error: 'late' }])).toEqual([
          { line: 3, status: 'issued', record: three, inserted: true },
          { line: 2, status: 'issued', record: one, inserted: false },
        ])
        expect((await store.listBatchRows(b.id)).map((r) => [r.line, r.status, r.credentialId])).toEqual([[2, 'issued', one.id], [3, 'issued', three.id], [4, 'issued', two.id]])
        expect(await store.recordBatchChunk(b.id, [])).toEqual([])
      })

      it('a chunk entry whose status index is taken (also by the chunk itself) writes nothing and says conflict; the others are kept', async () => {
        const b = await store.openBatch(batch())
        const group = groupRecord()
        await store.createStatusListGroup(group)
        const earlier = credentialRecord({ statusListGroup: group.id, statusIndex: 5 })
        await store.insertCredential(earlier)
        const taken = credentialRecord({ statusListGroup: group.id, statusIndex: 5 })
        const free = credentialRecord({ statusListGroup: group.id, statusIndex: 6 })
        const twice = credentialRecord({ statusListGroup: group.id, statusIndex: 6 })
        expect(await store.recordBatchChunk(b.id, [
          { line: 1, credential: taken, audit: awarded(taken) },
          { line: 2, credential: free, audit: awarded(free) },
          { line: 3, credential: twice, audit: awarded(twice) },
        ])).toEqual([{ line: 1, status: 'conflict' }, { line: 2, status: 'issued', record: free, inserted: true }, { line: 3, status: 'conflict' }])
        expect(await store.getCredential(A, taken.id)).toBeUndefined()
        expect(await store.getCredential(A, twice.id)).toBeUndefined()
        expect(await store.listAudit(A, `credential:${taken.id}`)).toEqual([])
        expect((await store.listBatchRows(b.id)).map((r) => r.line)).toEqual([2])
        expect(await store.getStatusEntry(A, group.id, 5)).toMatchObject({ credentialId: earlier.id })
        expect(await store.countStatusEntries(A, group.id)).toBe(2)
      })

      it('a chunk entry under an idempotency key stored before names that credential (inserted: false), with no second audit event', async () => {
        const b = await store.openBatch(batch())
        const group = groupRecord()
        await store.createStatusListGroup(group)
        const first = credentialRecord({ statusListGroup: group.id, statusIndex: 1 })
        await store.insertCredential(first)
        const again = credentialRecord({ idempotencyKey: first.idempotencyKey, statusListGroup: group.id, statusIndex: 2 })
        expect(await store.recordBatchChunk(b.id, [{ line: 1, credential: again, audit: awarded(again) }])).toEqual([{ line: 1, status: 'issued', record: first, inserted: false }])
        expect(await store.getCredential(A, again.id)).toBeUndefined()
        expect(await store.getStatusEntry(A, group.id, 2)).toBeUndefined()
        expect(await store.listAudit(A, `credential:${again.id}`)).toEqual([])
        expect(await store.listBatchRows(b.id)).toEqual([{ batchId: b.id, line: 1, status: 'issued', credentialId: first.id }])
      })

      it('refuses a whole chunk, writing nothing of it, for a missing batch, a foreign issuer, an index outside the group, a taken credential id or a line issued with another credential', async () => {
        const b = await store.openBatch(batch())
        const group = groupRecord()
        await store.createStatusListGroup(group)
        const fine = credentialRecord({ statusListGroup: group.id, statusIndex: 1 })
        const chunk = (bad: CredentialRecord, line = 2) => [{ line: 1, credential: fine, audit: awarded(fine) }, { line, credential: bad, audit: awarded(bad) }]
        await expectCode(store.recordBatchChunk('no-such-batch', chunk(credentialRecord())), 'ERR_OB3_STORE_REFERENCE')
        const foreign = credentialRecord({ issuerId: B })
        await expectCode(store.recordBatchChunk(b.id, chunk(foreign)), 'ERR_OB3_STORE_REFERENCE')
        await expectCode(store.recordBatchChunk(b.id, chunk(credentialRecord({ statusListGroup: group.id, statusIndex: LENGTH }))), 'ERR_OB3_STORE_REFERENCE')
        const stored = credentialRecord()
        await store.insertCredential(stored)
        await expectCode(store.recordBatchChunk(b.id, chunk(credentialRecord({ id: stored.id }))), 'ERR_OB3_STORE_CONFLICT')
        expect(await store.getCredential(A, fine.id)).toBeUndefined()
        expect(await store.countStatusEntries(A, group.id)).toBe(0)
        expect(await store.listBatchRows(b.id)).toEqual([])
        expect(await store.listAudit(A, `credential:${fine.id}`)).toEqual([])
        const issued = credentialRecord()
        await store.recordBatchChunk(b.id, [{ line: 7, credential: issued, audit: awarded(issued) }])
        await expectCode(store.recordBatchChunk(b.id, chunk(credentialRecord(), 7)), 'ERR_OB3_STORE_CONFLICT')
        expect(await store.getCredential(A, fine.id)).toBeUndefined()
        expect(await store.listBatchRows(b.id)).toEqual([{ batchId: b.id, line: 7, status: 'issued', credentialId: issued.id }])
        await expect(store.recordBatchChunk(b.id, [{ line: 0, error: 'x' }])).rejects.toThrow(TypeError)
        await expect(store.recordBatchChunk(b.id, [{ line: 1, error: '' }])).rejects.toThrow(TypeError)
        await expect(store.recordBatchChunk(b.id, [{ line: 1, credential: fine, audit: { ...awarded(fine), issuerId: B } }])).rejects.toThrow(TypeError)
      })
    })

    describe('claims', () => {
      const T0 = new Date('2026-03-01T10:00:00.000Z')
      const at = (ms: number) => () => new Date(T0.getTime() + ms)
      async function storedCredential(issuerId = A): Promise<CredentialRecord> {
        const c = credentialRecord({ issuerId })
        await store.insertCredential(c)
        return c
      }

      it('creates a claim for a stored credential; the PIN is returned once and stored only as a hash', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id, pin: true, expiresInMs: 3600_000, now: at(0) })
        expect(claim.txCode).toMatch(/^\d{6}$/)
        expect(claim).toMatchObject({ issuerId: A, credentialId: c.id, createdAt: '2026-03-01T10:00:00.000Z', expiresAt: '2026-03-01T11:00:00.000Z', failedAttempts: 0, txCodeLength: 6 })
        expect(claim.id).toMatch(/^[A-Za-z0-9_-]{24}$/)
        expect(claim.preAuthorizedCode).toMatch(/^[A-Za-z0-9_-]{43}$/)
        const stored = await store.getClaim(A, claim.id)
        const { txCode, ...record } = claim
        expect(stored).toEqual(record)
        expect(JSON.stringify(stored)).not.toContain(`"${String(txCode)}"`)
        expect(stored?.txCodeHash).toMatch(/^pbkdf2-sha256\$100000\$/)
        expect(await store.findClaim(A, { preAuthorizedCode: claim.preAuthorizedCode })).toEqual(record)
        expect(await store.findClaim(B, { preAuthorizedCode: claim.preAuthorizedCode })).toBeUndefined()
        expect(await store.getClaim(B, claim.id)).toBeUndefined()
        expect((await store.listClaims(A, c.id)).map((x) => x.id)).toEqual([claim.id])
        const plain = await createClaim(store, { issuerId: A, credentialId: c.id })
        expect(plain.txCode).toBeUndefined()
        expect(plain.txCodeHash).toBeUndefined()
      })

      it('refuses a claim for a credential that is not stored, or is another issuer\'s (ERR_OB3_STORE_REFERENCE)', async () => {
        const c = await storedCredential(B)
        await expectCode(createClaim(store, { issuerId: A, credentialId: 'urn:uuid:none' }), 'ERR_OB3_STORE_REFERENCE')
        await expectCode(createClaim(store, { issuerId: A, credentialId: c.id }), 'ERR_OB3_STORE_REFERENCE')
        await expect(createClaim(store, { issuerId: A, credentialId: c.id, expiresInMs: 0 })).rejects.toThrow(TypeError)
      })

      it('redeems once: a second try is ERR_OB3_CLAIM_REDEEMED and changes nothing', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id, now: at(0) })
        const redeemed = await redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', holder: 'did:key:z6MkHolder', accessTokenHash: 'h1', now: at(1000) })
        expect(redeemed).toMatchObject({ redeemedAt: '2026-03-01T10:00:01.000Z', redeemedVia: 'vc-api', holder: 'did:key:z6MkHolder', accessTokenHash: 'h1' })
        await expectCode(redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'openid4vci', now: at(2000) }), 'ERR_OB3_CLAIM_REDEEMED')
        expect(await store.getClaim(A, claim.id)).toEqual(redeemed)
        expect(await store.findClaim(A, { accessTokenHash: 'h1' })).toEqual(redeemed)
        await expectCode(redeemClaim(store, { issuerId: A, claimId: 'nope', via: 'vc-api' }), 'ERR_OB3_CLAIM_NOT_FOUND')
        await expectCode(redeemClaim(store, { issuerId: B, claimId: claim.id, via: 'vc-api' }), 'ERR_OB3_CLAIM_NOT_FOUND')
      })

      it('refuses an expired claim (ERR_OB3_CLAIM_EXPIRED) from the instant it expires', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id, expiresInMs: 60_000, now: at(0) })
        await expectCode(redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', now: at(60_000) }), 'ERR_OB3_CLAIM_EXPIRED')
        expect((await store.getClaim(A, claim.id))?.redeemedAt).toBeUndefined()
        expect((await redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', now: at(59_999) })).redeemedAt).toBe('2026-03-01T10:00:59.999Z')
      })

      it('needs the PIN: missing is ERR_OB3_CLAIM_PIN_REQUIRED, wrong is ERR_OB3_CLAIM_PIN_WRONG, and 5 wrong ones lock it', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id, pin: true, now: at(0) })
        const pin = String(claim.txCode)
        const wrong = pin === '000000' ? '111111' : '000000'
        const redeem = (p?: string) => redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'openid4vci', ...(p === undefined ? {} : { pin: p }), now: at(1) })
        await expectCode(redeem(), 'ERR_OB3_CLAIM_PIN_REQUIRED')
        expect((await store.getClaim(A, claim.id))?.failedAttempts).toBe(0)
        const left: unknown[] = []
        for (let i = 0; i < 5; i++) left.push(await redeem(wrong).catch((e: { code: string; details: { attemptsLeft: number } }) => [e.code, e.details.attemptsLeft]))
        expect(left).toEqual([4, 3, 2, 1, 0].map((n) => ['ERR_OB3_CLAIM_PIN_WRONG', n]))
        await expectCode(redeem(pin), 'ERR_OB3_CLAIM_LOCKED')
        expect(await store.getClaim(A, claim.id)).toMatchObject({ failedAttempts: 5 })
        expect((await store.getClaim(A, claim.id))?.redeemedAt).toBeUndefined()
      })

      it('takes the right PIN after a wrong one', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id, pin: true })
        await expectCode(redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', pin: '12345x' }), 'ERR_OB3_CLAIM_PIN_WRONG')
        expect(await redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', pin: String(claim.txCode) })).toMatchObject({ failedAttempts: 1, redeemedVia: 'vc-api' })
      })

      it('lets exactly one of 8 concurrent redemptions win', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id })
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
          redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'vc-api', holder: `did:key:z${i}` }).then(() => 'ok', (e: { code: string }) => e.code)))
        expect(results.filter((r) => r === 'ok')).toHaveLength(1)
        expect(results.filter((r) => r === 'ERR_OB3_CLAIM_REDEEMED')).toHaveLength(7)
      })

      it('records one delivery, only after redemption', async () => {
        const c = await storedCredential()
        const claim = await createClaim(store, { issuerId: A, credentialId: c.id })
        expect(await store.deliverClaim(A, claim.id, { credentialId: 'urn:uuid:bound', holder: 'did:key:z6MkH' })).toBe(false)
        await redeemClaim(store, { issuerId: A, claimId: claim.id, via: 'openid4vci' })
        expect(await store.deliverClaim(A, claim.id, { credentialId: 'urn:uuid:bound', holder: 'did:key:z6MkH' })).toBe(true)
        expect(await store.deliverClaim(A, claim.id, { credentialId: 'urn:uuid:other', holder: 'did:key:z6MkH' })).toBe(false)
        expect(await store.getClaim(A, claim.id)).toMatchObject({ deliveredCredentialId: 'urn:uuid:bound', holder: 'did:key:z6MkH' })
      })

      it('builds the links and the offer of a claim', async () => {
        const c = await storedCredential()
        const claim: ClaimRecord = await createClaim(store, { issuerId: A, credentialId: c.id, pin: true })
        const links = claimLinks(claim, 'https://badges.example/issuers/lakeside/')
        expect(links.credentialIssuer).toBe('https://badges.example/issuers/lakeside')
        expect(links.offerUri).toBe(`https://badges.example/issuers/lakeside/claims/${claim.id}/offer`)
        expect(links.offer).toBe(`openid-credential-offer://?credential_offer_uri=${encodeURIComponent(links.offerUri)}`)
        expect(links.page).toBe(`https://badges.example/issuers/lakeside/claims/${claim.id}`)
        expect(links.exchange).toBe(`https://badges.example/issuers/lakeside/exchanges/${claim.id}`)
        expect(JSON.parse(new URL(links.lcw).searchParams.get('request') as string)).toEqual({ credentialRequestOrigin: 'https://badges.example', protocols: { vcapi: links.exchange } })
        expect(credentialOffer(claim, links.credentialIssuer)).toEqual({
          credential_issuer: 'https://badges.example/issuers/lakeside',
          credential_configuration_ids: ['OpenBadgeCredential_ldp_vc', 'OpenBadgeCredential_jwt_vc_json'],
          grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': claim.preAuthorizedCode, tx_code: { input_mode: 'numeric', length: 6, description: 'The PIN sent to you with this badge' } } },
        })
        expect(() => claimLinks(claim, 'ftp://x')).toThrow(TypeError)
        expect(issuerUrlFor('https://badges.example/', 'lakeside')).toBe('https://badges.example/issuers/lakeside')
        expect(() => issuerUrlFor('https://badges.example', '../x')).toThrow(TypeError)
      })
    })

    it('isolates tenants: issuer B cannot get, list, count, flag, update or see the audit of issuer A', async () => {
      const g = await newGroup(A)
      const c = credentialRecord({ statusListGroup: g.id, statusIndex: 5 })
      await store.insertCredential(c)
      await store.setStatusFlags(A, g.id, 5, { revoked: true })
      const s = submissionRecord({ assessorId: 'assessor-1' })
      await store.insertSubmission(s)
      await store.appendAudit(auditEvent({ subject: `credential:${c.id}`, action: 'revoked' }))

      expect(await store.getCredential(B, c.id)).toBeUndefined()
      expect(await store.getCredentialByIdempotencyKey(B, c.idempotencyKey)).toBeUndefined()
      expect(await store.listCredentials(B)).toEqual([])
      expect(await store.countCredentials(B)).toBe(0)
      expect(await store.getStatusListGroup(B, g.id)).toBeUndefined()
      expect(await store.listStatusListGroups(B)).toEqual([])
      expect(await store.countStatusEntries(B, g.id)).toBe(0)
      expect(await store.getStatusEntry(B, g.id, 5)).toBeUndefined()
      expect(await store.listFlaggedIndexes(B, g.id, 'revoked')).toEqual([])
      expect(await store.setStatusFlags(B, g.id, 5, { revoked: false, suspended: true })).toBe(false)
      expect(await store.getStatusEntry(A, g.id, 5)).toMatchObject({ revoked: true, suspended: false })
      expect(await store.getSubmission(B, s.id)).toBeUndefined()
      expect(await store.listSubmissions(B)).toEqual([])
      expect(await store.listSubmissions(B, { assessorId: 'assessor-1' })).toEqual([])
      expect(await store.updateSubmission({ ...s, issuerId: B, state: 'withdrawn' }, 'submitted', auditEvent({ issuerId: B }))).toBe(false)
      expect(await store.getSubmission(A, s.id)).toEqual(s)
      expect(await store.listAudit(B)).toEqual([])
      expect(await store.listAudit(B, `credential:${c.id}`)).toEqual([])
      // B's keys are B's own: the same idempotency key is another award.
      const cB = credentialRecord({ issuerId: B, idempotencyKey: c.idempotencyKey })
      expect(await store.insertCredential(cB)).toEqual({ inserted: true, record: cB })
      expect(await store.getCredentialByIdempotencyKey(A, c.idempotencyKey)).toEqual(c)
    })

    it('fails every operation after close with ERR_OB3_STORE_CLOSED; closing twice is fine', async () => {
      await store.close()
      await store.close()
      const calls: (() => Promise<unknown>)[] = [
        () => store.migrate(), () => store.schemaVersion(),
        () => store.insertCredential(credentialRecord()), () => store.getCredential(A, 'x'), () => store.getCredentialByIdempotencyKey(A, 'x'),
        () => store.listCredentials(A), () => store.countCredentials(A),
        () => store.createStatusListGroup(groupRecord()), () => store.getStatusListGroup(A, 'x'), () => store.listStatusListGroups(A),
        () => store.countStatusEntries(A, 'x'), () => store.setStatusFlags(A, 'x', 1, { revoked: true }), () => store.getStatusEntry(A, 'x', 1),
        () => store.listFlaggedIndexes(A, 'x', 'revoked'),
        () => store.insertSubmission(submissionRecord()), () => store.getSubmission(A, 'x'),
        () => store.updateSubmission(submissionRecord(), 'submitted', auditEvent()), () => store.listSubmissions(A),
        () => store.appendAudit(auditEvent()), () => store.listAudit(A),
        () => store.openBatch({ id: 'b', issuerId: A, inputDigest: 'd', total: 1, createdAt: '2026-02-03T04:05:06Z' }),
        () => store.recordBatchRow({ batchId: 'b', line: 1, status: 'failed' }), () => store.recordBatchChunk('b', [{ line: 1, error: 'x' }]), () => store.listBatchRows('b'),
        () => store.getClaim(A, 'x'), () => store.findClaim(A, { preAuthorizedCode: 'x' }), () => store.listClaims(A, 'x'),
        () => store.redeemClaim(A, 'x', { at: '2026-02-03T04:05:06Z', maxFailedAttempts: 5, via: 'vc-api' }),
        () => store.deliverClaim(A, 'x', { credentialId: 'c', holder: 'h' }),
      ]
      for (const call of calls) await expectCode(call(), 'ERR_OB3_STORE_CLOSED')
    })
  })
}
