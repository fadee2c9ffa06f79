/**
 * Multi-bit status from the issuer's side: a `message` list of 2-bit entries built with
 * buildStatusListCredential, and the matching entry from messageStatusEntry; a credential carrying
 * it verifies, and the verifier reports the message of the value the issuer set.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL, createEd25519Signer, createResourceFetch, decodeStatusList, ed25519KeyFromSeed, readStatusValue, signLinkedDataProof } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { buildStatusListCredential, messageStatusEntry } from '../src/index.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const LIST_URL = 'https://provider.example/status/messages/1'
const MESSAGES = ['valid', 'pending review', 'under appeal', 'withdrawn']
const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(41))
const signer = await createEd25519Signer(key)

async function signedList(values: [number, number][]): Promise<Record<string, unknown>> {
  const unsigned = await buildStatusListCredential({ url: LIST_URL, issuerId: key.controller, purpose: 'message', length: 131_072, flagged: [], statusSize: 2, values, now: NOW })
  return signLinkedDataProof({ document: unsigned, signer, created: NOW }) as Promise<Record<string, unknown>>
}

const credentialStatus = messageStatusEntry({ url: LIST_URL, index: 12, statusSize: 2, messages: MESSAGES, statusReference: 'https://provider.example/status-help' })
const badge = await signLinkedDataProof({
  document: {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], id: 'urn:uuid:5e0c1a2b-0000-4000-8000-000000000041', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Kind Critiquing',
    issuer: { id: key.controller, type: ['Profile'], name: 'Provider' }, validFrom: '2026-03-01T00:00:00Z',
    credentialSubject: { id: 'did:example:teacher', type: ['AchievementSubject'], achievement: { id: 'https://provider.example/mc/kind-critiquing', type: ['Achievement'], name: 'Kind Critiquing', description: 'Runs structured peer critique.', criteria: { narrative: 'A protocol.' } } },
    credentialStatus,
  },
  signer, created: NOW,
})

const statusOf = async (list: Record<string, unknown>) => {
  const report = await verify({ input: badge, now: NOW, fetch: createResourceFetch({ resources: { [LIST_URL]: JSON.stringify(list) } }) })
  return report.checks.find((c) => c.id === 'status')
}

describe('a message list of statusSize 2', () => {
  it('writes each value at index × 2 and states no statusSize on the list (its context defines none)', async () => {
    const list = await buildStatusListCredential({ url: LIST_URL, issuerId: key.controller, purpose: 'message', length: 131_072, flagged: [7], statusSize: 2, values: [[12, 2], [13, 3]], now: NOW })
    const subject = list.credentialSubject as Record<string, unknown>
    expect(subject).not.toHaveProperty('statusSize')
    expect(subject.statusPurpose).toBe('message')
    const bits = await decodeStatusList(subject.encodedList)
    expect(bits.length).toBe(131_072 * 2 / 8)
    expect([readStatusValue(bits, 7, 2), readStatusValue(bits, 12, 2), readStatusValue(bits, 13, 2), readStatusValue(bits, 14, 2)]).toEqual([1, 2, 3, 0])
  })

  it('an entry with statusSize, a statusMessage for each of the 4 values and statusReference', () => {
    expect(credentialStatus).toEqual({
      id: `${LIST_URL}#12`, type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: '12', statusListCredential: LIST_URL, statusSize: 2,
      statusMessage: [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'pending review' }, { status: '0x2', message: 'under appeal' }, { status: '0x3', message: 'withdrawn' }],
      statusReference: 'https://provider.example/status-help',
    })
  })

  it('verifies: the issuer sets value 2 and the verifier reports "under appeal"; back to 0, status passes', async () => {
    expect(await statusOf(await signedList([[12, 2]]))).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status 0x2 "under appeal" (list ${LIST_URL}, entry 12)` })
    expect(await statusOf(await signedList([[11, 3]]))).toEqual({ id: 'status', status: 'passed', message: `message: status 0x0 "valid" (list ${LIST_URL}, entry 12)` })
  })

  it('refuses a size outside 1–8, the wrong number of messages, a value that does not fit, and a reference that is not a URL', async () => {
    expect(() => messageStatusEntry({ url: LIST_URL, index: 1, statusSize: 2, messages: ['a', 'b'] })).toThrow('messageStatusEntry: statusSize 2 needs 4 messages, not 2')
    expect(() => messageStatusEntry({ url: LIST_URL, index: 1, statusSize: 9, messages: [] })).toThrow('messageStatusEntry: statusSize must be a whole number from 1 to 8')
    expect(() => messageStatusEntry({ url: LIST_URL, index: -1, statusSize: 1, messages: ['a', 'b'] })).toThrow('messageStatusEntry: index must be a whole number, 0 or more')
    expect(() => messageStatusEntry({ url: LIST_URL, index: 1, statusSize: 1, messages: ['a', 'b'], statusReference: ['https://a.example/', 'nope'] })).toThrow('messageStatusEntry: statusReference must be URLs')
    await expect(buildStatusListCredential({ url: LIST_URL, issuerId: key.controller, purpose: 'message', length: 131_072, flagged: [], statusSize: 0, now: NOW })).rejects.toThrow('buildStatusListCredential: statusSize must be a whole number from 1 to 8')
    await expect(buildStatusListCredential({ url: LIST_URL, issuerId: key.controller, purpose: 'message', length: 131_072, flagged: [], statusSize: 2, values: [[1, 4]], now: NOW })).rejects.toThrow('status value 4 does not fit in 2 bits')
  })
})
