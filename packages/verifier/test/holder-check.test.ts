/**
 * The `holder` check, result by result: who the presentation names as its holder (`holder`, a
 * string or `{id}`, or a VP-JWT's `iss`), whose key signed it (a Data Integrity proof or a
 * VP-JWT), the challenge and domain it was made for, which of several proofs carries it, and
 * whether the holder is the subject of every credential. The words are part of the report people
 * read, so each result is compared whole.
 */
import { describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, ed25519PublicJwk, signLinkedDataProof, toBase64Url, utf8, type KeyResolver, type PublishedKeysResolver, type ResolvedKey, type Signer } from '@ob3/core'
import { checkHolder, holderOf, type HolderCheckOptions } from '../src/checks/holder.js'
import { checkContext } from './check-context.js'
import { SIGNED, parties, presentationJwt } from './fixtures.js'

const { teacher, stranger } = await parties()
const CHALLENGE = 'c-41-hiring-round'
const DOMAIN = 'https://careers.lakeside-schools.example'
/** A holder known by an https URL, its key written into the proof (`<URL>#<publicKeyMultibase>`): no document confirms it. */
const WEB_HOLDER = 'https://teacher.example/'
const webSigner: Signer = { ...teacher.signer, id: `${WEB_HOLDER}#${teacher.key.publicKeyMultibase}` }
/** A key document of the web holder that its resolver confirms (bound). */
const WEB_KEY = 'https://teacher.example/keys/1'
const webKeySigner: Signer = { ...teacher.signer, id: WEB_KEY }
const resolveWebKey: KeyResolver = async (vm, purpose) => {
  if (vm === WEB_KEY) return { id: WEB_KEY, controller: WEB_HOLDER, keyType: 'Ed25519', publicKeyMultibase: teacher.key.publicKeyMultibase, bound: true }
  return checkContext().resolveKey(vm, purpose)
}

const SUBJECT_OK = 'the holder is the subject of every credential'
const REPLAYABLE = 'no challenge was asked for, so a copy of this presentation could be replayed'

/** A presentation without credentials inside (the check is handed them separately). */
function vp(holder?: unknown): Record<string, unknown> {
  return { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], ...(holder === undefined ? {} : { holder }) }
}

async function signed(document: Record<string, unknown>, signer: Signer, o: { challenge?: string; domain?: unknown } = {}): Promise<Record<string, unknown>> {
  return signLinkedDataProof({
    document,
    signer,
    created: SIGNED,
    proofPurpose: 'authentication',
    ...(o.challenge === undefined ? {} : { challenge: o.challenge }),
    ...(o.domain === undefined ? {} : { domain: o.domain as string }),
  }) as Promise<Record<string, unknown>>
}

/** The proof a signer makes for a document. */
async function proofOf(document: Record<string, unknown>, signer: Signer, o: { challenge?: string; domain?: unknown } = {}): Promise<unknown> {
  return (await signed(document, signer, o)).proof
}

function issuedTo(...ids: (string | undefined)[]): Record<string, unknown> {
  return { credentialSubject: ids.map((id) => (id === undefined ? { type: ['AchievementSubject'] } : { id })) }
}

/** One credential, issued to the teacher. */
const TO_TEACHER = [{ document: issuedTo(teacher.id), label: 'credential 1 (Idea Generating)' }]

async function check(o: Partial<HolderCheckOptions> & { presentation: Record<string, unknown> }) {
  return checkHolder({ jwt: undefined, credentials: TO_TEACHER, ctx: checkContext(), ...o })
}

/** A compact JWS whose payload is given, without a valid signature (what holderOf reads). */
function unsignedJwt(payload: Record<string, unknown>): string {
  return `${toBase64Url(utf8(JSON.stringify({ alg: 'EdDSA' })))}.${toBase64Url(utf8(JSON.stringify(payload)))}.c2ln`
}

/** A VP-JWT with a header of our choosing, signed by the signer. */
async function jwtWithHeader(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer): Promise<string> {
  const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  return `${input}.${toBase64Url(await signer.sign(utf8(input)))}`
}

