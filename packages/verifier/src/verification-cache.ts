import type { DidDocument } from '@ob3/core'
import type { StatusListCache } from './checks/status.js'

/** Caches shared between verifications (DID documents, status lists). */
export interface VerificationCache {
  dids: Map<string, DidDocument>
  statusLists: StatusListCache
}

/**
 * A cache for many verifications in a row (a batch, a server). Status lists are kept for
 * `statusListTtlMs` (default 5 minutes).
 * @example `const cache = createVerificationCache(); for (const f of files) await verify({ input: f, cache })`
 */
export function createVerificationCache(options: { statusListTtlMs?: number } = {}): VerificationCache {
  const ttl = options.statusListTtlMs ?? 5 * 60_000
  const lists = new Map<string, { at: number; value: Promise<Record<string, unknown>> }>()
  return {
    dids: new Map(),
    statusLists: {
      get(url) {
        const hit = lists.get(url)
        if (hit === undefined || Date.now() - hit.at > ttl) return undefined
        return hit.value
      },
      set(url, value) {
        lists.set(url, { at: Date.now(), value })
        value.catch(() => lists.delete(url))
      },
    },
  }
}
