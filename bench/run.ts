// pnpm bench: ob3 beside the digitalbazaar stack (vc 7, eddsa-rdfc-2022), in one process, on the
// same credentials and keys, reported as ratios. Rounds alternate between the two so that warm-up,
// GC and CPU frequency affect both alike; each figure is the median of the rounds.
import { createEd25519Signer, ed25519KeyFromSeed, resolveVerificationMethod, verifyLinkedDataProof } from '@ob3/core'
import { buildCredential, issueCredential } from '@ob3/issuer'
import { createVerificationCache, verify } from '@ob3/verifier'
import { digitalbazaarIssue, digitalbazaarLoader, digitalbazaarVerify } from './digitalbazaar.js'
import { benchAward } from './fixtures.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const BATCH = Number(process.env.BENCH_BATCH ?? 60)

/** Milliseconds per operation over one batch. */
async function batch(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < BATCH; i++) await fn()
  return (performance.now() - t0) / BATCH
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

async function compare(name: string, ob3: () => Promise<unknown>, db: () => Promise<unknown>): Promise<Record<string, string | number>> {
  for (let i = 0; i < 3; i++) {
    await batch(ob3)
    await batch(db)
  }
  const a: number[] = []
  const b: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    a.push(await batch(ob3))
    b.push(await batch(db))
  }
  const ob3Ms = median(a)
  const dbMs = median(b)
  return {
    operation: name,
    'ob3 ms/op': ob3Ms.toFixed(3),
    'digitalbazaar ms/op': dbMs.toFixed(3),
    'ob3 ops/s': Math.round(1000 / ob3Ms),
    'speed-up': `${(dbMs / ob3Ms).toFixed(2)}×`,
  }
}

const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
const signer = await createEd25519Signer(key)
const documentLoader = digitalbazaarLoader()
const now = new Date('2026-03-01T00:00:00Z')
const rows: Record<string, string | number>[] = []
const heapBefore = process.memoryUsage().heapUsed

for (const size of ['small', 'rubric'] as const) {
  const credential = await buildCredential({ award: benchAward(size), issuer: { id: key.controller, name: 'Northwind Educator Academy' }, now })
  const { credential: signed } = await issueCredential({ credential, signer, now })
  const dbSigned = await digitalbazaarIssue(credential, key, documentLoader)
  const bytes = JSON.stringify(signed).length
  const check = await digitalbazaarVerify(signed, documentLoader)
  const ours = await verify({ input: dbSigned as Record<string, unknown>, now })
  if (!check.verified || !ours.verified) throw new Error(`the two stacks disagree on the ${size} credential: ${JSON.stringify({ db: check.verified, ob3: ours.verified })}`)
  const label = `${size} credential (${(bytes / 1024).toFixed(1)} KB)`
  const cache = createVerificationCache()
  rows.push(await compare(`verify proof, ${label}`,
    () => verifyLinkedDataProof({ document: signed, proof: signed.proof, resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }) }),
    () => digitalbazaarVerify(signed, documentLoader)))
  rows.push(await compare(`verify, full report, ${label}`, () => verify({ input: signed, now, cache }), () => digitalbazaarVerify(signed, documentLoader)))
  rows.push(await compare(`sign, ${label}`, () => issueCredential({ credential, signer, now }), () => digitalbazaarIssue(credential, key, documentLoader)))
}

console.log(`heap after the runs: ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB above the start`)
console.log(`ob3 bench — Node ${process.version}, ${ROUNDS} rounds × ${BATCH} operations, median per round`)
console.table(rows)
console.log('verify proof: the signature check alone (vc.verifyCredential does the same work plus its own credential checks);')
console.log('verify, full report: ob3\'s whole report (context, type, OB 3.0 conformance, proof, validity, status).')
