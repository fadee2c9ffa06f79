/**
 * The digitalbazaar stack (@digitalbazaar/vc 7, data-integrity + eddsa-rdfc-2022) accepts what the
 * service issues for VC 1.1 with status: the credential's proof, and the proof of the
 * StatusList2021Credential its entry points at, whose encodedList Node's own base64url and gunzip
 * read (no multibase prefix) — before and after a revocation. Offline: their document loader is
 * ob3's bundled contexts and did:key documents.
 */
import { gunzipSync } from 'node:zlib'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { digitalbazaarLoader } from '../../../test/support/digitalbazaar-loader.js'
import { call, cleanUp, startServer, tenant } from './helpers.js'

const V1 = 'https://www.w3.org/2018/credentials/v1'
const NOW = new Date('2026-06-01T00:00:00Z')

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer({ now: () => new Date('2026-03-01T00:00:00Z') }))
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

/** Every URL their stack asked for. */
const requested: string[] = []
const documentLoader = digitalbazaarLoader(requested)

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Cryptosuite })

/** Their verification of a StatusList2021Entry: the list fetched from the service, its proof verified by their stack, the bit read with Node alone. */
async function theirStatusCheck({ credential }: { credential: { credentialStatus: { statusListCredential: string; statusListIndex: string } } }): Promise<{ verified: boolean; error?: Error }> {
  const { statusListCredential, statusListIndex } = credential.credentialStatus
  const res = await call(server, 'GET', new URL(statusListCredential).pathname)
  const list = res.json
  const listResult = await vc.verifyCredential({ credential: list, suite: suite(), documentLoader, now: NOW })
  if (listResult.verified !== true) return { verified: false, error: new Error(`the status list does not verify: ${String(listResult.error)}`) }
  const bits = gunzipSync(Buffer.from(list.credentialSubject.encodedList as string, 'base64url'))
  const index = Number(statusListIndex)
  const set = (((bits[index >> 3] as number) >> (7 - (index & 7))) & 1) === 1
  return set ? { verified: false, error: new Error('revoked') } : { verified: true }
}

describe('a VC 1.1 credential issued with a StatusList2021Entry, in the digitalbazaar stack', () => {
  it('verifies (proof and the list\'s proof), and fails its status check once revoked; nothing outside ob3\'s bundled contexts was needed', async () => {
    const res = await call(server, 'POST', '/credentials/issue', {
      body: { credential: { '@context': [V1], type: ['VerifiableCredential'], issuer: lakeside.tenant.issuer, issuanceDate: '2026-01-01T00:00:00Z', credentialSubject: { id: 'did:example:teacher' } }, options: { credentialStatus: true } },
      token: lakeside.apiKey.token,
    })
    expect(res.status, res.text).toBe(201)
    const issued = res.json.verifiableCredential
    expect(issued.credentialStatus.type).toBe('StatusList2021Entry')

    const before = await vc.verifyCredential({ credential: structuredClone(issued), suite: suite(), documentLoader, now: NOW, checkStatus: theirStatusCheck })
    expect(before.verified, JSON.stringify(before.error ?? before.results)).toBe(true)
    expect(before.statusResult).toEqual({ verified: true })

    const revoked = await call(server, 'POST', '/credentials/status', { body: { credentialId: issued.id, credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'revocation' } }, token: lakeside.apiKey.token })
    expect(revoked.status).toBe(200)
    const after = await vc.verifyCredential({ credential: structuredClone(issued), suite: suite(), documentLoader, now: NOW, checkStatus: theirStatusCheck })
    expect(after.verified).toBe(false)
    expect(after.statusResult).toMatchObject({ verified: false })
    expect(after.results[0].verified).toBe(true)

    expect([...new Set(requested)].filter((u) => !u.startsWith('did:key:')).sort()).toEqual(['https://w3id.org/security/data-integrity/v2', 'https://w3id.org/vc/status-list/2021/v1', V1])
  })
})
