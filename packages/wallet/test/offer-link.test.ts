import { describe, expect, it } from 'vitest'
import { createResourceFetch, isOb3Error } from '@ob3/core'
import { createMemoryWalletStore, initWallet } from '@ob3/wallet'
import { FAST, PASSPHRASE, bakedPng, issuer, signedCredential, verifyFn } from './fixtures.js'

const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))

describe('importing from an offer link', () => {
  it('fetches the credential the issuer offers at a URL (JSON or a baked badge), verifies it and keeps it', async () => {
    const resources = new Map<string, Uint8Array | string>()
    const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, fetch: createResourceFetch({ resources }), ...FAST })
    const by = await issuer()
    resources.set('https://academy.example/offers/7f3a', JSON.stringify(await signedCredential(by, wallet.holder)))
    resources.set('https://academy.example/offers/badge-9c1', await bakedPng(await signedCredential(by, wallet.holder)))
    const fromJson = await wallet.importCredential('https://academy.example/offers/7f3a')
    const fromPng = await wallet.importCredential('https://academy.example/offers/badge-9c1')
    expect(fromJson.credentials).toHaveLength(1)
    expect(fromPng.credentials).toHaveLength(1)
    expect((await wallet.listCredentials()).length).toBe(2)
  })

  it('says why when the offer cannot be fetched', async () => {
    const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, fetch: createResourceFetch({ resources: {} }), ...FAST })
    expect(await codeOf(wallet.importCredential('https://academy.example/offers/gone'))).toBe('ERR_OB3_FETCH_FORBIDDEN')
    const offline = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
    expect(await codeOf(offline.importCredential('https://academy.example/offers/7f3a'))).toBe('ERR_OB3_FETCH_FORBIDDEN')
  })
})