describe('holderOf: the holder a presentation names', () => {
  it('is holder as a string or as an object\'s id, or the VP-JWT\'s iss when holder is absent', () => {
    expect(holderOf(vp(teacher.id), undefined)).toEqual({ holder: teacher.id })
    expect(holderOf(vp({ id: teacher.id, type: 'Profile' }), undefined)).toEqual({ holder: teacher.id })
    expect(holderOf(vp(), unsignedJwt({ iss: teacher.id }))).toEqual({ holder: teacher.id })
    expect(holderOf(vp(teacher.id), unsignedJwt({ iss: teacher.id }))).toEqual({ holder: teacher.id })
  })

  it('is null when nothing names one (no holder, a holder that is no identifier, a JWT without iss or that cannot be read)', () => {
    expect(holderOf(vp(), undefined)).toEqual({ holder: null })
    expect(holderOf(vp(42), undefined)).toEqual({ holder: null })
    expect(holderOf(vp({ name: 'Ana' }), unsignedJwt({ sub: teacher.id }))).toEqual({ holder: null })
    expect(holderOf(vp(), 'not a jwt')).toEqual({ holder: null })
    expect(holderOf(vp(teacher.id), 'not a jwt')).toEqual({ holder: teacher.id })
  })

  it('says when holder and iss disagree, in either form of holder', () => {
    const conflict = `the presentation's holder is ${teacher.id} but its JWT iss is ${stranger.id}`
    expect(holderOf(vp(teacher.id), unsignedJwt({ iss: stranger.id }))).toEqual({ holder: teacher.id, conflict })
    expect(holderOf(vp({ id: teacher.id }), unsignedJwt({ iss: stranger.id }))).toEqual({ holder: teacher.id, conflict })
  })
})

