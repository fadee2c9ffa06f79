/**
 * What a report says of its credential (`summarize`), the `parse` check's words for each input
 * format (`describeFormat`), and the small readers of JSON values the checks share (`lib/context`).
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL } from '@ob3/core'
import { achievementOf, list, obj, str, subjectOf } from '../src/lib/context.js'
import { describeFormat, summarize } from '../src/lib/summarize.js'
import type { LoadedInput } from '../src/load-input.js'

const V2 = { '@context': [CREDENTIALS_V2_URL] }
const V1 = { '@context': [CREDENTIALS_V1_URL] }

describe('summarize', () => {
  it('gives id, name, issuer id and name, validFrom, validUntil, credits and subject of an OB 3.0 credential', () => {
    expect(summarize({
      id: 'urn:uuid:1',
      name: 'Idea Generating',
      issuer: { id: 'did:key:z6MkIssuer', type: ['Profile'], name: 'Northwind Educator Academy' },
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ana', creditsEarned: 15, achievement: { name: 'Not this one' } },
    })).toEqual({
      id: 'urn:uuid:1',
      name: 'Idea Generating',
      issuer: 'did:key:z6MkIssuer',
      issuerName: 'Northwind Educator Academy',
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2027-01-01T00:00:00Z',
      creditsEarned: 15,
      subject: { ids: ['did:example:ana'], identifiers: [] },
    })
  })

  it('gives null for each field the credential lacks, and neither credits nor subject', () => {
    expect(summarize({})).toEqual({ id: null, name: null, issuer: null, issuerName: null, validFrom: null, validUntil: null })
    expect(summarize({ id: 7, name: ['x'], issuer: 42, validFrom: 1, validUntil: true })).toEqual({ id: null, name: null, issuer: null, issuerName: null, validFrom: null, validUntil: null })
  })

  it('takes the achievement\'s name when the credential has none of its own', () => {
    expect(summarize({ credentialSubject: { achievement: { name: 'Kind Critiquing' } } }).name).toBe('Kind Critiquing')
    expect(summarize({ name: 12, credentialSubject: [{ achievement: { name: 'Kind Critiquing' } }, { achievement: { name: 'Second' } }] }).name).toBe('Kind Critiquing')
    expect(summarize({ credentialSubject: { achievement: { name: 3 } } }).name).toBeNull()
    expect(summarize({ credentialSubject: { achievement: 'urn:x' } }).name).toBeNull()
  })

  it('reads an issuer given as a string, with no name', () => {
    expect(summarize({ issuer: 'did:key:z6MkIssuer' })).toMatchObject({ issuer: 'did:key:z6MkIssuer', issuerName: null })
    expect(summarize({ issuer: { name: 'Unnamed id' } })).toMatchObject({ issuer: null, issuerName: 'Unnamed id' })
  })

  it('reads the VC 1.1 issuanceDate and expirationDate when validFrom and validUntil are absent, and prefers the VC 2.0 ones', () => {
    expect(summarize({ issuanceDate: '2025-01-01T00:00:00Z', expirationDate: '2030-01-01T00:00:00Z' })).toMatchObject({ validFrom: '2025-01-01T00:00:00Z', validUntil: '2030-01-01T00:00:00Z' })
    expect(summarize({ validFrom: '2026-01-01T00:00:00Z', issuanceDate: '2025-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z', expirationDate: '2030-01-01T00:00:00Z' }))
      .toMatchObject({ validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' })
  })

  it('gives creditsEarned only when the (first) subject has a finite number', () => {
    expect(summarize({ credentialSubject: [{ creditsEarned: 2.5 }, { creditsEarned: 9 }] }).creditsEarned).toBe(2.5)
    expect(summarize({ credentialSubject: { creditsEarned: 0 } }).creditsEarned).toBe(0)
    for (const credits of ['15', Number.NaN, Number.POSITIVE_INFINITY, null]) {
      expect('creditsEarned' in summarize({ credentialSubject: { creditsEarned: credits } }), String(credits)).toBe(false)
    }
  })

  it('lists the subjects\' ids and their IdentityObjects, a hashed one with its salt', () => {
    expect(summarize({
      credentialSubject: [
        {
          id: 'did:example:ana',
          identifier: [
            { type: 'IdentityObject', identityType: 'emailAddress', identityHash: 'ana@example.org', hashed: false },
            { type: 'IdentityObject', identityType: 'emailAddress', identityHash: 'sha256$abc', hashed: true, salt: 'pepper' },
            { type: 'IdentityObject', identityType: 'studentId', identityHash: 'S-12', hashed: 'true', salt: 12 },
            { type: 'IdentityObject', identityType: 'studentId' },
            { type: 'IdentityObject', identityHash: 'no type' },
          ],
        },
        { id: 'did:example:second' },
      ],
    }).subject).toEqual({
      ids: ['did:example:ana', 'did:example:second'],
      identifiers: [
        { identityType: 'emailAddress', identityHash: 'ana@example.org', hashed: false },
        { identityType: 'emailAddress', identityHash: 'sha256$abc', hashed: true, salt: 'pepper' },
        { identityType: 'studentId', identityHash: 'S-12', hashed: false },
      ],
    })
  })

  it('gives an empty subject for a subject that names no one', () => {
    expect(summarize({ credentialSubject: { type: ['AchievementSubject'] } }).subject).toEqual({ ids: [], identifiers: [] })
  })
})

describe('describeFormat', () => {
  const loaded = (format: LoadedInput['format'], kind: LoadedInput['kind'], model: Record<string, unknown>, jwt?: string): LoadedInput =>
    ({ format, kind, document: { ...model }, ...(jwt === undefined ? {} : { jwt }) })

  it('names each format, the kind, and the data model', () => {
    expect([
      describeFormat(loaded('ldp', 'credential', V2)),
      describeFormat(loaded('ldp', 'presentation', V1)),
      describeFormat(loaded('png', 'credential', V2)),
      describeFormat(loaded('png', 'credential', V1, 'a.b.c')),
      describeFormat(loaded('svg', 'presentation', V2)),
      describeFormat(loaded('svg', 'credential', V2, 'a.b.c')),
      describeFormat(loaded('jwt', 'credential', V1, 'a.b.c')),
      describeFormat(loaded('jwt', 'presentation', V2, 'a.b.c')),
      describeFormat(loaded('link', 'presentation', V2)),
    ]).toEqual([
      'a JSON credential (VC 2.0)',
      'a JSON presentation (VC 1.1)',
      'a PNG badge with a baked JSON credential (VC 2.0)',
      'a PNG badge with a baked VC-JWT (VC 1.1)',
      'an SVG badge with a baked JSON presentation (VC 2.0)',
      'an SVG badge with a baked VC-JWT (VC 2.0)',
      'a VC-JWT (VC 1.1)',
      'a VP-JWT (VC 2.0)',
      'a share link',
    ])
  })

  it('calls a document of an unknown data model VC 2.0', () => {
    expect(describeFormat(loaded('ldp', 'credential', { '@context': ['https://example.org/other'] }))).toBe('a JSON credential (VC 2.0)')
  })
})

describe('the JSON readers of lib/context', () => {
  it('str: a string, or null', () => {
    expect([str('a'), str(''), str(1), str(null), str(undefined), str(['a'])]).toEqual(['a', '', null, null, null, null])
  })

  it('obj: a plain object, or undefined for null, arrays and everything else', () => {
    const o = { a: 1 }
    expect(obj(o)).toBe(o)
    expect([obj(null), obj([1]), obj('a'), obj(3), obj(undefined), obj(true)]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined])
  })

  it('list: an array as it is, one value as an array of one, nothing as an empty array', () => {
    const a = [1, 2]
    expect(list(a)).toBe(a)
    expect(list('x')).toEqual(['x'])
    expect(list(null)).toEqual([null])
    expect(list(undefined)).toEqual([])
  })

  it('subjectOf and achievementOf: the first subject and its achievement, when they are objects', () => {
    const achievement = { id: 'urn:a', name: 'A' }
    const first = { id: 'did:example:1', achievement }
    expect(subjectOf({ credentialSubject: [first, { id: 'did:example:2' }] })).toBe(first)
    expect(subjectOf({ credentialSubject: first })).toBe(first)
    expect(subjectOf({ credentialSubject: ['did:example:1'] })).toBeUndefined()
    expect(subjectOf({})).toBeUndefined()
    expect(achievementOf({ credentialSubject: first })).toBe(achievement)
    expect(achievementOf({ credentialSubject: { achievement: ['urn:a'] } })).toBeUndefined()
    expect(achievementOf({})).toBeUndefined()
  })
})
