/**
 * What the claim tests share: a service with one tenant and an issued Open Badge, the
 * digitalbazaar stack's verification (their own verifier, ob3's bundled contexts and did:key
 * documents as its document loader), and ob3's verification through the service's VC-API.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite as eddsaRdfc2022Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import type { CreatedTenant, Ob3Server } from '@ob3/server'
import { call, openBadge, startServer } from '../../../packages/server/test/helpers.js'
import { digitalbazaarLoader } from '../../support/digitalbazaar-loader.js'

export { call, cleanUp, BASE_URL } from '../../../packages/server/test/helpers.js'

/** The digitalbazaar stack's document loader: did:key documents and ob3's bundled contexts, nothing from the network. */
export const documentLoader = digitalbazaarLoader()

/**
 * Verify a Data Integrity credential with the digitalbazaar stack. Its status entry is ob3's to
 * check (the service's status list, checked by ob3's verification); here the proof is.
 */
export async function digitalbazaarVerify(credential: unknown): Promise<{ verified: boolean; error?: unknown }> {
  return vc.verifyCredential({
    credential: structuredClone(credential),
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022Cryptosuite }),
    documentLoader,
    checkStatus: async () => ({ verified: true }),
  })
}

/** A service with a tenant that has issued one Open Badge (with a status entry) to `recipient`. */
export async function serviceWithBadge(recipient = 'did:example:teacher-okafor', options: { now?: () => Date } = {}): Promise<{ server: Ob3Server; lakeside: CreatedTenant; credentialId: string }> {
  const { server } = await startServer(options)
  const lakeside = await server.createTenant({ id: 'lakeside', name: 'Lakeside District' })
  const issued = await call(server, 'POST', '/credentials/issue', { token: lakeside.apiKey.token, body: { credential: await openBadge(lakeside.tenant.issuer, recipient) } })
  if (issued.status !== 201) throw new Error(`issue failed: ${issued.text}`)
  return { server, lakeside, credentialId: String(issued.json.verifiableCredential.id) }
}

/** Mint a claim through the service's API. */
export async function mintClaim(server: Ob3Server, token: string, body: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const res = await call(server, 'POST', '/claims', { token, body })
  return { status: res.status, json: res.json }
}

/** ob3's verification of a credential (JSON, or a VC-JWT string) through the service's VC-API. */
export async function ob3Verify(server: Ob3Server, credential: unknown): Promise<any> {
  const verifiableCredential = typeof credential === 'string'
    ? { '@context': 'https://www.w3.org/ns/credentials/v2', id: `data:application/vc+jwt,${credential}`, type: 'EnvelopedVerifiableCredential' }
    : credential
  return (await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential } })).json
}
