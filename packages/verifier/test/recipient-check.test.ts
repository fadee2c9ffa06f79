/**
 * The `recipient` check, result by result and word for word: the shape of an expected recipient,
 * who a credential names as its subject (ids and IdentityObjects), a subject id that is or is not
 * the expected one, an identifier matched against hashed and plain IdentityObjects (an email
 * address also in lower case, other identifiers exactly), malformed hashes, and how the subject is
 * described when it does not match.
 */
import { describe, expect, it } from 'vitest'
import { hashIdentity } from '@ob3/core'
import { assertExpectedRecipient, checkRecipient, describeSubject, matchRecipient, subjectOfDocument, type NamedSubject } from '../src/checks/recipient.js'
import { thrown } from './fixtures.js'

const EMAIL = 'ana.rivera@lakeside-schools.example'
const SALT = 'c0ffee-riverbend-2026'
const DID = 'did:example:ana-rivera'
const MISMATCH = 'ERR_OB3_RECIPIENT_MISMATCH'

const hashedEmail = async (email = EMAIL, salt: string | undefined = SALT) => ({
  type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: await hashIdentity({ identifier: email, salt: salt ?? '' }), ...(salt === undefined ? {} : { salt }),
})
const plain = (identityType: string, identityHash: string) => ({ type: 'IdentityObject', identityType, hashed: false, identityHash })
const subject = (ids: string[], identities: Record<string, unknown>[] = []): NamedSubject => ({ ids, identities })

describe('assertExpectedRecipient', () => {
  it('takes an id, an identifier, or an empty object', () => {
    for (const recipient of [{ id: DID }, {}, { id: undefined }, { identityType: 'emailAddress', value: EMAIL }]) {
      expect(thrown(() => assertExpectedRecipient(recipient)), JSON.stringify(recipient)).toBeUndefined()
    }
  })

  it('refuses what is no object', () => {
    for (const recipient of [DID, null, undefined, [{ id: DID }], 7]) {
      expect(thrown(() => assertExpectedRecipient(recipient)), String(recipient)).toEqual(new TypeError('verify: recipient must be { id } or { identityType, value }'))
    }
  })

  it('refuses an identifier without a non-empty type and value, even when it also has an id', () => {
    const bad = [{ identityType: 'emailAddress' }, { value: EMAIL }, { identityType: '', value: EMAIL }, { identityType: 'emailAddress', value: '' }, { identityType: 3, value: EMAIL }, { identityType: 'emailAddress', value: 3 }, { id: DID, value: EMAIL }]
    for (const recipient of bad) {
      const err = thrown(() => assertExpectedRecipient(recipient))
      expect(err, JSON.stringify(recipient)).toBeInstanceOf(TypeError)
      expect((err as Error).message, JSON.stringify(recipient)).toBe('verify: recipient.identityType and recipient.value must be non-empty strings')
    }
  })

  it('refuses an id that is no non-empty string', () => {
    for (const recipient of [{ id: '' }, { id: 42 }, { id: null }]) {
      const err = thrown(() => assertExpectedRecipient(recipient))
      expect(err, JSON.stringify(recipient)).toBeInstanceOf(TypeError)
      expect((err as Error).message, JSON.stringify(recipient)).toBe('verify: recipient.id must be a non-empty string')
    }
  })
})

describe('subjectOfDocument', () => {
  it('collects the ids and IdentityObjects of every subject, passing over what is no object', () => {
    const email = plain('emailAddress', EMAIL)
    const sis = plain('sisSourcedId', 'SIS-4471')
    const doc = {
      credentialSubject: [
        { id: DID, identifier: [email, 'not an object', null, [sis]] },
        'did:example:a-string-subject',
        null,
        { identifier: sis },
        { id: 42 },
      ],
    }
    expect(subjectOfDocument(doc)).toEqual({ ids: [DID], identities: [email, sis] })
    expect(subjectOfDocument({ credentialSubject: { id: DID } })).toEqual({ ids: [DID], identities: [] })
    expect(subjectOfDocument({})).toEqual({ ids: [], identities: [] })
  })
})

describe('describeSubject', () => {
  it('names the ids, then each kind of identifier once, hashed or with its value', async () => {
    const hashed = await hashedEmail()
    expect(describeSubject(subject([DID, 'https://people.example/ana'], [hashed, await hashedEmail('other@school.example'), plain('sisSourcedId', 'SIS-4471')]))).toBe(
      `${DID}, https://people.example/ana, emailAddress (hashed), sisSourcedId SIS-4471`,
    )
    expect(describeSubject(subject([], [{ identityType: 'studentId', hashed: 'true' }]))).toBe('studentId undefined')
  })

  it('is null when the subject names nobody', () => {
    expect(describeSubject(subject([]))).toBeNull()
  })
})

