// pnpm bench: ob3 beside the digitalbazaar stack (vc 7, eddsa-rdfc-2022), in one process, on the
// same credentials and keys, reported as ratios; then the differential canonicalization run.
//
// How it measures, and what each figure means:
// - CPU time per operation (process.cpuUsage, user + system, this process) is the figure the
//   ratios use: on a shared machine other processes steal wall time but not this process's CPU
//   time (they still slow it somewhat through shared caches and frequency).
// - Rounds alternate between the two stacks (ob3, digitalbazaar, ob3, …) so that warm-up, GC and
//   load affect both alike; each ratio is the median over rounds of (their CPU ÷ ours) from the
//   same round.
// - p50/p99 are wall-clock latencies of single operations, one at a time on one thread: on a busy
//   machine they include time the thread waited for a core. The load average is printed with them.
//
//   BENCH_ROUNDS (default 7), BENCH_OPS (operations per round on a 4 KB credential; fewer on
//   larger ones, default 40), BENCH_SIZES (default 1,4,32,256 KB), BENCH_DIFFERENTIAL (documents
//   of each of the two kinds, every kind and plain, default 10000; 0 skips it).
import { loadavg } from 'node:os'
import { createEd25519Signer, ed25519KeyFromSeed, resolveVerificationMethod, verifyLinkedDataProof } from '@ob3/core'
import { buildCredential, issueCredential, type Award } from '@ob3/issuer'
import { createVerificationCache, verify } from '@ob3/verifier'
import { runDifferential } from '../test/support/canonize-differential.js'
import { digitalbazaarIssue, digitalbazaarLoader, digitalbazaarVerify } from './digitalbazaar.js'
import { benchAward } from './fixtures.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const OPS = Number(process.env.BENCH_OPS ?? 40)
const SIZES = (process.env.BENCH_SIZES ?? '1,4,32,256').split(',').map(Number)
const DIFFERENTIAL = Number(process.env.BENCH_DIFFERENTIAL ?? 10_000)

interface Sample { cpuMs: number; latencies: number[] }

/** `n` operations one after another: CPU ms per operation, and each one's wall time. */
async function measure(n: number, fn: () => Promise<unknown>): Promise<Sample> {
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

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
}

async function compare(name: string, n: number, ob3: () => Promise<unknown>, db: () => Promise<unknown>): Promise<Record<string, string>> {
  await measure(Math.max(3, n >> 1), ob3)
  await measure(Math.max(3, n >> 1), db)
  const ratios: number[] = []
  const ours: Sample[] = []
  const theirs: Sample[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const a = await measure(n, ob3)
    const b = await measure(n, db)
    ours.push(a)
    theirs.push(b)
    ratios.push(b.cpuMs / a.cpuMs)
  }
  const cpu = (xs: Sample[]) => quantile(xs.map((x) => x.cpuMs), 0.5)
  const lat = (xs: Sample[]) => xs.flatMap((x) => x.latencies)
  return {
    operation: name,
    'ob3 CPU ms/op': cpu(ours).toFixed(3),
    'dB CPU ms/op': cpu(theirs).toFixed(3),
    'CPU ratio (median of rounds)': `${quantile(ratios, 0.5).toFixed(1)}×`,
    'ob3 wall p50/p99 ms': `${quantile(lat(ours), 0.5).toFixed(2)} / ${quantile(lat(ours), 0.99).toFixed(2)}`,
    'dB wall p50/p99 ms': `${quantile(lat(theirs), 0.5).toFixed(2)} / ${quantile(lat(theirs), 0.99).toFixed(2)}`,
  }
}

