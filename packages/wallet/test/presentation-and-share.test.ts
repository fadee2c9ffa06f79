import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeShareLink, decodeVcJwt, isOb3Error, openShareLink, shareArtifactFiles, toBase64Url } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { createMemoryWalletStore, initWallet, type Wallet } from '@ob3/wallet'
import { createDirectoryUploadAdapter } from '@ob3/wallet/node'
import { BASE_URL, FAST, PASSPHRASE, file, inDays, issuer, signedCredential, verifyFn } from './fixtures.js'

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))
const checkOf = (report: { checks: { id: string; status: string; code?: string }[] }, id: string) => report.checks.find((c) => c.id === id)
const PUBLIC = 'https://shares.example.org/b/'

let wallet: Wallet
let id: string
let digests: string[]
let bundles: string
/** Serves the bundle directory to the verifier, as a static host would. */
const hostFetch = (async (url: string | URL | Request) => {
  const name = String(url).slice(PUBLIC.length)
  try {
    return new Response(await readFile(join(bundles, name)))
  } catch {
    return new Response(null, { status: 404 })
  }
}) as typeof fetch

beforeAll(async () => {
  bundles = await mkdtemp(join(tmpdir(), 'ob3-bundles-'))
  wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
  const [a, b] = [file('student-work-a', 40), file('student-work-b', 4000)]
  const { credentials } = await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [a, b]))
  id = credentials[0]?.id as string
  digests = [(await wallet.addArtifact({ bytes: a.bytes, name: 'work-a.png', mediaType: 'image/png' })).digest, (await wallet.addArtifact({ bytes: b.bytes, name: 'work-b.png', mediaType: 'image/png' })).digest]
})
afterAll(() => rm(bundles, { recursive: true, force: true }))
const upload = () => createDirectoryUploadAdapter({ directory: bundles, publicBaseUrl: PUBLIC })

