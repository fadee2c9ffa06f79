/**
 * One-time claims: a link (and QR code) that delivers one stored credential into a wallet, by
 * OpenID for Verifiable Credential Issuance (pre-authorized code flow) or by a VC-API exchange.
 * A claim expires, may be protected by a PIN sent separately, and is redeemed once.
 * @packageDocumentation
 */
import { Ob3Error } from '@ob3/core'
import type { ClaimOutcome, ClaimRecord, IssuerStore } from '../store/types.js'
import { hashTxCode, hashTxCodeLike, randomDigits, randomToken } from './tx-code.js'

export { hashAccessToken } from './tx-code.js'

/** How long a claim lasts when `expiresInMs` is not given: 30 days. */
export const DEFAULT_CLAIM_TTL_MS = 30 * 24 * 3600_000
/** Digits of a claim's PIN. */
export const CLAIM_PIN_LENGTH = 6
/** Wrong PINs a claim allows before it locks. */
export const DEFAULT_MAX_PIN_ATTEMPTS = 5

/** The OpenID4VCI credential configurations an ob3 service offers for an Open Badge. */
export const CLAIM_CONFIGURATIONS = {
  /** Open Badges 3.0 with a Data Integrity proof (eddsa-rdfc-2022), `ldp_vc`. */
  ldp: 'OpenBadgeCredential_ldp_vc',
  /** Open Badges 3.0 as a VC-JWT, `jwt_vc_json`. */
  jwt: 'OpenBadgeCredential_jwt_vc_json',
} as const

/** Options for {@link createClaim}. */
export interface CreateClaimOptions {
  /** The issuer (tenant) whose stored credential is claimed. */
  issuerId: string
  /** The stored credential's id. */
  credentialId: string
  /** How long the claim can be redeemed, in milliseconds. Default 30 days. */
  expiresInMs?: number
  /** Protect it with a random 6-digit PIN (returned once as `txCode`, to be sent separately). Default false. */
  pin?: boolean
  /** The clock. */
  now?: () => Date
}

/** A claim just made: its record, and its PIN this once (only its hash is stored). */
export interface CreatedClaim extends ClaimRecord {
  /** The PIN, when the claim has one. Shown once; never stored. */
  txCode?: string
}

/**
 * Make a one-time claim for a stored credential. Build its links with {@link claimLinks}.
 *
 * @throws Ob3Error `ERR_OB3_STORE_REFERENCE` (no such credential of this issuer), store errors;
 *   TypeError for bad options
 * @example
 * ```ts
 * const claim = await createClaim(store, { issuerId: tenant.issuer, credentialId, pin: true })
 * const links = claimLinks(claim, 'https://badges.district.example/issuers/lakeside')
 * send(teacher, links.page) ; sendSeparately(teacher, claim.txCode)
 * ```
 */
export async function createClaim(store: IssuerStore, options: CreateClaimOptions): Promise<CreatedClaim> {
  const ttl = options.expiresInMs ?? DEFAULT_CLAIM_TTL_MS
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 1) throw new TypeError('createClaim: expiresInMs must be a whole number of milliseconds, at least 1')
  if (options.pin !== undefined && typeof options.pin !== 'boolean') throw new TypeError('createClaim: pin must be a boolean')
  const now = (options.now ?? (() => new Date()))()
  const txCode = options.pin === true ? randomDigits(CLAIM_PIN_LENGTH) : undefined
  const record: ClaimRecord = {
    id: randomToken(18),
    issuerId: options.issuerId,
    credentialId: options.credentialId,
    preAuthorizedCode: randomToken(32),
    ...(txCode === undefined ? {} : { txCodeHash: await hashTxCode(txCode), txCodeLength: CLAIM_PIN_LENGTH }),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttl).toISOString(),
    failedAttempts: 0,
  }
  await store.insertClaim(record)
  return { ...record, ...(txCode === undefined ? {} : { txCode }) }
}

/** The links of a claim. */
export interface ClaimLinks {
  /** The OpenID4VCI Credential Issuer identifier (the tenant's issuing URL). */
  credentialIssuer: string
  /** Where the Credential Offer is served (by reference). */
  offerUri: string
  /** `openid-credential-offer://?credential_offer_uri=…`: what an OpenID4VCI wallet scans. */
  offer: string
  /** The claim's https page (for a person: it shows the QR codes and what to do). */
  page: string
  /** The VC-API exchange (`POST {}` starts it). */
  exchange: string
  /** The Learner Credential Wallet's link to the exchange (`https://lcw.app/request?request=…`). */
  lcw: string
}

/**
 * The links of a claim, for the service that serves it: `issuerUrl` is the tenant's issuing URL
 * on that service (`<base>/issuers/<tenant>`). Nothing is looked up or stored.
 * @example `claimLinks(claim, 'https://badges.district.example/issuers/lakeside').offer`
 */
export function claimLinks(claim: Pick<ClaimRecord, 'id'>, issuerUrl: string): ClaimLinks {
  const base = issuerUrl.replace(/\/+$/, '')
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(base)) throw new TypeError('claimLinks: issuerUrl must be an http(s) URL without query or fragment')
  const id = encodeURIComponent(claim.id)
  const offerUri = `${base}/claims/${id}/offer`
  const exchange = `${base}/exchanges/${id}`
  const request = JSON.stringify({ credentialRequestOrigin: new URL(base).origin, protocols: { vcapi: exchange } })
  return {
    credentialIssuer: base,
    offerUri,
    offer: `openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offerUri)}`,
    page: `${base}/claims/${id}`,
    exchange,
    lcw: `https://lcw.app/request?request=${encodeURIComponent(request)}`,
  }
}

