/**
 * The `endorsements` check, called directly: where in a credential it looks for endorsements
 * (and where it does not), what each found or handed-in endorsement is said to endorse, how an
 * unreadable, misdirected or too deeply nested one is reported, which handed-in endorsements are
 * used, how the results are summed up into the check, and how one endorsement is put in words.
 * Results are compared whole.
 */
import { describe, expect, it } from 'vitest'
import { describeEndorsement, MAX_ENDORSEMENTS, parseTrustRegistry, verify, type EndorsementResult } from '../src/index.js'
import { checkEndorsements } from '../src/checks/endorsements.js'
import { checkContext } from './check-context.js'
import { ACHIEVEMENT_ID, CREDENTIAL_ID, NOW, achievement, checkOf, credential, endorsement, endorsementJwt, parties, signedEndorsement, type Party } from './fixtures.js'

const { provider, state, stranger, accreditor } = await parties()
const NOT_A_CREDENTIAL = 'an endorsement must be an EndorsementCredential object or a VC-JWT'

/** The result of an endorsement that cannot be read. */
function unreadable(path: string, what: EndorsementResult['what'], o: { format?: 'ldp' | 'jwt'; code?: string; message?: string; source?: 'embedded' | 'provided'; depth?: number } = {}): EndorsementResult {
  return {
    id: null, endorser: { id: null, name: null }, endorses: null, what, comment: null, verified: false,
    failed: [{ check: 'parse', code: (o.code ?? 'ERR_OB3_NOT_A_CREDENTIAL') as never, message: o.message ?? NOT_A_CREDENTIAL }],
    format: o.format ?? 'ldp', source: o.source ?? 'embedded', path, depth: o.depth ?? 0,
  }
}

async function endorsementsOf(document: Record<string, unknown>, provided: unknown[] = [], ctx = checkContext()) {
  return checkEndorsements({ document, provided, ctx })
}

describe('describeEndorsement', () => {
  const base: EndorsementResult = {
    id: 'urn:uuid:e12', endorser: { id: state.id, name: 'Lakeland DOE' }, endorses: ACHIEVEMENT_ID, what: 'achievement', comment: null,
    verified: true, format: 'ldp', source: 'embedded', path: '$.endorsement[0]', depth: 0,
  }

  it('names the endorser by name, else by id, else as unnamed', () => {
    expect(describeEndorsement(base)).toBe('Lakeland DOE endorses the achievement: verified')
    expect(describeEndorsement({ ...base, endorser: { id: state.id, name: null } })).toBe(`${state.id} endorses the achievement: verified`)
    expect(describeEndorsement({ ...base, endorser: { id: null, name: null } })).toBe('an unnamed endorser endorses the achievement: verified')
  })

  it('names what is endorsed, at the top and inside another endorsement, and whether it was handed in', () => {
    const at = (what: EndorsementResult['what'], depth: number, source: EndorsementResult['source'] = 'embedded') => describeEndorsement({ ...base, what, depth, source })
    expect(['credential', 'achievement', 'issuer', 'creator'].map((w) => at(w as EndorsementResult['what'], 0))).toEqual([
      'Lakeland DOE endorses the credential: verified', 'Lakeland DOE endorses the achievement: verified', 'Lakeland DOE endorses the issuer: verified', 'Lakeland DOE endorses the achievement\'s creator: verified',
    ])
    expect(['credential', 'achievement', 'issuer', 'creator'].map((w) => at(w as EndorsementResult['what'], 2))).toEqual([
      'Lakeland DOE endorses the endorsement: verified', 'Lakeland DOE endorses the achievement: verified', 'Lakeland DOE endorses the endorser: verified', 'Lakeland DOE endorses the achievement\'s creator: verified',
    ])
    expect(at('issuer', 0, 'provided')).toBe('Lakeland DOE endorses the issuer (handed in): verified')
  })

  it('says each failed step in words, and nothing for a failure without steps', () => {
    const failed: EndorsementResult['failed'] = [
      { check: 'subject', code: 'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH', message: 'm' },
      { check: 'depth', code: 'ERR_OB3_ENDORSEMENT_LIMIT', message: 'm' },
      { check: 'parse', code: 'ERR_OB3_JSON_INVALID', message: 'm' },
      { check: 'validity', code: 'ERR_OB3_EXPIRED', message: 'm' },
    ]
    expect(describeEndorsement({ ...base, verified: false, failed })).toBe(
      'Lakeland DOE endorses the achievement: about something else (ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH), nested too deep (ERR_OB3_ENDORSEMENT_LIMIT), unreadable (ERR_OB3_JSON_INVALID), validity failed (ERR_OB3_EXPIRED)',
    )
    expect(describeEndorsement({ ...base, verified: false })).toBe('Lakeland DOE endorses the achievement: ')
  })

  it('lists the codes of remarks, and says whether the registry named trusts it', () => {
    const warnings: EndorsementResult['warnings'] = [{ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'm' }, { check: 'schema', code: 'ERR_OB3_SCHEMA_INVALID', message: 'm' }]
    expect(describeEndorsement({ ...base, warnings })).toBe('Lakeland DOE endorses the achievement: verified with remarks (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED, ERR_OB3_SCHEMA_INVALID)')
    expect(describeEndorsement({ ...base, trusted: true }, 'State list')).toBe('Lakeland DOE endorses the achievement: verified, trusted by State list')
    expect(describeEndorsement({ ...base, trusted: false }, 'State list')).toBe('Lakeland DOE endorses the achievement: verified, not trusted by State list')
    expect(describeEndorsement({ ...base, trusted: true })).toBe('Lakeland DOE endorses the achievement: verified')
    expect(describeEndorsement(base, 'State list')).toBe('Lakeland DOE endorses the achievement: verified')
  })
})

