import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeStatusList, readStatusValue } from '@ob3/core'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, startServer, tenant, v11Credential } from './helpers.js'

const MESSAGES = ['valid', 'pending review', 'under appeal', 'withdrawn']
const STATUS_MESSAGE = MESSAGES.map((message, i) => ({ status: `0x${i.toString(16)}`, message }))
const MESSAGE_OPTION = { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2, statusMessage: STATUS_MESSAGE, statusReference: 'https://lakeside.example/status-policy' }

let server: Ob3Server
let lakeside: CreatedTenant
let byDefault: Ob3Server
let suite: CreatedTenant

const issue = (s: Ob3Server, t: CreatedTenant, body: Record<string, unknown>) => call(s, 'POST', '/credentials/issue', { body, token: t.apiKey.token })
const setStatus = (s: Ob3Server, t: CreatedTenant, body: Record<string, unknown>) => call(s, 'POST', '/credentials/status', { body, token: t.apiKey.token })

/** The value of an entry in the published list it names. */
async function publishedValue(s: Ob3Server, entry: { statusListCredential: string; statusListIndex: string; statusSize?: number }): Promise<number> {
  const list = await call(s, 'GET', new URL(entry.statusListCredential).pathname)
  expect(list.status).toBe(200)
  const bits = await decodeStatusList(list.json.credentialSubject.encodedList)
  return readStatusValue(bits, Number(entry.statusListIndex), entry.statusSize ?? 1)
}

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside')
  ;({ server: byDefault } = await startServer({ messageStatus: { statusSize: 2, messages: MESSAGES, statusReference: 'https://suite.example/policy' } }))
  suite = await tenant(byDefault, 'suite')
})
afterAll(cleanUp)

