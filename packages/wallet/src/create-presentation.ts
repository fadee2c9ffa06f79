import { CREDENTIALS_V2_URL, Ob3Error, createEd25519Signer, signLinkedDataProof, signVcJwt } from '@ob3/core'
import { isoSeconds, randomUrn, toDate, unlockedKey, type WalletContext } from './lib/context.js'
import { credentialJson } from './lib/credential-content.js'
import type { CreatePresentationOptions, CreatedPresentation } from './types.js'

/**
 * The VC 2.0 context defines `validUntil` for credentials only; a presentation's expiry needs
 * the term defined for it (same IRI), or JSON-LD safe mode refuses to sign it.
 */
const VALID_UNTIL_CONTEXT = { validUntil: { '@id': 'https://www.w3.org/2018/credentials#validUntil', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' } }
/** Most credentials in one presentation (as the verifier checks). */
const MAX_CREDENTIALS = 64

/**
 * Sign a presentation of chosen credentials with the holder key. Internal; see
 * `Wallet.createPresentation`.
 */
export async function createPresentation(ctx: WalletContext, options: CreatePresentationOptions): Promise<CreatedPresentation> {
  const key = unlockedKey(ctx, 'signing a presentation')
  const format = options.format ?? 'ldp'
  if (format !== 'ldp' && format !== 'jwt') throw new TypeError('createPresentation: format must be ldp or jwt')
  const ids = options.credentialIds
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) throw new TypeError('createPresentation: credentialIds must list at least one credential id')
  if (ids.length > MAX_CREDENTIALS) throw new TypeError(`createPresentation: at most ${MAX_CREDENTIALS} credentials go in one presentation`)
  for (const k of ['challenge', 'domain'] as const) {
    if (options[k] !== undefined && (typeof options[k] !== 'string' || options[k] === '')) throw new TypeError(`createPresentation: ${k} must be a non-empty string`)
  }
  const now = ctx.now()
  const expires = options.expiresAt === undefined ? undefined : toDate(options.expiresAt, 'createPresentation: expiresAt')
  if (expires !== undefined && expires.getTime() <= now.getTime()) throw new TypeError('createPresentation: expiresAt must be in the future')

  const items: unknown[] = []
  for (const id of [...new Set(ids)]) {
    const record = await ctx.store.getCredential(id)
    if (record === undefined) throw new Ob3Error('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND', `no credential ${id} in the wallet`)
    if (record.state === 'quarantined') throw new Ob3Error('ERR_OB3_WALLET_QUARANTINED', `${id} is quarantined (it failed verification at import) and cannot be presented`)
    if (record.format === 'ob2') throw new Ob3Error('ERR_OB3_OB2_NOT_PRESENTABLE', `${id} is an Open Badges 2.0 assertion: it is shown by its own URL or badge image, not in a verifiable presentation`)
    items.push(record.format === 'jwt'
      ? { '@context': CREDENTIALS_V2_URL, type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${record.content}` }
      : credentialJson(record))
  }
  const presentation: Record<string, unknown> = {
    '@context': expires === undefined ? [CREDENTIALS_V2_URL] : [CREDENTIALS_V2_URL, VALID_UNTIL_CONTEXT],
    id: randomUrn(),
    type: ['VerifiablePresentation'],
    holder: ctx.holderRecord.did,
    verifiableCredential: items,
  }
  if (expires !== undefined) presentation.validUntil = isoSeconds(expires)
  const signer = await createEd25519Signer(key)
  if (format === 'jwt') {
    const claims: Record<string, unknown> = { ...presentation, iss: ctx.holderRecord.did, iat: Math.floor(now.getTime() / 1000) }
    if (options.challenge !== undefined) claims.nonce = options.challenge
    if (options.domain !== undefined) claims.aud = options.domain
    return { format, presentation, jwt: await signVcJwt({ credential: claims, signer }) }
  }
  const signed = await signLinkedDataProof({
    document: presentation,
    signer,
    created: now,
    proofPurpose: 'authentication',
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  })
  return { format, presentation: signed as Record<string, unknown>, jwt: null }
}