describe('where the endorsements check looks for endorsements', () => {
  it('everywhere in the credential, breadth first, naming each by the place it sits in, but not inside a proof', async () => {
    const doc = credential({
      issuer: provider,
      extra: { endorsement: 42, proof: { endorsement: [7], type: 'DataIntegrityProof' }, evidence: [{ endorsement: [[1]] }] },
      issuerExtra: { endorsement: [null], address: { endorsement: [true] } },
      achievement: achievement({ endorsement: [1, 'not a credential'], creator: { id: accreditor.id, endorsement: [2], address: { endorsement: [3] } }, related: [{ endorsement: [4] }] }),
      subject: { id: 'did:example:ana', endorsement: [5] },
    })
    const { check, results } = await endorsementsOf(doc)
    expect(results).toEqual([
      unreadable('$.endorsement[0]', 'credential'),
      unreadable('$.issuer.endorsement[0]', 'issuer'),
      unreadable('$.credentialSubject.endorsement[0]', 'credential'),
      unreadable('$.issuer.address.endorsement[0]', 'credential'),
      unreadable('$.credentialSubject.achievement.endorsement[0]', 'achievement'),
      unreadable('$.credentialSubject.achievement.endorsement[1]', 'achievement', { format: 'jwt', code: 'ERR_OB3_FORMAT_UNKNOWN', message: 'the input is not JSON, a VC-JWT, a PNG or an SVG' }),
      unreadable('$.evidence[0].endorsement[0]', 'credential'),
      unreadable('$.credentialSubject.achievement.creator.endorsement[0]', 'creator'),
      unreadable('$.credentialSubject.achievement.creator.address.endorsement[0]', 'credential'),
      unreadable('$.credentialSubject.achievement.related[0].endorsement[0]', 'credential'),
    ])
    const what = ['credential', 'issuer', 'credential', 'credential', 'achievement', 'achievement', 'credential', 'achievement\'s creator', 'credential', 'credential']
    expect(check).toEqual({
      id: 'endorsements', status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: what.map((w, i) => `an unnamed endorser endorses the ${w}: unreadable (${i === 5 ? 'ERR_OB3_FORMAT_UNKNOWN' : 'ERR_OB3_NOT_A_CREDENTIAL'})`).join('; '),
    })
  })

  it('reads an endorsement given as bytes, and says what is wrong with bytes that are no credential', async () => {
    const doc = credential({ issuer: provider, extra: { endorsement: [new TextEncoder().encode('{"name":"x"}')] } })
    expect((await endorsementsOf(doc)).results).toEqual([
      unreadable('$.endorsement[0]', 'credential', { message: 'the JSON object has no @context, credentialSubject or proof: it is not a credential' }),
    ])
  })
})

