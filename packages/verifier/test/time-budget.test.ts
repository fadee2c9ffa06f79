/**
 * One verification's time budget (`startTimeBudget`): every fetch it wraps, headers and body,
 * must end by the deadline, or fails with ERR_OB3_TIME_BUDGET_EXCEEDED naming the URL. The clock
 * is vitest's fake one: the budget runs out when a test advances it, never on its own.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LOCAL_RESOURCES, Ob3Error, createResourceFetch, localResourcesOf } from '@ob3/core'
import { DEFAULT_TIME_BUDGET_MS, startTimeBudget } from '../src/lib/time-budget.js'
import { createSafeFetch, isSafeFetch } from '../src/safe-fetch.js'

const URL_A = 'https://status.example/lists/1'

beforeEach(() => { vi.useFakeTimers() })
afterEach(() => { vi.useRealTimers() })

interface Call { url: string; signal: AbortSignal | undefined; init: RequestInit | undefined }

/** A fetch that never answers by itself: it rejects with the signal's reason when that aborts. */
function hanging() {
  const calls: Call[] = []
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input instanceof Request ? input.url : input), signal: init?.signal ?? undefined, init })
    return new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true })
    })
  }) as typeof globalThis.fetch
  return { fetch, calls }
}

/** A body that gives `first`, then waits; counts and records its cancellation. */
function pausedBody(first: string) {
  const state = { cancelled: 0, reason: undefined as unknown, pulls: 0 }
  let pending: ((chunk: string | null) => void) | undefined
  const stream = new ReadableStream<Uint8Array>({
    start(c) { c.enqueue(new TextEncoder().encode(first)) },
    pull(c) {
      state.pulls++
      return new Promise<void>((resolve) => {
        pending = (chunk) => {
          if (chunk === null) c.close()
          else c.enqueue(new TextEncoder().encode(chunk))
          resolve()
        }
      })
    },
    cancel(reason) { state.cancelled++; state.reason = reason },
  })
  return { stream, state, send: (chunk: string | null) => pending?.(chunk) }
}

