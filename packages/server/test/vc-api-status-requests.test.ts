import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { MAX_STATUS_LIST_ENTRIES, statusEntryProblems } from '../src/lib/vc-shape.js'
import { call, cleanUp, exampleCredential, holder, presentation, startServer, tenant, v11Credential } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

const issue = (body: unknown) => call(server, 'POST', '/credentials/issue', { body, token: lakeside.apiKey.token })
const verifyVc = (verifiableCredential: unknown) => call(server, 'POST', '/credentials/verify', { body: { verifiableCredential } })
const mine = (extra: Record<string, unknown> = {}) => exampleCredential({ issuer: lakeside.tenant.issuer, ...extra })
const mineV11 = () => ({ ...v11Credential(), issuer: lakeside.tenant.issuer })
const STATUS_V1 = 'https://www.w3.org/ns/credentials/status/v1'

/** A well-formed Bitstring entry in a list somebody else publishes. */
const foreignEntry = (extra: Record<string, unknown> = {}) => ({
  id: 'https://status.example.org/lists/3#94567',
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: '94567',
  statusListCredential: 'https://status.example.org/lists/3',
  ...extra,
})

describe('options.credentialStatus decides the status entry', () => {
  it('gives a VC 2.0 credential a revocation entry by default, and with true or {type: BitstringStatusListEntry}', async () => {
    for (const options of [{}, { credentialStatus: true }, { credentialStatus: { type: 'BitstringStatusListEntry' } }, { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } }]) {
      const res = await issue({ credential: mine(), options })
      expect(res.status, res.text).toBe(201)
      expect(res.json.verifiableCredential.credentialStatus).toMatchObject({
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: expect.stringMatching(/^\d+$/),
        statusListCredential: expect.stringMatching(/^https:\/\/ob3\.test\/status\/lakeside\/[0-9a-f]{16}\/revocation$/),
      })
    }
  })

  it('gives none with false, and the credential still verifies', async () => {
    const res = await issue({ credential: mine(), options: { credentialStatus: false } })
    expect(res.status, res.text).toBe(201)
    const vc = res.json.verifiableCredential
    expect(vc).not.toHaveProperty('credentialStatus')
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'])
    const verified = await verifyVc(vc)
    expect(verified.status, verified.text).toBe(200)
    expect(verified.json.checks).not.toContain('status')
  })

  it('treats the same credential with another explicit status choice as another request (409 under the same id)', async () => {
    const credential = mine({ id: 'https://lakeside.example/credentials/status-choice' })
    const first = await issue({ credential, options: { credentialStatus: false } })
    expect(first.status).toBe(201)
    const again = await issue({ credential, options: { credentialStatus: false } })
    expect(again.status).toBe(201)
    expect(again.headers.get('x-ob3-replayed')).toBe('true')
    const other = await issue({ credential, options: { credentialStatus: true } })
    expect(other.status).toBe(409)
    expect(other.json.error.code).toBe('ERR_OB3_STORE_CONFLICT')
  })

  it('gives a VC 1.1 credential no status and adds no VC 2.0 context to it; it verifies', async () => {
    for (const options of [{}, { credentialStatus: false }]) {
      const res = await issue({ credential: mineV11(), options })
      expect(res.status, res.text).toBe(201)
      const vc = res.json.verifiableCredential
      expect(vc).not.toHaveProperty('credentialStatus')
      expect(vc['@context']).not.toContain(STATUS_V1)
      expect(vc['@context'].slice(0, 2)).toEqual(['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/examples/v2'])
      const verified = await verifyVc(vc)
      expect(verified.status, verified.text).toBe(200)
    }
  })

  it('gives a VC 1.1 credential that asks (true) a StatusList2021Entry, never a Bitstring one; refuses {type: BitstringStatusListEntry} for it (400 ERR_OB3_SERVER_STATUS_UNSUPPORTED)', async () => {
    const given = await issue({ credential: mineV11(), options: { credentialStatus: true } })
    expect(given.status, given.text).toBe(201)
    expect(given.json.verifiableCredential.credentialStatus.type).toBe('StatusList2021Entry')
    expect(given.json.verifiableCredential['@context']).not.toContain(STATUS_V1)
    const res = await issue({ credential: mineV11(), options: { credentialStatus: { type: 'BitstringStatusListEntry' } } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_STATUS_UNSUPPORTED')
  })

  it('refuses status options it cannot give or read', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'StatusList2021Entry' }, 'ERR_OB3_SERVER_STATUS_UNSUPPORTED'],
      [{ type: 'BitstringStatusListEntry', statusPurpose: 'refresh' }, 'ERR_OB3_SERVER_STATUS_UNSUPPORTED'],
      // A message entry is given, but only with its statusSize and messages.
      [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ type: 'BitstringStatusListEntry', statusSize: 2 }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      ['yes', 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [[], 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [null, 'ERR_OB3_SERVER_REQUEST_INVALID'],
    ]
    for (const [credentialStatus, code] of cases) {
      const res = await issue({ credential: mine(), options: { credentialStatus } })
      expect(res.status, JSON.stringify(credentialStatus)).toBe(400)
      expect(res.json.error.code, JSON.stringify(credentialStatus)).toBe(code)
    }
  })
})