describe('presentations', () => {
  it('are signed by the holder (eddsa-rdfc-2022, authentication) with challenge, domain and validUntil, and verify', async () => {
    const { presentation, format, jwt } = await wallet.createPresentation({ credentialIds: [id], challenge: 'c-123', domain: 'hr.district.example', expiresAt: inDays(2) })
    expect([format, jwt]).toEqual(['ldp', null])
    expect(presentation).toMatchObject({ type: ['VerifiablePresentation'], holder: wallet.holder, proof: { cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'authentication', challenge: 'c-123', domain: 'hr.district.example' } })
    expect(presentation.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    const report = await verify({ input: presentation, challenge: 'c-123', domain: 'hr.district.example' })
    expect([report.verified, checkOf(report, 'holder')?.status, checkOf(report, 'expiry-of-share')?.status]).toEqual([true, 'passed', 'passed'])
    expect(checkOf(await verify({ input: presentation, challenge: 'another' }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH' })
  })

  it('can be a VP-JWT: nonce, aud and exp carry the challenge, domain and expiry', async () => {
    const { jwt } = await wallet.createPresentation({ credentialIds: [id], format: 'jwt', challenge: 'n-1', domain: 'hr.district.example', expiresAt: inDays(1) })
    const { payload, header } = decodeVcJwt(jwt as string)
    expect(header).toMatchObject({ alg: 'EdDSA', kid: wallet.keyId })
    expect(payload).toMatchObject({ iss: wallet.holder, nonce: 'n-1', aud: 'hr.district.example', type: ['VerifiablePresentation'] })
    expect(typeof payload.exp).toBe('number')
    expect((await verify({ input: jwt as string, challenge: 'n-1', domain: 'hr.district.example' })).verified).toBe(true)
  })

  it('refuse unknown credentials and an expiry in the past', async () => {
    expect(await codeOf(wallet.createPresentation({ credentialIds: ['urn:example:none'] }))).toBe('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND')
    expect(await codeOf(wallet.createPresentation({ credentialIds: [id], expiresAt: inDays(-1) }))).toBe('TypeError')
    expect(await codeOf(wallet.createPresentation({ credentialIds: [] }))).toBe('TypeError')
  })
})

/** Every share these tests make expires at this one instant, a week ahead, on a whole second (shares keep seconds). */
const SHARE_EXPIRY = new Date(Math.floor(inDays(7).getTime() / 1000) * 1000)

describe('shares', () => {
  it('small: an inline link carrying the presentation and the chosen artifact; it verifies, and fails once expired', async () => {
    const { link, share } = await wallet.share({ credentialIds: [id], artifactDigests: [digests[0] as string], expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL })
    expect([share.kind, share.state, share.bundleUrl]).toEqual(['inline', 'active', null])
    expect(link.length).toBeLessThanOrEqual(2000)
    const document = await openShareLink(link, { fetch: undefined })
    expect(document.artifacts.map((a) => a.name)).toEqual(['work-a.png'])
    const report = await verify({ input: document.presentation, artifacts: shareArtifactFiles(document) })
    expect(report.verified).toBe(true)
    expect(checkOf(report, 'artifacts')?.status).toBe('passed')
    const later = await verify({ input: document.presentation, artifacts: shareArtifactFiles(document), now: inDays(8) })
    expect(checkOf(later, 'expiry-of-share')).toMatchObject({ status: 'failed', code: 'ERR_OB3_SHARE_EXPIRED' })
  })

  it('large: an encrypted bundle through the upload adapter; the host holds ciphertext only', async () => {
    const { link, share } = await wallet.share({ credentialIds: [id], artifactDigests: digests, expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL, upload: upload() })
    expect(share.kind).toBe('hosted')
    expect(share.bundleUrl?.startsWith(PUBLIC)).toBe(true)
    const stored = await readFile(join(bundles, (share.bundleUrl as string).slice(PUBLIC.length)))
    expect(stored.includes(Buffer.from('VerifiablePresentation'))).toBe(false)
    expect(stored.includes(Buffer.from(wallet.holder))).toBe(false)
    const document = await openShareLink(link, { fetch: hostFetch })
    expect((await verify({ input: document.presentation, artifacts: shareArtifactFiles(document) })).verified).toBe(true)
  })

  it('too large for an inline link and no upload adapter: ERR_OB3_SHARE_LINK_TOO_LONG', async () => {
    expect(await codeOf(wallet.share({ credentialIds: [id], artifactDigests: digests, expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL }))).toBe('ERR_OB3_SHARE_LINK_TOO_LONG')
  })

  it('revocable: hosted even when small; revoking deletes the bundle, and the link then fails with ERR_OB3_SHARE_GONE', async () => {
    const { link, share } = await wallet.share({ credentialIds: [id], expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL, upload: upload(), revocable: true })
    expect(share.kind).toBe('hosted')
    expect((await openShareLink(link, { fetch: hostFetch })).v).toBe(1)
    const before = (await readdir(bundles)).length
    const revoked = await wallet.revokeShare(share.id, { upload: upload() })
    expect(revoked.state).toBe('revoked')
    expect((await readdir(bundles)).length).toBe(before - 1)
    expect(await codeOf(openShareLink(link, { fetch: hostFetch }))).toBe('ERR_OB3_SHARE_GONE')
    expect((await wallet.revokeShare(share.id, { upload: upload() })).state).toBe('revoked')
  })

  it('an inline share cannot be revoked (ERR_OB3_SHARE_NOT_REVOCABLE); an unknown one is ERR_OB3_SHARE_NOT_FOUND', async () => {
    const { share } = await wallet.share({ credentialIds: [id], expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL })
    expect(await codeOf(wallet.revokeShare(share.id, { upload: upload() }))).toBe('ERR_OB3_SHARE_NOT_REVOCABLE')
    expect(await codeOf(wallet.revokeShare('no-such-share'))).toBe('ERR_OB3_SHARE_NOT_FOUND')
  })

  it('are listed with their expiry and state, without the delete capability', async () => {
    const shares = await wallet.listShares()
    expect(shares.length).toBeGreaterThanOrEqual(4)
    expect(shares.filter((s) => 'deleteCapability' in s)).toEqual([])
    expect(new Set(shares.map((s) => s.expiresAt))).toEqual(new Set([`${SHARE_EXPIRY.toISOString().slice(0, 19)}Z`]))
    expect(new Set(shares.map((s) => s.state))).toEqual(new Set(['active', 'revoked']))
  })

  it('refuse an artifact of no shared credential (ERR_OB3_ARTIFACT_MISMATCH) and a share without expiry', async () => {
    const { digest } = await wallet.addArtifact({ bytes: file('unrelated').bytes })
    expect(await codeOf(wallet.share({ credentialIds: [id], artifactDigests: [digest], expiresAt: inDays(1), baseUrl: BASE_URL }))).toBe('ERR_OB3_ARTIFACT_MISMATCH')
    expect(await codeOf(wallet.share({ credentialIds: [id], baseUrl: BASE_URL } as never))).toBe('TypeError')
  })

  it('an altered link fails, saying why: in decoding, decryption, or the verifier\'s checks', async () => {
    const { link } = await wallet.share({ credentialIds: [id], artifactDigests: [digests[0] as string], expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL })
    // One character of the compressed payload changed.
    const at = link.length - 40
    const flipped = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1)
    const outcome = await openShareLink(flipped, { fetch: undefined }).then(
      async (d) => (await verify({ input: d.presentation, artifacts: shareArtifactFiles(d) })).verified,
      (err: unknown) => (err as { code: string }).code,
    )
    expect([false, 'ERR_OB3_SHARE_LINK_INVALID', 'ERR_OB3_JSON_INVALID']).toContain(outcome)
    // A re-encoded share whose artifact was swapped: the artifacts check names the file.
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'inline') throw new Error('expected inline')
    const swapped = { ...decoded.document, artifacts: [{ ...(decoded.document.artifacts[0] as { name: string; mediaType: string }), data: toBase64Url(file('forged', 40).bytes) }] }
    const report = await verify({ input: swapped.presentation, artifacts: shareArtifactFiles(swapped) })
    expect(checkOf(report, 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH' })
    // A hosted link whose key was changed cannot be decrypted.
    const hosted = await wallet.share({ credentialIds: [id], expiresAt: SHARE_EXPIRY, baseUrl: BASE_URL, upload: upload(), revocable: true })
    const badKey = hosted.link.replace(/\.[A-Za-z0-9_-]{43}$/, `.${toBase64Url(new Uint8Array(32))}`)
    expect(await codeOf(openShareLink(badKey, { fetch: hostFetch }))).toBe('ERR_OB3_SHARE_DECRYPT_FAILED')
  })
})
