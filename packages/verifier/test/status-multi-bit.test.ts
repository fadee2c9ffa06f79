/**
 * Multi-bit status (W3C Bitstring Status List, `statusSize` > 1): the verifier reads statusSize
 * bits at `index × statusSize`, most significant first, checks `statusMessage` (2^statusSize
 * messages, `0x` hex values) and `statusReference`, reports the value's message, and refuses an
 * entry whose statusSize differs from the list's.
 */
import { describe, expect, it, vi } from 'vitest'
import { CREDENTIALS_V2_URL, decodeStatusList, encodeStatusList, readStatusValue, resolveVerificationMethod, writeStatusValue } from '@ob3/core'
import { checkStatus } from '../src/checks/status.js'
import { verify } from '../src/index.js'
import { NOW, checkOf, credential, parties, sign } from './fixtures.js'

const { provider, stranger } = await parties()
const LIST_URL = 'https://academy.example/status/messages'
const INDEX = 5_001
const MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'pending review' },
  { status: '0x2', message: 'under appeal' },
  { status: '0x3', message: 'withdrawn' },
]

/**
 * A signed message list of 131,072 entries of `size` bits. `listSize` puts a statusSize on its
 * subject, which the credentials/v2 context does not define: such a list is left unsigned.
 */
async function messageList(values: [number, number][], size = 2, o: { purpose?: string; listSize?: unknown } = {}): Promise<Record<string, unknown>> {
  const bits = new Uint8Array((131_072 * size) / 8)
  for (const [index, value] of values) writeStatusValue(bits, index, size, value)
  const list = {
    '@context': [CREDENTIALS_V2_URL], id: LIST_URL, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: provider.id, validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: o.purpose ?? 'message', ...('listSize' in o ? { statusSize: o.listSize } : {}), encodedList: await encodeStatusList(bits) },
  }
  return 'listSize' in o ? list : sign(list, provider)
}

function entry(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${LIST_URL}#${INDEX}`, type: 'BitstringStatusListEntry', statusPurpose: 'message', statusListIndex: String(INDEX), statusListCredential: LIST_URL,
    statusSize: 2, statusMessage: MESSAGES, statusReference: 'https://academy.example/status-help', ...extra,
  }
}

/** A fetch double serving `list` at LIST_URL. */
const serving = (list: unknown) => vi.fn(async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  return url === LIST_URL ? new Response(JSON.stringify(list), { status: 200, headers: { 'content-type': 'application/json' } }) : new Response('not here', { status: 404 })
})

/** The status check of a signed credential with `status`, verified against `list`. */
async function statusOf(list: unknown, status: unknown = entry()) {
  const report = await verify({ input: await sign(credential({ issuer: provider, extra: { credentialStatus: status } }), provider), now: NOW, fetch: serving(list) })
  return checkOf(report, 'status')
}

