// Which pasted or scanned links are claim links (redeemed with claimCredential) and which are
// not (imported): the same recognition claimCredential applies.
import { describe, expect, it } from 'vitest'
import { isClaimLink } from '../src/index.js'

const offer = (o: unknown) => `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(o))}`
const lcw = (r: unknown) => `https://lcw.app/request?request=${encodeURIComponent(JSON.stringify(r))}`

describe('isClaimLink', () => {
  it('recognises offer links, claim pages, exchanges and wallet request links', () => {
    for (const link of [
      offer({ credential_issuer: 'https://badges.example/issuers/lakeside', grants: {} }),
      'openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fbadges.example%2Fissuers%2Flakeside%2Fclaims%2Fc1%2Foffer',
      'https://badges.example/issuers/lakeside/claims/c1',
      '  https://badges.example/issuers/lakeside/claims/c1/  ',
      'https://badges.example/issuers/lakeside/claims/c1/offer',
      'https://badges.example/issuers/lakeside/exchanges/c1',
      'http://127.0.0.1:8080/issuers/lakeside/claims/c1',
      lcw({ protocols: { vcapi: 'https://badges.example/issuers/lakeside/exchanges/c1' } }),
      `dccrequest://request?request=${encodeURIComponent(JSON.stringify({ protocols: { vcapi: 'https://badges.example/exchanges/c1' } }))}`,
    ]) expect([link, isClaimLink(link)]).toEqual([link, true])
  })

  it('counts a malformed offer or wallet link as a claim link (redeeming it says why it is invalid)', () => {
    expect(isClaimLink('openid-credential-offer://?x=1')).toBe(true)
    expect(isClaimLink('https://lcw.app/request?request=%7B%7D')).toBe(true)
  })

  it('leaves share links, badge URLs and plain text to the import', () => {
    for (const link of [
      'https://badges.example/#ob3s1.h.abc',
      'https://badges.example/credentials/123',
      'https://example.com/badge.png',
      'http://example.com/issuers/a/claims/b',
      '{"@context":[]}',
      '',
    ]) expect([link, isClaimLink(link)]).toEqual([link, false])
  })
})
