import { Ob3Error, localResourcesOf } from '@ob3/core'

/** Options for {@link createSafeFetch}. */
export interface CreateSafeFetchOptions {
  /** The fetch that does the work (the global one, a test double). */
  fetch: typeof fetch
  /**
   * Allow `http:`, loopback, private and link-local addresses and `localhost` names (a local
   * test server, an intranet issuer). Default false.
   */
  allowPrivate?: boolean
  /** Keep successful answers in memory, by URL, for the life of this fetch (DID documents, status lists). */
  cache?: true
}

/** Most redirects followed before giving up. */
export const MAX_REDIRECTS = 5
/** Largest body the `cache` option reads (more is `ERR_OB3_INPUT_TOO_LARGE`; every ob3 reader asks for less). */
const MAX_CACHED_BYTES = 4 * 1024 * 1024
/** Most answers kept by the `cache` option; the oldest goes first. */
const MAX_CACHED_ENTRIES = 256

const SAFE_FETCH: unique symbol = Symbol.for('ob3.safeFetch')

/**
 * A fetch for what a credential points at (DID documents, verification methods, status lists):
 * only `https:`, and never a loopback, private, link-local or otherwise special address written
 * as a literal (`127.0.0.1`, `[::1]`, `10.0.0.1`, `169.254.169.254`, `[fd00::1]`, …), nor
 * `localhost`, `*.localhost`, `*.local`, `*.internal` or a single-label host name — unless
 * `allowPrivate` is set (`ERR_OB3_FETCH_FORBIDDEN`). Redirects are followed by hand, at most
 * {@link MAX_REDIRECTS}, each target checked the same way. URLs a {@link createResourceFetch}
 * map serves go through unchecked: they never reach the network. Time-outs and size limits stay
 * with `fetchLimited`, which every reader in ob3 uses.
 *
 * Limits: a host *name* that resolves to a private address cannot be caught here — a browser
 * offers no DNS lookup, and resolving first and connecting later is open to DNS rebinding. In
 * Node, wrap `createDnsCheckedFetch()` of `@ob3/verifier/node` (it checks every answer and
 * connects to the address it checked; `ob3 verify` and the ob3 service do). In a browser, a
 * redirect arrives as an opaque answer whose target cannot be read: it is refused.
 *
 * @example
 * ```ts
 * const fetch = createSafeFetch({ fetch: globalThis.fetch })
 * await verify({ input, fetch }) // verify() wraps a plain fetch this way itself
 * ```
 */
export function createSafeFetch(options: CreateSafeFetchOptions): typeof fetch {
  if (typeof options?.fetch !== 'function') throw new TypeError('createSafeFetch: options.fetch must be a fetch function')
  const inner = options.fetch
  const allowPrivate = options.allowPrivate === true
  const local = localResourcesOf(inner)
  const cache = options.cache === true ? new Map<string, Promise<CachedAnswer>>() : undefined

  const go = async (url: string, init: RequestInit | undefined): Promise<Response> => {
    let current = url
    for (let hop = 0; ; hop++) {
      if (local?.has(current) === true) return inner(current, init)
      assertFetchAllowed(current, allowPrivate)
      const response = await inner(current, { ...init, redirect: 'manual' })
      if (response.type === 'opaqueredirect') {
        throw forbidden(current, `${current} redirects to a place that cannot be checked here`)
      }
      if (response.status < 300 || response.status > 399 || response.status === 304) return response
      const location = response.headers.get('location')
      if (location === null) return response
      if (hop >= MAX_REDIRECTS) throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${url} redirects more than ${MAX_REDIRECTS} times`, { details: { url } })
      await response.body?.cancel().catch(() => undefined)
      current = new URL(location, current).href
    }
  }

  const safeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    if (cache === undefined || method !== 'GET') return go(url, init)
    const key = url.split('#')[0] as string
    let pending = cache.get(key)
    if (pending === undefined) {
      pending = go(url, init).then((response) => readAnswer(response, url))
      cache.set(key, pending)
      while (cache.size > MAX_CACHED_ENTRIES) cache.delete(cache.keys().next().value as string)
      // Only successful answers stay; an error or a failed request is asked again next time.
      pending.then((a) => { if (a.status < 200 || a.status > 299) cache.delete(key) }, () => cache.delete(key))
    }
    const answer = await pending
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body.slice(), { status: answer.status, headers: answer.headers })
  }
  Object.defineProperty(safeFetch, SAFE_FETCH, { value: true })
  return safeFetch as typeof fetch
}

/** Mark a fetch that only passes calls on to a safe fetch as safe itself. Internal. */
export function markSafeFetch(fetch: unknown): void {
  Object.defineProperty(fetch, SAFE_FETCH, { value: true })
}

/** Whether a fetch was made by {@link createSafeFetch} (so it is not wrapped twice). */
export function isSafeFetch(fetch: unknown): boolean {
  return typeof fetch === 'function' && (fetch as unknown as Record<symbol, unknown>)[SAFE_FETCH] === true
}

interface CachedAnswer {
  status: number
  headers: [string, string][]
  body: Uint8Array<ArrayBuffer>
}

/** Read an answer into memory, refusing a body over {@link MAX_CACHED_BYTES}. */
async function readAnswer(response: Response, url: string): Promise<CachedAnswer> {
  const headers: [string, string][] = []
  response.headers.forEach((value, name) => headers.push([name, value]))
  const tooLarge = () => new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${url} is larger than ${MAX_CACHED_BYTES} bytes`, { details: { url, limit: MAX_CACHED_BYTES } })
  if (Number(response.headers.get('content-length') ?? NaN) > MAX_CACHED_BYTES) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = response.body?.getReader()
  for (;;) {
    if (reader === undefined) break
    const { done, value } = await reader.read()
    if (done) break
    total += value.length
    if (total > MAX_CACHED_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  const body = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    body.set(c, at)
    at += c.length
  }
  return { status: response.status, headers, body }
}

function forbidden(url: string, message: string): Ob3Error {
  return new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', message, { details: { url } })
}

/** Refuse a URL that is not `https:` or names a local or private host (unless allowed). */
function assertFetchAllowed(url: string, allowPrivate: boolean): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw forbidden(url, `${url} is not a URL`)
  }
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) {
    throw forbidden(url, `${url} is not fetched: only https: URLs are (${parsed.protocol} was given)`)
  }
  if (parsed.username !== '' || parsed.password !== '') throw forbidden(url, `${parsed.origin} is not fetched: URLs with credentials are refused`)
  if (allowPrivate) return
  const why = privateHostReason(parsed.hostname)
  if (why !== undefined) throw forbidden(url, `${url} is not fetched: ${why} (a credential may not point the verifier at a local network)`)
}

