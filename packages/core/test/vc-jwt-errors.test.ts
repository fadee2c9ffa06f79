/**
 * VC-JWT (core/src/proofs/vc-jwt.ts), claim by claim and refusal by refusal: the claims `signVcJwt`
 * derives from a credential, what `decodeVcJwt` accepts as a compact JWS, and each outcome of
 * `verifyVcJwt` with its code and whole message — the key from a `kid` or a header `jwk` (Ed25519,
 * P-256, RSA), a DID `iss` binding that key through the keys it publishes, and each claim compared
 * with the credential.
 */
import { CompactSign, compactVerify, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import {
  Ob3Error,
  createEd25519Signer,
  decodeVcJwt,
  ed25519KeyFromSeed,
  ed25519PublicJwk,
  resolveVerificationMethod,
  signVcJwt,
  toBase64Url,
  utf8,
  verifyVcJwt,
  type Ob3ErrorCode,
  type ProofOutcome,
  type ResolvedKey,
  type Signer,
  type VerifyVcJwtOptions,
} from '@ob3/core'

const edKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(61))
const signer = await createEd25519Signer(edKey)
const ISS = edKey.controller
const ED_KEY: ResolvedKey = { id: edKey.id, controller: ISS, keyType: 'Ed25519', publicKeyMultibase: edKey.publicKeyMultibase, bound: true }
const resolveKey = (vm: string, purpose: 'assertionMethod' | 'authentication') => resolveVerificationMethod(vm, { purpose })

const es = await generateKeyPair('ES256', { extractable: true })
const ES_JWK = await exportJWK(es.publicKey) as Record<string, unknown>
const rs = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 })
const RS_JWK = await exportJWK(rs.publicKey) as Record<string, unknown>

const b64json = (value: unknown) => toBase64Url(utf8(JSON.stringify(value)))
/** A compact JWS of any header and payload, signed with Ed25519 over exactly those bytes. */
async function signEd(header: object, payload: object, by: Signer = signer): Promise<string> {
  const input = `${b64json(header)}.${b64json(payload)}`
  return `${input}.${toBase64Url(await by.sign(utf8(input)))}`
}
/** A compact JWS signed with the ES256 or RS256 key made above. */
async function signJose(alg: 'ES256' | 'RS256', header: Record<string, unknown>, payload: object): Promise<string> {
  return new CompactSign(utf8(JSON.stringify(payload))).setProtectedHeader({ ...header, alg }).sign(alg === 'ES256' ? es.privateKey : rs.privateKey)
}

const credential: Record<string, unknown> = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'urn:uuid:61',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: ISS, type: ['Profile'] },
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2027-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:teacher', type: ['AchievementSubject'] },
}
/** The claims signVcJwt derives from `credential`. */
const CLAIMS = { iss: ISS, jti: 'urn:uuid:61', nbf: 1767225600, exp: 1798761600, sub: 'did:example:teacher' }

const verify = (jwt: string, extra: Partial<VerifyVcJwtOptions> = {}) => verifyVcJwt({ jwt, resolveKey, ...extra })
const valid = (key: ResolvedKey, alg = 'EdDSA', warnings: ProofOutcome['warnings'] = []): ProofOutcome => ({ format: 'jwt', suite: alg, verified: true, message: `VC-JWT ${alg} signature is valid`, key, warnings })
const failed = (suite: string, code: Ob3ErrorCode, message: string, extra: { key?: ResolvedKey } = {}): ProofOutcome =>
  ({ format: 'jwt', suite, verified: false, code, message, warnings: [], ...extra })
const missing = (claim: string, label: string) => ({ code: 'ERR_OB3_JWT_CLAIM_MISSING' as const, message: `the JWT has no ${claim} claim (OB 3.0 requires it); the credential's ${label} is used` })

