import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { createServer, type CreateServerOptions, type Ob3Server } from '../src/index.js'
import { exampleCredential } from './helpers.js'

// Set by CI (scripts/start-postgres.sh prints it), e.g. postgres://ob3:ob3@127.0.0.1:5432/ob3
const url = process.env.OB3_TEST_POSTGRES_URL

it('has a PostgreSQL to test against in CI', (ctx) => {
  if (url !== undefined && url !== '') return
  if (process.env.CI === 'true') throw new Error('OB3_TEST_POSTGRES_URL is not set: CI must run the server\'s PostgreSQL tests (scripts/start-postgres.sh)')
  ctx.skip('OB3_TEST_POSTGRES_URL is not set; the server\'s PostgreSQL tests are skipped')
})

describe.skipIf(url === undefined || url === '')('two service instances on one PostgreSQL', () => {
  const schema = `ob3_srv_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const servers: Ob3Server[] = []
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()))
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  })
  /** Two instances on the schema, started (and migrated) at the same moment. */
  const twoInstances = async (options: Partial<CreateServerOptions>): Promise<[Ob3Server, Ob3Server]> => {
    const make = () => createServer({
      db: url as string, postgresSchema: schema, baseUrl: 'https://badges.district.example', logger: pino({ level: 'silent' }), fetch: null, ...options,
    })
    const made = await Promise.all([make(), make()]) as [Ob3Server, Ob3Server]
    servers.push(...made)
    return made
  }

  it('issue 2,000 credentials concurrently (2 × 1,000, 16 at a time each): 2,000 records, 2,000 distinct status entries, one list group', async () => {
    const [one, two] = await twoInstances({ rateLimits: { verify: false, shareDownload: false, shareUpload: false } })
    const [first, second] = await Promise.all([one.listen({ port: 0 }), two.listen({ port: 0 })])
    const { apiKey, tenant } = await one.createTenant({ id: 'statewide', name: 'Statewide Educator Academy' })

    const issueMany = async (base: string, count: number, concurrency: number): Promise<Record<string, any>[]> => {
      const out: Record<string, any>[] = []
      let next = 0
      const worker = async () => {
        while (next < count) {
          next++
          const res = await fetch(`${base}/credentials/issue`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey.token}` },
            body: JSON.stringify({ credential: exampleCredential({ issuer: tenant.issuer }) }),
          })
          if (res.status !== 201) throw new Error(`issue answered ${res.status}: ${await res.text()}`)
          out.push(((await res.json()) as { verifiableCredential: Record<string, any> }).verifiableCredential)
        }
      }
      await Promise.all(Array.from({ length: concurrency }, worker))
      return out
    }
    const started = performance.now()
    const [a, b] = await Promise.all([issueMany(first.address, 1000, 16), issueMany(second.address, 1000, 16)])
    const seconds = (performance.now() - started) / 1000
    const all = [...a, ...b]
    expect(all).toHaveLength(2000)
    expect(new Set(all.map((vc) => vc.id)).size).toBe(2000)
    const entries = all.map((vc) => `${String(vc.credentialStatus.statusListCredential)}#${String(vc.credentialStatus.statusListIndex)}`)
    expect(new Set(entries).size).toBe(2000)
    expect(new Set(all.map((vc) => vc.credentialStatus.statusListCredential)).size).toBe(1)

    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const records = await client.query(`SELECT count(*)::int AS n FROM "${schema}".credentials WHERE issuer_id = $1`, [tenant.issuer])
      const claimed = await client.query(`SELECT count(*)::int AS n, count(DISTINCT (group_id, idx))::int AS d FROM "${schema}".status_entries WHERE issuer_id = $1`, [tenant.issuer])
      const groups = await client.query(`SELECT count(*)::int AS n FROM "${schema}".status_list_groups WHERE issuer_id = $1`, [tenant.issuer])
      expect(records.rows[0].n).toBe(2000)
      expect(claimed.rows[0]).toEqual({ n: 2000, d: 2000 })
      expect(groups.rows[0].n).toBe(1)
    } finally {
      await client.end()
    }
    console.log(`2,000 credentials issued through two instances in ${seconds.toFixed(1)} s (${Math.round(2000 / seconds)}/s)`)

    // Shared state: revoked through one instance, the other sees it at once.
    const vc = a[0] as Record<string, any>
    const revoke = await fetch(`${second.address}/credentials/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey.token}` },
      body: JSON.stringify({ credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true }),
    })
    expect(revoke.status).toBe(200)
    const list = await fetch(`${first.address}${new URL(vc.credentialStatus.statusListCredential as string).pathname}`)
    expect(list.status).toBe(200)
    const verified = await fetch(`${first.address}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: vc }) })
    expect(verified.status).toBe(400)
    expect(JSON.stringify(await verified.json())).toContain('ERR_OB3_STATUS_REVOKED')

    // Shares and tenants live in the shared database too.
    const share = await fetch(`${first.address}/shares`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) })
    const { url: shareUrl, deleteToken } = (await share.json()) as { url: string; deleteToken: string }
    const path = new URL(shareUrl).pathname
    expect(new Uint8Array(await (await fetch(`${second.address}${path}`)).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
    expect((await fetch(`${second.address}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${deleteToken}` } })).status).toBe(204)
    expect((await fetch(`${first.address}${path}`)).status).toBe(410)
  }, 120_000)

  it('shares rate limits between the instances, with rateLimitFlushMs 0 exactly: a client gets one limit, not one per instance', async () => {
    const [one, two] = await twoInstances({ trustProxy: true, rateLimitFlushMs: 0, rateLimits: { verify: { perSecond: 0.001, burst: 20 } } })
    const client = `203.0.113.${1 + Math.floor(Math.random() * 200)}`
    // 60 requests at once, 30 through each instance: exactly 20 pass, the rest are 429.
    const statuses = await Promise.all(Array.from({ length: 60 }, async (_, i) => {
      const res = await (i % 2 === 0 ? one : two).app.request('/credentials/verify', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: '{}',
      })
      return res.status
    }))
    expect(statuses.filter((s) => s === 400)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(40)
    // Another client has its own bucket.
    const other = await one.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' }, body: '{}' })
    expect(other.status).toBe(400)
  }, 60_000)

  it('shares rate limits between the instances in batches (the default): once an instance has written its tokens, the other refuses the client', async () => {
    const [one, two] = await twoInstances({ trustProxy: true, rateLimits: { verify: { perSecond: 0.001, burst: 20 } } })
    const client = `203.0.113.${1 + Math.floor(Math.random() * 200)}`
    const verify = async (s: Ob3Server) => (await s.app.request('/credentials/verify', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: '{}',
    })).status
    // 30 at once on one instance: 20 pass, 10 are 429.
    const statuses = await Promise.all(Array.from({ length: 30 }, () => verify(one)))
    expect(statuses.filter((s) => s === 400)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    // Closing writes what it granted: the other instance, new to the client, reads an empty bucket.
    await one.close()
    expect(await verify(two)).toBe(429)
    const other = await two.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.8' }, body: '{}' })
    expect(other.status).toBe(400)
  }, 60_000)
})
