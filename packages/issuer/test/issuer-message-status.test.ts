/**
 * The Issuer's multi-bit message status: `issue` with `messageStatus` gives a revocation entry and
 * a `message` entry in a group of that statusSize; `setStatusValue` sets the value that the
 * group's published message list carries; revocation stays 1-bit and apart.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, createEd25519Signer, decodeStatusList, ed25519KeyFromSeed, readStatusBit, readStatusValue } from '@ob3/core'
import { Issuer, type MessageStatusRequest } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { code } from './fixtures/refusal.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const BASE = 'https://provider.example/status'
const MESSAGES = ['valid', 'pending review', 'under appeal', 'withdrawn']
const TWO_BITS: MessageStatusRequest = { statusSize: 2, messages: MESSAGES, statusReference: 'https://provider.example/status-help' }

async function setup() {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Provider' }, signer: await createEd25519Signer(key), statusBaseUrl: BASE, now: () => NOW })
  return { key, store, issuer }
}

const credential = (issuer: Issuer, n: number): Record<string, unknown> => ({
  '@context': [CREDENTIALS_V2_URL, { '@vocab': 'https://provider.example/vocab#' }],
  id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: ['VerifiableCredential', 'ExampleCredential'],
  issuer: issuer.id,
  validFrom: '2026-03-01T00:00:00Z',
  credentialSubject: { id: 'did:example:teacher', note: `credential ${n}` },
})

describe('Issuer.issue with messageStatus', () => {
  it('gives a revocation entry and a message entry at the same index, in a group with a 2-bit message list', async () => {
    const { issuer } = await setup()
    const { credential: vc } = await issuer.issue({ credential: credential(issuer, 1), idempotencyKey: 'one', messageStatus: TWO_BITS })
    const [revocation, message] = vc.credentialStatus as Record<string, unknown>[]
    const [group] = await issuer.statusListGroups()
    expect(group).toMatchObject({ statusSize: 2, messageListUrl: `${BASE}/${group!.id}/message` })
    expect(revocation).toMatchObject({ statusPurpose: 'revocation', statusListCredential: group!.revocationListUrl })
    expect(message).toEqual({
      id: `${group!.messageListUrl}#${String(revocation!.statusListIndex)}`, type: 'BitstringStatusListEntry', statusPurpose: 'message',
      statusListIndex: revocation!.statusListIndex, statusListCredential: group!.messageListUrl, statusSize: 2,
      statusMessage: MESSAGES.map((m, i) => ({ status: `0x${i}`, message: m })), statusReference: 'https://provider.example/status-help',
    })
    expect(await issuer.statusOf(vc.id as string)).toEqual({ revoked: false, suspended: false, value: 0 })
  })

  it('keeps credentials without a message entry in a group without a message list, and those with one apart', async () => {
    const { issuer } = await setup()
    const plain = (await issuer.issue({ credential: credential(issuer, 1), idempotencyKey: 'plain' })).credential
    const withMessage = (await issuer.issue({ credential: credential(issuer, 2), idempotencyKey: 'message', messageStatus: TWO_BITS })).credential
    const oneBit = (await issuer.issue({ credential: credential(issuer, 3), idempotencyKey: 'one-bit', messageStatus: { statusSize: 1, messages: ['fine', 'look again'] } })).credential
    // Created at the same instant, the groups list by id: find them by size.
    const all = await issuer.statusListGroups()
    expect(all.map((g) => g.statusSize ?? 0).sort()).toEqual([0, 1, 2])
    const groups = [0, 2, 1].map((size) => all.find((g) => (g.statusSize ?? 0) === size)!)
    expect((plain.credentialStatus as Record<string, unknown>).statusPurpose).toBe('revocation')
    expect((withMessage.credentialStatus as unknown[]).length).toBe(2)
    expect((oneBit.credentialStatus as Record<string, unknown>[])[1]).toMatchObject({ statusSize: 1, statusListCredential: groups[2]!.messageListUrl })
    // A second 2-bit credential joins the 2-bit group.
    const again = (await issuer.issue({ credential: credential(issuer, 4), idempotencyKey: 'message-2', messageStatus: TWO_BITS })).credential
    expect((again.credentialStatus as Record<string, unknown>[])[1]!.statusListCredential).toBe(groups[1]!.messageListUrl)
    expect(await issuer.statusListGroups()).toHaveLength(3)
    expect(await code(issuer.publishStatusList(groups[0]!.id, 'message'))).toBe('ERR_OB3_STATUS_UNAVAILABLE')
    expect(await code(issuer.setStatusValue(plain.id as string, 1))).toBe('ERR_OB3_STATUS_UNSUPPORTED')
  })

  it('refuses a message status whose messages are not 2^statusSize, a size outside 1–8 or a reference that is not a URL', async () => {
    const { issuer, store } = await setup()
    for (const messageStatus of [{ statusSize: 2, messages: ['a', 'b'] }, { statusSize: 0, messages: [] }, { statusSize: 9, messages: [] }, { statusSize: 1, messages: ['a', ''] }, { statusSize: 1, messages: ['a', 'b'], statusReference: 'nope' }]) {
      expect(await code(issuer.issue({ credential: credential(issuer, 5), idempotencyKey: 'bad', messageStatus })), JSON.stringify(messageStatus)).toBe('ERR_OB3_AWARD_INVALID')
    }
    expect(await store.countCredentials(issuer.id)).toBe(0)
  })
})

describe('Issuer.setStatusValue', () => {
  it('sets the value in the published message list; revocation is a separate 1-bit list', async () => {
    const { issuer } = await setup()
    const { credential: vc } = await issuer.issue({ credential: credential(issuer, 1), idempotencyKey: 'one', messageStatus: TWO_BITS })
    const index = Number((vc.credentialStatus as Record<string, unknown>[])[1]!.statusListIndex)
    const [group] = await issuer.statusListGroups()
    const valueNow = async () => readStatusValue(await decodeStatusList(((await issuer.publishStatusList(group!.id, 'message')).credentialSubject as Record<string, unknown>).encodedList), index, 2)
    expect(await valueNow()).toBe(0)
    expect(await issuer.setStatusValue(vc.id as string, 2, 'appeal lodged')).toBe(true)
    expect(await valueNow()).toBe(2)
    expect(await issuer.statusOf(vc.id as string)).toEqual({ revoked: false, suspended: false, value: 2 })
    const published = await issuer.publishStatusList(group!.id, 'message')
    expect(published).toMatchObject({ id: group!.messageListUrl, credentialSubject: { statusPurpose: 'message' } })
    expect((published.proof as Record<string, unknown>).cryptosuite).toBe('eddsa-rdfc-2022')
    expect((await decodeStatusList((published.credentialSubject as Record<string, unknown>).encodedList)).length).toBe(131_072 * 2 / 8)
    await issuer.revoke(vc.id as string)
    const revocation = await decodeStatusList(((await issuer.publishStatusList(group!.id, 'revocation')).credentialSubject as Record<string, unknown>).encodedList)
    expect(revocation.length).toBe(131_072 / 8)
    expect(readStatusBit(revocation, index)).toBe(true)
    expect(await valueNow()).toBe(2)
  })

  it('refuses a value outside 0 to 2^statusSize − 1 and an unknown credential, changing nothing', async () => {
    const { issuer, store } = await setup()
    const { credential: vc } = await issuer.issue({ credential: credential(issuer, 1), idempotencyKey: 'one', messageStatus: TWO_BITS })
    for (const value of [4, -1, 1.5, Number.NaN]) expect(await code(issuer.setStatusValue(vc.id as string, value)), String(value)).toBe('ERR_OB3_STATUS_INVALID')
    expect(await code(issuer.setStatusValue('urn:uuid:unknown', 1))).toBe('ERR_OB3_STATUS_UNAVAILABLE')
    expect(await issuer.statusOf(vc.id as string)).toEqual({ revoked: false, suspended: false, value: 0 })
    expect((await store.listAudit(issuer.id, `credential:${String(vc.id)}`)).map((e) => e.action)).toEqual(['awarded'])
    await issuer.setStatusValue(vc.id as string, 3)
    expect((await store.listAudit(issuer.id, `credential:${String(vc.id)}`)).map((e) => e.action)).toEqual(['awarded', 'status-value-set'])
  })

  it('returns false for a credential issued without status', async () => {
    const { issuer } = await setup()
    const { credential: vc } = await issuer.issue({ credential: credential(issuer, 1), idempotencyKey: 'none', status: false })
    expect(await issuer.setStatusValue(vc.id as string, 1)).toBe(false)
  })
})
