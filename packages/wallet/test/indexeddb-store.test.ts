// The IndexedDB store, on fake-indexeddb (the IndexedDB API in memory): the same wallet behaviour
// as the SQLite and memory stores, records that come back in the order they were added, a backup
// that moves between it and the memory store, and a later check that promotes a kept badge.
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import { isOb3Error } from '@ob3/core'
import { createMemoryWalletStore, initWallet, openIndexedDbWalletStore, openWallet, restoreWallet } from '@ob3/wallet'
import { FAST, PASSPHRASE, BASE_URL, file, issuer, signedCredential, verifyFn } from './fixtures.js'

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))

describe('the IndexedDB wallet store', () => {
  it('keeps credentials, artifacts, links and shares across reopening, in the order they were added', async () => {
    const indexedDB = new IDBFactory()
    const store = await openIndexedDbWalletStore({ indexedDB, name: 'w1' })
    const wallet = await initWallet({ store, passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
    const by = await issuer()
    const [a, b] = [file('a'), file('b')]
    const first = (await wallet.importCredential(await signedCredential(by, wallet.holder, [a, b]))).credentials[0]?.id as string
    const second = (await wallet.importCredential(await signedCredential(by, wallet.holder, []))).credentials[0]?.id as string
    expect((await wallet.importCredential(await signedCredential(by, wallet.holder, []))).credentials[0]?.status).toBe('imported')
    const da = await wallet.addArtifact({ bytes: a.bytes, name: 'a.bin', credentialId: first })
    expect(da.linkedTo).toEqual([first])
    expect((await wallet.addArtifact({ bytes: a.bytes })).inserted).toBe(false)
    expect(await codeOf(wallet.addArtifact({ bytes: file('stranger').bytes, credentialId: first }))).toBe('ERR_OB3_ARTIFACT_MISMATCH')
    const { share } = await wallet.share({ credentialIds: [first], artifactDigests: [da.digest], expiresAt: '2099-01-01T00:00:00Z', baseUrl: BASE_URL })
    await wallet.close()

    const reopened = await openWallet({ store: await openIndexedDbWalletStore({ indexedDB, name: 'w1' }), passphrase: PASSPHRASE, verify: verifyFn })
    expect(reopened.holder).toBe(wallet.holder)
    const ids = (await reopened.listCredentials()).map((c) => c.id)
    expect(ids.slice(0, 2)).toEqual([first, second])
    expect(ids).toHaveLength(3)
    expect((await reopened.listArtifacts()).map((x) => [x.digest, x.name, x.size])).toEqual([[da.digest, 'a.bin', 64]])
    expect((await reopened.readArtifact(da.digest)).bytes).toEqual(a.bytes)
    expect(await reopened.store.listLinks({ credentialId: first })).toEqual([{ credentialId: first, digest: da.digest }])
    expect((await reopened.listShares()).map((s) => [s.id, s.state])).toEqual([[share.id, 'active']])
    expect(await reopened.check()).toMatchObject({ ok: true })
    expect(await codeOf(openWallet({ store: await openIndexedDbWalletStore({ indexedDB, name: 'w1' }), passphrase: 'not the passphrase' }))).toBe('ERR_OB3_WALLET_PASSPHRASE')
    await reopened.close()
    expect(await codeOf(reopened.listCredentials())).toBe('ERR_OB3_STORE_CLOSED')
  })

  it('refuses to initialize a store that holds a wallet, and leaves it as it was', async () => {
    const indexedDB = new IDBFactory()
    const store = await openIndexedDbWalletStore({ indexedDB, name: 'w2' })
    const wallet = await initWallet({ store, passphrase: PASSPHRASE, ...FAST })
    expect(await codeOf(initWallet({ store, passphrase: PASSPHRASE, ...FAST }))).toBe('ERR_OB3_WALLET_EXISTS')
    expect(JSON.parse(await store.getMeta('holder') as string).did).toBe(wallet.holder)
  })

  it('moves a backup between the memory store and IndexedDB, both ways, with its artifacts', async () => {
    const memory = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
    const by = await issuer()
    const a = file('evidence')
    const id = (await memory.importCredential(await signedCredential(by, memory.holder, [a]))).credentials[0]?.id as string
    const { digest } = await memory.addArtifact({ bytes: a.bytes, name: 'evidence.bin' })
    const backup = await memory.exportWallet(PASSPHRASE)

    const indexedDB = new IDBFactory()
    const inBrowser = await restoreWallet({ store: await openIndexedDbWalletStore({ indexedDB }), backup, passphrase: PASSPHRASE, verify: verifyFn })
    expect(inBrowser.holder).toBe(memory.holder)
    expect((await inBrowser.listCredentials()).map((c) => c.id)).toEqual([id])
    expect((await inBrowser.readArtifact(digest)).bytes).toEqual(a.bytes)
    expect(await inBrowser.store.listLinks()).toEqual([{ credentialId: id, digest }])

    const back = await restoreWallet({ store: createMemoryWalletStore(), backup: await inBrowser.exportWallet(PASSPHRASE), passphrase: PASSPHRASE })
    expect((await back.listCredentials()).map((c) => c.id)).toEqual([id])
    expect((await back.readArtifact(digest)).bytes).toEqual(a.bytes)
  })

  it('records a later check: a kept credential becomes verified', async () => {
    const store = await openIndexedDbWalletStore({ indexedDB: new IDBFactory() })
    const wallet = await initWallet({ store, passphrase: PASSPHRASE, ...FAST, verify: async () => ({ verified: false, checks: [{ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE', message: 'offline' }] }) })
    const by = await issuer()
    const [kept] = (await wallet.importCredential(await signedCredential(by, wallet.holder, []), { quarantine: true })).credentials
    expect(kept?.status).toBe('quarantined')
    await store.updateCredentialCheck(kept?.id as string, 'verified', JSON.stringify({ verified: true, checks: [] }))
    expect((await store.getCredential(kept?.id as string))?.state).toBe('verified')
    expect(await codeOf(store.updateCredentialCheck('urn:nothing', 'verified', '{}'))).toBe('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND')
  })
})
