/**
 * wallet.share (create-share.ts): what it checks before signing anything, what a share record
 * holds, and how an upload adapter's failures are reported. Shares go to an in-memory host.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { Ob3Error, computeDigestMultibase, decodeShareLink, decryptShareBundle, fromBase64Url, fromUtf8, toBase64Url } from '@ob3/core'
import { createMemoryWalletStore, initWallet, openWallet, type UploadAdapter, type Wallet, type WalletStore } from '@ob3/wallet'
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
let store: WalletStore
let id: string
let digest: string

beforeAll(async () => {
  store = createMemoryWalletStore()
  wallet = await initWallet({ store, passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
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

/** The payload of a compact JWS, as JSON. */
const jwtPayload = (jwt: string) => JSON.parse(fromUtf8(fromBase64Url(jwt.split('.')[1] as string))) as Record<string, unknown>

/** Import a credential naming `files` as evidence into `into`; its id. */
async function importWith(into: Wallet, files: ReturnType<typeof file>[]): Promise<string> {
  const { credentials } = await into.importCredential(await signedCredential(await issuer(), into.holder, files))
  return credentials[0]?.id as string
}

describe('wallet.share: what it checks, precisely', () => {
  it('a wallet opened without its passphrase shares nothing: ERR_OB3_WALLET_LOCKED', async () => {
    const locked = await openWallet({ store, verify: verifyFn })
    expect(await errorOf(locked.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL }))).toMatchObject({
      code: 'ERR_OB3_WALLET_LOCKED', message: 'sharing needs the holder key: open the wallet with its passphrase',
    })
  })

  it('names expiresAt when it is not a date', async () => {
    expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: 'next week', baseUrl: BASE_URL })))
      .toEqual(new TypeError('share: expiresAt must be a Date or an ISO 8601 date-time'))
  })

  it('refuses an artifact of another credential in the wallet that is not shared', async () => {
    const other = file('other-credential-work', 24)
    await importWith(wallet, [other])
    const { digest: otherDigest, linkedTo } = await wallet.addArtifact({ bytes: other.bytes, name: 'other.bin' })
    expect(linkedTo).toHaveLength(1)
    expect(await errorOf(wallet.share({ credentialIds: [id], artifactDigests: [otherDigest], expiresAt: inDays(1), baseUrl: BASE_URL }))).toMatchObject({
      code: 'ERR_OB3_ARTIFACT_MISMATCH', message: `the artifact ${otherDigest} belongs to none of the shared credentials`,
    })
  })

  it('an artifact name the share format refuses (over 1,024 characters) is that refusal, not a long-link error', async () => {
    const long = file('long-name-work', 16)
    const longId = await importWith(wallet, [long])
    // The vault refuses such a name when a file is added; a vault written before it did may hold one.
    expect(await errorOf(wallet.addArtifact({ bytes: long.bytes, name: 'n'.repeat(1025) }))).toMatchObject({ code: 'ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG' })
    const longDigest = await computeDigestMultibase(long.bytes)
    await wallet.store.addArtifact({ digest: longDigest, name: 'n'.repeat(1025), mediaType: null, size: long.bytes.length, addedAt: '2026-01-01T00:00:00.000Z', bytes: long.bytes })
    expect(await errorOf(wallet.share({ credentialIds: [longId], artifactDigests: [longDigest], expiresAt: inDays(1), baseUrl: BASE_URL }))).toMatchObject({
      code: 'ERR_OB3_SHARE_LINK_INVALID', message: 'artifact 1 of the share has no name (a string of at most 1024 characters)',
    })
  })

  it('a share too long for a link, without an upload adapter: the refusal keeps the encoder\'s error as its cause', async () => {
    const error = await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, format: 'jwt' }))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG' })
    expect((error as Error).cause).toMatchObject({ code: 'ERR_OB3_SHARE_LINK_TOO_LONG', details: error?.details })
    expect((error as Error).cause).not.toBe(error)
  })

  it('an adapter that throws a plain error: ERR_OB3_SHARE_UPLOAD_FAILED keeps it as the cause', async () => {
    const disk = new Error('disk full')
    const host = memoryHost(async () => { throw disk })
    const error = await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: host.adapter, revocable: true }))
    expect(error).toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED' })
    expect((error as Error).cause).toBe(disk)
  })

  it('an adapter answering a url that only contains http(s)://, or lacks the //: ERR_OB3_SHARE_UPLOAD_FAILED', async () => {
    for (const url of ['see https://x.example/1', 'https:/x.example/1', 'https:x.example/1', 'httpss://x.example/1', 'ws://x.example/1']) {
      const host = memoryHost(async () => ({ url, deleteCapability: 'd' }))
      expect(await errorOf(wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, upload: host.adapter, revocable: true })), url)
        .toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED', message: 'the upload adapter returned no http(s) url and deleteCapability' })
    }
  })
})

