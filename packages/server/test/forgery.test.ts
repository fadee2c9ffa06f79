/**
 * Forgeries through the service: a credential or presentation that names a real issuer (holder)
 * but is signed with someone else's key never answers `verified: true` over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ed25519PublicJwk, signLinkedDataProof, signVcJwt } from '@ob3/core'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { serverDocumentLoader } from '../src/lib/contexts.js'
import { call, cleanUp, holder, openBadge, presentation, startServer, tenant } from './helpers.js'

let server: Ob3Server
let lakeside: CreatedTenant

// The attacker hosts a key document that calls the victim its controller; the service fetches it
// (through this fetch, standing in for the attacker's https host).
const ATTACKER_VM = 'https://attacker.example/keys/1'
const attackerDocs: Record<string, string> = {}
const attackerHost = (async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const body = attackerDocs[url]
  return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { headers: { 'content-type': 'application/json' } })
}) as typeof fetch

beforeAll(async () => {
  ;({ server } = await startServer({ fetch: attackerHost }))
  lakeside = await tenant(server, 'lakeside')
})
afterAll(cleanUp)

const errorsOf = (json: { errors?: { check: string; code?: string }[] }) => (json.errors ?? []).map((e) => `${e.check}:${e.code ?? ''}`)

describe('forged signatures over HTTP', () => {
  it('refuses an Open Badge that names the tenant as issuer but is signed by another did:key (400, ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)', async () => {
    const attacker = await holder(41)
    const forged = await signLinkedDataProof({ document: await openBadge(lakeside.tenant.issuer), signer: attacker.signer, documentLoader: serverDocumentLoader })
    const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: forged } })
    expect(res.status, res.text).toBe(400)
    expect(res.json.verified).toBe(false)
    expect(errorsOf(res.json)).toContain('proof:ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
  })

  it('refuses an https key document that names the tenant as its controller (the self-vouching key)', async () => {
    const attacker = await holder(44)
    attackerDocs[ATTACKER_VM] = JSON.stringify({ '@context': 'https://w3id.org/security/multikey/v1', id: ATTACKER_VM, type: 'Multikey', controller: lakeside.tenant.issuer, publicKeyMultibase: attacker.key.publicKeyMultibase })
    const forged = await signLinkedDataProof({ document: await openBadge(lakeside.tenant.issuer), signer: { ...attacker.signer, id: ATTACKER_VM }, documentLoader: serverDocumentLoader })
    const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: forged } })
    expect(res.status, res.text).toBe(400)
    expect(res.json.verified).toBe(false)
    expect(errorsOf(res.json)).toContain('proof:ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
  })

  it('refuses a VC-JWT whose iss is the tenant and whose header jwk is the attacker\'s key', async () => {
    const attacker = await holder(42)
    const jwt = await signVcJwt({ credential: await openBadge(lakeside.tenant.issuer), signer: attacker.signer, embedJwk: ed25519PublicJwk(attacker.key) as unknown as Record<string, unknown> })
    const res = await call(server, 'POST', '/credentials/verify', { body: { verifiableCredential: jwt } })
    expect(res.status, res.text).toBe(400)
    expect(errorsOf(res.json)).toContain('proof:ERR_OB3_PROOF_KEY_NOT_AUTHORIZED')
  })

  it('refuses a presentation that names the teacher as holder but is signed by someone else, with the right challenge', async () => {
    const issued = await call(server, 'POST', '/credentials/issue', { body: { credential: await openBadge(lakeside.tenant.issuer, (await holder(7)).did) }, token: lakeside.apiKey.token })
    expect(issued.status, issued.text).toBe(201)
    const teacher = await holder(7)
    const impostor = await holder(43)
    const genuine = await presentation(teacher, [issued.json.verifiableCredential], { challenge: 'c-1', domain: 'verify.example' })
    const ok = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: genuine, options: { challenge: 'c-1', domain: 'verify.example' } } })
    expect(ok.status, ok.text).toBe(200)
    const forged = await presentation({ signer: impostor.signer, did: teacher.did }, [issued.json.verifiableCredential], { challenge: 'c-1', domain: 'verify.example' })
    const res = await call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation: forged, options: { challenge: 'c-1', domain: 'verify.example' } } })
    expect(res.status, res.text).toBe(400)
    expect(res.json.verified).toBe(false)
    expect(errorsOf(res.json).some((e) => e.startsWith('holder:'))).toBe(true)
  })
})
