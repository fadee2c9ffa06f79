import type { Context, Hono } from 'hono'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL, isOb3Error, resolveVerificationMethod, verifyLinkedDataProof, type ProofFormat } from '@ob3/core'
import {
  CLAIM_CONFIGURATIONS, claimLinks, createClaim, credentialOffer, hashAccessToken, redeemClaim, type ClaimRecord,
} from '@ob3/issuer'
import { renderShareQrSvg } from '@ob3/wallet'
import { newToken } from '../lib/tokens.js'
import {
  CLAIM_TOKEN_TTL_SECONDS, NONCE_TTL_SECONDS, ProofRefused, deliverBound, exchangeChallenge, issuerUrlOf, newNonce, verifyProofJwt,
} from '../lib/claim-delivery.js'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { serverDocumentLoader } from '../lib/contexts.js'
import { refuse } from '../lib/errors.js'
import { requireTenant } from '../lib/middleware.js'
import { isJsonType, readBytes, readJsonObject } from '../lib/read-body.js'
import type { Tenant } from '../lib/tenants.js'

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'
const OB_TYPES = ['VerifiableCredential', 'OpenBadgeCredential']
/** Configuration id → the format the credential is signed in. */
const FORMATS: Record<string, ProofFormat> = { [CLAIM_CONFIGURATIONS.ldp]: 'eddsa-rdfc-2022', [CLAIM_CONFIGURATIONS.jwt]: 'vc-jwt' }
/** What older (draft 13) clients send instead of a configuration id. */
const DRAFT_FORMATS: Record<string, string> = { ldp_vc: CLAIM_CONFIGURATIONS.ldp, jwt_vc_json: CLAIM_CONFIGURATIONS.jwt }

type C = Context<ServerEnv>

async function tenantOf(ctx: ServerContext, c: C): Promise<Tenant> {
  const tenant = await ctx.tenants.get(c.req.param('tenant') ?? '')
  if (tenant === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', 'there is no such issuer on this service')
  return tenant
}

/** An OAuth / OpenID4VCI error answer (RFC 6749 §5.2, VCI §8.3.1.2), with the ob3 code beside it. */
function oauthError(c: C, status: 400 | 401 | 404, error: string, description: string, code?: string) {
  c.header('cache-control', 'no-store')
  if (status === 401) c.header('www-authenticate', `Bearer error="${error}"`)
  return c.json({ error, error_description: description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' '), ...(code === undefined ? {} : { code }) }, status)
}

