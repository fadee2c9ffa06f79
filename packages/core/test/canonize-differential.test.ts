import { describe, expect, it } from 'vitest'
import { runDifferential } from '../../../test/support/canonize-differential.js'
import { FEATURES } from '../../../test/support/jsonld-documents.js'

// A seeded sample of generated documents: ob3's canonical N-Quads must equal unmodified
// jsonld.js's byte for byte (or both must refuse the document with the same code). The
// conformance project runs 5,000 more and `pnpm bench` 10,000.
describe('canonize matches unmodified jsonld.js on generated documents', () => {
  it('agrees on 400 documents of seed 1, covering every feature', async () => {
    const result = await runDifferential(1, 400)
    expect(result.differences).toEqual([])
    expect(result.documents).toBe(400)
    expect(result.identical).toBeGreaterThan(250)
    for (const feature of Object.keys(FEATURES)) expect(result.features[feature] ?? 0, feature).toBeGreaterThan(0)
  }, 300_000)

  it('agrees with a context-level @direction after the OB context, where typed nodes revert to it', async () => {
    const { canonize, canonizeReference } = await import('../src/jsonld/canonize.js')
    const doc = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', { '@direction': 'rtl' }],
      id: 'urn:uuid:1', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'اسم',
      issuer: { id: 'https://academy.example', type: ['Profile'], name: 'أكاديمية' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'https://academy.example/a', type: ['Achievement'], name: 'إنجاز', criteria: { narrative: 'نص' } } },
    }
    const reference = await canonizeReference(doc)
    expect(await canonize(doc)).toBe(reference)
    // jsonld.js keeps the direction only where no typed node's context replaced the active one.
    expect(reference).toContain('"اسم"')
  }, 60_000)
})

describe('proof configurations canonicalized from a template', () => {
  it('equal unmodified jsonld.js for every context, suite, date and verification method form', async () => {
    const { canonize, canonizeReference } = await import('../src/jsonld/canonize.js')
    const { canonizeProofConfig } = await import('../src/jsonld/proof-config.js')
    const { createRandom } = await import('../../../test/support/jsonld-documents.js')
    const r = createRandom(7)
    const contexts = [
      ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      ['https://www.w3.org/ns/credentials/v2'],
      ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', 'https://w3id.org/security/data-integrity/v2'],
      ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    ]
    const vms = ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      'https://academy.example/issuers/1#key-1', 'https://academy.example/keys/1?v=2', 'urn:uuid:1234', 'did:web:academy.example%3A8443#k',
      'https:no-slashes', 'http://[::1]/key', 'relative#key', 'did:key:with space', 'did:example:"quote"', 'sec:key', '_:b0', 'xsd:string#x']
    const dates = ['2026-01-01T00:00:00Z', '2026-03-01T12:34:56.789Z', '2026-03-01T12:34:56+02:00', '2026-03-01', '2026-03-01T12:34:56', 'soon', '2026-01-01T00:00:00Z\n']
    let canonicalized = 0
    for (let i = 0; i < 300; i++) {
      const ctx = r.pick(contexts)
      const ed2020 = ctx.includes('https://w3id.org/security/suites/ed25519-2020/v1')
      const config: Record<string, unknown> = { '@context': ctx, type: ed2020 ? 'Ed25519Signature2020' : 'DataIntegrityProof', created: r.pick(dates), verificationMethod: r.pick(vms), proofPurpose: r.pick(['assertionMethod', 'authentication']) }
      if (!ed2020) config.cryptosuite = r.pick(['eddsa-rdfc-2022', 'eddsa-2022'])
      if (r.chance(0.1)) config.expires = '2030-01-01T00:00:00Z'
      const reference = await canonizeReference(config).catch((e: { code?: string }) => `error ${e.code}`)
      const ours = await canonizeProofConfig(config, undefined, (d) => canonize(d)).catch((e: { code?: string }) => `error ${e.code}`)
      expect(ours, JSON.stringify(config)).toBe(reference)
      if (!reference.startsWith('error') && reference.includes(config.verificationMethod as string)) canonicalized++
    }
    expect(canonicalized).toBeGreaterThan(100)
  }, 120_000)
})
