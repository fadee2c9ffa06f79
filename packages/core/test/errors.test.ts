import { describe, expect, it } from 'vitest'
import { Ob3Error, isOb3Error } from '@ob3/core'

describe('Ob3Error', () => {
  it('carries a stable code, details and cause', () => {
    const cause = new Error('root')
    const err = new Ob3Error('ERR_OB3_JSON_TOO_DEEP', 'too deep', { details: { limit: 64 }, cause })
    expect(err.code).toBe('ERR_OB3_JSON_TOO_DEEP')
    expect(err.details).toEqual({ limit: 64 })
    expect(err.cause).toBe(cause)
    expect(isOb3Error(err, 'ERR_OB3_JSON_TOO_DEEP')).toBe(true)
    expect(isOb3Error(err, 'ERR_OB3_EXPIRED')).toBe(false)
    expect(isOb3Error(new Error('x'))).toBe(false)
  })
})
