// The paths the service takes for speed keep its behaviour: concurrent issue requests on SQLite
// have their writes committed together (group commit), and each request is still answered as if
// it were alone — stored, or refused with its own code and nothing of it stored; over a socket,
// request bodies are read from the Node request itself, whole and bounded.
import { request } from 'node:http'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, startServer, tenant } from './helpers.js'

let server: Ob3Server
let dir: string
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server, dir } = await startServer())
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

const issue = (body: unknown) => call(server, 'POST', '/credentials/issue', { body, token: lakeside.apiKey.token })
const mine = (extra: Record<string, unknown> = {}) => exampleCredential({ issuer: lakeside.tenant.issuer, ...extra })

/** What another connection sees in the service's database. */
function stored<T>(read: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'ob3.db'), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}
const countOf = (sql: string, ...params: unknown[]): number => stored((db) => (db.prepare(sql).get(...params) as { n: number }).n)

describe('POST /credentials/issue, many at once on SQLite', () => {
  it('stores every credential of 40 concurrent requests, each with its own status index and audit event', async () => {
    const before = countOf('SELECT COUNT(*) AS n FROM credentials')
    const ids = Array.from({ length: 40 }, (_, i) => `https://lakeside.example/credentials/group-${i}`)
    const answers = await Promise.all(ids.map((id) => issue({ credential: mine({ id }) })))
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 201))
    expect(answers.map((a) => a.json.verifiableCredential.id)).toEqual(ids)
    expect(countOf('SELECT COUNT(*) AS n FROM credentials') - before).toBe(40)
    const placeholders = ids.map(() => '?').join(', ')
    expect(countOf(`SELECT COUNT(*) AS n FROM credentials WHERE id IN (${placeholders})`, ...ids)).toBe(40)
    expect(countOf(`SELECT COUNT(DISTINCT status_list_group || ':' || status_index) AS n FROM credentials WHERE id IN (${placeholders})`, ...ids)).toBe(40)
    expect(countOf(`SELECT COUNT(*) AS n FROM status_entries WHERE credential_id IN (${placeholders})`, ...ids)).toBe(40)
    expect(countOf(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'awarded' AND subject IN (${placeholders})`, ...ids.map((id) => `credential:${id}`))).toBe(40)
    // The status index each answer names is the one stored.
    const indexes = answers.map((a) => Number(a.json.verifiableCredential.credentialStatus.statusListIndex))
    expect(new Set(indexes).size).toBe(40)
    const storedIndexes = stored((db) => db.prepare(`SELECT id, status_index FROM credentials WHERE id IN (${placeholders})`).all(...ids) as { id: string; status_index: number }[])
    expect(new Map(storedIndexes.map((r) => [r.id, r.status_index]))).toEqual(new Map(ids.map((id, i) => [id, indexes[i]])))
  })

  it('answers concurrent requests for one id each as if alone: one issued, the same request replayed, another credential a 409', async () => {
    const id = 'https://lakeside.example/credentials/contested'
    const same = { credential: mine({ id }) }
    const others = Array.from({ length: 5 }, (_, i) => ({ credential: mine({ id, credentialSubject: { id: `did:example:other-${i}` } }) }))
    const answers = await Promise.all([issue(same), ...others.map(issue), issue(same), issue(same)])
    const issuedFirst = answers.filter((a) => a.status === 201)
    const refused = answers.filter((a) => a.status === 409)
    // Whichever request's write came first wins; every other one gets its own answer.
    expect(issuedFirst.length + refused.length).toBe(8)
    expect(refused.every((a) => a.json.error.code === 'ERR_OB3_STORE_CONFLICT')).toBe(true)
    const winners = new Set(issuedFirst.map((a) => JSON.stringify(a.json.verifiableCredential)))
    expect(winners.size).toBe(1)
    expect(countOf('SELECT COUNT(*) AS n FROM credentials WHERE id = ?', id)).toBe(1)
    // Nothing half-written: one status entry and one audit event for the one credential.
    expect(countOf('SELECT COUNT(*) AS n FROM status_entries WHERE credential_id = ?', id)).toBe(1)
    expect(countOf('SELECT COUNT(*) AS n FROM audit_events WHERE subject = ?', `credential:${id}`)).toBe(1)
  })

  it('answers every request of a group that cannot commit with 503 ERR_OB3_STORE_UNAVAILABLE and stores none of them', { timeout: 60_000 }, async () => {
    const before = countOf('SELECT COUNT(*) AS n FROM credentials')
    const beforeEntries = countOf('SELECT COUNT(*) AS n FROM status_entries')
    // Another process holds the write lock past the store's busy timeout.
    const other = new Database(join(dir, 'ob3.db'))
    other.exec('BEGIN IMMEDIATE')
    let answers
    try {
      answers = await Promise.all(Array.from({ length: 6 }, (_, i) => issue({ credential: mine({ id: `https://lakeside.example/credentials/locked-${i}` }) })))
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503, 503, 503])
    expect(answers.map((a) => a.json.error.code)).toEqual(answers.map(() => 'ERR_OB3_STORE_UNAVAILABLE'))
    expect(countOf('SELECT COUNT(*) AS n FROM credentials') - before).toBe(0)
    expect(countOf('SELECT COUNT(*) AS n FROM status_entries') - beforeEntries).toBe(0)
    // Once the lock is free the same requests are issued.
    const again = await issue({ credential: mine({ id: 'https://lakeside.example/credentials/locked-0' }) })
    expect(again.status).toBe(201)
  })
})

