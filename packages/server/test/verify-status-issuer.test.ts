/**
 * `/credentials/verify` with a status list signed by someone other than the credential's issuer
 * (a did:web issuer whose lists a registry's did:key signs): 200 with the warning
 * ERR_OB3_STATUS_ISSUER_DIFFERS by default; 400 with that error when the service is started with
 * `verifyStatusIssuer: 'strict'` or the request asks `options.statusIssuer: "strict"`.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, createEd25519Signer, createResourceFetch, ed25519KeyFromSeed, encodeStatusList, signLinkedDataProof } from '@ob3/core'
import { call, cleanUp, startServer } from './helpers.js'

afterAll(cleanUp)

const UNIVERSITY = 'did:web:university.example'
const LIST_URL = 'https://status.registry.example/lists/7'
const universityKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
const registryKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(22))
const universitySigner = { ...(await createEd25519Signer(universityKey)), id: `${UNIVERSITY}#key-1` }
const created = new Date('2026-01-01T00:00:00Z')

const statusList = await signLinkedDataProof({
  document: {
    '@context': [CREDENTIALS_V2_URL], id: LIST_URL, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: registryKey.controller, validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: await encodeStatusList(new Uint8Array(16_384)) },
  },
  signer: await createEd25519Signer(registryKey), created,
})
const credential = await signLinkedDataProof({
  document: {
    '@context': [CREDENTIALS_V2_URL], type: ['VerifiableCredential'], issuer: UNIVERSITY, validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21' },
    credentialStatus: { id: `${LIST_URL}#12`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '12', statusListCredential: LIST_URL },
  },
  signer: universitySigner, created,
})
const fetch = createResourceFetch({
  resources: {
    'https://university.example/.well-known/did.json': JSON.stringify({ '@context': ['https://www.w3.org/ns/did/v1'], id: UNIVERSITY, verificationMethod: [{ id: universitySigner.id, type: 'Multikey', controller: UNIVERSITY, publicKeyMultibase: universityKey.publicKeyMultibase }], assertionMethod: [universitySigner.id] }),
    [LIST_URL]: JSON.stringify(statusList),
  },
})

describe('POST /credentials/verify: a status list by another signer', () => {
  it('answers 200 verified with the warning ERR_OB3_STATUS_ISSUER_DIFFERS by default, 400 when the request asks statusIssuer strict', async () => {
    const { server } = await startServer({ fetch })
    const lenient = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: credential } })
    expect(lenient.status, lenient.text).toBe(200)
    expect(lenient.json.warnings).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' }))
    const strict = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, options: { statusIssuer: 'strict' } } })
    expect(strict.status).toBe(400)
    expect(strict.json.errors).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' }))
    const bad = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, options: { statusIssuer: 'sometimes' } } })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'ERR_OB3_SERVER_REQUEST_INVALID', message: 'options.statusIssuer must be lenient or strict' })
  })

  it('a service started strict fails it for every request; a request cannot make it lenient', async () => {
    const { server } = await startServer({ fetch, verifyStatusIssuer: 'strict' })
    for (const options of [undefined, { statusIssuer: 'lenient' }]) {
      const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, ...(options === undefined ? {} : { options }) } })
      expect(res.status).toBe(400)
      expect(res.json.errors).toContainEqual(expect.objectContaining({ check: 'status', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' }))
    }
    await expect(startServer({ verifyStatusIssuer: 'loose' as 'strict' })).rejects.toThrow('createServer: verifyStatusIssuer must be lenient or strict')
  })
})