describe('options.credentialStatus of purpose message', () => {
  it('gives a revocation entry and a 2-bit message entry whose multi-bit list starts at 0, and the credential verifies', async () => {
    const res = await issue(server, lakeside, { credential: exampleCredential({ issuer: lakeside.tenant.issuer }), options: { credentialStatus: MESSAGE_OPTION } })
    expect(res.status).toBe(201)
    const vc = res.json.verifiableCredential
    expect(vc.credentialStatus).toHaveLength(2)
    const [revocation, message] = vc.credentialStatus
    expect(revocation).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' })
    expect(revocation.statusSize).toBeUndefined()
    expect(message).toEqual({
      id: `${message.statusListCredential}#${message.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: revocation.statusListIndex,
      statusListCredential: revocation.statusListCredential.replace(/\/revocation$/, '/message'),
      statusSize: 2,
      statusMessage: STATUS_MESSAGE,
      statusReference: 'https://lakeside.example/status-policy',
    })
    const list = await call(server, 'GET', new URL(message.statusListCredential).pathname)
    expect(list.json).toMatchObject({ id: message.statusListCredential, type: ['VerifiableCredential', 'BitstringStatusListCredential'], credentialSubject: { statusPurpose: 'message' } })
    // 131,072 entries of 2 bits each.
    expect((await decodeStatusList(list.json.credentialSubject.encodedList)).length).toBe(131_072 * 2 / 8)
    expect(await publishedValue(server, message)).toBe(0)
    const verified = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: vc, options: { checks: ['proof', 'credentialStatus'] } } })
    expect(verified.status).toBe(200)
    expect(verified.json.verified).toBe(true)
  })

  it('POST /credentials/status sets the value (a number or its 0x form) in the published list, leaving revocation alone', async () => {
    const vc = (await issue(server, lakeside, { credential: exampleCredential({ issuer: lakeside.tenant.issuer }), options: { credentialStatus: MESSAGE_OPTION } })).json.verifiableCredential
    const [revocation, message] = vc.credentialStatus
    const set = await setStatus(server, lakeside, { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message' }, status: 2 })
    expect(set.status).toBe(200)
    expect(set.json).toEqual({ credentialId: vc.id, status: { revoked: false, suspended: false, value: 2 } })
    expect(await publishedValue(server, message)).toBe(2)
    expect(await publishedValue(server, revocation)).toBe(0)
    const again = await setStatus(server, lakeside, { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message' }, status: '0x3' })
    expect(again.json.status.value).toBe(3)
    expect(await publishedValue(server, message)).toBe(3)
    // Revoking keeps the message value.
    await setStatus(server, lakeside, { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, status: true })
    expect(await publishedValue(server, revocation)).toBe(1)
    expect(await publishedValue(server, message)).toBe(3)
  })

  it('refuses a bad message status request with 400 and a code, issuing nothing', async () => {
    const id = 'urn:uuid:6b1c1d0e-8f3a-4c55-9d21-3e7f0a2b4c68'
    const bad: [Record<string, unknown>, string][] = [
      [{ ...MESSAGE_OPTION, statusSize: 0 }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ ...MESSAGE_OPTION, statusSize: 9 }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      // The statusSize, not 2^statusSize, messages: the count is wrong.
      [{ ...MESSAGE_OPTION, statusMessage: STATUS_MESSAGE.slice(0, 2) }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ ...MESSAGE_OPTION, statusMessage: [...STATUS_MESSAGE].reverse() }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ ...MESSAGE_OPTION, statusMessage: STATUS_MESSAGE.map((m) => ({ ...m, message: '' })) }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ ...MESSAGE_OPTION, statusReference: 'not a url' }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ ...MESSAGE_OPTION, colour: 'red' }, 'ERR_OB3_SERVER_REQUEST_INVALID'],
      [{ type: 'BitstringStatusListEntry', statusPurpose: 'refresh' }, 'ERR_OB3_SERVER_STATUS_UNSUPPORTED'],
    ]
    for (const [option, code] of bad) {
      const res = await issue(server, lakeside, { credential: exampleCredential({ id, issuer: lakeside.tenant.issuer }), options: { credentialStatus: option } })
      expect(res.status, JSON.stringify(option)).toBe(400)
      expect(res.json.error.code, JSON.stringify(option)).toBe(code)
    }
    const v1 = await issue(server, lakeside, { credential: { ...v11Credential(), id, issuer: lakeside.tenant.issuer }, options: { credentialStatus: MESSAGE_OPTION } })
    expect(v1.status).toBe(400)
    expect(v1.json.error.code).toBe('ERR_OB3_SERVER_STATUS_UNSUPPORTED')
    // Nothing was issued under that id: issuing it now is a first issue, not a replay or a conflict.
    const first = await issue(server, lakeside, { credential: exampleCredential({ id, issuer: lakeside.tenant.issuer }) })
    expect(first.status).toBe(201)
    expect(first.headers.get('x-ob3-replayed')).toBeNull()
  })

  it('refuses a value outside the entry, a credential without a message entry, and a value that is not a number', async () => {
    const vc = (await issue(server, lakeside, { credential: exampleCredential({ issuer: lakeside.tenant.issuer }), options: { credentialStatus: MESSAGE_OPTION } })).json.verifiableCredential
    const purpose = { type: 'BitstringStatusListEntry', statusPurpose: 'message' }
    const tooBig = await setStatus(server, lakeside, { credentialId: vc.id, credentialStatus: purpose, status: 4 })
    expect(tooBig.status).toBe(400)
    expect(tooBig.json.error.code).toBe('ERR_OB3_STATUS_INVALID')
    for (const status of [-1, 1.5, true, 'two', '0x']) {
      const res = await setStatus(server, lakeside, { credentialId: vc.id, credentialStatus: purpose, status })
      expect(res.status, String(status)).toBe(400)
      expect(res.json.error.code, String(status)).toBe('ERR_OB3_SERVER_REQUEST_INVALID')
    }
    // Nothing stored changed.
    expect(await publishedValue(server, vc.credentialStatus[1])).toBe(0)
    const plain = (await issue(server, lakeside, { credential: exampleCredential({ issuer: lakeside.tenant.issuer }) })).json.verifiableCredential
    expect(plain.credentialStatus.statusPurpose).toBe('revocation')
    const none = await setStatus(server, lakeside, { credentialId: plain.id, credentialStatus: purpose, status: 1 })
    expect(none.status).toBe(400)
    expect(none.json.error.code).toBe('ERR_OB3_STATUS_UNSUPPORTED')
    const unknown = await setStatus(server, lakeside, { credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: purpose, status: 1 })
    expect(unknown.status).toBe(404)
  })

  it('a plain credential keeps its one revocation entry, and its group has no message list', async () => {
    const plain = (await issue(server, lakeside, { credential: exampleCredential({ issuer: lakeside.tenant.issuer }) })).json.verifiableCredential
    expect(Array.isArray(plain.credentialStatus)).toBe(false)
    const path = new URL(plain.credentialStatus.statusListCredential as string).pathname.replace(/\/revocation$/, '/message')
    expect((await call(server, 'GET', path)).status).toBe(404)
  })
})

describe('the service\'s default message status (createServer messageStatus)', () => {
  it('gives VC 2.0 credentials issued without options.credentialStatus a message entry beside revocation', async () => {
    const vc = (await issue(byDefault, suite, { credential: exampleCredential({ issuer: suite.tenant.issuer }) })).json.verifiableCredential
    expect(vc.credentialStatus.map((e: { statusPurpose: string }) => e.statusPurpose)).toEqual(['revocation', 'message'])
    expect(vc.credentialStatus[1]).toMatchObject({ statusSize: 2, statusMessage: STATUS_MESSAGE, statusReference: 'https://suite.example/policy' })
    const verified = await call(byDefault, 'POST', '/credentials/verify', { body: { verifiableCredential: vc, options: { checks: ['proof', 'credentialStatus'] } } })
    expect(verified.json.verified).toBe(true)
  })

  it('gives none when a revocation entry only, or no status, is asked for, and none to VC 1.1', async () => {
    const asked = (await issue(byDefault, suite, { credential: exampleCredential({ issuer: suite.tenant.issuer }), options: { credentialStatus: true } })).json.verifiableCredential
    expect(asked.credentialStatus.statusPurpose).toBe('revocation')
    const none = (await issue(byDefault, suite, { credential: exampleCredential({ issuer: suite.tenant.issuer }), options: { credentialStatus: false } })).json.verifiableCredential
    expect(none.credentialStatus).toBeUndefined()
    const v1 = (await issue(byDefault, suite, { credential: { ...v11Credential(), issuer: suite.tenant.issuer } })).json.verifiableCredential
    expect(v1.credentialStatus).toBeUndefined()
  })

  it('refuses a default that does not fit its statusSize', async () => {
    await expect(startServer({ messageStatus: { statusSize: 2, messages: ['a', 'b'] } })).rejects.toThrow(/4 non-empty strings/)
  })
})
