/**
 * Key binding: a key counts as the issuer's (the holder's) only when a document that the
 * issuer's (holder's) own identifier resolves to lists it for the proof's purpose. Each attack
 * below is a credential or presentation signed by someone else's key that names a real issuer
 * or holder; none may verify, and `trust` never passes for a key the issuer did not publish.
 */
import { describe, expect, it } from 'vitest'
import { createResourceFetch, ed25519PublicJwk, signLinkedDataProof, signVcJwt, toBase64Url, utf8, type Signer } from '@ob3/core'
import { isIssuerConfirmed, parseTrustRegistry, verify, type VerificationReport } from '../src/index.js'
import { NOW, SIGNED, checkOf, credential, parties, presentation, sign, signedPresentation, type Party } from './fixtures.js'

const { provider, teacher, stranger } = await parties()
const CHALLENGE = 'c0ffee-round-7'

/** A registry that trusts `id` as an issuer. */
const registryFor = (id: string) => parseTrustRegistry({ name: 'State approved providers', entries: [{ id, name: 'Northwind Educator Academy' }] })

/** A signer with the party's key that names another verification method. */
const as = (party: Party, id: string): Signer => ({ ...party.signer, id })

/** A fetch that serves these JSON documents by URL, and nothing else. */
const serve = (docs: Record<string, unknown>) => createResourceFetch({ resources: Object.fromEntries(Object.entries(docs).map(([url, doc]) => [url, JSON.stringify(doc)])) })

const multikey = (id: string, controller: string, party: Party) => ({ '@context': 'https://w3id.org/security/multikey/v1', id, type: 'Multikey', controller, publicKeyMultibase: party.key.publicKeyMultibase })

function expectKeyRefused(report: VerificationReport): void {
  expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  expect(report.verified).toBe(false)
}

describe('a did:key issuer', () => {
  const ATTACKER_VM = 'https://attacker.example/keys/1'

  it('refuses an https verification method whose bare Multikey claims the issuer as controller; trust does not pass though the registry lists the issuer', async () => {
    const signed = await sign(credential({ issuer: provider }), as(stranger, ATTACKER_VM))
    const fetch = serve({ [ATTACKER_VM]: multikey(ATTACKER_VM, provider.id, stranger) })
    const report = await verify({ input: signed, now: NOW, fetch, trust: registryFor(provider.id) })
    expectKeyRefused(report)
    expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    expect(checkOf(report, 'trust').message).toContain('unconfirmed')
    const warned = await verify({ input: signed, now: NOW, fetch, trust: registryFor(provider.id), trustPolicy: 'warn' })
    expect(checkOf(warned, 'trust')).toMatchObject({ status: 'warning', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    expect(warned.verified).toBe(false)
  })

  it('refuses an https controller document that lists the key under assertionMethod and calls itself the issuer', async () => {
    const vm = 'https://attacker.example/keys/doc#key-1'
    const signed = await sign(credential({ issuer: provider }), as(stranger, vm))
    const forms = [
      // The document names itself the victim, the key names the victim as controller.
      { id: provider.id, controller: provider.id, verificationMethod: [multikey(vm, provider.id, stranger)], assertionMethod: [vm] },
      // The document is honest about its URL, the key claims the victim.
      { id: 'https://attacker.example/keys/doc', verificationMethod: [multikey(vm, provider.id, stranger)], assertionMethod: [vm] },
      // The key is embedded under assertionMethod.
      { id: 'https://attacker.example/keys/doc', assertionMethod: [multikey(vm, provider.id, stranger)] },
      { id: provider.id, assertionMethod: [multikey('#key-1', provider.id, stranger)] },
    ]
    for (const doc of forms) {
      const report = await verify({ input: signed, now: NOW, fetch: serve({ 'https://attacker.example/keys/doc': doc }), trust: registryFor(provider.id) })
      expectKeyRefused(report)
      expect(checkOf(report, 'trust').status).not.toBe('passed')
    }
  })

  it('refuses another did:key, a did:web that claims the issuer, and an https URL with the key as fragment', async () => {
    const attackerDid = 'did:web:attacker.example'
    const webVm = `${attackerDid}#key-1`
    const didDoc = { '@context': ['https://www.w3.org/ns/did/v1'], id: attackerDid, verificationMethod: [multikey(webVm, provider.id, stranger)], assertionMethod: [webVm] }
    const fetch = serve({ 'https://attacker.example/.well-known/did.json': didDoc })
    for (const signer of [stranger.signer, as(stranger, webVm), as(stranger, `https://attacker.example/issuer#${stranger.key.publicKeyMultibase}`)]) {
      const report = await verify({ input: await sign(credential({ issuer: provider }), signer), now: NOW, fetch, trust: registryFor(provider.id) })
      expectKeyRefused(report)
      expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    }
  })

  it('refuses a VC-JWT whose header jwk is not the issuer\'s key; accepts the issuer\'s own key there', async () => {
    const unsigned = credential({ issuer: provider })
    const forged = await signVcJwt({ credential: unsigned, signer: stranger.signer, embedJwk: ed25519PublicJwk(stranger.key) as unknown as Record<string, unknown> })
    const report = await verify({ input: forged, now: NOW, trust: registryFor(provider.id) })
    expectKeyRefused(report)
    expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })

    const genuine = await signVcJwt({ credential: unsigned, signer: provider.signer, embedJwk: ed25519PublicJwk(provider.key) as unknown as Record<string, unknown> })
    const ok = await verify({ input: genuine, now: NOW, trust: registryFor(provider.id) })
    expect(checkOf(ok, 'proof').status).toBe('passed')
    expect(checkOf(ok, 'trust').status).toBe('passed')
    expect(ok.verified).toBe(true)
  })

  it('refuses a VC-JWT whose kid names an https key claiming the issuer', async () => {
    const forged = await signVcJwt({ credential: credential({ issuer: provider }), signer: as(stranger, ATTACKER_VM) })
    const report = await verify({ input: forged, now: NOW, fetch: serve({ [ATTACKER_VM]: multikey(ATTACKER_VM, provider.id, stranger) }) })
    expectKeyRefused(report)
  })

  it('still verifies the issuer\'s own key, bound, with trust passed', async () => {
    const report = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW, trust: registryFor(provider.id) })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(checkOf(report, 'trust')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })
})

