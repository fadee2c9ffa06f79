/**
 * ob3's own test vectors (`test-vectors/`, made by `scripts/make-vectors.ts`): each one is
 * verified from its files, offline, at its recorded time, and the report must be the recorded one.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createResourceFetch, resolveVerificationMethod, verifyLinkedDataProof } from '@ob3/core'
import { CHECK_IDS, verify, type CheckId } from '@ob3/verifier'
import type { CaseFile } from '../../../scripts/make-vectors.js'

const VECTORS = fileURLToPath(new URL('../../../test-vectors/', import.meta.url))

/**
 * Vectors whose recorded expectation is right and which the verifier does not meet yet: their
 * test is `it.fails`, so it turns red (and must be moved back to `it`) once the bug is fixed.
 */
const KNOWN_BUGS: Readonly<Record<string, string>> = {}

const names = readdirSync(VECTORS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort()

function readCase(name: string): CaseFile {
  return JSON.parse(readFileSync(join(VECTORS, name, 'case.json'), 'utf8')) as CaseFile
}

function bytesOf(name: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(VECTORS, name, file)))
}

describe('test-vectors/', () => {
  it('holds the cases (valid and broken) the verifier is held to', () => {
    expect(names.length).toBeGreaterThanOrEqual(40)
    expect(names.filter((n) => n.startsWith('valid-')).length).toBeGreaterThanOrEqual(12)
    expect(Object.keys(KNOWN_BUGS).filter((n) => !names.includes(n)), 'known bugs name vectors that exist').toEqual([])
  })

  it('valid-two-proofs: each of its two proofs verifies on its own, not just one of them', async () => {
    const document = JSON.parse(readFileSync(join(VECTORS, 'valid-two-proofs', 'credential.json'), 'utf8')) as Record<string, unknown>
    const proofs = document.proof as Record<string, unknown>[]
    expect(proofs.map((p) => p.cryptosuite ?? p.type)).toEqual(['eddsa-rdfc-2022', 'Ed25519Signature2020'])
    for (const proof of proofs) {
      const outcome = await verifyLinkedDataProof({ document, proof, resolveKey: (vm) => resolveVerificationMethod(vm) })
      expect(outcome, String(proof.type)).toMatchObject({ verified: true })
    }
  })
})

describe.each(names)('vector %s', (name) => {
  const vector = readCase(name)
  const bug = KNOWN_BUGS[name]
  const test = bug === undefined ? it : it.fails
  const outcome = vector.expected.verified ? 'verified' : vector.expected.failed.map((f) => `${f.check} ${f.code}`).join(', ')

  test(`verifies to ${outcome}${bug === undefined ? '' : ` (known bug: ${bug})`}`, async () => {
    const resources = Object.fromEntries(Object.entries(vector.resources ?? {}).map(([url, file]) => [url, bytesOf(name, file)]))
    const report = await verify({
      input: bytesOf(name, vector.input),
      label: `${name}/${vector.input}`,
      fetch: createResourceFetch({ resources }),
      now: new Date(vector.now),
    })
    const check = (id: CheckId) => report.checks.find((c) => c.id === id)
    const summary = report.checks.map((c) => `${c.id}: ${c.status}${c.code === undefined ? '' : ` ${c.code}`} — ${c.message}`).join('\n')

    expect(report.verified, summary).toBe(vector.expected.verified)
    for (const failure of vector.expected.failed) {
      expect(check(failure.check), summary).toMatchObject({ status: 'failed', code: failure.code })
    }
    const expectedFailed = new Set<string>(vector.expected.failed.map((f) => f.check))
    const otherFailed = report.checks.filter((c) => c.status === 'failed' && !expectedFailed.has(c.id))
    expect(otherFailed, summary).toEqual([])
    // The recorded warnings are all the warnings: a new one is a change of behaviour too.
    expect(report.checks.filter((c) => c.status === 'warning').map((c) => c.id), summary).toEqual(
      CHECK_IDS.filter((id) => vector.expected.warnings?.includes(id) === true),
    )
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS)
  })
})
