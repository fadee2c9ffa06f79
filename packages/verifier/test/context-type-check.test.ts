/**
 * The `context` and `type` checks, result by result and word for word: which data model the first
 * context names, the Open Badges 3.0 context and its place, contexts ob3 does not know, entries
 * that are neither URL nor object, the digests a `relatedResource` gives of a context (matching,
 * disagreeing, malformed, or with no published digest to compare with), the fetched contexts that
 * must load, and the credential types a badge needs.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, OB_CONTEXT_URL, Ob3Error, concatBytes, fromHex, multibaseEncode, toBase64 } from '@ob3/core'
import { checkContext, checkContextsLoad, checkType, dataModelOf } from '../src/checks/context-type.js'
import type { ExtraContexts } from '../src/lib/context.js'

const V2 = CREDENTIALS_V2_URL
const V1 = CREDENTIALS_V1_URL
const OB_300 = 'https://purl.imsglobal.org/spec/ob/v3p0/context.json'
const OB_301 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json'
const DATA_INTEGRITY = 'https://w3id.org/security/data-integrity/v2'
const EXTRA = 'https://contexts.example/badge-extras.json'
/** SHA-256 of the published `credentials/v2` context (VC 2.0 Appendix B.1), hex. */
const V2_SHA256 = '59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734'
const OTHER_SHA256 = '00'.repeat(32)

const none: ExtraContexts = { has: () => false }
const allowing = (...urls: string[]): ExtraContexts => ({ has: (url) => urls.includes(url) })
const sri = (hex: string, algorithm = 'sha256') => `${algorithm}-${toBase64(fromHex(hex))}`
const multibase256 = (hex: string) => multibaseEncode(concatBytes(new Uint8Array([0x12, 0x20]), fromHex(hex)))
const doc = (context: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ '@context': context, ...extra })

const INVALID = 'ERR_OB3_CONTEXT_INVALID'
const passedV2 = { id: 'context', status: 'passed', message: 'VC 2.0 with the Open Badges 3.0.3 context' }

describe('dataModelOf reads the first context', () => {
  it('VC 2.0, VC 1.1 or unknown, from an array or a single context', () => {
    expect(dataModelOf(doc([V2, OB_CONTEXT_URL]))).toBe('v2')
    expect(dataModelOf(doc([V1, OB_CONTEXT_URL]))).toBe('v1.1')
    expect(dataModelOf(doc(V2))).toBe('v2')
    expect(dataModelOf(doc(V1))).toBe('v1.1')
    expect(dataModelOf(doc([OB_CONTEXT_URL, V2]))).toBe('unknown')
    expect(dataModelOf(doc([[V2]]))).toBe('unknown')
    expect(dataModelOf(doc(undefined))).toBe('unknown')
  })
})

