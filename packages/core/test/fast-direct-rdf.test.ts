import { describe, expect, it } from 'vitest'
import { runDifferential } from '../../../test/support/canonize-differential.js'
import { canonize, canonizeReference } from '../src/jsonld/canonize.js'
import { createDocumentLoader, defaultDocumentLoader } from '../src/jsonld/create-document-loader.js'
import { directRdf } from '../src/jsonld/direct-rdf.js'

// ob3 converts plain documents (bundled contexts, no value, list or graph objects) from JSON to
// RDF itself; every other document goes through jsonld.js. Either way the canonical N-Quads must
// equal unmodified jsonld.js's byte for byte. `pnpm bench` runs 10,000 more plain documents.

const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

function credential(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': [V2, OB],
    id: 'urn:uuid:1',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://academy.example', type: ['Profile'], name: 'Académie' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { type: ['AchievementSubject'], creditsEarned: 2.5, achievement: { id: 'https://academy.example/a', type: ['Achievement'], name: 'إنجاز', criteria: { narrative: 'x' } } },
    ...extra,
  }
}

describe('the direct JSON-to-RDF path', () => {
  it('agrees with unmodified jsonld.js on 400 plain documents, most of them converted directly', async () => {
    const result = await runDifferential(3, 400, 'plain')
    expect(result.differences).toEqual([])
    expect(result.documents).toBe(400)
    expect(result.direct).toBeGreaterThan(200)
    expect(result.identical).toBeGreaterThan(250)
  }, 300_000)

  it('converts an OB 3.0 credential itself, to the same N-Quads as jsonld.js', async () => {
    const doc = credential()
    const quads = await directRdf(doc, defaultDocumentLoader)
    const reference = await canonizeReference(doc)
    expect(quads?.length).toBe(14)
    expect(reference.split('\n').length - 1).toBe(14)
    expect(await canonize(doc)).toBe(reference)
  })

  it('leaves value objects, lists, @direction, nulls, relative IRIs and undefined terms to jsonld.js', async () => {
    const cases: Record<string, unknown>[] = [
      credential({ name: { '@value': 'x', '@language': 'en' } }),
      credential({ '@context': [V2, OB, { '@direction': 'rtl' }] }),
      credential({ '@context': [V2, OB, { steps: { '@id': 'https://ex.example/steps', '@container': '@list' } }], steps: ['a'] }),
      credential({ name: null }),
      credential({ id: 'relative/credential' }),
      credential({ undefinedTerm: 1 }),
      credential({ id: '_:b1' }),
    ]
    for (const doc of cases) {
      expect(await directRdf(doc, defaultDocumentLoader), JSON.stringify(doc)).toBeUndefined()
      const reference = await canonizeReference(doc).catch((e: { code?: string }) => `error ${e.code}`)
      expect(await canonize(doc).catch((e: { code?: string }) => `error ${e.code}`)).toBe(reference)
    }
  })

  it('keeps what a context URL that is not bundled means apart for each loader', async () => {
    const url = 'https://contexts.example/terms.jsonld'
    const loaderA = createDocumentLoader({ contexts: { [url]: { '@context': { note: 'https://a.example/note' } } } })
    const loaderB = createDocumentLoader({ contexts: { [url]: { '@context': { note: { '@id': 'https://b.example/note', '@type': '@id' } } } } })
    const doc = credential({ '@context': [V2, OB, url], note: 'https://academy.example/n' })
    const a = await canonize(doc, { documentLoader: loaderA })
    const b = await canonize(doc, { documentLoader: loaderB })
    expect(a).toBe(await canonizeReference(doc, { documentLoader: loaderA }))
    expect(b).toBe(await canonizeReference(doc, { documentLoader: loaderB }))
    expect(a).toContain('<https://a.example/note> "https://academy.example/n"')
    expect(b).toContain('<https://b.example/note> <https://academy.example/n>')
    // The default loader refuses the URL, as jsonld.js does.
    await expect(canonize(doc)).rejects.toMatchObject({ code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
  })

  it('keeps one of each repeated value and node as jsonld.js does', async () => {
    const doc = credential({
      '@context': [V2, OB, { raw: 'https://ex.example/raw', when: { '@id': 'https://ex.example/when', '@type': 'http://www.w3.org/2001/XMLSchema#boolean' } }],
      raw: [1, 1.0, '1', true, 'true', 1, -0, 0],
      when: [true, 'true'],
      type: ['VerifiableCredential', 'OpenBadgeCredential', 'VerifiableCredential'],
    })
    expect(await directRdf(doc, defaultDocumentLoader)).toBeDefined()
    const nquads = await canonize(doc)
    expect(nquads).toBe(await canonizeReference(doc))
    // 1 and 1.0 are one value; "1" and 1, "true" and true are not; 0 and -0 are one.
    expect(nquads.match(/<https:\/\/ex\.example\/raw>/g)?.length).toBe(5)
    expect(nquads.match(/<https:\/\/ex\.example\/when>/g)?.length).toBe(2)
  })

  it('merges a node described in two places, and two keys for one property, as jsonld.js does', async () => {
    const profile = { id: 'https://academy.example', type: ['Profile'], name: 'Académie', url: 'https://academy.example' }
    const doc = credential({
      '@context': [V2, OB, { homepage: { '@id': 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#url', '@type': '@id' } }],
      issuer: profile,
      credentialSubject: { type: ['AchievementSubject'], achievement: { id: 'https://academy.example/a', type: ['Achievement'], name: 'A', criteria: { narrative: 'x' }, creator: { ...profile, homepage: 'https://academy.example' } } },
    })
    expect(await directRdf(doc, defaultDocumentLoader)).toBeDefined()
    const nquads = await canonize(doc)
    expect(nquads).toBe(await canonizeReference(doc))
    expect(nquads.match(/<https:\/\/academy\.example> <https:\/\/schema\.org\/name> "Académie"/g)?.length).toBe(1)
  })
})
