/**
 * Properties (fast-check), each over a bounded number of random cases:
 * - any single change to a signed credential (embedded proof or VC-JWT) or to a signed
 *   presentation never verifies;
 * - a credential signed with any key its issuer does not publish never verifies, whatever form
 *   the verification method takes, and `trust` never passes for it;
 * - random hostile documents (credentials, key and controller documents) never make `verify()`
 *   or the key resolver throw anything but a coded error.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  createEd25519Signer,
  createResourceFetch,
  ed25519KeyFromSeed,
  ed25519PublicJwk,
  fromBase64Url,
  fromUtf8,
  isOb3Error,
  resolveVerificationMethod,
  signVcJwt,
  toBase64Url,
  utf8,
  type Signer,
} from '@ob3/core'
import { parseTrustRegistry, verify } from '../src/index.js'
import { NOW, checkOf, credential, parties, sign, signedPresentation, type Party } from './fixtures.js'

const { provider, teacher } = await parties()
const CHALLENGE = 'prop-challenge-1'
/** Generous: the machine may be busy; nothing here asserts time. */
const TIMEOUT = 300_000

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Path = (string | number)[]

/** Every path below the root of a JSON value, with the node found there. */
function nodes(value: Json, prefix: Path = []): { path: Path; node: Json }[] {
  const out: { path: Path; node: Json }[] = []
  if (Array.isArray(value)) value.forEach((v, i) => out.push({ path: [...prefix, i], node: v }, ...nodes(v, [...prefix, i])))
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push({ path: [...prefix, k], node: v }, ...nodes(v, [...prefix, k]))
  return out
}

function parentOf(root: Json, path: Path): Json {
  let node = root
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step] as Json
  return node
}

/** One change to a JSON document: a value replaced, a character changed, a member removed or added. */
type Mutation =
  | { kind: 'replace'; path: Path; value: Json }
  | { kind: 'tweak'; path: Path; at: number; char: string }
  | { kind: 'remove'; path: Path }
  | { kind: 'add'; path: Path; key: string; value: Json }

function mutations(doc: Json): fc.Arbitrary<Mutation> {
  const all = nodes(doc)
  const strings = all.filter((n) => typeof n.node === 'string' && n.node !== '')
  const objects: Path[] = [[], ...all.filter((n) => n.node !== null && typeof n.node === 'object' && !Array.isArray(n.node)).map((n) => n.path)]
  const current = (path: Path) => JSON.stringify(path.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step] as Json, doc))
  return fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...all.map((n) => n.path)), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> })
      .filter((m) => JSON.stringify(m.value) !== current(m.path)),
    fc.record({ kind: fc.constant('tweak' as const), path: fc.constantFrom(...strings.map((n) => n.path)), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
    fc.record({ kind: fc.constant('remove' as const), path: fc.constantFrom(...all.map((n) => n.path)) }),
    fc.record({
      kind: fc.constant('add' as const),
      path: fc.constantFrom(...objects),
      // `__proto__` and its kin are the JSON parser's business, tested where it is.
      key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k)),
      value: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>,
    }),
  )
}

/** The document with the mutation applied, or undefined when it would not change anything. */
function apply(doc: Json, m: Mutation): Json | undefined {
  const copy = structuredClone(doc)
  if (m.kind === 'add') {
    const target = m.path.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step] as Json, copy) as Record<string, Json>
    if (Object.hasOwn(target, m.key)) return undefined
    Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
    return copy
  }
  const parent = parentOf(copy, m.path) as Record<string | number, Json>
  const last = m.path[m.path.length - 1] as string | number
  if (m.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete parent[last]
  } else if (m.kind === 'replace') {
    parent[last] = m.value
  } else {
    const text = parent[last] as string
    const at = m.at % text.length
    if (text[at] === m.char) return undefined
    parent[last] = text.slice(0, at) + m.char + text.slice(at + 1)
  }
  return JSON.stringify(copy) === JSON.stringify(doc) ? undefined : copy
}

const settings = (numRuns: number) => ({ numRuns, seed: 20260601, endOnFailure: true })

