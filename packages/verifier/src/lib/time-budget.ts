import { LOCAL_RESOURCES, Ob3Error, localResourcesOf } from '@ob3/core'
import { isSafeFetch, markSafeFetch } from '../safe-fetch.js'

/** One verification's time budget: every fetch it makes ends by the deadline. Internal. */
export interface TimeBudget {
  /** Wrap a fetch so that its answer (headers and body) must come within the budget. */
  wrap(fetch: typeof globalThis.fetch): typeof globalThis.fetch
  /** Stop the clock (the verification is over). */
  dispose(): void
}

/** The time budget of one verification unless the caller gives another: 15 seconds. */
export const DEFAULT_TIME_BUDGET_MS = 15_000

/**
 * Start a time budget of `ms` milliseconds. Once it runs out, every fetch in flight is aborted
 * and every later one refused at once, with `ERR_OB3_TIME_BUDGET_EXCEEDED` — so the checks that
 * needed them fail with that code while the rest of the report is made. Internal.
 */
export function startTimeBudget(ms: number): TimeBudget {
  const controller = new AbortController()
  const exceeded = (url: string) => new Ob3Error('ERR_OB3_TIME_BUDGET_EXCEEDED', `the verification's time budget of ${formatMs(ms)} ran out before ${url} answered`, { details: { url, budgetMs: ms } })
  const timer = setTimeout(() => controller.abort(exceeded('everything')), ms)
  const budget = controller.signal

  /** A promise that settles as `work` does, or rejects when the budget runs out first. */
  const within = <T>(work: Promise<T>, url: string, onExpire?: () => void): Promise<T> => new Promise<T>((resolve, reject) => {
    const expire = () => {
      onExpire?.()
      reject(exceeded(url))
    }
    if (budget.aborted) return expire()
    budget.addEventListener('abort', expire, { once: true })
    work.then(
      (value) => { budget.removeEventListener('abort', expire); resolve(value) },
      (err: unknown) => { budget.removeEventListener('abort', expire); reject(budget.aborted ? exceeded(url) : err) },
    )
  })

  return {
    wrap(inner) {
      const budgeted = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        if (budget.aborted) throw exceeded(url)
        const signal = init?.signal === undefined || init.signal === null ? budget : anySignal(init.signal, budget)
        const response = await within(inner(input, { ...init, signal }), url)
        if (response.body === null || response.status < 200) return response
        // The body must come within the budget too: a server that sends headers and then
        // trickles (or never sends) the body is cut off with the same code.
        const reader = response.body.getReader()
        const body = new ReadableStream<Uint8Array>({
          async pull(stream) {
            const chunk = await within(reader.read(), url, () => { reader.cancel().catch(() => undefined) })
            if (chunk.done) stream.close()
            else stream.enqueue(chunk.value)
          },
          cancel(reason) {
            return reader.cancel(reason)
          },
        })
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
      }
      const local = localResourcesOf(inner)
      if (local !== undefined) Object.defineProperty(budgeted, LOCAL_RESOURCES, { value: local })
      if (isSafeFetch(inner)) markSafeFetch(budgeted)
      return budgeted as typeof globalThis.fetch
    },
    dispose() {
      clearTimeout(timer)
    },
  }
}

/** A signal that aborts when either does (AbortSignal.any, written out for older browsers). */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (a.aborted) return a
  if (b.aborted) return b
  const controller = new AbortController()
  const onA = () => { b.removeEventListener('abort', onB); controller.abort(a.reason) }
  const onB = () => { a.removeEventListener('abort', onA); controller.abort(b.reason) }
  a.addEventListener('abort', onA, { once: true })
  b.addEventListener('abort', onB, { once: true })
  return controller.signal
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`
}
