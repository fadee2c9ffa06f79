/**
 * VC 1.1 credentials get StatusList2021 entries: `Issuer.issue` gives a VC 1.1 credential
 * `StatusList2021Entry`s and the StatusList2021 context (never the VC 2.0 or Bitstring one), and
 * `publishStatusList(…, { type: 'StatusList2021Credential' })` publishes the same bits as a
 * StatusList2021Credential at `<list>/2021`, which ob3's verifier reads through the entry.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL, createEd25519Signer, createResourceFetch, decodeStatusList, ed25519KeyFromSeed, readStatusBit } from '@ob3/core'
import { verify, type VerificationReport } from '@ob3/verifier'
import { Issuer, STATUS_LIST_2021_CONTEXT_URL, buildStatusListCredential, statusList2021Entries, statusList2021Url } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'
import { code } from './fixtures/refusal.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const BASE = 'https://provider.example/status'
const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2'
const TERMS = { '@vocab': 'https://provider.example/vocab#' }

async function setup(options: { suspension?: boolean } = {}) {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(12))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Provider' }, signer: await createEd25519Signer(key), statusBaseUrl: BASE, now: () => NOW, ...options })
  return { issuer, store }
}

const v11 = (issuer: Issuer, n: number): Record<string, unknown> => ({
  '@context': [CREDENTIALS_V1_URL, TERMS],
  id: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: ['VerifiableCredential', 'ExampleCredential'],
  issuer: issuer.id,
  issuanceDate: '2026-03-01T00:00:00Z',
  credentialSubject: { id: 'did:example:teacher', note: `credential ${n}` },
})

/** ob3's verifier with the issuer's lists of both purposes, in their StatusList2021 form, as published now. */
async function verifyWithLists(issuer: Issuer, vc: Record<string, unknown>): Promise<VerificationReport> {
  const resources: Record<string, string> = {}
  for (const group of await issuer.statusListGroups()) {
    for (const purpose of ['revocation', 'suspension'] as const) {
      const list = await issuer.publishStatusList(group.id, purpose, { type: 'StatusList2021Credential' })
      resources[list.id as string] = JSON.stringify(list)
    }
  }
  return verify({ input: vc, now: NOW, fetch: createResourceFetch({ resources }) })
}

const statusCheck = (report: VerificationReport) => report.checks.find((c) => c.id === 'status')

describe('buildStatusListCredential as a StatusList2021Credential', () => {
  it('is a VC 1.1 credential with the StatusList2021 context, and encodedList is base64url of the GZIP bits without the multibase u', async () => {
    const url = 'https://provider.example/status/g1/revocation/2021'
    const list = await buildStatusListCredential({ url, issuerId: 'did:example:provider', purpose: 'revocation', length: 131_072, flagged: [3, 94_567], now: NOW, validForMs: 86_400_000, type: 'StatusList2021Credential' })
    const { encodedList, ...subject } = list.credentialSubject as Record<string, unknown>
    expect({ ...list, credentialSubject: subject }).toEqual({
      '@context': [CREDENTIALS_V1_URL, STATUS_LIST_2021_CONTEXT_URL],
      id: url,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: 'did:example:provider',
      issuanceDate: '2026-03-01T00:00:00Z',
      expirationDate: '2026-03-02T00:00:00Z',
      credentialSubject: { id: `${url}#list`, type: 'StatusList2021', statusPurpose: 'revocation' },
    })
    expect(encodedList).toMatch(/^H4sI[A-Za-z0-9_-]+$/)
    const bits = await decodeStatusList(encodedList)
    expect(bits.length).toBe(16_384)
    expect([3, 94_567, 4, 0].map((i) => readStatusBit(bits, i))).toEqual([true, true, false, false])
    // The Bitstring form of the same list: the same bits, behind a `u`.
    const bitstring = await buildStatusListCredential({ url, issuerId: 'did:example:provider', purpose: 'revocation', length: 131_072, flagged: [3, 94_567], now: NOW })
    const multibase = (bitstring.credentialSubject as { encodedList: string }).encodedList
    expect(multibase.startsWith('u')).toBe(true)
    expect(await decodeStatusList(multibase)).toEqual(bits)
  })

  it('refuses a message list or a multi-bit list in that form (TypeError)', async () => {
    const base = { url: 'https://provider.example/l', issuerId: 'did:example:p', length: 131_072, flagged: [], now: NOW, type: 'StatusList2021Credential' as const }
    await expect(buildStatusListCredential({ ...base, purpose: 'message' })).rejects.toThrow(TypeError)
    await expect(buildStatusListCredential({ ...base, purpose: 'revocation', statusSize: 2 })).rejects.toThrow(TypeError)
  })

  it('names its entries and URL after the Bitstring list: <list>/2021', () => {
    expect(statusList2021Url('https://provider.example/status/g1/revocation')).toBe('https://provider.example/status/g1/revocation/2021')
    expect(statusList2021Entries({ revocationListUrl: `${BASE}/g1/revocation`, suspensionListUrl: `${BASE}/g1/suspension` }, 42)).toEqual([
      { id: `${BASE}/g1/revocation/2021#42`, type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: '42', statusListCredential: `${BASE}/g1/revocation/2021` },
      { id: `${BASE}/g1/suspension/2021#42`, type: 'StatusList2021Entry', statusPurpose: 'suspension', statusListIndex: '42', statusListCredential: `${BASE}/g1/suspension/2021` },
    ])
  })
})

