// A claim redeemed through OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code
// flow) by an independent wallet library, @openid4vc/openid4vci, talking to the service
// in-process. The credential it receives is bound to the wallet's did:key and verifies with ob3
// (through the service's VC-API) and with the digitalbazaar stack.
import { createHash, randomBytes } from 'node:crypto'
import { clientAuthenticationAnonymous, type CallbackContext, type JwtSigner } from '@openid4vc/oauth2'
import { Openid4vciClient } from '@openid4vc/openid4vci'
import { createEd25519Signer, decodeVcJwt, ed25519KeyFromSeed, ed25519PublicJwk, toBase64Url, utf8 } from '@ob3/core'
import type { Ob3Server } from '@ob3/server'
import { afterEach, describe, expect, it } from 'vitest'
import { BASE_URL, call, cleanUp, digitalbazaarVerify, mintClaim, ob3Verify, serviceWithBadge } from './support/claims.js'

afterEach(cleanUp)

const LDP = 'OpenBadgeCredential_ldp_vc'
const JWT = 'OpenBadgeCredential_jwt_vc_json'

/** The wallet's key: a fixed did:key. */
async function walletKey(seed = 21) {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key), did: key.controller }
}

/** The library's callbacks: its HTTP goes to the service in-process; it signs with the wallet's key. */
async function walletClient(server: Ob3Server, seed = 21): Promise<{ client: Openid4vciClient; did: string; kid: string; requests: string[] }> {
  const wallet = await walletKey(seed)
  const requests: string[] = []
  const callbacks: Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> = {
    fetch: (async (url: string | URL, init?: RequestInit) => {
      requests.push(`${init?.method ?? 'GET'} ${String(url)}`)
      return server.app.request(String(url), init)
    }) as NonNullable<CallbackContext['fetch']>,
    hash: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
    generateRandom: (n) => new Uint8Array(randomBytes(n)),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (_signer: JwtSigner, { header, payload }) => {
      const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
      return { jwt: `${input}.${toBase64Url(await wallet.signer.sign(utf8(input)))}`, signerJwk: { ...ed25519PublicJwk(wallet.key) } }
    },
  }
  return { client: new Openid4vciClient({ callbacks }), did: wallet.did, kid: wallet.key.id, requests }
}

/** The whole flow, as a wallet does it. */
async function redeem(server: Ob3Server, offerLink: string, o: { configuration: string; txCode?: string; seed?: number; signer?: 'did' | 'jwk' }) {
  const { client, did, kid, requests } = await walletClient(server, o.seed)
  const offer = await client.resolveCredentialOffer(offerLink)
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer)
  const { accessTokenResponse } = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer, issuerMetadata, ...(o.txCode === undefined ? {} : { txCode: o.txCode }),
  })
  const { c_nonce } = await client.requestNonce({ issuerMetadata })
  const wallet = await walletKey(o.seed)
  const signer: JwtSigner = o.signer === 'jwk'
    ? { method: 'jwk', alg: 'EdDSA', publicJwk: { ...ed25519PublicJwk(wallet.key) } }
    : { method: 'did', alg: 'EdDSA', didUrl: kid }
  const { jwt } = await client.createCredentialRequestJwtProof({ issuerMetadata, credentialConfigurationId: o.configuration, signer, nonce: c_nonce })
  const response = await client.retrieveCredentials({ issuerMetadata, accessToken: accessTokenResponse.access_token, credentialConfigurationId: o.configuration, proofs: { jwt: [jwt] } })
  return { offer, issuerMetadata, response, did, requests }
}

