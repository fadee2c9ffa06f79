/**
 * Every date comparison that decides a verdict, at its instant, one millisecond before and one
 * millisecond after, with the clock injected (`now`): a credential's validFrom and validUntil
 * (and VC 1.1 issuanceDate / expirationDate, a VC-JWT's exp), a proof's created and expires, a
 * share's expiry and a trust registry entry's period. (A status list's dates: status.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { resolveVerificationMethod, signLinkedDataProof, verifyLinkedDataProof } from '@ob3/core'
import { parseTrustRegistry, verify } from '../src/index.js'
import { checkValidity } from '../src/checks/validity.js'
import { checkShareExpiry } from '../src/checks/share-expiry.js'
import { checkTrust } from '../src/checks/trust.js'
import { checkOf, credential, parties, sign } from './fixtures.js'

const { provider } = await parties()
const FROM = '2026-03-01T00:00:00Z'
const UNTIL = '2026-09-01T00:00:00Z'
const at = (iso: string, deltaMs: number) => new Date(Date.parse(iso) + deltaMs)
const resolveKey = async (id: string) => resolveVerificationMethod(id)

describe('validity: validFrom and validUntil', () => {
  const doc = { validFrom: FROM, validUntil: UNTIL }

  it('is not valid yet 1 ms before validFrom, valid at the instant and 1 ms after', () => {
    expect(checkValidity(doc, at(FROM, -1))).toEqual({
      id: 'validity', status: 'failed', code: 'ERR_OB3_NOT_YET_VALID', message: `not valid yet: valid from ${FROM}, and it is 2026-02-28T23:59:59.999Z`,
    })
    expect(checkValidity(doc, at(FROM, 0))).toEqual({ id: 'validity', status: 'passed', message: `valid from ${FROM} until 2026-09-01T00:00:00.000Z` })
    expect(checkValidity(doc, at(FROM, 1)).status).toBe('passed')
  })

  it('is valid 1 ms before validUntil and at the instant, expired 1 ms after (no grace period)', () => {
    expect(checkValidity(doc, at(UNTIL, -1)).status).toBe('passed')
    expect(checkValidity(doc, at(UNTIL, 0)).status).toBe('passed')
    expect(checkValidity(doc, at(UNTIL, 1))).toEqual({
      id: 'validity', status: 'failed', code: 'ERR_OB3_EXPIRED', message: 'expired on 2026-09-01T00:00:00.000Z (it is 2026-09-01T00:00:00.001Z)',
    })
    expect(checkValidity(doc, at(UNTIL, 1000)).code).toBe('ERR_OB3_EXPIRED')
  })

  it('with no validUntil, is valid from validFrom on, with no end date', () => {
    expect(checkValidity({ validFrom: FROM }, at(FROM, 0))).toEqual({ id: 'validity', status: 'passed', message: `valid since ${FROM}, with no end date` })
    expect(checkValidity({ validFrom: FROM }, new Date('2999-01-01T00:00:00Z')).status).toBe('passed')
    expect(checkValidity({ validFrom: FROM }, at(FROM, -1)).code).toBe('ERR_OB3_NOT_YET_VALID')
  })

  it('refuses a validUntil before validFrom (ERR_OB3_DATE_INVALID) whatever the clock says', () => {
    const reversed = { validFrom: UNTIL, validUntil: FROM }
    for (const now of [at(FROM, -1), at(FROM, 0), at(FROM, 1), at(UNTIL, -1), at(UNTIL, 0), at(UNTIL, 1)]) {
      expect(checkValidity(reversed, now), now.toISOString()).toEqual({ id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'validUntil is before validFrom' })
    }
    expect(checkValidity({ validFrom: FROM, validUntil: FROM }, at(FROM, 0)).status).toBe('passed')
  })

  it('compares instants, not strings: a time zone offset counts', () => {
    const doc2 = { validFrom: '2026-03-01T02:00:00+02:00', validUntil: '2026-08-31T20:00:00-04:00' }
    expect(checkValidity(doc2, at(FROM, -1)).code).toBe('ERR_OB3_NOT_YET_VALID')
    expect(checkValidity(doc2, at(FROM, 0)).status).toBe('passed')
    expect(checkValidity(doc2, at(UNTIL, 0)).status).toBe('passed')
    expect(checkValidity(doc2, at(UNTIL, 1)).code).toBe('ERR_OB3_EXPIRED')
    expect(checkValidity({ validFrom: '2026-03-01T00:00:00.5z' }, at(FROM, 499)).code).toBe('ERR_OB3_NOT_YET_VALID')
    expect(checkValidity({ validFrom: '2026-03-01T00:00:00.5z' }, at(FROM, 500)).status).toBe('passed')
  })

  it('refuses dates that are not date-times with a time zone; VC 2.0 without validFrom counts its end date only', () => {
    const now = at(FROM, 0)
    expect(checkValidity({}, now)).toEqual({ id: 'validity', status: 'passed', message: 'no validFrom and no validUntil: valid with no start or end date' })
    expect(checkValidity({ validUntil: UNTIL }, at(UNTIL, 1)).code).toBe('ERR_OB3_EXPIRED')
    expect(checkValidity({ '@context': ['https://www.w3.org/2018/credentials/v1'] }, now)).toEqual({ id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'a VC 1.1 credential needs an issuanceDate' })
    // An array holding a date-time reads as one when turned into a string: it is still no date-time.
    for (const bad of ['2026-03-01T00:00:00', '2026-03-01', 'March 1, 2026', '2026-13-45T00:00:00Z', 20260301, ' 2026-03-01T00:00:00Z', '2026-03-01T00:00:00Zjunk', [FROM]]) {
      expect(checkValidity({ validFrom: bad }, now), String(bad)).toEqual({ id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `validFrom ${JSON.stringify(bad)} is not a date-time with a time zone` })
      expect(checkValidity({ validFrom: FROM, validUntil: bad }, now), String(bad)).toEqual({ id: 'validity', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `validUntil ${JSON.stringify(bad)} is not a date-time with a time zone` })
    }
  })

  it('VC 1.1: issuanceDate and expirationDate, with the same boundaries and their own names', () => {
    const v1 = { issuanceDate: FROM, expirationDate: UNTIL }
    expect(checkValidity(v1, at(FROM, -1)).code).toBe('ERR_OB3_NOT_YET_VALID')
    expect(checkValidity(v1, at(FROM, 0)).status).toBe('passed')
    expect(checkValidity(v1, at(UNTIL, 0)).status).toBe('passed')
    expect(checkValidity(v1, at(UNTIL, 1)).code).toBe('ERR_OB3_EXPIRED')
    expect(checkValidity({ issuanceDate: 'soon' }, at(FROM, 0)).message).toBe('issuanceDate "soon" is not a date-time with a time zone')
    expect(checkValidity({ issuanceDate: FROM, expirationDate: 'later' }, at(FROM, 0)).message).toBe('expirationDate "later" is not a date-time with a time zone')
    expect(checkValidity({ issuanceDate: UNTIL, expirationDate: FROM }, at(FROM, 0)).message).toBe('expirationDate is before issuanceDate')
    // validFrom, when present, wins over issuanceDate.
    expect(checkValidity({ validFrom: UNTIL, issuanceDate: FROM }, at(FROM, 0)).code).toBe('ERR_OB3_NOT_YET_VALID')
  })

  it('a VC-JWT\'s exp ends a credential with no validUntil, at the second it names; validUntil wins when both are there', () => {
    const exp = Date.parse(UNTIL) / 1000
    expect(checkValidity({ validFrom: FROM }, at(UNTIL, 0), exp).status).toBe('passed')
    expect(checkValidity({ validFrom: FROM }, at(UNTIL, 1), exp)).toMatchObject({ status: 'failed', code: 'ERR_OB3_EXPIRED', message: 'expired on 2026-09-01T00:00:00.000Z (it is 2026-09-01T00:00:00.001Z)' })
    expect(checkValidity({ validFrom: FROM, validUntil: UNTIL }, at(UNTIL, 0), exp - 60).status).toBe('passed')
    expect(checkValidity({ validFrom: UNTIL }, at(UNTIL, 0), Date.parse(FROM) / 1000)).toMatchObject({ code: 'ERR_OB3_DATE_INVALID', message: 'the JWT exp is before validFrom' })
  })

  it('verify() reads the clock it is given: the same credential is valid, then expired, 2 ms apart', async () => {
    const signed = await sign(credential({ issuer: provider, extra: { validFrom: FROM, validUntil: UNTIL } }), provider)
    const before = await verify({ input: signed, now: at(UNTIL, 0) })
    const after = await verify({ input: signed, now: at(UNTIL, 1) })
    expect(checkOf(before, 'validity').status).toBe('passed')
    expect(before.verified).toBe(true)
    expect(checkOf(after, 'validity')).toMatchObject({ status: 'failed', code: 'ERR_OB3_EXPIRED' })
    expect(after.verified).toBe(false)
    expect(checkOf(await verify({ input: signed, now: at(FROM, -1) }), 'validity').code).toBe('ERR_OB3_NOT_YET_VALID')
  })
})

describe('proof: created and expires', () => {
  const EXPIRES = '2026-07-01T00:00:00Z'

  async function proofExpiring(expires: string) {
    const document = credential({ issuer: provider })
    const signed = await signLinkedDataProof({ document, signer: provider.signer, created: new Date(FROM) })
    // `expires` is part of the signed proof options, so it is set before signing.
    const withExpiry = await signLinkedDataProof({ document, signer: provider.signer, created: new Date(FROM), expires: new Date(expires) } as never)
    return { plain: signed as Record<string, unknown>, expiring: withExpiry as Record<string, unknown> }
  }

  it('a proof verifies 1 ms before its expires, and is expired at the instant and after (expires is exclusive)', async () => {
    const { expiring } = await proofExpiring(EXPIRES)
    expect((expiring.proof as Record<string, unknown>).expires).toBe('2026-07-01T00:00:00Z')
    const outcome = (now: Date) => verifyLinkedDataProof({ document: expiring, proof: expiring.proof, resolveKey, now })
    expect(await outcome(at(EXPIRES, -1))).toMatchObject({ verified: true })
    expect(await outcome(at(EXPIRES, 0))).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_EXPIRED', message: 'the proof expired on 2026-07-01T00:00:00.000Z' })
    expect(await outcome(at(EXPIRES, 1))).toMatchObject({ verified: false, code: 'ERR_OB3_PROOF_EXPIRED' })
  })

  it('created is a date-time the clock does not bound: a proof created 1 ms after now still verifies (no maxTimestampDelta)', async () => {
    const { plain } = await proofExpiring(EXPIRES)
    for (const delta of [-1, 0, 1]) {
      expect(await verifyLinkedDataProof({ document: plain, proof: plain.proof, resolveKey, now: at(FROM, delta) }), String(delta)).toMatchObject({ verified: true })
    }
  })
})

describe('expiry-of-share: the presentation\'s validUntil and the VP-JWT\'s exp', () => {
  it('is valid 1 ms before and at validUntil, expired 1 ms after', () => {
    const vp = { validUntil: UNTIL }
    expect(checkShareExpiry(vp, undefined, at(UNTIL, -1)).status).toBe('passed')
    expect(checkShareExpiry(vp, undefined, at(UNTIL, 0))).toEqual({ id: 'expiry-of-share', status: 'passed', message: 'the share is valid until 2026-09-01T00:00:00.000Z' })
    expect(checkShareExpiry(vp, undefined, at(UNTIL, 1))).toEqual({
      id: 'expiry-of-share', status: 'failed', code: 'ERR_OB3_SHARE_EXPIRED', message: 'the share expired on 2026-09-01T00:00:00.000Z (it is 2026-09-01T00:00:00.001Z)',
    })
  })

  it('takes the earlier of validUntil and exp, and exp alone when there is no validUntil', () => {
    const jwtWith = (exp: number) => `e30.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.c2ln`
    const earlier = Date.parse(FROM) / 1000
    expect(checkShareExpiry({ validUntil: UNTIL }, jwtWith(earlier), at(FROM, 0)).status).toBe('passed')
    expect(checkShareExpiry({ validUntil: UNTIL }, jwtWith(earlier), at(FROM, 1)).code).toBe('ERR_OB3_SHARE_EXPIRED')
    expect(checkShareExpiry({ validUntil: FROM }, jwtWith(Date.parse(UNTIL) / 1000), at(FROM, 1)).code).toBe('ERR_OB3_SHARE_EXPIRED')
    expect(checkShareExpiry({}, jwtWith(earlier), at(FROM, 0)).status).toBe('passed')
    expect(checkShareExpiry({}, jwtWith(earlier), at(FROM, 1)).code).toBe('ERR_OB3_SHARE_EXPIRED')
    // A token whose payload cannot be read adds no expiry.
    expect(checkShareExpiry({ validUntil: UNTIL }, 'not-a-jwt', at(UNTIL, 0)).status).toBe('passed')
    expect(checkShareExpiry({}, 'not-a-jwt', at(UNTIL, 0)).status).toBe('skipped')
  })

  it('is skipped with no expiry, and refuses a validUntil that is not a date-time', () => {
    expect(checkShareExpiry({}, undefined, at(UNTIL, 0))).toEqual({ id: 'expiry-of-share', status: 'skipped', message: 'the presentation has no expiry' })
    for (const bad of ['2026-09-01', 12, 'not a dateT00:00:00Z', '2026-02-30T00:00:00ZZ', [UNTIL]]) {
      expect(checkShareExpiry({ validUntil: bad }, undefined, at(UNTIL, 0)), String(bad)).toEqual({
        id: 'expiry-of-share', status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: `the presentation's validUntil ${JSON.stringify(bad)} is not a date-time with a time zone`,
      })
    }
  })
})

describe('trust: a registry entry\'s validFrom and validUntil (both inclusive)', () => {
  const registry = parseTrustRegistry({ name: 'State approved providers', entries: [{ id: 'did:example:academy', name: 'Academy', validFrom: FROM, validUntil: UNTIL }] })
  const trust = (now: Date) => checkTrust({ issuerId: 'did:example:academy', registry: registry, policy: 'require', now: now, issuerConfirmed: true })

  it('is not trusted 1 ms before validFrom; trusted at the instant and 1 ms after', () => {
    expect(trust(at(FROM, -1))).toEqual({
      id: 'trust', status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED', message: 'the issuer is on State approved providers as Academy, but not trusted as an issuer on 2026-02-28T23:59:59.999Z',
    })
    expect(trust(at(FROM, 0))).toEqual({ id: 'trust', status: 'passed', message: 'the issuer is trusted by State approved providers as Academy' })
    expect(trust(at(FROM, 1)).status).toBe('passed')
  })

  it('is skipped without a registry; names an issuer the registry does not list, or none', () => {
    expect(checkTrust({ issuerId: 'did:example:academy', registry: undefined, policy: 'require', now: at(FROM, 0), issuerConfirmed: true })).toEqual({ id: 'trust', status: 'skipped', message: 'no trust registry was given' })
    const two = parseTrustRegistry({ name: 'State', entries: [{ id: 'did:example:other', name: 'Other' }, { id: 'did:example:academy', name: 'Academy', validUntil: FROM }] })
    expect(checkTrust({ issuerId: 'did:example:stranger', registry: two, policy: 'require', now: at(FROM, 0), issuerConfirmed: true })).toEqual({ id: 'trust', status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED', message: 'the issuer did:example:stranger is not on State' })
    expect(checkTrust({ issuerId: undefined, registry: two, policy: 'warn', now: at(FROM, 0), issuerConfirmed: true })).toEqual({ id: 'trust', status: 'warning', code: 'ERR_OB3_TRUST_UNTRUSTED', message: 'the issuer (none) is not on State' })
    expect(checkTrust({ issuerId: 'did:example:academy', registry: two, policy: 'require', now: at(FROM, 1), issuerConfirmed: true }).message).toBe('the issuer is on State as Academy, but not trusted as an issuer on 2026-03-01T00:00:00.001Z')
  })

  it('is trusted 1 ms before validUntil and at the instant; not 1 ms after', () => {
    expect(trust(at(UNTIL, -1)).status).toBe('passed')
    expect(trust(at(UNTIL, 0)).status).toBe('passed')
    expect(trust(at(UNTIL, 1))).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED' })
  })
})