describe('Issuer.issue of a VC 1.1 credential', () => {
  it('gives a StatusList2021Entry in the group\'s revocation list and the StatusList2021 context; revocation fails status through it (ERR_OB3_STATUS_REVOKED)', async () => {
    const { issuer } = await setup()
    const { credential: vc, record } = await issuer.issue({ credential: v11(issuer, 1), idempotencyKey: 'one' })
    const [group] = await issuer.statusListGroups()
    expect(vc['@context']).toEqual([CREDENTIALS_V1_URL, TERMS, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
    expect(vc.credentialStatus).toEqual({
      id: `${group!.revocationListUrl}/2021#${record.statusIndex}`,
      type: 'StatusList2021Entry',
      statusPurpose: 'revocation',
      statusListIndex: String(record.statusIndex),
      statusListCredential: `${group!.revocationListUrl}/2021`,
    })

    const before = await verifyWithLists(issuer, vc)
    expect(before.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    expect(statusCheck(before)).toMatchObject({ status: 'passed', message: `not revoked (list ${group!.revocationListUrl}/2021, entry ${record.statusIndex})` })

    expect(await issuer.revoke(vc.id as string)).toBe(true)
    const after = await verifyWithLists(issuer, vc)
    expect(statusCheck(after)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_REVOKED' })
    // The Bitstring form of the same list carries the same bit.
    const bitstring = await issuer.publishStatusList(group!.id, 'revocation')
    expect(readStatusBit(await decodeStatusList((bitstring.credentialSubject as { encodedList: string }).encodedList), record.statusIndex!)).toBe(true)
  })

  it('publishes the list signed, its proof verifying; a message list has no StatusList2021 form (ERR_OB3_STATUS_UNAVAILABLE)', async () => {
    const { issuer } = await setup()
    await issuer.issue({ credential: v11(issuer, 1), idempotencyKey: 'one' })
    const [group] = await issuer.statusListGroups()
    const list = await issuer.publishStatusList(group!.id, 'revocation', { type: 'StatusList2021Credential', validForMs: 3_600_000 })
    expect(list['@context']).toEqual([CREDENTIALS_V1_URL, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
    expect(list).toMatchObject({ id: `${group!.revocationListUrl}/2021`, issuer: issuer.id, issuanceDate: '2026-03-01T00:00:00Z', expirationDate: '2026-03-01T01:00:00Z', proof: { cryptosuite: 'eddsa-rdfc-2022' } })
    const report = await verify({ input: list, now: NOW })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    expect(await code(issuer.publishStatusList(group!.id, 'message', { type: 'StatusList2021Credential' }))).toBe('ERR_OB3_STATUS_UNAVAILABLE')
  })

  it('with suspension, gives a revocation and a suspension StatusList2021Entry at the same index; suspending fails status (ERR_OB3_STATUS_SUSPENDED)', async () => {
    const { issuer } = await setup({ suspension: true })
    const { credential: vc, record } = await issuer.issue({ credential: v11(issuer, 2), idempotencyKey: 'two' })
    const entries = vc.credentialStatus as Record<string, string>[]
    expect(entries.map((e) => [e.type, e.statusPurpose, e.statusListIndex])).toEqual([['StatusList2021Entry', 'revocation', String(record.statusIndex)], ['StatusList2021Entry', 'suspension', String(record.statusIndex)]])
    expect(statusCheck(await verifyWithLists(issuer, vc))).toMatchObject({ status: 'passed' })
    await issuer.suspend(vc.id as string)
    expect(statusCheck(await verifyWithLists(issuer, vc))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED' })
  })

  it('refuses a messageStatus (StatusList2021 has no multi-bit entries): ERR_OB3_AWARD_INVALID, nothing stored', async () => {
    const { issuer, store } = await setup()
    expect(await code(issuer.issue({ credential: v11(issuer, 3), idempotencyKey: 'three', messageStatus: { statusSize: 1, messages: ['valid', 'withdrawn'] } }))).toBe('ERR_OB3_AWARD_INVALID')
    expect(await store.countCredentials(issuer.id)).toBe(0)
  })

  it('gives none with status: false, and adds no context', async () => {
    const { issuer } = await setup()
    const { credential: vc } = await issuer.issue({ credential: v11(issuer, 4), idempotencyKey: 'four', status: false })
    expect(vc).not.toHaveProperty('credentialStatus')
    expect(vc['@context']).toEqual([CREDENTIALS_V1_URL, TERMS, DATA_INTEGRITY])
  })
})
