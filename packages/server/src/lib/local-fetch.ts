/**
 * Internal: the fetch the service's verifier uses. What the service publishes itself — its
 * tenants' status lists and did:web documents — is answered in-process (whatever the scheme:
 * did:web always says https); everything else goes to the outside fetch, which the verifier
 * wraps in its safe fetch (https only, no private addresses).
 * @packageDocumentation
 */
import { LOCAL_RESOURCES, Ob3Error, type LocalResourceIndex } from '@ob3/core'

/** Options for {@link createLocalFetch}. */
export interface LocalFetchOptions {
  /** The service's public base URL (read at each call: it is known once the service listens). */
  baseUrl: () => string
  /** Answer a local path (`/status/…`, also a list's StatusList2021 form `/status/…/2021`, `/…/did.json`), or undefined when it is not one. */
  serve: (path: string, request: Request) => Promise<Response> | undefined
  /** Where every other URL goes; without it they are refused. */
  fallback: typeof fetch | undefined
}

const LOCAL_PATH = /^\/(status\/[^/]+\/[^/]+\/[^/]+(\/2021)?|[^/]+\/did\.json|\.well-known\/did\.json|did\.json)$/

/** A fetch that serves the service's own documents locally and marks them for the safe fetch. */
export function createLocalFetch(options: LocalFetchOptions): typeof fetch {
  // The base URL parsed once per value it takes (it is read at each call, but rarely changes).
  let parsed: { href: string; host: string; prefix: string } | undefined
  const parsedBase = (): { host: string; prefix: string } | undefined => {
    const href = options.baseUrl()
    if (parsed?.href !== href) {
      try {
        const base = new URL(href)
        parsed = { href, host: base.host, prefix: base.pathname.replace(/\/+$/, '') }
      } catch {
        return undefined
      }
    }
    return parsed
  }
  const localPath = (url: string): string | undefined => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return undefined
    }
    const base = parsedBase()
    if (base === undefined || target.host !== base.host || (target.protocol !== 'https:' && target.protocol !== 'http:')) return undefined
    const prefix = base.prefix
    if (!target.pathname.startsWith(`${prefix}/`)) return undefined
    const path = target.pathname.slice(prefix.length)
    return LOCAL_PATH.test(path) ? path : undefined
  }
  const localFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = localPath(url)
    if (path !== undefined) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined))
      const answer = options.serve(path, new Request(new URL(path, 'http://local.invalid').href, { headers }))
      if (answer !== undefined) return answer
    }
    if (options.fallback === undefined) throw new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${url} is not fetched: the service was started without network access for verification`, { details: { url } })
    return options.fallback(input, init)
  }
  const index: LocalResourceIndex = { has: (url) => localPath(url) !== undefined }
  Object.defineProperty(localFetch, LOCAL_RESOURCES, { value: index })
  return localFetch as typeof fetch
}
