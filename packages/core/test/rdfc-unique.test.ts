import rdfCanonize from 'rdf-canonize'
import { describe, expect, it } from 'vitest'
import { canonize, canonizeReference } from '../src/jsonld/canonize.js'
import { defaultDocumentLoader } from '../src/jsonld/create-document-loader.js'
import { directRdf, type Quad } from '../src/jsonld/direct-rdf.js'
import { canonizeUniqueBlankNodes } from '../src/jsonld/rdfc-unique.js'

// When every blank node's first-degree hash is unique, ob3 labels the blank nodes itself; the
// output must be rdf-canonize's byte for byte, and any other dataset is left to rdf-canonize.

const V2 = 'https://www.w3.org/ns/credentials/v2'
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

const bnode = (value: string) => ({ termType: 'BlankNode', value }) as const
const iri = (value: string) => ({ termType: 'NamedNode', value }) as const
const text = (value: string) => ({ termType: 'Literal', value, datatype: iri('http://www.w3.org/2001/XMLSchema#string') }) as const
const DEFAULT = { termType: 'DefaultGraph', value: '' } as const
const quad = (subject: Quad['subject'], predicate: string, object: Quad['object'], graph: Quad['graph'] = DEFAULT): Quad => ({ subject, predicate: iri(predicate), object, graph })

const reference = (quads: Quad[]) => rdfCanonize.canonize(quads, { algorithm: 'RDFC-1.0' }) as Promise<string>

/** An OpenBadgeCredential whose subject has the given achievement name, criteria and results. */
function credential(id: string, name: string, narrative: string, results: string[]): Record<string, unknown> {
  return {
    '@context': [V2, OB],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'https://academy.example', type: ['Profile'], name: 'Académie' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: { id: 'https://academy.example/a', type: ['Achievement'], name, criteria: { narrative } },
      result: results.map((value) => ({ type: ['Result'], value })),
    },
  }
}

describe('canonical labels from unique first-degree hashes', () => {
  it('labels an OB 3.0 credential\'s blank nodes exactly as rdf-canonize does', async () => {
    const doc = credential('urn:uuid:1', 'Positions', 'Teach — \u{1F4DA} "quoted"\nline', ['Proficient', 'Exemplary'])
    const quads = await directRdf(doc, defaultDocumentLoader) as Quad[]
    const ours = canonizeUniqueBlankNodes(quads)
    expect(ours).toBeDefined()
    expect(ours).toBe(await reference(quads))
    expect(ours).toBe(await canonizeReference(doc))
    // Four blank nodes: the subject, the criteria and the two results.
    expect(new Set(ours?.match(/_:c14n\d+/g)).size).toBe(4)
  })

  it('gives the same N-Quads as rdf-canonize for blank nodes in every position, a named graph and a blank-node graph', async () => {
    const quads = [
      quad(bnode('b0'), 'https://ex.org/p', bnode('b1')),
      quad(bnode('b1'), 'https://ex.org/q', text('one')),
      quad(bnode('b1'), 'https://ex.org/self', bnode('b1')),
      quad(bnode('b2'), 'https://ex.org/q', text('two'), iri('https://ex.org/g')),
      quad(bnode('b3'), 'https://ex.org/r', iri('https://ex.org/x'), bnode('b4')),
      quad(iri('https://ex.org/s'), 'https://ex.org/q', text('é ü \u0007 \\ "'), bnode('b4')),
    ]
    const ours = canonizeUniqueBlankNodes(quads)
    expect(ours).toBeDefined()
    expect(ours).toBe(await reference(quads))
  })

  it('counts a quad once for a blank node that is both its subject and its object, as rdf-canonize does', async () => {
    // Whether the self-loop's node sorts before the other depends on its hash: over twenty
    // values of the other node, counting the quad twice would reorder some of them.
    const outputs = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const quads = [quad(bnode('b0'), 'https://ex.org/self', bnode('b0')), quad(bnode('b1'), 'https://ex.org/q', text(`value ${i}`))]
      const ours = canonizeUniqueBlankNodes(quads)
      expect(ours).toBe(await reference(quads))
      outputs.add(/(_:c14n\d) <https:\/\/ex\.org\/self>/.exec(ours as string)?.[1] as string)
    }
    // Both orders occur: the self-loop node is c14n0 in some and c14n1 in others.
    expect([...outputs].sort()).toEqual(['_:c14n0', '_:c14n1'])
  })

  it('leaves to rdf-canonize blank nodes whose first-degree hashes are the same, and canonize still agrees with jsonld.js', async () => {
    // Two results with the same value: their first-degree quads are the same, so their hashes are.
    const twins = [
      quad(bnode('b0'), 'https://ex.org/result', bnode('b1')),
      quad(bnode('b0'), 'https://ex.org/result', bnode('b2')),
      quad(bnode('b1'), 'https://ex.org/value', text('same')),
      quad(bnode('b2'), 'https://ex.org/value', text('same')),
    ]
    expect(canonizeUniqueBlankNodes(twins)).toBeUndefined()
    const doc = credential('urn:uuid:2', 'A', 'x', ['Same', 'Same'])
    const quads = await directRdf(doc, defaultDocumentLoader) as Quad[]
    expect(canonizeUniqueBlankNodes(quads)).toBeUndefined()
    const nquads = await canonize(doc)
    expect(nquads).toBe(await canonizeReference(doc))
    expect(new Set(nquads.match(/_:c14n\d+/g)).size).toBe(4)
  })

  it('leaves to rdf-canonize a dataset whose labels already have the canonical prefix', async () => {
    const quads = [quad(bnode('c14n7'), 'https://ex.org/q', text('one')), quad(bnode('b1'), 'https://ex.org/q', text('two'))]
    expect(canonizeUniqueBlankNodes(quads)).toBeUndefined()
    // rdf-canonize keeps such a label as it is.
    expect(await reference(quads)).toContain('_:c14n7')
  })

  it('writes a dataset with no blank node as rdf-canonize does, sorted', async () => {
    const quads = [quad(iri('https://ex.org/b'), 'https://ex.org/q', text('2')), quad(iri('https://ex.org/a'), 'https://ex.org/q', text('1'))]
    expect(canonizeUniqueBlankNodes(quads)).toBe(await reference(quads))
    expect(canonizeUniqueBlankNodes([])).toBe('')
  })
})
