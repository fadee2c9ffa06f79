/**
 * Key binding: a proof's key counts as the issuer's only when the issuer's own controller document
 * (a did:web document, or an https controller document) lists it for the proof's purpose. A key
 * the document does not list for that purpose is refused, and a key taken from the credential
 * itself (`<URL>#<publicKeyMultibase>`) is never counted as confirmed. Documents come from an
 * injected fetch.
 */
import { describe, expect, it } from 'vitest'
import { createEd25519Signer, createResourceFetch, ed25519KeyFromSeed, resolveVerificationMethod } from '@ob3/core'
import { verify } from '../src/index.js'
import { NOW, checkOf, credential, sign } from './fixtures.js'

const DID = 'did:web:academy.example'
const DID_URL = 'https://academy.example/.well-known/did.json'
const CONTROLLER = 'https://academy.example/issuer.json'

async function keyOf(seed: number, controller: string, id: string) {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed), undefined, { controller, id })
  return { key, signer: await createEd25519Signer(key) }
}

/** A controller document for `id` with one Multikey, listed under the given relationships. */
function controllerDocument(id: string, publicKeyMultibase: string, listedFor: ('assertionMethod' | 'authentication')[]) {
  const doc: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/cid/v1'],
    id,
    verificationMethod: [{ id: `${id}#key-1`, type: 'Multikey', controller: id, publicKeyMultibase }],
    assertionMethod: [],
    authentication: [],
  }
  for (const r of listedFor) doc[r] = [`${id}#key-1`]
  return doc
}

/** A credential issued by `issuer`, signed with `signer`, verified with `resources` served. */
async function verifiedWith(issuer: string, signer: { id: string; sign: (b: Uint8Array) => Promise<Uint8Array> }, resources: Record<string, unknown>, keyBinding?: 'strict') {
  const signed = await sign(credential({ issuer: { id: issuer, signer: signer as never, key: undefined as never } }), signer as never)
  const fetch = createResourceFetch({ resources: Object.fromEntries(Object.entries(resources).map(([url, doc]) => [url, JSON.stringify(doc)])) })
  return verify({ input: signed, now: NOW, fetch, ...(keyBinding === undefined ? {} : { keyBinding }) })
}

describe('key binding through a did:web document', () => {
  it('a key the document lists under assertionMethod is the issuer\'s: the proof passes', async () => {
    const { key, signer } = await keyOf(21, DID, `${DID}#key-1`)
    const report = await verifiedWith(DID, signer, { [DID_URL]: controllerDocument(DID, key.publicKeyMultibase, ['assertionMethod']) })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed', message: `eddsa-rdfc-2022 signature is valid, made with ${DID}#key-1` })
    expect(report.verified).toBe(true)
  })

  it('a key the document lists only for authentication is refused for a credential (assertionMethod)', async () => {
    const { key, signer } = await keyOf(21, DID, `${DID}#key-1`)
    const report = await verifiedWith(DID, signer, { [DID_URL]: controllerDocument(DID, key.publicKeyMultibase, ['authentication']) })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: expect.stringMatching(/^ERR_OB3_/) })
    expect(report.verified).toBe(false)
    await expect(resolveVerificationMethod(`${DID}#key-1`, { fetch: createResourceFetch({ resources: { [DID_URL]: JSON.stringify(controllerDocument(DID, key.publicKeyMultibase, ['authentication'])) } }) }))
      .rejects.toMatchObject({ code: expect.stringMatching(/^ERR_OB3_/) })
  })

  it('a key the document does not hold at all is refused', async () => {
    const { signer } = await keyOf(21, DID, `${DID}#key-1`)
    const other = await keyOf(22, DID, `${DID}#key-1`)
    const report = await verifiedWith(DID, signer, { [DID_URL]: controllerDocument(DID, other.key.publicKeyMultibase, ['assertionMethod']) })
    expect(checkOf(report, 'proof').status).toBe('failed')
    expect(report.verified).toBe(false)
  })
})

describe('key binding through an https controller document', () => {
  it('a key the document lists under assertionMethod is bound to it', async () => {
    const { key, signer } = await keyOf(23, CONTROLLER, `${CONTROLLER}#key-1`)
    const fetch = createResourceFetch({ resources: { [CONTROLLER]: JSON.stringify(controllerDocument(CONTROLLER, key.publicKeyMultibase, ['assertionMethod'])) } })
    expect(await resolveVerificationMethod(`${CONTROLLER}#key-1`, { fetch })).toMatchObject({ controller: CONTROLLER, publicKeyMultibase: key.publicKeyMultibase, bound: true })
    const report = await verifiedWith(CONTROLLER, signer, { [CONTROLLER]: controllerDocument(CONTROLLER, key.publicKeyMultibase, ['assertionMethod']) })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })

  it('a key the document does not list for assertionMethod is refused, not counted as bound', async () => {
    const { key, signer } = await keyOf(23, CONTROLLER, `${CONTROLLER}#key-1`)
    const doc = controllerDocument(CONTROLLER, key.publicKeyMultibase, ['authentication'])
    const fetch = createResourceFetch({ resources: { [CONTROLLER]: JSON.stringify(doc) } })
    await expect(resolveVerificationMethod(`${CONTROLLER}#key-1`, { fetch })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_OB3_/) })
    expect(await resolveVerificationMethod(`${CONTROLLER}#key-1`, { fetch, purpose: 'authentication' })).toMatchObject({ bound: true })
    const report = await verifiedWith(CONTROLLER, signer, { [CONTROLLER]: doc })
    expect(checkOf(report, 'proof').status).toBe('failed')
    expect(report.verified).toBe(false)
  })
})

describe('a key taken from the credential itself (<URL>#<publicKeyMultibase>)', () => {
  it('is never counted as confirmed: a warning by default, a failure with keyBinding strict', async () => {
    const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(24))
    const { signer } = await keyOf(24, CONTROLLER, `${CONTROLLER}#${key.publicKeyMultibase}`)
    expect(await resolveVerificationMethod(`${CONTROLLER}#${key.publicKeyMultibase}`)).toMatchObject({ bound: false, controller: CONTROLLER })
    const lenient = await verifiedWith(CONTROLLER, signer, {})
    expect(checkOf(lenient, 'proof')).toMatchObject({ status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    const strict = await verifiedWith(CONTROLLER, signer, {}, 'strict')
    expect(checkOf(strict, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(strict.verified).toBe(false)
  })
})

describe('a verification method document that names a controller', () => {
  // A fetched verification method document's `controller` is only a claim: the key counts only
  // when the controller's own document lists it.
  it('is refused unless the controller\'s own document lists the key: its controller field is only a claim', async () => {
    const VM = 'https://elsewhere.example/vm.json'
    const { key, signer } = await keyOf(25, DID, VM)
    const issuersOwn = await keyOf(21, DID, `${DID}#key-1`)
    const resources = {
      // The key's own document claims the academy as its controller…
      [VM]: { '@context': ['https://www.w3.org/ns/cid/v1'], id: VM, type: 'Multikey', controller: DID, publicKeyMultibase: key.publicKeyMultibase },
      // …but the academy's DID document lists only its own key.
      [DID_URL]: controllerDocument(DID, issuersOwn.key.publicKeyMultibase, ['assertionMethod']),
    }
    const report = await verifiedWith(DID, signer, resources)
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
    expect(report.verified).toBe(false)
  })
})
