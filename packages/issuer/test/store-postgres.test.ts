import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeBundles } from '../../../test/support/bundle-script.js'
import { BOOTSTRAP, LATEST_SCHEMA_VERSION, MIGRATIONS, STORE_FORMAT } from '../src/store/migrations.js'
import { openPostgresStore } from '../src/store/postgres.js'
import { conflictsOf, insertedIds, prepareWriters, spawnWriter, WRITER_ISSUER } from './fixtures/spawn-writer.js'
import { credentialRecord, describeIssuerStore, expectCode } from './store-suite.js'

// Writers are bundled once into plain JavaScript: each starts as node alone, not tsx.
beforeAll(prepareWriters, 120_000)
afterAll(removeBundles)
// Set by CI (scripts/start-postgres.sh prints it), e.g. postgres://ob3:ob3@127.0.0.1:5432/ob3
const url = process.env.OB3_TEST_POSTGRES_URL

it('has a PostgreSQL to test against in CI', (ctx) => {
  if (url !== undefined && url !== '') return
  if (process.env.CI === 'true') throw new Error('OB3_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL store tests (scripts/start-postgres.sh)')
  ctx.skip('OB3_TEST_POSTGRES_URL is not set; the PostgreSQL store tests are skipped')
})

it('reports an unreachable server as ERR_OB3_STORE_UNAVAILABLE', async () => {
  await expectCode(openPostgresStore({ url: 'postgres://ob3:ob3@127.0.0.1:1/ob3' }), 'ERR_OB3_STORE_UNAVAILABLE')
})

