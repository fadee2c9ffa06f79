import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, cleanUp, openBadge, startServer } from '../../server/test/helpers.js'
import type { Ob3Server, CreatedTenant } from '@ob3/server'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

let dir: string
let server: Ob3Server
let lakeside: CreatedTenant
let credentialId: string
let serverFetch: typeof fetch
const PASS = ['--passphrase-file', 'pass.txt']
const wallet = (...args: string[]) => runCli(['wallet', ...args, ...PASS], dir, { fetch: serverFetch })

async function mint(body: Record<string, unknown> = {}): Promise<any> {
  const res = await call(server, 'POST', '/claims', { token: lakeside.apiKey.token, body: { credentialId, ...body } })
  expect(res.status).toBe(201)
  return res.json
}

beforeAll(async () => {
  dir = await tempDir()
  await writeFile(join(dir, 'pass.txt'), 'a long enough passphrase\n')
  expect((await runCli(['wallet', 'init', ...PASS, '--scrypt-n', '32768'], dir)).code).toBe(0)
  ;({ server } = await startServer())
  serverFetch = ((url: string | URL | Request, init?: RequestInit) => server.app.request(url instanceof Request ? url : String(url), init)) as typeof fetch
  lakeside = await server.createTenant({ id: 'lakeside', name: 'Lakeside District' })
  const issued = await call(server, 'POST', '/credentials/issue', { token: lakeside.apiKey.token, body: { credential: await openBadge(lakeside.tenant.issuer) } })
  credentialId = issued.json.verifiableCredential.id
}, 120_000)
afterAll(async () => {
  await cleanUp()
  await removeTempDirs()
})

describe('ob3 wallet claim', { timeout: 120_000 }, () => {
  it('has its own --help', async () => {
    const help = await runCli(['wallet', 'claim', '--help'], dir)
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('ob3 wallet claim <link> [--pin <PIN>]')
    expect(help.stdout).toContain('ERR_OB3_CLAIM_REDEEMED')
  })

  it('redeems an OpenID4VCI offer with --pin, once; the wallet lists the credential, verified', async () => {
    const minted = await mint({ pin: true })
    const noPin = await wallet('claim', minted.links.offer)
    expect([noPin.code, noPin.stderr]).toEqual([1, expect.stringContaining('ERR_OB3_CLAIM_PIN_REQUIRED')])
    const ok = await wallet('claim', minted.links.offer, '--pin', minted.txCode)
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^imported urn:uuid:/)
    expect(ok.stdout).toContain('by OpenID4VCI')
    const again = await wallet('claim', minted.links.offer, '--pin', minted.txCode)
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('ERR_OB3_CLAIM_REDEEMED')])
    const list = await runCli(['wallet', 'list', '--json'], dir)
    const rows = JSON.parse(list.stdout) as { state: string; subject: string }[]
    expect(rows).toHaveLength(1)
    expect(rows[0]?.state).toBe('verified')
  })

  it('redeems the claim page by VC-API with --protocol vc-api, printing JSON with --json', async () => {
    const minted = await mint()
    const ok = await wallet('claim', minted.links.page, '--protocol', 'vc-api', '--json')
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ protocol: 'vc-api', credentials: [{ status: 'imported' }] })
  })

  it('refuses a link that is not a claim (exit 1, ERR_OB3_CLAIM_LINK_INVALID) and a bad --protocol (exit 2)', async () => {
    const bad = await wallet('claim', 'https://example.com/badge.png')
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('ERR_OB3_CLAIM_LINK_INVALID')])
    expect((await wallet('claim', 'https://example.com/x/claims/y', '--protocol', 'oid4vp')).code).toBe(2)
    expect((await wallet('claim')).code).toBe(2)
  })
})
