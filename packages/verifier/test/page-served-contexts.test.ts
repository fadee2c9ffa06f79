/**
 * `ob3 page --resources`: the page reads the URLs its server maps and hands them to verify() as
 * allowed contexts, so a mapped JSON-LD context reaches the page's verifier (from the server's copy).
 */
import { CREDENTIALS_V2_URL, createDocumentLoader, signLinkedDataProof } from '@ob3/core'
import { describe, expect, it } from 'vitest'
import { servedResourceFetch, servedResourceUrls } from '../page/lib/served-resources.js'
import { verify } from '../src/index.js'
import { NOW, SIGNED, checkOf, credential, parties } from './fixtures.js'

const DCC_URL = 'https://w3id.org/dcc/v1'
const DCC_CONTEXT = { '@context': { learnerRecordNote: 'https://w3id.org/dcc#learnerRecordNote' } }

/** The page's server: its index and the copies it serves, on its own origin. */
function pageServer(index: Record<string, string>, files: Record<string, string>): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = []
  const serve = (async (input: string | URL | Request): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input)
    asked.push(url)
    if (url === '/resources.json') return new Response(JSON.stringify(index))
    const body = files[url]
    return body === undefined ? new Response('no', { status: 404 }) : new Response(body)
  }) as unknown as typeof globalThis.fetch
  return { fetch: serve, asked }
}

describe('the page and mapped contexts', () => {
  it('lists only http(s) URLs of the index, none without one', async () => {
    const server = pageServer({ [DCC_URL]: '/resources/0', 'ftp://x.example/y': '/resources/1' }, {})
    expect(await servedResourceUrls(server.fetch, '/resources.json')).toEqual([DCC_URL])
    expect(await servedResourceUrls(server.fetch, null)).toEqual([])
    expect(await servedResourceUrls(pageServer({}, {}).fetch, '/missing.json')).toEqual([])
  })

  it('a credential with a mapped context verifies with the served copy; without the map it is refused', async () => {
    const { provider } = await parties()
    const unsigned: Record<string, unknown> = { ...credential({ issuer: provider }), learnerRecordNote: 'Issued through a DCC wallet' }
    unsigned['@context'] = [CREDENTIALS_V2_URL, 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', DCC_URL]
    const input = await signLinkedDataProof({ document: unsigned, signer: provider.signer, created: SIGNED, documentLoader: createDocumentLoader({ contexts: { [DCC_URL]: DCC_CONTEXT } }) }) as Record<string, unknown>
    const server = pageServer({ [DCC_URL]: '/resources/0' }, { '/resources/0': JSON.stringify(DCC_CONTEXT) })
    const allowContexts = await servedResourceUrls(server.fetch, '/resources.json')
    const report = await verify({ input, now: NOW, fetch: servedResourceFetch(server.fetch, '/resources.json'), allowContexts })
    expect(checkOf(report, 'context')).toMatchObject({ status: 'passed' })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed' })
    expect(server.asked).toContain('/resources/0')
    const bare = await verify({ input, now: NOW, fetch: servedResourceFetch(server.fetch, null) })
    expect(checkOf(bare, 'context')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' })
  })
})
