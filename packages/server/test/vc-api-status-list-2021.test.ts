/**
 * Status for VC 1.1 credentials issued by the service: `options.credentialStatus` true (or
 * `{type: 'StatusList2021Entry'}`) gives a `StatusList2021Entry` and the StatusList2021 context,
 * never a VC 2.0 or Bitstring context; the entry points at the StatusList2021Credential form of
 * the tenant's revocation list (`<list>/2021`, the same bits), so a revocation shows in both forms
 * and ob3's verifier reads it through the entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createResourceFetch, decodeStatusList, readStatusBit } from '@ob3/core'
import { STATUS_LIST_2021_CONTEXT_URL } from '@ob3/issuer'
import { verify, type VerificationReport } from '@ob3/verifier'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { EXTRA_CONTEXTS } from '../src/lib/contexts.js'
import { call, cleanUp, exampleCredential, startServer, tenant, v11Credential } from './helpers.js'

const V1 = 'https://www.w3.org/2018/credentials/v1'
const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2'
const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2'
const NOW = new Date('2026-06-01T00:00:00Z')

let server: Ob3Server
let lakeside: CreatedTenant
let harbour: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer({ now: () => new Date('2026-03-01T00:00:00Z') }))
  lakeside = await tenant(server, 'lakeside')
  harbour = await tenant(server, 'harbour', { suspension: true })
})
afterAll(cleanUp)

const issue = (body: unknown, t = lakeside) => call(server, 'POST', '/credentials/issue', { body, token: t.apiKey.token })
const mineV11 = (t = lakeside, extra: Record<string, unknown> = {}) => ({ ...v11Credential(), issuer: t.tenant.issuer, ...extra })
const path = (url: string) => new URL(url).pathname

/** ob3's verifier, reading the lists the service publishes now (both forms of every list the credential names). */
async function verifyNow(vc: Record<string, unknown>): Promise<VerificationReport> {
  const entries = (Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus]) as { statusListCredential: string }[]
  const resources: Record<string, string> = {}
  for (const { statusListCredential: url } of entries) {
    const res = await call(server, 'GET', path(url))
    expect(res.status, res.text).toBe(200)
    resources[url] = res.text
  }
  // (the examples context is the service's, not bundled with the verifier)
  return verify({ input: vc, fetch: createResourceFetch({ resources }), now: NOW, contexts: EXTRA_CONTEXTS })
}

const statusCheck = (report: VerificationReport) => report.checks.find((c) => c.id === 'status')

