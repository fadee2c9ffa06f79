// Runs generated documents through ob3's canonize and through unmodified jsonld.js, and counts.
import { canonize, canonizeReference } from '../../packages/core/src/jsonld/canonize.js'
import { defaultDocumentLoader } from '../../packages/core/src/jsonld/create-document-loader.js'
import { directRdf } from '../../packages/core/src/jsonld/direct-rdf.js'
import { featuresOf, generateDocuments, generatePlainDocuments } from './jsonld-documents.js'

/** The result of one differential run. */
export interface DifferentialResult {
  documents: number
  /** Documents both canonicalized to the same N-Quads. */
  identical: number
  /** Documents both refused with the same error code. */
  bothRefused: number
  /** Documents whose outcome differs: the document and the two outcomes, the first few. */
  differences: { index: number; document: unknown; ob3: Outcome; reference: Outcome }[]
  differenceCount: number
  /** Documents ob3 converted to RDF itself (the rest went through jsonld.js). */
  direct: number
  /** How many canonicalized documents use each feature. */
  features: Record<string, number>
}

/** What canonicalizing a document gave: the N-Quads or the error code. */
export type Outcome = { nquads: string } | { code: string }

async function outcome(p: Promise<string>): Promise<Outcome> {
  try {
    return { nquads: await p }
  } catch (err) {
    return { code: String((err as { code?: unknown }).code) }
  }
}

/**
 * Compare `count` documents generated from `seed`, byte for byte: of every kind (`all`), or the
 * plain kind that ob3 converts to RDF itself (`plain`).
 */
export async function runDifferential(seed: number, count: number, kind: 'all' | 'plain' = 'all'): Promise<DifferentialResult> {
  const result: DifferentialResult = { documents: 0, identical: 0, bothRefused: 0, differences: [], differenceCount: 0, direct: 0, features: {} }
  let index = 0
  for (const document of (kind === 'plain' ? generatePlainDocuments : generateDocuments)(seed, count)) {
    if ((await directRdf(document, defaultDocumentLoader)) !== undefined) result.direct++
    const ob3 = await outcome(canonize(document))
    const reference = await outcome(canonizeReference(document))
    result.documents++
    if ('nquads' in ob3 && 'nquads' in reference && ob3.nquads === reference.nquads) {
      result.identical++
      for (const f of featuresOf(document)) result.features[f] = (result.features[f] ?? 0) + 1
    } else if ('code' in ob3 && 'code' in reference && ob3.code === reference.code) {
      result.bothRefused++
    } else {
      result.differenceCount++
      if (result.differences.length < 3) result.differences.push({ index, document, ob3, reference })
    }
    index++
  }
  return result
}