describe('what an endorsement is said to endorse', () => {
  it('the issuer, when the issuer also created the achievement (the first name wins); a creator given by id', async () => {
    const byIssuer = credential({ issuer: provider, achievement: achievement({ creator: provider.id }) })
    const ofIssuer = endorsement({ by: state, subjectId: provider.id, id: 'urn:uuid:e1' })
    expect((await endorsementsOf(byIssuer, [ofIssuer])).results.map((r) => [r.what, r.endorses])).toEqual([['issuer', provider.id]])
    const byAccreditor = credential({ issuer: provider, achievement: achievement({ creator: accreditor.id }) })
    const ofCreator = endorsement({ by: state, subjectId: accreditor.id, id: 'urn:uuid:e2' })
    expect((await endorsementsOf(byAccreditor, [ofCreator])).results.map((r) => [r.what, r.endorses])).toEqual([['creator', accreditor.id]])
  })

  it('what it names, wherever it sits: an endorsement of the issuer on the achievement endorses the issuer', async () => {
    const ofIssuer = endorsement({ by: state, subjectId: provider.id, id: 'urn:uuid:e13' })
    const { results } = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsement: [ofIssuer] }) }))
    expect(results.map((r) => [r.path, r.what, r.endorses])).toEqual([['$.credentialSubject.achievement.endorsement[0]', 'issuer', provider.id]])
  })

  it('the issuer of a credential without an achievement', async () => {
    const doc = credential({ issuer: provider, subject: { id: 'did:example:ana' } })
    const { credentialSubject: _s, ...withoutSubject } = doc
    for (const d of [{ ...doc, credentialSubject: { id: 'did:example:ana' } }, withoutSubject]) {
      const { results } = await endorsementsOf(d, [endorsement({ by: state, subjectId: provider.id, id: 'urn:uuid:e3' })])
      expect(results.map((r) => [r.what, r.source, r.path])).toEqual([['issuer', 'provided', 'endorsements[0]']])
    }
  })

  it('something the credential does not name: which is said, with everything it does name', async () => {
    const doc = credential({ issuer: provider, achievement: achievement({ creator: { id: accreditor.id }, endorsement: [endorsement({ by: state, subjectId: stranger.id, id: 'urn:uuid:e4' })] }) })
    const [result] = (await endorsementsOf(doc)).results
    expect(result?.failed).toContainEqual({ check: 'subject', code: 'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH', message: `it endorses ${stranger.id}, which is none of ${CREDENTIAL_ID}, ${ACHIEVEMENT_ID}, ${provider.id}, ${accreditor.id}` })
    expect(result).toMatchObject({ endorses: stranger.id, what: 'achievement', verified: false })
  })

  it('something a credential without id does not name: only the ids it has are listed', async () => {
    const { id: _id, ...anonymous } = credential({ issuer: provider, achievement: achievement({ endorsement: [endorsement({ by: state, subjectId: stranger.id, id: 'urn:uuid:e14' })] }) })
    const [result] = (await endorsementsOf(anonymous)).results
    expect(result?.failed).toContainEqual({ check: 'subject', code: 'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH', message: `it endorses ${stranger.id}, which is none of ${ACHIEVEMENT_ID}, ${provider.id}` })
  })

  it('nothing, when it has no subject id; its endorser by id when the issuer is only an id', async () => {
    const { credentialSubject: _s, ...noSubject } = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e5' })
    const doc = credential({ issuer: provider, extra: { endorsement: [{ ...noSubject, issuer: state.id }] } })
    const { check, results } = await endorsementsOf(doc)
    expect(results[0]).toMatchObject({ id: 'urn:uuid:e5', endorser: { id: state.id, name: null }, endorses: null, what: 'credential', comment: null, verified: false })
    expect(results[0]?.failed).toContainEqual({ check: 'subject', code: 'ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH', message: 'it names nothing it endorses (credentialSubject.id)' })
    expect(check.message).toMatch(new RegExp(`^${state.id} endorses the credential: .*about something else \\(ERR_OB3_ENDORSEMENT_SUBJECT_MISMATCH\\)$`))
  })

  it('inside an endorsement: the endorsement itself or its endorser, the endorsement\'s id first', async () => {
    // An endorsement whose id is its endorser's id: an endorsement of that id endorses the endorsement.
    const inner = endorsement({ by: accreditor, subjectId: state.id, id: 'urn:uuid:e6' })
    const outer = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: state.id, extra: { endorsement: [inner] } })
    const { results } = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsement: [outer] }) }))
    expect(results.map((r) => [r.path, r.depth, r.what, r.endorses])).toEqual([
      ['$.credentialSubject.achievement.endorsement[0]', 0, 'achievement', ACHIEVEMENT_ID],
      ['$.credentialSubject.achievement.endorsement[0].endorsement[0]', 1, 'credential', state.id],
    ])
    expect(results[1]?.failed?.map((f) => f.check)).not.toContain('subject')
  })

  it('inside an endorsement without id or issuer: only what it names is a target', async () => {
    const inner = endorsement({ by: accreditor, subjectId: 'did:example:elsewhere', id: 'urn:uuid:e7' })
    const { id: _id, ...outerNoId } = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, extra: { endorsement: [inner] } })
    const { issuer: _issuer, ...outerNoIssuer } = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e8', extra: { endorsement: [inner] } })
    const doc = credential({ issuer: provider, achievement: achievement({ endorsement: [outerNoId, outerNoIssuer] }) })
    const { results } = await endorsementsOf(doc)
    expect(results.map((r) => r.failed?.find((f) => f.check === 'subject')?.message)).toEqual([
      undefined,
      undefined,
      `it endorses did:example:elsewhere, which is none of ${state.id}`,
      'it endorses did:example:elsewhere, which is none of urn:uuid:e8',
    ])
    expect(results.map((r) => r.endorser.id)).toEqual([state.id, null, accreditor.id, accreditor.id])
  })
})

