import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  createEd25519Signer, createResourceFetch, decodeShareLink, ed25519KeyFromSeed, encodeHostedShareLink, encodeShareLink,
  encryptShareBundle, signLinkedDataProof, toBase64Url, type ShareDocument,
} from '@ob3/core'
import { verify } from '../src/index.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const credential = JSON.parse(readFileSync(new URL('../../../test-vectors/valid-two-artifacts/credential.json', import.meta.url), 'utf8')) as Record<string, unknown>
const PAGE = 'https://verify.example/'

async function shareDocument(artifacts: ShareDocument['artifacts'] = []): Promise<ShareDocument> {
  // the vectors' recipient key (seed 0x03) is the credential's subject
  const holder = await ed25519KeyFromSeed(new Uint8Array(32).fill(3))
  const presentation = await signLinkedDataProof({
    document: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [credential] },
    signer: await createEd25519Signer(holder),
    proofPurpose: 'authentication',
    created: NOW,
  })
  return { v: 1, presentation, artifacts }
}

describe('verifying a share link', () => {
  it('opens an inline link and verifies its presentation: format "link", holder checked', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: await shareDocument(), maxLength: 100_000 })
    expect(link.startsWith(`${PAGE}#ob3s1.i.`)).toBe(true)
    const report = await verify({ input: link, label: 'link', now: NOW })
    expect(report).toMatchObject({ format: 'link', kind: 'presentation', verified: true })
    expect(report.checks.find((c) => c.id === 'parse')?.message).toMatch(/^a share link holding /)
    expect(report.checks.find((c) => c.id === 'holder')).toMatchObject({ status: 'passed' })
  })

  it('checks the shared files against the evidence digests', async () => {
    const good = await shareDocument([{ name: 'lesson.txt', mediaType: 'text/plain', data: toBase64Url(new TextEncoder().encode('not the file the issuer assessed')) }])
    const report = await verify({ input: await encodeShareLink({ baseUrl: PAGE, document: good, maxLength: 100_000 }), now: NOW })
    expect(report.checks.find((c) => c.id === 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH' })
  })

  it('fails a tampered link that still decodes: the changed presentation fails its proof, the parse passes', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: await shareDocument(), maxLength: 100_000 })
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'inline') throw new Error('expected an inline link')
    // Someone re-encodes the share with the credential's name changed: a well-formed link.
    const presentation = structuredClone(decoded.document.presentation) as Record<string, unknown>
    const [vc] = presentation.verifiableCredential as Record<string, unknown>[]
    ;(vc as Record<string, unknown>).name = 'Master Teacher'
    const tampered = await encodeShareLink({ baseUrl: PAGE, document: { ...decoded.document, presentation }, maxLength: 100_000 })
    expect(tampered).not.toBe(link)
    expect((await decodeShareLink(tampered)).kind).toBe('inline')
    const report = await verify({ input: tampered, now: NOW })
    expect(report).toMatchObject({ format: 'link', kind: 'presentation', verified: false })
    expect(report.checks[0]).toMatchObject({ id: 'parse', status: 'passed' })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    // The untouched link verifies: it is the change that fails, not the re-encoding.
    expect((await verify({ input: await encodeShareLink({ baseUrl: PAGE, document: decoded.document, maxLength: 100_000 }), now: NOW })).verified).toBe(true)
  })

  it('fails a corrupted link at parse, saying why', async () => {
    const link = await encodeShareLink({ baseUrl: PAGE, document: await shareDocument(), maxLength: 100_000 })
    const corrupt = link.slice(0, -12) + 'AAAAAAAAAAAA'
    const report = await verify({ input: corrupt, now: NOW })
    expect(report.verified).toBe(false)
    expect(report.checks[0]).toMatchObject({ id: 'parse', status: 'failed', code: 'ERR_OB3_SHARE_LINK_INVALID' })
  })

  it('opens a hosted bundle through the fetch, and fails expiry-of-share once the host no longer has it', async () => {
    const { key, bundle } = await encryptShareBundle(await shareDocument())
    const bundleUrl = 'https://shares.example/s/abc123'
    const link = encodeHostedShareLink({ baseUrl: PAGE, bundleUrl, key })
    let present = true
    const fetch = createResourceFetch({ resources: { [bundleUrl]: async () => (present ? bundle : undefined) } })
    expect(await verify({ input: link, fetch, now: NOW })).toMatchObject({ verified: true, format: 'link' })
    present = false
    const gone = await verify({ input: link, fetch, now: NOW })
    expect(gone.verified).toBe(false)
    expect(gone.checks.find((c) => c.id === 'expiry-of-share')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SHARE_GONE' })
    expect(gone.checks.find((c) => c.id === 'parse')).toMatchObject({ status: 'passed' })
  })
})
