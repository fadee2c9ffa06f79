/**
 * The assertions of the public W3C / W3C-CCG test suites (VC Data Model 2.0, VC-API issuer,
 * VC-API verifier, Data Integrity EdDSA, Bitstring Status List), replayed in-process against the
 * service with fixtures of our own (see `w3c-fixtures.ts`). The suites cannot run here (no
 * network); these tests hold the service to the same status codes and shapes they check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { multibaseDecode, multibaseEncode, resolveDid, signLinkedDataProof } from '@ob3/core'
import type { CreatedTenant, Ob3Server } from '../src/index.js'
import { serverDocumentLoader } from '../src/lib/contexts.js'
import { BASE_URL, call, cleanUp, startServer, tenant, type Answer } from './helpers.js'
import {
  BASE10_INDEX, DATE_TIME_STAMP, EX2, FIXED_CREATED, ODD_SRI, RELATED_RESOURCE_FAIL, RELATED_RESOURCE_ODD, RELATED_RESOURCE_OK, SEEDS, V1, V2,
  VC_API_ISSUER_FAIL, VC_API_VERIFIER_PROOF_FAIL, VC_API_VERIFIER_SHAPE_FAIL, VCDM_FOREIGN_ISSUERS, VCDM_ISSUE_FAIL, VCDM_ISSUE_OK,
  bitAt, bitstringCredential, copy, decodeEncodedList, eddsaCredential, eddsaProofOptions, freshUrnUuid, signRaw, suiteKey,
  vcApiIssuerCredential, vcApiVerifierVector, vcdmCredential, without, withProof, type Json, type SuiteKey,
} from './w3c-fixtures.js'

let server: Ob3Server
let t: CreatedTenant
let eddsaIssuer: SuiteKey
let coSigner: SuiteKey
let vcApiSigner: SuiteKey
let holderKey: SuiteKey
let subjectKey: SuiteKey

beforeAll(async () => {
  // The suites send many verification requests in a burst: no rate limit here.
  ;({ server } = await startServer({ rateLimits: { verify: false } }))
  t = await tenant(server, 'w3c')
  ;[eddsaIssuer, coSigner, vcApiSigner, holderKey, subjectKey] = await Promise.all([
    suiteKey(SEEDS.eddsaIssuer), suiteKey(SEEDS.coSigner), suiteKey(SEEDS.vcApiVerifier), suiteKey(SEEDS.holder), suiteKey(SEEDS.subject),
  ])
})
afterAll(cleanUp)

// ---------------------------------------------------------------------------------------------
// Requests and the assertions every suite shares

const issue = (body: unknown, token: string | undefined = t.apiKey.token) => call(server, 'POST', '/credentials/issue', { body, ...(token === undefined ? {} : { token }) })
const issueCredential = (credential: unknown, options?: Json) => issue({ credential, ...(options === undefined ? {} : { options }) })
const verifyVc = (verifiableCredential: unknown, options: Json = { checks: ['proof'] }) =>
  call(server, 'POST', '/credentials/verify', { body: { verifiableCredential, options } })
const verifyVp = (verifiablePresentation: unknown, options: Json = { checks: [] }) =>
  call(server, 'POST', '/presentations/verify', { body: { verifiablePresentation, options } })

/** The status and what matters of a body, for failure messages. */
function show(res: Answer): string {
  const j = res.json
  if (j !== null && typeof j === 'object' && (j.errors !== undefined || j.error !== undefined || j.verified !== undefined)) {
    const { ob3Report: _r, warnings: _w, ...rest } = j as Record<string, unknown>
    return `${res.status} ${JSON.stringify(rest).slice(0, 700)}`
  }
  return `${res.status} ${res.text.slice(0, 400)}`
}

/** 201 `{verifiableCredential}` with an embedded proof; the credential. */
function expectIssued(res: Answer, version: '2.0' | '1.1' = '2.0'): Json {
  expect(res.status, show(res)).toBe(201)
  const vc = res.json.verifiableCredential as Json
  expect(vc, show(res)).toBeTypeOf('object')
  expect(vc.proof, 'the issued credential is secured with an embedded proof').toBeTypeOf('object')
  expect(vc.type).toContain('VerifiableCredential')
  for (const key of ['@context', 'type', 'issuer', 'credentialSubject', 'proof']) expect(vc, `issued VC has ${key}`).toHaveProperty([key])
  expect(Array.isArray(vc['@context'])).toBe(true)
  if (version === '2.0') expect((vc['@context'] as unknown[])[0]).toBe(V2)
  const proof = vc.proof as Json
  expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' })
  expect(proof.verificationMethod).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+#z6Mk[1-9A-HJ-NP-Za-km-z]+$/)
  expect(proof.created).toMatch(DATE_TIME_STAMP)
  expect(proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/)
  expect(multibaseDecode(proof.proofValue as string).length).toBe(64)
  return vc
}

/** The service's revocation entry of an issued credential, checked as the Bitstring suite does. */
function expectStatusEntry(vc: Json, tenantId: string): Json {
  const entries = (Array.isArray(vc.credentialStatus) ? vc.credentialStatus : [vc.credentialStatus]) as Json[]
  const entry = entries.find((e) => e?.statusPurpose === 'revocation') as Json
  expect(entry, `credentialStatus: ${JSON.stringify(vc.credentialStatus)}`).toBeDefined()
  expect(entry.type).toBe('BitstringStatusListEntry')
  expect(entry.statusListIndex).toEqual(expect.stringMatching(BASE10_INDEX))
  expect(String(Number.parseInt(entry.statusListIndex as string, 10))).toBe(entry.statusListIndex)
  expect(entry.statusListCredential).toEqual(expect.stringMatching(new RegExp(`^${BASE_URL.replace(/\./g, '\\.')}/status/${tenantId}/`)))
  if (entry.id !== undefined) expect(entry.id).toEqual(expect.any(String))
  return entry
}