describe('the context check says', () => {
  it('which data model and which Open Badges version it found', () => {
    expect(checkContext(doc([V2, OB_CONTEXT_URL]), none)).toEqual(passedV2)
    expect(checkContext(doc([V2, OB_301]), none)).toEqual({ id: 'context', status: 'passed', message: 'VC 2.0 with the Open Badges 3.0.1 context' })
    expect(checkContext(doc([V2, OB_300]), none)).toEqual({ id: 'context', status: 'passed', message: 'VC 2.0 with the Open Badges 3.0.0 context' })
    expect(checkContext(doc([V1, OB_CONTEXT_URL]), none)).toEqual({ id: 'context', status: 'passed', message: 'VC 1.1 with the Open Badges 3.0.3 context' })
  })

  it('that @context must be an array of at least two entries', () => {
    const failed = { id: 'context', status: 'failed', code: INVALID, message: '@context must be an array that starts with the VC context and the Open Badges 3.0 context' }
    expect(checkContext(doc(V2), none)).toEqual(failed)
    expect(checkContext(doc(undefined), none)).toEqual(failed)
    expect(checkContext(doc([V2]), none)).toEqual(failed)
    expect(checkContext(doc([]), none)).toEqual(failed)
  })

  it('which first context it expected, and the one it found', () => {
    expect(checkContext(doc([OB_CONTEXT_URL, V2]), none)).toEqual({
      id: 'context', status: 'failed', code: INVALID,
      message: `the first @context must be ${V2} (or ${V1} for VC 1.1), not "${OB_CONTEXT_URL}"`,
    })
    expect(checkContext(doc([{ '@vocab': 'https://x.example/' }, OB_CONTEXT_URL]), none).message).toBe(`the first @context must be ${V2} (or ${V1} for VC 1.1), not {"@vocab":"https://x.example/"}`)
  })

  it('that the Open Badges 3.0 context is missing, for both data models', () => {
    const missing = { id: 'context', status: 'failed', code: INVALID, message: 'the Open Badges 3.0 context is missing from @context' }
    expect(checkContext(doc([V2, DATA_INTEGRITY]), none)).toEqual(missing)
    expect(checkContext(doc([V1, DATA_INTEGRITY]), none)).toEqual(missing)
    // The URL inside an array is no context entry of its own.
    expect(checkContext(doc([V2, [OB_CONTEXT_URL]]), none)).toEqual(missing)
    expect(checkContext(doc([V2, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.jsonld']), none)).toEqual(missing)
  })

  it('that in VC 2.0 the Open Badges context must come second, while VC 1.1 takes it later', () => {
    expect(checkContext(doc([V2, DATA_INTEGRITY, OB_CONTEXT_URL]), none)).toEqual({
      id: 'context', status: 'failed', code: INVALID,
      message: 'the Open Badges 3.0 context must come second in @context, right after the VC 2.0 context',
    })
    expect(checkContext(doc([V1, DATA_INTEGRITY, OB_301]), none)).toEqual({ id: 'context', status: 'passed', message: 'VC 1.1 with the Open Badges 3.0.1 context' })
  })

  it('that a context it does not know is not allowed, unless it was accepted', () => {
    const ctx = [V2, OB_CONTEXT_URL, EXTRA]
    expect(checkContext(doc(ctx), none)).toEqual({
      id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED',
      message: `context ${EXTRA} is not one ob3 knows, so the meaning of what is signed cannot be fixed`,
    })
    expect(checkContext(doc(ctx), allowing(EXTRA))).toEqual(passedV2)
    expect(checkContext(doc(ctx), allowing('https://contexts.example/other.json')).code).toBe('ERR_OB3_CONTEXT_NOT_ALLOWED')
  })

  it('that an entry that is neither a URL nor an object is invalid, and takes an object', () => {
    for (const entry of [null, 7, true, ['https://x.example/']]) {
      expect(checkContext(doc([V2, OB_CONTEXT_URL, entry]), none), JSON.stringify(entry)).toEqual({ id: 'context', status: 'failed', code: INVALID, message: 'every @context entry must be a URL or an object' })
    }
    expect(checkContext(doc([V2, OB_CONTEXT_URL, { '@vocab': 'https://x.example/' }]), none)).toEqual(passedV2)
  })

  it('the first problem found, in the order of the contexts', () => {
    expect(checkContext(doc([V2, OB_CONTEXT_URL, 7, EXTRA]), none).code).toBe(INVALID)
    expect(checkContext(doc([V2, OB_CONTEXT_URL, EXTRA, 7]), none).code).toBe('ERR_OB3_CONTEXT_NOT_ALLOWED')
  })
})

describe('the context check compares the digests relatedResource gives of a context', () => {
  const withDigest = (entry: Record<string, unknown>, context: unknown[] = [V2, OB_CONTEXT_URL]) => doc(context, { relatedResource: [entry] })

  it('passes when a digest is the published one, by digestSRI or digestMultibase', () => {
    expect(checkContext(withDigest({ id: V2, digestSRI: sri(V2_SHA256) }), none)).toEqual(passedV2)
    expect(checkContext(withDigest({ id: V2, digestMultibase: multibase256(V2_SHA256) }), none)).toEqual(passedV2)
    expect(checkContext(doc([V2, OB_CONTEXT_URL], { relatedResource: { id: V2, digestSRI: sri(V2_SHA256) } }), none)).toEqual(passedV2)
  })

  it('fails (ERR_OB3_CONTEXT_DIGEST_MISMATCH) when a digest disagrees, before any other problem of the contexts', () => {
    const mismatch = {
      id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH',
      message: `relatedResource gives a digest of ${V2} that is not the digest of the published context: the credential was made with another version of it`,
    }
    expect(checkContext(withDigest({ id: V2, digestSRI: sri(OTHER_SHA256) }), none)).toEqual(mismatch)
    expect(checkContext(withDigest({ id: V2, digestMultibase: multibase256(OTHER_SHA256) }), none)).toEqual(mismatch)
    expect(checkContext(withDigest({ id: V2, digestSRI: sri(OTHER_SHA256) }, [V2]), none)).toEqual(mismatch)
  })

  it('fails (ERR_OB3_CONTEXT_DIGEST_MISMATCH) for a malformed digest, saying what is wrong with it', () => {
    expect(checkContext(withDigest({ id: V2, digestSRI: 'sha256-xyz' }), none)).toEqual({
      id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH',
      message: `relatedResource of ${V2}: digestSRI "sha256-xyz" is not the base64 of a 32-byte sha-256 digest`,
    })
  })

  it('warns when a digest uses an algorithm with no published digest, naming every such context', () => {
    const unpinned = doc([V2, OB_CONTEXT_URL, DATA_INTEGRITY], { relatedResource: [{ id: V2, digestSRI: sri(V2_SHA256) }, { id: OB_CONTEXT_URL, digestSRI: sri(OTHER_SHA256) }, { id: DATA_INTEGRITY, digestSRI: sri('11'.repeat(48), 'sha384') }] })
    expect(checkContext(unpinned, none)).toEqual({
      id: 'context', status: 'warning', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH',
      message: `VC 2.0 with the Open Badges 3.0.3 context; relatedResource digests of ${OB_CONTEXT_URL}, ${DATA_INTEGRITY} use algorithms with no published digest to compare with, so they were not checked`,
    })
  })

  it('still fails for a disagreeing digest listed after one with no published digest', () => {
    const later = doc([V2, OB_CONTEXT_URL], { relatedResource: [{ id: OB_CONTEXT_URL, digestSRI: sri(OTHER_SHA256) }, { id: V2, digestSRI: sri(OTHER_SHA256) }] })
    expect(checkContext(later, none)).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH' })
  })

  it('leaves a failure of the contexts a failure, even with a digest it could not compare', () => {
    const failing = doc([V2, DATA_INTEGRITY], { relatedResource: [{ id: DATA_INTEGRITY, digestSRI: sri('11'.repeat(48), 'sha384') }] })
    expect(checkContext(failing, none)).toEqual({ id: 'context', status: 'failed', code: INVALID, message: 'the Open Badges 3.0 context is missing from @context' })
  })

  it('passes over related resources that are no context of the credential, and entries that are no objects', () => {
    const other = doc([V2, OB_CONTEXT_URL, { '@vocab': 'https://x.example/' }], {
      relatedResource: [
        { id: 'urn:ob3:artifact:lesson-plan', digestSRI: sri(OTHER_SHA256) },
        { id: DATA_INTEGRITY, digestSRI: sri(OTHER_SHA256) },
        { digestSRI: sri(OTHER_SHA256) },
        { id: 42, digestSRI: sri(OTHER_SHA256) },
        'https://www.w3.org/ns/credentials/v2',
        7,
        null,
        undefined,
      ],
    })
    expect(checkContext(other, none)).toEqual(passedV2)
  })

  it('lets an error that is no verification problem through, rather than reporting it', () => {
    const entry = { id: V2, get digestSRI(): string { throw new TypeError('digestSRI cannot be read') } }
    expect(() => checkContext(doc([V2, OB_CONTEXT_URL], { relatedResource: [entry] }), none)).toThrow(new TypeError('digestSRI cannot be read'))
  })
})

describe('checkContextsLoad', () => {
  const ctx = [V2, OB_CONTEXT_URL, EXTRA, { '@vocab': 'https://x.example/' }, 'https://contexts.example/given.json']
  const fetchedOnly: ExtraContexts = { has: () => true, mustLoad: (url) => url === EXTRA }

  it('loads every fetched context and says so when all loaded', async () => {
    const loaded: string[] = []
    const result = await checkContextsLoad(doc(ctx), passedV2 as never, fetchedOnly, async (url) => {
      loaded.push(url)
      return { document: {}, documentUrl: url } as never
    })
    expect(loaded).toEqual([EXTRA])
    expect(result).toEqual({ ...passedV2, message: `VC 2.0 with the Open Badges 3.0.3 context; ${EXTRA} loaded from the resources or an allowed URL` })
  })

  it('names every fetched context loaded', async () => {
    const two = [...ctx, 'https://contexts.example/second.json']
    const result = await checkContextsLoad(doc(two), passedV2 as never, { has: () => true, mustLoad: (url) => url.includes('example') && !url.includes('given') }, async () => ({}) as never)
    expect(result.message).toBe(`VC 2.0 with the Open Badges 3.0.3 context; ${EXTRA}, https://contexts.example/second.json loaded from the resources or an allowed URL`)
  })

  it('fails with the loader\'s code when a fetched context does not load', async () => {
    const result = await checkContextsLoad(doc(ctx), passedV2 as never, fetchedOnly, async () => {
      throw new Ob3Error('ERR_OB3_FETCH_FAILED', 'HTTP 404')
    })
    expect(result).toEqual({ id: 'context', status: 'failed', code: 'ERR_OB3_FETCH_FAILED', message: `context ${EXTRA} could not be loaded: HTTP 404` })
  })

  it('lets an error that is no verification problem through', async () => {
    await expect(checkContextsLoad(doc(ctx), passedV2 as never, fetchedOnly, async () => {
      throw new TypeError('loader bug')
    })).rejects.toThrow(new TypeError('loader bug'))
  })

  it('asks only about URLs, and returns the result itself when nothing is fetched', async () => {
    const asked: unknown[] = []
    const passed = { ...passedV2 } as never
    const result = await checkContextsLoad(doc(ctx), passed, { has: () => true, mustLoad: (url) => (asked.push(url), false) }, async () => {
      throw new Error('not called')
    })
    expect(result).toBe(passed)
    expect(asked).toEqual([V2, OB_CONTEXT_URL, EXTRA, 'https://contexts.example/given.json'])
  })

  it('loads nothing after a failed check, or when nothing is fetched', async () => {
    const failed = { id: 'context', status: 'failed', code: INVALID, message: 'x' } as never
    const loader = async () => {
      throw new Ob3Error('ERR_OB3_FETCH_FAILED', 'HTTP 404')
    }
    expect(await checkContextsLoad(doc(ctx), failed, fetchedOnly, loader)).toBe(failed)
    const passed = { ...passedV2 } as never
    expect(await checkContextsLoad(doc(ctx), passed, { has: () => true }, loader)).toBe(passed)
    const warning = { id: 'context', status: 'warning', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH', message: 'w' } as never
    expect(await checkContextsLoad(doc(ctx), warning, fetchedOnly, loader)).toMatchObject({ status: 'failed', code: 'ERR_OB3_FETCH_FAILED' })
  })
})

describe('the type check says', () => {
  it('which kind of badge credential it is', () => {
    for (const kind of ['OpenBadgeCredential', 'AchievementCredential', 'EndorsementCredential']) {
      expect(checkType({ type: ['VerifiableCredential', kind] })).toEqual({ id: 'type', status: 'passed', message: `an ${kind}` })
    }
    expect(checkType({ type: ['Other', 'VerifiableCredential', 'AchievementCredential', 'OpenBadgeCredential'] }).message).toBe('an AchievementCredential')
  })

  it('that VerifiableCredential is required, as a list or a single type', () => {
    const failed = { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: 'type must include VerifiableCredential' }
    expect(checkType({ type: ['OpenBadgeCredential'] })).toEqual(failed)
    expect(checkType({ type: 'OpenBadgeCredential' })).toEqual(failed)
    expect(checkType({})).toEqual(failed)
  })

  it('that a badge type is required', () => {
    const failed = { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: 'type must include OpenBadgeCredential, AchievementCredential or EndorsementCredential' }
    expect(checkType({ type: ['VerifiableCredential'] })).toEqual(failed)
    expect(checkType({ type: 'VerifiableCredential' })).toEqual(failed)
    expect(checkType({ type: ['VerifiableCredential', 'VerifiablePresentation'] })).toEqual(failed)
  })
})
