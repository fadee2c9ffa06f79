/**
 * `resolveVerificationMethod` and `resolvePublishedKeys`, refusal by refusal and form by form:
 * each refusal with its code and whole message (a verifier's report repeats it to the person who
 * reads it), each key form (Multikey, Ed25519 / P-256 / RSA JWK) with what it resolves to, the
 * lifetime of a method at the instant and a millisecond either side, and the document shapes a
 * key can be listed in (a reference, an embedded method, a relative `#id`).
 */
import { describe, expect, it } from 'vitest'
import { createResourceFetch, ed25519KeyFromSeed, ed25519PublicJwk, resolvePublishedKeys, resolveVerificationMethod, type Ed25519Multikey } from '@ob3/core'

const alice = await ed25519KeyFromSeed(new Uint8Array(32).fill(31))
const mallory = await ed25519KeyFromSeed(new Uint8Array(32).fill(32))
const serve = (docs: Record<string, unknown>) => createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([u, d]) => [u, typeof d === 'string' ? d : JSON.stringify(d)])) })
const multikey = (id: string, controller: string, key: Ed25519Multikey, extra: Record<string, unknown> = {}) => ({ id, type: 'Multikey', controller, publicKeyMultibase: key.publicKeyMultibase, ...extra })
/** What a promise was refused with: its code and message. */
const refusal = (p: Promise<unknown>) => p.then(() => ({ code: 'resolved', message: '' }), (err: { code?: string; message: string }) => ({ code: err.code, message: err.message }))

const ISSUER = 'https://issuer.example/profile'
const VM = `${ISSUER}#key-1`
const WEB = 'did:web:district.example'
const WEB_URL = 'https://district.example/.well-known/did.json'

