/**
 * The page's trust registries (page/lib/trust.ts, no DOM needed): read only from the page's own
 * server, checked as `ob3 verify --trust` checks them; and who they trust — never an issuer or
 * endorser whose own key did not sign.
 */
import { describe, expect, it } from 'vitest'
import { combineRegistries, endorserTrustedOn, issuerTrustedOn, loadPageRegistries, onThe } from '../page/lib/trust.js'
import { finishReport, parseTrustRegistry, type EndorsementResult } from '../src/index.js'

const ORIGIN = 'https://verify.lakeland.example'
const lakeland = parseTrustRegistry({ name: 'Lakeland Registry of Approved Providers', entries: [{ id: 'did:example:northwind', name: 'Northwind' }, { id: 'did:example:state', name: 'State', trustedFor: ['endorser'] }] })
const riverbend = parseTrustRegistry({ name: 'the Riverbend List', entries: [{ id: 'did:example:state', name: 'State', trustedFor: ['endorser'], validUntil: '2026-03-01T00:00:00Z' }] })
const NOW = new Date('2026-02-01T00:00:00Z')

function answering(status: number, body: unknown): { fetch: typeof fetch; asked: string[] } {
  const asked: string[] = []
  const fetch = (async (url: string) => {
    asked.push(url)
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  }) as unknown as typeof globalThis.fetch
  return { fetch, asked }
}

describe('loadPageRegistries', () => {
  it('reads and checks the registries the page\'s server publishes', async () => {
    const server = answering(200, { registries: [lakeland, riverbend] })
    const got = await loadPageRegistries(new URL(`${ORIGIN}/trust-registries.json`), ORIGIN, server.fetch)
    expect(got.map((r) => r.name)).toEqual(['Lakeland Registry of Approved Providers', 'the Riverbend List'])
    expect(server.asked).toEqual([`${ORIGIN}/trust-registries.json`])
  })

  it('refuses another origin, an error answer, and an invalid registry', async () => {
    const server = answering(200, { registries: [lakeland] })
    await expect(loadPageRegistries(new URL('https://elsewhere.example/trust-registries.json'), ORIGIN, server.fetch)).rejects.toThrow(/page's own server/)
    expect(server.asked).toEqual([])
    await expect(loadPageRegistries(new URL(`${ORIGIN}/t.json`), ORIGIN, answering(404, {}).fetch)).rejects.toThrow('the server answered 404 for its trusted lists')
    await expect(loadPageRegistries(new URL(`${ORIGIN}/t.json`), ORIGIN, answering(200, { registries: [{ name: 'x' }] }).fetch)).rejects.toMatchObject({ code: 'ERR_OB3_TRUST_REGISTRY_INVALID' })
    await expect(loadPageRegistries(new URL(`${ORIGIN}/t.json`), ORIGIN, answering(200, [lakeland]).fetch)).rejects.toThrow(/not a list of registries/)
  })
})

describe('who the registries trust', () => {
  const confirmed = finishReport({ input: 'x', kind: 'credential', format: 'ldp', checks: [{ id: 'proof', status: 'passed', message: 'ok' }], credential: { id: null, name: null, issuer: 'did:example:northwind', issuerName: 'Northwind', validFrom: null, validUntil: null } })
  const unconfirmed = finishReport({ ...confirmed, checks: [{ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'key from the credential' }] })
  const endorsement: EndorsementResult = { id: null, endorser: { id: 'did:example:state', name: 'State' }, endorses: 'x', what: 'achievement', comment: null, verified: true, format: 'ldp', source: 'embedded', path: '$', depth: 0 }

  it('names the registries that list a confirmed issuer or endorser, for its role and today', () => {
    expect(issuerTrustedOn(confirmed, [lakeland, riverbend], NOW)).toEqual(['Lakeland Registry of Approved Providers'])
    expect(endorserTrustedOn(endorsement, [lakeland, riverbend], NOW)).toEqual(['Lakeland Registry of Approved Providers', 'the Riverbend List'])
    expect(endorserTrustedOn(endorsement, [lakeland, riverbend], new Date('2026-04-01T00:00:00Z'))).toEqual(['Lakeland Registry of Approved Providers'])
  })

  it('names none for an issuer or endorser whose key is not confirmed', () => {
    expect(issuerTrustedOn(unconfirmed, [lakeland], NOW)).toEqual([])
    expect(endorserTrustedOn({ ...endorsement, warnings: [{ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'x' }] }, [lakeland], NOW)).toEqual([])
    expect(endorserTrustedOn({ ...endorsement, verified: false }, [lakeland], NOW)).toEqual([])
  })

  it('says "on the …" once per registry, and combines registries for verify', () => {
    expect(onThe(['Lakeland Registry of Approved Providers'])).toBe('on the Lakeland Registry of Approved Providers')
    expect(onThe(['A List', 'the Riverbend List'])).toBe('on the A List and the Riverbend List')
    expect(onThe(['A', 'B', 'C'])).toBe('on the A, the B and the C')
    expect(combineRegistries([])).toBeUndefined()
    expect(combineRegistries([lakeland])).toBe(lakeland)
    expect(combineRegistries([lakeland, riverbend])).toEqual({ name: 'Lakeland Registry of Approved Providers and the Riverbend List', entries: [...lakeland.entries, ...riverbend.entries] })
  })
})