describe('a did:web issuer', () => {
  const did = 'did:web:district.example'
  const didDoc = {
    '@context': ['https://www.w3.org/ns/did/v1'],
    id: did,
    verificationMethod: [multikey('#key-1', did, provider), multikey('#key-2', did, stranger)],
    assertionMethod: ['#key-1'],
    authentication: ['#key-2'],
  }
  const fetch = serve({ 'https://district.example/.well-known/did.json': didDoc })

  it('verifies a key its DID document lists under assertionMethod', async () => {
    const report = await verify({ input: await sign(credential({ issuer: { ...provider, id: did } }), as(provider, `${did}#key-1`)), now: NOW, fetch, trust: registryFor(did) })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(checkOf(report, 'trust').status).toBe('passed')
  })

  it('refuses a key its DID document does not list, lists only for authentication, or that an https key document claims for it', async () => {
    const vm = 'https://attacker.example/k'
    const withVm = serve({ 'https://district.example/.well-known/did.json': { ...didDoc, verificationMethod: [...didDoc.verificationMethod, multikey('#key-4', did, stranger)] }, [vm]: multikey(vm, did, stranger) })
    const cases: [Signer, string][] = [
      [as(stranger, `${did}#key-2`), 'ERR_OB3_PROOF_PURPOSE'],
      [as(stranger, `${did}#key-3`), 'ERR_OB3_VERIFICATION_METHOD_NOT_FOUND'],
      [as(stranger, `${did}#key-4`), 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'],
      [as(stranger, vm), 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'],
      [stranger.signer, 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'],
    ]
    for (const [signer, code] of cases) {
      const report = await verify({ input: await sign(credential({ issuer: { ...provider, id: did } }), signer), now: NOW, fetch: withVm, trust: registryFor(did) })
      expect(checkOf(report, 'proof'), signer.id).toMatchObject({ status: 'failed', code })
      expect(report.verified).toBe(false)
      expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    }
  })

  it('refuses a VC-JWT whose header jwk is a key its DID document does not publish for assertionMethod', async () => {
    const unsigned = credential({ issuer: { ...provider, id: did } })
    const forged = await signVcJwt({ credential: unsigned, signer: stranger.signer, embedJwk: ed25519PublicJwk(stranger.key) as unknown as Record<string, unknown> })
    expectKeyRefused(await verify({ input: forged, now: NOW, fetch }))
    const genuine = await signVcJwt({ credential: unsigned, signer: provider.signer, embedJwk: ed25519PublicJwk(provider.key) as unknown as Record<string, unknown> })
    expect(checkOf(await verify({ input: genuine, now: NOW, fetch }), 'proof').status).toBe('passed')
  })
})

describe('an https issuer', () => {
  const ISSUER = 'https://issuer.example/profile'
  const VM = 'https://issuer.example/keys/1'
  const profile = (extra: Record<string, unknown> = {}) => ({ '@context': ['https://www.w3.org/ns/credentials/v2'], id: ISSUER, type: 'Profile', name: 'Northwind Educator Academy', ...extra })
  const unsigned = credential({ issuer: { ...provider, id: ISSUER } })

  it('refuses a key document that claims the issuer when the issuer\'s own document does not list the key', async () => {
    const signed = await sign(unsigned, as(stranger, VM))
    for (const issuerDoc of [profile(), profile({ assertionMethod: ['https://issuer.example/keys/2'] }), profile({ authentication: [VM] })]) {
      const report = await verify({ input: signed, now: NOW, fetch: serve({ [VM]: multikey(VM, ISSUER, stranger), [ISSUER]: issuerDoc }), trust: registryFor(ISSUER) })
      expect(checkOf(report, 'proof').status).toBe('failed')
      expect(['ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', 'ERR_OB3_PROOF_PURPOSE']).toContain(checkOf(report, 'proof').code)
      expect(report.verified).toBe(false)
      expect(checkOf(report, 'trust').status).not.toBe('passed')
    }
    // The issuer's document cannot be fetched: nothing confirms the key.
    const unreachable = await verify({ input: signed, now: NOW, fetch: serve({ [VM]: multikey(VM, ISSUER, stranger) }), trust: registryFor(ISSUER) })
    expect(checkOf(unreachable, 'proof').status).toBe('failed')
    // A document served at the issuer's URL that names another id is not the issuer's document.
    const impostor = await verify({ input: signed, now: NOW, fetch: serve({ [VM]: multikey(VM, ISSUER, stranger), [ISSUER]: { ...profile({ assertionMethod: [VM] }), id: 'https://elsewhere.example/p' } }) })
    expect(checkOf(impostor, 'proof').status).toBe('failed')
  })

  it('verifies, bound, a key the issuer\'s own document lists under assertionMethod; trust passes', async () => {
    const signed = await sign(unsigned, as(provider, VM))
    for (const listed of [[VM], [multikey(VM, ISSUER, provider)]]) {
      const fetch = serve({ [VM]: multikey(VM, ISSUER, provider), [ISSUER]: profile({ assertionMethod: listed }) })
      const report = await verify({ input: signed, now: NOW, fetch, trust: registryFor(ISSUER) })
      expect(checkOf(report, 'proof')).toEqual({ id: 'proof', status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${VM}` })
      expect(checkOf(report, 'trust').status).toBe('passed')
      expect(report.verified).toBe(true)
    }
  })

  it('verifies a key in the issuer\'s own document named by fragment', async () => {
    const vm = `${ISSUER}#key-1`
    const fetch = serve({ [ISSUER]: profile({ verificationMethod: [multikey(vm, ISSUER, provider)], assertionMethod: ['#key-1'] }) })
    const report = await verify({ input: await sign(unsigned, as(provider, vm)), now: NOW, fetch, trust: registryFor(ISSUER) })
    expect(checkOf(report, 'proof').status).toBe('passed')
    expect(checkOf(report, 'trust').status).toBe('passed')
  })

  it('the lenient <issuer URL>#<publicKeyMultibase> form is a warning, and trust never passes (strict key binding fails it)', async () => {
    const signed = await sign(unsigned, as(stranger, `${ISSUER}#${stranger.key.publicKeyMultibase}`))
    const report = await verify({ input: signed, now: NOW, trust: registryFor(ISSUER) })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    expect(checkOf(report, 'trust').message).toContain('unconfirmed')
    expect(report.verified).toBe(false)
    const warned = await verify({ input: signed, now: NOW, trust: registryFor(ISSUER), trustPolicy: 'warn' })
    expect(checkOf(warned, 'trust')).toMatchObject({ status: 'warning', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
    expect(warned.verified).toBe(true)
    const strict = await verify({ input: signed, now: NOW, keyBinding: 'strict' })
    expect(checkOf(strict, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    // Without a registry, trust is skipped as before.
    expect(checkOf(await verify({ input: signed, now: NOW }), 'trust').status).toBe('skipped')
  })

  it('a VC-JWT with the key only in its header jwk is a warning, and trust never passes', async () => {
    const jwt = await signVcJwt({ credential: unsigned, signer: stranger.signer, embedJwk: ed25519PublicJwk(stranger.key) as unknown as Record<string, unknown> })
    const report = await verify({ input: jwt, now: NOW, trust: registryFor(ISSUER) })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(checkOf(report, 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_ISSUER_UNCONFIRMED' })
  })
})

describe('a presentation', () => {
  async function awarded() {
    return sign(credential({ issuer: provider, subject: { id: teacher.id } }), provider)
  }

  it('refuses a holder proof by an https key that claims the teacher, with the right challenge', async () => {
    const vm = 'https://attacker.example/keys/t'
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], signer: as(stranger, vm), challenge: CHALLENGE })
    const fetch = serve({ [vm]: multikey(vm, teacher.id, stranger) })
    const report = await verify({ input, now: NOW, fetch, challenge: CHALLENGE })
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(report.verified).toBe(false)
  })

  it('refuses a holder proof by another did:key, and a holder-less one whose https key claims the teacher', async () => {
    const other = await signedPresentation({ holder: teacher, credentials: [await awarded()], signer: stranger.signer, challenge: CHALLENGE })
    const r1 = await verify({ input: other, now: NOW, challenge: CHALLENGE })
    expect(checkOf(r1, 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(r1.verified).toBe(false)

    const vm = 'https://attacker.example/keys/t'
    const { holder: _, ...unnamed } = presentation({ holder: teacher, credentials: [await awarded()] })
    const holderless = await signLinkedDataProof({ document: unnamed, signer: as(stranger, vm), proofPurpose: 'authentication', challenge: CHALLENGE, created: SIGNED })
    const r2 = await verify({ input: holderless, now: NOW, challenge: CHALLENGE, fetch: serve({ [vm]: multikey(vm, teacher.id, stranger) }) })
    expect(checkOf(r2, 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(r2.verified).toBe(false)
  })

  it('refuses a VP-JWT whose iss is the teacher and whose header jwk is another key', async () => {
    const payload = { ...presentation({ holder: teacher, credentials: [await awarded()] }), iss: teacher.id, nonce: CHALLENGE }
    const header = { alg: 'EdDSA', typ: 'JWT', jwk: ed25519PublicJwk(stranger.key) }
    const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
    const jwt = `${input}.${toBase64Url(await stranger.signer.sign(utf8(input)))}`
    const report = await verify({ input: jwt, now: NOW, challenge: CHALLENGE })
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(report.verified).toBe(false)
  })

  it('still verifies the teacher\'s own proof', async () => {
    const input = await signedPresentation({ holder: teacher, credentials: [await awarded()], challenge: CHALLENGE })
    const report = await verify({ input, now: NOW, challenge: CHALLENGE })
    expect(checkOf(report, 'holder').status).toBe('passed')
    expect(report.verified).toBe(true)
  })
})

describe('isIssuerConfirmed', () => {
  it('is true only when the proof is by a key the issuer publishes', async () => {
    const ISSUER = 'https://issuer.example/profile'
    const genuine = await verify({ input: await sign(credential({ issuer: provider }), provider), now: NOW })
    expect(isIssuerConfirmed(genuine)).toBe(true)
    const lenient = await verify({ input: await sign(credential({ issuer: { ...provider, id: ISSUER } }), as(provider, `${ISSUER}#${provider.key.publicKeyMultibase}`)), now: NOW })
    expect(checkOf(lenient, 'proof').status).toBe('warning')
    expect(isIssuerConfirmed(lenient)).toBe(false)
    const forged = await verify({ input: await sign(credential({ issuer: provider }), stranger), now: NOW })
    expect(isIssuerConfirmed(forged)).toBe(false)
    const awarded = await sign(credential({ issuer: provider, subject: { id: teacher.id } }), provider)
    const vp = await verify({ input: await signedPresentation({ holder: teacher, credentials: [awarded] }), now: NOW })
    expect(isIssuerConfirmed(vp)).toBe(true)
  })
})