/** The metadata of a tenant as an OpenID4VCI Credential Issuer (VCI §12.2.4). */
function issuerMetadata(issuerUrl: string, tenant: Tenant): Record<string, unknown> {
  const common = {
    cryptographic_binding_methods_supported: ['did:key', 'jwk'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA'] } },
    credential_metadata: { display: [{ name: 'Open Badge', locale: 'en', description: `An Open Badges 3.0 credential from ${tenant.record.name}` }] },
  }
  return {
    credential_issuer: issuerUrl,
    credential_endpoint: `${issuerUrl}/credential`,
    nonce_endpoint: `${issuerUrl}/nonce`,
    display: [{ name: tenant.record.name, locale: 'en' }],
    credential_configurations_supported: {
      [CLAIM_CONFIGURATIONS.ldp]: {
        format: 'ldp_vc',
        credential_definition: { '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], type: OB_TYPES },
        credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
        ...common,
      },
      [CLAIM_CONFIGURATIONS.jwt]: {
        format: 'jwt_vc_json',
        credential_definition: { type: OB_TYPES },
        credential_signing_alg_values_supported: ['EdDSA'],
        ...common,
      },
    },
  }
}

/** The claim a link names, or a coded refusal (not found, redeemed, expired). */
async function openClaim(ctx: ServerContext, tenant: Tenant, id: string): Promise<ClaimRecord> {
  const claim = await ctx.issuerStore.getClaim(tenant.record.issuerId, id)
  if (claim === undefined) refuse('ERR_OB3_CLAIM_NOT_FOUND', 'there is no such claim')
  if (claim.redeemedAt !== undefined) refuse('ERR_OB3_CLAIM_REDEEMED', 'this claim has been redeemed already')
  if (Date.parse(claim.expiresAt) <= ctx.now().getTime()) refuse('ERR_OB3_CLAIM_EXPIRED', 'this claim has expired')
  return claim
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/**
 * Claims: one-time links that deliver a tenant's stored credential into a wallet.
 *
 * - `POST /claims` (API key, `issue:credentials`) `{credentialId, expiresInSeconds?, pin?}` →
 *   201 `{claim, txCode?, links, qr}`: the links of {@link claimLinks} and SVG QR codes of the
 *   OpenID4VCI offer and the Learner Credential Wallet link. The PIN is shown this once.
 * - `GET /issuers/:tenant/claims/:id` — the claim's page (HTML: QR codes, links, what to do);
 *   `GET …/claims/:id/offer` — its OpenID4VCI Credential Offer (by reference).
 * - OpenID4VCI 1.0, pre-authorized code flow: `GET /.well-known/openid-credential-issuer/issuers/:tenant`,
 *   `GET /.well-known/oauth-authorization-server/issuers/:tenant`, `POST /issuers/:tenant/token`,
 *   `POST /issuers/:tenant/nonce`, `POST /issuers/:tenant/credential` (a `jwt` proof of
 *   possession; the credential's subject is the holder's DID; `ldp_vc` or `jwt_vc_json`).
 * - VC-API exchange: `POST /issuers/:tenant/exchanges/:id` — `{}` → a DIDAuthentication request
 *   (`challenge`, `domain`); `{verifiablePresentation}` signed by the holder → the credential,
 *   bound to the holder's DID, in a presentation.
 */
export function claimRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.post('/claims', requireTenant(ctx, 'issue:credentials'), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const tenant = c.get('tenant')
    if (typeof body.credentialId !== 'string' || body.credentialId === '') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'credentialId must be the id of a credential this tenant issued')
    const seconds = body.expiresInSeconds ?? 30 * 24 * 3600
    if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 60 || seconds > 365 * 24 * 3600) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'expiresInSeconds must be a whole number from 60 to 31536000')
    if (body.pin !== undefined && typeof body.pin !== 'boolean') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'pin must be true or false')
    if ((await ctx.issuerStore.getCredential(tenant.record.issuerId, body.credentialId)) === undefined) {
      refuse('ERR_OB3_SERVER_NOT_FOUND', `this tenant has issued no credential ${body.credentialId}`)
    }
    ctx.checkStorage()
    const claim = await createClaim(ctx.issuerStore, { issuerId: tenant.record.issuerId, credentialId: body.credentialId, expiresInMs: seconds * 1000, pin: body.pin === true, now: ctx.now })
    const links = claimLinks(claim, issuerUrlOf(ctx, tenant))
    const [offerQr, lcwQr] = await Promise.all([renderShareQrSvg(links.offer), renderShareQrSvg(links.lcw)])
    c.get('log').info({ tenant: tenant.record.id, claim: claim.id, credential: claim.credentialId, pin: claim.txCode !== undefined }, 'claim created')
    return c.json({
      claim: { id: claim.id, credentialId: claim.credentialId, createdAt: claim.createdAt, expiresAt: claim.expiresAt, pin: claim.txCode !== undefined },
      ...(claim.txCode === undefined ? {} : { txCode: claim.txCode }),
      links,
      qr: { offer: offerQr.svg, lcw: lcwQr.svg },
    }, 201)
  })

  app.get('/issuers/:tenant/claims/:id/offer', async (c) => {
    const tenant = await tenantOf(ctx, c)
    const claim = await openClaim(ctx, tenant, c.req.param('id'))
    c.header('cache-control', 'no-store')
    return c.json(credentialOffer(claim, issuerUrlOf(ctx, tenant)))
  })

  app.get('/issuers/:tenant/claims/:id', async (c) => {
    const tenant = await tenantOf(ctx, c)
    const claim = await ctx.issuerStore.getClaim(tenant.record.issuerId, c.req.param('id'))
    if (claim === undefined) refuse('ERR_OB3_CLAIM_NOT_FOUND', 'there is no such claim')
    const links = claimLinks(claim, issuerUrlOf(ctx, tenant))
    const state = claim.redeemedAt !== undefined ? 'This badge has been claimed already.'
      : Date.parse(claim.expiresAt) <= ctx.now().getTime() ? 'This claim has expired: ask the issuer for a new one.' : undefined
    const [offerQr, lcwQr] = state === undefined ? await Promise.all([renderShareQrSvg(links.offer), renderShareQrSvg(links.lcw)]) : [undefined, undefined]
    const name = escapeHtml(tenant.record.name)
    c.header('cache-control', 'no-store')
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Claim your badge from ${name}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}figure{display:inline-block;margin:0 2rem 1rem 0;text-align:center}figure svg{width:14rem;height:14rem}code{word-break:break-all}</style>
</head><body>
<h1>Claim your badge from ${name}</h1>
${state !== undefined ? `<p><strong>${state}</strong></p>` : `<p>Scan one of these codes with your wallet app. The link works once and until ${escapeHtml(claim.expiresAt)}.${claim.txCodeHash === undefined ? '' : ' Your wallet will ask for the PIN that was sent to you separately.'}</p>
<figure>${offerQr?.svg ?? ''}<figcaption>OpenID4VCI wallets</figcaption></figure>
<figure>${lcwQr?.svg ?? ''}<figcaption>Learner Credential Wallet</figcaption></figure>
<p>On this device: <a href="${escapeHtml(links.offer)}">open in an OpenID4VCI wallet</a> · <a href="${escapeHtml(links.lcw)}">open in the Learner Credential Wallet</a></p>
<p>With ob3: <code>ob3 wallet claim '${escapeHtml(links.page)}'</code></p>`}
</body></html>`)
  })

  // ---- OpenID4VCI ----

  app.get('/.well-known/openid-credential-issuer/issuers/:tenant', async (c) => {
    const tenant = await tenantOf(ctx, c)
    return c.json(issuerMetadata(issuerUrlOf(ctx, tenant), tenant))
  })

  app.get('/.well-known/oauth-authorization-server/issuers/:tenant', async (c) => {
    const tenant = await tenantOf(ctx, c)
    const issuerUrl = issuerUrlOf(ctx, tenant)
    return c.json({
      issuer: issuerUrl,
      token_endpoint: `${issuerUrl}/token`,
      grant_types_supported: [PRE_AUTHORIZED],
      'pre-authorized_grant_anonymous_access_supported': true,
      token_endpoint_auth_methods_supported: ['none'],
    })
  })

  app.post('/issuers/:tenant/nonce', async (c) => {
    const tenant = await tenantOf(ctx, c)
    c.header('cache-control', 'no-store')
    return c.json({ c_nonce: newNonce(tenant, ctx.now()) })
  })

  app.post('/issuers/:tenant/token', async (c) => {
    const tenant = await tenantOf(ctx, c)
    if ((c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded') {
      return oauthError(c, 400, 'invalid_request', 'send the token request as application/x-www-form-urlencoded')
    }
    const params = new URLSearchParams(new TextDecoder().decode(await readBytes(c.req.raw, 64 * 1024)))
    if (params.get('grant_type') !== PRE_AUTHORIZED) return oauthError(c, 400, 'unsupported_grant_type', `this issuer grants ${PRE_AUTHORIZED} only`)
    const code = params.get('pre-authorized_code') ?? ''
    if (code === '') return oauthError(c, 400, 'invalid_request', 'pre-authorized_code is missing')
    const claim = await ctx.issuerStore.findClaim(tenant.record.issuerId, { preAuthorizedCode: code })
    if (claim === undefined) return oauthError(c, 400, 'invalid_grant', 'unknown pre-authorized code', 'ERR_OB3_CLAIM_NOT_FOUND')
    const txCode = params.get('tx_code') ?? undefined
    if (claim.txCodeHash === undefined && txCode !== undefined) return oauthError(c, 400, 'invalid_request', 'this offer has no tx_code')
    if (claim.txCodeHash !== undefined && txCode === undefined) return oauthError(c, 400, 'invalid_request', 'tx_code is missing: this offer needs the PIN sent with it', 'ERR_OB3_CLAIM_PIN_REQUIRED')
    const accessToken = newToken('ob3c')
    ctx.checkStorage()
    try {
      await redeemClaim(ctx.issuerStore, {
        issuerId: tenant.record.issuerId, claimId: claim.id, via: 'openid4vci', accessTokenHash: await hashAccessToken(accessToken), now: ctx.now,
        ...(txCode === undefined ? {} : { pin: txCode }),
      })
    } catch (err) {
      if (isOb3Error(err) && err.code.startsWith('ERR_OB3_CLAIM_')) return oauthError(c, 400, 'invalid_grant', err.message, err.code)
      throw err
    }
    c.get('log').info({ tenant: tenant.record.id, claim: claim.id }, 'claim redeemed (openid4vci)')
    // authorization_details asked for → answered, one credential identifier per configuration.
    let details: { type: string; credential_configuration_id: string; credential_identifiers: string[] }[] | undefined
    const asked = params.get('authorization_details')
    if (asked !== null) {
      try {
        details = (JSON.parse(asked) as { type?: unknown; credential_configuration_id?: unknown }[])
          .filter((d) => d.type === 'openid_credential' && typeof d.credential_configuration_id === 'string' && FORMATS[d.credential_configuration_id] !== undefined)
          .map((d) => ({ type: 'openid_credential', credential_configuration_id: String(d.credential_configuration_id), credential_identifiers: [String(d.credential_configuration_id)] }))
      } catch {
        return oauthError(c, 400, 'invalid_request', 'authorization_details is not a JSON array')
      }
    }
    c.header('cache-control', 'no-store')
    return c.json({
      access_token: accessToken, token_type: 'Bearer', expires_in: CLAIM_TOKEN_TTL_SECONDS,
      ...(details === undefined ? {} : { authorization_details: details }),
      // For draft 13 wallets; 1.0 wallets use the nonce endpoint.
      c_nonce: newNonce(tenant, ctx.now()), c_nonce_expires_in: NONCE_TTL_SECONDS,
    })
  })

  app.post('/issuers/:tenant/credential', async (c) => {
    const tenant = await tenantOf(ctx, c)
    const issuerUrl = issuerUrlOf(ctx, tenant)
    const auth = /^(?:Bearer|DPoP) (\S+)$/i.exec(c.req.header('authorization') ?? '')
    if (auth === null) return oauthError(c, 401, 'invalid_token', 'send the access token from the token endpoint')
    const claim = await ctx.issuerStore.findClaim(tenant.record.issuerId, { accessTokenHash: await hashAccessToken(auth[1] as string) })
    if (claim === undefined || claim.redeemedAt === undefined || Date.parse(claim.redeemedAt) + CLAIM_TOKEN_TTL_SECONDS * 1000 <= ctx.now().getTime()) {
      return oauthError(c, 401, 'invalid_token', 'the access token is unknown or expired')
    }
    if (!isJsonType(c.req.header('content-type') ?? null)) return oauthError(c, 400, 'invalid_credential_request', 'send the credential request as application/json')
    let body: Record<string, unknown>
    try {
      body = await readJsonObject(c.req.raw, 64 * 1024)
    } catch {
      return oauthError(c, 400, 'invalid_credential_request', 'the body must be a JSON object')
    }
    const configurationId = typeof body.credential_configuration_id === 'string' ? body.credential_configuration_id
      : typeof body.credential_identifier === 'string' ? body.credential_identifier
        : typeof body.format === 'string' ? DRAFT_FORMATS[body.format] : undefined
    if (configurationId === undefined) return oauthError(c, 400, 'invalid_credential_request', 'name the credential_configuration_id')
    const format = FORMATS[configurationId]
    if (format === undefined) {
      return oauthError(c, 400, typeof body.credential_identifier === 'string' ? 'unknown_credential_identifier' : 'unknown_credential_configuration', `this issuer offers ${Object.keys(FORMATS).join(' and ')}`)
    }
    const proofs = body.proofs as { jwt?: unknown } | undefined
    const single = body.proof as { proof_type?: unknown; jwt?: unknown } | undefined
    const jwts = proofs !== undefined ? proofs.jwt : single?.proof_type === 'jwt' ? [single.jwt] : undefined
    if (!Array.isArray(jwts) || jwts.length === 0) return oauthError(c, 400, 'invalid_proof', 'a jwt proof of possession is required (proofs.jwt)')
    if (jwts.length > 1) return oauthError(c, 400, 'invalid_credential_request', 'one credential per claim: send one proof')
    let holder: string
    try {
      holder = await verifyProofJwt(jwts[0], { tenant, audience: issuerUrl, now: ctx.now() })
    } catch (err) {
      if (err instanceof ProofRefused) return oauthError(c, 400, err.error, err.message, err.code)
      throw err
    }
    let record
    try {
      record = await deliverBound(ctx, tenant, claim, holder, format)
    } catch (err) {
      if (isOb3Error(err) && err.code.startsWith('ERR_OB3_CLAIM_')) return oauthError(c, 400, 'credential_request_denied', err.message, err.code)
      throw err
    }
    c.get('log').info({ tenant: tenant.record.id, claim: claim.id, credential: record.id }, 'claim delivered (openid4vci)')
    c.header('cache-control', 'no-store')
    return c.json({ credentials: [{ credential: format === 'vc-jwt' ? record.content : JSON.parse(record.content) as unknown }] })
  })

  // ---- VC-API exchange ----

  app.post('/issuers/:tenant/exchanges/:id', async (c) => {
    const tenant = await tenantOf(ctx, c)
    const id = c.req.param('id')
    const exchangeUrl = claimLinks({ id }, issuerUrlOf(ctx, tenant)).exchange
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const stored = await ctx.issuerStore.getClaim(tenant.record.issuerId, id)
    if (stored === undefined) refuse('ERR_OB3_CLAIM_NOT_FOUND', 'there is no such claim')
    const challenge = exchangeChallenge(tenant, stored)
    const domain = new URL(ctx.baseUrl()).origin
    const vp = body.verifiablePresentation
    if (vp === undefined) {
      await openClaim(ctx, tenant, id)
      return c.json({
        verifiablePresentationRequest: {
          query: [{
            type: 'DIDAuthentication',
            acceptedMethods: [{ method: 'key' }],
            acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }],
          }],
          challenge,
          domain,
          interact: { service: [{ type: 'UnmediatedPresentationService2021', serviceEndpoint: exchangeUrl }] },
        },
      })
    }
    if (typeof vp !== 'object' || vp === null || Array.isArray(vp)) refuse('ERR_OB3_CLAIM_PROOF_INVALID', 'verifiablePresentation must be a signed presentation object')
    const holderValue = (vp as { holder?: unknown }).holder
    const holder = typeof holderValue === 'string' ? holderValue : (holderValue as { id?: unknown } | null | undefined)?.id
    if (typeof holder !== 'string' || !holder.startsWith('did:')) refuse('ERR_OB3_CLAIM_PROOF_INVALID', 'the presentation needs a holder DID')
    const proofs = [(vp as { proof?: unknown }).proof ?? []].flat() as { verificationMethod?: unknown; proofPurpose?: unknown }[]
    if (proofs.length !== 1 || proofs[0]?.proofPurpose !== 'authentication' || typeof proofs[0].verificationMethod !== 'string' || !proofs[0].verificationMethod.startsWith(`${holder}#`)) {
      refuse('ERR_OB3_CLAIM_PROOF_INVALID', 'the presentation needs one authentication proof by a key of its holder')
    }
    if (!holder.startsWith('did:key:')) refuse('ERR_OB3_CLAIM_PROOF_INVALID', 'the holder must be a did:key')
    // A DID-authentication presentation carries no credential: its one proof is what is checked.
    const signers: string[] = []
    const outcome = await verifyLinkedDataProof({
      document: vp as Record<string, unknown>, proof: proofs[0], purpose: 'authentication', challenge, domain, now: ctx.now(),
      documentLoader: serverDocumentLoader,
      resolveKey: async (method, purpose) => {
        const key = await resolveVerificationMethod(method, { purpose, now: ctx.now() })
        signers.push(key.controller)
        return key
      },
    })
    if (!outcome.verified) refuse('ERR_OB3_CLAIM_PROOF_INVALID', `the presentation does not verify: ${outcome.message}`)
    if (signers.some((controller) => controller !== holder)) refuse('ERR_OB3_CLAIM_PROOF_INVALID', 'the presentation is signed by a key of someone other than its holder')
    const pin = typeof body.txCode === 'string' ? body.txCode : undefined
    let claim: ClaimRecord
    try {
      ctx.checkStorage()
      claim = await redeemClaim(ctx.issuerStore, { issuerId: tenant.record.issuerId, claimId: id, via: 'vc-api', holder, now: ctx.now, ...(pin === undefined ? {} : { pin }) })
      c.get('log').info({ tenant: tenant.record.id, claim: id }, 'claim redeemed (vc-api)')
    } catch (err) {
      // The same holder again (a retry after a lost answer) gets the same credential.
      const again = await ctx.issuerStore.getClaim(tenant.record.issuerId, id)
      if (!(isOb3Error(err, 'ERR_OB3_CLAIM_REDEEMED') && again?.redeemedVia === 'vc-api' && again.holder === holder)) throw err
      claim = again
    }
    const record = await deliverBound(ctx, tenant, claim, holder, 'eddsa-rdfc-2022')
    c.get('log').info({ tenant: tenant.record.id, claim: id, credential: record.id }, 'claim delivered (vc-api)')
    return c.json({
      verifiablePresentation: { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], verifiableCredential: [JSON.parse(record.content) as unknown] },
    })
  })
}
