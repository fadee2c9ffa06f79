import { Ob3Error } from '../errors.js'
import { readStreamBounded } from '../encoding/streams.js'
import { LOCAL_RESOURCES, localResourcesOf } from './create-resource-fetch.js'

/** Options for {@link createResponseCache}. */
export interface CreateResponseCacheOptions {
  /**
   * The longest an answer is kept, in milliseconds, whatever its headers allow (and the lifetime
   * of an answer without cache headers). Default {@link DEFAULT_CACHE_MAX_AGE_MS}; 0 keeps nothing.
   */
  maxAgeMs?: number
  /** The clock, in milliseconds since 1970. Default `Date.now`. */
  now?: () => number
  /** Most answers kept; the oldest go first. Default 1,000. */
  maxEntries?: number
  /** Most body bytes kept in all; the oldest answers go first. Default 64 MiB. */
  maxTotalBytes?: number
}

/** A store of fetched answers, each kept for its lifetime; see {@link createResponseCache}. */
export interface ResponseCache {
  /** A fetch that answers from this cache and asks `fetch` for what it does not hold (or holds no longer). */
  wrap(fetch: typeof globalThis.fetch): typeof globalThis.fetch
  /** How many answers are held now (expired ones included until they are next asked for). */
  readonly size: number
  /** Forget every answer. */
  clear(): void
}

/** How long an answer is kept at most, unless configured: 5 minutes. */
export const DEFAULT_CACHE_MAX_AGE_MS = 5 * 60_000
/** Largest body held (every ob3 reader asks for less; more is `ERR_OB3_INPUT_TOO_LARGE`). */
const MAX_BODY_BYTES = 4 * 1024 * 1024
/** A request several callers wait for is given up after this long, whoever waits. */
const SHARED_REQUEST_TIMEOUT_MS = 10_000

interface Answer {
  status: number
  statusText: string
  headers: [string, string][]
  body: Uint8Array
}

interface InFlight {
  promise: Promise<Answer>
  waiters: number
  controller: AbortController
}

/**
 * A cache of fetched documents (DID documents, controller documents, status lists) by URL, each
 * kept as long as its `Cache-Control` allows (`max-age`, less `Age`; or `Expires`) and never
 * longer than `maxAgeMs` (default 5 minutes). `no-store` and `no-cache` answers are not kept,
 * nor anything but a successful `GET` with no header other than `Accept` (which is part of the
 * key). Callers asking for the same URL at the same time share one request; each keeps its own
 * `signal`, and the request is cancelled when every caller has given up. URLs a
 * `createResourceFetch` map serves (no network) are passed through, never kept.
 *
 * @example
 * ```ts
 * const cache = createResponseCache({ maxAgeMs: 60_000 })
 * const fetch = cache.wrap(globalThis.fetch) // share `cache` between verifications
 * ```
 */
export function createResponseCache(options: CreateResponseCacheOptions = {}): ResponseCache {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_CACHE_MAX_AGE_MS
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) throw new TypeError('createResponseCache: maxAgeMs must be a number of milliseconds, 0 or more')
  const now = options.now ?? Date.now
  if (typeof now !== 'function') throw new TypeError('createResponseCache: now must be a function')
  const maxEntries = options.maxEntries ?? 1000
  const maxTotalBytes = options.maxTotalBytes ?? 64 * 1024 * 1024
  const entries = new Map<string, { answer: Answer; expiresAt: number }>()
  const inFlight = new Map<string, InFlight>()
  let totalBytes = 0

  const drop = (key: string) => {
    const entry = entries.get(key)
    if (entry === undefined) return
    totalBytes -= entry.answer.body.length
    entries.delete(key)
  }
  const keep = (key: string, answer: Answer) => {
    if (answer.status < 200 || answer.status > 299) return
    const lifetime = lifetimeMs(new Headers(answer.headers), maxAgeMs, now())
    if (lifetime <= 0 || answer.body.length > maxTotalBytes) return
    drop(key)
    entries.set(key, { answer, expiresAt: now() + lifetime })
    totalBytes += answer.body.length
    while (entries.size > maxEntries || totalBytes > maxTotalBytes) drop(entries.keys().next().value as string)
  }

  /** Join (or start) the one request for `key`, leaving it when `signal` aborts. */
  const join = (key: string, start: (signal: AbortSignal) => Promise<Response>, signal: AbortSignal | null | undefined): Promise<Answer> => {
    let flight = inFlight.get(key)
    if (flight === undefined) {
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(new Ob3Error('ERR_OB3_FETCH_FAILED', `no answer within ${SHARED_REQUEST_TIMEOUT_MS / 1000} s`)), SHARED_REQUEST_TIMEOUT_MS)
      const promise = (async () => {
        try {
          const answer = await readAnswer(await start(controller.signal))
          keep(key, answer)
          return answer
        } finally {
          clearTimeout(timer)
          inFlight.delete(key)
        }
      })()
      promise.catch(() => undefined)
      flight = { promise, waiters: 0, controller }
      inFlight.set(key, flight)
    }
    const joined = flight
    joined.waiters++
    if (signal === undefined || signal === null) return joined.promise
    return new Promise<Answer>((resolve, reject) => {
      const leave = () => {
        joined.waiters--
        if (joined.waiters === 0) joined.controller.abort(signal.reason)
        reject(signal.reason ?? new DOMException('aborted', 'AbortError'))
      }
      if (signal.aborted) return leave()
      signal.addEventListener('abort', leave, { once: true })
      joined.promise.then(
        (answer) => { signal.removeEventListener('abort', leave); resolve(answer) },
        (err: unknown) => { signal.removeEventListener('abort', leave); reject(err) },
      )
    })
  }

  return {
    wrap(inner) {
      if (typeof inner !== 'function') throw new TypeError('ResponseCache.wrap: fetch must be a fetch function')
      const local = localResourcesOf(inner)
      const cached = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const key = cacheKey(input, init)
        if (key === undefined || local?.has(key.url) === true) return inner(input, init)
        const hit = entries.get(key.key)
        if (hit !== undefined) {
          if (hit.expiresAt > now()) return toResponse(hit.answer)
          drop(key.key)
        }
        const answer = await join(key.key, (signal) => inner(key.url, { ...init, signal }), init?.signal)
        return toResponse(answer)
      }
      if (local !== undefined) Object.defineProperty(cached, LOCAL_RESOURCES, { value: local })
      return cached as typeof globalThis.fetch
    },
    get size() {
      return entries.size
    },
    clear() {
      entries.clear()
      totalBytes = 0
    },
  }
}