describe('signVcJwt', () => {
  it('puts the credential and its claims in the payload, the key id in the header, and signs both', async () => {
    const jwt = await signVcJwt({ credential, signer })
    const decoded = decodeVcJwt(jwt)
    expect(decoded.header).toStrictEqual({ alg: 'EdDSA', typ: 'JWT', kid: edKey.id })
    expect(decoded.payload).toStrictEqual({ ...credential, ...CLAIMS })
    expect(decoded.credential).toStrictEqual(credential)
    const { payload } = await compactVerify(jwt, await importJWK(ed25519PublicJwk(edKey) as unknown as JWK, 'EdDSA'))
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(decoded.payload)
  })

  it('embeds the public key as jwk, without kid, when asked', async () => {
    const jwk = ed25519PublicJwk(edKey) as unknown as Record<string, unknown>
    const { header } = decodeVcJwt(await signVcJwt({ credential, signer, embedJwk: jwk }))
    expect(header).toStrictEqual({ alg: 'EdDSA', typ: 'JWT', jwk })
  })

  it('takes iss from a string issuer and sub from the first of several subjects', async () => {
    const { payload } = decodeVcJwt(await signVcJwt({ credential: { ...credential, issuer: 'https://issuer.example/', credentialSubject: [{ id: 'did:example:first' }, { id: 'did:example:second' }] }, signer }))
    expect(payload).toMatchObject({ iss: 'https://issuer.example/', sub: 'did:example:first' })
  })

  it('leaves out a claim whose credential value is missing, not a string, or not a date', async () => {
    const cases: Record<string, unknown>[] = [
      { issuer: undefined, id: undefined, validFrom: undefined, validUntil: undefined, credentialSubject: undefined },
      { issuer: { id: 5 }, id: 5, validFrom: 2026, validUntil: 2027, credentialSubject: { id: 5 } },
      { issuer: {}, id: null, validFrom: 'not a date', validUntil: 'soon', credentialSubject: [] },
    ]
    for (const changes of cases) {
      const { payload } = decodeVcJwt(await signVcJwt({ credential: { ...credential, ...changes }, signer }))
      for (const claim of ['iss', 'jti', 'nbf', 'exp', 'sub']) expect(payload[claim], `${claim} of ${JSON.stringify(changes)}`).toBeUndefined()
    }
  })

  it('writes nbf and exp as whole seconds, rounding down', async () => {
    const { payload } = decodeVcJwt(await signVcJwt({ credential: { ...credential, validFrom: '2026-01-01T00:00:00.999Z', validUntil: '2027-01-01T01:00:00.5+01:00' }, signer }))
    expect([payload.nbf, payload.exp]).toEqual([1767225600, 1798761600])
  })
})

