import { describe, expect, it } from 'vitest'
import { PINNED_CONTEXT_DIGESTS, computeDigestMultibase, computeDigestSri, contextDigestVerdict, hashIdentity, identityMatches, matchesDigestMultibase, matchesDigestSri, parseDigestMultibase, parseDigestSri, utf8 } from '@ob3/core'

describe('artifact digests', () => {
  it('computes a sha2-256 multihash in base58btc and checks it', async () => {
    // SHA-256("abc") = ba7816bf…15ad; multihash 0x12 0x20 ‖ digest, base58btc (checked independently)
    const value = await computeDigestMultibase(utf8('abc'))
    expect(value).toBe('zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY')
    const parsed = parseDigestMultibase(value)
    expect(parsed.algorithm).toBe('sha-256')
    expect(Buffer.from(parsed.digest).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await matchesDigestMultibase(utf8('abc'), value)).toBe(true)
    expect(await matchesDigestMultibase(utf8('abd'), value)).toBe(false)
  })

  it('accepts base64url multibase and refuses malformed digests with a code', async () => {
    const b64 = 'u' + Buffer.from([0x12, 0x20, ...Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex')]).toString('base64url')
    expect(await matchesDigestMultibase(utf8('abc'), b64)).toBe(true)
    expect(() => parseDigestMultibase('zabc')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DIGEST_INVALID' }))
    expect(() => parseDigestMultibase('mAAAA')).toThrow(expect.objectContaining({ code: 'ERR_OB3_DIGEST_INVALID' }))
  })

  it('computes and matches Subresource Integrity digests', async () => {
    // SHA-384("abc"), base64
    expect(await computeDigestSri(utf8('abc'))).toBe('sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn')
    expect(await computeDigestSri(utf8('abc'), 'sha256')).toBe('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=')
    expect(await matchesDigestSri(utf8('abc'), 'sha512-xyz sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=')).toBe(true)
    expect(await matchesDigestSri(utf8('abd'), 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=')).toBe(false)
    await expect(matchesDigestSri(utf8('abc'), 'md5-abc')).rejects.toMatchObject({ code: 'ERR_OB3_DIGEST_INVALID' })
    // SHA-512("abc")
    const sha512 = 'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=='
    expect(await matchesDigestSri(utf8('abc'), sha512)).toBe(true)
  })

  it('parses digestSRI strictly: the algorithm\'s exact length, standard base64, no hex', () => {
    const ok = parseDigestSri('sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0= sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn?opt')
    expect(ok.map((p) => [p.algorithm, p.digest.length])).toEqual([['sha-256', 32], ['sha-384', 48]])
    for (const bad of [
      'sha256-ca3d163bab055381827226140568f3bef634ac187cebd76878e0b63e9e442356', // hex
      'sha256-MIwhzJyufmsjiGS1qP0waCmFb0gKa5ZGBI0ZZtfQo9Ls=', // 33 bytes
      'sha256-ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0', // base64url
      'sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=', '', 'sha256', 'sha256-',
    ]) expect(() => parseDigestSri(bad), bad).toThrow(expect.objectContaining({ code: 'ERR_OB3_DIGEST_INVALID' }))
  })

  it('compares relatedResource digests of a context with the published ones', async () => {
    const v2 = 'https://www.w3.org/ns/credentials/v2'
    const sha256 = Buffer.from('59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734', 'hex')
    const multihash = (code: number, bytes: Buffer) => `u${Buffer.concat([Buffer.from([code, bytes.length]), bytes]).toString('base64url')}`
    expect(contextDigestVerdict(v2, { digestSRI: `sha256-${sha256.toString('base64')}` })).toBe('match')
    expect(contextDigestVerdict(v2, { digestMultibase: multihash(0x12, sha256) })).toBe('match')
    expect(contextDigestVerdict(v2, { digestMultibase: multihash(0x12, Buffer.alloc(32)) })).toBe('mismatch')
    expect(contextDigestVerdict(v2, { digestSRI: `sha256-${sha256.toString('base64')}`, digestMultibase: multihash(0x12, Buffer.alloc(32)) })).toBe('mismatch')
    // One matching SRI alternative is enough.
    expect(contextDigestVerdict(v2, { digestSRI: `sha256-${Buffer.alloc(32).toString('base64')} sha256-${sha256.toString('base64')}` })).toBe('match')
    expect(contextDigestVerdict('https://w3id.org/security/data-integrity/v2', { digestSRI: `sha384-${Buffer.alloc(48).toString('base64')}` })).toBe('unpinned')
    expect(contextDigestVerdict('https://example.org/context.json', { digestSRI: `sha256-${sha256.toString('base64')}` })).toBe('unpinned')
    expect(() => contextDigestVerdict(v2, { digestSRI: 'sha256-abc' })).toThrow(expect.objectContaining({ code: 'ERR_OB3_DIGEST_INVALID' }))
    expect(Object.keys(PINNED_CONTEXT_DIGESTS)).toEqual(expect.arrayContaining([v2, 'https://w3id.org/security/data-integrity/v2']))
  })
})

describe('identity hashes (OB 3.0 §1.7)', () => {
  it('reproduces the spec example sha256(a@example.com ‖ Kosher)', async () => {
    expect(await hashIdentity({ identifier: 'a@example.com', salt: 'Kosher' })).toBe('sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399')
  })

  it('matches hashed and plain identifiers, by type, with either hex case', async () => {
    const hashed = { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', salt: 'Kosher', identityHash: 'sha256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399' }
    expect(await identityMatches(hashed, 'emailAddress', 'a@example.com')).toBe(true)
    expect(await identityMatches(hashed, 'emailAddress', 'b@example.com')).toBe(false)
    expect(await identityMatches(hashed, 'sourcedId', 'a@example.com')).toBe(false)
    expect(await identityMatches({ hashed: false, identityType: 'sourcedId', identityHash: 'T-1042' }, 'sourcedId', 'T-1042')).toBe(true)
    const md5 = await hashIdentity({ identifier: 'a@example.com', salt: 's', algorithm: 'md5' })
    expect(md5).toMatch(/^md5\$[0-9a-f]{32}$/)
    expect(await identityMatches({ hashed: true, identityType: 'emailAddress', salt: 's', identityHash: md5 }, 'emailAddress', 'a@example.com')).toBe(true)
    await expect(identityMatches({ hashed: true, identityType: 'emailAddress', identityHash: 'sha256$abc' }, 'emailAddress', 'a')).rejects.toMatchObject({ code: 'ERR_OB3_IDENTITY_HASH_INVALID' })
  })
})
