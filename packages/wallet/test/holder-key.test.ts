import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519Key, isOb3Error } from '@ob3/core'
import { createMemoryWalletStore, initWallet, openWallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { BASE_URL, FAST, PASSPHRASE, inDays, issuer, signedCredential, verifyFn } from './fixtures.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'ob3-wallet-key-'))
  dirs.push(d)
  return d
}
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))

describe('the holder key', () => {
  it('is a did:key Ed25519 key, its secret sealed with scrypt (N ≥ 2^15, r = 8, p = 1, random salt) and XChaCha20-Poly1305', async () => {
    const store = createMemoryWalletStore()
    const wallet = await initWallet({ store, passphrase: PASSPHRASE, ...FAST })
    expect(wallet.holder).toMatch(/^did:key:z6Mk/)
    expect(wallet.keyId).toBe(`${wallet.holder}#${wallet.holder.slice('did:key:'.length)}`)
    const record = JSON.parse((await store.getMeta('holder')) as string)
    expect(record.sealed).toMatchObject({ kdf: { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 }, cipher: 'xchacha20-poly1305' })
    expect(JSON.stringify(record)).not.toContain('secretKeyMultibase')
    const other = JSON.parse((await (await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, ...FAST })).store.getMeta('holder')) as string)
    expect(other.sealed.kdf.salt).not.toBe(record.sealed.kdf.salt)
  })

  it('uses N = 2^17 by default and refuses a cost below 2^15', async () => {
    const store = createMemoryWalletStore()
    await initWallet({ store, passphrase: PASSPHRASE })
    expect(JSON.parse((await store.getMeta('holder')) as string).sealed.kdf.N).toBe(2 ** 17)
    expect(await codeOf(initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, scryptN: 2 ** 14 }))).toBe('TypeError')
    expect(await codeOf(initWallet({ store: createMemoryWalletStore(), passphrase: 'short', ...FAST }))).toBe('TypeError')
  })

  it('opens with the passphrase; a wrong one is ERR_OB3_WALLET_PASSPHRASE', async () => {
    const store = createMemoryWalletStore()
    const made = await initWallet({ store, passphrase: PASSPHRASE, ...FAST })
    const opened = await openWallet({ store, passphrase: PASSPHRASE })
    expect([opened.holder, opened.unlocked]).toEqual([made.holder, true])
    expect(await codeOf(openWallet({ store, passphrase: 'wrong horse battery staple' }))).toBe('ERR_OB3_WALLET_PASSPHRASE')
  })

  it('opened without the passphrase, the wallet lists and imports but signs nothing (ERR_OB3_WALLET_LOCKED)', async () => {
    const store = createMemoryWalletStore()
    const { holder } = await initWallet({ store, passphrase: PASSPHRASE, ...FAST })
    const locked = await openWallet({ store, verify: verifyFn })
    expect(locked.unlocked).toBe(false)
    const { credentials } = await locked.importCredential(await signedCredential(await issuer(), holder))
    const id = credentials[0]?.id as string
    expect(await codeOf(locked.createPresentation({ credentialIds: [id] }))).toBe('ERR_OB3_WALLET_LOCKED')
    expect(await codeOf(locked.share({ credentialIds: [id], expiresAt: inDays(1), baseUrl: BASE_URL }))).toBe('ERR_OB3_WALLET_LOCKED')
  })

  it('can be an existing did:key key; one without its secret is refused', async () => {
    const key = await generateEd25519Key()
    const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, key, ...FAST })
    expect(wallet.holder).toBe(key.controller)
    const { secretKeyMultibase: _s, ...publicOnly } = key
    expect(await codeOf(initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, key: publicOnly, ...FAST }))).toBe('TypeError')
  })

  it('a store holds one wallet: init twice is ERR_OB3_WALLET_EXISTS; open on an empty store is ERR_OB3_WALLET_NOT_INITIALIZED', async () => {
    const store = createMemoryWalletStore()
    expect(await codeOf(openWallet({ store, passphrase: PASSPHRASE }))).toBe('ERR_OB3_WALLET_NOT_INITIALIZED')
    await initWallet({ store, passphrase: PASSPHRASE, ...FAST })
    expect(await codeOf(initWallet({ store, passphrase: PASSPHRASE, ...FAST }))).toBe('ERR_OB3_WALLET_EXISTS')
  })

  it('the passphrase is written nowhere: not in the wallet file, its WAL, nor the key record', async () => {
    const dir = await tempDir()
    const path = join(dir, 'wallet.db')
    const store = await openSqliteWalletStore({ path })
    const passphrase = 'a unique passphrase 7f3a9c'
    const wallet = await initWallet({ store, passphrase, ...FAST, verify: verifyFn })
    await wallet.importCredential(await signedCredential(await issuer(), wallet.holder))
    await wallet.share({ credentialIds: [(await wallet.listCredentials())[0]?.id as string], expiresAt: inDays(1), baseUrl: BASE_URL })
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name))
      expect(bytes.includes(Buffer.from(passphrase)), name).toBe(false)
      expect(bytes.includes(Buffer.from(passphrase, 'utf16le')), name).toBe(false)
    }
    await wallet.close()
    for (const name of await readdir(dir)) expect(await readFile(join(dir, name))).not.toContain(Buffer.from(passphrase))
  })
})
