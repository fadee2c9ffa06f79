import { Ob3Error } from '../errors.js'
import { readStreamBounded } from '../encoding/streams.js'

/** Options for {@link fetchLimited}. */
export interface FetchLimitedOptions {
  /** The fetch to use. Without one, nothing is fetched (`ERR_OB3_FETCH_FORBIDDEN`). */
  fetch: typeof fetch | undefined
  /** Largest accepted body, in bytes. Default 1 MiB. */
  maxBytes?: number
  /** Give up after this many milliseconds. Default 10 s. */
  timeoutMs?: number
  /** The Accept header. */
  accept?: string
  /** What is being fetched, for messages (`"DID document"`). */
  what?: string
}

/**
 * GET a URL through an injected fetch with a timeout and a size bound, returning the body bytes.
 * Non-2xx answers, time-outs and oversize bodies are coded errors.
 *
 * @throws Ob3Error `ERR_OB3_FETCH_FORBIDDEN`, `ERR_OB3_FETCH_FAILED`, `ERR_OB3_INPUT_TOO_LARGE`
 * @example `const bytes = await fetchLimited(url, { fetch, what: 'status list' })`
 */
export async function fetchLimited(url: string, options: FetchLimitedOptions): Promise<{ body: Uint8Array; contentType: string | null }> {
  const what = options.what ?? 'resource'
  if (options.fetch === undefined) {
    throw new Ob3Error('ERR_OB3_FETCH_FORBIDDEN', `${what} ${url} is not available offline and no fetch was allowed`, { details: { url } })
  }
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000)
  try {
    let response: Response
    try {
      response = await options.fetch(url, { headers: { accept: options.accept ?? 'application/json' }, signal: controller.signal, redirect: 'follow' })
    } catch (cause) {
      if (cause instanceof Ob3Error) throw cause
      throw new Ob3Error('ERR_OB3_FETCH_FAILED', `could not fetch ${what} ${url}: ${(cause as Error).message}`, { cause, details: { url } })
    }
    if (!response.ok) {
      throw new Ob3Error('ERR_OB3_FETCH_FAILED', `${what} ${url} answered HTTP ${response.status}`, { details: { url, status: response.status } })
    }
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (declared > maxBytes) throw tooLarge(what, url, maxBytes)
    let body: Uint8Array
    try {
      body = await readBody(response, maxBytes, what, url)
    } catch (cause) {
      // A connection dropped or aborted mid-body is a failed fetch, not a crash of the caller.
      if (cause instanceof Ob3Error) throw cause
      throw new Ob3Error('ERR_OB3_FETCH_FAILED', `could not read ${what} ${url}: ${(cause as Error).message}`, { cause, details: { url } })
    }
    return { body, contentType: response.headers.get('content-type') }
  } finally {
    clearTimeout(timer)
  }
}

async function readBody(response: Response, maxBytes: number, what: string, url: string): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0)
  return readStreamBounded(response.body, maxBytes, () => tooLarge(what, url, maxBytes))
}

function tooLarge(what: string, url: string, maxBytes: number): Ob3Error {
  return new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${what} ${url} is larger than ${maxBytes} bytes`, { details: { url, limit: maxBytes } })
}