describe('any single change to something signed never verifies', () => {
  it('a credential with an eddsa-rdfc-2022 proof', { timeout: TIMEOUT }, async () => {
    const signed = (await sign(credential({ issuer: provider }), provider)) as Json
    expect((await verify({ input: JSON.stringify(signed), now: NOW })).verified).toBe(true)
    let tried = 0
    await fc.assert(fc.asyncProperty(mutations(signed), async (m) => {
      const changed = apply(signed, m)
      fc.pre(changed !== undefined)
      tried++
      const report = await verify({ input: JSON.stringify(changed), now: NOW })
      expect(report.verified, JSON.stringify(m)).toBe(false)
    }), settings(120))
    expect(tried).toBeGreaterThan(60)
  })

  it('a VC-JWT (its header or its payload)', { timeout: TIMEOUT }, async () => {
    const jwt = await signVcJwt({ credential: credential({ issuer: provider }), signer: provider.signer })
    expect((await verify({ input: jwt, now: NOW })).verified).toBe(true)
    const [h, p, s] = jwt.split('.') as [string, string, string]
    const header = JSON.parse(fromUtf8(fromBase64Url(h))) as Json
    const payload = JSON.parse(fromUtf8(fromBase64Url(p))) as Json
    const encode = (v: Json) => toBase64Url(utf8(JSON.stringify(v)))
    const part = fc.oneof(
      mutations(header).map((m) => ({ part: 'header' as const, m })),
      mutations(payload).map((m) => ({ part: 'payload' as const, m })),
    )
    await fc.assert(fc.asyncProperty(part, async ({ part: which, m }) => {
      const changed = apply(which === 'header' ? header : payload, m)
      fc.pre(changed !== undefined)
      const forged = which === 'header' ? `${encode(changed)}.${p}.${s}` : `${h}.${encode(changed)}.${s}`
      expect((await verify({ input: forged, now: NOW })).verified, JSON.stringify({ which, m })).toBe(false)
    }), settings(120))
  })

  it('a presentation signed by its holder, with the challenge asked for', { timeout: TIMEOUT }, async () => {
    const awarded = await sign(credential({ issuer: provider, subject: { id: teacher.id } }), provider)
    const vp = (await signedPresentation({ holder: teacher, credentials: [awarded], challenge: CHALLENGE })) as Json
    expect((await verify({ input: JSON.stringify(vp), now: NOW, challenge: CHALLENGE })).verified).toBe(true)
    await fc.assert(fc.asyncProperty(mutations(vp), async (m) => {
      const changed = apply(vp, m)
      fc.pre(changed !== undefined)
      const report = await verify({ input: JSON.stringify(changed), now: NOW, challenge: CHALLENGE })
      expect(report.verified, JSON.stringify(m)).toBe(false)
    }), settings(80))
  })
})