describe('resolveVerificationMethod refuses, saying why', () => {
  it('a proof that names no verification method, or one of a scheme it cannot look up', async () => {
    for (const id of ['', undefined as unknown as string, 7 as unknown as string]) {
      expect(await refusal(resolveVerificationMethod(id))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: 'the proof names no verification method' })
    }
    for (const id of ['urn:uuid:1#k', 'ftp://issuer.example/k', 'xhttps://issuer.example/k', 'issuer.example/k#z6Mk']) {
      expect(await refusal(resolveVerificationMethod(id))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `cannot resolve verification method ${id}` })
    }
  })

  it('a DID document that lists no key for the purpose, or not the one named', async () => {
    const fetch = serve({ [WEB_URL]: { id: WEB, verificationMethod: [multikey(`${WEB}#a`, WEB, alice)], authentication: ['#a'] } })
    expect(await refusal(resolveVerificationMethod(WEB, { fetch }))).toEqual({ code: 'ERR_OB3_PROOF_PURPOSE', message: `${WEB} lists no key for assertionMethod` })
    expect(await refusal(resolveVerificationMethod(`${WEB}#b`, { fetch }))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `${WEB}#b is not in ${WEB}` })
    // Without a fragment, the first key listed for the purpose.
    expect(await resolveVerificationMethod(WEB, { fetch, purpose: 'authentication' })).toEqual({ id: `${WEB}#a`, controller: WEB, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
  })

  it('a key listed for another purpose (naming it), and a key not listed at all', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)], capabilityInvocation: [VM] } })
    expect(await refusal(resolveVerificationMethod(VM, { fetch }))).toEqual({ code: 'ERR_OB3_PROOF_PURPOSE', message: `${VM} is authorized by ${ISSUER} for capabilityInvocation, not for assertionMethod` })
    const unlisted = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)], assertionMethod: [] } })
    expect(await refusal(resolveVerificationMethod(VM, { fetch: unlisted }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `${VM} names ${ISSUER} as its controller, but the document of ${ISSUER} does not list it for assertionMethod: a key's own claim of its controller is not enough`,
    })
  })

  it('a document that names itself something else than its address', async () => {
    const fetch = serve({ [ISSUER]: { id: 'https://other.example/profile', assertionMethod: [multikey(VM, ISSUER, alice)] } })
    expect(await refusal(resolveVerificationMethod(VM, { fetch }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED',
      message: `the document at ${ISSUER} names itself "https://other.example/profile": a document speaks for the identifier at its own address only, so it cannot authorize ${VM}`,
    })
  })

  it('a method with no controller, or whose controller cannot be looked up', async () => {
    const bare = 'https://keys.example/k1'
    expect(await refusal(resolveVerificationMethod(bare, { fetch: serve({ [bare]: { id: bare, type: 'Multikey', publicKeyMultibase: alice.publicKeyMultibase } }) }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `verification method ${bare} names no controller, so nothing can confirm whose key it is`,
    })
    for (const controller of ['urn:uuid:controller', 'https://issuer.example/profile#me']) {
      expect(await refusal(resolveVerificationMethod(bare, { fetch: serve({ [bare]: multikey(bare, controller, alice) }) }))).toEqual({
        code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the controller ${controller} is neither a DID nor an https URL, so its document cannot be looked up`,
      })
    }
    const elsewhere = serve({ [bare]: multikey(bare, ISSUER, alice), [ISSUER]: { id: 'https://other.example/', assertionMethod: [bare] } })
    expect(await refusal(resolveVerificationMethod(bare, { fetch: elsewhere }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the document at ${ISSUER} names itself "https://other.example/", so it is not the controller document of ${ISSUER}`,
    })
  })

  it('a controller that lists the key with another controller', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, assertionMethod: [multikey(VM, 'https://other.example/', alice)], verificationMethod: [multikey(VM, ISSUER, alice)] } })
    // The method as dereferenced (the first match) names the issuer; the issuer's listed copy names someone else.
    expect(await refusal(resolveVerificationMethod(VM, { fetch }))).toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    const listedOther = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)], assertionMethod: [multikey(VM, 'https://other.example/', mallory)] } })
    expect(await refusal(resolveVerificationMethod(VM, { fetch: listedOther }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `${ISSUER} lists ${VM}, but with another controller (https://other.example/)`,
    })
  })

  it('a document that is not JSON, or not a JSON object', async () => {
    expect(await refusal(resolveVerificationMethod(VM, { fetch: serve({ [ISSUER]: 'not json' }) }))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `${ISSUER} is not a JSON document` })
    for (const body of ['[1]', 'null', '"text"']) {
      expect(await refusal(resolveVerificationMethod(VM, { fetch: serve({ [ISSUER]: body }) })), body).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `${ISSUER} is not a JSON object` })
    }
  })

  it('a key of no supported type', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [{ id: VM, type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: { kty: 'OKP', crv: 'X25519', x: 'AAAA' } }], assertionMethod: [VM] } })
    expect(await refusal(resolveVerificationMethod(VM, { fetch }))).toEqual({
      code: 'ERR_OB3_KEY_UNSUPPORTED', message: `verification method ${VM} has no supported key (Ed25519 Multikey or JWK, P-256 or RSA JWK)`,
    })
    const none = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [{ id: VM, type: 'Multikey', controller: ISSUER }], assertionMethod: [VM] } })
    expect((await refusal(resolveVerificationMethod(VM, { fetch: none }))).code).toBe('ERR_OB3_KEY_UNSUPPORTED')
  })
})

