/** `ob3 verify --resources` serves unbundled JSON-LD contexts; `--allow-context` names others. */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CREDENTIALS_V2_URL, createDocumentLoader, createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof } from '@ob3/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const DCC_URL = 'https://w3id.org/dcc/v1'
const DCC_CONTEXT = { '@context': { '@protected': true, learnerRecordNote: 'https://w3id.org/dcc#learnerRecordNote' } }

let dir: string
beforeAll(async () => {
  dir = await tempDir()
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
  const document = {
    '@context': [CREDENTIALS_V2_URL, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', DCC_URL],
    id: 'urn:uuid:6f1c1f4e-0000-4000-8000-00000000dcc1',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.controller, type: ['Profile'], name: 'Northwind Educator Academy' },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Idea Generating',
    learnerRecordNote: 'Issued through the DCC Learner Credential Wallet',
    credentialSubject: { id: 'did:example:ana', type: ['AchievementSubject'], achievement: { id: 'https://academy.example/a', type: ['Achievement'], name: 'Idea Generating', description: 'Ideas first.', criteria: { narrative: 'A lesson plan.' } } },
  }
  const signed = await signLinkedDataProof({ document, signer: await createEd25519Signer(key), created: new Date('2026-01-01T00:00:00Z'), documentLoader: createDocumentLoader({ contexts: { [DCC_URL]: DCC_CONTEXT } }) })
  await writeFile(join(dir, 'dcc.json'), JSON.stringify(signed))
  await writeFile(join(dir, 'dcc-v1.jsonld'), JSON.stringify(DCC_CONTEXT))
  await writeFile(join(dir, 'map.json'), JSON.stringify({ [DCC_URL]: 'dcc-v1.jsonld' }))
  await writeFile(join(dir, 'empty-map.json'), '{}')
})
afterAll(removeTempDirs)

const check = (stdout: string, id: string) => (JSON.parse(stdout) as { checks: { id: string; status: string; code?: string }[] }).checks.find((c) => c.id === id)

describe('ob3 verify and unbundled contexts', () => {
  it('--resources mapping the context: context and proof pass, exit 0', async () => {
    const r = await runCli(['verify', 'dcc.json', '--resources', 'map.json', '--now', '2026-06-01T00:00:00Z', '--json'], dir)
    expect(check(r.stdout, 'context')).toMatchObject({ status: 'passed' })
    expect(check(r.stdout, 'proof')).toMatchObject({ status: 'passed' })
    expect(r.code).toBe(0)
  })

  it('not mapped: context fails with ERR_OB3_CONTEXT_NOT_ALLOWED, exit 1', async () => {
    const r = await runCli(['verify', 'dcc.json', '--resources', 'empty-map.json', '--now', '2026-06-01T00:00:00Z', '--json'], dir)
    expect(check(r.stdout, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
    expect(r.code).toBe(1)
  })

  it('--allow-context fetches the named context through the network fetch', async () => {
    const asked: string[] = []
    const fetch = (async (input: string | URL | Request) => {
      asked.push(String(input instanceof Request ? input.url : input))
      return new Response(JSON.stringify(DCC_CONTEXT), { headers: { 'content-type': 'application/ld+json' } })
    }) as typeof globalThis.fetch
    const r = await runCli(['verify', 'dcc.json', '--allow-context', DCC_URL, '--now', '2026-06-01T00:00:00Z', '--json'], dir, { fetch })
    expect(check(r.stdout, 'proof')).toMatchObject({ status: 'passed' })
    expect(asked).toEqual([DCC_URL])
    const bad = await runCli(['verify', 'dcc.json', '--allow-context', 'dcc-v1.jsonld'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--allow-context needs an http(s) URL')
  })
})