/** The status check on its own, for entries a signed credential cannot carry (JSON-LD safe mode refuses them). */
function checkOnly(list: unknown, status: unknown) {
  const document = credential({ issuer: provider, extra: { credentialStatus: status } })
  return checkStatus({ document, fetch: serving(list) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
}

describe('core: multi-bit status values', () => {
  it('reads and writes statusSize bits at index × statusSize, most significant bit first', async () => {
    const bits = new Uint8Array(4)
    writeStatusValue(bits, 0, 2, 2)
    writeStatusValue(bits, 3, 2, 3)
    writeStatusValue(bits, 5, 3, 5)
    // entry 5 of 3 bits is bits 15–17: the last bit of byte 1 and the first two of byte 2.
    expect([...bits]).toEqual([0b1000_0011, 0b0000_0001, 0b0100_0000, 0])
    expect([readStatusValue(bits, 0, 2), readStatusValue(bits, 1, 2), readStatusValue(bits, 3, 2), readStatusValue(bits, 5, 3)]).toEqual([2, 0, 3, 5])
    writeStatusValue(bits, 3, 2, 0)
    expect(readStatusValue(bits, 3, 2)).toBe(0)
    expect(readStatusValue(await decodeStatusList(await encodeStatusList(bits)), 0, 2)).toBe(2)
  })

  it('refuses an entry outside the list, a value that does not fit, and a size outside 1–8', () => {
    const bits = new Uint8Array(4)
    expect(() => readStatusValue(bits, 16, 2)).toThrow('status index 16 is outside the list of 16 entries')
    expect(() => readStatusValue(bits, 10, 3)).toThrow('status index 10 is outside the list of 10 entries')
    expect(readStatusValue(bits, 9, 3)).toBe(0)
    expect(() => writeStatusValue(bits, 0, 2, 4)).toThrow('status value 4 does not fit in 2 bits')
    expect(() => writeStatusValue(bits, 0, 2, -1)).toThrow('status value -1 does not fit in 2 bits')
    expect(() => readStatusValue(bits, 0, 0)).toThrow('statusSize 0 must be a whole number of bits from 1 to 8')
    expect(() => readStatusValue(bits, 0, 9)).toThrow('statusSize 9 must be a whole number of bits from 1 to 8')
  })
})

describe('status: a message list with statusSize 2', () => {
  it('passes value 0 with its message, and warns ERR_OB3_STATUS_MESSAGE with the message of another value', async () => {
    expect(await statusOf(await messageList([[INDEX + 1, 3], [INDEX - 1, 1]]))).toEqual({ id: 'status', status: 'passed', message: `message: status 0x0 "valid" (list ${LIST_URL}, entry ${INDEX})` })
    for (const [value, text] of [[1, 'pending review'], [2, 'under appeal'], [3, 'withdrawn']] as const) {
      expect(await statusOf(await messageList([[INDEX, value]]))).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status 0x${value} "${text}" (list ${LIST_URL}, entry ${INDEX})` })
    }
  })

  it('reads revocation and suspension lists of statusSize 2: any value but 0 revokes or suspends', async () => {
    expect(await statusOf(await messageList([[INDEX, 2]], 2, { purpose: 'revocation' }), entry({ statusPurpose: 'revocation' }))).toEqual({
      id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer: status 0x2 "under appeal" (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect((await statusOf(await messageList([[INDEX, 1]], 2, { purpose: 'suspension' }), entry({ statusPurpose: 'suspension' }))).code).toBe('ERR_OB3_STATUS_SUSPENDED')
  })

  it('gives the message of a statusSize 1 entry that carries statusMessage', async () => {
    const one = entry({ statusSize: 1, statusMessage: [{ status: '0x0', message: 'current' }, { status: '0x1', message: 'superseded' }] })
    expect(await statusOf(await messageList([[INDEX, 1]], 1), one)).toMatchObject({ status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status 0x1 "superseded" (list ${LIST_URL}, entry ${INDEX})` })
  })

  it('fails ERR_OB3_STATUS_SIZE_MISMATCH when the list states another statusSize than the entry', async () => {
    expect(await statusOf(await messageList([], 2, { listSize: 1 }))).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_SIZE_MISMATCH', message: 'the entry\'s statusSize is 2, the status list\'s is 1' })
    const { statusSize: _s, statusMessage: _m, ...plain } = entry()
    expect(await statusOf(await messageList([], 2, { listSize: 2 }), plain)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_SIZE_MISMATCH', message: 'the entry\'s statusSize is 1, the status list\'s is 2' })
  })

  it('refuses an entry beyond the list\'s statusSize-bit entries', async () => {
    expect(await statusOf(await messageList([]), entry({ statusListIndex: '131072' }))).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'status could not be checked: status index 131072 is outside the list of 131072 entries' })
  })

  it('refuses a malformed statusSize, statusMessage or statusReference with ERR_OB3_STATUS_INVALID (a size above 8: ERR_OB3_STATUS_UNSUPPORTED)', async () => {
    const list = await messageList([])
    const cases: [Record<string, unknown>, string][] = [
      [{ statusSize: 0 }, 'statusSize must be a whole number greater than 0, not 0'],
      [{ statusSize: '2' }, 'statusSize must be a whole number greater than 0, not "2"'],
      [{ statusSize: 1.5 }, 'statusSize must be a whole number greater than 0, not 1.5'],
      [{ statusMessage: undefined }, 'statusMessage is required when statusSize is 2'],
      [{ statusMessage: MESSAGES.slice(0, 2) }, 'statusMessage must be an array of 4 messages (2^statusSize)'],
      [{ statusMessage: { status: '0x0', message: 'valid' } }, 'statusMessage must be an array of 4 messages (2^statusSize)'],
      [{ statusMessage: [...MESSAGES.slice(0, 3), { status: '3', message: 'withdrawn' }] }, 'statusMessage[3] must have a status (0x and hex digits) and a message'],
      [{ statusMessage: [...MESSAGES.slice(0, 3), { status: '0x3' }] }, 'statusMessage[3] must have a status (0x and hex digits) and a message'],
      [{ statusMessage: [...MESSAGES.slice(0, 3), null] }, 'statusMessage[3] must have a status (0x and hex digits) and a message'],
      [{ statusMessage: [...MESSAGES.slice(0, 3), { status: '0x4', message: 'beyond' }] }, 'statusMessage[3].status 0x4 does not fit in statusSize 2'],
      [{ statusMessage: [...MESSAGES.slice(0, 3), { status: '0x2', message: 'again' }] }, 'statusMessage gives status 0x2 twice'],
      [{ statusReference: 'not a url' }, 'statusReference must be a URL or an array of URLs'],
      [{ statusReference: ['https://academy.example/a', 7] }, 'statusReference must be a URL or an array of URLs'],
    ]
    for (const [extra, message] of cases) expect(await checkOnly(list, entry(extra)), message).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message })
    expect(await checkOnly(list, entry({ statusSize: 9 }))).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_UNSUPPORTED', message: 'statusSize 9 is not supported (1 to 8 bits are)' })
    expect((await statusOf(list, entry({ statusReference: ['https://academy.example/a', 'https://academy.example/b'] }))).status).toBe('passed')
    expect((await statusOf(list, entry({ statusMessage: MESSAGES.map((m) => ({ ...m, status: m.status.toUpperCase().replace('0X', '0x') })) }))).status).toBe('passed')
  })
})

