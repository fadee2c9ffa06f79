import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { isOb3Error } from '@ob3/core'
import { createMemoryWalletStore, initWallet, openWallet, type StoredCredential, type WalletStore } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { FAST, PASSPHRASE, file, issuer, signedCredential, verifyFn } from './fixtures.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))
const tempPath = async (name = 'wallet.db') => {
  const d = await mkdtemp(join(tmpdir(), 'ob3-wallet-db-'))
  dirs.push(d)
  return join(d, name)
}
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))

const record = (n: number, evidenceDigests: string[] = []): StoredCredential => ({
  id: `urn:example:${n}`, contentHash: `zHash${n}`, format: 'ldp', source: 'json', content: `{"n":${n}}`, evidenceDigests,
  state: 'verified', report: '{"verified":true,"checks":[]}', importedAt: '2026-05-01T00:00:00.000Z',
})
const artifact = (digest: string) => ({ digest, name: `${digest}.bin`, mediaType: null, size: 3, addedAt: '2026-05-01T00:00:00.000Z', bytes: new Uint8Array([1, 2, 3]) })

describe.each([
  ['in memory', async () => createMemoryWalletStore()],
  ['SQLite', async () => openSqliteWalletStore({ path: await tempPath() })],
])('the wallet store (%s)', (_name, make: () => Promise<WalletStore>) => {
  it('adds a credential once, by id or by content hash', async () => {
    const store = await make()
    expect((await store.addCredential(record(1))).inserted).toBe(true)
    expect(await store.addCredential({ ...record(1), contentHash: 'zOther' })).toMatchObject({ inserted: false, record: { id: 'urn:example:1' } })
    expect(await store.addCredential({ ...record(2), contentHash: 'zHash1' })).toMatchObject({ inserted: false, record: { id: 'urn:example:1' } })
    expect((await store.listCredentials()).map((c) => c.id)).toEqual(['urn:example:1'])
    await store.close()
  })

  it('links a credential and an artifact in whichever write comes second', async () => {
    const store = await make()
    await store.addCredential(record(1, ['zA']))
    expect(await store.addArtifact(artifact('zA'))).toEqual({ inserted: true, linkedTo: ['urn:example:1'] })
    expect(await store.addArtifact(artifact('zA'))).toEqual({ inserted: false, linkedTo: ['urn:example:1'] })
    await store.addArtifact(artifact('zB'))
    await store.addCredential(record(2, ['zA', 'zB', 'zC']))
    expect(await store.listLinks({ credentialId: 'urn:example:2' })).toEqual([{ credentialId: 'urn:example:2', digest: 'zA' }, { credentialId: 'urn:example:2', digest: 'zB' }])
    expect((await store.listLinks({ digest: 'zA' })).map((l) => l.credentialId)).toEqual(['urn:example:1', 'urn:example:2'])
    expect(await store.checkStorage()).toEqual([])
    await store.close()
    expect(await codeOf(store.listCredentials())).toBe('ERR_OB3_STORE_CLOSED')
  })

  it('records shares and replaces one by id; initialize refuses a store that is not empty', async () => {
    const store = await make()
    const share = { id: 's1', createdAt: 'a', expiresAt: 'b', kind: 'inline' as const, link: 'l', format: 'ldp' as const, credentialIds: ['x'], artifactDigests: [], challenge: null, domain: null, bundleUrl: null, deleteCapability: null, revokedAt: null }
    await store.putShare(share)
    await store.putShare({ ...share, revokedAt: 'c' })
    expect(await store.listShares()).toEqual([{ ...share, revokedAt: 'c' }])
    expect(await codeOf(store.initialize({ meta: {}, credentials: [], artifacts: [], links: [], shares: [] }))).toBe('ERR_OB3_WALLET_EXISTS')
    await store.close()
  })
})

describe('the SQLite wallet file', () => {
  it('is created readable by its owner only, and keeps what was written across reopening', async () => {
    const path = await tempPath()
    const wallet = await initWallet({ store: await openSqliteWalletStore({ path }), passphrase: PASSPHRASE, ...FAST, verify: verifyFn })
    await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [file('a')]))
    await wallet.close()
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const again = await openWallet({ store: await openSqliteWalletStore({ path, create: false }), passphrase: PASSPHRASE })
    expect((await again.listCredentials()).length).toBe(1)
    expect((await again.check()).ok).toBe(true)
    await again.close()
  })

  it('is not created by a command that only reads (create: false → ERR_OB3_WALLET_NOT_INITIALIZED)', async () => {
    expect(await codeOf(openSqliteWalletStore({ path: await tempPath(), create: false }))).toBe('ERR_OB3_WALLET_NOT_INITIALIZED')
  })

  it('a corrupted wallet file is refused (ERR_OB3_STORE_CORRUPT) and left byte-identical', async () => {
    const path = await tempPath()
    const wallet = await initWallet({ store: await openSqliteWalletStore({ path }), passphrase: PASSPHRASE, ...FAST, verify: verifyFn })
    for (let i = 0; i < 3; i++) await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [file(`f${i}`, 5000)]))
    await wallet.close()
    const original = await readFile(path)
    const damage = async (at: number, bytes: Uint8Array) => {
      await writeFile(path, original)
      const handle = await open(path, 'r+')
      await handle.write(bytes, 0, bytes.length, at)
      await handle.close()
      return readFile(path)
    }
    const pageSize = original.readUInt16BE(16)
    for (const [at, bytes] of [[0, Buffer.from('not a database!!')], [pageSize, Buffer.alloc(64, 0xff)], [pageSize * 2 + 8, Buffer.alloc(200, 0x41)]] as const) {
      const damaged = await damage(at, bytes)
      expect(await codeOf(openSqliteWalletStore({ path })), `damage at ${at}`).toBe('ERR_OB3_STORE_CORRUPT')
      expect((await readFile(path)).equals(damaged), `damage at ${at}: the file was written to`).toBe(true)
    }
  })

  it('a file that is another application\'s database, or not a database at all, is refused and left alone', async () => {
    const path = await tempPath('other.db')
    const other = new Database(path)
    other.exec('CREATE TABLE notes (text TEXT)')
    other.close()
    const before = await readFile(path)
    expect(await codeOf(openSqliteWalletStore({ path }))).toBe('ERR_OB3_STORE_FOREIGN')
    expect((await readFile(path)).equals(before)).toBe(true)
    const text = await tempPath('notes.txt')
    await writeFile(text, 'a shopping list, not a wallet\n'.repeat(100))
    expect(await codeOf(openSqliteWalletStore({ path: text }))).toBe('ERR_OB3_STORE_CORRUPT')
    expect(await readFile(text, 'utf8')).toBe('a shopping list, not a wallet\n'.repeat(100))
  })
})
