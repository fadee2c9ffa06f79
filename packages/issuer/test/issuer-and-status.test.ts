import { describe, expect, it } from 'vitest'
import { createEd25519Signer, createResourceFetch, decodeStatusList, ed25519KeyFromSeed, readStatusBit } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { Issuer, type AwardRequest } from '../src/index.js'
import { openSqliteStore } from '../src/store/sqlite.js'

const NOW = new Date('2026-03-01T00:00:00Z')
const BASE = 'https://provider.example/status'

async function setup(options: { statusListLength?: number; suspension?: boolean } = {}) {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(6))
  const store = await openSqliteStore({ path: ':memory:' })
  await store.migrate()
  const issuer = new Issuer({ store, profile: { id: key.controller, name: 'Provider' }, signer: await createEd25519Signer(key), statusBaseUrl: BASE, now: () => NOW, ...options })
  return { key, store, issuer }
}

function request(key: string, recipient = 'did:example:teacher'): AwardRequest {
  return {
    idempotencyKey: key,
    achievement: { id: 'https://provider.example/mc/kind-critiquing', name: 'Kind Critiquing', description: 'Runs structured peer critique.', criteria: { narrative: 'A protocol, two samples, a reflection.' } },
    recipient: { id: recipient },
  }
}

async function listsFor(issuer: Issuer) {
  const [group] = await issuer.statusListGroups()
  if (group === undefined) throw new Error('no group')
  const revocation = await issuer.publishStatusList(group.id, 'revocation')
  const suspension = await issuer.publishStatusList(group.id, 'suspension')
  return { group, revocation, suspension, fetch: createResourceFetch({ resources: { [group.revocationListUrl]: JSON.stringify(revocation), [group.suspensionListUrl]: JSON.stringify(suspension) } }) }
}

