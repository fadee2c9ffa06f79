import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isOb3Error } from '@ob3/core'
import { createMemoryWalletStore, initWallet, restoreWallet, type Wallet, type WalletStore } from '@ob3/wallet'
import { createDirectoryUploadAdapter, openSqliteWalletStore } from '@ob3/wallet/node'
import { BASE_URL, FAST, PASSPHRASE, file, inDays, issuer, signedCredential, verifyFn } from './fixtures.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))

/** Everything a store holds, for comparing two wallets. */
async function contents(store: WalletStore) {
  const artifacts = await Promise.all((await store.listArtifacts()).map((a) => store.getArtifact(a.digest)))
  return {
    meta: await Promise.all(['format', 'holder', 'createdAt'].map((k) => store.getMeta(k))),
    credentials: await store.listCredentials(),
    artifacts: artifacts.map((a) => ({ ...a, bytes: [...(a?.bytes ?? [])] })),
    links: await store.listLinks(),
    shares: await store.listShares(),
  }
}

async function fullWallet(): Promise<Wallet> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-backup-'))
  dirs.push(dir)
  const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
  const by = await issuer()
  const [a, b, c] = [file('a', 30), file('b', 3000), file('c', 500)]
  const first = (await wallet.importCredential(await signedCredential(by, wallet.holder, [a, b]))).credentials[0]?.id as string
  await wallet.importCredential(await by.signJwt(await (await import('./fixtures.js')).credential(by, wallet.holder, [c])))
  await wallet.importCredential({ ...(await signedCredential(by, wallet.holder)), name: 'Altered' }, { quarantine: true })
  for (const f of [a, b, c]) await wallet.addArtifact({ bytes: f.bytes, name: f.name, mediaType: f.mediaType })
  await wallet.addArtifact({ bytes: file('loose').bytes })
  const upload = createDirectoryUploadAdapter({ directory: dir, publicBaseUrl: 'https://shares.example.org/' })
  await wallet.share({ credentialIds: [first], expiresAt: inDays(5), baseUrl: BASE_URL })
  const hosted = await wallet.share({ credentialIds: [first], artifactDigests: [(await wallet.listArtifacts())[1]?.digest as string], expiresAt: inDays(5), baseUrl: BASE_URL, upload, revocable: true })
  await wallet.revokeShare(hosted.share.id, { upload })
  return wallet
}

describe('backup', () => {
  it('export → restore into an empty store gives back the same wallet', async () => {
    const wallet = await fullWallet()
    const backup = await wallet.exportWallet(PASSPHRASE)
    expect(new TextDecoder().decode(backup.subarray(0, 16))).toBe('OB3WALLETBACKUP1')
    expect(Buffer.from(backup).includes(Buffer.from('Idea Generating'))).toBe(false)
    const dir = await mkdtemp(join(tmpdir(), 'ob3-restore-'))
    dirs.push(dir)
    const restored = await restoreWallet({ store: await openSqliteWalletStore({ path: join(dir, 'restored.db') }), backup, passphrase: PASSPHRASE, verify: verifyFn })
    expect(await contents(restored.store)).toEqual(await contents(wallet.store))
    expect(restored.holder).toBe(wallet.holder)
    expect((await restored.check()).ok).toBe(true)
    // The restored key signs: it is the same holder.
    const id = (await restored.listCredentials())[0]?.id as string
    expect((await restored.createPresentation({ credentialIds: [id] })).presentation.holder).toBe(wallet.holder)
    await restored.close()
  })

  it('needs the wallet\'s passphrase, to export and to restore (ERR_OB3_WALLET_PASSPHRASE)', async () => {
    const wallet = await fullWallet()
    expect(await codeOf(wallet.exportWallet('not the passphrase'))).toBe('ERR_OB3_WALLET_PASSPHRASE')
    const backup = await wallet.exportWallet(PASSPHRASE)
    expect(await codeOf(restoreWallet({ store: createMemoryWalletStore(), backup, passphrase: 'not the passphrase' }))).toBe('ERR_OB3_WALLET_PASSPHRASE')
  })

  it('restores only into an empty store (ERR_OB3_WALLET_EXISTS), and refuses a changed or foreign file', async () => {
    const wallet = await fullWallet()
    const backup = await wallet.exportWallet(PASSPHRASE)
    expect(await codeOf(restoreWallet({ store: wallet.store, backup, passphrase: PASSPHRASE }))).toBe('ERR_OB3_WALLET_EXISTS')
    const changed = backup.slice()
    changed[changed.length - 100] = (changed[changed.length - 100] as number) ^ 1
    expect(await codeOf(restoreWallet({ store: createMemoryWalletStore(), backup: changed, passphrase: PASSPHRASE }))).toBe('ERR_OB3_WALLET_PASSPHRASE')
    expect(await codeOf(restoreWallet({ store: createMemoryWalletStore(), backup: new TextEncoder().encode('{"not":"a backup"}'), passphrase: PASSPHRASE }))).toBe('ERR_OB3_WALLET_BACKUP_INVALID')
  })
})
