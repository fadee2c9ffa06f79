/**
 * The `status` check against status lists served by a fetch double: a list is believed only when
 * it is the right kind, for the entry's purpose, signed by its own issuer (another signer than the
 * credential's issuer is a warning: see status-issuer.test.ts) and within its validity period (five minutes of clock skew before validFrom, none after
 * validUntil). Each refusal has its own test, so that a check quietly dropped fails one.
 */
import { describe, expect, it, vi } from 'vitest'
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, Ob3Error, encodeStatusList, resolveVerificationMethod, writeStatusBit } from '@ob3/core'
import { verify } from '../src/index.js'
import { MAX_STATUS_ENTRIES, checkStatus } from '../src/checks/status.js'
import { NOW, checkOf, credential, parties, sign, type Party } from './fixtures.js'

const { provider, stranger } = await parties()
const LIST_URL = 'https://academy.example/status/1'
const INDEX = 94_567
const STATUS_LIST_2021_URL = 'https://w3id.org/vc/status-list/2021/v1'

interface ListOptions {
  /** Who the list names as its issuer (default the provider). */
  issuer?: Party
  /** Who signs it (default its issuer); `null` leaves it unsigned. */
  signer?: Party | null
  purpose?: string | string[]
  /** Indexes whose bit is set. */
  set?: number[]
  type?: string
  subjectType?: string
  validFrom?: string
  validUntil?: string
  /** Applied to the signed list (a change after signing). */
  tamper?: (list: Record<string, unknown>) => void
}

async function statusList(o: ListOptions = {}): Promise<Record<string, unknown>> {
  const bits = new Uint8Array(16_384)
  for (const i of o.set ?? []) writeStatusBit(bits, i, true)
  const issuer = o.issuer ?? provider
  const type = o.type ?? 'BitstringStatusListCredential'
  // A StatusList2021 list is a VC 1.1 credential (its context cannot be used with VC 2.0's).
  const legacy = type === 'StatusList2021Credential'
  const list: Record<string, unknown> = {
    '@context': legacy ? [CREDENTIALS_V1_URL, STATUS_LIST_2021_URL] : [CREDENTIALS_V2_URL],
    id: LIST_URL,
    type: ['VerifiableCredential', type],
    issuer: issuer.id,
    [legacy ? 'issuanceDate' : 'validFrom']: o.validFrom ?? '2026-01-01T00:00:00Z',
    ...(o.validUntil === undefined ? {} : { [legacy ? 'expirationDate' : 'validUntil']: o.validUntil }),
    credentialSubject: { id: `${LIST_URL}#list`, type: o.subjectType ?? 'BitstringStatusList', statusPurpose: o.purpose ?? 'revocation', encodedList: await encodeStatusList(bits) },
  }
  const signer = o.signer === undefined ? issuer : o.signer
  const signed = signer === null ? list : await sign(list, signer)
  o.tamper?.(signed)
  return signed
}