/** POST over a real socket, the body written in the chunks given (chunked when `chunked`). */
function postOverSocket(port: number, path: string, chunks: Buffer[], headers: Record<string, string>, chunked: boolean): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((n, c) => n + c.length, 0)
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(length) }) } }, (res) => {
      const body: Buffer[] = []
      res.on('data', (d: Buffer) => body.push(d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(body).toString('utf8')) }))
    })
    req.on('error', reject)
    ;(async () => {
      for (const c of chunks) {
        req.write(c)
        await new Promise((r) => setImmediate(r))
      }
      req.end()
    })().catch(reject)
  })
}

/** A buffer cut into pieces of `size` bytes (a multi-byte character may be cut in two). */
const cut = (b: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size))

describe('request bodies over a socket', () => {
  it('reads a body sent in many small chunks, a multi-byte character cut between two, with and without Content-Length', async () => {
    const { port } = await server.listen({ port: 0 })
    const name = 'Zoë Ångström — 数学 ✓'
    const body = Buffer.from(JSON.stringify({ credential: mine({ id: 'https://lakeside.example/credentials/socket-1', credentialSubject: { id: 'did:example:zoe', name } }) }))
    const json = { 'content-type': 'application/json', authorization: `Bearer ${lakeside.apiKey.token}` }
    const issued = await postOverSocket(port, '/credentials/issue', cut(body, 7), json, false)
    expect(issued.status).toBe(201)
    expect(issued.json.verifiableCredential.credentialSubject.name).toBe(name)
    const verifyBody = Buffer.from(JSON.stringify({ verifiableCredential: issued.json.verifiableCredential }))
    const verified = await postOverSocket(port, '/credentials/verify', cut(verifyBody, 5), { 'content-type': 'application/json' }, true)
    expect(verified.status).toBe(200)
    // The proof covers the name: a character mangled between chunks would fail it.
    expect(verified.json.verified).toBe(true)
  })

  it('refuses invalid UTF-8 and JSON that is not an object read from the socket, as in-process', async () => {
    const { port } = await server.listen({ port: 0 })
    const json = { 'content-type': 'application/json' }
    const invalid = await postOverSocket(port, '/credentials/verify', [Buffer.from([0x7b, 0x22, 0x61]), Buffer.from([0x22, 0x3a, 0xff, 0x7d])], json, true)
    expect(invalid.status).toBe(400)
    expect(invalid.json.error.code).toBe('ERR_OB3_JSON_INVALID')
    const array = await postOverSocket(port, '/credentials/verify', [Buffer.from('[1, 2]')], json, false)
    expect(array.status).toBe(400)
    expect(array.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
  })
})
