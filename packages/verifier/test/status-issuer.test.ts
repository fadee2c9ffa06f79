/**
 * Status lists signed by someone other than the credential's issuer: a did:web university whose
 * lists are published, and signed, by the did:key of a registry service. The list is verified as a
 * credential in its own right (its proof by a key its own issuer publishes); then the `status`
 * check warns `ERR_OB3_STATUS_ISSUER_DIFFERS`, fails under `statusIssuer: 'strict'`, and with a
 * trust registry needs the signer to be trusted for `status`.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, createResourceFetch, encodeStatusList, writeStatusBit, type Signer } from '@ob3/core'
import { parseTrustRegistry, verify, type TrustRegistry } from '../src/index.js'
import { NOW, checkOf, credential, parties, sign, type Party } from './fixtures.js'

const { provider, stranger, accreditor: registryService } = await parties()
const UNIVERSITY = 'did:web:university.example'
const UNIVERSITY_KEY = `${UNIVERSITY}#key-1`
const LIST_URL = 'https://status.registry.example/lists/7'
const INDEX = 4_242

const multikey = (id: string, controller: string, party: Party) => ({ id, type: 'Multikey', controller, publicKeyMultibase: party.key.publicKeyMultibase })
const universityDoc = { '@context': ['https://www.w3.org/ns/did/v1'], id: UNIVERSITY, verificationMethod: [multikey(UNIVERSITY_KEY, UNIVERSITY, provider)], assertionMethod: [UNIVERSITY_KEY] }
const as = (party: Party, id: string): Signer => ({ ...party.signer, id })

/** A Bitstring revocation list named as issued by `issuer`, signed by `signer`. */
async function list(issuer: string, signer: Signer, set: number[] = []): Promise<Record<string, unknown>> {
  const bits = new Uint8Array(16_384)
  for (const i of set) writeStatusBit(bits, i, true)
  return sign({
    '@context': [CREDENTIALS_V2_URL],
    id: LIST_URL,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: await encodeStatusList(bits) },
  }, signer)
}

