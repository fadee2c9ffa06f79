import jsonld from 'jsonld'
import rdfCanonize from 'rdf-canonize'
import { Ob3Error, isOb3Error } from '../errors.js'
import { defaultDocumentLoader, type DocumentLoader } from './create-document-loader.js'
import { PROCESSING_MODE, installFastContexts } from './fast-contexts.js'
import { CachingContextResolver, isBundledLoader } from './context-resolver.js'
import { directRdf } from './direct-rdf.js'
import { canonizeUniqueBlankNodes } from './rdfc-unique.js'

/** Options for {@link canonize}. */
export interface CanonizeOptions {
  /** Where contexts come from. Default: the bundled, offline loader. */
  documentLoader?: DocumentLoader
}

/**
 * Canonical N-Quads (RDFC-1.0) of a JSON-LD document, in JSON-LD safe mode: a term the contexts
 * do not define, or a relative `@type`, is an error (`ERR_OB3_JSONLD_SAFE_MODE`) rather than
 * silently left out of what is signed.
 *
 * @example `const nquads = await canonize(credentialWithoutProof)`
 */
export async function canonize(document: object, options: CanonizeOptions = {}): Promise<string> {
  const documentLoader = options.documentLoader ?? defaultDocumentLoader
  if (isBundledLoader(documentLoader)) {
    // The plain documents (every credential ob3 issues) go straight from JSON to quads; the
    // rest, and every error, through jsonld.js.
    const quads = await directRdf(document, documentLoader)
    if (quads !== undefined) {
      const unique = canonizeUniqueBlankNodes(quads)
      if (unique !== undefined) return unique
      try {
        return await rdfCanonize.canonize(quads, { algorithm: 'RDFC-1.0' })
      } catch (err) {
        throw toOb3Error(err)
      }
    }
  }
  await installFastContexts()
  return canonizeWith(document, options, PROCESSING_MODE)
}

/**
 * Canonicalize with jsonld.js exactly as published (no shared term definitions). For tests that
 * prove {@link canonize} gives the same output.
 * @internal
 */
export async function canonizeReference(document: object, options: CanonizeOptions = {}): Promise<string> {
  return canonizeWith(document, options, undefined)
}

async function canonizeWith(document: object, options: CanonizeOptions, processingMode: string | undefined): Promise<string> {
  try {
    return (await jsonld.canonize(document, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      documentLoader: options.documentLoader ?? defaultDocumentLoader,
      safe: true,
      base: null,
      // Text direction (`@direction`, VC 2.0 language value objects) becomes i18n datatypes, as
      // the Data Integrity cryptosuites canonicalize it; without it safe mode refuses the value.
      rdfDirection: 'i18n-datatype',
      ...(processingMode === undefined ? {} : { processingMode, contextResolver: new CachingContextResolver() }),
    })) as string
  } catch (err) {
    throw toOb3Error(err)
  }
}

/** Map a jsonld.js error to a coded error, keeping the loader's own coded error when there is one. */
export function toOb3Error(err: unknown): Ob3Error {
  const inner = findOb3Error(err, 0)
  if (inner !== undefined) return inner
  const e = err as { name?: string; message?: string; details?: { event?: { code?: string; details?: Record<string, unknown> } } }
  if (e?.name === 'jsonld.ValidationError') {
    const event = e.details?.event
    const detail = event?.details ?? {}
    const what = typeof detail.property === 'string' ? `property "${detail.property}"`
      : typeof detail.type === 'string' ? `type "${detail.type}"`
        : typeof detail.term === 'string' ? `term "${detail.term}"` : 'a value'
    return new Ob3Error('ERR_OB3_JSONLD_SAFE_MODE', `JSON-LD safe mode: ${what} is not defined by the credential's contexts (${event?.code ?? 'invalid'})`, {
      cause: err,
      details: { event: event?.code, ...detail },
    })
  }
  return new Ob3Error('ERR_OB3_JSONLD_INVALID', `JSON-LD processing failed: ${e?.message ?? String(err)}`, { cause: err })
}

function findOb3Error(err: unknown, depth: number): Ob3Error | undefined {
  if (depth > 6 || typeof err !== 'object' || err === null) return undefined
  if (isOb3Error(err)) return err
  const e = err as { cause?: unknown; details?: { cause?: unknown } }
  return findOb3Error(e.details?.cause, depth + 1) ?? findOb3Error(e.cause, depth + 1)
}