/** Exactly 400 with `{error: {code, message}}`. */
function expectRefused(res: Answer): void {
  expect(res.status, show(res)).toBe(400)
  expect(res.json?.error?.code, show(res)).toEqual(expect.any(String))
  expect(res.json.error.message, show(res)).toEqual(expect.any(String))
}

/** Exactly 200, `verified: true`, `errors: []`, and no top-level verifiableCredential. */
function expectVerified(res: Answer): void {
  expect(res.status, show(res)).toBe(200)
  expect(res.json.verified, show(res)).toBe(true)
  expect(res.json.errors, show(res)).toEqual([])
  expect(res.json, 'a verification result must not carry verifiableCredential (the harnesses unwrap it)').not.toHaveProperty('verifiableCredential')
}

/**
 * Exactly 400 with `verified: false` and a non-empty `errors` list of `{check, code, message}`.
 * With `notACredential`, a 400 `{error: {code}}` (input too malformed to verify) is accepted too.
 */
function expectNotVerified(res: Answer, notACredential = false): void {
  expect(res.status, show(res)).toBe(400)
  expect(res.json, show(res)).not.toHaveProperty('verifiableCredential')
  if (notACredential && res.json?.verified === undefined) {
    expect(res.json?.error?.code, show(res)).toEqual(expect.any(String))
    return
  }
  expect(res.json.verified, show(res)).toBe(false)
  expect(Array.isArray(res.json.errors) && res.json.errors.length > 0, show(res)).toBe(true)
  for (const e of res.json.errors) expect(e, show(res)).toMatchObject({ check: expect.any(String), code: expect.any(String), message: expect.any(String) })
}

/** The path of a statusListCredential URL under BASE_URL. */
function statusPath(url: unknown): string {
  expect(url).toEqual(expect.stringMatching(/^https:\/\//))
  const u = new URL(url as string)
  expect(u.origin).toBe(BASE_URL)
  return u.pathname
}

// =============================================================================================
// VC Data Model 2.0 suite
// =============================================================================================

describe('VC Data Model 2.0 suite: issuer accepts conforming credentials (§1.2)', () => {
  it.each(VCDM_ISSUE_OK)('secures %s (201, embedded proof, v2 context first, a status entry unless it brought one)', async (_what, build) => {
    const credential = build(t.tenant.issuer)
    const vc = expectIssued(await issueCredential(credential))
    if (credential.credentialStatus === undefined) expectStatusEntry(vc, t.tenant.id)
    else expect(vc.credentialStatus).toEqual(credential.credentialStatus)
  })

  it.each(VCDM_FOREIGN_ISSUERS)('accepts %s: 201, the tenant is the issuer, warning ERR_OB3_SERVER_ISSUER_REPLACED', async (_what, given) => {
    const res = await issueCredential(vcdmCredential(given))
    const vc = expectIssued(res)
    if (typeof given === 'string') {
      expect(vc.issuer).toBe(t.tenant.issuer)
    } else {
      // An issuer object keeps its other properties; only its id becomes the tenant's.
      expect(vc.issuer).toEqual({ ...(given as Json), id: t.tenant.issuer })
    }
    expect(res.json.warnings, show(res)).toEqual([{ code: 'ERR_OB3_SERVER_ISSUER_REPLACED', message: expect.any(String) }])
  })

  it('verifies the credential it issued for credential-ok (200, errors: []) (§1.03)', async () => {
    const vc = expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer)))
    expectVerified(await verifyVc(vc))
  })

  it('accepts a validUntil in the past at issue (201)', async () => {
    expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer, { validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' })))
  })

  it('re-issues the same request with a fixed credential id idempotently (201 twice, the same verifiableCredential)', async () => {
    const body = { credential: vcdmCredential(t.tenant.issuer, { id: 'https://example.org/credentials/1' }), options: {} }
    const first = await issue(copy(body))
    const vc = expectIssued(first)
    expect(vc.id).toBe('https://example.org/credentials/1')
    const second = await issue(copy(body))
    expect(second.status, show(second)).toBe(201)
    expect(JSON.stringify(second.json.verifiableCredential)).toBe(JSON.stringify(first.json.verifiableCredential))
  })

  it('refuses the same fixed credential id with different content (409 ERR_OB3_STORE_CONFLICT)', async () => {
    const id = 'http://university.example/credentials/1872'
    expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer, { id })))
    const other = await issueCredential(vcdmCredential(t.tenant.issuer, { id, name: 'Another credential' }))
    expect(other.status, show(other)).toBe(409)
    expect(other.json.error.code).toBe('ERR_OB3_STORE_CONFLICT')
  })

  it.each([
    ['no @context at all (credential-no-context-fail-or-inject)', (i: string) => without(vcdmCredential(i), '@context')],
    ['@context without the v2 base context (credential-missing-base-context-fail-or-inject)', (i: string) => vcdmCredential(i, { '@context': [EX2] })],
  ])('either refuses or injects the base context for %s (400, or 201 with @context[0] the v2 URL)', async (_what, build) => {
    const res = await issueCredential(build(t.tenant.issuer))
    expect([400, 201], show(res)).toContain(res.status)
    if (res.status === 400) expectRefused(res)
    else expectIssued(res)
  })
})

