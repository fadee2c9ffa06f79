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
