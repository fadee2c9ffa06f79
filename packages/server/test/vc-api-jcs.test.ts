// VC-API issue with eddsa-jcs-2022: `options.cryptosuite` (and ob3's `options.format`) pick the
// suite; the credential then verifies on POST /credentials/verify with checks ['proof'], as the
// W3C eddsa suite's jcs interop tests send it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { call, cleanUp, exampleCredential, openBadge, startServer, tenant, v11Credential } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

beforeAll(async () => {
  ;({ server } = await startServer())
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

const issue = (body: unknown) => call(server, 'POST', '/credentials/issue', { body, token: lakeside.apiKey.token })
const verifyVc = (verifiableCredential: unknown) => call(server, 'POST', '/credentials/verify', { body: { verifiableCredential, options: { checks: ['proof'] } } })
const mine = (extra: Record<string, unknown> = {}) => exampleCredential({ issuer: lakeside.tenant.issuer, ...extra })

describe('POST /credentials/issue with eddsa-jcs-2022', () => {
  it('options.cryptosuite eddsa-jcs-2022: a DataIntegrityProof over JCS that carries the document @context, and verifies', async () => {
    const res = await issue({ credential: mine(), options: { cryptosuite: 'eddsa-jcs-2022' } })
    expect(res.status, res.text).toBe(201)
    const vc = res.json.verifiableCredential
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', proofPurpose: 'assertionMethod', verificationMethod: lakeside.tenant.verificationMethod, '@context': vc['@context'] })
    expect(vc.proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/)
    const verified = await verifyVc(vc)
    expect(verified.status, verified.text).toBe(200)
    expect(verified.json.verified).toBe(true)
  })

  it('options.format eddsa-jcs-2022 does the same, for an Open Badge and for VC 1.1 input', async () => {
    for (const credential of [await openBadge(lakeside.tenant.issuer), { ...v11Credential(), issuer: lakeside.tenant.issuer }]) {
      const res = await issue({ credential, options: { format: 'eddsa-jcs-2022' } })
      expect(res.status, res.text).toBe(201)
      expect(res.json.verifiableCredential.proof.cryptosuite).toBe('eddsa-jcs-2022')
      const verified = await verifyVc(res.json.verifiableCredential)
      expect(verified.status, verified.text).toBe(200)
    }
  })

  it('a jcs credential changed after signing answers 400 with the proof check failed', async () => {
    const res = await issue({ credential: mine(), options: { cryptosuite: 'eddsa-jcs-2022' } })
    const changed = { ...res.json.verifiableCredential, credentialSubject: { id: 'did:example:someone-else' } }
    const verified = await verifyVc(changed)
    expect(verified.status).toBe(400)
    expect(verified.json.verified).toBe(false)
    expect(verified.text).toContain('ERR_OB3_PROOF_SIGNATURE_INVALID')
  })

  it('refuses an unknown cryptosuite, and a cryptosuite that contradicts options.format (400 ERR_OB3_SERVER_REQUEST_INVALID)', async () => {
    for (const options of [{ cryptosuite: 'ecdsa-jcs-2019' }, { cryptosuite: 'vc-jwt' }, { cryptosuite: 'eddsa-jcs-2022', format: 'vc-jwt' }]) {
      const res = await issue({ credential: mine(), options })
      expect(res.status, JSON.stringify(options)).toBe(400)
      expect(res.json.code ?? res.text).toContain('ERR_OB3_SERVER_REQUEST_INVALID')
    }
  })

  it('without options the default stays eddsa-rdfc-2022', async () => {
    const res = await issue({ credential: mine() })
    expect(res.json.verifiableCredential.proof.cryptosuite).toBe('eddsa-rdfc-2022')
    expect(res.json.verifiableCredential.proof).not.toHaveProperty('@context')
  })
})
