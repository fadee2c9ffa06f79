// A claim redeemed through a VC-API exchange, as the Learner Credential Wallet does it: POST {}
// → a DIDAuthentication request (challenge, domain) → POST the holder's signed presentation →
// the credential, bound to the holder's DID, in a presentation. The wallet's presentation is
// signed by the digitalbazaar stack (eddsa-rdfc-2022, and Ed25519Signature2020 as LCW signs).
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020'
import { cryptosuite as eddsaRdfc2022Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import type { Ob3Server } from '@ob3/server'
import { afterEach, describe, expect, it } from 'vitest'
import { BASE_URL, call, cleanUp, digitalbazaarVerify, documentLoader, mintClaim, ob3Verify, serviceWithBadge } from './support/claims.js'

afterEach(cleanUp)

async function multikeyHolder(seedByte: number) {
  const seed = new Uint8Array(32).fill(seedByte)
  const probe = await Ed25519Multikey.generate({ seed })
  const key = await Ed25519Multikey.generate({ seed, controller: `did:key:${probe.publicKeyMultibase}` })
  return { did: `did:key:${probe.publicKeyMultibase}`, suite: () => new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022Cryptosuite }) }
}

async function key2020Holder(seedByte: number) {
  const seed = new Uint8Array(32).fill(seedByte)
  const probe = await Ed25519VerificationKey2020.generate({ seed })
  const key = await Ed25519VerificationKey2020.generate({ seed, controller: `did:key:${probe.publicKeyMultibase}` })
  return { did: `did:key:${probe.publicKeyMultibase}`, suite: () => new Ed25519Signature2020({ key }) }
}

/** The holder's DID-authentication presentation, signed by the digitalbazaar stack. */
async function didAuth(holder: { did: string; suite: () => unknown }, request: { challenge: string; domain: string }, context = 'https://www.w3.org/ns/credentials/v2'): Promise<Record<string, unknown>> {
  const presentation = vc.createPresentation({ holder: holder.did, version: context.endsWith('/v2') ? 2.0 : 1.0 })
  return vc.signPresentation({ presentation, suite: holder.suite(), challenge: request.challenge, domain: request.domain, documentLoader })
}

async function exchange(server: Ob3Server, url: string, body: unknown) {
  return call(server, 'POST', url, { body })
}