describe('status: multi-bit entries, read to the letter', () => {
  it('accepts statusSize 8 (256 messages) and refuses 9', async () => {
    const messages = Array.from({ length: 256 }, (_, v) => ({ status: `0x${v.toString(16)}`, message: `m${v}` }))
    const list = await messageList([[INDEX, 200]], 8)
    expect(await checkOnly(list, entry({ statusSize: 8, statusMessage: messages }))).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status 0xc8 "m200" (list ${LIST_URL}, entry ${INDEX})` })
    expect(await checkOnly(list, entry({ statusSize: 8, statusMessage: messages, statusListIndex: String(INDEX + 1) }))).toEqual({ id: 'status', status: 'passed', message: `message: status 0x0 "m0" (list ${LIST_URL}, entry ${INDEX + 1})` })
  })

  it('reads a status value as 0x and hex digits, nothing before or after, one or more digits', async () => {
    const list = await messageList([[INDEX, 2]])
    const refused = (status: unknown) => entry({ statusMessage: [...MESSAGES.slice(0, 3), { status, message: 'withdrawn' }] })
    for (const status of ['a0x3', '0x3z', ' 0x3', ['0x3'], 3, '0x']) {
      expect(await checkOnly(list, refused(status)), JSON.stringify(status)).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'statusMessage[3] must have a status (0x and hex digits) and a message' })
    }
    const padded = MESSAGES.map((m, v) => ({ ...m, status: `0x0${v}` }))
    expect(await checkOnly(list, entry({ statusMessage: padded }))).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE', message: `the message status 0x2 "under appeal" (list ${LIST_URL}, entry ${INDEX})` })
  })

  it('refuses a statusReference that is not a URL string, even a URL inside a nested array', async () => {
    expect(await checkOnly(await messageList([]), entry({ statusReference: [['https://academy.example/status-help']] }))).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_INVALID', message: 'statusReference must be a URL or an array of URLs' })
  })

  it('goes on to the list\'s proof when the list states the entry\'s own statusSize', async () => {
    // Such a list cannot be signed (credentials/v2 does not define statusSize), so it fails its proof, not the size.
    const result = await checkOnly(await messageList([], 2, { listSize: 2 }), entry())
    expect(result).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID' })
    expect(result.message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: `))
  })

  it('says suspended with the value\'s message, and warns ERR_OB3_STATUS_INVALID for a purpose other than message', async () => {
    expect(await checkOnly(await messageList([[INDEX, 1]], 2, { purpose: 'suspension' }), entry({ statusPurpose: 'suspension' }))).toEqual({
      id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_SUSPENDED', message: `suspended by its issuer: status 0x1 "pending review" (list ${LIST_URL}, entry ${INDEX})`,
    })
    expect(await checkOnly(await messageList([[INDEX, 3]], 2, { purpose: 'attention' }), entry({ statusPurpose: 'attention' }))).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_INVALID', message: `the attention status 0x3 "withdrawn" (list ${LIST_URL}, entry ${INDEX})`,
    })
  })

  it('keeps the message\'s own code when the list is also signed by someone other than the credential\'s issuer', async () => {
    const document = credential({ issuer: stranger, extra: { credentialStatus: entry() } })
    const result = await checkStatus({ document, fetch: serving(await messageList([[INDEX, 1]])) as typeof globalThis.fetch, now: NOW, resolveKey: async (id) => resolveVerificationMethod(id) })
    expect(result).toEqual({
      id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_MESSAGE',
      message: `the message status 0x1 "pending review" (list ${LIST_URL}, entry ${INDEX}); the status list is signed by ${provider.id}, not by the credential's issuer ${stranger.id}`,
    })
  })
})
