/**
 * Redeem a claim link: receive a credential bound to the holder's DID from an issuer, by
 * OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code flow, a `jwt` proof of
 * possession) or by a VC-API exchange (DID authentication), and import it — verified as any
 * import. Internal; see `Wallet.claimCredential` and {@link claimCredential}.
 * @packageDocumentation
 */
import { CREDENTIALS_V2_URL, Ob3Error, createEd25519Signer, isOb3Error, signLinkedDataProof, toBase64Url, utf8, type Ob3ErrorCode } from '@ob3/core'
import { importCredential } from './import-credential.js'
import { unlockedKey, type WalletContext } from './lib/context.js'
import type { ImportResult } from './types.js'

/** Options for `Wallet.claimCredential`. */
export interface ClaimCredentialOptions {
  /** The PIN (transaction code) sent with the claim, when it has one. */
  pin?: string
  /**
   * How to redeem an ob3 claim page link (`…/claims/<id>`), which offers both: `openid4vci`
   * (default) or `vc-api`. Other links say which protocol they are.
   */
  protocol?: 'openid4vci' | 'vc-api'
  /** Keep a credential that does not verify, marked, instead of refusing it. */
  quarantine?: boolean
}

/** What a claim delivered. */
export interface ClaimCredentialResult extends ImportResult {
  /** The protocol it came by. */
  protocol: 'openid4vci' | 'vc-api'
  /** The issuer's service (the OpenID4VCI Credential Issuer, or the exchange's origin). */
  issuer: string
}

type Plan = { protocol: 'openid4vci'; offer?: Record<string, unknown>; offerUri?: string } | { protocol: 'vc-api'; exchange: string }

const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code'

function invalidLink(message: string): never {
  throw new Ob3Error('ERR_OB3_CLAIM_LINK_INVALID', message)
}

function httpsOrLoopback(value: unknown, what: string): string {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    invalidLink(`${what} is not a URL`)
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]'
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) invalidLink(`${what} must be an https URL`)
  return url.href
}

/** What a link asks for. */
export function planClaim(link: string, protocol?: 'openid4vci' | 'vc-api'): Plan {
  if (typeof link !== 'string' || link.trim() === '' || link.length > 16_384) invalidLink('give a claim link')
  const text = link.trim()
  const query = (url: string) => new URLSearchParams(url.slice(url.indexOf('?') + 1))
  if (/^openid-credential-offer:\/\//i.test(text)) {
    const params = query(text)
    const byValue = params.get('credential_offer')
    const byReference = params.get('credential_offer_uri')
    if ((byValue === null) === (byReference === null)) invalidLink('an offer link carries exactly one of credential_offer and credential_offer_uri')
    if (byReference !== null) return { protocol: 'openid4vci', offerUri: httpsOrLoopback(byReference, 'credential_offer_uri') }
    try {
      const offer = JSON.parse(byValue as string) as unknown
      if (typeof offer === 'object' && offer !== null && !Array.isArray(offer)) return { protocol: 'openid4vci', offer: offer as Record<string, unknown> }
    } catch {
      // below
    }
    invalidLink('credential_offer is not a JSON object')
  }
  if (/^(dccrequest|org\.dcconsortium):\/\/request\?/i.test(text) || /^https:\/\/lcw\.app\/request/i.test(text)) {
    let request: { protocols?: { vcapi?: unknown } } | undefined
    try {
      request = JSON.parse(query(text).get('request') ?? '') as typeof request
    } catch {
      invalidLink('the wallet link\'s request is not JSON')
    }
    if (typeof request?.protocols?.vcapi !== 'string') invalidLink('the wallet link offers no VC-API exchange (protocols.vcapi)')
    return { protocol: 'vc-api', exchange: httpsOrLoopback(request.protocols.vcapi, 'protocols.vcapi') }
  }
  const url = new URL(httpsOrLoopback(text, 'the claim link'))
  const path = url.pathname.replace(/\/+$/, '')
  if (/\/exchanges\/[^/]+$/.test(path)) return { protocol: 'vc-api', exchange: url.href }
  if (/\/claims\/[^/]+\/offer$/.test(path)) return { protocol: 'openid4vci', offerUri: url.href }
  if (/\/claims\/[^/]+$/.test(path)) {
    return protocol === 'vc-api'
      ? { protocol: 'vc-api', exchange: `${url.origin}${path.replace(/\/claims\/([^/]+)$/, '/exchanges/$1')}` }
      : { protocol: 'openid4vci', offerUri: `${url.origin}${path}/offer` }
  }
  invalidLink('not a claim link: expected openid-credential-offer://…, a claim page …/claims/<id>, an exchange …/exchanges/<id>, or a wallet request link')
}

