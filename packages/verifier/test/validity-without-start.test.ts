import { describe, expect, it } from 'vitest'
import { checkSchema } from '../src/checks/schema.js'
import { checkValidity } from '../src/checks/validity.js'

const NOW = new Date('2026-06-01T00:00:00Z')
const V2 = 'https://www.w3.org/ns/credentials/v2'
const V1 = 'https://www.w3.org/2018/credentials/v1'

const vc2 = (extra: Record<string, unknown> = {}) => ({ '@context': [V2], type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:s' }, ...extra })

describe('validity of a VC 2.0 credential without validFrom (VC 2.0 makes it optional)', () => {
  it('passes with no start and no end date', () => {
    expect(checkValidity(vc2(), NOW)).toEqual({ id: 'validity', status: 'passed', message: 'no validFrom and no validUntil: valid with no start or end date' })
  })

  it('passes before its validUntil and fails after it (ERR_OB3_EXPIRED)', () => {
    expect(checkValidity(vc2({ validUntil: '2027-01-01T00:00:00Z' }), NOW)).toEqual({ id: 'validity', status: 'passed', message: 'no validFrom; valid until 2027-01-01T00:00:00.000Z' })
    expect(checkValidity(vc2({ validUntil: '2026-01-01T00:00:00Z' }), NOW)).toMatchObject({ status: 'failed', code: 'ERR_OB3_EXPIRED' })
    expect(checkValidity(vc2({ validUntil: 'soon' }), NOW)).toMatchObject({ status: 'failed', code: 'ERR_OB3_DATE_INVALID' })
  })

  it('uses a VC-JWT exp when there is no validUntil', () => {
    expect(checkValidity(vc2(), NOW, Date.parse('2026-01-01T00:00:00Z') / 1000)).toMatchObject({ status: 'failed', code: 'ERR_OB3_EXPIRED' })
  })

  it('still fails a VC 1.1 credential without issuanceDate, and a malformed validFrom (ERR_OB3_DATE_INVALID)', () => {
    expect(checkValidity({ '@context': [V1], type: ['VerifiableCredential'] }, NOW)).toMatchObject({ status: 'failed', code: 'ERR_OB3_DATE_INVALID', message: 'a VC 1.1 credential needs an issuanceDate' })
    expect(checkValidity(vc2({ validFrom: '2026-01-01' }), NOW)).toMatchObject({ status: 'failed', code: 'ERR_OB3_DATE_INVALID' })
    expect(checkValidity(vc2({ validFrom: '2027-01-01T00:00:00Z' }), NOW)).toMatchObject({ status: 'failed', code: 'ERR_OB3_NOT_YET_VALID' })
  })

  it('leaves the Open Badges requirement of validFrom to the schema check', () => {
    const badge = vc2({ type: ['VerifiableCredential', 'OpenBadgeCredential'] })
    expect(checkValidity(badge, NOW).status).toBe('passed')
    const schema = checkSchema(badge)
    expect(schema.status).toBe('failed')
    expect(JSON.stringify(schema)).toContain('validFrom')
  })
})
