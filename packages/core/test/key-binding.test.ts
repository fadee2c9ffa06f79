/**
 * The key-binding rule in core: `resolveVerificationMethod` binds a key to X only when X's own
 * document (looked up by X's id) lists it for the purpose; `verifyVcJwt` accepts a header `jwk`
 * for a DID `iss` only when the DID publishes that key.
 */
import { describe, expect, it } from 'vitest'
import {
  createEd25519Signer,
  createResourceFetch,
  ed25519KeyFromSeed,
  ed25519PublicJwk,
  resolvePublishedKeys,
  resolveVerificationMethod,
  signVcJwt,
  verifyVcJwt,
  type Ed25519Multikey,
} from '@ob3/core'

const victim = await ed25519KeyFromSeed(new Uint8Array(32).fill(21))
const attacker = await ed25519KeyFromSeed(new Uint8Array(32).fill(22))
const serve = (docs: Record<string, unknown>) => createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([u, d]) => [u, JSON.stringify(d)])) })
const multikey = (id: string, controller: string, key: Ed25519Multikey, extra: Record<string, unknown> = {}) => ({ id, type: 'Multikey', controller, publicKeyMultibase: key.publicKeyMultibase, ...extra })

describe('resolveVerificationMethod binds a key through its controller\'s own document', () => {
  const VM = 'https://keys.example/k1'

  it('refuses a bare key document that names a DID as controller when the DID does not list it', async () => {
    const fetch = serve({ [VM]: multikey(VM, victim.controller, attacker) })
    await expect(resolveVerificationMethod(VM, { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('refuses a document at a URL that names itself something else', async () => {
    const fetch = serve({ 'https://keys.example/doc': { id: victim.controller, assertionMethod: [multikey('https://keys.example/doc#k', victim.controller, attacker)] } })
    await expect(resolveVerificationMethod('https://keys.example/doc#k', { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('binds a bare key document to an https controller whose own document lists it; the purpose must match', async () => {
    const issuer = 'https://issuer.example/profile'
    const fetch = serve({ [VM]: multikey(VM, issuer, victim), [issuer]: { id: issuer, assertionMethod: [VM] } })
    expect(await resolveVerificationMethod(VM, { fetch })).toEqual({ id: VM, controller: issuer, keyType: 'Ed25519', publicKeyMultibase: victim.publicKeyMultibase, bound: true })
    await expect(resolveVerificationMethod(VM, { fetch, purpose: 'authentication' })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_PURPOSE' })
    // Not listed at all, or the controller's document is not at its own address.
    await expect(resolveVerificationMethod(VM, { fetch: serve({ [VM]: multikey(VM, issuer, victim), [issuer]: { id: issuer } }) })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    await expect(resolveVerificationMethod(VM, { fetch: serve({ [VM]: multikey(VM, issuer, victim), [issuer]: { id: 'https://other.example/', assertionMethod: [VM] } }) })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    // A key document without a controller is nobody's.
    await expect(resolveVerificationMethod(VM, { fetch: serve({ [VM]: { id: VM, type: 'Multikey', publicKeyMultibase: victim.publicKeyMultibase } }) })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('uses the controller\'s own copy of the key when it embeds one', async () => {
    const issuer = 'https://issuer.example/profile'
    const fetch = serve({ [VM]: multikey(VM, issuer, attacker), [issuer]: { id: issuer, assertionMethod: [multikey(VM, issuer, victim)] } })
    expect((await resolveVerificationMethod(VM, { fetch })).publicKeyMultibase).toBe(victim.publicKeyMultibase)
  })

  it('refuses a did:web method whose controller is another DID that does not list it', async () => {
    const did = 'did:web:attacker.example'
    const fetch = serve({ 'https://attacker.example/.well-known/did.json': { id: did, verificationMethod: [multikey(`${did}#k`, victim.controller, attacker)], assertionMethod: [`${did}#k`] } })
    await expect(resolveVerificationMethod(`${did}#k`, { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('refuses a method past its expires or revoked date', async () => {
    const issuer = 'https://issuer.example/profile'
    const now = new Date('2026-06-01T00:00:00Z')
    const expired = serve({ [issuer]: { id: issuer, verificationMethod: [multikey(`${issuer}#k`, issuer, victim, { expires: '2026-01-01T00:00:00Z' })], assertionMethod: ['#k'] } })
    await expect(resolveVerificationMethod(`${issuer}#k`, { fetch: expired, now })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_EXPIRED' })
    const revoked = serve({ [issuer]: { id: issuer, verificationMethod: [multikey(`${issuer}#k`, issuer, victim, { revoked: '2026-01-01T00:00:00Z' })], assertionMethod: ['#k'] } })
    await expect(resolveVerificationMethod(`${issuer}#k`, { fetch: revoked, now })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect((await resolveVerificationMethod(`${issuer}#k`, { fetch: revoked, now: new Date('2025-06-01T00:00:00Z') })).bound).toBe(true)
  })

  it('lists the keys an identifier publishes for a purpose', async () => {
    expect(await resolvePublishedKeys(victim.controller)).toEqual([{ id: victim.id, controller: victim.controller, keyType: 'Ed25519', publicKeyMultibase: victim.publicKeyMultibase, bound: true }])
    const did = 'did:web:district.example'
    const fetch = serve({ 'https://district.example/.well-known/did.json': { id: did, verificationMethod: [multikey('#a', did, victim), multikey('#b', did, attacker)], assertionMethod: ['#a'], authentication: ['#b'] } })
    expect((await resolvePublishedKeys(did, { fetch })).map((k) => k.id)).toEqual([`${did}#a`])
    expect((await resolvePublishedKeys(did, { fetch, purpose: 'authentication' })).map((k) => k.id)).toEqual([`${did}#b`])
  })
})

describe('verifyVcJwt and a header jwk', () => {
  const resolveKey = (vm: string, purpose: 'assertionMethod' | 'authentication') => resolveVerificationMethod(vm, { purpose })
  const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: victim.controller, credentialSubject: { id: 'did:example:s' } }

  it('binds a DID iss\'s own key, and refuses any other', async () => {
    const own = await signVcJwt({ credential, signer: await createEd25519Signer(victim), embedJwk: ed25519PublicJwk(victim) as unknown as Record<string, unknown> })
    expect((await verifyVcJwt({ jwt: own, resolveKey })).outcome).toMatchObject({ verified: true, key: { id: victim.id, controller: victim.controller, bound: true } })
    const forged = await signVcJwt({ credential, signer: await createEd25519Signer(attacker), embedJwk: ed25519PublicJwk(attacker) as unknown as Record<string, unknown> })
    expect((await verifyVcJwt({ jwt: forged, resolveKey })).outcome).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('leaves an https iss\'s header key unbound', async () => {
    const jwt = await signVcJwt({ credential: { ...credential, issuer: 'https://issuer.example/profile' }, signer: await createEd25519Signer(attacker), embedJwk: ed25519PublicJwk(attacker) as unknown as Record<string, unknown> })
    expect((await verifyVcJwt({ jwt, resolveKey })).outcome).toMatchObject({ verified: true, key: { controller: 'https://issuer.example/profile', bound: false } })
  })
})