describe('the holder check of a Data Integrity proof says', () => {
  it('that an unsigned presentation proves nothing about its holder (ERR_OB3_PROOF_MISSING)', async () => {
    expect(await check({ presentation: vp(teacher.id) })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_MISSING',
      message: 'the presentation is not signed, so nothing shows that its holder made it (anyone holding a copy of the credentials could)',
    })
  })

  it('who signed it and with which key, and whether it could be replayed, for each of challenge and domain asked or not', async () => {
    const key = `(eddsa-rdfc-2022, key ${teacher.key.id})`
    const plain = await signed(vp(teacher.id), teacher.signer)
    expect(await check({ presentation: plain })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} ${key}; ${REPLAYABLE}; ${SUBJECT_OK}` })
    const bound = await signed(vp(teacher.id), teacher.signer, { challenge: CHALLENGE, domain: DOMAIN })
    expect(await check({ presentation: bound, challenge: CHALLENGE, domain: DOMAIN })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} ${key}; with the challenge and domain asked for; ${SUBJECT_OK}` })
    const challenged = await signed(vp(teacher.id), teacher.signer, { challenge: CHALLENGE })
    expect(await check({ presentation: challenged, challenge: CHALLENGE })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} ${key}; with the challenge asked for; ${SUBJECT_OK}` })
    const domained = await signed(vp({ id: teacher.id }), teacher.signer, { domain: DOMAIN })
    expect(await check({ presentation: domained, domain: DOMAIN })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} ${key}; ${REPLAYABLE}; with the domain asked for; ${SUBJECT_OK}` })
  })

  it('that a proof made for several domains counts for each of them, and for no other', async () => {
    const presentation = await signed(vp(teacher.id), teacher.signer, { domain: ['https://elsewhere.example', DOMAIN] })
    expect(await check({ presentation, domain: DOMAIN })).toMatchObject({ status: 'passed' })
    expect(await check({ presentation, domain: 'https://third.example' })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH',
      message: 'the holder\'s proof does not verify: the proof was made for the domain ["https://elsewhere.example","https://careers.lakeside-schools.example"], not https://third.example',
    })
  })

  it('that the proof carries no domain, or another one, when one is expected (ERR_OB3_DOMAIN_MISMATCH)', async () => {
    expect(await check({ presentation: await signed(vp(teacher.id), teacher.signer), domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH',
      message: `the holder's proof does not verify: the proof carries no domain, and ${DOMAIN} was expected`,
    })
    expect(await check({ presentation: await signed(vp(teacher.id), teacher.signer, { domain: 'https://elsewhere.example' }), domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH',
      message: `the holder's proof does not verify: the proof was made for the domain "https://elsewhere.example", not ${DOMAIN}`,
    })
  })

  it('that the proof carries no challenge, or another one, when one is asked for (ERR_OB3_CHALLENGE_MISMATCH)', async () => {
    expect(await check({ presentation: await signed(vp(teacher.id), teacher.signer), challenge: CHALLENGE })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the proof carries no challenge, and one was asked for',
    })
    expect(await check({ presentation: await signed(vp(teacher.id), teacher.signer, { challenge: 'old' }), challenge: CHALLENGE })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the proof was made for another challenge ("old")',
    })
  })

  it('that a proof which is no object is malformed, even when a challenge and domain are asked for', async () => {
    expect(await check({ presentation: { ...vp(teacher.id), proof: 'signed, honestly' }, challenge: CHALLENGE, domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED', message: 'the holder\'s proof does not verify: a proof must be an object',
    })
  })

  it('why each proof of several fails, naming its suite, with the first proof\'s code', async () => {
    const document = vp(teacher.id)
    const proofs = [
      await proofOf(document, teacher.signer, { challenge: CHALLENGE, domain: 'https://elsewhere.example' }),
      { type: 'Ed25519Signature2020', proofPurpose: 'authentication', domain: DOMAIN },
      { proofPurpose: 'authentication', challenge: 'old' },
    ]
    expect(await check({ presentation: { ...document, proof: proofs }, challenge: CHALLENGE, domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH',
      message: 'the holder\'s proof does not verify: '
        + `proof 1 (eddsa-rdfc-2022): the proof was made for the domain "https://elsewhere.example", not ${DOMAIN}; `
        + 'proof 2 (Ed25519Signature2020): the proof carries no challenge, and one was asked for; '
        + 'proof 3 (unknown): the proof was made for another challenge ("old")',
    })
  })

  it('that the signature is valid but the key is not the holder\'s (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED)', async () => {
    expect(await check({ presentation: await signed(vp(teacher.id), stranger.signer) })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the holder's proof does not verify: the signature is valid, but its key belongs to ${stranger.id}, not to the holder ${teacher.id}`,
    })
  })

  it('that a proof by another key that does not verify does not verify, whoever the key is', async () => {
    const document = vp(teacher.id)
    const forged = await proofOf({ ...document, name: 'another presentation' }, stranger.signer)
    expect(await check({ presentation: { ...document, proof: forged } })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID',
      message: 'the holder\'s proof does not verify: the signature does not match the document: it was changed after signing, or signed with another key',
    })
  })

  it('nothing of a challenge or domain the proof carries when none is asked for', async () => {
    const presentation = await signed(vp(teacher.id), teacher.signer, { challenge: CHALLENGE, domain: DOMAIN })
    expect(await check({ presentation })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); ${REPLAYABLE}; ${SUBJECT_OK}` })
  })

  it('that a DID holder\'s key must come from its DID document, under either key binding', async () => {
    const unbound: KeyResolver = async (vm, purpose) => ({ ...(await checkContext().resolveKey(vm, purpose)), bound: false })
    const presentation = await signed(vp(teacher.id), teacher.signer)
    for (const keyBinding of ['lenient', 'strict'] as const) {
      expect(await check({ presentation, ctx: checkContext({ resolveKey: unbound, keyBinding }) })).toEqual({
        id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
        message: `the holder's proof does not verify: the signature is valid, but its key is not in the DID document of the holder ${teacher.id}, the only place a DID holder's keys come from`,
      })
    }
  })

  it('that a web holder\'s key taken from the presentation is not confirmed: a warning, a failure under strict key binding', async () => {
    const presentation = await signed(vp(WEB_HOLDER), webSigner)
    const message = `signed by the holder ${WEB_HOLDER} (eddsa-rdfc-2022, key ${webSigner.id}); ${REPLAYABLE}; but the key is taken from the presentation itself, not confirmed by the holder`
    expect(await check({ presentation, credentials: [{ document: issuedTo(WEB_HOLDER), label: 'credential 1' }] })).toEqual({ id: 'holder', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message })
    expect(await check({ presentation, credentials: [{ document: issuedTo(WEB_HOLDER), label: 'credential 1' }], ctx: checkContext({ keyBinding: 'strict' }) })).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message })
  })

  it('that a confirmed key is preferred to one taken from the presentation, whichever proof comes first', async () => {
    const document = vp(WEB_HOLDER)
    const presentation = { ...document, proof: [await proofOf(document, webSigner), await proofOf(document, webKeySigner)] }
    expect(await check({ presentation, credentials: [{ document: issuedTo(WEB_HOLDER), label: 'credential 1' }], ctx: checkContext({ resolveKey: resolveWebKey }) })).toEqual({
      id: 'holder', status: 'passed', message: `signed by the holder ${WEB_HOLDER} (eddsa-rdfc-2022, key ${WEB_KEY}); ${REPLAYABLE}; ${SUBJECT_OK}`,
    })
  })
})

describe('the holder check of a presentation that names no holder says', () => {
  it('that its signer presented it: a remark, not a failure', async () => {
    expect(await check({ presentation: await signed(vp(), teacher.signer) })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `names no holder; signed by ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); ${REPLAYABLE}; ${SUBJECT_OK}`,
    })
  })

  it('that the signer is whoever the key\'s confirming document belongs to, not the key\'s address', async () => {
    const presentation = await signed(vp(), webKeySigner)
    expect(await check({ presentation, credentials: [{ document: issuedTo(WEB_HOLDER), label: 'credential 1' }], ctx: checkContext({ resolveKey: resolveWebKey }) })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `names no holder; signed by ${WEB_HOLDER} (eddsa-rdfc-2022, key ${WEB_KEY}); ${REPLAYABLE}; ${SUBJECT_OK}`,
    })
  })

  it('that the signer is the one whose valid proof is confirmed, when an earlier proof fails', async () => {
    const document = vp()
    const forged = await proofOf({ ...document, name: 'another presentation' }, stranger.signer)
    const presentation = { ...document, proof: [forged, await proofOf(document, teacher.signer)] }
    expect(await check({ presentation })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `names no holder; signed by ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); ${REPLAYABLE}; ${SUBJECT_OK}`,
    })
  })

  it('that with no confirmed key the signer is read from the proof\'s verification method', async () => {
    const presentation = await signed(vp(), webSigner)
    expect(await check({ presentation, credentials: [{ document: issuedTo(WEB_HOLDER), label: 'credential 1' }] })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `names no holder; signed by ${WEB_HOLDER} (eddsa-rdfc-2022, key ${webSigner.id}); ${REPLAYABLE}; but the key is taken from the presentation itself, not confirmed by the holder`,
    })
  })

  it('that the signer is the one whose key is confirmed, not an earlier one whose key is taken from the presentation', async () => {
    const elsewhere: Signer = { ...stranger.signer, id: `https://elsewhere.example/#${stranger.key.publicKeyMultibase}` }
    const document = vp()
    const presentation = { ...document, proof: [await proofOf(document, elsewhere), await proofOf(document, teacher.signer)] }
    expect(await check({ presentation })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `names no holder; signed by ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); ${REPLAYABLE}; ${SUBJECT_OK}`,
    })
  })

  it('that nothing names a holder when its proof is no object', async () => {
    expect(await check({ presentation: { ...vp(), proof: 'signed, honestly' } })).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message: 'the presentation names no holder, and its proof names no key' })
  })

  it('that nothing names a holder when the proof names no key either (ERR_OB3_HOLDER_MISMATCH)', async () => {
    const presentation = { ...vp(), proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'authentication', proofValue: 'z3' } }
    expect(await check({ presentation })).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message: 'the presentation names no holder, and its proof names no key' })
  })

  it('whose recipients by identifier only cannot be tied to the signer', async () => {
    expect(await check({ presentation: await signed(vp(), teacher.signer), credentials: [{ document: issuedTo(undefined), label: 'credential 1' }] })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `names no holder; signed by ${teacher.id} (eddsa-rdfc-2022, key ${teacher.key.id}); ${REPLAYABLE}; credential 1 names its recipient by identifier only, so the holder cannot be shown to be its subject`,
    })
  })
})