describe('which endorsements handed in are used', () => {
  it('each without an id, and each with an id not yet seen; one with no subject or another subject is not', async () => {
    const { id: _a, ...first } = endorsement({ by: state, subjectId: ACHIEVEMENT_ID })
    const { id: _b, ...second } = endorsement({ by: accreditor, subjectId: ACHIEVEMENT_ID })
    const embedded = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e9' })
    const { credentialSubject: _s, ...noSubject } = endorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e10' })
    const doc = credential({ issuer: provider, achievement: achievement({ endorsement: [embedded] }) })
    const { check, results } = await endorsementsOf(doc, [first, embedded, second, noSubject])
    expect(results.map((r) => [r.path, r.source, r.endorser.id])).toEqual([
      ['$.credentialSubject.achievement.endorsement[0]', 'embedded', state.id],
      ['endorsements[0]', 'provided', state.id],
      ['endorsements[2]', 'provided', accreditor.id],
    ])
    expect(check.message).toMatch(/; 1 endorsement handed in is not about this credential, its achievement or its issuer, and was not used$/)
  })
})

const stateJwt = await endorsementJwt({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:5ea7e000-0000-4000-8000-0000000000b1' })

describe('endorsements handed in that are no input at all', () => {
  it('are not used, and the check says so (a number, a boolean or nothing used to end the verification with a TypeError)', async () => {
    const report = await verify({ input: credential({ issuer: provider }), now: NOW, endorsements: [42, true, undefined] })
    expect(checkOf(report, 'endorsements')).toEqual({
      id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements; 3 endorsements handed in are not about this credential, its achievement or its issuer, and were not used',
    })
  })
})

describe('an error that is not about reading an endorsement', () => {
  it('is not taken for an unreadable endorsement, embedded or handed in: it ends the check', async () => {
    const broken = { '@context': [], get credentialSubject(): never { throw new RangeError('a broken getter') } }
    await expect(endorsementsOf(credential({ issuer: provider, extra: { endorsement: [broken] } }))).rejects.toThrow(RangeError)
    await expect(endorsementsOf(credential({ issuer: provider }), [broken])).rejects.toThrow(RangeError)
  })
})

describe('how the endorsements check sums up', () => {
  const VERIFIED = 'Lakeland Department of Education endorses the achievement: verified'

  it('skips with the note of an unused one handed in', async () => {
    expect((await endorsementsOf(credential({ issuer: provider }), [null])).check).toEqual({
      id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements; 1 endorsement handed in is not about this credential, its achievement or its issuer, and was not used',
    })
  })

  it('fails as invalid, not as too deep, when an endorsement that is too deep comes with one that does not verify', async () => {
    // Unsigned endorsements, each inside the previous one's issuer: A ← B ← C ← D ← E.
    const chain: Party[] = [state, accreditor, stranger, provider, state]
    let inner: Record<string, unknown> | undefined
    for (let level = chain.length - 1; level >= 0; level--) {
      const by = chain[level] as Party
      inner = endorsement({ by, id: `urn:uuid:c${level}`, subjectId: level === 0 ? ACHIEVEMENT_ID : (chain[level - 1] as Party).id, ...(inner === undefined ? {} : { issuerExtra: { endorsement: [inner] } }) })
    }
    const { check, results } = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsement: [inner] }) }))
    expect(results.map((r) => [r.depth, r.failed?.map((f) => f.check)])).toEqual([[0, ['proof']], [1, ['proof']], [2, ['proof']], [3, ['proof']], [4, ['depth']]])
    expect(results[4]).toMatchObject({ id: 'urn:uuid:c4', endorser: { id: state.id, name: 'Lakeland Department of Education' }, endorses: provider.id, what: 'issuer', verified: false })
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID' })
  })

  it('warns when one handed in does not verify beside one that does', async () => {
    const changed = { ...(await signedEndorsement({ by: state, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e15' })), name: 'Changed' }
    const { check } = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsementJwt: [stateJwt] }) }), [changed])
    expect(check).toEqual({
      id: 'endorsements', status: 'warning', code: 'ERR_OB3_ENDORSEMENT_INVALID',
      message: `${VERIFIED}; Lakeland Department of Education endorses the achievement (handed in): proof failed (ERR_OB3_PROOF_SIGNATURE_INVALID)`,
    })
  })

  it('warns with the first remark of an endorsement that verified with remarks', async () => {
    const stateUrl = 'https://education.lakeland.example/issuers/1'
    const unbound = await signedEndorsement({ by: { ...state, id: stateUrl, signer: { ...state.signer, id: `${stateUrl}#${state.key.publicKeyMultibase}` } }, subjectId: ACHIEVEMENT_ID, id: 'urn:uuid:e11' })
    const { check, results } = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsementJwt: [stateJwt], endorsement: [unbound] }) }))
    expect(results.map((r) => [r.verified, r.warnings?.map((w) => w.code)])).toEqual([[true, undefined], [true, ['ERR_OB3_PROOF_KEY_NOT_AUTHORIZED']]])
    expect(results[0]).not.toHaveProperty('failed')
    expect(check).toEqual({
      id: 'endorsements', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `${VERIFIED}; Lakeland Department of Education endorses the achievement: verified with remarks (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)`,
    })
  })

  it('trusts an endorser the registry trusts as an endorser on the verification day only', async () => {
    const registry = (validUntil: string) => parseTrustRegistry({ name: 'Lakeland approved list', entries: [{ id: state.id, name: 'Lakeland DOE', trustedFor: ['endorser'], validUntil }] })
    const doc = credential({ issuer: provider, achievement: achievement({ endorsementJwt: [stateJwt] }) })
    const trusted = await endorsementsOf(doc, [], checkContext({ trust: registry('2026-12-31T00:00:00Z') }))
    expect(trusted.results[0]?.trusted).toBe(true)
    expect(trusted.check.message).toBe(`${VERIFIED}, trusted by Lakeland approved list`)
    const lapsed = await endorsementsOf(doc, [], checkContext({ trust: registry('2026-05-01T00:00:00Z') }))
    expect(lapsed.results[0]?.trusted).toBe(false)
    expect(lapsed.check.message).toBe(`${VERIFIED}, not trusted by Lakeland approved list`)
  })

  it(`passes ${MAX_ENDORSEMENTS} verified endorsements, and fails one more as over the limit (ERR_OB3_ENDORSEMENT_LIMIT) with the notes in order`, async () => {
    const atLimit = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsementJwt: new Array(MAX_ENDORSEMENTS).fill(stateJwt) }) }))
    expect(atLimit.check).toEqual({ id: 'endorsements', status: 'passed', message: new Array(MAX_ENDORSEMENTS).fill(VERIFIED).join('; ') })
    const over = await endorsementsOf(credential({ issuer: provider, achievement: achievement({ endorsementJwt: new Array(MAX_ENDORSEMENTS + 1).fill(stateJwt) }) }), ['x', 'y'])
    expect(over.results).toHaveLength(MAX_ENDORSEMENTS)
    expect(over.check).toEqual({
      id: 'endorsements', status: 'failed', code: 'ERR_OB3_ENDORSEMENT_LIMIT',
      message: [
        ...new Array(MAX_ENDORSEMENTS).fill(VERIFIED),
        `there are more than ${MAX_ENDORSEMENTS} endorsements: the rest were not verified`,
        '2 endorsements handed in are not about this credential, its achievement or its issuer, and were not used',
      ].join('; '),
    })
  }, 120_000)
})

// Last: walking 200,000 nodes is the slowest test here.
describe('how far the endorsements check looks', () => {
  it('through at most 200,000 JSON nodes of a document', async () => {
    // The document, its array and `deep` are nodes 0–2, the array's items 3–199,999, and
    // `deep.inner` (with its endorsement) would be node 200,000: one too many.
    const doc = { items: new Array<number>(199_997).fill(0), deep: { inner: { endorsement: [1] } } }
    expect(await endorsementsOf(doc)).toEqual({ check: { id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements' }, results: [] })
    // One item fewer, and it is node 199,999: read.
    doc.items.pop()
    expect((await endorsementsOf(doc)).results).toEqual([unreadable('$.deep.inner.endorsement[0]', 'credential')])
  }, 120_000)
})