describe('decodeVcJwt', () => {
  const header = b64json({ alg: 'EdDSA' })
  const payload = b64json({ name: 'Badge' })
  const notCompact = new Ob3Error('ERR_OB3_JWT_MALFORMED', 'not a compact JWS (three base64url parts separated by dots)')

  it('reads a token with whitespace around it', () => {
    expect(decodeVcJwt(`\n ${header}.${payload}.c2ln \t`)).toEqual({ header: { alg: 'EdDSA' }, payload: { name: 'Badge' }, credential: { name: 'Badge' }, legacy: false })
  })

  it('refuses what is not three base64url parts with a header and a payload', () => {
    for (const jwt of [`${header}.${payload}`, `${header}.${payload}.c2ln.c2ln`, `${header}=.${payload}.c2ln`, `${header}.${payload}.c2ln=`, `${header}.+${payload}.c2ln`, `${header}.${payload}.c2/n`, `.${payload}.c2ln`, `${header}..c2ln`, '..', '']) {
      expect(() => decodeVcJwt(jwt), jwt).toThrow(notCompact)
    }
    // The signature part may be empty (alg none); decoding does not judge it.
    expect(decodeVcJwt(`${header}.${payload}.`).payload).toEqual({ name: 'Badge' })
  })

  it('refuses a header or payload that is not base64url JSON, keeping the cause', () => {
    const notJson = toBase64Url(utf8('{alg'))
    for (const [jwt, what] of [[`${notJson}.${payload}.c2ln`, 'header'], [`${header}.${notJson}.c2ln`, 'payload']] as const) {
      let thrown: unknown
      try {
        decodeVcJwt(jwt)
      } catch (err) {
        thrown = err
      }
      expect(thrown).toEqual(new Ob3Error('ERR_OB3_JWT_MALFORMED', `the JWT ${what} is not base64url-encoded JSON`))
      expect((thrown as Error).cause).toBeInstanceOf(SyntaxError)
    }
  })

  it('refuses a header or payload that is JSON but not an object', () => {
    for (const value of [5, null, [], 'text']) {
      expect(() => decodeVcJwt(`${b64json(value)}.${payload}.c2ln`), JSON.stringify(value)).toThrow(new Ob3Error('ERR_OB3_JWT_MALFORMED', 'the JWT header is not a JSON object'))
      expect(() => decodeVcJwt(`${header}.${b64json(value)}.c2ln`), JSON.stringify(value)).toThrow(new Ob3Error('ERR_OB3_JWT_MALFORMED', 'the JWT payload is not a JSON object'))
    }
  })

  it('takes the credential from a vc object, else the payload without the envelope claims', () => {
    const envelope = { iss: 'a', sub: 'b', nbf: 1, exp: 2, iat: 3, jti: 'c', aud: 'd' }
    expect(decodeVcJwt(`${header}.${b64json({ ...envelope, name: 'Badge' })}.c2ln`)).toEqual({ header: { alg: 'EdDSA' }, payload: { ...envelope, name: 'Badge' }, credential: { name: 'Badge' }, legacy: false })
    expect(decodeVcJwt(`${header}.${b64json({ ...envelope, vc: { name: 'Badge' } })}.c2ln`)).toEqual({ header: { alg: 'EdDSA' }, payload: { ...envelope, vc: { name: 'Badge' } }, credential: { name: 'Badge' }, legacy: true })
    for (const vc of [null, ['Badge'], 'Badge']) {
      expect(decodeVcJwt(`${header}.${b64json({ iss: 'a', vc })}.c2ln`), JSON.stringify(vc)).toMatchObject({ credential: { vc }, legacy: false })
    }
  })
})

describe('verifyVcJwt refuses a token before looking for a key', () => {
  it('reports a token that cannot be decoded, with nothing decoded', async () => {
    expect(await verify('a.b')).toStrictEqual({ outcome: failed('unknown', 'ERR_OB3_JWT_MALFORMED', 'not a compact JWS (three base64url parts separated by dots)') })
    expect(await verify(`${b64json([])}.${b64json({})}.c2ln`)).toStrictEqual({ outcome: failed('unknown', 'ERR_OB3_JWT_MALFORMED', 'the JWT header is not a JSON object') })
  })

  it('lets through an error that is not about the token', async () => {
    await expect(verify(5 as unknown as string)).rejects.toThrow(TypeError)
  })

  it('refuses an algorithm not accepted, naming those that are', async () => {
    const jwt = await signVcJwt({ credential, signer })
    expect((await verify(jwt, { algorithms: ['ES256'] })).outcome).toEqual(failed('EdDSA', 'ERR_OB3_JWT_ALG_UNSUPPORTED', 'JWT algorithm EdDSA is not accepted (ES256 are)'))
    const noAlg = await signEd({ alg: 7, kid: edKey.id }, { ...credential, ...CLAIMS })
    const refused = await verify(noAlg)
    expect(refused.outcome).toEqual(failed('none', 'ERR_OB3_JWT_ALG_UNSUPPORTED', 'JWT algorithm none is not accepted (EdDSA, ES256, RS256 are)'))
    expect(refused.decoded?.header).toEqual({ alg: 7, kid: edKey.id })
  })

  it('refuses JOSE header parameters OB 3.0 does not allow, naming them', async () => {
    const jwt = await signEd({ alg: 'EdDSA', kid: edKey.id, typ: 'JWT', x5u: 'https://x.example/', cty: 'vc' }, { ...credential, ...CLAIMS })
    expect((await verify(jwt)).outcome).toEqual(failed('EdDSA', 'ERR_OB3_JWT_HEADER_INVALID', 'JOSE header parameters x5u, cty are not allowed by OB 3.0'))
  })

  it('refuses a typ other than JWT, and accepts a token without typ', async () => {
    expect((await verify(await signEd({ alg: 'EdDSA', kid: edKey.id, typ: 'vc+jwt' }, { ...credential, ...CLAIMS }))).outcome)
      .toEqual(failed('EdDSA', 'ERR_OB3_JWT_HEADER_INVALID', 'the JOSE typ must be "JWT", not "vc+jwt"'))
    expect((await verify(await signEd({ alg: 'EdDSA', kid: edKey.id }, { ...credential, ...CLAIMS }))).outcome).toEqual(valid(ED_KEY))
  })

  it('verifies a token with whitespace around it', async () => {
    const jwt = await signVcJwt({ credential, signer })
    expect((await verify(` ${jwt}\n`)).outcome).toEqual(valid(ED_KEY))
  })
})