describe('resolveVerificationMethod reads', () => {
  it('`<URL>#<publicKeyMultibase>` without fetching anything, unbound', async () => {
    let fetched = 0
    const fetch = (async () => { fetched++; return new Response('{}') }) as typeof globalThis.fetch
    expect(await resolveVerificationMethod(`${ISSUER}#${alice.publicKeyMultibase}`, { fetch })).toEqual({ id: `${ISSUER}#${alice.publicKeyMultibase}`, controller: ISSUER, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: false })
    expect(fetched).toBe(0)
    expect((await refusal(resolveVerificationMethod(`${ISSUER}#z6Mkbroken`, { fetch }))).code).toBe('ERR_OB3_KEY_INVALID')
  })

  it('Ed25519, P-256 and RSA JWKs; a relative controller is read against the document', async () => {
    const p256 = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' }
    const rsa = { kty: 'RSA', n: 'sXch', e: 'AQAB' }
    const fetch = serve({
      [ISSUER]: {
        id: ISSUER,
        verificationMethod: [
          { id: '#ed', type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: ed25519PublicJwk(alice) },
          { id: '#p256', type: 'JsonWebKey', controller: '#', publicKeyJwk: p256 },
          { id: `${ISSUER}#rsa`, type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: rsa },
        ],
        assertionMethod: ['#ed', `${ISSUER}#p256`, '#rsa'],
      },
    })
    expect(await resolveVerificationMethod(`${ISSUER}#ed`, { fetch })).toEqual({ id: `${ISSUER}#ed`, controller: ISSUER, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
    // A relative controller is read against the document: `#` names `<document>#`, a URL with a fragment, no controller document.
    expect(await refusal(resolveVerificationMethod(`${ISSUER}#p256`, { fetch }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the controller ${ISSUER}# is neither a DID nor an https URL, so its document cannot be looked up`,
    })
    expect(await resolveVerificationMethod(`${ISSUER}#rsa`, { fetch })).toEqual({ id: `${ISSUER}#rsa`, controller: ISSUER, keyType: 'RSA', publicKeyJwk: rsa, bound: true })
    const p256Own = serve({ [ISSUER]: { id: ISSUER, assertionMethod: [{ id: '#p256', type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: p256 }] } })
    expect(await resolveVerificationMethod(`${ISSUER}#p256`, { fetch: p256Own })).toEqual({ id: `${ISSUER}#p256`, controller: ISSUER, keyType: 'P-256', publicKeyJwk: p256, bound: true })
  })

  it('a key embedded under another relationship and listed by reference for the purpose', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, authentication: [multikey(VM, ISSUER, alice)], assertionMethod: [VM] } })
    expect(await resolveVerificationMethod(VM, { fetch })).toEqual({ id: VM, controller: ISSUER, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
  })

  it('a bare key document whose id is its URL, bound by its controller\'s document (JWK form too)', async () => {
    const bare = 'https://keys.example/k1'
    const fetch = serve({ [bare]: { id: bare, type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: ed25519PublicJwk(alice) }, [ISSUER]: { id: ISSUER, assertionMethod: [bare] } })
    expect(await resolveVerificationMethod(bare, { fetch })).toEqual({ id: bare, controller: ISSUER, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
  })
})

describe('a verification method\'s lifetime', () => {
  const at = '2026-03-01T12:00:00.000Z'
  const doc = (extra: Record<string, unknown>) => serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice, extra)], assertionMethod: [VM] } })
  const ms = (delta: number) => new Date(Date.parse(at) + delta)

  it('ends at its expires instant (ERR_OB3_PROOF_EXPIRED), not a millisecond before', async () => {
    expect((await resolveVerificationMethod(VM, { fetch: doc({ expires: at }), now: ms(-1) })).bound).toBe(true)
    for (const now of [ms(0), ms(1)]) {
      expect(await refusal(resolveVerificationMethod(VM, { fetch: doc({ expires: at }), now }))).toEqual({ code: 'ERR_OB3_PROOF_EXPIRED', message: `verification method ${VM} was only valid until ${at}` })
    }
  })

  it('ends at its revoked instant (ERR_OB3_PROOF_KEY_NOT_AUTHORIZED), not a millisecond before', async () => {
    expect((await resolveVerificationMethod(VM, { fetch: doc({ revoked: at }), now: ms(-1) })).bound).toBe(true)
    for (const now of [ms(0), ms(1)]) {
      expect(await refusal(resolveVerificationMethod(VM, { fetch: doc({ revoked: at }), now }))).toEqual({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `verification method ${VM} was revoked ${at}` })
    }
  })

  it('cannot be read from a date that is not one', async () => {
    for (const [field, value] of [['expires', 'soon'], ['revoked', 20260301], ['expires', null]] as const) {
      expect(await refusal(resolveVerificationMethod(VM, { fetch: doc({ [field]: value }), now: ms(0) })), `${field} ${String(value)}`).toEqual({
        code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `verification method ${VM} has an unreadable ${field} date`,
      })
    }
  })
})