describe('Issuer', () => {
  it('awards once per idempotency key, with a random index in the revocation list (one status entry, as OB 3.0 wants)', async () => {
    const { issuer, store } = await setup()
    const first = await issuer.award(request('sub-1'))
    expect(first.credential.credentialStatus).toEqual({
      id: `${(await issuer.statusListGroups())[0]?.revocationListUrl}#${first.record.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(first.record.statusIndex),
      statusListCredential: (await issuer.statusListGroups())[0]?.revocationListUrl,
    })
    expect((await verify({ input: first.credential, now: NOW, fetch: (await listsFor(issuer)).fetch })).checks.filter((c) => c.status === 'warning' || c.status === 'failed')).toEqual([])
    await expect(issuer.suspend(first.record.id)).rejects.toMatchObject({ code: 'ERR_OB3_STATUS_UNSUPPORTED' })
    expect(await store.countCredentials(issuer.id)).toBe(1)
  })

  it('with suspension, gives a revocation and a suspension entry at the same index', async () => {
    const { issuer, store } = await setup({ suspension: true })
    const first = await issuer.award(request('sub-1'))
    const again = await issuer.award(request('sub-1', 'did:example:someone-else'))
    expect(first.created).toBe(true)
    expect(again.created).toBe(false)
    expect(again.record.id).toBe(first.record.id)
    expect(await store.countCredentials(issuer.id)).toBe(1)
    const status = first.credential.credentialStatus as Record<string, string>[]
    expect(status.map((s) => [s.type, s.statusPurpose])).toEqual([['BitstringStatusListEntry', 'revocation'], ['BitstringStatusListEntry', 'suspension']])
    expect(status[0]?.statusListIndex).toBe(String(first.record.statusIndex))
    expect(status[0]?.statusListCredential).toMatch(new RegExp(`^${BASE}/[0-9a-f]{16}/revocation$`))
    const audit = await store.listAudit(issuer.id, `credential:${first.record.id}`)
    expect(audit.map((e) => e.action)).toEqual(['awarded'])
  })

  it('never hands out an index twice, even in a tiny index space with many awards', async () => {
    const { issuer } = await setup()
    const indexes = new Set<number>()
    for (let i = 0; i < 200; i++) indexes.add((await issuer.award(request(`k-${i}`))).record.statusIndex as number)
    expect(indexes.size).toBe(200)
    for (const i of indexes) expect(i >= 0 && i < 131_072).toBe(true)
  })

  it('revokes, suspends and reinstates: the published lists and the verifier agree', async () => {
    const { issuer } = await setup({ suspension: true })
    const a = await issuer.award(request('a'))
    const b = await issuer.award(request('b'))
    expect(await issuer.revoke(a.record.id, 'plagiarised evidence')).toBe(true)
    expect(await issuer.suspend(b.record.id)).toBe(true)
    expect(await issuer.statusOf(a.record.id)).toEqual({ revoked: true, suspended: false })
    expect(await issuer.statusOf(b.record.id)).toEqual({ revoked: false, suspended: true })
    let lists = await listsFor(issuer)
    const bits = await decodeStatusList((lists.revocation.credentialSubject as { encodedList: string }).encodedList)
    expect(bits.length * 8).toBe(131_072)
    expect(readStatusBit(bits, a.record.statusIndex as number)).toBe(true)
    expect(readStatusBit(bits, b.record.statusIndex as number)).toBe(false)
    const code = async (credential: Record<string, unknown>, fetch: typeof globalThis.fetch) =>
      (await verify({ input: credential, fetch, now: NOW })).checks.find((c) => c.id === 'status')?.code
    expect(await code(a.credential, lists.fetch)).toBe('ERR_OB3_STATUS_REVOKED')
    expect(await code(b.credential, lists.fetch)).toBe('ERR_OB3_STATUS_SUSPENDED')
    expect(await issuer.unsuspend(b.record.id)).toBe(true)
    lists = await listsFor(issuer)
    const report = await verify({ input: b.credential, fetch: lists.fetch, now: NOW })
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'passed' })
    expect(report.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'warning', message: expect.stringContaining('VC 2.0 allows several, OB 3.0 expects one') })
    expect(report.verified).toBe(true)
  })

  it('refuses to revoke a credential it did not issue', async () => {
    const { issuer } = await setup()
    await expect(issuer.revoke('urn:uuid:not-mine')).rejects.toMatchObject({ code: 'ERR_OB3_STATUS_UNAVAILABLE' })
  })

  it('refuses a status list length under 131,072 (herd privacy) and a key the profile does not control', async () => {
    await expect(setup({ statusListLength: 1024 })).rejects.toThrow(TypeError)
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(6))
    const store = await openSqliteStore({ path: ':memory:' })
    expect(() => new Issuer({ store, profile: { id: 'did:example:other', name: 'X' }, signer: { id: key.id, algorithm: 'EdDSA', sign: async () => new Uint8Array(64) } })).toThrow(TypeError)
  })
})

describe('Issuer.issue (a credential the caller built)', () => {
  const terms = { ex: 'https://example.org/vocab#', ExampleAlumniCredential: 'ex:ExampleAlumniCredential', ExampleStatus: 'ex:ExampleStatus', alumniOf: 'ex:alumniOf' }
  const alumni = (issuer: string, extra: Record<string, unknown> = {}) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2', terms],
    id: 'urn:uuid:5b0c8a8e-6c1d-4c3a-9a57-3b1f6e2d9c11',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:alumna', alumniOf: 'Example University' },
    ...extra,
  })

  it('adds a status entry, signs and stores it, once per idempotency key', async () => {
    const { issuer, store } = await setup()
    const first = await issuer.issue({ credential: alumni(issuer.id), idempotencyKey: 'req-1' })
    expect(first.created).toBe(true)
    expect(first.credential).toMatchObject({ id: 'urn:uuid:5b0c8a8e-6c1d-4c3a-9a57-3b1f6e2d9c11', issuer: issuer.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } })
    expect(first.record).toMatchObject({ achievementId: 'type:ExampleAlumniCredential', recipient: 'did:example:alumna', statusIndex: expect.any(Number) })
    const again = await issuer.issue({ credential: alumni(issuer.id), idempotencyKey: 'req-1' })
    expect(again).toEqual({ ...first, created: false })
    expect(await store.countCredentials(issuer.id)).toBe(1)
    expect(await issuer.revoke(first.record.id)).toBe(true)
    expect(await issuer.statusOf(first.record.id)).toEqual({ revoked: true, suspended: false })
  })

  it('keeps a credential\'s own credentialStatus, gives a VC 1.1 credential a StatusList2021Entry with its context, and takes a recordId for one without id', async () => {
    const { issuer } = await setup()
    const own = { type: 'ExampleStatus', id: 'https://registry.example/status/7' }
    const kept = await issuer.issue({ credential: alumni(issuer.id, { id: 'urn:uuid:own', credentialStatus: own }), idempotencyKey: 'own' })
    expect(kept.credential.credentialStatus).toEqual(own)
    expect(kept.record.statusIndex).toBeUndefined()
    const v1 = await issuer.issue({
      credential: { '@context': ['https://www.w3.org/2018/credentials/v1', terms], type: ['VerifiableCredential'], issuer: issuer.id, issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:a', alumniOf: 'X' } },
      idempotencyKey: 'v1', recordId: 'urn:example:registrar:1',
    })
    // (the signer adds the Data Integrity context a VC 1.1 credential needs for its proof)
    expect(v1.credential['@context']).toEqual(['https://www.w3.org/2018/credentials/v1', terms, 'https://w3id.org/vc/status-list/2021/v1', 'https://w3id.org/security/data-integrity/v2'])
    expect(v1.credential.credentialStatus).toMatchObject({ type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: String(v1.record.statusIndex) })
    expect(v1.credential).not.toHaveProperty('id')
    expect(v1.record.id).toBe('urn:example:registrar:1')
  })

  it('gives no status entry with status: false (and no status context to a VC 1.1 credential)', async () => {
    const { issuer } = await setup()
    const plain = await issuer.issue({ credential: alumni(issuer.id, { id: 'urn:uuid:no-status' }), idempotencyKey: 'no-status', status: false })
    expect(plain.credential).not.toHaveProperty('credentialStatus')
    expect(plain.record.statusIndex).toBeUndefined()
    expect(await issuer.revoke('urn:uuid:no-status')).toBe(false)
    const v1 = await issuer.issue({
      credential: { '@context': ['https://www.w3.org/2018/credentials/v1', terms], type: ['VerifiableCredential'], issuer: issuer.id, issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:a', alumniOf: 'X' } },
      idempotencyKey: 'v1-no-status', recordId: 'urn:example:registrar:2', status: false,
    })
    expect(v1.credential['@context']).toEqual(['https://www.w3.org/2018/credentials/v1', terms, 'https://w3id.org/security/data-integrity/v2'])
    expect(v1.credential).not.toHaveProperty('credentialStatus')
  })

  it('refuses a credential of another issuer, one without an id or recordId, and a key without a key (ERR_OB3_AWARD_INVALID)', async () => {
    const { issuer, store } = await setup()
    await expect(issuer.issue({ credential: alumni('did:example:someone-else'), idempotencyKey: 'x' })).rejects.toMatchObject({ code: 'ERR_OB3_AWARD_INVALID' })
    const { id: _id, ...noId } = alumni(issuer.id)
    await expect(issuer.issue({ credential: noId, idempotencyKey: 'y' })).rejects.toMatchObject({ code: 'ERR_OB3_AWARD_INVALID' })
    await expect(issuer.issue({ credential: alumni(issuer.id), idempotencyKey: '' })).rejects.toMatchObject({ code: 'ERR_OB3_AWARD_INVALID' })
    expect(await store.countCredentials(issuer.id)).toBe(0)
  })

  it('two issuers on one store that open a list group at the same moment open the same one', async () => {
    const { issuer, store, key } = await setup()
    const twin = new Issuer({ store, profile: { id: key.controller, name: 'Provider' }, signer: await createEd25519Signer(key), statusBaseUrl: BASE, now: () => NOW })
    const made = await Promise.all([issuer, twin, issuer, twin].map((i, n) => i.award(request(`race-${n}`))))
    expect(new Set(made.map((m) => m.record.statusListGroup)).size).toBe(1)
    expect(await issuer.statusListGroups()).toHaveLength(1)
  })
})