describe('a key the issuer does not publish never verifies', () => {
  const host = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/), fc.constantFrom('example', 'test', 'example.org')).map(([a, b]) => `${a}.${b}`)
  const path = fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }).map((p) => p.join('/'))
  const FORMS = ['did:key', 'https-bare', 'https-doc', 'https-doc-as-victim', 'did:web-claims', 'https-fragment', 'victim-vm', 'jwt-jwk', 'jwt-kid-https'] as const
  const seed = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((s) => !s.every((b) => b === 11))

  const multikey = (id: string, controller: string, publicKeyMultibase: string) => ({ id, type: 'Multikey', controller, publicKeyMultibase })
  const serve = (docs: Record<string, unknown>) => createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([u, d]) => [u, JSON.stringify(d)])) })
  const webIssuer = 'did:web:district.example'
  const webDoc = { id: webIssuer, verificationMethod: [multikey(`${webIssuer}#key-1`, webIssuer, provider.key.publicKeyMultibase)], assertionMethod: ['#key-1'] }

  /** The attacker's credential and the documents the attacker serves. */
  async function attack(victim: string, form: (typeof FORMS)[number], attacker: Party, h: string, p: string): Promise<{ input: Record<string, unknown> | string; docs: Record<string, unknown> }> {
    const mb = attacker.key.publicKeyMultibase
    const url = `https://${h}/${p}`
    const unsigned = credential({ issuer: { ...provider, id: victim } })
    const by = (id: string): Signer => ({ ...attacker.signer, id })
    switch (form) {
      case 'did:key': return { input: await sign(unsigned, attacker.signer), docs: {} }
      case 'https-bare': return { input: await sign(unsigned, by(url)), docs: { [url]: multikey(url, victim, mb) } }
      case 'https-doc': return { input: await sign(unsigned, by(`${url}#k`)), docs: { [url]: { id: url, verificationMethod: [multikey(`${url}#k`, victim, mb)], assertionMethod: [`${url}#k`] } } }
      case 'https-doc-as-victim': return { input: await sign(unsigned, by(`${url}#k`)), docs: { [url]: { id: victim, controller: victim, assertionMethod: [multikey(`${url}#k`, victim, mb)] } } }
      case 'did:web-claims': {
        const did = `did:web:${h}`
        return { input: await sign(unsigned, by(`${did}#k`)), docs: { [`https://${h}/.well-known/did.json`]: { id: did, verificationMethod: [multikey(`${did}#k`, victim, mb)], assertionMethod: [`${did}#k`] } } }
      }
      case 'https-fragment': return { input: await sign(unsigned, by(`${url}#${mb}`)), docs: {} }
      case 'victim-vm': return { input: await sign(unsigned, by(victim === webIssuer ? `${webIssuer}#key-1` : provider.key.id)), docs: {} }
      case 'jwt-jwk': return { input: await signVcJwt({ credential: unsigned, signer: attacker.signer, embedJwk: ed25519PublicJwk(attacker.key) as unknown as Record<string, unknown> }), docs: {} }
      case 'jwt-kid-https': return { input: await signVcJwt({ credential: unsigned, signer: by(url) }), docs: { [url]: multikey(url, victim, mb) } }
    }
  }

  it('for a did:key or did:web issuer: proof fails, trust does not pass', { timeout: TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(seed, fc.constantFrom(provider.id, webIssuer), fc.constantFrom(...FORMS), host, path, async (bytes, victim, form, h, p) => {
      fc.pre(h !== 'district.example')
      const key = await ed25519KeyFromSeed(bytes)
      const attacker: Party = { key, signer: await createEd25519Signer(key), id: key.controller }
      const { input, docs } = await attack(victim, form, attacker, h, p)
      const fetch = serve({ ...docs, 'https://district.example/.well-known/did.json': webDoc })
      const trust = parseTrustRegistry({ name: 'Registry', entries: [{ id: victim, name: 'Victim' }] })
      const report = await verify({ input, now: NOW, fetch, trust })
      const label = `${form} against ${victim}`
      expect(report.verified, label).toBe(false)
      expect(checkOf(report, 'proof').status, label).toBe('failed')
      expect(checkOf(report, 'trust').status, label).not.toBe('passed')
    }), settings(60))
  })

  it('for an https issuer: the proof is never passed, and trust never passes', { timeout: TIMEOUT }, async () => {
    const issuer = 'https://issuer.example/profile'
    const profile = { id: issuer, type: 'Profile', name: 'Victim', assertionMethod: ['https://issuer.example/keys/real'] }
    await fc.assert(fc.asyncProperty(seed, fc.constantFrom(...FORMS), host, path, async (bytes, form, h, p) => {
      fc.pre(h !== 'issuer.example')
      const key = await ed25519KeyFromSeed(bytes)
      const attacker: Party = { key, signer: await createEd25519Signer(key), id: key.controller }
      const { input, docs } = await attack(issuer, form, attacker, h, p)
      const fetch = serve({ ...docs, [issuer]: profile })
      const trust = parseTrustRegistry({ name: 'Registry', entries: [{ id: issuer, name: 'Victim' }] })
      const report = await verify({ input, now: NOW, fetch, trust })
      expect(report.verified, form).toBe(false)
      expect(checkOf(report, 'proof').status, form).not.toBe('passed')
      expect(checkOf(report, 'trust').status, form).not.toBe('passed')
    }), settings(50))
  })
})