/**
 * Why a host is local or private, or undefined for a public one. The WHATWG URL parser has
 * already turned every IPv4 spelling (`2130706433`, `0x7f.1`, `127.1`) into dotted form and
 * compressed IPv6, so literals are recognized here by their canonical text.
 */
export function privateHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host.startsWith('[')) {
    const v6 = parseIpv6(host.slice(1, -1))
    if (v6 === undefined) return `${hostname} is not a valid IPv6 address`
    return ipv6Reason(v6, hostname)
  }
  const v4 = parseIpv4(host)
  if (v4 !== undefined) return ipv4Reason(v4, hostname)
  if (host === 'localhost' || host.endsWith('.localhost')) return `${hostname} is this machine`
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.home.arpa') || host.endsWith('.lan')) return `${hostname} is a local-network name`
  if (!host.includes('.')) return `${hostname} is a single-label name, which only a local network resolves`
  return undefined
}

function parseIpv4(host: string): number[] | undefined {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined
  return parts.map(Number)
}

function ipv4Reason(ip: number[], shown: string): string | undefined {
  const [a = 0, b = 0, c = 0] = ip
  if (a === 0) return `${shown} is an unspecified address`
  if (a === 127) return `${shown} is a loopback address`
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return `${shown} is a private address`
  if (a === 100 && b >= 64 && b <= 127) return `${shown} is a shared (carrier-grade NAT) address`
  if (a === 169 && b === 254) return `${shown} is a link-local address`
  if (a === 192 && b === 0 && c === 0) return `${shown} is an IETF protocol address`
  if (a === 198 && (b === 18 || b === 19)) return `${shown} is a benchmarking address`
  if (a >= 224) return `${shown} is a multicast or reserved address`
  return undefined
}

function parseIpv6(text: string): number[] | undefined {
  let s = text.replace(/%.*$/, '')
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s)
  if (v4 !== null) {
    const ip = parseIpv4(v4[1] as string)
    if (ip === undefined) return undefined
    s = s.slice(0, v4.index) + `${(((ip[0] as number) << 8) | (ip[1] as number)).toString(16)}:${(((ip[2] as number) << 8) | (ip[3] as number)).toString(16)}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const read = (h: string | undefined) => (h === undefined || h === '' ? [] : h.split(':'))
  const head = read(halves[0])
  const tail = read(halves[1])
  if ([...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  return [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tail].map((g) => parseInt(g, 16))
}

function ipv6Reason(g: number[], shown: string): string | undefined {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g
  const embedded = () => ipv4Reason([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff], shown)
  if (g.every((x) => x === 0)) return `${shown} is an unspecified address`
  if (g.slice(0, 7).every((x) => x === 0) && g7 === 1) return `${shown} is a loopback address`
  if ((g0 & 0xfe00) === 0xfc00) return `${shown} is a private (unique local) address`
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return `${shown} is a link-local address`
  if ((g0 & 0xff00) === 0xff00) return `${shown} is a multicast address`
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judge the IPv4 inside.
  if (g.slice(0, 5).every((x) => x === 0) && (g5 === 0xffff || g5 === 0)) return embedded()
  if (g0 === 0x64 && g1 === 0xff9b) return embedded()
  // 6to4 (2002:AABB:CCDD::) carries an IPv4 address in its second and third groups.
  if (g0 === 0x2002) return ipv4Reason([g1 >> 8, g1 & 0xff, (g[2] ?? 0) >> 8, (g[2] ?? 0) & 0xff], shown)
  return undefined
}
