/**
 * test-vectors/ is exactly what scripts/make-vectors.ts generates now (`pnpm vectors --check`).
 * A file of its own: regenerating every vector takes a minute, so mutation testing leaves it out
 * (test/mutation/vitest.config.ts) while `pnpm test` runs it.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkVectors } from '../../../scripts/make-vectors.js'

const VECTORS = fileURLToPath(new URL('../../../test-vectors/', import.meta.url))

describe('test-vectors/', () => {
  it('is exactly what scripts/make-vectors.ts generates now (pnpm vectors --check)', async () => {
    expect(await checkVectors(VECTORS)).toEqual([])
  }, 120_000)
})
