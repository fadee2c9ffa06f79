/**
 * wallet.share (create-share.ts): what it checks before signing anything, what a share record
 * holds, and how an upload adapter's failures are reported. Shares go to an in-memory host.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { Ob3Error, decodeShareLink, decryptShareBundle } from '@ob3/core'
import { createMemoryWalletStore, initWallet, type UploadAdapter, type Wallet } from '@ob3/wallet'
import { BASE_URL, FAST, PASSPHRASE, file, inDays, issuer, signedCredential, verifyFn } from './fixtures.js'

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as Error & { code?: string; details?: Record<string, unknown> })

/** An upload adapter keeping bundles in a map, recording what it was given. */
function memoryHost(put?: UploadAdapter['put']) {
  const bundles = new Map<string, Uint8Array>()
  const calls: { size: number; expiresAt: string }[] = []
  const adapter: UploadAdapter = {
    put: put ?? (async (bundle, options) => {
      calls.push({ size: bundle.length, expiresAt: options.expiresAt })
      const url = `https://shares.example/b/${bundles.size + 1}`
      bundles.set(url, bundle)
      return { url, deleteCapability: `delete-${bundles.size}` }
    }),
    delete: async (url) => void bundles.delete(url),
  }
  return { adapter, bundles, calls }
}

let wallet: Wallet
let id: string
let digest: string

beforeAll(async () => {
  wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
  const a = file('student-work-a', 40)
  const { credentials } = await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [a]))
  id = credentials[0]?.id as string
  digest = (await wallet.addArtifact({ bytes: a.bytes, name: 'work-a.png', mediaType: 'image/png' })).digest
}, 60_000)

describe('wallet.share: its arguments', () => {
  it('needs a base URL without a fragment, an expiry, credential ids as an array, digests as strings', async () => {
    const ok = { credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL }
    for (const baseUrl of ['', `${BASE_URL}#x`, 7]) {
      expect(await errorOf(wallet.share({ ...ok, baseUrl: baseUrl as string }))).toEqual(new TypeError('share: baseUrl must be a URL without a fragment (#)'))
    }
    expect(await errorOf(wallet.share({ ...ok, expiresAt: undefined as never }))).toEqual(new TypeError('share: expiresAt is required (every share expires)'))
    expect(await errorOf(wallet.share({ ...ok, credentialIds: id as never }))).toEqual(new TypeError('share: credentialIds must be an array of credential ids'))
    expect(await errorOf(wallet.share({ ...ok, artifactDigests: [digest, 5 as never] }))).toEqual(new TypeError('share: artifactDigests must be strings'))
  })

  it('refuses an artifact that belongs to none of the shared credentials, naming it', async () => {
    const { digest: stray } = await wallet.addArtifact({ bytes: file('unrelated').bytes })
    const error = await errorOf(wallet.share({ credentialIds: [id], artifactDigests: [stray], expiresAt: inDays(1), baseUrl: BASE_URL }))
    expect(error).toMatchObject({ code: 'ERR_OB3_ARTIFACT_MISMATCH', message: `the artifact ${stray} belongs to none of the shared credentials`, details: { digest: stray } })
  })
})