describe('the recipient check says', () => {
  it('it was skipped when no recipient, or one with no id, is expected', async () => {
    const skipped = { id: 'recipient', status: 'skipped', message: 'no expected recipient was given' }
    const doc = { credentialSubject: { id: DID } }
    expect(await checkRecipient(doc, undefined)).toEqual(skipped)
    expect(await checkRecipient(doc, {})).toEqual(skipped)
  })

  it('whom the credential was issued to, by id', async () => {
    const doc = { credentialSubject: [{ id: 'did:example:first' }, { id: DID }] }
    expect(await checkRecipient(doc, { id: DID })).toEqual({ id: 'recipient', status: 'passed', message: `the credential was issued to ${DID}` })
    expect(await checkRecipient(doc, { id: 'did:example:someone' })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH,
      message: `the credential was not issued to did:example:someone: it names did:example:first, ${DID}`,
    })
  })

  it('that the credential names no recipient at all', async () => {
    expect(await checkRecipient({ credentialSubject: { type: ['AchievementSubject'] } }, { id: DID })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH, message: `the credential was not issued to ${DID}: it names no recipient at all`,
    })
    expect(await checkRecipient({}, { identityType: 'emailAddress', value: EMAIL })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH,
      message: `the credential names no emailAddress for its recipient (it names no recipient at all), so it cannot be shown to be issued to ${EMAIL}`,
    })
  })

  it('that it matched a salted hash, with the address as typed and in lower case', async () => {
    const doc = { credentialSubject: { identifier: [await hashedEmail()] } }
    for (const value of [EMAIL, 'Ana.Rivera@Lakeside-Schools.EXAMPLE', EMAIL.toUpperCase()]) {
      expect(await checkRecipient(doc, { identityType: 'emailAddress', value }), value).toEqual({
        id: 'recipient', status: 'passed', message: `the credential was issued to ${value}: it matches the credential's salted hash of its recipient's emailAddress`,
      })
    }
  })

  it('that it matched a hash made of the address as typed, in capitals', async () => {
    const typed = 'Ana.Rivera@Lakeside-Schools.example'
    const doc = { credentialSubject: { identifier: [await hashedEmail(typed)] } }
    expect(await checkRecipient(doc, { identityType: 'emailAddress', value: typed })).toMatchObject({ status: 'passed' })
    expect(await checkRecipient(doc, { identityType: 'emailAddress', value: EMAIL })).toMatchObject({ status: 'failed', code: MISMATCH })
  })

  it('that it matched a plain identifier, compared exactly: no other case for what is no email address', async () => {
    const doc = { credentialSubject: { identifier: [plain('emailAddress', 'someone@else.example'), plain('sisSourcedId', 'sis-4471')] } }
    expect(await checkRecipient(doc, { identityType: 'sisSourcedId', value: 'sis-4471' })).toEqual({
      id: 'recipient', status: 'passed', message: 'the credential was issued to sis-4471: it matches the credential\'s sisSourcedId',
    })
    expect(await checkRecipient(doc, { identityType: 'sisSourcedId', value: 'SIS-4471' })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH, message: 'the credential was not issued to SIS-4471: its recipient\'s sisSourcedId is another one',
    })
  })

  it('that the recipient\'s identifier of that type is another one, after trying each of them', async () => {
    const doc = { credentialSubject: { identifier: [await hashedEmail('first@school.example'), await hashedEmail(), plain('sisSourcedId', EMAIL)] } }
    expect(await checkRecipient(doc, { identityType: 'emailAddress', value: EMAIL })).toMatchObject({ status: 'passed' })
    expect(await checkRecipient(doc, { identityType: 'emailAddress', value: 'b.okafor@school.example' })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH, message: 'the credential was not issued to b.okafor@school.example: its recipient\'s emailAddress is another one',
    })
  })

  it('that the credential names no identifier of the type asked for, and what it names', async () => {
    const doc = { credentialSubject: { id: DID, identifier: [plain('sisSourcedId', EMAIL), await hashedEmail()] } }
    expect(await checkRecipient(doc, { identityType: 'studentId', value: EMAIL })).toEqual({
      id: 'recipient', status: 'failed', code: MISMATCH,
      message: `the credential names no studentId for its recipient (it names ${DID}, sisSourcedId ${EMAIL}, emailAddress (hashed)), so it cannot be shown to be issued to ${EMAIL}`,
    })
  })

  it('that a malformed hash cannot be compared, with its code', async () => {
    const doc = { credentialSubject: { identifier: [{ identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc', salt: SALT }] } }
    expect(await checkRecipient(doc, { identityType: 'emailAddress', value: EMAIL })).toEqual({
      id: 'recipient', status: 'failed', code: 'ERR_OB3_IDENTITY_HASH_INVALID', message: 'the recipient could not be compared: identityHash must be sha256$<64 hex> or md5$<32 hex>',
    })
  })

  it('lets an error that is no verification problem through', async () => {
    const identity = { identityType: 'emailAddress', hashed: true, identityHash: (await hashedEmail()).identityHash, get salt(): string { throw new TypeError('salt cannot be read') } }
    await expect(checkRecipient({ credentialSubject: { identifier: identity } }, { identityType: 'emailAddress', value: EMAIL })).rejects.toThrow(new TypeError('salt cannot be read'))
  })
})

describe('matchRecipient', () => {
  it('matches an id among several subjects, and an unsalted hash', async () => {
    expect(await matchRecipient(subject(['did:example:x', DID]), { id: DID })).toMatchObject({ status: 'passed' })
    expect(await matchRecipient(subject([], [await hashedEmail(EMAIL, undefined)]), { identityType: 'emailAddress', value: EMAIL })).toEqual({
      id: 'recipient', status: 'passed', message: `the credential was issued to ${EMAIL}: it matches the credential's salted hash of its recipient's emailAddress`,
    })
  })
})
