/**
 * Importing Open Badges 2.0 assertions — a teacher's badges from other platforms — into the wallet:
 * hosted (JSON, or a PNG holding its URL), signed (a JWS by a generated RSA key); stored with format
 * `ob2`, verified first, never put in a presentation; a v1 SQLite wallet is brought to v2 without
 * losing what it holds.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createResourceFetch, isOb3Error, parsePngChunks, serializePngChunks, toBase64Url } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { createMemoryWalletStore, initWallet, openWallet, type VerifyFunction, type WalletStore } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST, PASSPHRASE, plainPng, signedCredential, issuer } from './fixtures.js'

const OB2 = 'https://w3id.org/openbadges/v2'
const ISSUER = 'https://badges.example/issuer'
const BADGE = 'https://badges.example/badges/idea-generating'
const ASSERTION = 'https://badges.example/assertions/1'
const KEY = 'https://badges.example/keys/1'
const NOW = new Date('2026-06-01T00:00:00Z')
const recipient = { type: 'email', hashed: false, identity: 'ana.rivera@example.org' }
const hosted = (extra: Record<string, unknown> = {}) => ({ '@context': OB2, id: ASSERTION, type: 'Assertion', recipient, badge: BADGE, verification: { type: 'hosted' }, issuedOn: '2026-01-01T00:00:00Z', ...extra })
const signed = { '@context': OB2, id: 'urn:uuid:5d2f0000-0000-4000-8000-0000000000b2', type: 'Assertion', recipient, badge: BADGE, verification: { type: 'signed', creator: KEY }, issuedOn: '2026-01-01T00:00:00Z' }

let keys: CryptoKeyPair
let fetch: typeof globalThis.fetch
let token: string
const dirs: string[] = []

beforeAll(async () => {
  keys = await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])
  const der = Buffer.from(await crypto.subtle.exportKey('spki', keys.publicKey)).toString('base64')
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${der}\n-----END PUBLIC KEY-----`
  const docs = {
    [ISSUER]: { '@context': OB2, id: ISSUER, type: 'Issuer', name: 'Northwind Educator Academy', url: 'https://badges.example', email: 'badges@badges.example', publicKey: KEY },
    [BADGE]: { '@context': OB2, id: BADGE, type: 'BadgeClass', name: 'Idea Generating', description: 'Ideas first.', image: 'https://badges.example/idea.png', criteria: 'https://badges.example/criteria', issuer: ISSUER },
    [ASSERTION]: hosted(),
    [KEY]: { '@context': OB2, id: KEY, type: 'CryptographicKey', owner: ISSUER, publicKeyPem },
  }
  fetch = createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([url, doc]) => [url, JSON.stringify(doc)])) })
  const input = `${toBase64Url(new TextEncoder().encode('{"alg":"RS256"}'))}.${toBase64Url(new TextEncoder().encode(JSON.stringify(signed)))}`
  token = `${input}.${toBase64Url(new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, new TextEncoder().encode(input))))}`
})
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

/** The verifier, reading the issuer's site from the in-test map. */
const verifyOb2: VerifyFunction = (request) => verify({ ...request, fetch, now: NOW })
const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (isOb3Error(err) ? err.code : (err as Error).name))
const newWallet = (store: WalletStore = createMemoryWalletStore()) => initWallet({ store, passphrase: PASSPHRASE, verify: verifyOb2, fetch, ...FAST })

function bakedPng(text: string): Uint8Array {
  const chunks = [...parsePngChunks(plainPng())]
  const data = new Uint8Array([...new TextEncoder().encode('openbadges\0\0\0\0\0'), ...new TextEncoder().encode(text)])
  return serializePngChunks([chunks[0] as (typeof chunks)[number], { type: 'iTXt', data }, ...chunks.slice(1)])
}