/**
 * Whether `text` is a claim link that {@link claimCredential} redeems, recognised as
 * `Wallet.claimCredential` recognises it: an OpenID4VCI offer link (`openid-credential-offer://…`),
 * a Learner Credential Wallet request link, an ob3 claim page `…/claims/<id>` (or its
 * `…/claims/<id>/offer`), or a VC-API exchange `…/exchanges/<id>`. Lets an app choose between
 * claiming and importing a pasted or scanned link. An offer or wallet link that is malformed still
 * counts (redeeming it then says `ERR_OB3_CLAIM_LINK_INVALID` and why); an `https:` address that
 * is not a claim (a share link, a credential's URL) does not.
 *
 * @example
 * ```ts
 * isClaimLink('https://badges.example/issuers/school/claims/c1') // true
 * isClaimLink('https://badges.example/#share=…') // false
 * ```
 */
export function isClaimLink(text: string): boolean {
  if (typeof text !== 'string') return false
  const t = text.trim()
  if (/^openid-credential-offer:\/\//i.test(t) || /^(dccrequest|org\.dcconsortium):\/\/request\?/i.test(t) || /^https:\/\/lcw\.app\/request/i.test(t)) return true
  try {
    planClaim(t)
    return true
  } catch {
    return false
  }
}

/** A JSON answer, or the coded error it carries (ob3 services name `ERR_OB3_CLAIM_*` codes). */
async function answer(res: Response, what: string): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = JSON.parse(await res.text())
  } catch {
    body = undefined
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (res.ok && typeof body === 'object' && body !== null && !Array.isArray(body)) return b
  const nested = b.error as { code?: unknown; message?: unknown } | string | undefined
  const code = typeof b.code === 'string' ? b.code : typeof nested === 'object' && nested !== null ? nested.code : undefined
  const message = typeof b.error_description === 'string' ? b.error_description
    : typeof nested === 'object' && nested !== null && typeof nested.message === 'string' ? nested.message : typeof nested === 'string' ? nested : `HTTP ${res.status}`
  if (typeof code === 'string' && code.startsWith('ERR_OB3_CLAIM_')) throw new Ob3Error(code as Ob3ErrorCode, `${what}: ${message}`, { details: { status: res.status } })
  throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', `${what} failed: ${message}${typeof nested === 'string' ? '' : ''}`, { details: { status: res.status, ...(typeof nested === 'string' ? { error: nested } : {}) } })
}