describe('a VC 1.1 credential asks for status', () => {
  it('gets a StatusList2021Entry and the StatusList2021 context (no VC 2.0 or Bitstring context), for true and {type: StatusList2021Entry}', async () => {
    const options = [true, { type: 'StatusList2021Entry' }, { type: 'StatusList2021Entry', statusPurpose: 'revocation' }]
    for (const credentialStatus of options) {
      const res = await issue({ credential: mineV11(), options: { credentialStatus } })
      expect(res.status, res.text).toBe(201)
      const vc = res.json.verifiableCredential
      // (the signer adds the Data Integrity context a VC 1.1 credential needs for its proof)
      expect(vc['@context']).toEqual([V1, EXAMPLES, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
      const entry = vc.credentialStatus
      expect(Object.keys(entry).sort()).toEqual(['id', 'statusListCredential', 'statusListIndex', 'statusPurpose', 'type'])
      expect(entry.type).toBe('StatusList2021Entry')
      expect(entry.statusPurpose).toBe('revocation')
      expect(entry.statusListIndex).toMatch(/^(0|[1-9]\d*)$/)
      expect(Number(entry.statusListIndex)).toBeLessThan(131_072)
      expect(entry.statusListCredential).toMatch(/^https:\/\/ob3\.test\/status\/lakeside\/[0-9a-f]{16}\/revocation\/2021$/)
      expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`)
      expect(vc.issuanceDate).toBe('2026-01-01T00:00:00Z')
      expect(vc).not.toHaveProperty('validFrom')
    }
  })

  it('is published as a signed StatusList2021Credential holding the same bits as the Bitstring list', async () => {
    const vc = (await issue({ credential: mineV11(), options: { credentialStatus: true } })).json.verifiableCredential
    const url: string = vc.credentialStatus.statusListCredential
    const res = await call(server, 'GET', path(url))
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const list = res.json
    expect(list['@context']).toEqual([V1, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
    expect(list.id).toBe(url)
    expect(list.type).toEqual(['VerifiableCredential', 'StatusList2021Credential'])
    expect(list.issuer).toBe(lakeside.tenant.issuer)
    expect(list.issuanceDate).toBe('2026-03-01T00:00:00Z')
    expect(list).not.toHaveProperty('validFrom')
    expect(Object.keys(list.credentialSubject).sort()).toEqual(['encodedList', 'id', 'statusPurpose', 'type'])
    expect(list.credentialSubject).toMatchObject({ id: `${url}#list`, type: 'StatusList2021', statusPurpose: 'revocation' })
    // base64url of the GZIP bitstring, without the multibase `u` of the Bitstring form
    expect(list.credentialSubject.encodedList).toMatch(/^H4sI[A-Za-z0-9_-]+$/)
    expect(list.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: lakeside.tenant.verificationMethod })

    const bitstring = (await call(server, 'GET', path(url.replace(/\/2021$/, '')))).json
    expect(bitstring.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential'])
    expect(bitstring.credentialSubject.encodedList.slice(0, 1)).toBe('u')
    const bits = await decodeStatusList(list.credentialSubject.encodedList)
    expect(bits.length).toBe(16_384)
    expect(bits).toEqual(await decodeStatusList(bitstring.credentialSubject.encodedList))

    // The list is a credential in its own right: its proof verifies.
    const report = await verify({ input: list, now: NOW })
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    expect(report.checks.find((c) => c.id === 'validity')).toMatchObject({ status: 'passed' })
  })

  it('verifies with status passed; after POST /credentials/status it fails with ERR_OB3_STATUS_REVOKED, the bit set in both forms', async () => {
    const vc = (await issue({ credential: mineV11(), options: { credentialStatus: { type: 'StatusList2021Entry' } } })).json.verifiableCredential
    const entry = vc.credentialStatus
    const before = await verifyNow(vc)
    expect(statusCheck(before)).toMatchObject({ status: 'passed' })
    expect(statusCheck(before)?.message).toContain(`entry ${entry.statusListIndex}`)
    expect(before.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'passed' })
    // A plain W3C credential, not an Open Badge: only the Open Badges checks fail.
    expect(before.checks.filter((c) => c.status === 'failed').map((c) => c.id), JSON.stringify(before.checks)).toEqual(['context', 'type', 'schema'])
    expect(before.checks.find((c) => c.id === 'validity')).toMatchObject({ status: 'passed' })
    const served = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc } })
    expect(served.status, served.text).toBe(200)
    expect(served.json.checks).toContain('status')

    const revoked = await call(server, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'revocation' } }, token: lakeside.apiKey.token })
    expect(revoked.status, revoked.text).toBe(200)
    expect(revoked.json.status).toEqual({ revoked: true, suspended: false })

    const index = Number(entry.statusListIndex)
    const legacy = (await call(server, 'GET', path(entry.statusListCredential))).json
    const bitstring = (await call(server, 'GET', path(entry.statusListCredential.replace(/\/2021$/, '')))).json
    expect(readStatusBit(await decodeStatusList(legacy.credentialSubject.encodedList), index)).toBe(true)
    expect(readStatusBit(await decodeStatusList(bitstring.credentialSubject.encodedList), index)).toBe(true)

    const after = await verifyNow(vc)
    expect(after.verified).toBe(false)
    expect(statusCheck(after)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_REVOKED' })
    const servedAfter = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc } })
    expect(servedAfter.status).toBe(400)
    expect(servedAfter.json.errors).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_REVOKED' }))
  })

  it('gets a revocation and a suspension StatusList2021Entry from a tenant with suspension; a suspension fails status with ERR_OB3_STATUS_SUSPENDED and is lifted', async () => {
    const res = await issue({ credential: mineV11(harbour), options: { credentialStatus: true } }, harbour)
    expect(res.status, res.text).toBe(201)
    const vc = res.json.verifiableCredential
    expect(vc['@context']).toEqual([V1, EXAMPLES, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
    const [revocation, suspension] = vc.credentialStatus
    expect(revocation).toMatchObject({ type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListCredential: expect.stringMatching(/\/status\/harbour\/[0-9a-f]{16}\/revocation\/2021$/) })
    expect(suspension).toMatchObject({ type: 'StatusList2021Entry', statusPurpose: 'suspension', statusListIndex: revocation.statusListIndex, statusListCredential: expect.stringMatching(/\/status\/harbour\/[0-9a-f]{16}\/suspension\/2021$/) })
    expect(statusCheck(await verifyNow(vc))).toMatchObject({ status: 'passed' })

    const suspend = (status: boolean) => call(server, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'suspension' }, status }, token: harbour.apiKey.token })
    expect((await suspend(true)).status).toBe(200)
    expect(statusCheck(await verifyNow(vc))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED' })
    expect((await suspend(false)).status).toBe(200)
    expect(statusCheck(await verifyNow(vc))).toMatchObject({ status: 'passed' })
  })

  it('gets the same entry in the other proof formats (eddsa-jcs-2022, VC-JWT), and they verify with status passed', async () => {
    for (const format of ['eddsa-jcs-2022', 'vc-jwt']) {
      const res = await issue({ credential: mineV11(), options: { credentialStatus: true, format } })
      expect(res.status, res.text).toBe(201)
      const verified = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: res.json.verifiableCredential } })
      expect(verified.status, verified.text).toBe(200)
      expect(verified.json.checks, format).toContain('status')
      expect(verified.json.ob3Report.checks.find((c: { id: string }) => c.id === 'status').message, format).toMatch(/^not revoked \(list https:\/\/ob3\.test\/status\/lakeside\/[0-9a-f]{16}\/revocation\/2021, entry \d+\)$/)
    }
  })

  it('gets none by default or with false', async () => {
    for (const options of [{}, { credentialStatus: false }]) {
      const vc = (await issue({ credential: mineV11(), options })).json.verifiableCredential
      expect(vc).not.toHaveProperty('credentialStatus')
      expect(vc['@context']).toEqual([V1, EXAMPLES, DATA_INTEGRITY])
    }
  })

  it('refuses the forms of another data model and purposes it does not give (400 ERR_OB3_SERVER_STATUS_UNSUPPORTED)', async () => {
    const messages = [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'withdrawn' }]
    const cases: [Record<string, unknown>, unknown, string | undefined][] = [
      [mineV11(), { type: 'BitstringStatusListEntry' }, 'StatusList2021Entry'],
      [mineV11(), { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, 'StatusList2021Entry'],
      [mineV11(), { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 1, statusMessage: messages }, 'StatusList2021Entry'],
      [mineV11(), { type: 'StatusList2021Entry', statusPurpose: 'suspension' }, undefined],
      [mineV11(), { type: 'StatusList2021Entry', statusPurpose: 'message', statusSize: 1, statusMessage: messages }, undefined],
      [exampleCredential({ issuer: lakeside.tenant.issuer }), { type: 'StatusList2021Entry' }, 'BitstringStatusListEntry'],
    ]
    for (const [credential, credentialStatus, named] of cases) {
      const res = await issue({ credential, options: { credentialStatus } })
      expect(res.status, JSON.stringify(credentialStatus)).toBe(400)
      expect(res.json.error.code, JSON.stringify(credentialStatus)).toBe('ERR_OB3_SERVER_STATUS_UNSUPPORTED')
      if (named !== undefined) expect(res.json.error.message).toContain(named)
    }
    const extra = await issue({ credential: mineV11(), options: { credentialStatus: { type: 'StatusList2021Entry', statusListIndex: '3' } } })
    expect(extra.status).toBe(400)
    expect(extra.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
  })
})

