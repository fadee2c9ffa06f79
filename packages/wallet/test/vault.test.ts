import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { computeDigestMultibase, computeDigestSri, isOb3Error } from '@ob3/core'
import { MAX_ARTIFACT_BYTES, MAX_ARTIFACT_NAME_LENGTH, checkWallet, createMemoryWalletStore, initWallet, type Wallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { FAST, PASSPHRASE, credential, file, issuer, signedCredential, verifyFn } from './fixtures.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))
const memoryWallet = () => initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })

async function sqliteWallet(): Promise<{ wallet: Wallet; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-vault-'))
  dirs.push(dir)
  const path = join(dir, 'wallet.db')
  return { wallet: await initWallet({ store: await openSqliteWalletStore({ path }), passphrase: PASSPHRASE, verify: verifyFn, ...FAST }), path }
}

describe('the artifact vault', () => {
  it('stores each file once, under its SHA-256 digestMultibase', async () => {
    const wallet = await memoryWallet()
    const a = file('lesson-plan')
    const first = await wallet.addArtifact({ bytes: a.bytes, name: 'lesson-plan.pdf', mediaType: 'application/pdf' })
    expect(first).toEqual({ digest: await computeDigestMultibase(a.bytes), inserted: true, linkedTo: [] })
    expect((await wallet.addArtifact({ bytes: a.bytes, name: 'copy.pdf' })).inserted).toBe(false)
    expect((await wallet.listArtifacts()).map((x) => [x.digest, x.name, x.size])).toEqual([[first.digest, 'lesson-plan.pdf', 64]])
    expect((await wallet.readArtifact(first.digest)).bytes).toEqual(a.bytes)
    expect(await codeOf(wallet.readArtifact('zQmNotThere'))).toBe('ERR_OB3_WALLET_ARTIFACT_NOT_FOUND')
  })

  it('links artifacts to the credentials whose evidence names them, whichever comes first', async () => {
    const wallet = await memoryWallet()
    const by = await issuer()
    const [a, b] = [file('a'), file('b')]
    const before = await wallet.addArtifact({ bytes: a.bytes })
    const { credentials } = await wallet.importCredential(await signedCredential(by, wallet.holder, [a, b]))
    const id = credentials[0]?.id as string
    const after = await wallet.addArtifact({ bytes: b.bytes, name: 'b.bin' })
    expect(after.linkedTo).toEqual([id])
    expect((await wallet.store.listLinks({ credentialId: id })).map((l) => l.digest).sort()).toEqual([before.digest, after.digest].sort())
    expect((await wallet.check()).ok).toBe(true)
  })

  it('lists, per evidence entry: present, missing, or does not match', async () => {
    const wallet = await memoryWallet()
    const by = await issuer()
    const [a, b, c] = [file('a'), file('b'), file('c')]
    // The third entry's digestSRI is of another file: whatever the vault holds cannot match both digests.
    const unsigned = await credential(by, wallet.holder, [a, b, c])
    const evidence = unsigned.evidence as Record<string, unknown>[]
    ;(evidence[2] as Record<string, unknown>).digestSRI = await computeDigestSri(file('other').bytes)
    const { credentials } = await wallet.importCredential(await by.sign(unsigned))
    const id = credentials[0]?.id as string
    await wallet.addArtifact({ bytes: a.bytes, name: 'a.bin' })
    await wallet.addArtifact({ bytes: c.bytes, name: 'c.bin' })
    expect((await wallet.artifactStatus(id)).map((e) => [e.evidence, e.state])).toEqual([['a.bin', 'present'], ['b.bin', 'missing'], ['c.bin', 'mismatch']])
    expect(await codeOf(wallet.artifactStatus('urn:example:none'))).toBe('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND')
  })

  it('re-checks the digest on every read: a tampered vault file is detected (ERR_OB3_WALLET_ARTIFACT_TAMPERED)', async () => {
    const { wallet, path } = await sqliteWallet()
    const a = file('student-work', 4096)
    const { credentials } = await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [a]))
    const { digest } = await wallet.addArtifact({ bytes: a.bytes, name: 'student-work.png' })
    // Someone edits the file's bytes inside the wallet database.
    const db = new Database(path)
    db.prepare('UPDATE artifacts SET bytes = ? WHERE digest = ?').run(Buffer.from(file('forged', 4096).bytes), digest)
    db.close()
    expect(await codeOf(wallet.readArtifact(digest))).toBe('ERR_OB3_WALLET_ARTIFACT_TAMPERED')
    expect((await wallet.artifactStatus(credentials[0]?.id as string))[0]).toMatchObject({ state: 'mismatch' })
    const check = await checkWallet({ store: wallet.store })
    expect(check.ok).toBe(false)
    expect(check.problems.map((p) => p.code)).toEqual(['ERR_OB3_WALLET_ARTIFACT_TAMPERED'])
    await wallet.close()
  })

  it(`refuses a file over ${MAX_ARTIFACT_BYTES} bytes (100 MiB) with ERR_OB3_WALLET_ARTIFACT_TOO_LARGE`, async () => {
    const wallet = await memoryWallet()
    const err = await wallet.addArtifact({ bytes: new Uint8Array(MAX_ARTIFACT_BYTES + 1) }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ERR_OB3_WALLET_ARTIFACT_TOO_LARGE', details: { limit: 100 * 1024 * 1024 } })
    expect(await wallet.listArtifacts()).toEqual([])
  })

  it(`keeps a name of ${MAX_ARTIFACT_NAME_LENGTH} characters and refuses a longer one with ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG, storing nothing`, async () => {
    const wallet = await memoryWallet()
    const err = await wallet.addArtifact({ bytes: file('a').bytes, name: 'n'.repeat(MAX_ARTIFACT_NAME_LENGTH + 1) }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG', details: { length: 1025, limit: 1024 } })
    expect(await wallet.listArtifacts()).toEqual([])
    const kept = await wallet.addArtifact({ bytes: file('a').bytes, name: 'n'.repeat(MAX_ARTIFACT_NAME_LENGTH) })
    expect(kept.inserted).toBe(true)
    expect((await wallet.listArtifacts()).map((a) => a.name?.length)).toEqual([1024])
  })

  it('with credentialId, refuses a file that is none of that credential\'s artifacts (ERR_OB3_ARTIFACT_MISMATCH)', async () => {
    const wallet = await memoryWallet()
    const { credentials } = await wallet.importCredential(await signedCredential(await issuer(), wallet.holder, [file('a')]))
    const id = credentials[0]?.id as string
    expect((await wallet.addArtifact({ bytes: file('a').bytes, credentialId: id })).linkedTo).toEqual([id])
    expect(await codeOf(wallet.addArtifact({ bytes: file('not-it').bytes, credentialId: id }))).toBe('ERR_OB3_ARTIFACT_MISMATCH')
    expect(await codeOf(wallet.addArtifact({ bytes: file('a').bytes, credentialId: 'urn:example:none' }))).toBe('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND')
    expect((await wallet.listArtifacts()).length).toBe(1)
  })
})
