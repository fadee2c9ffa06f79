// ob3's own wallet redeems both kinds of claim link from the service — OpenID4VCI (offer link,
// claim page) and a VC-API exchange (the Learner Credential Wallet link, the exchange URL) — and
// imports the credential verified as any import; the coded errors of a claim reach the wallet.
import { isOb3Error } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { MIN_SCRYPT_N, claimCredential, createMemoryWalletStore, initWallet, type Wallet } from '@ob3/wallet'
import type { Ob3Server } from '@ob3/server'
import { afterEach, describe, expect, it } from 'vitest'
import { cleanUp, mintClaim, serviceWithBadge } from './support/claims.js'

afterEach(cleanUp)

async function walletFor(server: Ob3Server): Promise<Wallet> {
  const serverFetch = ((url: string | URL | Request, init?: RequestInit) => server.app.request(url instanceof Request ? url : String(url), init)) as typeof fetch
  return initWallet({
    store: createMemoryWalletStore(), passphrase: 'a long enough passphrase', scryptN: MIN_SCRYPT_N,
    fetch: serverFetch, verify: (request) => verify({ ...request, fetch: serverFetch }),
  })
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(() => 'resolved', (err: unknown) => (isOb3Error(err) ? err.code : String(err)))
}

describe('ob3 wallet redeems claim links', () => {
  it('OpenID4VCI by the offer link, with a PIN: imported, verified, bound to the wallet\'s DID; the second try is ERR_OB3_CLAIM_REDEEMED', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const wallet = await walletFor(server)
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, pin: true })
    expect(await codeOf(claimCredential(wallet, minted.json.links.offer))).toBe('ERR_OB3_CLAIM_PIN_REQUIRED')
    expect(await codeOf(claimCredential(wallet, minted.json.links.offer, { pin: minted.json.txCode === '000000' ? '111111' : '000000' }))).toBe('ERR_OB3_CLAIM_PIN_WRONG')
    const result = await claimCredential(wallet, minted.json.links.offer, { pin: minted.json.txCode })
    expect(result.protocol).toBe('openid4vci')
    expect(result.credentials).toHaveLength(1)
    expect(result.credentials[0]?.status).toBe('imported')
    const stored = await wallet.getCredential(result.credentials[0]?.id as string)
    expect(stored.state).toBe('verified')
    expect(stored.subject).toBe(wallet.holder)
    expect(stored.format).toBe('ldp')
    expect(await codeOf(claimCredential(wallet, minted.json.links.offer, { pin: minted.json.txCode }))).toBe('ERR_OB3_CLAIM_REDEEMED')
  })

  it('OpenID4VCI by the claim page link, and a VC-API exchange by the page link with protocol vc-api', async () => {
    const { server, lakeside, credentialId } = await serviceWithBadge()
    const wallet = await walletFor(server)
    const a = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    expect((await claimCredential(wallet, a.json.links.page)).protocol).toBe('openid4vci')
    const b = await mintClaim(server, lakeside.apiKey.token, { credentialId })
    const viaExchange = await claimCredential(wallet, b.json.links.page, { protocol: 'vc-api' })
    expect(viaExchange.protocol).toBe('vc-api')
    expect(viaExchange.credentials[0]?.status).toBe('imported')
    expect(await wallet.listCredentials()).toHaveLength(2)
  })

  it('VC-API by the Learner Credential Wallet link, with a PIN; expired and unknown claims give their codes', async () => {
    let now = new Date('2026-03-01T10:00:00Z')
    const { server, lakeside, credentialId } = await serviceWithBadge(undefined, { now: () => now })
    const wallet = await walletFor(server)
    const minted = await mintClaim(server, lakeside.apiKey.token, { credentialId, pin: true, expiresInSeconds: 3600 })
    expect(await codeOf(claimCredential(wallet, minted.json.links.lcw))).toBe('ERR_OB3_CLAIM_PIN_REQUIRED')
    const result = await claimCredential(wallet, minted.json.links.lcw, { pin: minted.json.txCode })
    expect(result.protocol).toBe('vc-api')
    const stored = await wallet.getCredential(result.credentials[0]?.id as string)
    expect([stored.state, stored.subject]).toEqual(['verified', wallet.holder])
    expect(await codeOf(claimCredential(wallet, minted.json.links.exchange))).toBe('ERR_OB3_CLAIM_REDEEMED')

    const later = await mintClaim(server, lakeside.apiKey.token, { credentialId, expiresInSeconds: 60 })
    now = new Date('2026-03-01T10:02:00Z')
    expect(await codeOf(claimCredential(wallet, later.json.links.offer))).toBe('ERR_OB3_CLAIM_EXPIRED')
    expect(await codeOf(claimCredential(wallet, later.json.links.exchange))).toBe('ERR_OB3_CLAIM_EXPIRED')
    expect(await codeOf(claimCredential(wallet, later.json.links.exchange.replace(/[^/]+$/, 'nope')))).toBe('ERR_OB3_CLAIM_NOT_FOUND')
  })

  it('refuses what is not a claim link (ERR_OB3_CLAIM_LINK_INVALID)', async () => {
    const { server } = await serviceWithBadge()
    const wallet = await walletFor(server)
    for (const link of ['', 'https://example.com/badge.png', 'openid-credential-offer://?x=1', 'http://example.com/issuers/a/claims/b', 'https://lcw.app/request?request=%7B%7D']) {
      expect(await codeOf(claimCredential(wallet, link))).toBe('ERR_OB3_CLAIM_LINK_INVALID')
    }
  })
})