describe('the holder check of a VP-JWT says', () => {
  const claims = (extra: Record<string, unknown> = {}) => ({ ...vp(teacher.id), iss: teacher.id, ...extra })
  const passed = (rest: string) => ({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} (VP-JWT, key ${teacher.key.id}); ${rest}; ${SUBJECT_OK}` })

  it('who signed it, with or without the claims a credential would carry (exp)', async () => {
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims()) })).toEqual(passed(REPLAYABLE))
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ exp: 1782864000 })) })).toEqual(passed(REPLAYABLE))
    // iss alone names the holder.
    expect(await check({ presentation: vp(), jwt: await presentationJwt(teacher.signer, claims()) })).toEqual(passed(REPLAYABLE))
  })

  it('asks the resolvers for keys the holder lists for authentication', async () => {
    const asked: string[] = []
    const resolveKey: KeyResolver = async (vm, purpose) => {
      asked.push(`resolveKey ${purpose}`)
      return checkContext().resolveKey(vm, purpose)
    }
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims()), ctx: checkContext({ resolveKey }) })).toEqual(passed(REPLAYABLE))
    const publishedKeys: PublishedKeysResolver = async (controller, purpose) => {
      asked.push(`publishedKeys ${controller} ${purpose}`)
      return checkContext().publishedKeys(controller, purpose)
    }
    const jwt = await jwtWithHeader({ alg: 'EdDSA', jwk: ed25519PublicJwk(teacher.key) }, claims(), teacher.signer)
    expect(await check({ presentation: vp(teacher.id), jwt, ctx: checkContext({ publishedKeys }) })).toEqual(passed(REPLAYABLE))
    expect(asked).toEqual(['resolveKey authentication', `publishedKeys ${teacher.id} authentication`])
  })

  it('that a header key the verifier\'s resolver does not find among the holder\'s keys is not the holder\'s', async () => {
    const jwt = await jwtWithHeader({ alg: 'EdDSA', jwk: ed25519PublicJwk(teacher.key) }, claims(), teacher.signer)
    const none: PublishedKeysResolver = async () => [] as ResolvedKey[]
    expect(await check({ presentation: vp(teacher.id), jwt, ctx: checkContext({ publishedKeys: none }) })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the holder's proof does not verify: the key in the JWT header (jwk) is not one ${teacher.id} publishes for authentication: a DID's keys come from its DID document, not from the token`,
    })
  })

  it('why a VP-JWT that does not verify fails, with the code its verification gave', async () => {
    const hs256 = await jwtWithHeader({ alg: 'HS256', kid: teacher.key.id }, claims(), teacher.signer)
    expect(await check({ presentation: vp(teacher.id), jwt: hs256 })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_JWT_ALG_UNSUPPORTED', message: 'the holder\'s proof does not verify: JWT algorithm HS256 is not accepted (EdDSA, ES256, RS256 are)',
    })
    const [header, payload, signature] = (await presentationJwt(teacher.signer, claims())).split('.') as [string, string, string]
    const changed = `${header}.${toBase64Url(utf8(JSON.stringify(claims({ name: 'changed' }))))}.${signature}`
    expect(await check({ presentation: vp(teacher.id), jwt: changed })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID', message: `the holder's proof does not verify: the JWT signature does not verify with ${teacher.key.id}: signature verification failed`,
    })
    expect(payload).not.toBe(changed.split('.')[1])
    const byStranger = await presentationJwt(stranger.signer, claims())
    expect(await check({ presentation: vp(teacher.id), jwt: byStranger })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the holder's proof does not verify: the signature is valid, but its key belongs to ${stranger.id}, not to the holder ${teacher.id}`,
    })
  })

  it('that the nonce must be the challenge asked for (ERR_OB3_CHALLENGE_MISMATCH)', async () => {
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ nonce: CHALLENGE })), challenge: CHALLENGE })).toEqual(passed('with the challenge asked for'))
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims()), challenge: CHALLENGE })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the VP-JWT carries no nonce, and a challenge was asked for',
    })
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ nonce: 'old' })), challenge: CHALLENGE })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH', message: 'the holder\'s proof does not verify: the VP-JWT was made for another challenge (nonce)',
    })
  })

  it('that the audience must be the domain expected, alone or among others (ERR_OB3_DOMAIN_MISMATCH)', async () => {
    const ok = passed(`${REPLAYABLE}; with the domain asked for`)
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ aud: DOMAIN })), domain: DOMAIN })).toEqual(ok)
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ aud: ['https://elsewhere.example', DOMAIN] })), domain: DOMAIN })).toEqual(ok)
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ aud: ['https://elsewhere.example'] })), domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH', message: `the holder's proof does not verify: the VP-JWT's audience (aud) is ["https://elsewhere.example"], not ${DOMAIN}`,
    })
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims()), domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH', message: `the holder's proof does not verify: the VP-JWT's audience (aud) is undefined, not ${DOMAIN}`,
    })
  })

  it('why both a VP-JWT and a proof inside it fail, the VP-JWT first', async () => {
    const inside = { ...vp(teacher.id), proof: { proofPurpose: 'authentication' } }
    const hs256 = await jwtWithHeader({ alg: 'HS256', kid: teacher.key.id }, claims(), teacher.signer)
    expect(await check({ presentation: inside, jwt: hs256 })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_JWT_ALG_UNSUPPORTED',
      message: 'the holder\'s proof does not verify: proof 1 (jwt): JWT algorithm HS256 is not accepted (EdDSA, ES256, RS256 are); proof 2 (unknown): proof type undefined is not supported (eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020 are)',
    })
    const noNonce = await presentationJwt(teacher.signer, claims())
    expect(await check({ presentation: inside, jwt: noNonce, challenge: CHALLENGE })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH',
      message: 'the holder\'s proof does not verify: proof 1 (jwt): the VP-JWT carries no nonce, and a challenge was asked for; proof 2 (unknown): the proof carries no challenge, and one was asked for',
    })
    const otherAud = await presentationJwt(teacher.signer, claims({ aud: 'https://elsewhere.example' }))
    expect(await check({ presentation: inside, jwt: otherAud, domain: DOMAIN })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_DOMAIN_MISMATCH',
      message: `the holder's proof does not verify: proof 1 (jwt): the VP-JWT's audience (aud) is "https://elsewhere.example", not ${DOMAIN}; proof 2 (unknown): the proof carries no domain, and ${DOMAIN} was expected`,
    })
  })

  it('that holder and iss must agree (ERR_OB3_HOLDER_MISMATCH)', async () => {
    expect(await check({ presentation: vp(teacher.id), jwt: await presentationJwt(teacher.signer, claims({ iss: stranger.id })) })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message: `the presentation's holder is ${teacher.id} but its JWT iss is ${stranger.id}`,
    })
  })
})