function entry(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `${LIST_URL}#${INDEX}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(INDEX), statusListCredential: LIST_URL, ...extra }
}

/** A fetch double serving `body` (JSON) at LIST_URL and 404 elsewhere. */
function serve(body: unknown) {
  return vi.fn(async (input: string | URL | Request, _init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return url === LIST_URL ? new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }) : new Response('not here', { status: 404 })
  })
}

async function credentialWith(status: unknown): Promise<Record<string, unknown>> {
  return sign(credential({ issuer: provider, extra: { credentialStatus: status } }), provider)
}

/** The status check of a credential (with `status`) verified against `list` at `now`. */
async function statusOf(list: unknown, status: unknown = entry(), now: Date = NOW) {
  const report = await verify({ input: await credentialWith(status), now, fetch: serve(list) })
  return checkOf(report, 'status')
}

/** The status check run on its own, for entries a signed credential could not carry. */
async function checkOnly(list: unknown, status: unknown) {
  const document = credential({ issuer: provider, extra: { credentialStatus: status } })
  return checkStatus({ document, fetch: serve(list) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
}

describe('status: a Bitstring Status List', () => {
  it('passes when the entry\'s bit is clear, naming the list and the entry', async () => {
    expect(await statusOf(await statusList({ set: [INDEX + 1, INDEX - 1] }))).toEqual({
      id: 'status', status: 'passed', message: `not revoked (list ${LIST_URL}, entry ${INDEX})`,
    })
  })

  it('fails ERR_OB3_STATUS_REVOKED when the revocation bit is set', async () => {
    expect(await statusOf(await statusList({ set: [INDEX] }))).toMatchObject({
      status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer (list ${LIST_URL}, entry ${INDEX})`,
    })
  })

  it('reads the bit at the entry\'s index, most significant bit first (bit 0 and the last bit)', async () => {
    const first = await statusList({ set: [0] })
    expect((await statusOf(first, entry({ statusListIndex: '0' }))).code).toBe('ERR_OB3_STATUS_REVOKED')
    expect((await statusOf(first, entry({ statusListIndex: '1' }))).status).toBe('passed')
    const last = 16_384 * 8 - 1
    expect((await statusOf(await statusList({ set: [last] }), entry({ statusListIndex: String(last) }))).code).toBe('ERR_OB3_STATUS_REVOKED')
    expect(await statusOf(first, entry({ statusListIndex: String(last + 1) }))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `status could not be checked: status index ${last + 1} is outside the list of ${last + 1} entries` })
  })

  it('fails ERR_OB3_STATUS_SUSPENDED for a set suspension bit, and says "not suspended" for a clear one', async () => {
    const list = await statusList({ purpose: 'suspension', set: [INDEX] })
    expect(await statusOf(list, entry({ statusPurpose: 'suspension' }))).toMatchObject({
      status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED', message: `suspended by its issuer (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect(await statusOf(await statusList({ purpose: 'suspension' }), entry({ statusPurpose: 'suspension' }))).toEqual({
      id: 'status', status: 'passed', message: `not suspended (list ${LIST_URL}, entry ${INDEX})`,
    })
  })

  it('warns for a set bit of another purpose (ERR_OB3_STATUS_MESSAGE for message, ERR_OB3_STATUS_INVALID for others), and passes a clear one as "not flagged"', async () => {
    expect(await statusOf(await statusList({ purpose: 'message', set: [INDEX] }), entry({ statusPurpose: 'message' }))).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status is set (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect(await statusOf(await statusList({ purpose: 'refresh', set: [INDEX] }), entry({ statusPurpose: 'refresh' }))).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_INVALID', message: `the refresh status is set (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect(await statusOf(await statusList({ purpose: 'message' }), entry({ statusPurpose: 'message' }))).toMatchObject({
      status: 'passed', message: `not flagged (message) (list ${LIST_URL}, entry ${INDEX})`,
    })
  })

  it('accepts a list for several purposes that include the entry\'s', async () => {
    expect((await statusOf(await statusList({ purpose: ['suspension', 'revocation'], set: [INDEX] }))).code).toBe('ERR_OB3_STATUS_REVOKED')
  })

  it('refuses a list whose statusPurpose is not the entry\'s, even with the bit clear', async () => {
    expect(await statusOf(await statusList({ purpose: 'suspension' }))).toEqual({
      id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'the status list is for suspension, not revocation',
    })
    expect((await statusOf(await statusList({ purpose: ['suspension', 'message'] }))).message).toBe('the status list is for suspension, message, not revocation')
  })

  it('warns ERR_OB3_STATUS_ISSUER_DIFFERS for a list issued and signed by someone other than the credential\'s issuer; refuses a list that names no issuer', async () => {
    expect(await statusOf(await statusList({ issuer: stranger }))).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS',
      message: `not revoked (list ${LIST_URL}, entry ${INDEX}); the status list is signed by ${stranger.id}, not by the credential's issuer ${provider.id}`,
    })
    const anonymous = { ...(await statusList({ signer: null })), issuer: undefined }
    expect(await checkOnly(anonymous, entry())).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `the status list ${LIST_URL} names no issuer` })
    const { issuer: _issuer, ...noIssuer } = credential({ issuer: provider, extra: { credentialStatus: entry() } })
    const orphan = await checkStatus({ document: noIssuer, fetch: serve(await statusList()) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
    expect(orphan).toMatchObject({ status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' })
    expect(orphan.message).toContain(`the status list is signed by ${provider.id}, not by the credential's issuer (none)`)
  })

  it('refuses a list whose own proof does not verify: changed after signing, signed by another key, or unsigned', async () => {
    const cleared = await statusList({ set: [INDEX], tamper: (l) => { (l.credentialSubject as Record<string, unknown>).encodedList = '' } })
    const tampered = await statusList({ tamper: (l) => { l.validUntil = '2099-01-01T00:00:00Z' } })
    for (const list of [tampered, cleared, await statusList({ signer: stranger }), await statusList({ signer: null })]) {
      const check = await statusOf(list)
      expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID' })
      expect(check.message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: `))
    }
  })

  it('refuses a list that is not a BitstringStatusListCredential, or whose subject is not a BitstringStatusList', async () => {
    expect(await statusOf(await statusList({ type: 'StatusList2021Credential', signer: null }))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${LIST_URL} is not a BitstringStatusListCredential` })
    // A lone type string is read as a list of one: this unsigned list passes the type check and fails its proof.
    expect((await statusOf({ ...(await statusList({ signer: null })), type: 'BitstringStatusListCredential' })).message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: `))
    expect(await statusOf(await statusList({ subjectType: 'StatusList2021', signer: null }))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'the status list\'s credentialSubject must be a BitstringStatusList' })
    expect(await statusOf({ ...(await statusList()), credentialSubject: null })).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'the status list\'s credentialSubject must be a BitstringStatusList' })
  })

  it('refuses an out-of-date list (past its validUntil) with ERR_OB3_STATUS_UNAVAILABLE', async () => {
    const check = await statusOf(await statusList({ validUntil: '2026-05-01T00:00:00Z', set: [INDEX] }))
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(check.message).toBe(`the status list ${LIST_URL} is out of date: expired on 2026-05-01T00:00:00.000Z (it is ${NOW.toISOString()})`)
  })

  it('refuses a list with no usable validity dates', async () => {
    const check = await statusOf(await statusList({ validFrom: 'yesterday' }))
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(check.message).toContain('is out of date: validFrom "yesterday" is not a date-time with a time zone')
  })

  it('needs statusListCredential, a decimal statusListIndex and statusPurpose; statusSize 1 is the default', async () => {
    const list = await statusList()
    const needs = `BitstringStatusListEntry needs statusListCredential, statusListIndex (a decimal string) and statusPurpose`
    for (const bad of [{ statusListCredential: undefined }, { statusListIndex: 94_567 }, { statusListIndex: '-1' }, { statusListIndex: '1e3' }, { statusListIndex: '99999999999999999999' }, { statusPurpose: undefined }]) {
      expect(await statusOf(list, entry(bad))).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: needs })
    }
    expect((await statusOf(list, entry({ statusSize: 1 }))).status).toBe('passed')
  })

  it('fails ERR_OB3_STATUS_UNAVAILABLE when the list cannot be fetched, and ERR_OB3_STATUS_INVALID when it is not a JSON object', async () => {
    const missing = await statusOf(await statusList(), entry({ statusListCredential: 'https://academy.example/status/2' }))
    expect(missing).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(missing.message).toMatch(/^status could not be checked: .*404/)
    expect(await statusOf([1, 2])).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `status could not be checked: status list ${LIST_URL} is not a JSON object` })
    expect(await statusOf(null)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `status could not be checked: status list ${LIST_URL} is not a JSON object` })
    expect(await statusOf(5)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `status could not be checked: status list ${LIST_URL} is not a JSON object` })
    const notJson = vi.fn(async () => new Response('{"type": [', { status: 200, headers: { 'content-type': 'application/json' } }))
    const broken = await checkStatus({ document: credential({ issuer: provider, extra: { credentialStatus: entry() } }), fetch: notJson as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
    expect(broken).toMatchObject({ status: 'failed' })
    expect(broken.message).toMatch(/^status could not be checked: .*status list/)
  })
})

describe('status: the dates of a status list (clock injected)', () => {
  const ms = (iso: string, delta: number) => new Date(Date.parse(iso) + delta)
  const UNTIL = '2026-05-01T00:00:00Z'
  const FROM = '2026-04-01T00:00:00Z'

  it('a list is in date at its validUntil instant and 1 ms before, out of date 1 ms after', async () => {
    const list = await statusList({ validFrom: FROM, validUntil: UNTIL })
    expect((await statusOf(list, entry(), ms(UNTIL, -1))).status).toBe('passed')
    expect((await statusOf(list, entry(), ms(UNTIL, 0))).status).toBe('passed')
    expect(await statusOf(list, entry(), ms(UNTIL, 1))).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
  })

  it('a list is in date from its validFrom, and five minutes before it (clock skew), not a millisecond earlier', async () => {
    const list = await statusList({ validFrom: FROM, validUntil: UNTIL })
    const skew = 5 * 60_000
    expect((await statusOf(list, entry(), ms(FROM, 1))).status).toBe('passed')
    expect((await statusOf(list, entry(), ms(FROM, 0))).status).toBe('passed')
    expect((await statusOf(list, entry(), ms(FROM, -1))).status).toBe('passed')
    expect((await statusOf(list, entry(), ms(FROM, -skew))).status).toBe('passed')
    const early = await statusOf(list, entry(), ms(FROM, -skew - 1))
    expect(early).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
    expect(early.message).toContain('is out of date: not valid yet: valid from 2026-04-01T00:00:00Z')
  })
})

describe('status: other status methods and entries', () => {
  it('reads a StatusList2021 list for a StatusList2021Entry, and refuses a Bitstring list for one', async () => {
    const legacy = await statusList({ type: 'StatusList2021Credential', subjectType: 'StatusList2021', set: [INDEX] })
    const legacyEntry = entry({ type: 'StatusList2021Entry' })
    expect((await checkOnly(legacy, legacyEntry)).code).toBe('ERR_OB3_STATUS_REVOKED')
    expect(await checkOnly(await statusList(), legacyEntry)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${LIST_URL} is not a StatusList2021Credential` })
    expect(await checkOnly({ ...legacy, credentialSubject: { ...(legacy.credentialSubject as object), type: 'BitstringStatusList' } }, legacyEntry)).toMatchObject({ message: 'the status list\'s credentialSubject must be a StatusList2021' })
  })

  it('is skipped without credentialStatus; fails an entry that is not an object, or of an unknown method', async () => {
    const none = checkOf(await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, fetch: serve({}) }), 'status')
    expect(none).toEqual({ id: 'status', status: 'skipped', message: 'the credential has no credentialStatus: its issuer publishes no revocation for it' })
    expect(await checkOnly({}, 'revoked')).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'credentialStatus must be an object' })
    expect(await checkOnly({}, [null])).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'credentialStatus must be an object' })
    expect(await checkOnly({}, { type: 'RevocationList2020Status' })).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_UNSUPPORTED', message: 'status method "RevocationList2020Status" is not supported, so revocation could not be checked' })
  })

  it('checks every entry: one failure fails the check, a warning warns, and the messages are joined', async () => {
    const list = await statusList({ purpose: ['revocation', 'message'], set: [INDEX] })
    const clear = entry({ statusListIndex: '1' })
    expect(await statusOf(list, [clear, entry({ statusPurpose: 'message' })])).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE',
      message: `not revoked (list ${LIST_URL}, entry 1); the message status is set (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect(await statusOf(list, [entry({ statusPurpose: 'message' }), entry()])).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_REVOKED' })
    expect(await statusOf(list, [clear, clear])).toMatchObject({ status: 'passed', message: `not revoked (list ${LIST_URL}, entry 1); not revoked (list ${LIST_URL}, entry 1)` })
  })

  it('1EdTechRevocationList: revoked when the credential id is listed (with the reason), not when listed as revoked: false', async () => {
    const credentialId = 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001'
    const status = { id: LIST_URL, type: '1EdTechRevocationList' }
    expect(await checkOnly({ revokedCredential: [{ id: 'urn:other' }, { id: credentialId, revocationReason: 'issued in error' }] }, status)).toEqual({
      id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer: issued in error (list ${LIST_URL})`,
    })
    expect(await checkOnly({ revokedCredential: [{ id: credentialId }] }, status)).toMatchObject({ code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer (list ${LIST_URL})` })
    expect(await checkOnly({ revokedCredential: [null, 'junk', 7, { id: 'urn:other' }] }, status)).toEqual({ id: 'status', status: 'passed', message: `not on the issuer's revocation list ${LIST_URL}` })
    expect(await checkOnly({ revokedCredential: [null, 'junk', { id: credentialId, revoked: false }] }, status)).toEqual({ id: 'status', status: 'passed', message: `not on the issuer's revocation list ${LIST_URL}` })
    expect(await checkOnly([1], status)).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `status could not be checked: revocation list ${LIST_URL} is not a JSON object` })
    expect(await checkOnly({ revokedCredential: {} }, status)).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: `${LIST_URL} has no revokedCredential list` })
    expect(await checkOnly({}, { type: '1EdTechRevocationList' })).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: '1EdTechRevocationList status needs an id URL' })
  })

  it('lets an error that is not an Ob3Error through (a bug, not a status)', async () => {
    const document = credential({ issuer: provider, extra: { credentialStatus: entry() } })
    const resolveKey = async () => { throw new RangeError('key store broken') }
    await expect(checkStatus({ document, fetch: serve(await statusList()) as typeof globalThis.fetch, now: NOW, resolveKey })).rejects.toThrow(new RangeError('key store broken'))
  })
})