describe('resolvePublishedKeys', () => {
  it('lists each usable key for the purpose, by reference or embedded, and leaves out what it cannot use', async () => {
    const fetch = serve({
      [WEB_URL]: {
        id: WEB,
        verificationMethod: [multikey(`${WEB}#a`, WEB, alice), multikey(`${WEB}#old`, WEB, mallory, { expires: '2020-01-01T00:00:00Z' }), { id: `${WEB}#x`, type: 'JsonWebKey', controller: WEB, publicKeyJwk: { kty: 'OKP', crv: 'X25519', x: 'AAAA' } }],
        assertionMethod: ['#a', multikey('#b', WEB, mallory), '#old', '#x', '#missing', { type: 'Multikey' }, 7, null],
      },
    })
    expect(await resolvePublishedKeys(WEB, { fetch })).toEqual([
      { id: `${WEB}#a`, controller: WEB, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true },
      { id: `${WEB}#b`, controller: WEB, keyType: 'Ed25519', publicKeyMultibase: mallory.publicKeyMultibase, bound: true },
    ])
    expect(await resolvePublishedKeys(WEB, { fetch, purpose: 'authentication' })).toEqual([])
  })

  it('reads an https controller document at its own address only', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, assertionMethod: [multikey(VM, ISSUER, alice)] } })
    expect((await resolvePublishedKeys(ISSUER, { fetch })).map((k) => k.id)).toEqual([VM])
    expect(await refusal(resolvePublishedKeys(ISSUER, { fetch: serve({ [ISSUER]: { id: 'https://other.example/' } }) }))).toMatchObject({ code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })
})