describe('OpenID4VCI pre-authorized code flow, driven by @openid4vc/openid4vci', () => {
  it('delivers an ldp_vc (eddsa-rdfc-2022) bound to the wallet\'s did:key, once; it verifies with ob3 and digitalbazaar', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    expect(minted.status).toBe(201)
    expect(minted.json.txCode).toBeUndefined()
    expect(minted.json.qr.offer).toMatch(/^<svg/)
    const links = minted.json.links
    expect(links.offer).toMatch(/^openid-credential-offer:\/\/\?credential_offer_uri=/)

    const { offer, issuerMetadata, response, did, requests } = await redeem(server, links.offer, { configuration: LDP })
    expect(offer.credential_issuer).toBe(`${BASE_URL}/issuers/lakeside`)
    expect(issuerMetadata.credentialIssuer.credential_configurations_supported[LDP]).toMatchObject({ format: 'ldp_vc' })
    // The library found the AS metadata by RFC 8414 path insertion, and used the nonce endpoint.
    expect(requests).toContain(`GET ${BASE_URL}/.well-known/oauth-authorization-server/issuers/lakeside`)
    expect(requests).toContain(`POST ${BASE_URL}/issuers/lakeside/nonce`)

    const credentials = (response.credentialResponse.credentials ?? []) as { credential: unknown }[]
    expect(credentials).toHaveLength(1)
    const vc = credentials[0]?.credential as Record<string, any>
    expect(vc.type).toContain('OpenBadgeCredential')
    expect(vc.credentialSubject.id).toBe(did)
    expect(vc.id).not.toBe(credentialId)
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' })
    expect(vc.credentialStatus).toBeDefined()

    const ob3 = await ob3Verify(server, vc)
    expect(ob3.verified, JSON.stringify(ob3.errors)).toBe(true)
    const db = await digitalbazaarVerify(vc)
    expect(db.verified, String(db.error)).toBe(true)
    // Changed after signing: both refuse it.
    const forged = { ...vc, credentialSubject: { ...vc.credentialSubject, id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' } }
    expect((await ob3Verify(server, forged)).verified).toBe(false)
    expect((await digitalbazaarVerify(forged)).verified).toBe(false)

    // The claim is spent: the offer is gone, and the token endpoint refuses the code again.
    const again = await call(server, 'GET', links.offerUri)
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('ERR_OB3_CLAIM_REDEEMED')
    const token = await call(server, 'POST', `/issuers/lakeside/token`, {
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': offer.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.['pre-authorized_code'] ?? '' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(token.status).toBe(400)
    expect(token.json).toMatchObject({ error: 'invalid_grant', code: 'ERR_OB3_CLAIM_REDEEMED' })
  })

  it('delivers a jwt_vc_json with a PIN (tx_code) and a jwk proof; a wrong PIN is invalid_grant', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, pin: true, expiresInSeconds: 3600 })
    expect(minted.json.txCode).toMatch(/^\d{6}$/)
    const txCode = String(minted.json.txCode)
    const offer = (await call(server, 'GET', minted.json.links.offerUri)).json
    expect(offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'].tx_code).toEqual({ input_mode: 'numeric', length: 6, description: 'The PIN sent to you with this badge' })

    const wrong = txCode === '000000' ? '111111' : '000000'
    await expect(redeem(server, minted.json.links.offer, { configuration: JWT, txCode: wrong })).rejects.toThrow(/invalid_grant/)
    const { response, did } = await redeem(server, minted.json.links.offer, { configuration: JWT, txCode, signer: 'jwk', seed: 33 })
    const jwt = (response.credentialResponse.credentials?.[0] as { credential: unknown } | undefined)?.credential
    expect(typeof jwt).toBe('string')
    const decoded = decodeVcJwt(jwt as string)
    expect(decoded.header.alg).toBe('EdDSA')
    expect((decoded.credential.credentialSubject as { id: string }).id).toBe(did)
    const ob3 = await ob3Verify(server, jwt)
    expect(ob3.verified, JSON.stringify(ob3.errors)).toBe(true)
  })

  it('accepts the offer by value as well as by reference', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const offer = (await call(server, 'GET', minted.json.links.offerUri)).json
    const byValue = `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`
    const { response, did } = await redeem(server, byValue, { configuration: LDP })
    expect(((response.credentialResponse.credentials?.[0] as { credential: any } | undefined)?.credential).credentialSubject.id).toBe(did)
  })
})

describe('OpenID4VCI endpoints refuse what the spec says to refuse', () => {
  async function tokenFor(server: Ob3Server, links: { offerUri: string }, txCode?: string) {
    const offer = (await call(server, 'GET', links.offerUri)).json
    const code = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code']
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, ...(txCode === undefined ? {} : { tx_code: txCode }) })
    return call(server, 'POST', '/issuers/lakeside/token', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  }

  it('token: a missing PIN is invalid_request; an unknown code invalid_grant; the 6th wrong PIN finds the claim locked', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, pin: true })
    expect((await tokenFor(server, minted.json.links)).json).toMatchObject({ error: 'invalid_request', code: 'ERR_OB3_CLAIM_PIN_REQUIRED' })
    const wrong = minted.json.txCode === '000000' ? '111111' : '000000'
    const codes: string[] = []
    for (let i = 0; i < 6; i++) codes.push((await tokenFor(server, minted.json.links, wrong)).json.code)
    expect(codes).toEqual([...Array(5).fill('ERR_OB3_CLAIM_PIN_WRONG'), 'ERR_OB3_CLAIM_LOCKED'])
    expect((await tokenFor(server, minted.json.links, minted.json.txCode)).json.code).toBe('ERR_OB3_CLAIM_LOCKED')
    const unknown = await call(server, 'POST', '/issuers/lakeside/token', {
      body: 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code&pre-authorized_code=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(unknown.json).toMatchObject({ error: 'invalid_grant', code: 'ERR_OB3_CLAIM_NOT_FOUND' })
  })

  it('credential: no token is 401; a proof with a stale nonce, the wrong aud or a private key in its jwk is refused', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const token = (await tokenFor(server, minted.json.links)).json.access_token as string
    expect((await call(server, 'POST', '/issuers/lakeside/credential', { body: { credential_configuration_id: LDP } })).status).toBe(401)
    const wallet = await walletKey(5)
    const nonce = (await call(server, 'POST', '/issuers/lakeside/nonce')).json.c_nonce as string
    const proof = async (header: Record<string, unknown>, payload: Record<string, unknown>) => {
      const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
      return `${input}.${toBase64Url(await wallet.signer.sign(utf8(input)))}`
    }
    const good = { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: wallet.key.id }
    const claims = { aud: `${BASE_URL}/issuers/lakeside`, iat: Math.floor(Date.now() / 1000), nonce }
    const ask = async (jwt: string) => (await call(server, 'POST', '/issuers/lakeside/credential', { token, body: { credential_configuration_id: LDP, proofs: { jwt: [jwt] } } })).json
    expect(await ask(await proof(good, { ...claims, nonce: `${Math.floor(Date.now() / 1000) - 1}.x.y` }))).toMatchObject({ error: 'invalid_nonce' })
    expect(await ask(await proof(good, { ...claims, aud: 'https://elsewhere.example' }))).toMatchObject({ error: 'invalid_proof' })
    expect(await ask(await proof({ typ: 'openid4vci-proof+jwt', alg: 'EdDSA', jwk: { ...ed25519PublicJwk(wallet.key), d: 'secret' } }, claims))).toMatchObject({ error: 'invalid_proof' })
    expect(await ask(await proof({ ...good, typ: 'JWT' }, claims))).toMatchObject({ error: 'invalid_proof' })
    const delivered = await ask(await proof(good, claims))
    expect(delivered.credentials[0].credential.credentialSubject.id).toBe(wallet.did)
  })
})