/** The university's credential, signed by its did:web key, whose status is on LIST_URL. */
const badge = await sign(credential({
  issuer: { ...provider, id: UNIVERSITY },
  extra: { credentialStatus: { id: `${LIST_URL}#${INDEX}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(INDEX), statusListCredential: LIST_URL } },
}), as(provider, UNIVERSITY_KEY))

/** A fetch map serving the university's DID document, the list and any further documents. */
const served = (statusList: unknown, more: Record<string, unknown> = {}) => createResourceFetch({
  resources: Object.fromEntries(Object.entries({ 'https://university.example/.well-known/did.json': universityDoc, [LIST_URL]: statusList, ...more }).map(([url, doc]) => [url, JSON.stringify(doc)])),
})

const registry = (entries: { id: string; name: string; trustedFor?: string[] }[]): TrustRegistry => parseTrustRegistry({ name: 'State approved providers', entries })

const differs = `the status list is signed by ${registryService.id}, not by the credential's issuer ${UNIVERSITY}`

describe('a status list signed by a registry\'s did:key for a did:web issuer', () => {
  it('passes status with the warning ERR_OB3_STATUS_ISSUER_DIFFERS; the credential verifies', async () => {
    const report = await verify({ input: badge, now: NOW, fetch: served(await list(registryService.id, registryService.signer)) })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(checkOf(report, 'status')).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS', message: `not revoked (list ${LIST_URL}, entry ${INDEX}); ${differs}` })
    expect(report.verified).toBe(true)
  })

  it('believes the list\'s revocation: a set bit fails ERR_OB3_STATUS_REVOKED, naming the signer', async () => {
    const report = await verify({ input: badge, now: NOW, fetch: served(await list(registryService.id, registryService.signer, [INDEX])) })
    expect(checkOf(report, 'status')).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_REVOKED', message: `revoked by its issuer (list ${LIST_URL}, entry ${INDEX}); ${differs}` })
    expect(report.verified).toBe(false)
  })

  it('statusIssuer: strict fails it with ERR_OB3_STATUS_ISSUER_DIFFERS, and still passes the issuer\'s own list', async () => {
    const report = await verify({ input: badge, now: NOW, fetch: served(await list(registryService.id, registryService.signer)), statusIssuer: 'strict' })
    expect(checkOf(report, 'status')).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS', message: `${differs} (only the issuer's own lists are accepted)` })
    expect(report.verified).toBe(false)
    const own = await verify({ input: badge, now: NOW, fetch: served(await list(UNIVERSITY, as(provider, UNIVERSITY_KEY))), statusIssuer: 'strict' })
    expect(checkOf(own, 'status')).toEqual({ id: 'status', status: 'passed', message: `not revoked (list ${LIST_URL}, entry ${INDEX})` })
  })

  it('refuses a list whose signer\'s own document does not publish the key, or whose key is only read from the proof', async () => {
    // A did:web list issuer whose DID document lists another key.
    const otherDid = 'did:web:registry.example'
    const otherDoc = { '@context': ['https://www.w3.org/ns/did/v1'], id: otherDid, verificationMethod: [multikey(`${otherDid}#k`, otherDid, registryService)], assertionMethod: [`${otherDid}#k`] }
    const forged = await verify({ input: badge, now: NOW, fetch: served(await list(otherDid, as(stranger, `${otherDid}#k`)), { 'https://registry.example/.well-known/did.json': otherDoc }) })
    expect(checkOf(forged, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID' })
    expect(checkOf(forged, 'status').message).toMatch(new RegExp(`^the status list ${LIST_URL} does not verify: `))
    // An https list issuer with the key in the verification method's fragment: nothing it publishes confirms the key.
    const httpsIssuer = 'https://lists.example/issuer'
    const unbound = await verify({ input: badge, now: NOW, fetch: served(await list(httpsIssuer, as(stranger, `${httpsIssuer}#${stranger.key.publicKeyMultibase}`)), { [httpsIssuer]: { id: httpsIssuer, type: 'Profile' } }) })
    expect(checkOf(unbound, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_INVALID' })
    expect(checkOf(unbound, 'status').message).toBe(`the status list is signed by ${httpsIssuer}, not by the credential's issuer ${UNIVERSITY}, and its proof does not show a key ${httpsIssuer} publishes`)
  })
})

describe('a status list by another signer, with a trust registry', () => {
  const university = { id: UNIVERSITY, name: 'Lakeland University' }

  it('passes when the registry trusts the list\'s signer for status', async () => {
    const trust = registry([university, { id: registryService.id, name: 'Credential Registry', trustedFor: ['status'] }])
    const report = await verify({ input: badge, now: NOW, fetch: served(await list(registryService.id, registryService.signer)), trust })
    expect(checkOf(report, 'status')).toEqual({
      id: 'status', status: 'passed',
      message: `not revoked (list ${LIST_URL}, entry ${INDEX}); the status list is signed by Credential Registry (${registryService.id}), trusted for status by State approved providers`,
    })
    expect(checkOf(report, 'trust').status).toBe('passed')
    expect(report.verified).toBe(true)
  })

  it('fails ERR_OB3_STATUS_ISSUER_UNTRUSTED when the signer is absent or trusted for something else; trustPolicy warn makes it a warning', async () => {
    const fetch = served(await list(registryService.id, registryService.signer))
    const untrusted = `${differs}, and State approved providers does not trust ${registryService.id} for status`
    for (const entries of [[university], [university, { id: registryService.id, name: 'Credential Registry', trustedFor: ['issuer', 'endorser'] }]]) {
      const report = await verify({ input: badge, now: NOW, fetch, trust: registry(entries) })
      expect(checkOf(report, 'status')).toEqual({ id: 'status', status: 'failed', code: 'ERR_OB3_STATUS_ISSUER_UNTRUSTED', message: untrusted })
      expect(report.verified).toBe(false)
    }
    const warned = await verify({ input: badge, now: NOW, fetch, trust: registry([university]), trustPolicy: 'warn' })
    expect(checkOf(warned, 'status')).toEqual({ id: 'status', status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_UNTRUSTED', message: `not revoked (list ${LIST_URL}, entry ${INDEX}); ${untrusted}` })
    expect(warned.verified).toBe(true)
  })

  it('needs nothing of the registry for the issuer\'s own list, and strict wins over a registry that trusts the signer', async () => {
    const own = await verify({ input: badge, now: NOW, fetch: served(await list(UNIVERSITY, as(provider, UNIVERSITY_KEY))), trust: registry([university]) })
    expect(checkOf(own, 'status')).toEqual({ id: 'status', status: 'passed', message: `not revoked (list ${LIST_URL}, entry ${INDEX})` })
    const trust = registry([university, { id: registryService.id, name: 'Credential Registry', trustedFor: ['status'] }])
    const strict = await verify({ input: badge, now: NOW, fetch: served(await list(registryService.id, registryService.signer)), trust, statusIssuer: 'strict' })
    expect(checkOf(strict, 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' })
  })

  it('a registry entry may be trusted for status; other roles are refused by name', () => {
    expect(registry([{ id: registryService.id, name: 'Credential Registry', trustedFor: ['status'] }]).entries[0]?.trustedFor).toEqual(['status'])
    expect(() => registry([{ id: registryService.id, name: 'Credential Registry', trustedFor: ['statuses'] }])).toThrow('entries[0].trustedFor must list "issuer", "endorser" and/or "status"')
  })

  it('verify refuses an unknown statusIssuer with a TypeError', async () => {
    await expect(verify({ input: badge, statusIssuer: 'loose' as 'strict' })).rejects.toThrow(new TypeError('verify: statusIssuer must be lenient or strict'))
  })
})