describe('status: what it says, and what it asks of the list', () => {
  it(`says how many entries it was given when there are more than ${MAX_STATUS_ENTRIES}, and fetches none`, async () => {
    const fetch = serve({})
    const document = credential({ issuer: provider, extra: { credentialStatus: Array.from({ length: MAX_STATUS_ENTRIES + 1 }, () => entry()) } })
    expect(await checkStatus({ document, fetch: fetch as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })).toEqual({
      id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_TOO_MANY',
      message: `the credential carries ${MAX_STATUS_ENTRIES + 1} credentialStatus entries; at most ${MAX_STATUS_ENTRIES} are looked up, so its status was not checked`,
    })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('asks for the list as a credential (Accept: VC, JSON-LD, then JSON)', async () => {
    const fetch = serve(await statusList())
    await checkOnlyWith(fetch, entry())
    const [, init] = fetch.mock.calls[0] as [string, RequestInit | undefined]
    expect(new Headers(init?.headers).get('accept')).toBe('application/vc+ld+json, application/ld+json, application/json')
  })

  it('holds the list\'s own proof to keyBinding strict: a key only read from the proof fails it, and passes (with the key unconfirmed) by default', async () => {
    // An https issuer whose list and credential are signed with `<issuer URL>#<publicKeyMultibase>`: nothing it publishes confirms the key.
    const httpsIssuer = 'https://academy.example/issuer'
    const signer = { ...provider.signer, id: `${httpsIssuer}#${provider.key.publicKeyMultibase}` }
    const list = await sign({ ...(await statusList({ signer: null })), issuer: httpsIssuer }, signer)
    const document = { ...credential({ issuer: provider, extra: { credentialStatus: entry() } }), issuer: httpsIssuer }
    const run = (keyBinding?: 'strict' | 'lenient') => checkStatus({ document, fetch: serve(list) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id), ...(keyBinding === undefined ? {} : { keyBinding }) })
    expect(await run()).toEqual({ id: 'status', status: 'passed', message: `not revoked (list ${LIST_URL}, entry ${INDEX})` })
    expect(await run('lenient')).toEqual({ id: 'status', status: 'passed', message: `not revoked (list ${LIST_URL}, entry ${INDEX})` })
    const strict = await run('strict')
    expect(strict).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID' })
    expect(strict.message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: .*taken from the credential itself, not confirmed by the issuer ${httpsIssuer}`))
  })

  it('keeps ERR_OB3_TIME_BUDGET_EXCEEDED when the verification\'s time ran out while checking the list\'s proof', async () => {
    const document = credential({ issuer: provider, extra: { credentialStatus: entry() } })
    const resolveKey = async () => { throw new Ob3Error('ERR_OB3_TIME_BUDGET_EXCEEDED', 'the verification\'s time budget ran out before the key answered') }
    const result = await checkStatus({ document, fetch: serve(await statusList()) as typeof globalThis.fetch, now: NOW, resolveKey })
    expect(result).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(result.message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: `))
  })

  it('1EdTechRevocationList: an item that is not an object never matches, even a credential without an id', async () => {
    const { id: _id, ...anonymous } = credential({ issuer: provider, extra: { credentialStatus: { id: LIST_URL, type: '1EdTechRevocationList' } } })
    const result = await checkStatus({ document: anonymous, fetch: serve({ revokedCredential: ['junk', 7, true] }) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
    expect(result).toEqual({ id: 'status', status: 'passed', message: `not on the issuer's revocation list ${LIST_URL}` })
  })
})

/** The status check on its own, with a given fetch. */
function checkOnlyWith(fetch: ReturnType<typeof serve>, status: unknown) {
  const document = credential({ issuer: provider, extra: { credentialStatus: status } })
  return checkStatus({ document, fetch: fetch as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
}