describe('the holder check of the credentials\' subjects says', () => {
  const key = `(eddsa-rdfc-2022, key ${teacher.key.id})`

  it('nothing of a credential that could not be read, and passes a credential with several subjects of which the holder is one', async () => {
    const presentation = await signed(vp(teacher.id), teacher.signer)
    const credentials = [{ document: undefined, label: 'credential 1' }, { document: { credentialSubject: ['did:example:class', { id: stranger.id }, { id: teacher.id }] }, label: 'credential 2' }]
    expect(await check({ presentation, credentials })).toEqual({ id: 'holder', status: 'passed', message: `signed by the holder ${teacher.id} ${key}; ${REPLAYABLE}; ${SUBJECT_OK}` })
  })

  it('to whom each credential the holder is not the subject of was issued; a remark under subjectBinding warn', async () => {
    const presentation = await signed(vp(teacher.id), teacher.signer, { challenge: CHALLENGE })
    const credentials = [
      { document: issuedTo(stranger.id, 'did:example:bo'), label: 'credential 1 (Idea Generating)' },
      { document: issuedTo(teacher.id), label: 'credential 2' },
      { document: issuedTo(undefined, 'did:example:cy'), label: 'credential 3' },
    ]
    const message = `signed by the holder ${teacher.id} ${key}, but the holder is not the subject of every credential: credential 1 (Idea Generating) was issued to ${stranger.id}, did:example:bo; credential 3 was issued to did:example:cy`
    expect(await check({ presentation, credentials, challenge: CHALLENGE })).toEqual({ id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message })
    expect(await check({ presentation, credentials, challenge: CHALLENGE, ctx: checkContext({ subjectBinding: 'warn' }) })).toEqual({ id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH', message })
  })

  it('which credentials name their recipient by identifier only (a subject without id, or no object at all)', async () => {
    const presentation = await signed(vp(teacher.id), teacher.signer)
    const credentials = [{ document: issuedTo(undefined), label: 'credential 1' }, { document: { credentialSubject: 'did:example:text' }, label: 'credential 2' }, { document: issuedTo(teacher.id), label: 'credential 3' }]
    expect(await check({ presentation, credentials })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `signed by the holder ${teacher.id} ${key}; ${REPLAYABLE}; credential 1, credential 2 name their recipient by identifier only, so the holder cannot be shown to be their subject`,
    })
  })

  it('first that the holder is not the subject, then that the key is unconfirmed, then that a recipient is by identifier only', async () => {
    const presentation = await signed(vp(WEB_HOLDER), webSigner)
    const webKey = `(eddsa-rdfc-2022, key ${webSigner.id})`
    const other = { document: issuedTo(stranger.id), label: 'credential 1' }
    const anonymous = { document: issuedTo(undefined), label: 'credential 2' }
    expect(await check({ presentation, credentials: [other, anonymous] })).toEqual({
      id: 'holder', status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH',
      message: `signed by the holder ${WEB_HOLDER} ${webKey}, but the holder is not the subject of every credential: credential 1 was issued to ${stranger.id}`,
    })
    expect(await check({ presentation, credentials: [anonymous] })).toEqual({
      id: 'holder', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `signed by the holder ${WEB_HOLDER} ${webKey}; ${REPLAYABLE}; but the key is taken from the presentation itself, not confirmed by the holder`,
    })
  })
})