function errorOf(err: unknown) {
  expect(err).toBeInstanceOf(Ob3Error)
  const e = err as Ob3Error
  return { code: e.code, message: e.message, details: e.details }
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('startTimeBudget', () => {
  it('is 15 seconds unless the caller gives another', () => {
    expect(DEFAULT_TIME_BUDGET_MS).toBe(15_000)
  })

  it('aborts a fetch in flight when the budget runs out, not a millisecond before, naming its URL', async () => {
    const budget = startTimeBudget(2000)
    const { fetch, calls } = hanging()
    const answer = budget.wrap(fetch)(URL_A)
    const seen = rejectionOf(answer)
    await vi.advanceTimersByTimeAsync(1999)
    expect(calls[0]?.signal?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls[0]?.signal?.aborted).toBe(true)
    expect(errorOf(await seen)).toEqual({
      code: 'ERR_OB3_TIME_BUDGET_EXCEEDED',
      message: `the verification's time budget of 2 s ran out before ${URL_A} answered`,
      details: { url: URL_A, budgetMs: 2000 },
    })
    // What the fetch itself was told: the budget ran out before everything answered.
    expect(errorOf(calls[0]?.signal?.reason)).toEqual({
      code: 'ERR_OB3_TIME_BUDGET_EXCEEDED',
      message: 'the verification\'s time budget of 2 s ran out before everything answered',
      details: { url: 'everything', budgetMs: 2000 },
    })
    budget.dispose()
  })

  it('says a budget that is not whole seconds in milliseconds', async () => {
    const budget = startTimeBudget(1500)
    const { fetch } = hanging()
    const seen = rejectionOf(budget.wrap(fetch)(URL_A))
    await vi.advanceTimersByTimeAsync(1500)
    expect(errorOf(await seen).message).toBe(`the verification's time budget of 1500 ms ran out before ${URL_A} answered`)
    budget.dispose()
  })

  it('refuses every fetch once the budget ran out, without calling the fetch, whatever names the URL', async () => {
    const budget = startTimeBudget(1000)
    const { fetch, calls } = hanging()
    const wrapped = budget.wrap(fetch)
    await vi.advanceTimersByTimeAsync(1000)
    const asString = errorOf(await rejectionOf(wrapped(URL_A)))
    const asUrl = errorOf(await rejectionOf(wrapped(new URL('https://status.example/lists/2'))))
    const asRequest = errorOf(await rejectionOf(wrapped(new Request('https://status.example/lists/3'))))
    expect([asString, asUrl, asRequest].map((e) => [e.code, e.details])).toEqual([
      ['ERR_OB3_TIME_BUDGET_EXCEEDED', { url: URL_A, budgetMs: 1000 }],
      ['ERR_OB3_TIME_BUDGET_EXCEEDED', { url: 'https://status.example/lists/2', budgetMs: 1000 }],
      ['ERR_OB3_TIME_BUDGET_EXCEEDED', { url: 'https://status.example/lists/3', budgetMs: 1000 }],
    ])
    expect(calls).toEqual([])
    budget.dispose()
  })

  it('stops the clock when disposed: a fetch after the deadline still goes through', async () => {
    const budget = startTimeBudget(1000)
    const wrapped = budget.wrap((async () => new Response(null, { status: 204 })) as typeof globalThis.fetch)
    budget.dispose()
    await vi.advanceTimersByTimeAsync(5000)
    expect((await wrapped(URL_A)).status).toBe(204)
  })

  it('lets a fetch error that is not the budget\'s through as it is', async () => {
    const budget = startTimeBudget(1000)
    const failure = new TypeError('fetch failed')
    const wrapped = budget.wrap((async () => { throw failure }) as typeof globalThis.fetch)
    expect(await rejectionOf(wrapped(URL_A))).toBe(failure)
    budget.dispose()
  })

  it('returns an answer without a body as it is', async () => {
    const budget = startTimeBudget(1000)
    const answer = new Response(null, { status: 204, statusText: 'No Content' })
    const wrapped = budget.wrap((async () => answer) as typeof globalThis.fetch)
    expect(await wrapped(URL_A)).toBe(answer)
    budget.dispose()
  })

  it('returns an informational answer (status under 200) as it is, body and all', async () => {
    const budget = startTimeBudget(1000)
    // A Response cannot be made with a 1xx status; a fetch may still hand back such an answer.
    const answer = { status: 101, statusText: 'Switching Protocols', headers: new Headers(), body: new ReadableStream() } as unknown as Response
    const wrapped = budget.wrap((async () => answer) as typeof globalThis.fetch)
    expect(await wrapped(URL_A)).toBe(answer)
    budget.dispose()
  })

  it('passes the body, status, status text and headers of an answer that comes in time', async () => {
    const budget = startTimeBudget(1000)
    const body = pausedBody('{"a":')
    const wrapped = budget.wrap((async () => new Response(body.stream, { status: 201, statusText: 'Created', headers: { 'content-type': 'application/json', etag: '"v1"' } })) as typeof globalThis.fetch)
    const response = await wrapped(URL_A)
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Created')
    expect([response.headers.get('content-type'), response.headers.get('etag')]).toEqual(['application/json', '"v1"'])
    const text = response.text()
    await vi.advanceTimersByTimeAsync(10)
    body.send('1}')
    await vi.advanceTimersByTimeAsync(10)
    body.send(null)
    expect(await text).toBe('{"a":1}')
    expect(body.state.cancelled).toBe(0)
    budget.dispose()
  })

  it('cuts off a body that does not come in time, cancelling it, with the same code', async () => {
    const budget = startTimeBudget(1000)
    const body = pausedBody('{"a":')
    const wrapped = budget.wrap((async () => new Response(body.stream)) as typeof globalThis.fetch)
    const response = await wrapped(URL_A)
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"a":')
    const next = rejectionOf(reader.read())
    await vi.advanceTimersByTimeAsync(1000)
    expect(errorOf(await next)).toEqual({
      code: 'ERR_OB3_TIME_BUDGET_EXCEEDED',
      message: `the verification's time budget of 1 s ran out before ${URL_A} answered`,
      details: { url: URL_A, budgetMs: 1000 },
    })
    expect(body.state.cancelled).toBe(1)
  })

  it('leaves a body it is not reading alone when the budget runs out, and refuses the next read', async () => {
    const budget = startTimeBudget(1000)
    const body = pausedBody('first')
    const response = await budget.wrap((async () => new Response(body.stream)) as typeof globalThis.fetch)(URL_A)
    // The first chunk is read ahead into the wrapper's queue; nothing more is asked for.
    await vi.advanceTimersByTimeAsync(10)
    await vi.advanceTimersByTimeAsync(1000)
    expect(body.state.cancelled).toBe(0)
    const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first')
    expect(errorOf(await rejectionOf(reader.read())).code).toBe('ERR_OB3_TIME_BUDGET_EXCEEDED')
    expect(body.state.cancelled).toBe(1)
  })

  it('passes a cancellation of the body on to the fetch\'s body, with its reason', async () => {
    const budget = startTimeBudget(1000)
    const body = pausedBody('first')
    const response = await budget.wrap((async () => new Response(body.stream)) as typeof globalThis.fetch)(URL_A)
    await response.body?.cancel('not needed')
    expect(body.state).toMatchObject({ cancelled: 1, reason: 'not needed' })
    budget.dispose()
  })

  it('gives the fetch the budget\'s signal when the caller gives none (or null)', async () => {
    const budget = startTimeBudget(1000)
    const { fetch, calls } = hanging()
    const wrapped = budget.wrap(fetch)
    const answers = [wrapped(URL_A), wrapped(URL_A, { signal: null }), wrapped(URL_A, { method: 'GET' })].map(rejectionOf)
    expect(calls.map((c) => [c.signal?.aborted, c.init?.method])).toEqual([[false, undefined], [false, undefined], [false, 'GET']])
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls.map((c) => c.signal?.aborted)).toEqual([true, true, true])
    for (const a of await Promise.all(answers)) expect(errorOf(a).code).toBe('ERR_OB3_TIME_BUDGET_EXCEEDED')
  })

  it('aborts the fetch when the caller\'s own signal aborts, with the caller\'s reason and error', async () => {
    const budget = startTimeBudget(1000)
    const { fetch, calls } = hanging()
    const caller = new AbortController()
    const answer = rejectionOf(budget.wrap(fetch)(URL_A, { signal: caller.signal }))
    expect(calls[0]?.signal).not.toBe(caller.signal)
    expect(calls[0]?.signal?.aborted).toBe(false)
    caller.abort('the user gave up')
    expect(calls[0]?.signal?.aborted).toBe(true)
    expect(calls[0]?.signal?.reason).toBe('the user gave up')
    expect(await answer).toBe('the user gave up')
    budget.dispose()
  })

  it('aborts a fetch with the caller\'s signal when the budget runs out first, with the budget\'s reason', async () => {
    const budget = startTimeBudget(1000)
    const { fetch, calls } = hanging()
    const caller = new AbortController()
    const answer = rejectionOf(budget.wrap(fetch)(URL_A, { signal: caller.signal }))
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls[0]?.signal?.aborted).toBe(true)
    expect(errorOf(calls[0]?.signal?.reason).details).toEqual({ url: 'everything', budgetMs: 1000 })
    expect(errorOf(await answer).details).toEqual({ url: URL_A, budgetMs: 1000 })
    expect(caller.signal.aborted).toBe(false)
  })

  it('hands a caller\'s signal that already aborted to the fetch as it is', async () => {
    const budget = startTimeBudget(1000)
    const { fetch, calls } = hanging()
    const aborted = AbortSignal.abort('too late')
    void rejectionOf(budget.wrap(fetch)(URL_A, { signal: aborted }))
    expect(calls[0]?.signal).toBe(aborted)
    budget.dispose()
  })

  it('keeps what the fetch says of itself: the URLs a resource map serves, and being a safe fetch', () => {
    const budget = startTimeBudget(1000)
    const resources = createResourceFetch({ resources: { [URL_A]: '{}' } })
    const wrappedMap = budget.wrap(resources)
    expect(localResourcesOf(wrappedMap)).toBe(localResourcesOf(resources))
    expect(localResourcesOf(wrappedMap)?.has(URL_A)).toBe(true)
    expect(isSafeFetch(wrappedMap)).toBe(false)
    const plain = budget.wrap((async () => new Response('{}')) as typeof globalThis.fetch)
    expect(localResourcesOf(plain)).toBeUndefined()
    expect(Object.getOwnPropertySymbols(plain)).not.toContain(LOCAL_RESOURCES)
    expect(isSafeFetch(plain)).toBe(false)
    const safe = budget.wrap(createSafeFetch({ fetch: resources }))
    expect(isSafeFetch(safe)).toBe(true)
    budget.dispose()
  })
})
