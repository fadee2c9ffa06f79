import { Ob3Error, isOb3Error } from '../errors.js'
import { fetchLimited } from '../fetch/read-limited.js'
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
  /**
   * Which URLs that are not bundled `fetch` may load (those a resources map serves, an explicit
   * allow-list); any other is refused with `ERR_OB3_CONTEXT_NOT_ALLOWED`. Default: every URL.
   */
  allowRemote?: (url: string) => boolean
}

/** Largest context document fetched, in bytes. */
const MAX_CONTEXT_BYTES = 256 * 1024

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
  const allowRemote = options.allowRemote ?? (() => true)
  // A fetched context is read once per loader: canonicalizing asks for it again and again.
  const fetched = new Map<string, Promise<unknown>>()
  const loader: DocumentLoader = async (url: string) => {
    if (typeof url !== 'string') throw new Ob3Error('ERR_OB3_CONTEXT_NOT_ALLOWED', 'a context URL must be a string')
    const document = BUNDLED_CONTEXTS.get(url) ?? extra?.get(url)
    if (document !== undefined) return { contextUrl: null, documentUrl: url, document }
    if (remote !== undefined && allowRemote(url)) {
      let pending = fetched.get(url)
      if (pending === undefined) {
        pending = fetchContext(remote, url)
        fetched.set(url, pending)
        pending.catch(() => fetched.delete(url))
      }
      return { contextUrl: null, documentUrl: url, document: await pending }
    }
    throw new Ob3Error('ERR_OB3_CONTEXT_NOT_ALLOWED', `context ${url} is not bundled with ob3 and remote contexts are not allowed`, {
      details: { url },
    })
  }
  markBundledLoader(loader)
  return loader
}

async function fetchContext(remote: typeof fetch, url: string): Promise<unknown> {
  let body: Uint8Array
  try {
    ;({ body } = await fetchLimited(url, { fetch: remote, maxBytes: MAX_CONTEXT_BYTES, accept: 'application/ld+json, application/json', what: 'context' }))
  } catch (cause) {
    if (isOb3Error(cause)) throw cause
    throw new Ob3Error('ERR_OB3_FETCH_FAILED', `could not fetch context ${url}`, { cause, details: { url } })
  }
  let document: unknown
  try {
    document = JSON.parse(new TextDecoder().decode(body)) as unknown
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_CONTEXT_INVALID', `context ${url} is not JSON`, { cause, details: { url } })
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !('@context' in document)) {
    throw new Ob3Error('ERR_OB3_CONTEXT_INVALID', `${url} is not a JSON-LD context (no @context)`, { details: { url } })
  }
  return document
}

/** The default loader: bundled contexts only. */
export const defaultDocumentLoader: DocumentLoader = createDocumentLoader()