describe('VC Data Model 2.0 suite: issuer refuses non-conforming credentials (§1.3)', () => {
  it.each(VCDM_ISSUE_FAIL)('refuses %s (400)', async (_what, build) => {
    expectRefused(await issueCredential(build(t.tenant.issuer)))
  })

  it('refuses validFrom after validUntil: 400 at issue, or the issued credential fails verification (400)', async () => {
    const res = await issueCredential(vcdmCredential(t.tenant.issuer, { validFrom: '2025-06-01T00:00:00Z', validUntil: '2024-06-01T00:00:00Z' }))
    expect([400, 201], show(res)).toContain(res.status)
    if (res.status === 400) {
      expectRefused(res)
    } else {
      expectNotVerified(await verifyVc(res.json.verifiableCredential))
    }
  })
})

describe('VC Data Model 2.0 suite: relatedResource (§5.3, checked on the issuer)', () => {
  it.each(RELATED_RESOURCE_OK)('accepts relatedResource with %s (201)', async (_what, relatedResource) => {
    const vc = expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer, { relatedResource })))
    expect(vc.relatedResource).toEqual(relatedResource)
  })

  it('keeps the odd 33-byte digestSRI of the suite as given', () => {
    // 45 base64 characters after "sha256-": an extra leading character, so 33 bytes.
    expect(Buffer.from(ODD_SRI.slice('sha256-'.length), 'base64').length).toBe(33)
  })

  // Where ob3 parts from the stored suite: its "ok" SRI value is not a SHA-256 digest.
  it.each(RELATED_RESOURCE_ODD)('refuses %s, which can never match the resource (400)', async (_what, relatedResource) => {
    const res = await issueCredential(vcdmCredential(t.tenant.issuer, { relatedResource }))
    expectRefused(res)
    expect(JSON.stringify(res.json)).toContain('is not the base64 of a 32-byte sha-256 digest')
  })

  it.each(RELATED_RESOURCE_FAIL)('refuses relatedResource with %s (400)', async (_what, relatedResource) => {
    expectRefused(await issueCredential(vcdmCredential(t.tenant.issuer, { relatedResource })))
  })
})

