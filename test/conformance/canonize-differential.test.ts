import { describe, expect, it } from 'vitest'
import { runDifferential } from '../support/canonize-differential.js'
import { FEATURES } from '../support/jsonld-documents.js'

// 5,000 generated documents (20 seeds × 250), each canonicalized by ob3 and by unmodified
// jsonld.js: the N-Quads must be byte-identical, or both must refuse with the same code.
const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i)

describe('canonize matches unmodified jsonld.js on 5,000 generated documents', () => {
  const features: Record<string, number> = {}
  let identical = 0
  for (const seed of SEEDS) {
    it(`seed ${seed}: 250 documents`, async () => {
      const result = await runDifferential(seed, 250)
      expect(result.differences).toEqual([])
      expect(result.documents).toBe(250)
      identical += result.identical
      for (const [f, n] of Object.entries(result.features)) features[f] = (features[f] ?? 0) + n
    }, 600_000)
  }
  it('canonicalized most of them, and every feature many times', () => {
    expect(identical).toBeGreaterThan(3000)
    for (const feature of Object.keys(FEATURES)) expect(features[feature] ?? 0, feature).toBeGreaterThan(20)
  })
})