describe('resolveVerificationMethod, to the letter', () => {
  /** What a promise was refused with, details too. */
  const refused = (p: Promise<unknown>) => p.then(() => ({ code: 'resolved' as string | undefined, message: '', details: undefined as unknown }), (err: { code?: string; message: string; details?: unknown }) => ({ code: err.code, message: err.message, details: err.details }))
  const notFound = (async () => new Response('gone', { status: 404 })) as typeof globalThis.fetch

  it('names what it was fetching when a fetch fails: the verification method, or its controller\'s document', async () => {
    expect(await refused(resolveVerificationMethod(VM, { fetch: notFound }))).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: `verification method ${ISSUER} answered HTTP 404` })
    const bare = 'https://keys.example/k1'
    const half = (async (url: string | URL | Request) => (String(url) === bare ? new Response(JSON.stringify(multikey(bare, ISSUER, alice))) : new Response('gone', { status: 404 }))) as typeof globalThis.fetch
    expect(await refused(resolveVerificationMethod(bare, { fetch: half }))).toMatchObject({ code: 'ERR_OB3_FETCH_FAILED', message: `controller document ${ISSUER} answered HTTP 404` })
  })

  it('asks for a DID or JSON document (Accept)', async () => {
    const accepts: (string | null)[] = []
    const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      accepts.push(new Headers(init?.headers).get('accept'))
      return new Response(JSON.stringify({ id: ISSUER, assertionMethod: [multikey(VM, ISSUER, alice)] }), { headers: { 'content-type': 'application/json' } })
    }) as typeof globalThis.fetch
    await resolveVerificationMethod(VM, { fetch })
    expect(accepts).toEqual(['application/did+json, application/json, application/ld+json'])
  })

  it('reads http: ids and controllers as well as https:', async () => {
    const issuer = 'http://issuer.example/profile'
    const bare = 'http://keys.example/k1'
    const fetch = serve({ [bare]: multikey(bare, issuer, alice), [issuer]: { id: issuer, assertionMethod: [bare] } })
    expect(await resolveVerificationMethod(bare, { fetch })).toEqual({ id: bare, controller: issuer, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
    for (const controller of ['urn:https://issuer.example/profile', 'xhttp://issuer.example/profile']) {
      expect(await refused(resolveVerificationMethod(bare, { fetch: serve({ [bare]: multikey(bare, controller, alice) }) }))).toEqual({
        code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `the controller ${controller} is neither a DID nor an https URL, so its document cannot be looked up`, details: { controller },
      })
    }
  })

  it('takes a key from the method the id names, never from key material at the top of a controller document', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, controller: ISSUER, publicKeyMultibase: mallory.publicKeyMultibase, verificationMethod: [multikey(VM, ISSUER, alice)], assertionMethod: [VM] } })
    expect((await resolveVerificationMethod(VM, { fetch })).publicKeyMultibase).toBe(alice.publicKeyMultibase)
    // Nor when the method is only listed by reference and defined nowhere: the id names no method.
    const referenced = serve({ [ISSUER]: { id: ISSUER, controller: ISSUER, publicKeyMultibase: mallory.publicKeyMultibase, assertionMethod: [VM] } })
    expect(await refused(resolveVerificationMethod(VM, { fetch: referenced }))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `${VM} is not in ${ISSUER}`, details: { id: VM } })
    // A document at the id's own address with no key material is no bare key: the id must be a method in it.
    const bare = 'https://keys.example/k1'
    const empty = serve({ [bare]: { id: bare, type: 'Multikey', controller: ISSUER }, [ISSUER]: { id: ISSUER, assertionMethod: [bare] } })
    expect(await refused(resolveVerificationMethod(bare, { fetch: empty }))).toEqual({ code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `${bare} is not in ${bare}`, details: { id: bare } })
  })

  it('reads a controller that is not a string as the document\'s own, and an empty one as none', async () => {
    const fetch = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [{ ...multikey(VM, ISSUER, alice), controller: [ISSUER] }], assertionMethod: [VM] } })
    expect(await resolveVerificationMethod(VM, { fetch })).toEqual({ id: VM, controller: ISSUER, keyType: 'Ed25519', publicKeyMultibase: alice.publicKeyMultibase, bound: true })
    const bare = 'https://keys.example/k1'
    expect(await refused(resolveVerificationMethod(bare, { fetch: serve({ [bare]: multikey(bare, '', alice) }) }))).toEqual({
      code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `verification method ${bare} names no controller, so nothing can confirm whose key it is`, details: { id: bare },
    })
  })

  it('refuses JWKs of other curves and types, and a null JWK', async () => {
    const x = (ed25519PublicJwk(alice) as unknown as { x: string }).x
    for (const jwk of [{ kty: 'EC', crv: 'Ed25519', x }, { kty: 'EC', crv: 'P-384', x, y: x }, { kty: 'OKP', crv: 'P-256', x, y: x }, null]) {
      const fetch = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [{ id: VM, type: 'JsonWebKey', controller: ISSUER, publicKeyJwk: jwk }], assertionMethod: [VM] } })
      expect(await refused(resolveVerificationMethod(VM, { fetch })), JSON.stringify(jwk)).toEqual({
        code: 'ERR_OB3_KEY_UNSUPPORTED', message: `verification method ${VM} has no supported key (Ed25519 Multikey or JWK, P-256 or RSA JWK)`, details: { id: VM, type: 'JsonWebKey' },
      })
    }
  })

  it('cannot read a lifetime that is a number or a boolean, though a date string could be made of it', async () => {
    for (const [field, value] of [['revoked', 1], ['expires', true]] as const) {
      const fetch = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice, { [field]: value })], assertionMethod: [VM] } })
      expect(await refused(resolveVerificationMethod(VM, { fetch, now: new Date('2026-03-01T00:00:00Z') }))).toEqual({
        code: 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND', message: `verification method ${VM} has an unreadable ${field} date`, details: { id: VM },
      })
    }
  })

  it('gives each refusal its details', async () => {
    expect((await refused(resolveVerificationMethod('urn:uuid:1#k'))).details).toEqual({ id: 'urn:uuid:1#k' })
    expect((await refused(resolveVerificationMethod(VM, { fetch: serve({ [ISSUER]: { id: 'https://other.example/profile' } }) }))).details).toEqual({ id: VM, documentId: 'https://other.example/profile' })
    const web = serve({ [WEB_URL]: { id: WEB, verificationMethod: [multikey(`${WEB}#a`, WEB, alice)], assertionMethod: ['#a'] } })
    expect((await refused(resolveVerificationMethod(`${WEB}#b`, { fetch: web }))).details).toEqual({ id: `${WEB}#b` })
    const otherPurpose = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)], authentication: [VM] } })
    expect((await refused(resolveVerificationMethod(VM, { fetch: otherPurpose }))).details).toEqual({ id: VM, purpose: 'assertionMethod', controller: ISSUER })
    const unlisted = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)] } })
    expect((await refused(resolveVerificationMethod(VM, { fetch: unlisted }))).details).toEqual({ id: VM, purpose: 'assertionMethod', controller: ISSUER })
    const listedOther = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice)], assertionMethod: [multikey(VM, 'https://other.example/', mallory)] } })
    expect((await refused(resolveVerificationMethod(VM, { fetch: listedOther }))).details).toEqual({ id: VM, controller: ISSUER })
    const bare = 'https://keys.example/k1'
    expect((await refused(resolveVerificationMethod(bare, { fetch: serve({ [bare]: multikey(bare, 'urn:x', alice) }) }))).details).toEqual({ controller: 'urn:x' })
    expect((await refused(resolveVerificationMethod(bare, { fetch: serve({ [bare]: multikey(bare, ISSUER, alice), [ISSUER]: { id: 'https://other.example/' } }) }))).details).toEqual({ controller: ISSUER, documentId: 'https://other.example/' })
    expect((await refused(resolveVerificationMethod(VM, { fetch: serve({ [ISSUER]: 'not json' }) }))).details).toEqual({ url: ISSUER })
    expect((await refused(resolveVerificationMethod(VM, { fetch: serve({ [ISSUER]: '[]' }) }))).details).toEqual({ url: ISSUER })
    const expired = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice, { expires: '2020-01-01T00:00:00Z' })], assertionMethod: [VM] } })
    expect((await refused(resolveVerificationMethod(VM, { fetch: expired }))).details).toEqual({ id: VM })
    const revoked = serve({ [ISSUER]: { id: ISSUER, verificationMethod: [multikey(VM, ISSUER, alice, { revoked: '2020-01-01T00:00:00Z' })], assertionMethod: [VM] } })
    expect((await refused(resolveVerificationMethod(VM, { fetch: revoked }))).details).toEqual({ id: VM })
  })

  it('leaves out of resolvePublishedKeys a listed key that has no id', async () => {
    const fetch = serve({ [WEB_URL]: { id: WEB, assertionMethod: [{ type: 'Multikey', controller: WEB, publicKeyMultibase: mallory.publicKeyMultibase }, multikey('#a', WEB, alice)] } })
    expect((await resolvePublishedKeys(WEB, { fetch })).map((k) => [k.id, k.publicKeyMultibase])).toEqual([[`${WEB}#a`, alice.publicKeyMultibase]])
  })
})