describe('hostile documents never crash the verifier', () => {
  const URLS = ['https://h.example/a', 'https://h.example/a#k', 'https://h.example/b', 'https://h.example/b#z6Mk', 'https://h.example/c#key-1']
  const ids = fc.oneof(fc.constantFrom(...URLS, provider.id, provider.key.id, 'did:web:h.example', 'did:web:h.example#k', 'did:jwk:e30', '#k', ''), fc.string({ maxLength: 20 }))
  const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>
  const method = fc.record({
    id: ids,
    type: fc.constantFrom('Multikey', 'JsonWebKey', 'Ed25519VerificationKey2020'),
    controller: fc.oneof(ids, anyJson),
    publicKeyMultibase: fc.oneof(fc.constant(provider.key.publicKeyMultibase), fc.string({ maxLength: 60 }), anyJson),
    publicKeyJwk: fc.oneof(fc.constant(ed25519PublicJwk(provider.key) as unknown as Json), anyJson),
    expires: fc.oneof(fc.constant('2020-01-01T00:00:00Z'), anyJson),
    revoked: anyJson,
  }, { requiredKeys: [] })
  const relationship = fc.oneof(fc.array(fc.oneof(ids, method), { maxLength: 4 }), anyJson)
  const document = fc.oneof(
    fc.record({ id: ids, controller: fc.oneof(ids, anyJson), verificationMethod: fc.oneof(fc.array(method, { maxLength: 4 }), anyJson), assertionMethod: relationship, authentication: relationship }, { requiredKeys: [] }),
    method,
    anyJson,
  )
  const documents = fc.record({
    a: document, b: document, c: document, web: document,
  })
  const fetchFor = (d: { a: unknown; b: unknown; c: unknown; web: unknown }) => serve({
    'https://h.example/a': d.a, 'https://h.example/b': d.b, 'https://h.example/c': d.c, 'https://h.example/.well-known/did.json': d.web,
  })
  function serve(docs: Record<string, unknown>) {
    return createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([u, d]) => [u, JSON.stringify(d) ?? 'null'])) })
  }

  it('the key resolver throws only coded errors', { timeout: TIMEOUT }, async () => {
    await fc.assert(fc.asyncProperty(ids, documents, fc.constantFrom('assertionMethod' as const, 'authentication' as const), async (id, docs, purpose) => {
      try {
        const key = await resolveVerificationMethod(id, { fetch: fetchFor(docs), purpose, now: NOW })
        expect(typeof key.controller).toBe('string')
      } catch (err) {
        expect(isOb3Error(err), String(err)).toBe(true)
      }
    }), settings(200))
  })

  it('verify() returns a report for credentials whose keys point at hostile documents', { timeout: TIMEOUT }, async () => {
    const signed = await sign(credential({ issuer: provider }), provider)
    await fc.assert(fc.asyncProperty(ids, fc.oneof(ids, anyJson), documents, async (vm, issuer, docs) => {
      const input = { ...signed, issuer, proof: { ...(signed.proof as Record<string, unknown>), verificationMethod: vm } }
      const report = await verify({ input: JSON.stringify(input), now: NOW, fetch: fetchFor(docs), trust: parseTrustRegistry({ name: 'R', entries: [{ id: provider.id, name: 'P' }] }) })
      expect(report.checks.length).toBeGreaterThan(0)
      expect(report.verified).toBe(false)
    }), settings(100))
  })

  it('verify() returns a report for random JSON and random text', { timeout: TIMEOUT }, async () => {
    const shaped = fc.record({
      '@context': fc.oneof(fc.constant(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']), anyJson),
      type: fc.oneof(fc.constant(['VerifiableCredential', 'OpenBadgeCredential']), fc.constant(['VerifiablePresentation']), anyJson),
      issuer: fc.oneof(ids, anyJson),
      holder: fc.oneof(ids, anyJson),
      credentialSubject: anyJson,
      verifiableCredential: anyJson,
      proof: fc.oneof(fc.record({ type: fc.constant('DataIntegrityProof'), cryptosuite: fc.constant('eddsa-rdfc-2022'), verificationMethod: ids, proofPurpose: fc.constantFrom('assertionMethod', 'authentication'), proofValue: fc.string() }), anyJson),
    }, { requiredKeys: [] })
    await fc.assert(fc.asyncProperty(fc.oneof(shaped, anyJson, fc.string({ maxLength: 200 })), documents, async (input, docs) => {
      const report = await verify({ input: typeof input === 'string' ? input : JSON.stringify(input), now: NOW, fetch: fetchFor(docs) })
      expect(report.checks.length).toBeGreaterThan(0)
      expect(report.verified).toBe(false)
    }), settings(150))
  })
})
