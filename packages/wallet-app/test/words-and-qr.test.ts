// The app's plain words for a report (and when a failure only means "not yet checked"), and its
// QR codes: a hosted share link fits version 10 at a robust level, and decodes back to itself.
import jsqrImport from 'jsqr'
import { describe, expect, it } from 'vitest'
import { makeQr, qrSvg, MAX_QR_VERSION } from '../app/lib/qr.js'
import { claimWords, reportWords, verdictOf } from '../app/lib/words.js'

const jsQR = ((jsqrImport as unknown as { default?: unknown }).default ?? jsqrImport) as unknown as typeof jsqrImport.default

const failed = (id: string, code?: string) => ({ id, status: 'failed' as const, message: `${id} failed`, ...(code === undefined ? {} : { code }) })
const passed = (id: string) => ({ id, status: 'passed' as const, message: 'ok' })

describe('the words for a report', () => {
  it('says verified, not yet checked (only the status could not be read), or what failed', () => {
    expect(verdictOf({ verified: true, checks: [passed('proof'), passed('status')] })).toBe('verified')
    expect(verdictOf({ verified: false, checks: [passed('proof'), failed('status', 'ERR_OB3_STATUS_UNAVAILABLE')] })).toBe('not-yet-checked')
    expect(verdictOf({ verified: false, checks: [failed('status', 'ERR_OB3_TIME_BUDGET_EXCEEDED')] })).toBe('not-yet-checked')
    expect(verdictOf({ verified: false, checks: [failed('status', 'ERR_OB3_STATUS_REVOKED')] })).toBe('failed')
    expect(verdictOf({ verified: false, checks: [failed('proof'), failed('status', 'ERR_OB3_STATUS_UNAVAILABLE')] })).toBe('failed')
    expect(verdictOf({ verified: false, checks: [] })).toBe('failed')
    expect(reportWords({ verified: false, checks: [failed('status', 'ERR_OB3_STATUS_REVOKED')] })).toBe('The issuer has revoked this badge.')
    expect(reportWords({ verified: false, checks: [failed('proof', 'ERR_OB3_PROOF_INVALID'), failed('validity', 'ERR_OB3_EXPIRED')] }))
      .toBe('The signature does not match: the badge was changed, or not signed by its issuer. This badge has expired.')
    expect(reportWords({ verified: false, checks: [failed('status', 'ERR_OB3_STATUS_UNAVAILABLE')] })).toContain('could not be checked from here right now')
  })
})

describe('the words for a claim link that gave no badge', () => {
  it('says each refusal from its code, and the tries left after a wrong PIN', () => {
    const err = (code: string, message = 'x', details?: unknown) => ({ code, message, ...(details === undefined ? {} : { details }) })
    expect(claimWords(err('ERR_OB3_CLAIM_PIN_REQUIRED'))).toContain('needs the PIN your issuer sent')
    expect(claimWords(err('ERR_OB3_CLAIM_PIN_WRONG', 'redeeming the claim: the PIN is wrong; 3 attempt(s) left'))).toBe('That PIN is not the one your issuer sent. 3 tries are left before the claim locks.')
    expect(claimWords(err('ERR_OB3_CLAIM_PIN_WRONG', 'the PIN is wrong', { attemptsLeft: 1 }))).toBe('That PIN is not the one your issuer sent. 1 try is left before the claim locks.')
    expect(claimWords(err('ERR_OB3_CLAIM_PIN_WRONG', 'the PIN is wrong; 0 attempt(s) left'))).toBe('That PIN is not the one your issuer sent. No tries are left.')
    expect(claimWords(err('ERR_OB3_CLAIM_PIN_WRONG', 'the PIN is wrong'))).toBe('That PIN is not the one your issuer sent.')
    expect(claimWords(err('ERR_OB3_CLAIM_LOCKED'))).toContain('this claim is locked')
    expect(claimWords(err('ERR_OB3_CLAIM_EXPIRED'))).toContain('has expired')
    expect(claimWords(err('ERR_OB3_CLAIM_REDEEMED'))).toContain('has been used already')
    expect(claimWords(err('ERR_OB3_CLAIM_NOT_FOUND'))).toContain('does not know this claim link')
    expect(claimWords(err('ERR_OB3_CLAIM_LINK_INVALID'))).toContain('not a claim link')
    expect(claimWords(err('ERR_OB3_CLAIM_PROTOCOL'))).toContain('could not be reached')
    expect(claimWords(err('ERR_OB3_WALLET_LOCKED'))).toBeUndefined()
  })
})

/** Draw the code as RGBA pixels (4 per module) for the decoder. */
function pixels(text: string): { data: Uint8ClampedArray; size: number; version: number; level: string } {
  const qr = makeQr(text)
  const scale = 4
  const size = (qr.size + 8) * scale
  const data = new Uint8ClampedArray(size * size * 4).fill(255)
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) {
      if (!qr.dark(r, c)) continue
      for (let y = 0; y < scale; y++) for (let x = 0; x < scale; x++) {
        const at = (((r + 4) * scale + y) * size + (c + 4) * scale + x) * 4
        data[at] = data[at + 1] = data[at + 2] = 0
      }
    }
  }
  return { data, size, version: qr.version, level: qr.errorCorrectionLevel }
}

describe('the QR codes of share links', () => {
  it('keeps a hosted share link at version 10 or below, at the most robust level that fits, and decodes to the link', () => {
    const hosted = 'http://127.0.0.1:8080/#ob3s1.h.aHR0cDovLzEyNy4wLjAuMTo4MDgwL3NoYXJlcy9BYkNkRWZHaElqS2xNbk9wUXJTdFV3.9agv3xpVclA9IRNUG6hobtZNiWQ7b7-gEYvi8NW6_EQ'
    const short = pixels(hosted)
    expect(short.version).toBeLessThanOrEqual(MAX_QR_VERSION)
    expect(['H', 'Q']).toContain(short.level)
    expect(jsQR(short.data, short.size, short.size)?.data).toBe(hosted)
    const long = pixels(`https://verify.example.org/#ob3s1.i.${'A'.repeat(900)}`)
    expect(long.version).toBeGreaterThan(MAX_QR_VERSION)
    expect(long.level).toBe('L')
    expect(jsQR(long.data, long.size, long.size)?.data).toBe(`https://verify.example.org/#ob3s1.i.${'A'.repeat(900)}`)
  })

  it('writes an SVG with a title and escapes it', () => {
    const svg = qrSvg(makeQr('https://example.org/#x'), 'QR <code> & link')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('<title>QR &lt;code> &amp; link</title>')
  })
})