describe('VC Data Model 2.0 suite: verifier and presentations (§1.6)', () => {
  let issuedA: Json
  let issuedB: Json

  beforeAll(async () => {
    issuedA = expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer, { credentialSubject: { id: holderKey.did, name: 'Holder One' } })))
    issuedB = expectIssued(await issueCredential(vcdmCredential(t.tenant.issuer, { credentialSubject: { id: holderKey.did, name: 'Holder Two' } })))
  })

  const signVp = (vp: Json, extra: { challenge?: string; domain?: string } = {}) =>
    signLinkedDataProof({ document: vp, signer: holderKey.signer, proofPurpose: 'authentication', created: FIXED_CREATED, documentLoader: serverDocumentLoader, ...extra }) as Promise<Json>
  const vpOf = (extra: Json = {}): Json => ({ '@context': [V2], type: ['VerifiablePresentation'], verifiableCredential: [issuedA], ...extra })
  /** A credential the holder asserts about itself: no proof of its own, secured by the presentation's proof. */
  const selfAsserted = (issuer: string): Json => ({
    '@context': [V2, EX2], type: ['VerifiableCredential', 'ExampleSelfAssertedCredential'], issuer, credentialSubject: { id: holderKey.did, favouriteFood: 'pizza' },
  })

  it('refuses {type: ["NonconformingDocument"]} on /credentials/verify and /presentations/verify (400)', async () => {
    expectNotVerified(await verifyVc({ type: ['NonconformingDocument'] }), true)
    expectNotVerified(await verifyVp({ type: ['NonconformingDocument'] }), true)
  })

  const accept: [string, () => Promise<Json>][] = [
    ['a presentation with an id', () => signVp(vpOf({ id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5' }))],
    ['a presentation with a holder URL', () => signVp(vpOf({ holder: holderKey.did }))],
    ['a presentation with a holder object with an id', () => signVp(vpOf({ holder: { id: holderKey.did } }))],
    ['a presentation with several credentials', () => signVp(vpOf({ holder: holderKey.did, verifiableCredential: [issuedA, issuedB] }))],
    ['a presentation with several context URLs', () => signVp(vpOf({ '@context': [V2, EX2], holder: holderKey.did }))],
    ['a presentation with an inline context mapping an extra type', () => signVp(vpOf({
      '@context': [V2, { ExamplePresentation: 'https://example.org/vocab#ExamplePresentation' }],
      type: ['VerifiablePresentation', 'ExamplePresentation'],
      holder: holderKey.did,
    }))],
    ['a presentation whose proof carries a domain and challenge the options do not ask for', () => signVp(vpOf({ holder: holderKey.did }), { domain: 'https://verifier.example', challenge: 'static-challenge-1234' })],
    ['a self-asserted credential whose issuer is the holder', () => signVp(vpOf({ holder: holderKey.did, verifiableCredential: [selfAsserted(holderKey.did)] }))],
  ]
  it.each(accept)('accepts %s (200, errors: [])', async (_what, build) => {
    expectVerified(await verifyVp(await build()))
  })

  const reject: [string, () => Promise<Json>][] = [
    ['a presentation without @context', async () => without(await signVp(vpOf({ holder: holderKey.did })), '@context')],
    ['a presentation whose contexts are in the wrong order (examples first)', () => signVp(vpOf({ '@context': [EX2, V2], holder: holderKey.did }))],
    ['a presentation without the v2 context', () => signVp(vpOf({ '@context': [EX2], holder: holderKey.did }))],
    ['a presentation whose @context[1] became "https://example.com" after signing', async () => {
      const vp = await signVp(vpOf({ '@context': [V2, EX2], holder: holderKey.did }))
      return { ...vp, '@context': [V2, 'https://example.com'] }
    }],
    ['a presentation whose @context[1] became a non-URL after signing', async () => {
      const vp = await signVp(vpOf({ '@context': [V2, EX2], holder: holderKey.did }))
      return { ...vp, '@context': [V2, 'https ://not-a-url/contexts/example/v1'] }
    }],
    ['a presentation whose @context[1] became a number after signing', async () => {
      const vp = await signVp(vpOf({ '@context': [V2, EX2], holder: holderKey.did }))
      return { ...vp, '@context': [V2, 10] }
    }],
    // `holder` is defined only for VerifiablePresentation: signed without safe mode, as a suite's signer may.
    ['a presentation without type', () => signRaw({
      document: without(vpOf({ holder: holderKey.did }), 'type'), signer: holderKey.signer, safe: false,
      proof: eddsaProofOptions(holderKey, { proofPurpose: 'authentication' }),
    })],
    ['a presentation whose type lacks VerifiablePresentation', () => signVp(vpOf({ '@context': [V2, EX2], type: ['ExamplePresentation'], holder: holderKey.did }))],
    ['a presentation whose proofValue is bogus', async () => withProof(await signVp(vpOf({ holder: holderKey.did })), (p) => ({ ...p, proofValue: multibaseEncode(new Uint8Array(64).fill(1)) }))],
    ['a presentation whose holder object has no id', () => signVp(vpOf({ holder: { name: 'A holder' } }))],
    ['a self-asserted credential in a presentation without holder', () => signVp(vpOf({ verifiableCredential: [selfAsserted(holderKey.did)] }))],
    ['a self-asserted credential whose issuer is not the holder', () => signVp(vpOf({ holder: holderKey.did, verifiableCredential: [selfAsserted('did:example:someone-else')] }))],
    ['a holder that is not the issuer of the self-asserted credential', () => signVp(vpOf({ holder: 'did:example:someone-else', verifiableCredential: [selfAsserted(holderKey.did)] }))],
  ]
  it.each(reject)('refuses %s (400)', async (_what, build) => {
    expectNotVerified(await verifyVp(await build()), true)
  })

  it('refuses self-asserted credentials for the right reasons: no proof of their own unless the named holder issued them', async () => {
    const codes = async (vp: Json) => {
      const res = await verifyVp(vp)
      expectNotVerified(res)
      return res.json.errors.map((e: { check: string; code: string }) => `${e.check}:${e.code}`)
    }
    expect(await codes(await signVp(vpOf({ verifiableCredential: [selfAsserted(holderKey.did)] })))).toEqual(['proof:ERR_OB3_PROOF_MISSING'])
    expect(await codes(await signVp(vpOf({ holder: holderKey.did, verifiableCredential: [selfAsserted('did:example:someone-else')] })))).toEqual(['proof:ERR_OB3_PROOF_MISSING'])
    expect(await codes(await signVp(vpOf({ holder: 'did:example:someone-else', verifiableCredential: [selfAsserted(holderKey.did)] }))))
      .toEqual(expect.arrayContaining(['proof:ERR_OB3_PROOF_MISSING', 'holder:ERR_OB3_PROOF_KEY_NOT_AUTHORIZED']))
    // An unsigned presentation (allowed as `presentation`) secures nothing: its self-asserted credential fails.
    const unsigned = await call(server, 'POST', '/presentations/verify', { body: { presentation: vpOf({ holder: holderKey.did, verifiableCredential: [selfAsserted(holderKey.did)] }) } })
    expectNotVerified(unsigned)
    expect(unsigned.json.errors.map((e: { check: string; code: string }) => `${e.check}:${e.code}`)).toEqual(['proof:ERR_OB3_PROOF_MISSING'])
  })
})

// =============================================================================================
// VC-API issuer suite
// =============================================================================================

describe('VC-API issuer suite: POST /credentials/issue (§2)', () => {
  it('issues the suite\'s VC 1.1 credential (issuanceDate now, fresh urn:uuid id): exactly 201 with the expected shape', async () => {
    const res = await issueCredential(vcApiIssuerCredential(t.tenant.issuer, subjectKey.did))
    const vc = expectIssued(res, '1.1')
    expect(vc['@context']).toEqual(expect.arrayContaining([V1]))
    expect(vc.id).toEqual(expect.any(String))
    expect(vc.credentialSubject).toBeTypeOf('object')
    expect(vc.issuer === t.tenant.issuer || (vc.issuer as Json).id === t.tenant.issuer).toBe(true)
    expect(Array.isArray(vc.proof)).toBe(false)
    // A VC 1.1 credential gets no status entry unless asked, so no context beyond VC 1.1's own
    // and the proof's (the eddsa suite expands it with a closed list of contexts).
    expect(vc).not.toHaveProperty('credentialStatus')
    expect(vc['@context']).not.toContain('https://www.w3.org/ns/credentials/status/v1')
    expect(vc['@context']).not.toContain(V2)
  })

  it('issues it with an expirationDate one year ahead (201)', async () => {
    const inAYear = new Date(Date.now() + 365 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    expectIssued(await issueCredential(vcApiIssuerCredential(t.tenant.issuer, subjectKey.did, { expirationDate: inAYear })), '1.1')
  })

  it('refuses a body with verifiableCredential instead of credential (400, not 401)', async () => {
    expectRefused(await issue({ verifiableCredential: vcApiIssuerCredential(t.tenant.issuer, subjectKey.did) }))
  })

  it.each(VC_API_ISSUER_FAIL)('refuses a credential with %s (exactly 400)', async (_what, change) => {
    expectRefused(await issueCredential(change(vcApiIssuerCredential(t.tenant.issuer, subjectKey.did))))
  })

  it.each([
    ['missing', undefined],
    ['null', null],
    ['true', true],
    ['4', 4],
    ['[]', []],
    ['"fake-issuer" (not a URL)', 'fake-issuer'],
    ['{id: null}', { id: null }],
    ['{id: "fake-issuer"}', { id: 'fake-issuer' }],
  ])('requires credential.issuer: refuses issuer %s on a VC 2.0 credential (400 {error: {code, message}})', async (_what, issuer) => {
    const credential = issuer === undefined ? without(vcdmCredential(t.tenant.issuer), 'issuer') : vcdmCredential(issuer)
    expectRefused(await issueCredential(credential))
  })

  it('refuses credentialSubject as a string (400)', async () => {
    expectRefused(await issueCredential(vcdmCredential(t.tenant.issuer, { credentialSubject: 'did:example:1234' })))
  })
})

// =============================================================================================
// VC-API verifier suite
// =============================================================================================

describe('VC-API verifier suite: POST /credentials/verify (§3)', () => {
  let vector: Json

  let foreign: Json

  beforeAll(async () => {
    // The suite's vector names an https issuer that has nothing to do with the signing key; ob3
    // requires a proof by the issuer, so the vector here is issued by the key's own did:key and
    // the suite's form is checked on its own below.
    vector = await vcApiVerifierVector(vcApiSigner, vcApiSigner.did)
    foreign = await vcApiVerifierVector(vcApiSigner)
  })

  it('verifies the valid vector: VC 2.0, Ed25519Signature2020 by the issuer\'s did:key (exactly 200)', async () => {
    expect((vector.proof as Json).type).toBe('Ed25519Signature2020')
    expectVerified(await verifyVc(vector))
  })

  it('refuses the suite\'s form of the vector, whose https issuer did not sign it: 400 ERR_OB3_PROOF_KEY_NOT_AUTHORIZED (where ob3 parts from the suite)', async () => {
    const res = await verifyVc(foreign)
    expectNotVerified(res)
    expect(res.json.errors).toEqual([expect.objectContaining({ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })])
  })

  it.each(VC_API_VERIFIER_SHAPE_FAIL)('refuses the vector with %s (exactly 400)', async (_what, change) => {
    expectNotVerified(await verifyVc(change(copy(vector))), true)
  })

  it.each(VC_API_VERIFIER_PROOF_FAIL)('refuses the vector with %s (exactly 400, verified: false)', async (_what, change) => {
    expectNotVerified(await verifyVc(change(copy(vector))))
  })
})

// =============================================================================================
// Data Integrity EdDSA suite
// =============================================================================================

describe('Data Integrity EdDSA suite: proofs the issuer makes (§4.1, §4.2)', () => {
  it('issues the suite\'s credential with an eddsa-rdfc-2022 DataIntegrityProof the suite can check, which its own verifier accepts with exactly 200', async () => {
    const vc = expectIssued(await issueCredential(eddsaCredential(t.tenant.issuer, subjectKey.did, { id: freshUrnUuid() })))
    const ctx = vc['@context'] as unknown[]
    expect(ctx.includes(V2) || ctx.includes('https://w3id.org/security/data-integrity/v2')).toBe(true)
    const proofs = (Array.isArray(vc.proof) ? vc.proof : [vc.proof]) as Json[]
    const proof = proofs.find((p) => p.cryptosuite === 'eddsa-rdfc-2022') as Json
    expect(proof, JSON.stringify(vc.proof)).toBeDefined()
    expect(proof.type).toBe('DataIntegrityProof')
    expect(proof.proofPurpose).toBe('assertionMethod')
    // id and expires are optional (an id must be a URL, expires a dateTimeStamp); the service sets
    // neither, and this says so rather than checking them only when present.
    expect(proof).not.toHaveProperty('id')
    expect(proof).not.toHaveProperty('expires')
    // created: an XML Schema dateTimeStamp that Date.parse reads.
    expect(proof.created).toMatch(DATE_TIME_STAMP)
    expect(Number.isNaN(Date.parse(proof.created as string))).toBe(false)
    // proofValue: base58btc multibase, 64 bytes.
    expect(proof.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/)
    expect(multibaseDecode(proof.proofValue as string).length).toBe(64)
    // verificationMethod: did:key:z6Mk…#z6Mk… that dereferences to a Multikey usable for assertionMethod.
    expect(proof.verificationMethod).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+#z6Mk[1-9A-HJ-NP-Za-km-z]+$/)
    const [did, fragment] = (proof.verificationMethod as string).split('#') as [string, string]
    expect(fragment).toBe(did.slice('did:key:'.length))
    const doc = await resolveDid(did)
    const vm = (doc.verificationMethod ?? []).find((m) => m.id === proof.verificationMethod) as { type: string; publicKeyMultibase: string } | undefined
    expect(vm?.type).toBe('Multikey')
    const publicKey = multibaseDecode(vm?.publicKeyMultibase as string)
    expect([publicKey.length, publicKey[0], publicKey[1]]).toEqual([34, 0xed, 0x01])
    expect(JSON.stringify(doc.assertionMethod)).toContain(proof.verificationMethod as string)
    expectVerified(await verifyVc(vc))
  })
})

describe('Data Integrity EdDSA suite: verifier (§4.3)', () => {
  interface Vectors { good: Json; unsigned: Json }
  let v: Vectors

  beforeAll(async () => {
    const unsigned = eddsaCredential(eddsaIssuer.did, subjectKey.did)
    const good = await signLinkedDataProof({ document: unsigned, signer: eddsaIssuer.signer, created: FIXED_CREATED, documentLoader: serverDocumentLoader }) as Json
    v = { good, unsigned }
  })

  /** Sign the suite's credential by hand with changed proof options. */
  const signedWith = (proof: Json, more: { canonicalization?: 'rdfc' | 'jcs'; hash?: 'sha256' | 'sha512'; safe?: boolean; document?: Json } = {}) =>
    signRaw({ document: more.document ?? v.unsigned, signer: eddsaIssuer.signer, proof: eddsaProofOptions(eddsaIssuer, proof), ...more })

  it('verifies the valid eddsa-rdfc-2022 vector signed by the issuer\'s did:key (exactly 200)', async () => {
    expectVerified(await verifyVc(v.good))
  })

  it('verifies the vector signed by hand the same way (the hand signer agrees with the library)', async () => {
    expectVerified(await verifyVc(await signedWith({})))
  })

  const proofChange = (change: (p: Json) => Json) => () => withProof(v.good, change)
  const cases: [what: string, build: () => Json | Promise<Json>, options?: Json | undefined, notACredential?: boolean][] = [
    ['the proof removed', () => without(v.good, 'proof'), undefined, true],
    ['proof: null', () => ({ ...v.good, proof: null }), undefined, true],
    ['proof.type removed', proofChange((p) => without(p, 'type'))],
    ['proof.type "UnknownProofType"', proofChange((p) => ({ ...p, type: 'UnknownProofType' }))],
    ['cryptosuite changed to "UnknownCryptosuite"', proofChange((p) => ({ ...p, cryptosuite: 'UnknownCryptosuite' }))],
    ['a proof signed with cryptosuite "unknown-cryptosuite-2017"', () => signedWith({ cryptosuite: 'unknown-cryptosuite-2017' })],
    ['cryptosuite changed to "eddsa-jcs-2022" on an RDFC signature', proofChange((p) => ({ ...p, cryptosuite: 'eddsa-jcs-2022' }))],
    ['verificationMethod removed', proofChange((p) => without(p, 'verificationMethod'))],
    ['verificationMethod "did:key:invalidVm"', proofChange((p) => ({ ...p, verificationMethod: 'did:key:invalidVm' }))],
    ['proofPurpose removed', proofChange((p) => without(p, 'proofPurpose'))],
    ['a proof signed with proofPurpose "invalidPurpose"', () => signedWith({ proofPurpose: 'invalidPurpose' }, { safe: false })],
    ['options.expectedProofPurpose "authentication" against an assertionMethod proof', () => v.good, { checks: ['proof'], expectedProofPurpose: 'authentication' }],
    ['proofValue removed', proofChange((p) => without(p, 'proofValue'))],
    ['proofValue null', proofChange((p) => ({ ...p, proofValue: null }))],
    ['proofValue without its multibase prefix', proofChange((p) => ({ ...p, proofValue: (p.proofValue as string).slice(1) }))],
    ['proofValue with 32 bytes appended', proofChange((p) => ({ ...p, proofValue: multibaseEncode(new Uint8Array([...multibaseDecode(p.proofValue as string), ...new Uint8Array(32).fill(9)])) }))],
    ['a signature over JCS instead of RDFC canonical form', () => signedWith({}, { canonicalization: 'jcs' })],
    ['a signature over SHA-512 instead of SHA-256 hashes', () => signedWith({}, { hash: 'sha512' })],
    ['a proof signed with created "invalidDate"', () => signedWith({ created: 'invalidDate' })],
    ['a proof signed with expires "invalidDate"', () => signedWith({ expires: 'invalidDate' })],
    ['a proof signed with a created without a time zone', () => signedWith({ created: '2025-03-01T10:00:00' })],
    ['a term added after signing', () => ({ ...v.good, description: 'Added after signing.' })],
    ['a type added after signing', () => ({ ...v.good, type: ['VerifiableCredential', 'https://example.org/vocab#AddedType'] })],
    ['a credentialSubject term no context defines (signed without safe mode)', () => signedWith({}, {
      safe: false,
      document: { ...v.unsigned, credentialSubject: { ...(v.unsigned.credentialSubject as Json), undefinedTerm: 'dropped by JSON-LD' } },
    })],
    ['an authentication proof whose domain is not options.domain', () => signedWith({ proofPurpose: 'authentication', domain: 'invalid-vc-domain.example.com' }),
      { checks: ['proof'], expectedProofPurpose: 'authentication', domain: 'domain.example' }],
    ['an authentication proof whose challenge is not options.challenge', () => signedWith({ proofPurpose: 'authentication', domain: 'domain.example', challenge: 'invalid-challenge' }),
      { checks: ['proof'], expectedProofPurpose: 'authentication', domain: 'domain.example', challenge: '1235abcd6789' }],
  ]
  it.each(cases)('refuses %s (exactly 400)', async (_what, build, options, notACredential) => {
    expectNotVerified(await verifyVc(await build(), options ?? { checks: ['proof'] }), notACredential === true)
  })

  it('verifies an authentication proof whose domain and challenge are the ones options ask for (200; control for the two cases above)', async () => {
    const vc = await signedWith({ proofPurpose: 'authentication', domain: 'domain.example', challenge: '1235abcd6789' })
    expectVerified(await verifyVc(vc, { checks: ['proof'], expectedProofPurpose: 'authentication', domain: 'domain.example', challenge: '1235abcd6789' }))
  })

  describe('proof sets and chains', () => {
    const FIRST = 'urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544'
    const SECOND = 'urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54'
    const first = () => signLinkedDataProof({ document: v.unsigned, signer: eddsaIssuer.signer, id: FIRST, created: FIXED_CREATED, documentLoader: serverDocumentLoader }) as Promise<Json>
    const second = async (previousProof?: string | string[]) =>
      signLinkedDataProof({ document: await first(), signer: coSigner.signer, id: SECOND, created: FIXED_CREATED, documentLoader: serverDocumentLoader, ...(previousProof === undefined ? {} : { previousProof }) }) as Promise<Json>
    /** A second proof whose previousProof is given as is (signed by hand, over the document and the proofs it names). */
    const secondRaw = async (previousProof: unknown) => {
      const ids = (Array.isArray(previousProof) ? previousProof : [previousProof]).filter((x): x is string => typeof x === 'string')
      return signRaw({ document: await first(), signer: coSigner.signer, proof: eddsaProofOptions(coSigner, { id: SECOND, previousProof }), chainTo: ids })
    }

    it.each([
      ['a plain set of two proofs by two did:keys (the first by the issuer)', () => second()],
      ['a chain: the second proof\'s previousProof is the first proof\'s id (a string)', () => second(FIRST)],
      ['a chain: previousProof as an array of ids', () => second([FIRST])],
    ])('verifies %s (200)', async (_what, build) => {
      const vc = await build()
      expect((vc.proof as unknown[]).length).toBe(2)
      expectVerified(await verifyVc(vc))
    })

    it.each([
      ['previousProof naming a proof that is not there (string)', () => secondRaw('urn:uuid:00000000-0000-4000-8000-0000000000aa')],
      ['previousProof naming a proof that is not there (array)', () => secondRaw(['urn:uuid:00000000-0000-4000-8000-0000000000aa'])],
      ['previousProof that is a number (456321)', () => secondRaw(456321)],
      ['a set whose FIRST proof has a broken proofValue (the second is fine)', async () => {
        const vc = await second()
        const [p1, p2] = vc.proof as Json[]
        return { ...vc, proof: [{ ...p1, proofValue: multibaseEncode(new Uint8Array(64).fill(7)) }, p2] }
      }],
    ])('refuses %s (exactly 400: every proof of a set must verify)', async (_what, build) => {
      expectNotVerified(await verifyVc(await build()))
    })
  })
})

// =============================================================================================
// Bitstring Status List suite
// =============================================================================================

describe('Bitstring Status List suite: status entries and lists (§5)', () => {
  /** GET the status list credential (no auth) and check it as the suite does; its bits. */
  async function fetchList(url: unknown): Promise<{ slc: Json; bits: Buffer }> {
    const res = await call(server, 'GET', statusPath(url))
    expect(res.status, show(res)).toBe(200)
    const slc = res.json as Json
    expect(slc.type).toEqual(expect.arrayContaining(['BitstringStatusListCredential']))
    const subject = slc.credentialSubject as Json
    expect(subject.type).toBe('BitstringStatusList')
    const purpose = subject.statusPurpose
    expect(typeof purpose === 'string' || (Array.isArray(purpose) && purpose.every((p) => typeof p === 'string'))).toBe(true)
    expect(subject.encodedList).toMatch(/^u[A-Za-z0-9_-]+$/)
    const bits = decodeEncodedList(subject.encodedList as string)
    expect(bits.length, 'the decompressed list is at least 16 KB').toBeGreaterThanOrEqual(16 * 1024)
    return { slc, bits }
  }

  const expectEntry = (vc: Json) => expectStatusEntry(vc, t.tenant.id)

  it('adds a BitstringStatusListEntry to a credential that asks for none, and serves its list without auth (200, gzip base64url, ≥ 16 KB)', async () => {
    const vc = expectIssued(await issueCredential(bitstringCredential(t.tenant.issuer, subjectKey.did)))
    const entry = expectEntry(vc)
    const { slc, bits } = await fetchList(entry.statusListCredential)
    expect((slc.credentialSubject as Json).statusPurpose).toBe('revocation')
    expect(bitAt(bits, Number(entry.statusListIndex))).toBe(0)
  })

  it('refuses a credential with a malformed statusEntry property (statusListIndex true) (400)', async () => {
    const credential = bitstringCredential(t.tenant.issuer, subjectKey.did, { statusEntry: { type: 'BitstringStatusListEntry', statusListIndex: true, statusListCredential: 'https://example.com' } })
    expectRefused(await issueCredential(credential))
  })

  it('refuses the same malformed entry as credentialStatus (400 ERR_OB3_SERVER_STATUS_INVALID), rather than sign it', async () => {
    const credential = bitstringCredential(t.tenant.issuer, subjectKey.did, { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: true, statusListCredential: 'https://example.com' } })
    const res = await issueCredential(credential)
    expectRefused(res)
    expect(res.json.error.code).toBe('ERR_OB3_SERVER_STATUS_INVALID')
    expect(res.json.error.details.problems.map((p: { path: string }) => p.path)).toEqual(['/credential/credentialStatus/statusListIndex', '/credential/credentialStatus/statusListCredential'])
  })

  it('issues a VC 1.1 credential (issuanceDate) without a status entry unless asked (201, verified with proof and credentialStatus checks); asked, a StatusList2021Entry that revocation fails (ERR_OB3_STATUS_REVOKED); a BitstringStatusListEntry for it is a 400 ERR_OB3_SERVER_STATUS_UNSUPPORTED', async () => {
    const credential = () => ({ '@context': [V1], id: freshUrnUuid(), type: ['VerifiableCredential'], issuer: t.tenant.issuer, issuanceDate: '2025-01-01T00:00:00Z', credentialSubject: { id: subjectKey.did } })
    const vc = expectIssued(await issueCredential(credential()), '1.1')
    expect(vc).not.toHaveProperty('credentialStatus')
    expectVerified(await verifyVc(vc, { checks: ['proof', 'credentialStatus'] }))
    const asked = await issueCredential(credential(), { credentialStatus: { type: 'BitstringStatusListEntry' } })
    expectRefused(asked)
    expect(asked.json.error.code).toBe('ERR_OB3_SERVER_STATUS_UNSUPPORTED')

    const withStatus = expectIssued(await issueCredential(credential(), { credentialStatus: true }), '1.1')
    expect(withStatus['@context']).toEqual([V1, 'https://w3id.org/vc/status-list/2021/v1', 'https://w3id.org/security/data-integrity/v2'])
    expect(withStatus.credentialStatus).toMatchObject({ type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: expect.stringMatching(BASE10_INDEX) })
    expectVerified(await verifyVc(withStatus, { checks: ['proof', 'credentialStatus'] }))
    const changed = await call(server, 'POST', '/credentials/status', { body: { credentialId: withStatus.id, credentialStatus: { type: 'StatusList2021Entry', statusPurpose: 'revocation' } }, token: t.apiKey.token })
    expect(changed.status, show(changed)).toBe(200)
    const res = await verifyVc(withStatus, { checks: ['proof', 'credentialStatus'] })
    expectNotVerified(res)
    expect(res.json.errors.map((e: { code: string }) => e.code)).toContain('ERR_OB3_STATUS_REVOKED')
  })

  it('revokes: POST /credentials/status without status (200), POST <list>/publish {} (204), the bit reads 1, verification fails with ERR_OB3_STATUS_REVOKED (400)', async () => {
    const vc = expectIssued(await issueCredential(bitstringCredential(t.tenant.issuer, subjectKey.did)))
    const entry = expectEntry(vc)
    expectVerified(await verifyVc(vc, { checks: ['proof', 'credentialStatus'] }))

    const changed = await call(server, 'POST', '/credentials/status', {
      body: { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } },
      token: t.apiKey.token,
    })
    expect(changed.status, show(changed)).toBe(200)

    const published = await call(server, 'POST', `${statusPath(entry.statusListCredential)}/publish`, { body: {}, token: t.apiKey.token })
    expect(published.status, show(published)).toBe(204)

    const { bits } = await fetchList(entry.statusListCredential)
    expect(bitAt(bits, Number(entry.statusListIndex))).toBe(1)

    const res = await verifyVc(vc, { checks: ['proof', 'credentialStatus'] })
    expectNotVerified(res)
    expect(res.json.errors.map((e: { code: string }) => e.code)).toContain('ERR_OB3_STATUS_REVOKED')
  })

  it.each([
    ['statusListCredential "invalid-statusListCredential"', 'ERR_OB3_SERVER_STATUS_INVALID', (_slc: string) => ({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '3', statusListCredential: 'invalid-statusListCredential' })],
    ['credentialStatus.type "invalid-type"', 'ERR_OB3_JSONLD_SAFE_MODE', (slc: string) => ({ type: 'invalid-type', statusPurpose: 'revocation', statusListIndex: '3', statusListCredential: slc })],
  ])('refuses to issue a credential whose %s (400 %s); signed elsewhere, it fails verification (400)', async (_what, code, make) => {
    const reference = expectIssued(await issueCredential(bitstringCredential(t.tenant.issuer, subjectKey.did)))
    const credentialStatus = make(expectEntry(reference).statusListCredential as string)
    const refused = await issueCredential(bitstringCredential(t.tenant.issuer, subjectKey.did, { credentialStatus }))
    expectRefused(refused)
    expect(refused.json.error.code).toBe(code)
    // Signed by another issuer's software that does not hold to JSON-LD safe mode:
    const elsewhere = await signRaw({ document: bitstringCredential(eddsaIssuer.did, subjectKey.did, { credentialStatus }), signer: eddsaIssuer.signer, proof: eddsaProofOptions(eddsaIssuer), safe: false })
    expectNotVerified(await verifyVc(elsewhere, { checks: ['proof', 'credentialStatus'] }))
  })
})

// =============================================================================================
// The shared harness: OAuth2 and unauthenticated suites
// =============================================================================================

describe('VC-API harness: OAuth2 client credentials (§0.3)', () => {
  const form = (fields: Record<string, string>) => call(server, 'POST', '/oauth2/token', {
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })

  it.each([
    ['scope', 'the 2025 harness'],
    ['scopes', 'the older harness'],
  ])('grants a token for a form body with client_id, client_secret, audience and %s (%s): 200 {access_token, expires_in}; the token issues (201)', async (scopeKey) => {
    const res = await form({ grant_type: 'client_credentials', client_id: t.apiKey.id, client_secret: t.apiKey.token, audience: 'https://ob3.test/', [scopeKey]: 'issue:credentials' })
    expect(res.status, show(res)).toBe(200)
    expect(res.json).toMatchObject({ access_token: expect.any(String), expires_in: expect.any(Number) })
    const issued = await call(server, 'POST', '/credentials/issue', { body: { credential: vcdmCredential(t.tenant.issuer) }, token: res.json.access_token })
    expectIssued(issued)
  })
})

describe('VC-API harness: suites that send no auth (open tenant, §0.4 / §5.1)', () => {
  let open: Ob3Server
  let suite: CreatedTenant

  beforeAll(async () => {
    ;({ server: open } = await startServer({ openTenant: 'suite', rateLimits: { verify: false } }))
    suite = await tenant(open, 'suite')
  })

  it('issues without an Authorization header as the open tenant (201), and changes status the same way (200)', async () => {
    const res = await call(open, 'POST', '/credentials/issue', { body: { credential: bitstringCredential(suite.tenant.issuer, subjectKey.did) } })
    const vc = expectIssued(res)
    expect(vc.issuer).toBe(suite.tenant.issuer)
    expect((vc.proof as Json).verificationMethod).toBe(suite.tenant.verificationMethod)
    expectStatusEntry(vc, suite.tenant.id)
    const changed = await call(open, 'POST', '/credentials/status', { body: { credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } } })
    expect(changed.status, show(changed)).toBe(200)
  })

  it('still requires credentials to read records (GET /credentials without auth: 401)', async () => {
    const res = await call(open, 'GET', '/credentials')
    expect(res.status, show(res)).toBe(401)
  })

  it('answers 401 to an unauthenticated issue on a service without an open tenant', async () => {
    const res = await call(server, 'POST', '/credentials/issue', { body: { credential: vcdmCredential(t.tenant.issuer) } })
    expect(res.status, show(res)).toBe(401)
  })
})
