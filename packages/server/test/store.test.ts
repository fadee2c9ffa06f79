import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createServer } from '../src/index.js'
import { LATEST_SERVER_SCHEMA_VERSION, SERVER_MIGRATIONS } from '../src/store/migrations.js'
import { openSqliteStore } from '@ob3/issuer/node'
import { openSqliteServerStore } from '../src/store/sqlite.js'
import { call, cleanUp, exampleCredential, startServer, tempDir } from './helpers.js'

afterAll(cleanUp)

describe('the server\'s tables', () => {
  it('live beside the issuer store in one SQLite file, versioned in srv_migrations, and survive a restart', async () => {
    const { server, dir } = await startServer()
    const created = await server.createTenant({ id: 'lakeside', name: 'Lakeside' })
    const issued = await call(server, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: created.tenant.issuer }) }, token: created.apiKey.token })
    await server.close()
    const db = new Database(join(dir, 'ob3.db'), { readonly: true })
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)
    expect(tables).toEqual(expect.arrayContaining(['credentials', 'status_entries', 'ob3_migrations', 'srv_migrations', 'srv_tenants', 'srv_api_keys', 'srv_shares', 'srv_access_tokens', 'srv_rate_buckets']))
    expect(db.prepare('SELECT version FROM srv_migrations').all()).toEqual(SERVER_MIGRATIONS.map((m) => ({ version: m.version })))
    // Only the SHA-256 of an API key is stored.
    expect(JSON.stringify(db.prepare('SELECT * FROM srv_api_keys').all())).not.toContain(created.apiKey.token)
    db.close()

    const again = await createServer({ db: join(dir, 'ob3.db'), baseUrl: 'https://ob3.test', logLevel: 'silent', fetch: null })
    const read = await call(again, 'GET', `/credentials/${encodeURIComponent(issued.json.verifiableCredential.id as string)}`, { token: created.apiKey.token })
    expect(read.status).toBe(200)
    await again.close()
  })

  it('refuses tables newer than this ob3 knows (ERR_OB3_STORE_MIGRATION)', async () => {
    const dir = await tempDir()
    const path = join(dir, 'ob3.db')
    // As the service does: the issuer store claims the file, the server's tables join it.
    await (await openSqliteStore({ path })).close()
    const store = await openSqliteServerStore({ path })
    await store.close()
    const db = new Database(path)
    db.prepare('INSERT INTO srv_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(LATEST_SERVER_SCHEMA_VERSION + 1, 'from the future', new Date().toISOString())
    db.close()
    await expect(openSqliteServerStore({ path })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_MIGRATION' })
  })

  it('reports a damaged database as corrupt (500 to callers, ERR_OB3_STORE_CORRUPT in the log) and leaves it as it was', async () => {
    const dir = await tempDir()
    const path = join(dir, 'ob3.db')
    await (await openSqliteStore({ path })).close()
    const bytes = readFileSync(path)
    bytes.fill(0xab, 100, 4096)
    writeFileSync(path, bytes)
    await expect(openSqliteServerStore({ path })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_CORRUPT' })
    expect(readFileSync(path)).toEqual(bytes)
  })

  it('seals tenant keys with a key-encryption key; without it they cannot be opened', async () => {
    const dir = await tempDir()
    const db = join(dir, 'ob3.db')
    const kek = new Uint8Array(32).fill(5)
    const sealed = await createServer({ db, baseUrl: 'https://ob3.test', logLevel: 'silent', fetch: null, keyEncryptionKey: kek })
    const { apiKey, tenant: made } = await sealed.createTenant({ id: 'lakeside', name: 'Lakeside' })
    await sealed.close()
    const raw = new Database(db, { readonly: true })
    const stored = (raw.prepare('SELECT signing_key FROM srv_tenants').get() as { signing_key: string }).signing_key
    raw.close()
    expect(stored).toMatch(/^sealed:v1:/)
    expect(stored).not.toContain('secretKeyMultibase')

    const withKey = await createServer({ db, baseUrl: 'https://ob3.test', logLevel: 'silent', fetch: null, keyEncryptionKey: kek })
    expect((await call(withKey, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: made.issuer }) }, token: apiKey.token })).status).toBe(201)
    await withKey.close()
    const withoutKey = await createServer({ db, baseUrl: 'https://ob3.test', logLevel: 'silent', fetch: null })
    const refused = await call(withoutKey, 'POST', '/credentials/issue', { body: { credential: exampleCredential({ issuer: made.issuer }) }, token: apiKey.token })
    expect(refused.status).toBe(500)
    expect(refused.json.error.code).toBe('ERR_OB3_SERVER_INTERNAL')
    await withoutKey.close()
  })
})
