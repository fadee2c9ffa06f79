import { lookup as systemLookup } from 'node:dns/promises'
import type { LookupAddress, LookupOptions } from 'node:dns'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { Readable } from 'node:stream'
import { Ob3Error } from '@ob3/core'
import { MAX_REDIRECTS, privateHostReason } from '../safe-fetch.js'

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Resolve a host name to all its addresses. */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>

/** Options for {@link createDnsCheckedFetch}. */
export interface CreateDnsCheckedFetchOptions {
  /** How host names are resolved. Default: the system resolver (`dns.lookup`, every address). */
  resolve?: HostResolver
  /**
   * Let a host resolve to loopback, private, link-local and other special addresses (a test
   * network, an intranet issuer). Default false.
   */
  allowPrivate?: boolean
}

/**
 * A `fetch` for Node that checks where a host name leads before connecting: it resolves the
 * name, refuses it when any answer is a loopback, private (RFC 1918), shared, link-local
 * (`169.254.169.254`), unique-local (`fd00::/8`), multicast or otherwise special address — the
 * ranges {@link createSafeFetch} refuses when written as literals — with `ERR_OB3_FETCH_FORBIDDEN`,
 * and then connects to exactly the address it checked: the socket gets the checked answer, so a
 * second lookup (DNS rebinding) cannot send it elsewhere. IP literals are checked the same way.
 *
 * Meant for a verifier that fetches on behalf of others (`ob3 verify`, the ob3 service):
 * `verify()` wraps it in its safe fetch (https only, redirects checked hop by hop). Used on its
 * own, it follows at most {@link MAX_REDIRECTS} redirects, each through the same check. Bodies
 * are not decompressed (it asks for `identity`). Node only: browsers keep the safe fetch's URL
 * checks, since they offer no DNS lookup.
 *
 * @example
 * ```ts
 * import { createDnsCheckedFetch } from '@ob3/verifier/node'
 * const report = await verify({ input, fetch: createDnsCheckedFetch() })
 * ```
 */
export function createDnsCheckedFetch(options: CreateDnsCheckedFetchOptions = {}): typeof fetch {
  const resolve = options.resolve ?? systemResolve
  if (typeof resolve !== 'function') throw new TypeError('createDnsCheckedFetch: resolve must be a function')
  const allowPrivate = options.allowPrivate === true
  const lookup = createCheckedLookup({ resolve, allowPrivate })
  // Its own agents: a kept-alive socket was connected to a checked address (idle sockets close after 5 s, as Node's global agent does).
  const agentOptions = { keepAlive: true, timeout: 5_000, scheduling: 'lifo' as const }
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) }

  const once = (url: URL, method: string, headers: Headers, body: string | Uint8Array | undefined, signal: AbortSignal | undefined) =>
    new Promise<Response>((done, fail) => {
      const host = url.hostname.replace(/^\[|\]$/g, '')
      if (isIP(host) !== 0) {
        const why = allowPrivate ? undefined : addressReason(host)
        if (why !== undefined) return fail(forbidden(url.hostname, host, why))
      }
      if (signal?.aborted === true) return fail(signal.reason)
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest
      const outgoing: Record<string, string> = { 'accept-encoding': 'identity' }
      headers.forEach((value, name) => { outgoing[name] = value })
      const req = send(url, { method, headers: outgoing, agent: url.protocol === 'https:' ? agents.https : agents.http, lookup }, (res) => {
        try {
          done(toResponse(res, method))
        } catch (err) {
          res.destroy()
          fail(err)
        }
      })
      const onAbort = () => req.destroy(signal?.reason as Error)
      signal?.addEventListener('abort', onAbort, { once: true })
      req.on('close', () => signal?.removeEventListener('abort', onAbort))
      req.on('error', fail)
      req.end(body)
    })

  const dnsCheckedFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    let method = (init.method ?? request?.method ?? 'GET').toUpperCase()
    const headers = new Headers(init.headers ?? request?.headers)
    const rawBody = init.body ?? undefined
    if (rawBody !== undefined && rawBody !== null && typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
      throw new TypeError('createDnsCheckedFetch: a body must be a string or a Uint8Array')
    }
    let body: string | Uint8Array | undefined = rawBody ?? undefined
    const signal = init.signal ?? request?.signal ?? undefined
    const redirect = init.redirect ?? 'follow'
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${url.href} is not fetched: only http: and https: URLs are`, { details: { url: url.href } })
      const response = await once(url, method, headers, body, signal)
      const location = response.headers.get('location')
      if (response.status < 300 || response.status > 399 || response.status === 304 || location === null || redirect === 'manual') return response
      await response.body?.cancel().catch(() => undefined)
      if (redirect === 'error') throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${url.href} redirects, and redirects were refused`, { details: { url: url.href } })
      if (hop >= MAX_REDIRECTS) throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${url.href} redirects more than ${MAX_REDIRECTS} times`, { details: { url: url.href } })
      url = new URL(location, url)
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET'
        body = undefined
      }
    }
  }
  return dnsCheckedFetch as typeof fetch
}

/** The lookup function handed to each socket: it resolves once, checks every answer, and gives back only checked addresses. Internal. */
export function createCheckedLookup(options: { resolve: HostResolver; allowPrivate: boolean }) {
  return (hostname: string, lookupOptions: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    checkedAddresses(hostname, lookupOptions.family, options).then(
      (addresses) => {
        if (lookupOptions.all === true) callback(null, addresses)
        else callback(null, (addresses[0] as LookupAddress).address, (addresses[0] as LookupAddress).family)
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, ''),
    )
  }
}

async function checkedAddresses(hostname: string, family: LookupOptions['family'], options: { resolve: HostResolver; allowPrivate: boolean }): Promise<LookupAddress[]> {
  let answers: readonly ResolvedAddress[]
  try {
    answers = await options.resolve(hostname)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${hostname} could not be resolved: ${(cause as Error).message}`, { cause, details: { host: hostname } })
  }
  const wanted = family === 4 || family === 'IPv4' ? 4 : family === 6 || family === 'IPv6' ? 6 : 0
  const addresses = answers.filter((a) => isIP(a.address) === a.family && (wanted === 0 || a.family === wanted)).map((a) => ({ address: a.address, family: a.family }))
  if (addresses.length === 0) throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${hostname} resolves to no usable address`, { details: { host: hostname } })
  if (!options.allowPrivate) {
    // One bad answer refuses the name: which address a connection would use is not ours to pick.
    for (const a of addresses) {
      const why = addressReason(a.address)
      if (why !== undefined) throw forbidden(hostname, a.address, why)
    }
  }
  return addresses
}

/** Why an IP address is not public, or undefined. */
function addressReason(address: string): string | undefined {
  return privateHostReason(isIP(address) === 6 ? `[${address}]` : address)
}

function forbidden(hostname: string, address: string, why: string): Ob3Error {
  return new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${hostname} is not fetched: it resolves to ${address}, and ${why} (a credential may not point the verifier at a local network)`, { details: { host: hostname, address } })
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const answers = await systemLookup(hostname, { all: true, verbatim: true })
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

function toResponse(res: IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 0
  if (status < 200 || status > 599) throw new Ob3Error('ERR_OB3_FETCH_FAILED', `the server answered with HTTP status ${status}`)
  const headers = new Headers()
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string)
  const empty = method === 'HEAD' || status === 204 || status === 205 || status === 304
  if (empty) res.resume()
  const body = empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers })
}
