import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { checkWallet, createMemoryWalletStore, initWallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { FAST, PASSPHRASE, file, issuer, signedCredential, verifyFn } from './fixtures.js'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

/** A wallet file with two credentials and their artifacts, closed; then `alter` runs SQL on it. */
async function alteredWallet(alter: (db: Database.Database, ids: { c1: string; c2: string; a1: string; a2: string }) => void) {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-check-'))
  dirs.push(dir)
  const path = join(dir, 'wallet.db')
  const wallet = await initWallet({ store: await openSqliteWalletStore({ path }), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
  const by = await issuer()
  const [f1, f2] = [file('one'), file('two')]
  const c1 = (await wallet.importCredential(await signedCredential(by, wallet.holder, [f1]))).credentials[0]?.id as string
  const c2 = (await wallet.importCredential(await signedCredential(by, wallet.holder, [f2]))).credentials[0]?.id as string
  const a1 = (await wallet.addArtifact({ bytes: f1.bytes })).digest
  const a2 = (await wallet.addArtifact({ bytes: f2.bytes })).digest
  expect((await wallet.check()).ok).toBe(true)
  await wallet.close()
  const db = new Database(path)
  alter(db, { c1, c2, a1, a2 })
  db.close()
  const store = await openSqliteWalletStore({ path, create: false })
  const check = await checkWallet({ store })
  await store.close()
  return check
}

describe('checkWallet', () => {
  it('passes a sound wallet and counts what it holds', async () => {
    const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, ...FAST })
    expect(await wallet.check()).toEqual({ ok: true, problems: [], counts: { credentials: 0, artifacts: 0, links: 0, shares: 0 } })
  })

  it('finds a link the evidence does not justify, and a missing one', async () => {
    const check = await alteredWallet((db, { c1, c2, a1, a2 }) => {
      db.prepare('DELETE FROM artifact_links WHERE credential_id = ? AND digest = ?').run(c1, a1)
      db.prepare('INSERT INTO artifact_links (credential_id, digest) VALUES (?, ?)').run(c2, a1)
      void a2
    })
    expect(check.ok).toBe(false)
    expect(check.problems.map((p) => p.code)).toEqual(['ERR_OB3_STORE_REFERENCE', 'ERR_OB3_STORE_REFERENCE'])
    expect(check.problems.map((p) => p.message).join('\n')).toMatch(/does not name[\s\S]*not linked/)
  })

  it('finds a credential whose content no longer matches its hash, and an artifact whose bytes do not match its digest', async () => {
    const check = await alteredWallet((db, { c1, a2 }) => {
      db.prepare("UPDATE credentials SET content = replace(content, 'Idea Generating', 'Idea Generator') WHERE id = ?").run(c1)
      db.prepare('UPDATE artifacts SET bytes = zeroblob(64) WHERE digest = ?').run(a2)
    })
    expect(check.problems.map((p) => p.code).sort()).toEqual(['ERR_OB3_STORE_CORRUPT', 'ERR_OB3_WALLET_ARTIFACT_TAMPERED'])
  })

  it('finds a wallet whose holder key record is gone', async () => {
    const check = await alteredWallet((db) => void db.prepare("DELETE FROM wallet_meta WHERE key = 'holder'").run())
    expect(check.problems.map((p) => p.code)).toEqual(['ERR_OB3_WALLET_NOT_INITIALIZED'])
  })
})
