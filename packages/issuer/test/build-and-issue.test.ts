import { describe, expect, it } from 'vitest'
import { computeDigestMultibase, createEd25519Signer, ed25519KeyFromSeed, hashIdentity, utf8 } from '@ob3/core'
import { verify } from '@ob3/verifier'
import { assertValidAward, buildCredential, issueCredential, type Award } from '../src/index.js'

const NOW = new Date('2026-02-03T04:05:06.789Z')
const counter = () => {
  let n = 0
  return (length: number) => new Uint8Array(length).map(() => n++ & 0xff)
}

const award: Award = {
  achievement: {
    id: 'https://district.example/mc/purposeful-grouping',
    name: 'Purposeful Grouping',
    description: 'Forms student groups on evidence and adjusts them as the project goes.',
    criteria: { narrative: 'A grouping plan, two observations and a reflection.' },
    achievementType: 'MicroCredential',
    image: 'https://district.example/badges/grouping.png',
    creditsAvailable: 2,
  },
  recipient: { email: 'm.chen@district.example' },
  creditsEarned: 2,
  artifacts: [
    { name: 'Grouping plan', mediaType: 'application/pdf', genre: 'Lesson plan', bytes: utf8('plan bytes that must never appear') },
    { name: 'Observation video', mediaType: 'video/mp4', genre: 'Video', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
  ],
}

describe('buildCredential', () => {
  it('builds an OB 3.0 credential: digests for artifacts, a salted hash for the email, Image objects', async () => {
    const credential = await buildCredential({ award, issuer: { id: 'did:example:district', name: 'District', image: { id: 'https://district.example/logo.png' } }, now: NOW, random: counter() })
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:10111213-1415-4617-9819-1a1b1c1d1e1f',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Purposeful Grouping',
      issuer: { id: 'did:example:district', type: ['Profile'], name: 'District', image: { id: 'https://district.example/logo.png', type: 'Image' } },
      validFrom: '2026-02-03T04:05:06Z',
      awardedDate: '2026-02-03T04:05:06Z',
    })
    const subject = credential.credentialSubject as Record<string, any>
    expect(subject.achievement.image).toEqual({ id: 'https://district.example/badges/grouping.png', type: 'Image' })
    const salt = '000102030405060708090a0b0c0d0e0f'
    expect(subject.identifier).toEqual([{ type: 'IdentityObject', hashed: true, identityHash: await hashIdentity({ identifier: 'm.chen@district.example', salt }), identityType: 'emailAddress', salt }])
    expect(subject.id).toBeUndefined()
    expect(credential.evidence).toEqual([
      { type: ['Evidence'], name: 'Grouping plan', genre: 'Lesson plan', mediaType: 'application/pdf', digestMultibase: await computeDigestMultibase(utf8('plan bytes that must never appear')), digestSRI: expect.stringMatching(/^sha384-/) },
      { type: ['Evidence'], name: 'Observation video', genre: 'Video', mediaType: 'video/mp4', digestMultibase: 'zQmatYkNGZnELf8cAGdyJpUca2PyY4szai3RHyyWofNY1pY' },
    ])
    expect(JSON.stringify(credential)).not.toContain('never appear')
    expect(JSON.stringify(credential)).not.toContain('m.chen')
  })

  it('uses a fresh salt for every award', async () => {
    const a = await buildCredential({ award, issuer: { id: 'did:example:d', name: 'D' } })
    const b = await buildCredential({ award, issuer: { id: 'did:example:d', name: 'D' } })
    const saltOf = (c: Record<string, any>) => c.credentialSubject.identifier[0].salt
    expect(saltOf(a)).toMatch(/^[0-9a-f]{32}$/)
    expect(saltOf(a)).not.toBe(saltOf(b))
    expect(a.id).not.toBe(b.id)
  })

  it('refuses an invalid award, listing every problem with its path', () => {
    expect(() => assertValidAward({ achievement: { id: 'x y', name: '', description: 'd', criteria: {} }, recipient: {}, validFrom: '2026-01-01', artifacts: [{ name: 'a', mediaType: 'pdf' }], creditsEarned: -1 }))
      .toThrow(expect.objectContaining({
        code: 'ERR_OB3_AWARD_INVALID',
        details: {
          problems: [
            { path: '/achievement/id', message: 'must be a URI' },
            { path: '/achievement/name', message: 'is required' },
            { path: '/achievement/criteria', message: 'needs a narrative or an id' },
            { path: '/recipient/email', message: 'must be an email address (or give recipient.id)' },
            { path: '/artifacts/0/mediaType', message: 'must be a media type such as application/pdf' },
            { path: '/artifacts/0', message: 'needs bytes or a digestMultibase' },
            { path: '/validFrom', message: 'must be a date-time with a time zone, e.g. 2026-01-31T00:00:00Z' },
            { path: '/creditsEarned', message: 'must be a number ≥ 0' },
          ],
        },
      }))
    expect(() => assertValidAward(null)).toThrow(expect.objectContaining({ code: 'ERR_OB3_AWARD_INVALID' }))
  })
})

describe('issueCredential', () => {
  it('signs in each format, and each verifies with a clean report', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(4))
    const signer = await createEd25519Signer(key)
    const credential = await buildCredential({ award: { ...award, recipient: { id: 'did:example:teacher' } }, issuer: { id: key.controller, name: 'District' }, now: NOW })
    for (const format of ['eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt'] as const) {
      const issued = await issueCredential({ credential, signer, format, now: NOW })
      const input = issued.format === 'vc-jwt' ? issued.jwt : issued.credential
      const report = await verify({ input, now: new Date('2026-03-01T00:00:00Z') })
      expect(report.checks.filter((c) => c.status !== 'passed' && c.status !== 'skipped'), format).toEqual([])
      expect(report.verified).toBe(true)
    }
  })

  it('refuses a key the issuer does not control', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(4))
    const credential = await buildCredential({ award, issuer: { id: 'did:example:someone-else', name: 'X' }, now: NOW })
    await expect(issueCredential({ credential, signer: await createEd25519Signer(key) })).rejects.toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })

  it('refuses to sign a property the contexts do not define (safe mode)', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(4))
    const credential = await buildCredential({ award, issuer: { id: key.controller, name: 'X' }, now: NOW })
    await expect(issueCredential({ credential: { ...credential, shoeSize: 42 }, signer: await createEd25519Signer(key) })).rejects.toMatchObject({ code: 'ERR_OB3_JSONLD_SAFE_MODE' })
  })
})
