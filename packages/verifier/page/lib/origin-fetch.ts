/**
 * The page's fetch for what verification reads: the origin that serves the page — the ob3
 * service, whose own status lists, DID documents and shares may be on `http://127.0.0.1` when it
 * runs on a teacher's or a district's machine — is read as it is; everything else goes through
 * the verifier's safe fetch (https only, no private addresses, unless the server opted in).
 * @packageDocumentation
 */
import { createSafeFetch } from '../../src/index.js'
import { markSafeFetch } from '../../src/safe-fetch.js'

/**
 * Wrap the page's fetch: same-origin requests as they are, others through the safe fetch. The
 * result is marked safe, so `verify()` does not wrap it again.
 */
export function pageOriginFetch(fetch: typeof globalThis.fetch, pageOrigin: string, allowPrivateNetwork: boolean): typeof globalThis.fetch {
  const safe = createSafeFetch({ fetch, allowPrivate: allowPrivateNetwork })
  const wrapped = ((input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    let same = false
    try {
      same = new URL(href).origin === pageOrigin
    } catch {
      // not an absolute URL: the safe fetch says so
    }
    return same ? fetch(input, init) : safe(input, init)
  }) as typeof globalThis.fetch
  markSafeFetch(wrapped)
  return wrapped
}
