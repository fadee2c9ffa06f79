/**
 * JSON-LD contexts ob3 does not bundle (a DCC-style `https://w3id.org/dcc/v1`): accepted and used
 * for canonicalization only when a resources map serves them or the caller allows them by URL;
 * refused otherwise, with the code that says why.
 */
import { CREDENTIALS_V2_URL, createDocumentLoader, createEd25519Signer, createResourceFetch, encodeShareLink, signLinkedDataProof } from '@ob3/core'
import { describe, expect, it } from 'vitest'
import { verify } from '../src/index.js'
import { NOW, SIGNED, checkOf, credential, parties } from './fixtures.js'

const DCC_URL = 'https://w3id.org/dcc/v1'
const OB_303 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** A context in the manner of the Digital Credentials Consortium's: terms the credential uses. */
const DCC_CONTEXT = {
  '@context': {
    '@protected': true,
    registryEntry: { '@id': 'https://w3id.org/dcc#registryEntry', '@type': '@id' },
    learnerRecordNote: 'https://w3id.org/dcc#learnerRecordNote',
  },
}
/** The same terms bound to other IRIs: what a swapped context file would make the credential say. */
const OTHER_CONTEXT = {
  '@context': {
    registryEntry: { '@id': 'https://attacker.example/registryEntry', '@type': '@id' },
    learnerRecordNote: 'https://attacker.example/note',
  },
}

async function dccCredential(subject?: string): Promise<Record<string, unknown>> {
  const { provider } = await parties()
  const unsigned = credential({ issuer: provider, ...(subject === undefined ? {} : { subject: { id: subject } }) })
  unsigned['@context'] = [CREDENTIALS_V2_URL, OB_303, DCC_URL]
  unsigned.registryEntry = 'https://registry.dcconsortium.org/issuers/northwind'
  unsigned.learnerRecordNote = 'Issued through the DCC Learner Credential Wallet'
  const documentLoader = createDocumentLoader({ contexts: { [DCC_URL]: DCC_CONTEXT } })
  return signLinkedDataProof({ document: unsigned, signer: provider.signer, created: SIGNED, documentLoader }) as Promise<Record<string, unknown>>
}

const json = (value: unknown) => JSON.stringify(value)

describe('unbundled JSON-LD contexts', () => {
  it('a context the resources map serves passes context and is canonicalized: the proof verifies', async () => {
    const report = await verify({ input: await dccCredential(), now: NOW, fetch: createResourceFetch({ resources: { [DCC_URL]: json(DCC_CONTEXT) } }) })
    expect(checkOf(report, 'context')).toMatchObject({ status: 'passed' })
    expect(checkOf(report, 'context').message).toContain(DCC_URL)
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })

  it('an unmapped one is refused with ERR_OB3_CONTEXT_NOT_ALLOWED, with a map or with no fetch at all', async () => {
    const input = await dccCredential()
    for (const options of [{ fetch: createResourceFetch({ resources: { 'https://other.example/x': '{}' } }) }, {}]) {
      const report = await verify({ input, now: NOW, ...options })
      expect(checkOf(report, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
      expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
      expect(report.verified).toBe(false)
    }
  })

  it('a network fetch alone does not make a context acceptable: it must be allowed by URL', async () => {
    const input = await dccCredential()
    let asked = 0
    const network = (async () => {
      asked++
      return new Response(json(DCC_CONTEXT), { headers: { 'content-type': 'application/ld+json' } })
    }) as unknown as typeof fetch
    const refused = await verify({ input, now: NOW, fetch: network })
    expect(checkOf(refused, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
    expect(asked).toBe(0)
    const allowed = await verify({ input, now: NOW, fetch: network, allowContexts: [DCC_URL] })
    expect(checkOf(allowed, 'context')).toMatchObject({ status: 'passed' })
    expect(checkOf(allowed, 'proof')).toMatchObject({ status: 'passed' })
    // Read once for the context check and every canonicalization of this verification.
    expect(asked).toBe(1)
  })

  it('an allowed context goes through the safe fetch: a private address is refused', async () => {
    const input = await dccCredential()
    const local = 'http://127.0.0.1:8080/dcc/v1'
    ;(input['@context'] as string[])[2] = local
    const network = (async () => new Response(json(DCC_CONTEXT))) as unknown as typeof fetch
    const report = await verify({ input, now: NOW, fetch: network, allowContexts: [local] })
    expect(checkOf(report, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_FETCH_FORBIDDEN' })
  })

  it('an allowed context larger than 256 KiB is refused with ERR_OB3_INPUT_TOO_LARGE', async () => {
    const big = { '@context': { ...DCC_CONTEXT['@context'], padding: 'https://w3id.org/dcc#' + 'x'.repeat(300 * 1024) } }
    const network = (async () => new Response(json(big))) as unknown as typeof fetch
    const report = await verify({ input: await dccCredential(), now: NOW, fetch: network, allowContexts: [DCC_URL] })
    expect(checkOf(report, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_INPUT_TOO_LARGE' })
  })

  it('a mapped file that is not a JSON-LD context fails context with ERR_OB3_CONTEXT_INVALID', async () => {
    const input = await dccCredential()
    for (const body of ['{"not": "a context"}', 'not json']) {
      const report = await verify({ input, now: NOW, fetch: createResourceFetch({ resources: { [DCC_URL]: body } }) })
      expect(checkOf(report, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID' })
    }
  })

  it('a mapped context that gives the terms another meaning makes the proof fail', async () => {
    const report = await verify({ input: await dccCredential(), now: NOW, fetch: createResourceFetch({ resources: { [DCC_URL]: json(OTHER_CONTEXT) } }) })
    expect(checkOf(report, 'context')).toMatchObject({ status: 'passed' })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('a share link\'s credential gets the mapped context too', async () => {
    const { teacher } = await parties()
    const presentation = await signLinkedDataProof({
      document: { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], holder: teacher.id, verifiableCredential: [await dccCredential(teacher.id)] },
      signer: await createEd25519Signer(teacher.key),
      proofPurpose: 'authentication',
      created: SIGNED,
      documentLoader: createDocumentLoader({ contexts: { [DCC_URL]: DCC_CONTEXT } }),
    })
    const link = await encodeShareLink({ baseUrl: 'https://verify.example/', document: { v: 1, presentation, artifacts: [] }, maxLength: 100_000 })
    const mapped = await verify({ input: link, now: NOW, fetch: createResourceFetch({ resources: { [DCC_URL]: json(DCC_CONTEXT) } }) })
    expect(checkOf(mapped, 'context')).toMatchObject({ status: 'passed' })
    expect(mapped.verified).toBe(true)
    const unmapped = await verify({ input: link, now: NOW, fetch: createResourceFetch({ resources: {} }) })
    expect(checkOf(unmapped, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
  })

  it('allowContexts must be http(s) URLs', async () => {
    await expect(verify({ input: '{}', allowContexts: ['file:///etc/passwd'] })).rejects.toThrow(TypeError)
  })
})
