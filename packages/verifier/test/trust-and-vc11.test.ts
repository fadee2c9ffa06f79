import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL, ED25519_2020_CONTEXT_URL, createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof } from '@ob3/core'
import { parseTrustRegistry, verify, type VerificationReport } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const check = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)

async function issuer() {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(5))
  return { key, signer: await createEd25519Signer(key) }
}

function achievement() {
  return { id: 'https://state.example/mc/cultural-competence', type: ['Achievement'], name: 'Cultural Competence', description: 'Plans lessons that draw on students\' cultures.', criteria: { narrative: 'A unit plan and two reflections.' } }
}

async function v2Credential() {
  const { key, signer } = await issuer()
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:11', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Cultural Competence',
    issuer: { id: key.controller, type: ['Profile'], name: 'Riverside Educator Academy' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:teacher', type: ['AchievementSubject'], achievement: achievement() },
  }
  return { key, signed: await signLinkedDataProof({ document: credential, signer, created: new Date('2026-01-01T00:00:00Z') }) }
}

describe('trust registries', () => {
  it('passes an issuer the registry trusts, and names the registry and the entry', async () => {
    const { key, signed } = await v2Credential()
    const trust = parseTrustRegistry({ name: 'State approved providers', entries: [{ id: key.controller, name: 'Riverside Educator Academy', trustedFor: ['issuer'], validFrom: '2026-01-01T00:00:00Z' }] })
    const report = await verify({ input: signed, now: NOW, trust })
    expect(check(report, 'trust')).toEqual({ id: 'trust', status: 'passed', message: 'the issuer is trusted by State approved providers as Riverside Educator Academy' })
    expect(report.verified).toBe(true)
  })

  it('fails an issuer the registry does not list, or lists outside its period or only as an endorser', async () => {
    const { key, signed } = await v2Credential()
    for (const entries of [
      [{ id: 'did:example:another-provider', name: 'Another' }],
      [{ id: key.controller, name: 'Riverside', validUntil: '2026-03-01T00:00:00Z' }],
      [{ id: key.controller, name: 'Riverside', trustedFor: ['endorser'] }],
    ]) {
      const report = await verify({ input: signed, now: NOW, trust: parseTrustRegistry({ name: 'State', entries }) })
      expect(check(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED' })
      expect(report.verified).toBe(false)
    }
    const warned = await verify({ input: signed, now: NOW, trust: parseTrustRegistry({ name: 'State', entries: [] }), trustPolicy: 'warn' })
    expect(check(warned, 'trust')).toMatchObject({ status: 'warning', code: 'ERR_OB3_TRUST_UNTRUSTED' })
    expect(warned.verified).toBe(true)
  })

  it('refuses a malformed registry with a code', () => {
    expect(() => parseTrustRegistry({ name: 'x', entries: [{ id: 'not a uri', name: 'n' }] })).toThrow(expect.objectContaining({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID' }))
    expect(() => parseTrustRegistry([])).toThrow(expect.objectContaining({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID' }))
    expect(() => parseTrustRegistry({ name: 'x', entries: [{ id: 'did:x:1', name: 'n', trustedFor: ['owner'] }] })).toThrow(expect.objectContaining({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID' }))
  })
})

describe('VC 1.1 credentials (verified, never issued)', () => {
  async function v11(extra: Record<string, unknown>) {
    const { key, signer } = await issuer()
    const credential = {
      '@context': [CREDENTIALS_V1_URL, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', ED25519_2020_CONTEXT_URL],
      id: 'urn:uuid:12', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Cultural Competence',
      issuer: { id: key.controller, type: 'Profile', name: 'Riverside Educator Academy' },
      issuanceDate: '2023-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:teacher', type: 'AchievementSubject', achievement: { ...achievement(), type: 'Achievement' } },
      ...extra,
    }
    return signLinkedDataProof({ document: credential, signer, suite: 'Ed25519Signature2020', created: new Date('2023-01-01T00:00:00Z') })
  }

  it('verifies an Ed25519Signature2020 VC 1.1 credential by its issuanceDate', async () => {
    const report = await verify({ input: await v11({}), now: NOW })
    expect(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped')).toEqual([])
    expect(check(report, 'context')?.message).toBe('VC 1.1 with the Open Badges 3.0.2 context')
    expect(check(report, 'validity')?.message).toBe('valid since 2023-01-01T00:00:00Z, with no end date')
    expect(report.credential).toMatchObject({ validFrom: '2023-01-01T00:00:00Z', validUntil: null })
  })

  it('fails one past its expirationDate', async () => {
    const report = await verify({ input: await v11({ expirationDate: '2025-01-01T00:00:00Z' }), now: NOW })
    expect(check(report, 'validity')).toMatchObject({ status: 'failed', code: 'ERR_OB3_EXPIRED' })
    expect(report.credential?.validUntil).toBe('2025-01-01T00:00:00Z')
  })
})

describe('signed trust registries', () => {
  async function signedRegistry(entries: unknown[], seed = 40) {
    const { signLinkedDataProof: sign, createEd25519Signer: signerOf, ed25519KeyFromSeed: keyOf } = await import('@ob3/core')
    const publisher = await keyOf(new Uint8Array(32).fill(seed))
    const document = {
      // the registry's own terms (name, entries) are issuer-defined: VC 2.0's undefined-terms context
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/undefined-terms/v2'],
      id: 'urn:uuid:registry-1',
      type: ['VerifiableCredential'],
      issuer: publisher.controller,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { name: 'Lakeland approved providers', entries },
    }
    return { publisher: publisher.controller, signed: await sign({ document, signer: await signerOf(publisher), created: new Date('2026-01-01T00:00:00Z') }) }
  }

  it('reads a registry from a signed credential, checking its proof and its publisher', async () => {
    const { loadTrustRegistry } = await import('../src/index.js')
    const { key, signed: badge } = await v2Credential()
    const { publisher, signed } = await signedRegistry([{ id: key.controller, name: 'Riverside Educator Academy' }])
    const loaded = await loadTrustRegistry(signed, { publishers: [publisher], now: NOW })
    expect(loaded).toEqual({ registry: { name: 'Lakeland approved providers', entries: [{ id: key.controller, name: 'Riverside Educator Academy' }] }, publisher })
    expect(check(await verify({ input: badge, now: NOW, trust: loaded.registry }), 'trust')).toMatchObject({ status: 'passed' })
    await expect(loadTrustRegistry(signed, { publishers: ['did:example:someone-else'], now: NOW })).rejects.toMatchObject({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID' })
    const tampered = { ...signed, credentialSubject: { name: 'Lakeland approved providers', entries: [{ id: 'did:example:forger', name: 'Forger' }] } }
    await expect(loadTrustRegistry(tampered, { now: NOW })).rejects.toMatchObject({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID', message: expect.stringContaining('proof') })
    expect((await loadTrustRegistry({ name: 'plain', entries: [] })).publisher).toBeUndefined()
  })
})