describe('VC-API exchange behind a claim (the Learner Credential Wallet\'s interaction)', () => {
  it('asks for DID authentication, then delivers the credential bound to the holder; it verifies with ob3 and digitalbazaar; once', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const links = minted.json.links
    expect(links.exchange).toBe(`${BASE_URL}/issuers/lakeside/exchanges/${minted.json.claim.id}`)
    const request = JSON.parse(new URL(links.lcw).searchParams.get('request') as string)
    expect(request).toEqual({ credentialRequestOrigin: BASE_URL, protocols: { vcapi: links.exchange } })

    const first = await exchange(server, request.protocols.vcapi, {})
    expect(first.status).toBe(200)
    const vpr = first.json.verifiablePresentationRequest
    expect(vpr.query).toEqual([expect.objectContaining({ type: 'DIDAuthentication' })])
    expect(vpr.domain).toBe(BASE_URL)
    expect(vpr.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    expect(vpr.interact.service[0].serviceEndpoint).toBe(links.exchange)

    const holder = await multikeyHolder(41)
    const vp = await didAuth(holder, vpr)
    const second = await exchange(server, vpr.interact.service[0].serviceEndpoint, { verifiablePresentation: vp })
    expect(second.status, second.text).toBe(200)
    const delivered = second.json.verifiablePresentation.verifiableCredential
    expect(delivered).toHaveLength(1)
    const credential = delivered[0]
    expect(credential.credentialSubject.id).toBe(holder.did)
    expect(credential.type).toContain('OpenBadgeCredential')
    expect((await ob3Verify(server, credential)).verified).toBe(true)
    const db = await digitalbazaarVerify(credential)
    expect(db.verified, String(db.error)).toBe(true)

    // The same holder again (its answer was lost) gets the same credential; anyone else nothing.
    const retry = await exchange(server, links.exchange, { verifiablePresentation: vp })
    expect(retry.json.verifiablePresentation.verifiableCredential[0].id).toBe(credential.id)
    expect((await exchange(server, links.exchange, {})).json.error.code).toBe('ERR_OB3_CLAIM_REDEEMED')
    const other = await multikeyHolder(42)
    const stolen = await exchange(server, links.exchange, { verifiablePresentation: await didAuth(other, vpr) })
    expect(stolen.status).toBe(409)
    expect(stolen.json.error.code).toBe('ERR_OB3_CLAIM_REDEEMED')
  })

  it('accepts an Ed25519Signature2020 presentation (as the Learner Credential Wallet signs)', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const vpr = (await exchange(server, minted.json.links.exchange, {})).json.verifiablePresentationRequest
    const holder = await key2020Holder(43)
    const vp = await didAuth(holder, vpr, 'https://www.w3.org/2018/credentials/v1')
    const answer = await exchange(server, minted.json.links.exchange, { verifiablePresentation: vp })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json.verifiablePresentation.verifiableCredential[0].credentialSubject.id).toBe(holder.did)
  })

  it('refuses a presentation with the wrong challenge or domain, without spending the claim', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const vpr = (await exchange(server, minted.json.links.exchange, {})).json.verifiablePresentationRequest
    const holder = await multikeyHolder(44)
    for (const bad of [{ ...vpr, challenge: 'another-challenge' }, { ...vpr, domain: 'https://elsewhere.example' }]) {
      const answer = await exchange(server, minted.json.links.exchange, { verifiablePresentation: await didAuth(holder, bad) })
      expect(answer.status).toBe(400)
      expect(answer.json.error.code).toBe('ERR_OB3_CLAIM_PROOF_INVALID')
    }
    const ok = await exchange(server, minted.json.links.exchange, { verifiablePresentation: await didAuth(holder, vpr) })
    expect(ok.status).toBe(200)
  })

  it('needs the PIN of a PIN-protected claim (txCode); an unknown claim is ERR_OB3_CLAIM_NOT_FOUND', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, pin: true })
    const vpr = (await exchange(server, minted.json.links.exchange, {})).json.verifiablePresentationRequest
    const holder = await multikeyHolder(45)
    const vp = await didAuth(holder, vpr)
    expect((await exchange(server, minted.json.links.exchange, { verifiablePresentation: vp })).json.error.code).toBe('ERR_OB3_CLAIM_PIN_REQUIRED')
    expect((await exchange(server, minted.json.links.exchange, { verifiablePresentation: vp, txCode: 'x' })).json.error.code).toBe('ERR_OB3_CLAIM_PIN_WRONG')
    expect((await exchange(server, minted.json.links.exchange, { verifiablePresentation: vp, txCode: minted.json.txCode })).status).toBe(200)
    expect((await exchange(server, `${BASE_URL}/issuers/lakeside/exchanges/unknown`, {})).json.error.code).toBe('ERR_OB3_CLAIM_NOT_FOUND')
  })

  it('refuses an expired claim (ERR_OB3_CLAIM_EXPIRED), at the request and at the presentation', async () => {
    let now = new Date('2026-03-01T10:00:00Z')
    const { server, lakeside, credentialId } = await serviceWithBadge(undefined, { now: () => now })
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, expiresInSeconds: 60 })
    const vpr = (await exchange(server, minted.json.links.exchange, {})).json.verifiablePresentationRequest
    now = new Date('2026-03-01T10:01:00Z')
    const late = await exchange(server, minted.json.links.exchange, {})
    expect(late.status).toBe(410)
    expect(late.json.error.code).toBe('ERR_OB3_CLAIM_EXPIRED')
    const holder = await multikeyHolder(46)
    expect((await exchange(server, minted.json.links.exchange, { verifiablePresentation: await didAuth(holder, vpr) })).json.error.code).toBe('ERR_OB3_CLAIM_EXPIRED')
  })
})