/** `https://h/p` → `https://h/.well-known/<name>/p` (the well-known segment goes between host and path). */
function wellKnown(identifier: string, name: string): string {
  const url = new URL(identifier)
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.origin}/.well-known/${name}${path}`
}

async function viaOpenid4vci(ctx: WalletContext, f: typeof fetch, plan: Extract<Plan, { protocol: 'openid4vci' }>, o: ClaimCredentialOptions): Promise<{ credential: unknown; issuer: string }> {
  const key = unlockedKey(ctx, 'claiming a credential')
  const offer = plan.offer ?? await answer(await f(plan.offerUri as string, { headers: { accept: 'application/json' } }), 'fetching the credential offer')
  const issuer = httpsOrLoopback(offer.credential_issuer, 'the offer\'s credential_issuer').replace(/\/$/, '')
  const grant = (offer.grants as Record<string, Record<string, unknown>> | undefined)?.[PRE_AUTHORIZED]
  const code = grant?.['pre-authorized_code']
  if (typeof code !== 'string') throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the offer has no pre-authorized code: this wallet redeems pre-authorized offers only')
  const needsPin = grant?.tx_code !== undefined
  if (needsPin && o.pin === undefined) throw new Ob3Error('ERR_OB3_CLAIM_PIN_REQUIRED', 'this claim needs the PIN that was sent with it (--pin)')

  const metadata = await answer(await f(wellKnown(issuer, 'openid-credential-issuer'), { headers: { accept: 'application/json' } }), 'reading the issuer metadata')
  if (metadata.credential_issuer !== issuer) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the issuer metadata names another credential_issuer than the offer')
  const configurations = (metadata.credential_configurations_supported ?? {}) as Record<string, { format?: unknown }>
  const offered = Array.isArray(offer.credential_configuration_ids) ? offer.credential_configuration_ids.map(String) : []
  const configuration = offered.find((id) => configurations[id]?.format === 'ldp_vc') ?? offered.find((id) => configurations[id]?.format === 'jwt_vc_json')
  if (configuration === undefined) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the offer has no credential as ldp_vc or jwt_vc_json')
  const servers = metadata.authorization_servers
  const as = Array.isArray(servers) && typeof servers[0] === 'string' ? servers[0] : issuer
  const asMetadata = await answer(await f(wellKnown(as, 'oauth-authorization-server'), { headers: { accept: 'application/json' } }), 'reading the authorization server metadata')
  const tokenEndpoint = httpsOrLoopback(asMetadata.token_endpoint, 'token_endpoint')

  const form = new URLSearchParams({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': code, ...(needsPin ? { tx_code: String(o.pin) } : {}) })
  const token = await answer(await f(tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }), 'redeeming the claim')
  if (typeof token.access_token !== 'string') throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the token endpoint gave no access token')
  let nonce = typeof token.c_nonce === 'string' ? token.c_nonce : undefined
  if (typeof metadata.nonce_endpoint === 'string') {
    const n = await answer(await f(httpsOrLoopback(metadata.nonce_endpoint, 'nonce_endpoint'), { method: 'POST' }), 'fetching a nonce')
    nonce = typeof n.c_nonce === 'string' ? n.c_nonce : nonce
  }
  const signer = await createEd25519Signer(key)
  const header = { typ: 'openid4vci-proof+jwt', alg: 'EdDSA', kid: ctx.holderRecord.keyId }
  const payload = { aud: issuer, iat: Math.floor(ctx.now().getTime() / 1000), ...(nonce === undefined ? {} : { nonce }) }
  const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  const proof = `${input}.${toBase64Url(await signer.sign(utf8(input)))}`
  const endpoint = httpsOrLoopback(metadata.credential_endpoint, 'credential_endpoint')
  const response = await answer(await f(endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ credential_configuration_id: configuration, proofs: { jwt: [proof] } }),
  }), 'receiving the credential')
  const first = Array.isArray(response.credentials) ? (response.credentials[0] as { credential?: unknown } | undefined)?.credential : response.credential
  if (first === undefined) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the credential endpoint gave no credential')
  return { credential: first, issuer }
}

async function viaVcApi(ctx: WalletContext, f: typeof fetch, plan: Extract<Plan, { protocol: 'vc-api' }>, o: ClaimCredentialOptions): Promise<{ credential: unknown; issuer: string }> {
  const key = unlockedKey(ctx, 'claiming a credential')
  const post = async (url: string, body: unknown, what: string) =>
    answer(await f(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }), what)
  const first = await post(plan.exchange, {}, 'starting the exchange')
  const vpr = first.verifiablePresentationRequest as { challenge?: unknown; domain?: unknown; query?: unknown; interact?: { service?: { serviceEndpoint?: unknown }[] } } | undefined
  if (vpr === undefined) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the exchange asked for nothing: expected a DID authentication request')
  const queries = [vpr.query].flat() as { type?: unknown }[]
  if (!queries.some((q) => q?.type === 'DIDAuthentication' || q?.type === 'DIDAuth')) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the exchange asks for something other than DID authentication')
  if (typeof vpr.challenge !== 'string' || typeof vpr.domain !== 'string') throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the request has no challenge or domain')
  // The domain must be the service the wallet talks to, or the proof could be replayed there.
  const origin = new URL(plan.exchange).origin
  if (vpr.domain !== origin && vpr.domain !== new URL(plan.exchange).host) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', `the request's domain ${vpr.domain} is not the exchange's ${origin}`)
  const next = vpr.interact?.service?.[0]?.serviceEndpoint
  const endpoint = typeof next === 'string' ? httpsOrLoopback(next, 'the exchange\'s service endpoint') : plan.exchange
  if (new URL(endpoint).origin !== origin) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the exchange sends the presentation to another origin')
  const presentation = { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], holder: ctx.holderRecord.did }
  const vp = await signLinkedDataProof({
    document: presentation, signer: await createEd25519Signer(key), created: ctx.now(), proofPurpose: 'authentication', challenge: vpr.challenge, domain: vpr.domain,
  })
  const second = await post(endpoint, { verifiablePresentation: vp, ...(o.pin === undefined ? {} : { txCode: o.pin }) }, 'presenting the holder\'s DID')
  const delivered = (second.verifiablePresentation as { verifiableCredential?: unknown } | undefined)?.verifiableCredential
  const credential = Array.isArray(delivered) ? delivered[0] : delivered
  if (credential === undefined) throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', 'the exchange delivered no credential')
  return { credential, issuer: origin }
}

/** Internal: redeem a claim link and import what it delivers. */
export async function claimWithContext(ctx: WalletContext, link: string, options: ClaimCredentialOptions = {}): Promise<ClaimCredentialResult> {
  if (options.pin !== undefined && (typeof options.pin !== 'string' || options.pin === '')) throw new TypeError('claimCredential: pin must be a non-empty string')
  unlockedKey(ctx, 'claiming a credential')
  const plan = planClaim(link, options.protocol)
  const f = ctx.fetch ?? globalThis.fetch
  let got: { credential: unknown; issuer: string }
  try {
    got = plan.protocol === 'openid4vci' ? await viaOpenid4vci(ctx, f, plan, options) : await viaVcApi(ctx, f, plan, options)
  } catch (err) {
    if (isOb3Error(err)) throw err
    throw new Ob3Error('ERR_OB3_CLAIM_PROTOCOL', `the issuer could not be reached: ${(err as Error).message}`, { cause: err })
  }
  const input = typeof got.credential === 'string' ? got.credential : JSON.stringify(got.credential)
  const result = await importCredential(ctx, input, { label: `claim from ${got.issuer}`, ...(options.quarantine === true ? { quarantine: true } : {}) })
  return { ...result, protocol: plan.protocol, issuer: got.issuer }
}

/**
 * Redeem a claim link into a wallet: the issuer delivers the credential bound to the wallet's
 * DID, by OpenID4VCI (`openid-credential-offer://…`, or an ob3 claim page `…/claims/<id>`) or by
 * a VC-API exchange (`…/exchanges/<id>`, or a Learner Credential Wallet link `https://lcw.app/request?request=…`),
 * and it is imported — verified first, as any import. The wallet must be unlocked (it signs the
 * proof of possession). Its `fetch` reaches the issuer.
 *
 * @throws Ob3Error `ERR_OB3_CLAIM_LINK_INVALID` (not a claim link), `ERR_OB3_CLAIM_PIN_REQUIRED`,
 *   `ERR_OB3_CLAIM_PIN_WRONG`, `ERR_OB3_CLAIM_LOCKED`, `ERR_OB3_CLAIM_REDEEMED`,
 *   `ERR_OB3_CLAIM_EXPIRED`, `ERR_OB3_CLAIM_NOT_FOUND` (as the issuer says), `ERR_OB3_CLAIM_PROTOCOL`
 *   (the issuer answered something else, or could not be reached), `ERR_OB3_WALLET_LOCKED`,
 *   `ERR_OB3_WALLET_IMPORT_REFUSED` (the credential did not verify)
 * @example
 * ```ts
 * const { credentials } = await claimCredential(wallet, 'openid-credential-offer://?credential_offer_uri=…', { pin: '493817' })
 * credentials[0].status // 'imported'
 * ```
 */
export function claimCredential(wallet: { claimCredential(link: string, options?: ClaimCredentialOptions): Promise<ClaimCredentialResult> }, link: string, options: ClaimCredentialOptions = {}): Promise<ClaimCredentialResult> {
  return wallet.claimCredential(link, options)
}