describe('wallet.share: the share it makes', () => {
  it('an inline share: the link holds the presentation and the artifact with its name and type; ids and digests listed once', async () => {
    const expiresAt = new Date('2031-05-06T07:08:09.750Z')
    const { link, share } = await wallet.share({ credentialIds: [id, id], artifactDigests: [digest, digest], expiresAt, baseUrl: BASE_URL })
    expect(share).toMatchObject({ kind: 'inline', credentialIds: [id], artifactDigests: [digest], expiresAt: '2031-05-06T07:08:09Z', challenge: null, domain: null, bundleUrl: null, state: 'active' })
    expect(link).toBe(share.link)
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'inline') throw new Error('expected an inline link')
    expect(decoded.document.artifacts).toEqual([{ name: 'work-a.png', mediaType: 'image/png', data: expect.any(String) }])
    expect((await wallet.listShares()).find((s) => s.id === share.id)).toMatchObject({ kind: 'inline', link })
  })

  it('a share too long for a link goes to the host when there is one (a VP-JWT here), and is refused with the length when not', async () => {
    const options = { credentialIds: [id], expiresAt: inDays(2), baseUrl: BASE_URL, challenge: 'c-1', domain: 'district.example', format: 'jwt' as const }
    const refused = await errorOf(wallet.share(options))
    expect(refused).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG', details: { length: expect.any(Number), limit: 2000 } })
    expect(refused?.message).toBe(`the share is too large for an inline link (${String(refused?.details?.length)} characters; at most 2000 fit a QR code): pass an upload adapter so it goes to a share host`)
    const host = memoryHost()
    const { link, share, presentation } = await wallet.share({ ...options, upload: host.adapter })
    expect(share).toMatchObject({ kind: 'hosted', challenge: 'c-1', domain: 'district.example', format: 'jwt' })
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'hosted') throw new Error('expected a hosted link')
    expect((await decryptShareBundle(host.bundles.get(decoded.bundleUrl) as Uint8Array, decoded.key)).presentation).toBe(presentation.jwt)
  })

  it('a revocable share goes to the host: encrypted under the key in the link, with the share\'s expiry; the record keeps the delete capability', async () => {
    const host = memoryHost()
    const { link, share } = await wallet.share({ credentialIds: [id], artifactDigests: [digest], expiresAt: '2031-01-01T00:00:00Z', baseUrl: BASE_URL, upload: host.adapter, revocable: true })
    expect(share).toMatchObject({ kind: 'hosted', bundleUrl: 'https://shares.example/b/1', link })
    expect(share).not.toHaveProperty('deleteCapability')
    expect(host.calls).toEqual([{ size: expect.any(Number), expiresAt: '2031-01-01T00:00:00Z' }])
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'hosted') throw new Error('expected a hosted link')
    expect(decoded.bundleUrl).toBe('https://shares.example/b/1')
    const document = await decryptShareBundle(host.bundles.get(decoded.bundleUrl) as Uint8Array, decoded.key)
    expect(document.artifacts.map((a) => a.name)).toEqual(['work-a.png'])
    await wallet.revokeShare(share.id, { upload: host.adapter })
    expect(host.bundles.size).toBe(0)
  })

  it('a revocable share without an upload adapter is a TypeError, and nothing is recorded', async () => {
    const before = (await wallet.listShares()).length
    expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, revocable: true }))).toEqual(new TypeError('share: a revocable share goes to a share host: pass options.upload'))
    expect(await wallet.listShares()).toHaveLength(before)
  })
})

describe('wallet.share: an upload adapter that fails', () => {
  it('an adapter that throws: ERR_OB3_SHARE_UPLOAD_FAILED with its message; its own Ob3Error passes through', async () => {
    const thrown = memoryHost(async () => { throw new Error('disk full') })
    expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: thrown.adapter, revocable: true })))
      .toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED', message: 'the upload adapter failed: disk full' })
    const coded = memoryHost(async () => { throw new Ob3Error('ERR_OB3_FETCH_FAILED', 'the share host answered HTTP 507') })
    expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: coded.adapter, revocable: true })))
      .toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: 'the share host answered HTTP 507' })
  })

  it('an adapter that answers without an http(s) url or a delete capability: ERR_OB3_SHARE_UPLOAD_FAILED', async () => {
    for (const answer of [undefined, {}, { url: 'ftp://x/1', deleteCapability: 'd' }, { url: 'https://x/1' }, { url: 7, deleteCapability: 'd' }, { url: 'https://x/1', deleteCapability: 5 }]) {
      const host = memoryHost(async () => answer as never)
      expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: host.adapter, revocable: true })), JSON.stringify(answer))
        .toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED', message: 'the upload adapter returned no http(s) url and deleteCapability' })
    }
    const plain = memoryHost(async () => ({ url: 'http://localhost:8080/b/1', deleteCapability: 'd' }))
    expect((await wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: plain.adapter, revocable: true })).share.bundleUrl).toBe('http://localhost:8080/b/1')
  })
})
