import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createServer, type Ob3Server } from '../src/index.js'
import { cleanUp, exampleCredential, startServer, tempDir } from './helpers.js'

afterAll(cleanUp)

/** A service listening on 127.0.0.1 (port 0) on a fresh SQLite file, with a tenant. */
async function running(): Promise<{ server: Ob3Server; address: string; path: string; token: string; issuer: string }> {
  const { server, dir } = await startServer({ baseUrl: undefined, rateLimits: { verify: false, shareUpload: false, shareDownload: false } })
  const { address } = await server.listen({ port: 0 })
  const created = await server.createTenant({ id: 'lakeside', name: 'Lakeside District' })
  return { server, address, path: join(dir, 'ob3.db'), token: created.apiKey.token, issuer: created.tenant.issuer }
}

const issue = (address: string, token: string, issuer: string) => fetch(`${address}/credentials/issue`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ credential: exampleCredential({ issuer }) }),
})
const json = async (res: Response) => (await res.json()) as { status?: string; error: { code: string; message: string } }

describe('a SQLite file taken away under a running service', () => {
  it('deleted: issuing, sharing and /health answer 503 ERR_OB3_STORE_FILE_GONE instead of writing into the unlinked file', async () => {
    const { server, address, path, token, issuer } = await running()
    expect((await issue(address, token, issuer)).status).toBe(201)
    expect((await fetch(`${address}/health`)).status).toBe(200)

    rmSync(path)
    const issued = await issue(address, token, issuer)
    expect(issued.status).toBe(503)
    const body = await json(issued)
    expect(body.error.code).toBe('ERR_OB3_STORE_FILE_GONE')
    expect(body.error.message).not.toContain(path)
    const health = await fetch(`${address}/health`)
    expect(health.status).toBe(503)
    expect(await json(health)).toMatchObject({ status: 'unavailable', error: { code: 'ERR_OB3_STORE_FILE_GONE' } })
    const share = await fetch(`${address}/shares`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) })
    expect(share.status).toBe(503)
    expect((await json(share)).error.code).toBe('ERR_OB3_STORE_FILE_GONE')
    await expect(server.createTenant({ id: 'another', name: 'Another' })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_FILE_GONE' })
    // Verification writes nothing and goes on.
    const verified = await fetch(`${address}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(verified.status).toBe(400)
    expect((await json(verified)).error.code).not.toMatch(/^ERR_OB3_STORE_/)
    await server.close()
    // Nothing was acknowledged that a restart would lose: the path holds no database now.
    expect(existsSync(path)).toBe(false)
  })

  it('replaced (a copy moved over it): 503 ERR_OB3_STORE_FILE_GONE, and nothing written to either file', async () => {
    const { address, path, token, issuer } = await running()
    expect((await issue(address, token, issuer)).status).toBe(201)
    const copy = `${path}.restored`
    // A consistent copy (VACUUM INTO), moved over the live file as a careless restore would.
    const reader = new Database(path, { readonly: true })
    reader.exec(`VACUUM INTO '${copy}'`)
    reader.close()
    const count = () => {
      const db = new Database(path, { readonly: true })
      try {
        return (db.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n
      } finally {
        db.close()
      }
    }
    renameSync(copy, path)
    expect(count()).toBe(1)
    const issued = await issue(address, token, issuer)
    expect(issued.status).toBe(503)
    expect((await json(issued)).error.code).toBe('ERR_OB3_STORE_FILE_GONE')
    const health = await fetch(`${address}/health`)
    expect(health.status).toBe(503)
    expect((await json(health)).error.code).toBe('ERR_OB3_STORE_FILE_GONE')
    expect(count()).toBe(1)
  })

  it('its -wal deleted: 503 ERR_OB3_STORE_FILE_GONE (commits would go to an unlinked log)', async () => {
    const { address, path, token, issuer } = await running()
    expect(existsSync(`${path}-wal`)).toBe(true)
    rmSync(`${path}-wal`)
    const issued = await issue(address, token, issuer)
    expect(issued.status).toBe(503)
    expect((await json(issued)).error.code).toBe('ERR_OB3_STORE_FILE_GONE')
  })

  it('/health makes a write: with another process holding the write lock it is 503 although reads still answer', async () => {
    const { address, path } = await running()
    const holder = new Database(path)
    holder.exec('BEGIN EXCLUSIVE')
    try {
      const health = await fetch(`${address}/health`)
      expect(health.status).toBe(503)
      expect(await json(health)).toMatchObject({ status: 'unavailable', error: { code: 'ERR_OB3_STORE_UNAVAILABLE' } })
      // Reads still work (WAL): the old read-only health check would have said 200.
      expect((await fetch(`${address}/status/none/none/revocation`)).status).toBe(404)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect((await fetch(`${address}/health`)).status).toBe(200)
  })
})

describe('a SQLite -shm or -wal the service cannot write', () => {
  /** A database made and closed (SQLite removes its -wal and -shm at the last close). */
  async function closedDatabase(): Promise<string> {
    const path = join(await tempDir(), 'ob3.db')
    const made = await createServer({ db: path, logLevel: 'silent', fetch: null })
    await made.close()
    expect(existsSync(`${path}-shm`)).toBe(false)
    return path
  }

  it('a directory in the -shm\'s place (root writes through any mode bits, not through this): start refused with ERR_OB3_STORE_READ_ONLY', async () => {
    const path = await closedDatabase()
    mkdirSync(`${path}-shm`)
    await expect(createServer({ db: path, logLevel: 'silent', fetch: null })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY', details: { file: `${path}-shm`, reason: 'a directory' } })
    // What SQLite itself does with it: it opens, reads, and refuses writes as read-only — so the
    // service would have started and answered 503 to every write.
    const db = new Database(path)
    expect(db.prepare('SELECT count(*) AS n FROM srv_tenants').get()).toEqual({ n: 0 })
    expect(() => db.exec("INSERT INTO srv_health (id, checked_ms) VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET checked_ms = 0")).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }))
    db.close()
    // Put right, it starts.
    rmSync(`${path}-shm`, { recursive: true })
    const server = await createServer({ db: path, logLevel: 'silent', fetch: null })
    await server.close()
  })

  it('a FIFO as -shm, a directory as -wal, a symbolic link as -shm: start refused with ERR_OB3_STORE_READ_ONLY', async () => {
    const fifo = await closedDatabase()
    execFileSync('mkfifo', [`${fifo}-shm`])
    await expect(createServer({ db: fifo, logLevel: 'silent', fetch: null })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY', details: { reason: 'not a regular file' } })
    const wal = await closedDatabase()
    mkdirSync(`${wal}-wal`)
    await expect(createServer({ db: wal, logLevel: 'silent', fetch: null })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY', details: { file: `${wal}-wal` } })
    const link = await closedDatabase()
    execFileSync('ln', ['-s', '/dev/null', `${link}-shm`])
    await expect(createServer({ db: link, logLevel: 'silent', fetch: null })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY', details: { reason: 'a symbolic link' } })
  })

  it('a start refused leaves the database as it was (it starts once the -shm is put right)', async () => {
    const path = await closedDatabase()
    copyFileSync(path, `${path}.before`)
    mkdirSync(`${path}-shm`)
    await expect(createServer({ db: path, logLevel: 'silent', fetch: null })).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY' })
    const before = new Database(`${path}.before`, { readonly: true })
    const after = new Database(path, { readonly: true, fileMustExist: true })
    try {
      expect(after.prepare('SELECT version FROM srv_migrations ORDER BY version').all()).toEqual(before.prepare('SELECT version FROM srv_migrations ORDER BY version').all())
    } finally {
      before.close()
      after.close()
    }
  })
})