const MESSAGES = [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 'pending review' }, { status: '0x2', message: 'under appeal' }, { status: '0x3', message: 'withdrawn' }]

describe('a credentialStatus the caller brings', () => {
  it('is kept as it is when well formed, and the service adds none (also for a type it does not know)', async () => {
    const entry = foreignEntry()
    const res = await issue({ credential: mine({ credentialStatus: entry }) })
    expect(res.status, res.text).toBe(201)
    expect(res.json.verifiableCredential.credentialStatus).toEqual(entry)
    const other = { id: 'did:example:status', type: 'CredentialStatusList2017' }
    const unknown = await issue({ credential: mine({ '@context': ['https://www.w3.org/ns/credentials/v2', { CredentialStatusList2017: 'https://example.org/examples#CredentialStatusList2017' }], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' }, credentialStatus: other }) })
    expect(unknown.status, unknown.text).toBe(201)
    expect(unknown.json.verifiableCredential.credentialStatus).toEqual(other)
  })

  it('keeps a well-formed multi-bit entry: statusSize 2, a statusMessage per value, statusReference', async () => {
    const entry = foreignEntry({ statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES, statusReference: ['https://status.example.org/help'] })
    const res = await issue({ credential: mine({ credentialStatus: entry }) })
    expect(res.status, res.text).toBe(201)
    expect(res.json.verifiableCredential.credentialStatus).toEqual(entry)
  })

  it('cannot be combined with a request for the service\'s own entry (400 ERR_OB3_SERVER_REQUEST_INVALID)', async () => {
    const res = await issue({ credential: mine({ credentialStatus: foreignEntry() }), options: { credentialStatus: true } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
  })

  const malformed: [string, Record<string, unknown>, string][] = [
    ['a boolean statusListIndex', foreignEntry({ statusListIndex: true }), '/credential/credentialStatus/statusListIndex'],
    ['a number statusListIndex', foreignEntry({ statusListIndex: 94567 }), '/credential/credentialStatus/statusListIndex'],
    ['a negative statusListIndex', foreignEntry({ statusListIndex: '-1' }), '/credential/credentialStatus/statusListIndex'],
    ['a statusListIndex with a leading zero', foreignEntry({ statusListIndex: '007' }), '/credential/credentialStatus/statusListIndex'],
    ['a statusListIndex in hex', foreignEntry({ statusListIndex: '0x1f' }), '/credential/credentialStatus/statusListIndex'],
    ['a statusListIndex beyond any list', foreignEntry({ statusListIndex: String(MAX_STATUS_LIST_ENTRIES) }), '/credential/credentialStatus/statusListIndex'],
    ['a bare-origin statusListCredential', foreignEntry({ statusListCredential: 'https://example.com' }), '/credential/credentialStatus/statusListCredential'],
    ['a relative statusListCredential', foreignEntry({ statusListCredential: '/lists/3' }), '/credential/credentialStatus/statusListCredential'],
    ['an ftp statusListCredential', foreignEntry({ statusListCredential: 'ftp://status.example.org/lists/3' }), '/credential/credentialStatus/statusListCredential'],
    ['no statusListCredential', foreignEntry({ statusListCredential: undefined }), '/credential/credentialStatus/statusListCredential'],
    ['no statusPurpose', foreignEntry({ statusPurpose: undefined }), '/credential/credentialStatus/statusPurpose'],
    ['a number statusPurpose', foreignEntry({ statusPurpose: 1 }), '/credential/credentialStatus/statusPurpose'],
    ['an entry in the service\'s own list', foreignEntry({ statusListCredential: 'https://ob3.test/status/lakeside/0123456789abcdef/revocation' }), '/credential/credentialStatus/statusListCredential'],
    ['an entry in another tenant\'s list on this service', foreignEntry({ statusListCredential: 'https://ob3.test/status/hillside/0123456789abcdef/revocation' }), '/credential/credentialStatus/statusListCredential'],
    ['a statusSize of 0', foreignEntry({ statusSize: 0 }), '/credential/credentialStatus/statusSize'],
    ['a statusSize as a string', foreignEntry({ statusSize: '2' }), '/credential/credentialStatus/statusSize'],
    ['a statusSize above 8 bits', foreignEntry({ statusSize: 9, statusMessage: [] }), '/credential/credentialStatus/statusSize'],
    ['statusSize 2 without statusMessage', foreignEntry({ statusSize: 2 }), '/credential/credentialStatus/statusMessage'],
    ['statusSize 2 with 2 messages', foreignEntry({ statusSize: 2, statusMessage: MESSAGES.slice(0, 2) }), '/credential/credentialStatus/statusMessage'],
    ['a status value that is not 0x hex', foreignEntry({ statusSize: 1, statusMessage: [{ status: '0', message: 'valid' }, { status: '0x1', message: 'flagged' }] }), '/credential/credentialStatus/statusMessage'],
    ['a status value given twice', foreignEntry({ statusSize: 1, statusMessage: [{ status: '0x1', message: 'valid' }, { status: '0x1', message: 'flagged' }] }), '/credential/credentialStatus/statusMessage'],
    ['a status message that is not a string', foreignEntry({ statusSize: 1, statusMessage: [{ status: '0x0', message: 'valid' }, { status: '0x1', message: 1 }] }), '/credential/credentialStatus/statusMessage'],
    ['a statusReference that is not a URL', foreignEntry({ statusReference: 'see the handbook' }), '/credential/credentialStatus/statusReference'],
    ['an empty statusReference array', foreignEntry({ statusReference: [] }), '/credential/credentialStatus/statusReference'],
  ]
  it.each(malformed)('refuses %s (400 ERR_OB3_SERVER_STATUS_INVALID)', async (_what, entry, path) => {
    const res = await issue({ credential: mine({ credentialStatus: JSON.parse(JSON.stringify(entry)) }) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_STATUS_INVALID')
    expect(res.json.error.details.problems.map((p: { path: string }) => p.path)).toEqual([path])
  })

  it('checks every entry of a list, and 1EdTechRevocationList and StatusList2021Entry entries too', () => {
    const problems = statusEntryProblems({
      credentialStatus: [
        foreignEntry(),
        { id: 'https://example.com', type: '1EdTechRevocationList' },
        { type: 'StatusList2021Entry', statusPurpose: 'message', statusListIndex: '1', statusListCredential: 'https://status.example.org/2021/1' },
        { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://user:pw@status.example.org/1' },
      ],
    })
    expect(problems.map((p) => p.path)).toEqual(['/credentialStatus/1/id', '/credentialStatus/2/statusPurpose', '/credentialStatus/3/statusListCredential'])
    expect(statusEntryProblems({ credentialStatus: { id: 'https://lakeside.example/revocations/1', type: '1EdTechRevocationList' } })).toEqual([])
  })
})

describe('a string is a credential only as a compact JWS', () => {
  it('refuses JSON text as verifiableCredential (400 ERR_OB3_SERVER_CREDENTIAL_MALFORMED), accepts the VC-JWT string', async () => {
    const signed = (await issue({ credential: mine() })).json.verifiableCredential
    const text = await verifyVc(JSON.stringify(signed))
    expect(text.status).toBe(400)
    expect(text.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
    expect(text.json.error.message).toMatch(/compact JWS/)
    const enveloped = (await issue({ credential: mine(), options: { format: 'vc-jwt' } })).json.verifiableCredential
    const jwt = decodeURIComponent(String(enveloped.id).slice(String(enveloped.id).indexOf(',') + 1))
    const res = await verifyVc(jwt)
    expect(res.status, res.text).toBe(200)
    expect(res.json.verified).toBe(true)
  })

  it('refuses JSON text as a presentation, or as a credential inside one (400 ERR_OB3_SERVER_CREDENTIAL_MALFORMED)', async () => {
    const signed = (await issue({ credential: mine() })).json.verifiableCredential
    const unsigned = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [JSON.stringify(signed)] }
    const inside = await call(server, 'POST', '/presentations/verify', { body: { presentation: unsigned } })
    expect(inside.status).toBe(400)
    expect(inside.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
    expect(inside.json.error.details.problems[0].path).toBe('/presentation/verifiableCredential/0')
    const vp = await presentation(await holder(11), [signed])
    const whole = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: JSON.stringify(vp) } })
    expect(whole.status).toBe(400)
    expect(whole.json.error.code).toBe('ERR_OB3_SERVER_CREDENTIAL_MALFORMED')
  })
})
