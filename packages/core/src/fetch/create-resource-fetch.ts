import { Ob3Error } from '../errors.js'

/** A local resource: bytes, text, or a function that produces them on demand (or nothing: HTTP 404). */
export type LocalResource = Uint8Array | string | (() => Promise<Uint8Array | string | undefined>)

/**
 * The property under which a fetch made by {@link createResourceFetch} says which URLs it serves
 * from local resources. A safe-fetch wrapper (the verifier's) lets those through unchecked: they
 * never reach the network, whatever their host.
 */
export const LOCAL_RESOURCES: unique symbol = Symbol.for('ob3.localResources')

/** What {@link LOCAL_RESOURCES} holds: whether a URL is answered from the local map. */
export interface LocalResourceIndex {
  has(url: string): boolean
}

/**
 * The local-resource index of a fetch made by {@link createResourceFetch}, or undefined for any
 * other fetch.
 * @example `localResourcesOf(createResourceFetch({ resources: { [url]: '{}' } }))?.has(url) // true`
 */
export function localResourcesOf(fetch: unknown): LocalResourceIndex | undefined {
  if (typeof fetch !== 'function') return undefined
  const index = (fetch as unknown as Record<symbol, unknown>)[LOCAL_RESOURCES]
  return typeof index === 'object' && index !== null && typeof (index as LocalResourceIndex).has === 'function' ? (index as LocalResourceIndex) : undefined
}

/** Options for {@link createResourceFetch}. */
export interface CreateResourceFetchOptions {
  /** URL → local resource. Looked up with and without the URL's fragment. */
  resources: ReadonlyMap<string, LocalResource> | Readonly<Record<string, LocalResource>>
  /** Where to go for URLs not in the map. Default: nowhere (they fail with `ERR_OB3_FETCH_FORBIDDEN`). */
  fallback?: typeof fetch
}

/**
 * A `fetch` that answers from a map of URLs to local resources, so that verification runs with
 * no network (`ob3 verify --resources map.json`). The function carries {@link LOCAL_RESOURCES},
 * so that a safe-fetch wrapper lets the mapped URLs through (and checks the others, which go to
 * `fallback`).
 *
 * @example
 * ```ts
 * const fetch = createResourceFetch({ resources: { 'https://example.org/status/3': listJson } })
 * await verifyCredential({ input, fetch })
 * ```
 */
export function createResourceFetch(options: CreateResourceFetchOptions): typeof fetch {
  const map = options.resources instanceof Map
    ? (options.resources as ReadonlyMap<string, LocalResource>)
    : new Map(Object.entries(options.resources))
  const fallback = options.fallback
  const resourceFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const entry = map.get(url) ?? map.get(url.split('#')[0] as string)
    if (entry !== undefined) {
      const value = typeof entry === 'function' ? await entry() : entry
      // A resource that is gone (a function giving nothing) answers as a web server would: 404.
      if (value === undefined) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
      const body = typeof value === 'string' ? value : (value as Uint8Array<ArrayBuffer>)
      return new Response(body, { status: 200, headers: { 'content-type': guessType(url, value) } })
    }
    if (fallback !== undefined) return fallback(input, init)
    throw new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${url} is not in the local resources and the network is not used`, { details: { url } })
  }
  const index: LocalResourceIndex = { has: (url) => map.has(url) || map.has(url.split('#')[0] as string) }
  Object.defineProperty(resourceFetch, LOCAL_RESOURCES, { value: index })
  return resourceFetch as typeof fetch
}

function guessType(url: string, value: Uint8Array | string): string {
  if (typeof value === 'string' && value.trimStart().startsWith('ey')) return 'text/plain'
  if (url.endsWith('.png')) return 'image/png'
  if (url.endsWith('.svg')) return 'image/svg+xml'
  return 'application/json'
}