describe('importing Open Badges 2.0 assertions', () => {
  it('imports a hosted one (JSON), a signed one (JWS) and a PNG holding a hosted URL, as format ob2', async () => {
    const wallet = await newWallet()
    const a = await wallet.importCredential(JSON.stringify(hosted()), { label: 'badge.json' })
    expect(a.credentials).toMatchObject([{ id: ASSERTION, status: 'imported', name: 'Idea Generating' }])
    expect((a.credentials[0]?.report as unknown as { specification: string }).specification).toBe('ob2')
    const b = await wallet.importCredential(token, { label: 'badge.jws' })
    expect(b.credentials).toMatchObject([{ id: signed.id, status: 'imported' }])
    // The same hosted assertion, baked: known by its id.
    expect((await wallet.importCredential(bakedPng(ASSERTION))).credentials[0]).toMatchObject({ id: ASSERTION, status: 'duplicate' })
    const listed = await wallet.listCredentials()
    expect(listed.map((c) => [c.id, c.format, c.source, c.state])).toEqual([[ASSERTION, 'ob2', 'json', 'verified'], [signed.id, 'ob2', 'jwt', 'verified']])
    expect(listed[0]).toMatchObject({ name: 'Idea Generating', issuer: { id: ISSUER, name: 'Northwind Educator Academy' }, subject: 'ana.rivera@example.org', validFrom: '2026-01-01T00:00:00Z', jwt: null })
    expect(listed[1]?.jwt).toBe(token)
    expect(listed[1]?.credential).toMatchObject({ id: signed.id, badge: BADGE })
  })

  it('imports a baked PNG of a hosted URL, reading the assertion through the wallet\'s fetch', async () => {
    const wallet = await newWallet()
    expect((await wallet.importCredential(bakedPng(ASSERTION))).credentials[0]).toMatchObject({ id: ASSERTION, status: 'imported' })
    expect((await wallet.listCredentials()).map((c) => [c.format, c.source])).toEqual([['ob2', 'png']])
  })

  it('refuses one that fails verification (ERR_OB3_WALLET_IMPORT_REFUSED), and never presents one (ERR_OB3_OB2_NOT_PRESENTABLE)', async () => {
    const wallet = await newWallet()
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.${toBase64Url(new Uint8Array(256))}`
    expect(await codeOf(wallet.importCredential(forged))).toBe('ERR_OB3_WALLET_IMPORT_REFUSED')
    await wallet.importCredential(token)
    expect(await codeOf(wallet.createPresentation({ credentialIds: [signed.id] }))).toBe('ERR_OB3_OB2_NOT_PRESENTABLE')
  })

  it('stores them in SQLite, and brings a v1 wallet file to v2 with everything it held', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ob3-ob2-'))
    dirs.push(dir)
    const path = join(dir, 'wallet.db')
    const wallet = await newWallet(await openSqliteWalletStore({ path }))
    const by = await issuer()
    const ob3 = await signedCredential(by, wallet.holder)
    await initWalletImport(wallet, ob3)
    await wallet.close()
    // Make the file what a v1 wallet wrote: the narrower format check, user_version 1.
    const db = new Database(path)
    db.pragma('foreign_keys = OFF')
    const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'credentials'").get() as { sql: string }).sql
    db.exec(`${sql.replace('CREATE TABLE credentials', 'CREATE TABLE credentials_v1').replace("'ldp', 'jwt', 'ob2'", "'ldp', 'jwt'")}; INSERT INTO credentials_v1 SELECT * FROM credentials; DROP TABLE credentials; ALTER TABLE credentials_v1 RENAME TO credentials`)
    db.pragma('user_version = 1')
    expect(() => db.prepare("UPDATE credentials SET format = 'ob2'").run()).toThrow(/CHECK/)
    db.close()

    const reopened = await openWallet({ store: await openSqliteWalletStore({ path, create: false }), passphrase: PASSPHRASE, verify: verifyOb2, fetch })
    expect((await reopened.listCredentials()).map((c) => c.id)).toEqual([ob3.id])
    expect((await reopened.importCredential(token)).credentials[0]?.status).toBe('imported')
    expect((await reopened.listCredentials()).map((c) => c.format).sort()).toEqual(['ldp', 'ob2'])
    await reopened.close()
    const check = new Database(path, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(2)
    expect(check.pragma('foreign_key_check')).toEqual([])
    check.close()
  })
})

/** Import an Open Badges 3.0 credential, verified with the ordinary (offline) verifier. */
async function initWalletImport(wallet: Awaited<ReturnType<typeof newWallet>>, credential: Record<string, unknown>): Promise<void> {
  expect((await wallet.importCredential(credential)).credentials[0]?.status).toBe('imported')
}
