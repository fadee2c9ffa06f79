import { Ob3Error } from '../errors.js'
import { BUNDLED_CONTEXTS } from './contexts.js'
import { markBundledLoader } from './context-resolver.js'

/** The result shape jsonld.js expects from a document loader. */
export interface RemoteDocument {
  contextUrl: string | null
  documentUrl: string
  document: unknown
}

/** A JSON-LD document loader. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>

/** Options for {@link createDocumentLoader}. */
export interface CreateDocumentLoaderOptions {
  /** More contexts to serve, by URL (e.g. a trusted application context). */
  contexts?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>
  /**
   * Fetch for contexts that are not bundled. Off by default: an unknown context URL is refused.
   * Only pass one when you trust whatever it returns to define the meaning of what is signed.
   */
  fetch?: typeof fetch
}

/**
 * A document loader that serves the bundled, versioned contexts and refuses every other URL
 * with `ERR_OB3_CONTEXT_NOT_ALLOWED`, without touching the network (fails closed).
 *
 * @example
 * ```ts
 * const documentLoader = createDocumentLoader()
 * await documentLoader('https://www.w3.org/ns/credentials/v2') // served from the bundle
 * ```
 */
export function createDocumentLoader(options: CreateDocumentLoaderOptions = {}): DocumentLoader {
  const extra = options.contexts === undefined
    ? undefined
    : options.contexts instanceof Map
      ? (options.contexts as ReadonlyMap<string, unknown>)
      : new Map(Object.entries(options.contexts))
  const remote = options.fetch
  const loader: DocumentLoader = async (url: string) => {
    if (typeof url !== 'string') throw new Ob3Error('ERR_OB3_CONTEXT_NOT_ALLOWED', 'a context URL must be a string')
    const document = BUNDLED_CONTEXTS.get(url) ?? extra?.get(url)
    if (document !== undefined) return { contextUrl: null, documentUrl: url, document }
    if (remote !== undefined) return { contextUrl: null, documentUrl: url, document: await fetchContext(remote, url) }
    throw new Ob3Error('ERR_OB3_CONTEXT_NOT_ALLOWED', `context ${url} is not bundled with ob3 and remote contexts are not allowed`, {
      details: { url },
    })
  }
  markBundledLoader(loader)
  return loader
}

async function fetchContext(remote: typeof fetch, url: string): Promise<unknown> {
  let response: Response
  try {
    response = await remote(url, { headers: { accept: 'application/ld+json, application/json' } })
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_FETCH_FAILED', `could not fetch context ${url}`, { cause, details: { url } })
  }
  if (!response.ok) throw new Ob3Error('ERR_OB3_FETCH_FAILED', `context ${url} answered HTTP ${response.status}`, { details: { url } })
  try {
    return JSON.parse(await response.text()) as unknown
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_CONTEXT_INVALID', `context ${url} is not JSON`, { cause, details: { url } })
  }
}

/** The default loader: bundled contexts only. */
export const defaultDocumentLoader: DocumentLoader = createDocumentLoader()