describe('verifyVcJwt finds the key', () => {
  it('resolves a kid, relative to iss when it starts with #, for the purpose asked', async () => {
    const asked = vi.fn(resolveKey)
    const fragment = edKey.id.slice(edKey.id.indexOf('#'))
    const jwt = await signEd({ alg: 'EdDSA', kid: fragment }, { ...credential, ...CLAIMS })
    expect((await verify(jwt, { resolveKey: asked })).outcome).toEqual(valid(ED_KEY))
    expect((await verify(jwt, { resolveKey: asked, purpose: 'authentication' })).outcome).toEqual(valid(ED_KEY))
    expect(asked.mock.calls).toEqual([[edKey.id, 'assertionMethod'], [edKey.id, 'authentication']])
    asked.mockClear()
    const { iss: _iss, ...withoutIss } = CLAIMS
    await verify(await signEd({ alg: 'EdDSA', kid: fragment }, { ...credential, ...withoutIss }), { resolveKey: asked })
    // An iss that is not a string is no base for a relative kid either.
    await verify(await signEd({ alg: 'EdDSA', kid: fragment }, { ...credential, ...withoutIss, iss: 5 }), { resolveKey: asked })
    expect(asked.mock.calls).toEqual([[fragment, 'assertionMethod'], [fragment, 'assertionMethod']])
  })

  it('reports a kid that cannot be resolved with its code, and lets other errors through', async () => {
    const jwt = await signVcJwt({ credential, signer })
    const refused = await verify(jwt, { resolveKey: async () => { throw new Ob3Error('ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', 'no such key') } })
    expect(refused.outcome).toEqual(failed('EdDSA', 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', 'no such key'))
    expect(refused.decoded?.payload).toEqual({ ...credential, ...CLAIMS })
    await expect(verify(jwt, { resolveKey: async () => { throw new TypeError('resolver broke') } })).rejects.toThrow(new TypeError('resolver broke'))
  })

  it('refuses a header with neither a kid string nor a jwk object', async () => {
    for (const header of [{}, { kid: 7 }, { jwk: null }, { jwk: [ES_JWK] }, { jwk: 'key' }]) {
      const jwt = await signEd({ alg: 'EdDSA', ...header }, { ...credential, ...CLAIMS })
      expect((await verify(jwt)).outcome, JSON.stringify(header)).toEqual(failed('EdDSA', 'ERR_OB3_JWT_HEADER_INVALID', 'the JOSE header has neither kid nor jwk'))
    }
  })

  it('refuses a header jwk that holds a private key or is of another key type', async () => {
    const payload = { ...credential, ...CLAIMS, iss: 'https://issuer.example/' }
    expect((await verify(await signEd({ alg: 'EdDSA', jwk: { ...ed25519PublicJwk(edKey), d: 'AA' } }, payload))).outcome)
      .toEqual(failed('EdDSA', 'ERR_OB3_JWT_HEADER_INVALID', 'the header jwk contains a private key'))
    for (const jwk of [{ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }, { kty: 'oct', k: 'AA' }, { crv: 'P-256' }]) {
      expect((await verify(await signEd({ alg: 'EdDSA', jwk }, payload))).outcome, JSON.stringify(jwk))
        .toEqual(failed('EdDSA', 'ERR_OB3_KEY_UNSUPPORTED', 'the header jwk is not an Ed25519, P-256 or RSA public key'))
    }
    expect((await verify(await signEd({ alg: 'EdDSA', jwk: { kty: 'OKP', crv: 'X25519', x: 'AA' } }, payload))).outcome)
      .toEqual(failed('EdDSA', 'ERR_OB3_KEY_INVALID', 'not an Ed25519 JWK (kty OKP, crv Ed25519, x)'))
  })

  it('uses a header jwk, unbound, for an iss that is not a DID or is absent', async () => {
    const jwk = ed25519PublicJwk(edKey) as unknown as Record<string, unknown>
    const https = { ...credential, issuer: 'https://issuer.example/' }
    const jwt = await signVcJwt({ credential: https, signer, embedJwk: jwk })
    const unbound: ResolvedKey = { id: 'jwk', controller: 'https://issuer.example/', keyType: 'Ed25519', publicKeyMultibase: edKey.publicKeyMultibase, bound: false }
    expect((await verify(jwt)).outcome).toEqual(valid(unbound))
    const anonymous = await signEd({ alg: 'EdDSA', jwk }, { name: 'Badge' })
    expect((await verify(anonymous)).outcome).toEqual(valid({ ...unbound, controller: 'unknown' }))
    const numbered = await signEd({ alg: 'EdDSA', jwk }, { name: 'Badge', iss: 5 })
    expect((await verify(numbered)).outcome).toEqual(valid({ ...unbound, controller: 'unknown' }))
  })

  it('verifies ES256 and RS256 tokens with a header jwk', async () => {
    const payload = { ...credential, ...CLAIMS, issuer: 'https://issuer.example/', iss: 'https://issuer.example/' }
    expect((await verify(await signJose('ES256', { typ: 'JWT', jwk: ES_JWK }, payload))).outcome)
      .toEqual(valid({ id: 'jwk', controller: 'https://issuer.example/', keyType: 'P-256', publicKeyJwk: ES_JWK, bound: false }, 'ES256'))
    expect((await verify(await signJose('RS256', { typ: 'JWT', jwk: RS_JWK }, payload))).outcome)
      .toEqual(valid({ id: 'jwk', controller: 'https://issuer.example/', keyType: 'RSA', publicKeyJwk: RS_JWK, bound: false }, 'RS256'))
  })

  it('verifies an ES256 token whose kid resolves to a P-256 key', async () => {
    const p256: ResolvedKey = { id: 'https://issuer.example/keys/1', controller: 'https://issuer.example/', keyType: 'P-256', publicKeyJwk: ES_JWK, bound: true }
    const payload = { ...credential, ...CLAIMS, issuer: 'https://issuer.example/', iss: 'https://issuer.example/' }
    const jwt = await signJose('ES256', { kid: p256.id }, payload)
    expect((await verify(jwt, { resolveKey: async () => p256 })).outcome).toEqual(valid(p256, 'ES256'))
  })

  it('fails a signature the key does not verify, naming the key', async () => {
    const other = await createEd25519Signer(await ed25519KeyFromSeed(new Uint8Array(32).fill(62)))
    const jwt = await signEd({ alg: 'EdDSA', kid: edKey.id }, { ...credential, ...CLAIMS }, other)
    expect((await verify(jwt)).outcome).toEqual(failed('EdDSA', 'ERR_OB3_PROOF_SIGNATURE_INVALID', `the JWT signature does not verify with ${edKey.id}: signature verification failed`, { key: ED_KEY }))
  })
})

describe('verifyVcJwt binds a header jwk to a DID iss through the keys it publishes', () => {
  const DID = 'did:web:issuer.example'
  const payload = { ...credential, ...CLAIMS, issuer: DID, iss: DID }
  const published = (keys: ResolvedKey[]) => vi.fn(async () => keys)
  const p256 = (extra: Partial<ResolvedKey> = {}): ResolvedKey => ({ id: `${DID}#p256`, controller: DID, keyType: 'P-256', publicKeyJwk: ES_JWK, bound: true, ...extra })
  const notAuthorized = (purpose = 'assertionMethod') => failed('ES256', 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', `the key in the JWT header (jwk) is not one ${DID} publishes for ${purpose}: a DID's keys come from its DID document, not from the token`)

  it('returns the published key with the same thumbprint, asking for the purpose', async () => {
    const jwt = await signJose('ES256', { jwk: ES_JWK }, payload)
    const edPublished: ResolvedKey = { ...ED_KEY, controller: DID }
    const keys = published([edPublished, p256({ publicKeyJwk: RS_JWK, id: `${DID}#rsa` }), p256()])
    expect((await verify(jwt, { publishedKeys: keys })).outcome).toEqual(valid(p256(), 'ES256'))
    expect((await verify(jwt, { publishedKeys: keys, purpose: 'authentication' })).outcome).toEqual(valid(p256(), 'ES256'))
    expect(keys.mock.calls).toEqual([[DID, 'assertionMethod'], [DID, 'authentication']])
  })

  it('refuses the key when the DID publishes it unbound, for another controller, or not at all', async () => {
    const jwt = await signJose('ES256', { jwk: ES_JWK }, payload)
    expect((await verify(jwt, { publishedKeys: published([p256({ bound: false })]) })).outcome).toEqual(notAuthorized())
    expect((await verify(jwt, { publishedKeys: published([p256({ controller: 'did:web:other.example' })]) })).outcome).toEqual(notAuthorized())
    expect((await verify(jwt, { publishedKeys: published([]), purpose: 'authentication' })).outcome).toEqual(notAuthorized('authentication'))
  })

  it('refuses a header key that has no thumbprint, even beside a published key without one', async () => {
    const broken = { kty: 'EC', crv: 'P-256' }
    const jwt = await signJose('ES256', { jwk: ES_JWK }, payload)
    const withBrokenHeader = `${b64json({ alg: 'ES256', jwk: broken })}${jwt.slice(jwt.indexOf('.'))}`
    expect((await verify(withBrokenHeader, { publishedKeys: published([p256({ publicKeyJwk: broken })]) })).outcome).toEqual(notAuthorized())
  })

  it('compares Ed25519 keys by the thumbprint of their JWK form', async () => {
    const jwt = await signVcJwt({ credential: { ...credential, issuer: DID }, signer, embedJwk: ed25519PublicJwk(edKey) as unknown as Record<string, unknown> })
    const edPublished: ResolvedKey = { ...ED_KEY, controller: DID, id: `${DID}#ed` }
    expect((await verify(jwt, { publishedKeys: published([edPublished]) })).outcome).toEqual(valid(edPublished))
    const other = await ed25519KeyFromSeed(new Uint8Array(32).fill(63))
    expect((await verify(jwt, { publishedKeys: published([{ ...edPublished, publicKeyMultibase: other.publicKeyMultibase }]) })).outcome)
      .toEqual({ ...notAuthorized(), suite: 'EdDSA' })
  })
})

describe('verifyVcJwt compares the claims with the credential', () => {
  const sign = (payload: Record<string, unknown>) => signEd({ alg: 'EdDSA', kid: edKey.id }, payload)
  const mismatch = (message: string) => failed('EdDSA', 'ERR_OB3_JWT_CLAIM_MISMATCH', message, { key: ED_KEY })

  it('fails a claim that disagrees, naming the claim, both values and the credential property', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ iss: 'did:example:other' }, `the JWT iss claim "did:example:other" does not match the credential's issuer id "${ISS}"`],
      [{ sub: 'did:example:other' }, 'the JWT sub claim "did:example:other" does not match the credential\'s credentialSubject id "did:example:teacher"'],
      [{ jti: 'urn:uuid:62' }, 'the JWT jti claim "urn:uuid:62" does not match the credential\'s credential id "urn:uuid:61"'],
      [{ nbf: 1767225601 }, 'the JWT nbf claim 1767225601 does not match the credential\'s validFrom "2026-01-01T00:00:00Z"'],
      [{ nbf: '1767225600' }, 'the JWT nbf claim "1767225600" does not match the credential\'s validFrom "2026-01-01T00:00:00Z"'],
      [{ exp: 1798761599 }, 'the JWT exp claim 1798761599 does not match the credential\'s validUntil "2027-01-01T00:00:00Z"'],
      [{ validFrom: 1767225600 }, 'the JWT nbf claim 1767225600 does not match the credential\'s validFrom 1767225600'],
      // A year as a number is no date-time string, even though Date.parse would read it.
      [{ validFrom: 2026 }, 'the JWT nbf claim 1767225600 does not match the credential\'s validFrom 2026'],
      [{ issuer: 'did:example:other' }, `the JWT iss claim "${ISS}" does not match the credential's issuer id "did:example:other"`],
    ]
    for (const [changes, message] of cases) {
      expect((await verify(await sign({ ...credential, ...CLAIMS, ...changes }))).outcome, message).toEqual(mismatch(message))
    }
  })

  it('fails an nbf or exp the credential has no date for; an extra iss, sub or jti is no mismatch', async () => {
    const { validFrom: _from, validUntil: _until, ...undated } = credential
    const { nbf: _nbf, exp: _exp, ...undatedClaims } = CLAIMS
    expect((await verify(await sign({ ...undated, ...undatedClaims, nbf: 1767225600 }))).outcome).toEqual(mismatch('the JWT nbf claim has no matching validFrom in the credential'))
    expect((await verify(await sign({ ...undated, ...undatedClaims, exp: 1798761600 }))).outcome).toEqual(mismatch('the JWT exp claim has no matching validUntil in the credential'))
    const vc = { ...undated, issuer: undefined, id: undefined, credentialSubject: { type: ['AchievementSubject'] } }
    expect((await verify(await sign({ vc, ...undatedClaims }))).outcome).toEqual(valid(ED_KEY))
  })

  it('warns about each claim missing for a value the credential has, with the property it stands for', async () => {
    expect((await verify(await sign(credential))).outcome).toEqual(valid(ED_KEY, 'EdDSA', [
      missing('iss', 'issuer id'), missing('sub', 'credentialSubject id'), missing('jti', 'credential id'), missing('nbf', 'validFrom'), missing('exp', 'validUntil'),
    ]))
    expect((await verify(await sign({ ...credential, issuer: ISS }))).outcome.warnings[0]).toEqual(missing('iss', 'issuer id'))
    // Nothing to warn about when the credential has no value either.
    expect((await verify(await sign({ vc: { name: 'Badge' } }))).outcome).toEqual(valid(ED_KEY))
  })

  it('reads a string issuer, the first of several subjects, and dates to the second', async () => {
    const payload = { ...credential, ...CLAIMS, issuer: ISS, credentialSubject: [{ id: 'did:example:teacher' }, { id: 'did:example:other' }], validFrom: '2026-01-01T00:00:00.750Z' }
    expect((await verify(await sign(payload))).outcome).toEqual(valid(ED_KEY))
  })

  it('reads the VC 1.1 dates issuanceDate and expirationDate of a vc claim', async () => {
    const vc = { ...credential, validFrom: undefined, validUntil: undefined, issuanceDate: '2026-01-01T00:00:00Z', expirationDate: '2027-01-01T00:00:00Z' }
    expect((await verify(await sign({ vc, ...CLAIMS }))).outcome).toEqual(valid(ED_KEY))
    expect((await verify(await sign({ vc, ...CLAIMS, exp: 1798761601 }))).outcome)
      .toEqual(mismatch('the JWT exp claim 1798761601 does not match the credential\'s validUntil "2027-01-01T00:00:00Z"'))
  })
})