/** A well-formed StatusList2021 entry in a list somebody else publishes. */
const foreign2021 = (extra: Record<string, unknown> = {}) => ({
  id: 'https://status.example.org/lists/2021/3#94567',
  type: 'StatusList2021Entry',
  statusPurpose: 'revocation',
  statusListIndex: '94567',
  statusListCredential: 'https://status.example.org/lists/2021/3',
  ...extra,
})

describe('a StatusList2021Entry a VC 1.1 credential brings', () => {
  const withEntry = (credentialStatus: unknown) => mineV11(lakeside, { '@context': [V1, EXAMPLES, STATUS_LIST_2021_CONTEXT_URL], credentialStatus })

  it('is kept as it is when well formed, and the service adds none', async () => {
    const res = await issue({ credential: withEntry(foreign2021()) })
    expect(res.status, res.text).toBe(201)
    expect(res.json.verifiableCredential.credentialStatus).toEqual(foreign2021())
    expect(res.json.verifiableCredential['@context']).toEqual([V1, EXAMPLES, STATUS_LIST_2021_CONTEXT_URL, DATA_INTEGRITY])
  })

  it('is refused when malformed (400 ERR_OB3_SERVER_STATUS_INVALID, with the problem paths)', async () => {
    const own = 'https://ob3.test/status/lakeside/0123456789abcdef/revocation/2021'
    const cases: [Record<string, unknown>, string[]][] = [
      [foreign2021({ statusListIndex: 94567 }), ['/credential/credentialStatus/statusListIndex']],
      [foreign2021({ statusListIndex: '007' }), ['/credential/credentialStatus/statusListIndex']],
      [foreign2021({ statusPurpose: 'message' }), ['/credential/credentialStatus/statusPurpose']],
      [foreign2021({ statusListCredential: 'https://example.com' }), ['/credential/credentialStatus/statusListCredential']],
      [foreign2021({ statusListCredential: own, id: `${own}#1` }), ['/credential/credentialStatus/statusListCredential']],
      [foreign2021({ statusListIndex: true, statusListCredential: 'ftp://status.example.org/3' }), ['/credential/credentialStatus/statusListIndex', '/credential/credentialStatus/statusListCredential']],
    ]
    for (const [entry, paths] of cases) {
      const res = await issue({ credential: withEntry(entry) })
      expect(res.status, JSON.stringify(entry)).toBe(400)
      expect(res.json.error.code).toBe('ERR_OB3_SERVER_STATUS_INVALID')
      expect(res.json.error.details.problems.map((p: { path: string }) => p.path)).toEqual(paths)
    }
  })

  it('cannot be combined with a request for the service\'s own entry (400 ERR_OB3_SERVER_REQUEST_INVALID)', async () => {
    const res = await issue({ credential: withEntry(foreign2021()), options: { credentialStatus: { type: 'StatusList2021Entry' } } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
  })
})

describe('GET /status/:tenant/:group/:purpose/2021', () => {
  it('answers 304 for If-None-Match, a new ETag after a revocation, and 404 for a message list or an unknown group', async () => {
    const vc = (await issue({ credential: mineV11(), options: { credentialStatus: true } })).json.verifiableCredential
    const url = path(vc.credentialStatus.statusListCredential)
    const first = await call(server, 'GET', url)
    const etag = first.headers.get('etag') as string
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/)
    // Another form of the same bits: another ETag than the Bitstring list's.
    expect((await call(server, 'GET', url.replace(/\/2021$/, ''))).headers.get('etag')).not.toBe(etag)
    expect((await call(server, 'GET', url, { headers: { 'if-none-match': etag } })).status).toBe(304)
    await call(server, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'revocation' } }, token: lakeside.apiKey.token })
    const changed = await call(server, 'GET', url, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.json.credentialSubject.encodedList).not.toBe(first.json.credentialSubject.encodedList)

    const group = url.split('/')[3] as string
    for (const missing of [`/status/lakeside/${group}/message/2021`, '/status/lakeside/0123456789abcdef/revocation/2021', `/status/nobody/${group}/revocation/2021`]) {
      const res = await call(server, 'GET', missing)
      expect(res.status, missing).toBe(404)
      expect(res.json.error.code).toBe('ERR_OB3_SERVER_NOT_FOUND')
    }
  })
})