/** An OpenID4VCI 1.0 Credential Offer (VCI §4.1.1). */
export interface CredentialOffer {
  credential_issuer: string
  credential_configuration_ids: string[]
  grants: {
    'urn:ietf:params:oauth:grant-type:pre-authorized_code': {
      'pre-authorized_code': string
      tx_code?: { input_mode: 'numeric'; length: number; description: string }
    }
  }
}

/**
 * The Credential Offer of a claim (served by reference at `offerUri`, or put by value in an
 * `openid-credential-offer://?credential_offer=…` link).
 */
export function credentialOffer(claim: ClaimRecord, issuerUrl: string, configurationIds: readonly string[] = Object.values(CLAIM_CONFIGURATIONS)): CredentialOffer {
  return {
    credential_issuer: issuerUrl.replace(/\/+$/, ''),
    credential_configuration_ids: [...configurationIds],
    grants: {
      'urn:ietf:params:oauth:grant-type:pre-authorized_code': {
        'pre-authorized_code': claim.preAuthorizedCode,
        ...(claim.txCodeHash === undefined ? {} : {
          tx_code: { input_mode: 'numeric' as const, length: claim.txCodeLength ?? CLAIM_PIN_LENGTH, description: 'The PIN sent to you with this badge' },
        }),
      },
    },
  }
}

/** Options for {@link redeemClaim}. */
export interface RedeemClaimOptions {
  issuerId: string
  claimId: string
  /** The PIN the holder typed, if any. */
  pin?: string
  /** How it is redeemed: `openid4vci`, `vc-api`. */
  via: string
  /** The holder's DID, when already known. */
  holder?: string
  /** SHA-256 (base64url, {@link hashAccessToken}) of the access token handed out for it. */
  accessTokenHash?: string
  /** Wrong PINs allowed before the claim locks. Default 5. */
  maxFailedAttempts?: number
  now?: () => Date
}

const REFUSALS: Record<Exclude<ClaimOutcome, 'redeemed'>, [Ob3Error['code'], string]> = {
  'not-found': ['ERR_OB3_CLAIM_NOT_FOUND', 'there is no such claim'],
  'already-redeemed': ['ERR_OB3_CLAIM_REDEEMED', 'this claim has been redeemed already'],
  expired: ['ERR_OB3_CLAIM_EXPIRED', 'this claim has expired'],
  locked: ['ERR_OB3_CLAIM_LOCKED', 'too many wrong PINs: this claim is locked; ask the issuer for a new one'],
  'pin-required': ['ERR_OB3_CLAIM_PIN_REQUIRED', 'this claim needs the PIN that was sent with it'],
  'pin-wrong': ['ERR_OB3_CLAIM_PIN_WRONG', 'the PIN is wrong'],
}

/**
 * Redeem a claim once, atomically (also across processes). Returns the redeemed claim.
 *
 * @throws Ob3Error `ERR_OB3_CLAIM_NOT_FOUND`, `ERR_OB3_CLAIM_REDEEMED`, `ERR_OB3_CLAIM_EXPIRED`,
 *   `ERR_OB3_CLAIM_LOCKED`, `ERR_OB3_CLAIM_PIN_REQUIRED`, `ERR_OB3_CLAIM_PIN_WRONG` (its details
 *   say `attemptsLeft`), store errors
 * @example
 * ```ts
 * const claim = await redeemClaim(store, { issuerId, claimId, pin: '123456', via: 'vc-api', holder: did })
 * ```
 */
export async function redeemClaim(store: IssuerStore, options: RedeemClaimOptions): Promise<ClaimRecord> {
  const max = options.maxFailedAttempts ?? DEFAULT_MAX_PIN_ATTEMPTS
  const stored = await store.getClaim(options.issuerId, options.claimId)
  let txCodeHash: string | undefined
  if (options.pin !== undefined && stored?.txCodeHash !== undefined) {
    txCodeHash = (await hashTxCodeLike(options.pin, stored.txCodeHash)) ?? 'unusable'
  }
  const { outcome, claim } = await store.redeemClaim(options.issuerId, options.claimId, {
    at: (options.now ?? (() => new Date()))().toISOString(),
    maxFailedAttempts: max,
    via: options.via,
    ...(txCodeHash === undefined ? {} : { txCodeHash }),
    ...(options.holder === undefined ? {} : { holder: options.holder }),
    ...(options.accessTokenHash === undefined ? {} : { accessTokenHash: options.accessTokenHash }),
  })
  if (outcome === 'redeemed' && claim !== undefined) return claim
  const [code, message] = REFUSALS[outcome === 'redeemed' ? 'not-found' : outcome]
  const attemptsLeft = claim === undefined ? undefined : Math.max(0, max - claim.failedAttempts)
  throw new Ob3Error(code, outcome === 'pin-wrong' && attemptsLeft !== undefined ? `${message}; ${attemptsLeft} attempt(s) left` : message, {
    details: { claim: options.claimId, ...(outcome === 'pin-wrong' || outcome === 'locked' ? { attemptsLeft } : {}) },
  })
}
