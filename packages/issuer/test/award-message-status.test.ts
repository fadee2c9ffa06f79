/**
 * `Issuer.award` with `messageStatus` (as `Issuer.issue` and the service give it): a revocation
 * entry and a multi-bit `message` entry at the same index; and a batch whose award template
 * carries one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEd25519Signer, createResourceFetch, decodeStatusList, ed25519KeyFromSeed, readStatusValue } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { Issuer, type AwardRequest, type MessageStatusRequest } from '../src/index.js'
import { openSqliteStore, runBatch } from '../src/node.js'
import { code } from './fixtures/refusal.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const BASE = 'https://provider.example/status'
const MESSAGES = ['valid', 'pending review', 'under appeal', 'withdrawn']
const TWO_BITS: MessageStatusRequest = { statusSize: 2, messages: MESSAGES, statusReference: 'https://provider.example/status-help' }
const ACHIEVEMENT = { id: 'https://provider.example/mc/kind-critiquing', name: 'Kind Critiquing', description: 'Runs structured peer critique.', criteria: { narrative: 'A protocol, two samples, a reflection.' } }

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

async function setup() {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(14))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Provider' }, signer: await createEd25519Signer(key), statusBaseUrl: BASE, now: () => NOW })
  return { key, store, issuer }
}

const request = (key: string, extra: Partial<AwardRequest> = {}): AwardRequest => ({ idempotencyKey: key, achievement: ACHIEVEMENT, recipient: { id: 'did:example:teacher' }, ...extra })

describe('Issuer.award with messageStatus', () => {
  it('gives a revocation entry and a 2-bit message entry at the same index; setStatusValue shows in the message list and as a status warning', async () => {
    const { issuer } = await setup()
    const { credential: vc, record } = await issuer.award(request('award-1', { messageStatus: TWO_BITS }))
    const [group] = await issuer.statusListGroups()
    expect(group).toMatchObject({ statusSize: 2, messageListUrl: `${BASE}/${group!.id}/message` })
    const [revocation, message] = vc.credentialStatus as Record<string, unknown>[]
    expect(revocation).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(record.statusIndex), statusListCredential: group!.revocationListUrl })
    expect(message).toEqual({
      id: `${group!.messageListUrl}#${record.statusIndex}`, type: 'BitstringStatusListEntry', statusPurpose: 'message',
      statusListIndex: String(record.statusIndex), statusListCredential: group!.messageListUrl, statusSize: 2,
      statusMessage: MESSAGES.map((m, i) => ({ status: `0x${i}`, message: m })), statusReference: 'https://provider.example/status-help',
    })
    expect(await issuer.statusOf(vc.id as string)).toEqual({ revoked: false, suspended: false, value: 0 })

    expect(await issuer.setStatusValue(vc.id as string, 2)).toBe(true)
    const messageList = await issuer.publishStatusList(group!.id, 'message')
    expect(readStatusValue(await decodeStatusList((messageList.credentialSubject as { encodedList: string }).encodedList), record.statusIndex!, 2)).toBe(2)
    const revocationList = await issuer.publishStatusList(group!.id, 'revocation')
    const report = await verify({ input: vc, now: NOW, fetch: createResourceFetch({ resources: { [group!.revocationListUrl]: JSON.stringify(revocationList), [group!.messageListUrl!]: JSON.stringify(messageList) } }) })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE' })
    expect(report.checks.find((c) => c.id === 'status')?.message).toContain('"under appeal"')
  })

  it('gives the first credential again for the same key, and awards without messageStatus into a group without a message list', async () => {
    const { issuer } = await setup()
    const first = await issuer.award(request('award-1', { messageStatus: TWO_BITS }))
    const again = await issuer.award(request('award-1', { messageStatus: TWO_BITS }))
    expect(again).toEqual({ ...first, created: false })
    const plain = await issuer.award(request('award-2'))
    expect((plain.credential.credentialStatus as Record<string, unknown>).statusPurpose).toBe('revocation')
    expect((await issuer.statusListGroups()).map((g) => g.statusSize ?? 0).sort()).toEqual([0, 2])
  })

  it('refuses a malformed messageStatus (ERR_OB3_AWARD_INVALID), nothing stored', async () => {
    const { issuer, store } = await setup()
    const bad = [{ statusSize: 2, messages: ['a', 'b'] }, { statusSize: 0, messages: [] }, { statusSize: 9, messages: [] }, { statusSize: 1, messages: ['a', ''] }, { statusSize: 1, messages: ['a', 'b'], statusReference: 'nope' }, null]
    for (const messageStatus of bad) {
      expect(await code(issuer.award(request('bad', { messageStatus: messageStatus as unknown as MessageStatusRequest }))), JSON.stringify(messageStatus)).toBe('ERR_OB3_AWARD_INVALID')
    }
    expect(await store.countCredentials(issuer.id)).toBe(0)
  })
})

describe('a batch whose award template carries messageStatus', () => {
  const roster = 'recipient_email,name\nada@lakeside.example,Ada\ngrace@lakeside.example,Grace\n'

  it('gives every row\'s credential the message entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ob3-award-message-'))
    dirs.push(dir)
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(15))
    const db = join(dir, 'issuer.db')
    const summary = await runBatch({ db, key, profile: { id: key.controller, name: 'Provider' }, statusBaseUrl: BASE, template: { achievement: ACHIEVEMENT, messageStatus: { statusSize: 1, messages: ['valid', 'under review'] } }, roster, workers: 1 })
    expect(summary).toMatchObject({ issued: 2, failed: 0, problems: [] })
    const store = await openSqliteStore({ path: db })
    try {
      for (const { credentialId } of summary.credentials) {
        const record = await store.getCredential(key.controller, credentialId)
        const entries = JSON.parse(record!.content).credentialStatus as Record<string, unknown>[]
        expect(entries.map((e) => e.statusPurpose)).toEqual(['revocation', 'message'])
        expect(entries[1]).toMatchObject({ statusSize: 1, statusMessage: [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'under review' }] })
      }
    } finally {
      await store.close()
    }
  })

  it('is refused before any row is issued when the messageStatus is malformed (ERR_OB3_AWARD_INVALID)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ob3-award-message-'))
    dirs.push(dir)
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(15))
    const run = runBatch({ db: join(dir, 'issuer.db'), key, profile: { id: key.controller, name: 'Provider' }, statusBaseUrl: BASE, template: { achievement: ACHIEVEMENT, messageStatus: { statusSize: 1, messages: ['only one'] } }, roster, workers: 1 })
    expect(await code(run)).toBe('ERR_OB3_AWARD_INVALID')
  })
})
