import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BUNDLED_CONTEXTS, PINNED_CONTEXT_DIGESTS, contextDigestVerdict } from '@ob3/core'

const contexts = new URL('../../../shared/ob3/reference/contexts/', import.meta.url)
const V2 = 'https://www.w3.org/ns/credentials/v2'
/** The SHA-256 VC Data Model 2.0 publishes for its base context (Appendix B.1). */
const V2_PUBLISHED_SHA256 = '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734'

describe('pinned digests of the standard contexts', () => {
  const published = readFileSync(new URL('w3c-credentials-v2.jsonld', contexts))

  it('the reference copy of the VC 2.0 context is the published one (its SHA-256 is the one the spec gives)', () => {
    expect(createHash('sha256').update(published).digest('hex')).toBe(V2_PUBLISHED_SHA256)
  })

  it('pins the SHA-256, SHA-384 and SHA-512 of exactly those bytes', () => {
    expect(PINNED_CONTEXT_DIGESTS[V2]).toEqual({
      'sha-256': createHash('sha256').update(published).digest('hex'),
      'sha-384': createHash('sha384').update(published).digest('hex'),
      'sha-512': createHash('sha512').update(published).digest('hex'),
    })
  })

  it('the bundled VC 2.0 context means what the published one says (same JSON, other bytes)', () => {
    expect(BUNDLED_CONTEXTS.get(V2)).toEqual(JSON.parse(published.toString('utf8')))
  })

  it('an SRI digest made from the published bytes matches; one of the bundled package\'s bytes does not', () => {
    const sri = (algorithm: string, bytes: Buffer) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`
    for (const algorithm of ['sha256', 'sha384', 'sha512']) expect(contextDigestVerdict(V2, { digestSRI: sri(algorithm, published) }), algorithm).toBe('match')
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(published.toString('utf8'))))
    expect(contextDigestVerdict(V2, { digestSRI: sri('sha384', reformatted) })).toBe('mismatch')
  })
})