it('refuses a schema name that would need quoting', async () => {
  await expect(openPostgresStore({ url: 'postgres://ob3:ob3@127.0.0.1:1/ob3', schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(TypeError)
})

describe.skipIf(url === undefined || url === '')('PostgreSQL store', () => {
  const run = `ob3_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const schemas: string[] = []
  let n = 0
  /** A fresh schema name of this run; every one is dropped at the end. */
  const newSchema = (): string => {
    const schema = `${run}_${++n}`
    schemas.push(schema)
    return schema
  }
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.end()
    }
  }
  afterAll(async () => {
    await admin(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    })
  })

  describeIssuerStore('PostgreSQL', () => openPostgresStore({ url: url as string, schema: newSchema() }))

  it('keeps its data when reopened', async () => {
    const schema = newSchema()
    const first = await openPostgresStore({ url: url as string, schema })
    const c = credentialRecord()
    await first.insertCredential(c)
    await first.close()
    const again = await openPostgresStore({ url: url as string, schema })
    expect(await again.getCredential(c.issuerId, c.id)).toEqual(c)
    await again.close()
  })

  it('migrates once when 6 instances open one new schema at the same moment', async () => {
    const schema = newSchema()
    const stores = await Promise.all(Array.from({ length: 6 }, () => openPostgresStore({ url: url as string, schema })))
    for (const store of stores) expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION)
    await Promise.all(stores.map((s) => s.close()))
    const applied = await admin((c) => c.query(`SELECT version FROM "${schema}".ob3_migrations ORDER BY version`))
    expect(applied.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })))
  })

  it('refuses a schema that holds another application\'s tables (ERR_OB3_STORE_FOREIGN), touching nothing', async () => {
    const schema = newSchema()
    await admin(async (c) => {
      await c.query(`CREATE SCHEMA "${schema}"`)
      await c.query(`CREATE TABLE "${schema}".credentials (id text PRIMARY KEY, body text)`)
    })
    await expectCode(openPostgresStore({ url: url as string, schema }), 'ERR_OB3_STORE_FOREIGN')
    const tables = await admin((c) => c.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]))
    expect(tables.rows).toEqual([{ table_name: 'credentials' }])
  })

  it('refuses a store whose schema is newer than this code (ERR_OB3_STORE_MIGRATION)', async () => {
    const schema = newSchema()
    await (await openPostgresStore({ url: url as string, schema })).close()
    await admin((c) => c.query(`INSERT INTO "${schema}".ob3_migrations (version, description, applied_at) VALUES (999, 'from the future', now())`))
    await expectCode(openPostgresStore({ url: url as string, schema }), 'ERR_OB3_STORE_MIGRATION')
  })

  it('upgrades a schema-1 store (credential ids unique across issuers) to ids per issuer, keeping every record', async () => {
    const schema = newSchema()
    await admin(async (c) => {
      await c.query(`CREATE SCHEMA "${schema}"`)
      await c.query(`SET search_path TO "${schema}"`)
      for (const sql of BOOTSTRAP.postgres) await c.query(sql)
      for (const sql of MIGRATIONS[0]!.postgres) await c.query(sql)
      await c.query('INSERT INTO ob3_meta (key, value) VALUES ($1, $2)', [STORE_FORMAT.key, STORE_FORMAT.value])
      await c.query("INSERT INTO ob3_migrations (version, description, applied_at) VALUES (1, $1, now())", [MIGRATIONS[0]!.description])
      await c.query("INSERT INTO status_list_groups VALUES ('g1', 'did:web:a.example', 131072, 'https://a.example/r', 'https://a.example/s', '2026-01-01T00:00:00Z', 1)")
      await c.query("INSERT INTO credentials VALUES ('urn:uuid:old', 'did:web:a.example', 'k1', 'https://a.example/mc', 'did:key:z6MkT', 'eddsa-rdfc-2022', '{}', 'g1', 77, '2026-01-02T00:00:00Z', 2)")
      await c.query("INSERT INTO status_entries (group_id, idx, issuer_id, credential_id, revoked) VALUES ('g1', 77, 'did:web:a.example', 'urn:uuid:old', true)")
    })
    const store = await openPostgresStore({ url: url as string, schema })
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION)
    expect(await store.getCredential('did:web:a.example', 'urn:uuid:old')).toMatchObject({ idempotencyKey: 'k1', statusListGroup: 'g1', statusIndex: 77 })
    expect(await store.getStatusEntry('did:web:a.example', 'g1', 77)).toEqual({ index: 77, credentialId: 'urn:uuid:old', revoked: true, suspended: false, value: 0 })
    await store.insertCredential(credentialRecord({ id: 'urn:uuid:old', issuerId: 'did:web:b.example' }))
    expect(await store.getCredential('did:web:b.example', 'urn:uuid:old')).toMatchObject({ issuerId: 'did:web:b.example' })
    await store.close()
    // A status entry must still point at a credential of its own issuer.
    await expect(admin((c) => c.query(`INSERT INTO "${schema}".status_entries (group_id, idx, issuer_id, credential_id) VALUES ('g1', 78, 'did:web:a.example', 'urn:uuid:missing')`)))
      .rejects.toThrow(/foreign key/)
  })

  it('keeps the audit trail append-only, even for SQL run behind the store\'s back', async () => {
    const schema = newSchema()
    const store = await openPostgresStore({ url: url as string, schema })
    await store.appendAudit({ issuerId: 'did:web:a.example', subject: 's', action: 'a', actor: 'system', at: '2026-02-03T04:05:06Z' })
    await store.close()
    for (const sql of [`UPDATE "${schema}".audit_events SET action = 'b'`, `DELETE FROM "${schema}".audit_events`, `TRUNCATE "${schema}".audit_events`]) {
      await expect(admin((c) => c.query(sql))).rejects.toThrow(/append-only/)
    }
  })

  it('4 processes × 250 credentials at random indexes into one new schema: 1,000 credentials, 1,000 distinct indexes', async () => {
    const schema = newSchema()
    const started = performance.now()
    const writers = Array.from({ length: 4 }, (_, i) => spawnWriter({ backend: 'postgres', target: url as string, schema, worker: `w${i}`, count: 250, group: 'shared' }))
    const results = await Promise.all(writers.map((w) => w.exited))
    const seconds = (performance.now() - started) / 1000
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 })
    const conflicts = results.reduce((sum, r) => sum + conflictsOf(r.stdout), 0)
    console.info(`postgres: 4 processes × 250 inserts in ${seconds.toFixed(2)} s, ${conflicts} index conflicts retried`)

    const store = await openPostgresStore({ url: url as string, schema })
    expect(await store.countCredentials(WRITER_ISSUER)).toBe(1000)
    expect(await store.countStatusEntries(WRITER_ISSUER, 'shared')).toBe(1000)
    const all = await store.listCredentials(WRITER_ISSUER)
    expect(new Set(all.map((c) => c.statusIndex)).size).toBe(1000)
    expect(new Set(all.map((c) => c.id))).toEqual(new Set(results.flatMap((r) => insertedIds(r.stdout))))
    await store.close()
    const orphans = await admin((c) => c.query(`SELECT
      (SELECT count(*) FROM "${schema}".credentials c LEFT JOIN "${schema}".status_entries s ON s.credential_id = c.id WHERE s.credential_id IS NULL) AS credentials,
      (SELECT count(*) FROM "${schema}".status_entries s LEFT JOIN "${schema}".credentials c ON c.id = s.credential_id WHERE c.id IS NULL) AS entries`))
    expect(orphans.rows).toEqual([{ credentials: '0', entries: '0' }])
  }, 120_000)
})
