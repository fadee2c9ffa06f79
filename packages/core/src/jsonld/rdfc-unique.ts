import rdfCanonize from 'rdf-canonize'
import { sha256HexOfStringsSync } from '../encoding/bytes.js'
import type { Quad, Term } from './direct-rdf.js'

/** rdf-canonize's own N-Quads serialization of one quad, so that every byte is as it writes it. */
const serialize = (rdfCanonize as unknown as { NQuads: { serializeQuadComponents(s: Term, p: Term, o: Term, g: Term): string } }).NQuads.serializeQuadComponents

const A: Term = { termType: 'BlankNode', value: 'a' }
const Z: Term = { termType: 'BlankNode', value: 'z' }

/**
 * RDFC-1.0 canonical N-Quads of `quads`, synchronously, when every blank node's first-degree hash
 * is unique (as in every credential whose blank nodes each have their own properties): then the
 * canonical labels follow from sorting those hashes alone, and the N-degree step never runs.
 * Undefined when that does not hold, outside Node (no synchronous SHA-256), or when a label
 * already has the canonical prefix: rdf-canonize then does the whole work. The quads are
 * serialized by rdf-canonize's own serializer and sorted as it sorts them (UTF-16 code units).
 * Internal.
 */
export function canonizeUniqueBlankNodes(quads: readonly Quad[]): string | undefined {
  // The quads each blank node occurs in (once per quad, whatever the positions).
  const byNode = new Map<string, Quad[]>()
  const note = (term: Term, quad: Quad) => {
    if (term.termType !== 'BlankNode') return true
    if (term.value.startsWith('c14n')) return false
    const list = byNode.get(term.value)
    if (list === undefined) byNode.set(term.value, [quad])
    else if (list[list.length - 1] !== quad) list.push(quad)
    return true
  }
  for (const quad of quads) {
    if (!note(quad.subject, quad) || !note(quad.object, quad) || !note(quad.graph, quad)) return undefined
  }
  // Hash First Degree Quads for each: its quads with itself as _:a and every other blank node as _:z.
  const byHash = new Map<string, string>()
  for (const [id, list] of byNode) {
    const mark = (t: Term) => (t.termType === 'BlankNode' ? (t.value === id ? A : Z) : t)
    const lines = list.map((q) => serialize(mark(q.subject), q.predicate, mark(q.object), mark(q.graph)))
    lines.sort()
    const hash = sha256HexOfStringsSync(lines)
    if (hash === undefined || byHash.has(hash)) return undefined
    byHash.set(hash, id)
  }
  // Canonical labels in the order of the sorted hashes.
  const canonical = new Map<string, Term>()
  for (const hash of [...byHash.keys()].sort()) canonical.set(byHash.get(hash) as string, { termType: 'BlankNode', value: `c14n${canonical.size}` })
  const relabel = (t: Term) => (t.termType === 'BlankNode' ? canonical.get(t.value) as Term : t)
  const out = quads.map((q) => serialize(relabel(q.subject), q.predicate, relabel(q.object), relabel(q.graph)))
  out.sort()
  return out.join('')
}