describe('wallet.share: what the share holds, precisely', () => {
  it('an artifact stored without a name or a media type is shared under its digest, as application/octet-stream, with its bytes', async () => {
    const bare = file('bare-work', 20)
    const bareId = await importWith(wallet, [bare])
    const { digest: bareDigest } = await wallet.addArtifact({ bytes: bare.bytes })
    const { link } = await wallet.share({ credentialIds: [bareId], artifactDigests: [bareDigest], expiresAt: inDays(1), baseUrl: BASE_URL })
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'inline') throw new Error('expected an inline link')
    expect(decoded.document.artifacts).toEqual([{ name: bareDigest, mediaType: 'application/octet-stream', data: toBase64Url(bare.bytes) }])
  })

  it('a share without artifacts carries none', async () => {
    const { link, share } = await wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL })
    expect(share.artifactDigests).toEqual([])
    const decoded = await decodeShareLink(link)
    if (decoded.kind !== 'inline') throw new Error('expected an inline link')
    expect(decoded.document.artifacts).toEqual([])
    expect(decoded.document.presentation).toMatchObject({ type: ['VerifiablePresentation'], holder: wallet.holder })
  })

  it('signs the challenge and the domain into the presentation: the proof (ldp) or nonce and aud (jwt)', async () => {
    const host = memoryHost()
    const options = { credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, challenge: 'c-2', domain: 'district.example', upload: host.adapter }
    const ldp = await wallet.share(options)
    expect(ldp.presentation.format).toBe('ldp')
    expect(ldp.presentation.presentation.proof).toMatchObject({ challenge: 'c-2', domain: 'district.example', proofPurpose: 'authentication' })
    const jwt = await wallet.share({ ...options, format: 'jwt' })
    expect(jwtPayload(jwt.presentation.jwt as string)).toMatchObject({ nonce: 'c-2', aud: 'district.example' })
    const plain = await wallet.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL, format: 'jwt', upload: host.adapter })
    expect(jwtPayload(plain.presentation.jwt as string)).not.toHaveProperty('nonce')
    expect(plain.share).toMatchObject({ challenge: null, domain: null, format: 'jwt', kind: 'hosted' })
  })

  it('records when it was made by the wallet\'s clock, and keeps the host\'s delete capability for revoking', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2030-03-04T05:06:07.000Z') })
    try {
      const deleted: [string, string][] = []
      const adapter: UploadAdapter = {
        put: async () => ({ url: 'https://shares.example/b/9', deleteCapability: 'secret-9' }),
        delete: async (url, capability) => void deleted.push([url, capability]),
      }
      const { share } = await wallet.share({ credentialIds: [id], expiresAt: '2030-03-05T00:00:00Z', baseUrl: BASE_URL, upload: adapter, revocable: true })
      expect(share).toMatchObject({ createdAt: '2030-03-04T05:06:07.000Z', expiresAt: '2030-03-05T00:00:00Z', state: 'active', revokedAt: null })
      vi.setSystemTime(new Date('2030-03-04T06:00:00.000Z'))
      expect(await wallet.revokeShare(share.id, { upload: adapter })).toMatchObject({ state: 'revoked', revokedAt: '2030-03-04T06:00:00.000Z', createdAt: '2030-03-04T05:06:07.000Z' })
      expect(deleted).toEqual([['https://shares.example/b/9', 'secret-9']])
    } finally {
      vi.useRealTimers()
    }
  })
})
