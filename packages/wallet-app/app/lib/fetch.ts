/**
 * The app's fetch for what verification reads (status lists, DID documents) and for share links:
 * the origin that serves the app (the ob3 service, with its status lists and shares) as it is —
 * `http:` included, for a service on this machine — and anything else through the verifier's safe
 * fetch: `https:` only, no private addresses.
 * @packageDocumentation
 */
import { createSafeFetch } from '@ob3/verifier'

/** Whether `href` is on `origin`. */
export function sameOrigin(href: string, origin: string): boolean {
  try {
    return new URL(href).origin === origin
  } catch {
    return false
  }
}

/**
 * A fetch that reads `origin` directly and everything else through the safe fetch. It is marked
 * safe, so `verify()` does not wrap it again (which would refuse the service's own `http:` address).
 */
export function originFetch(origin: string, base: typeof fetch = globalThis.fetch.bind(globalThis)): typeof fetch {
  const safe = createSafeFetch({ fetch: base })
  const f = ((input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return sameOrigin(href, origin) ? base(input, init) : safe(input, init)
  }) as typeof fetch
  Object.defineProperty(f, Symbol.for('ob3.safeFetch'), { value: true })
  return f
}
