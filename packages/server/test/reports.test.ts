// GET /reports: a tenant's programme report, on a store seeded through the workflow and a batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeFromCatalogue } from '@ob3/issuer'
import { EXPECTED, IDENTITIES, catalogue, seedKey, seedProgramme, type SeededProgramme } from '../../issuer/test/fixtures/seed-programme.js'
import { call, cleanUp, startServer, tempDir, tenant } from './helpers.js'
import type { Ob3Server } from '../src/index.js'

let seeded: SeededProgramme
let server: Ob3Server
let apiKey = ''
beforeAll(async () => {
  seeded = await seedProgramme(await tempDir())
  const describe = describeFromCatalogue(catalogue)
  ;({ server } = await startServer({ db: seeded.db, reports: { describe: (_t, id) => describe(id) } }))
  const made = await server.createTenant({ id: 'northwind', name: 'Northwind Educator Academy', key: JSON.parse(JSON.stringify(await seedKey())) })
  expect(made.tenant.issuer).toBe(seeded.issuerId)
  apiKey = made.apiKey.token
}, 120_000)
afterAll(cleanUp)

describe('GET /reports', () => {
  it('answers the tenant\'s programme report as JSON, with names and categories from the catalogue', async () => {
    const res = await call(server, 'GET', '/reports', { token: apiKey })
    expect(res.status).toBe(200)
    expect(res.json.totals).toEqual(EXPECTED.totals)
    expect(res.json.microCredentials).toEqual(EXPECTED.microCredentials)
    expect(res.json.cohorts).toEqual(EXPECTED.cohorts)
    for (const identity of IDENTITIES) expect(res.text).not.toContain(identity)
  })

  it('answers one CSV table, or one HTML page that may fetch nothing', async () => {
    const csv = await call(server, 'GET', '/reports?format=csv&table=schools', { token: apiKey })
    expect([csv.status, csv.headers.get('content-type'), csv.text]).toEqual([200, 'text/csv; charset=utf-8', 'school,educators,awards,clock_hours\nLakeside High,1,1,15\nNorth Elementary,2,2,30\nSouth Middle,2,3,35\n'])
    const html = await call(server, 'GET', '/reports?format=html', { token: apiKey })
    expect(html.status).toBe(200)
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    expect(html.text).toContain('Northwind Educator Academy')
    expect(html.text).toContain('<figcaption>Awards per category</figcaption>')
  })

  it('is the caller\'s own: another tenant sees an empty programme, no key is 401, a bad format 400', async () => {
    const other = await tenant(server, 'lakeside')
    const res = await call(server, 'GET', '/reports', { token: other.apiKey.token })
    expect([res.status, res.json.totals.awards, res.json.microCredentials]).toEqual([200, 0, []])
    expect((await call(server, 'GET', '/reports')).json.error.code).toBe('ERR_OB3_SERVER_UNAUTHORIZED')
    const bad = await call(server, 'GET', '/reports?format=pdf', { token: apiKey })
    expect([bad.status, bad.json.error.code]).toEqual([400, 'ERR_OB3_SERVER_REQUEST_INVALID'])
    expect((await call(server, 'GET', '/reports?format=csv&table=people', { token: apiKey })).status).toBe(400)
    expect((await call(server, 'POST', '/reports', { token: apiKey })).status).toBe(405)
  })
})
