// One stack (ob3 or digitalbazaar) as bench/run.ts measures it: it is handed fixtures and asked
// for `n` operations at a time, and answers with the CPU time they took and each operation's wall
// time. bench/stack-worker.ts runs one in a worker thread.
import { createEd25519Signer, ed25519KeyFromSeed, resolveVerificationMethod, verifyLinkedDataProof } from '@ob3/core'
import { issueCredential } from '@ob3/issuer'
import { createVerificationCache, verify } from '@ob3/verifier'
import { digitalbazaarIssue, digitalbazaarLoader, digitalbazaarVerify } from './digitalbazaar.js'

/** What the main thread asks of a stack worker. */
export type StackRequest =
  | { kind: 'prepare'; id: string; credential: Record<string, unknown>; signed?: Record<string, unknown> }
  | { kind: 'check'; signed: Record<string, unknown> }
  | { kind: 'measure'; id: string; operation: 'verify' | 'verify-proof' | 'sign'; n: number }

/** A measured span: CPU ms per operation (the process's, while only this worker runs) and wall times. */
export interface StackSample { cpuMs: number; latencies: number[] }

/** A stack ready to be measured: `handle` answers one request (`ok: false` with the error if it failed). */
export interface BenchStack { handle(request: StackRequest): Promise<Record<string, unknown>> }

/** Set up one stack: the bench key (seed 9), its document loader, its fixtures. */
export async function openStack(stack: 'ob3' | 'digitalbazaar'): Promise<BenchStack> {
  const now = new Date('2026-03-01T00:00:00Z')
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
  const signer = await createEd25519Signer(key)
  const documentLoader = digitalbazaarLoader()
  const fixtures = new Map<string, { credential: Record<string, unknown>; signed: Record<string, unknown> }>()
  const cache = createVerificationCache()

  async function verifiedBy(signed: Record<string, unknown>): Promise<boolean> {
    if (stack === 'ob3') return (await verify({ input: signed, now, cache })).verified
    return (await digitalbazaarVerify(signed, documentLoader)).verified
  }

  function operation(id: string, name: 'verify' | 'verify-proof' | 'sign'): () => Promise<unknown> {
    const f = fixtures.get(id)
    if (f === undefined) throw new Error(`no fixture ${id}`)
    const { credential, signed } = f
    if (stack === 'ob3') {
      if (name === 'verify') return () => verify({ input: signed, now, cache })
      if (name === 'verify-proof') return () => verifyLinkedDataProof({ document: signed, proof: signed.proof as Record<string, unknown>, resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }) })
      return () => issueCredential({ credential, signer, now })
    }
    if (name === 'sign') return () => digitalbazaarIssue(credential, key, documentLoader)
    return () => digitalbazaarVerify(signed, documentLoader)
  }

  async function measure(n: number, fn: () => Promise<unknown>): Promise<StackSample> {
    const latencies: number[] = []
    const c0 = process.cpuUsage()
    for (let i = 0; i < n; i++) {
      const t0 = performance.now()
      await fn()
      latencies.push(performance.now() - t0)
    }
    const c = process.cpuUsage(c0)
    return { cpuMs: (c.user + c.system) / 1000 / n, latencies }
  }

  return {
    async handle(request) {
      try {
        if (request.kind === 'prepare') {
          let signed = request.signed
          if (signed === undefined) {
            signed = stack === 'ob3'
              ? (await issueCredential({ credential: request.credential, signer, now })).credential as Record<string, unknown>
              : await digitalbazaarIssue(request.credential, key, documentLoader) as Record<string, unknown>
          }
          fixtures.set(request.id, { credential: request.credential, signed })
          return { ok: true, signed }
        }
        if (request.kind === 'check') return { ok: true, verified: await verifiedBy(request.signed) }
        return { ok: true, sample: await measure(request.n, operation(request.id, request.operation)) }
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.stack : String(error) }
      }
    },
  }
}