/** The cache key of a plain GET (URL without fragment, and the Accept header), or undefined when it is not kept. */
function cacheKey(input: string | URL | Request, init: RequestInit | undefined): { key: string; url: string } | undefined {
  if (typeof input !== 'string' && !(input instanceof URL)) return undefined
  if ((init?.method ?? 'GET').toUpperCase() !== 'GET' || (init?.body !== undefined && init.body !== null)) return undefined
  const headers = new Headers(init?.headers)
  let other = false
  headers.forEach((_, name) => { if (name !== 'accept') other = true })
  if (other) return undefined
  const url = (typeof input === 'string' ? input : input.href).split('#')[0] as string
  return { key: `${headers.get('accept') ?? ''}\n${url}`, url }
}

/**
 * How long an answer may be kept, in milliseconds: `no-store`/`no-cache` → 0; `max-age` (less
 * `Age`); else `Expires` − `Date`; else `maxAgeMs`; never more than `maxAgeMs`.
 */
function lifetimeMs(headers: Headers, maxAgeMs: number, nowMs: number): number {
  const directives = new Map<string, string>()
  for (const part of (headers.get('cache-control') ?? '').toLowerCase().split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim())
    if (name !== '') directives.set(name, value.replace(/^"|"$/g, ''))
  }
  if (directives.has('no-store') || directives.has('no-cache')) return 0
  let lifetime = maxAgeMs
  const maxAge = directives.get('max-age')
  if (maxAge !== undefined) {
    lifetime = Math.min(lifetime, /^\d+$/.test(maxAge) ? Number(maxAge) * 1000 : 0)
  } else if (headers.has('expires')) {
    const expires = Date.parse(headers.get('expires') as string)
    const date = Date.parse(headers.get('date') ?? '')
    lifetime = Number.isNaN(expires) ? 0 : Math.min(lifetime, expires - (Number.isNaN(date) ? nowMs : date))
  }
  const age = Number(headers.get('age') ?? 0)
  if (Number.isFinite(age) && age > 0) lifetime -= age * 1000
  return Math.max(0, lifetime)
}

async function readAnswer(response: Response): Promise<Answer> {
  // A browser's answer to redirect: 'manual' is opaque (status 0): its target cannot be read or checked.
  if (response.type === 'opaqueredirect' || response.status === 0) {
    throw new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${response.url || 'the URL'} redirects to a place that cannot be checked here`)
  }
  const headers: [string, string][] = []
  response.headers.forEach((value, name) => headers.push([name, value]))
  const tooLarge = () => new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${response.url || 'the answer'} is larger than ${MAX_BODY_BYTES} bytes`, { details: { limit: MAX_BODY_BYTES } })
  if (Number(response.headers.get('content-length') ?? NaN) > MAX_BODY_BYTES) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  const body = response.body === null ? new Uint8Array(0) : await readStreamBounded(response.body, MAX_BODY_BYTES, tooLarge)
  return { status: response.status, statusText: response.statusText, headers, body }
}

function toResponse(answer: Answer): Response {
  const empty = answer.status === 204 || answer.status === 205 || answer.status === 304
  return new Response(empty ? null : answer.body.slice(), { status: answer.status, statusText: answer.statusText, headers: answer.headers })
}
