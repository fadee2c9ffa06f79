import { describe, expect, it } from 'vitest'
import { bakeSvg, encodeHostedShareLink, encryptShareBundle, isOb3Error, toBase64Url } from '@ob3/core'
import { createMemoryWalletStore, initWallet, type ImportVerification } from '@ob3/wallet'
import { BASE_URL, FAST, PASSPHRASE, bakedPng, credential, file, inDays, issuer, plainPng, signedCredential, verifyFn } from './fixtures.js'

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))
const newWallet = (fetch?: typeof globalThis.fetch) =>
  initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST, ...(fetch === undefined ? {} : { fetch }) })
/** The error an import was refused with. */
const refusal = (p: Promise<unknown>) => p.then(() => ({ code: 'none', details: { report: { verified: true, checks: [] } } }), (e: unknown) => e as { code: string; details: { report: ImportVerification } })
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

describe('importing credentials', () => {
  it('imports JSON, a VC-JWT, a baked PNG and a baked SVG, each verified first', async () => {
    const wallet = await newWallet()
    const by = await issuer()
    const json = await signedCredential(by, wallet.holder)
    const jwt = await by.signJwt(await credential(by, wallet.holder))
    const png = await bakedPng(await signedCredential(by, wallet.holder))
    const svg = await bakeSvg({ image: SVG, credential: await signedCredential(by, wallet.holder) })
    const seen: string[] = []
    for (const [input, label] of [[json, 'badge.json'], [jwt, 'badge.jwt'], [png, 'badge.png'], [new TextEncoder().encode(svg), 'badge.svg']] as const) {
      const { credentials } = await wallet.importCredential(input, { label })
      expect(credentials.map((c) => [c.status, c.report.verified])).toEqual([['imported', true]])
      seen.push(credentials[0]?.id as string)
    }
    const listed = await wallet.listCredentials()
    expect(listed.map((c) => [c.id, c.format, c.source, c.state])).toEqual([
      [seen[0], 'ldp', 'json', 'verified'], [seen[1], 'jwt', 'jwt', 'verified'], [seen[2], 'ldp', 'png', 'verified'], [seen[3], 'ldp', 'svg', 'verified'],
    ])
    expect(listed[1]?.jwt).toBe(jwt)
    expect(listed[0]).toMatchObject({ name: 'Idea Generating', issuer: { id: by.id, name: 'Northwind Educator Academy' }, subject: wallet.holder })
  })

  it('detects a re-import of the same credential, by id or by content, and does not duplicate it', async () => {
    const wallet = await newWallet()
    const signed = await signedCredential(await issuer(), wallet.holder)
    await wallet.importCredential(signed)
    expect((await wallet.importCredential(JSON.stringify(signed, null, 2))).credentials[0]?.status).toBe('duplicate')
    expect((await wallet.importCredential(await bakedPng(signed))).credentials[0]?.status).toBe('duplicate')
    // OB 3.0 requires an id; one without (kept as quarantined) is known by its content hash.
    const { id: _id, ...withoutId } = await credential(await issuer(), wallet.holder)
    const anonymous = await (await issuer()).sign(withoutId)
    const first = await wallet.importCredential(anonymous, { quarantine: true })
    expect(first.credentials[0]?.id).toMatch(/^urn:ob3:content:z/)
    expect((await wallet.importCredential(anonymous, { quarantine: true })).credentials[0]).toMatchObject({ status: 'duplicate', id: first.credentials[0]?.id })
    expect((await wallet.listCredentials()).length).toBe(2)
  })

  it('refuses a credential that fails verification, with its report (ERR_OB3_WALLET_IMPORT_REFUSED)', async () => {
    const wallet = await newWallet()
    const tampered = { ...(await signedCredential(await issuer(), wallet.holder)), name: 'Master Teacher' }
    const err = await refusal(wallet.importCredential(tampered))
    expect(err.code).toBe('ERR_OB3_WALLET_IMPORT_REFUSED')
    expect(err.details.report.verified).toBe(false)
    expect(err.details.report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    expect(await wallet.listCredentials()).toEqual([])
  })

  it('keeps a failing credential apart as quarantined when asked, and never presents it (ERR_OB3_WALLET_QUARANTINED)', async () => {
    const wallet = await newWallet()
    const tampered = { ...(await signedCredential(await issuer(), wallet.holder)), name: 'Master Teacher' }
    const { credentials } = await wallet.importCredential(tampered, { quarantine: true })
    expect(credentials[0]).toMatchObject({ status: 'quarantined', report: { verified: false } })
    expect((await wallet.getCredential(credentials[0]?.id as string)).state).toBe('quarantined')
    expect(await codeOf(wallet.createPresentation({ credentialIds: [credentials[0]?.id as string] }))).toBe('ERR_OB3_WALLET_QUARANTINED')
  })

  it('refuses input that is no credential, with the reason\'s code', async () => {
    const wallet = await newWallet()
    expect(await codeOf(wallet.importCredential('hello'))).toBe('ERR_OB3_FORMAT_UNKNOWN')
    expect(await codeOf(wallet.importCredential('{"a": '))).toBe('ERR_OB3_JSON_INVALID')
    expect(await codeOf(wallet.importCredential(plainPng()))).toBe('ERR_OB3_PNG_NO_CREDENTIAL')
    expect(await codeOf(wallet.importCredential('https://verify.example.org/#ob3s1.i.AAAA'))).toBe('ERR_OB3_SHARE_LINK_INVALID')
    expect(await codeOf(wallet.importCredential({ type: ['VerifiablePresentation'] }))).toBe('ERR_OB3_NOT_A_CREDENTIAL')
    const noVerify = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, ...FAST })
    expect(await codeOf(noVerify.importCredential(await signedCredential(await issuer(), noVerify.holder)))).toBe('TypeError')
  })

  it('imports from an inline share link: the credentials, and the shared files into the vault', async () => {
    const teacher = await newWallet()
    const a = file('work-a')
    const { credentials } = await teacher.importCredential(await signedCredential(await issuer(), teacher.holder, [a, file('work-b')]))
    const { digest } = await teacher.addArtifact({ bytes: a.bytes, name: 'work-a.bin' })
    const { link, share } = await teacher.share({ credentialIds: [credentials[0]?.id as string], artifactDigests: [digest], expiresAt: inDays(7), baseUrl: BASE_URL })
    expect(share.kind).toBe('inline')
    const other = await newWallet()
    const imported = await other.importCredential(link)
    expect(imported).toEqual({ credentials: [expect.objectContaining({ id: credentials[0]?.id, status: 'imported' })], artifacts: [digest] })
    expect((await other.artifactStatus(credentials[0]?.id as string)).map((e) => e.state)).toEqual(['present', 'missing'])
    expect((await other.check()).ok).toBe(true)
  })

  it('imports from a hosted share link through the wallet\'s fetch; a link that was altered is refused', async () => {
    const teacher = await newWallet()
    const { credentials } = await teacher.importCredential(await signedCredential(await issuer(), teacher.holder))
    const { presentation } = await teacher.createPresentation({ credentialIds: [credentials[0]?.id as string], expiresAt: inDays(1) })
    const { key, bundle } = await encryptShareBundle({ v: 1, presentation, artifacts: [] })
    const fetch = (async () => new Response(bundle as Uint8Array<ArrayBuffer>)) as typeof globalThis.fetch
    const link = encodeHostedShareLink({ baseUrl: BASE_URL, bundleUrl: 'https://shares.example.org/b/1', key })
    expect((await (await newWallet(fetch)).importCredential(link)).credentials[0]?.status).toBe('imported')
    const otherKey = encodeHostedShareLink({ baseUrl: BASE_URL, bundleUrl: 'https://shares.example.org/b/1', key: crypto.getRandomValues(new Uint8Array(32)) })
    expect(await codeOf((await newWallet(fetch)).importCredential(otherKey))).toBe('ERR_OB3_SHARE_DECRYPT_FAILED')
    // A presentation changed after the holder signed it: its holder proof fails, so the import is refused.
    const changed = { ...presentation, validUntil: inDays(365).toISOString().replace(/\.\d{3}Z$/, 'Z') }
    const forged = await encryptShareBundle({ v: 1, presentation: changed, artifacts: [] }, key)
    const forgedFetch = (async () => new Response(forged.bundle as Uint8Array<ArrayBuffer>)) as typeof globalThis.fetch
    const err = await refusal((await newWallet(forgedFetch)).importCredential(link))
    expect(err.code).toBe('ERR_OB3_WALLET_IMPORT_REFUSED')
    expect(err.details.report.checks.find((c) => c.id === 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    expect(toBase64Url(key)).toHaveLength(43)
  })
})