/** An award whose signed credential is about `kb` KB: the rubric award, padded with alignments and evidence. */
function sizedAward(kb: number): Award {
  if (kb <= 1.5) {
    return {
      id: 'urn:uuid:6a1f1c52-3e0b-4b52-9d7e-2f6f0f7d9a12',
      achievement: { id: 'https://academy.northwind.example/badges/1', name: 'Safety Briefing', description: 'Attended the lab safety briefing.', criteria: { narrative: 'Attend.' } },
      recipient: { id: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG' },
      validFrom: '2026-01-01T00:00:00Z',
    }
  }
  const award = benchAward(kb <= 5 ? 'small' : 'rubric')
  if (kb <= 5) return award
  const target = kb * 1024
  const alignment = (award.achievement.alignment ?? []) as NonNullable<Award['achievement']['alignment']> & unknown[]
  const artifacts = award.artifacts ?? []
  let i = 0
  while (JSON.stringify(award).length < target * 0.82) {
    alignment.push({ type: ['Alignment'], targetName: `Competency ${i}: reasons from evidence to a position`, targetUrl: `https://framework.example/competencies#c${i}`, targetFramework: 'Deeper Learning', targetType: 'ceasn:Competency', targetCode: `DL-${i}` })
    artifacts.push({ name: `Student work sample ${i}`, mediaType: 'application/pdf', genre: 'Student work', narrative: `Sample ${i}: a position paper with its weighed sources.`, digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' })
    i++
  }
  award.achievement.alignment = alignment
  award.artifacts = artifacts
  return award
}

const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(9))
const signer = await createEd25519Signer(key)
const documentLoader = digitalbazaarLoader()
const now = new Date('2026-03-01T00:00:00Z')
const rows: Record<string, string>[] = []
const load0 = loadavg()[0] as number
const heapBefore = process.memoryUsage().heapUsed

for (const kb of SIZES) {
  const credential = await buildCredential({ award: sizedAward(kb), issuer: { id: key.controller, name: 'Northwind Educator Academy' }, now })
  const { credential: signed } = await issueCredential({ credential, signer, now })
  const dbSigned = await digitalbazaarIssue(credential, key, documentLoader)
  const bytes = JSON.stringify(signed).length
  const check = await digitalbazaarVerify(signed, documentLoader)
  const ours = await verify({ input: dbSigned as Record<string, unknown>, now })
  if (!check.verified || !ours.verified) throw new Error(`the two stacks disagree on the ${kb} KB credential: ${JSON.stringify({ db: check.verified, ob3: ours.verified })}`)
  const label = `${(bytes / 1024).toFixed(1)} KB credential`
  const n = Math.max(4, Math.round((OPS * 4) / Math.max(4, kb)))
  const cache = createVerificationCache()
  rows.push(await compare(`verify, full report, ${label}`, n, () => verify({ input: signed, now, cache }), () => digitalbazaarVerify(signed, documentLoader)))
  rows.push(await compare(`verify proof only, ${label}`, n,
    () => verifyLinkedDataProof({ document: signed, proof: signed.proof, resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose }) }),
    () => digitalbazaarVerify(signed, documentLoader)))
  rows.push(await compare(`sign, ${label}`, n, () => issueCredential({ credential, signer, now }), () => digitalbazaarIssue(credential, key, documentLoader)))
}

const load1 = loadavg()[0] as number
console.log(`ob3 bench — Node ${process.version}, ${ROUNDS} interleaved rounds per row; 1-minute load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end (2 cores)`)
console.log(`heap after the runs: ${((process.memoryUsage().heapUsed - heapBefore) / 1048576).toFixed(1)} MiB above the start`)
console.table(rows)
console.log('CPU: this process\'s user+system time per operation, median over rounds; ratio: digitalbazaar ÷ ob3 within each round, median.')
console.log('Wall p50/p99: single operations one at a time, including any wait for a core on this shared machine (not an idle-core figure).')
console.log('verify, full report: ob3\'s whole report (context, type, OB 3.0 conformance, proof, validity, status) against vc.verifyCredential;')
console.log('verify proof only: ob3\'s signature check alone against the same vc.verifyCredential (which also runs its own credential checks).')

/** The differential run over `count` generated documents of a kind, printed; false if any differs. */
async function differential(kind: 'all' | 'plain', firstSeed: number, count: number, what: string): Promise<boolean> {
  const per = 500
  const seeds = Math.ceil(count / per)
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  let documents = 0
  let identical = 0
  let refused = 0
  let differences = 0
  let direct = 0
  for (let s = 0; s < seeds; s++) {
    const result = await runDifferential(firstSeed + s, Math.min(per, count - s * per), kind)
    documents += result.documents
    identical += result.identical
    refused += result.bothRefused
    differences += result.differenceCount
    direct += result.direct
    for (const d of result.differences) console.log(`DIFFERENCE (seed ${firstSeed + s}, document ${d.index}):`, JSON.stringify(d.document), JSON.stringify(d.ob3), JSON.stringify(d.reference))
  }
  const c = process.cpuUsage(c0)
  console.log(`differential canonicalization, ${what}: ${documents} generated documents (seeds ${firstSeed}–${firstSeed + seeds - 1}), ob3 canonize against unmodified jsonld.js canonize (RDFC-1.0):`)
  console.log(`  ${identical} byte-identical N-Quads, ${refused} refused by both with the same code, ${differences} different; ${direct} converted to RDF by ob3's direct path, the rest through jsonld.js — ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${((performance.now() - t0) / 1000).toFixed(1)} s wall for both`)
  return differences === 0
}

if (DIFFERENTIAL > 0) {
  const all = await differential('all', 50_000, DIFFERENTIAL, 'every kind')
  const plain = await differential('plain', 90_000, DIFFERENTIAL, 'plain documents (the direct path)')
  if (!all || !plain) process.exitCode = 1
}
