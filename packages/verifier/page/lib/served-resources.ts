/**
 * Resources the page's own server hands out in place of the network (`ob3 page --resources`):
 * the server lists them in a JSON index (`{url: path}` on the same origin) named by the page's
 * `<meta name="ob3-resources">`. A fetch of a listed URL reads the server's copy; any other URL
 * goes to the network as before.
 * @packageDocumentation
 */

/**
 * A fetch that answers the URLs of the index at `indexPath` (read once, on first use) from the
 * page's server, and passes every other request to `fetch`. Without an index it is `fetch` itself.
 * @example `const pageFetch = servedResourceFetch(globalThis.fetch.bind(globalThis), '/resources.json')`
 */
export function servedResourceFetch(fetch: typeof globalThis.fetch, indexPath: string | null | undefined): typeof globalThis.fetch {
  if (indexPath === null || indexPath === undefined || indexPath === '') return fetch
  let index: Promise<Record<string, string>> | undefined
  const load = (): Promise<Record<string, string>> => {
    index ??= fetch(indexPath, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : {}))
      .catch(() => ({}))
    return index
  }
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const local = Object.hasOwn(await load(), href) ? (await load())[href] : undefined
    return local === undefined ? fetch(input, init) : fetch(local, { ...(init?.signal === undefined ? {} : { signal: init.signal }) })
  }) as typeof globalThis.fetch
}

/**
 * The URLs the index at `indexPath` lists (none without an index, or when it cannot be read).
 * The page hands them to `verify()` as `allowContexts`, so that a JSON-LD context the server
 * maps is accepted and read from the server's copy, as `ob3 verify --resources` does.
 * @example `const urls = await servedResourceUrls(globalThis.fetch.bind(globalThis), '/resources.json')`
 */
export async function servedResourceUrls(fetch: typeof globalThis.fetch, indexPath: string | null | undefined): Promise<string[]> {
  if (indexPath === null || indexPath === undefined || indexPath === '') return []
  try {
    const response = await fetch(indexPath, { headers: { accept: 'application/json' } })
    const index = response.ok ? ((await response.json()) as unknown) : {}
    return typeof index === 'object' && index !== null ? Object.keys(index).filter((url) => /^https?:\/\/\S+$/.test(url)) : []
  } catch {
    return []
  }
}
