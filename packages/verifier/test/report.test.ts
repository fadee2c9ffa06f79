/**
 * The report contract (shared/DESIGN.md, "Contracts"): the 13 stable check ids in a fixed order,
 * each exactly once; `verified` false exactly when a check failed; four statuses; and the JSON
 * shape `ob3 verify --json` prints (`JSON.stringify` of the report).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, createResourceFetch } from '@ob3/core'
import { CHECK_IDS, finishReport, verify, type CheckResult, type VerificationReport, type VerifyOptions } from '@ob3/verifier'

const VECTORS = fileURLToPath(new URL('../../../test-vectors/', import.meta.url))
const NOW = new Date('2026-06-01T00:00:00Z')
const STATUSES = ['passed', 'failed', 'warning', 'skipped']

/** The check ids of the contract, in the order it lists them. */
const CONTRACT_IDS = ['parse', 'context', 'type', 'schema', 'proof', 'validity', 'status', 'endorsements', 'trust', 'recipient', 'artifacts', 'holder', 'expiry-of-share']

function vectorFile(name: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(VECTORS, name, file)))
}

function vectorJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(VECTORS, name, 'credential.json'), 'utf8')) as Record<string, unknown>
}

/** Reports on a spread of inputs: each format, valid and broken, unreadable, and a presentation. */
async function sampleReports(): Promise<[string, VerificationReport][]> {
  const statusList = vectorFile('revoked', 'status-list.json')
  const fetch = createResourceFetch({ resources: { 'https://institute.riverbend.example/status/revocation/1': statusList } })
  const inputs: [string, Omit<VerifyOptions, 'now'>][] = [
    ['valid JSON', { input: vectorFile('valid-eddsa-rdfc-2022', 'credential.json'), label: 'credential.json' }],
    ['valid VC-JWT', { input: vectorFile('valid-vc-jwt', 'credential.jwt'), label: 'credential.jwt' }],
    ['valid PNG', { input: vectorFile('valid-png-json', 'badge.png'), label: 'badge.png' }],
    ['valid SVG', { input: vectorFile('valid-svg-jwt', 'badge.svg'), label: 'badge.svg' }],
    ['a warning only', { input: vectorFile('valid-url-verification-method', 'credential.json') }],
    ['tampered', { input: vectorFile('tampered-name', 'credential.json'), label: 'tampered.json' }],
    ['revoked', { input: vectorFile('revoked', 'credential.json'), fetch }],
    ['unreadable', { input: vectorFile('png-truncated', 'badge.png'), label: 'truncated.png' }],
    ['not a credential', { input: 'hello', label: 'hello.txt' }],
    ['a presentation', { input: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [vectorJson('valid-eddsa-rdfc-2022')] }, label: 'vp.json' }],
  ]
  return Promise.all(inputs.map(async ([what, options]) => [what, await verify({ ...options, now: NOW })] as [string, VerificationReport]))
}

describe('CHECK_IDS', () => {
  it('lists the 13 stable check ids of the contract, in its order, each once', () => {
    expect([...CHECK_IDS]).toEqual(CONTRACT_IDS)
    expect(new Set(CHECK_IDS).size).toBe(13)
  })
})

describe('finishReport', () => {
  const base = { input: 'a.json', kind: 'credential' as const, format: 'ldp' as const }

  it('puts the checks in CHECK_IDS order and fills every missing id as skipped, with the reason given', () => {
    const checks: CheckResult[] = [
      { id: 'status', status: 'passed', message: 'not revoked' },
      { id: 'parse', status: 'passed', message: 'JSON' },
      { id: 'proof', status: 'warning', code: 'ERR_OB3_JWT_CLAIM_MISSING', message: 'no nbf' },
    ]
    const report = finishReport({ ...base, checks, skipReason: 'not run' })
    expect(report.checks.map((c) => c.id)).toEqual(CONTRACT_IDS)
    expect(report.checks.find((c) => c.id === 'status')).toEqual(checks[0])
    expect(report.checks.find((c) => c.id === 'proof')).toEqual(checks[2])
    expect(report.checks.filter((c) => c.status === 'skipped')).toHaveLength(10)
    expect(report.checks.find((c) => c.id === 'trust')).toEqual({ id: 'trust', status: 'skipped', message: 'not run' })
  })

  it('is verified when nothing failed, warnings and skips included', () => {
    expect(finishReport({ ...base, checks: [] }).verified).toBe(true)
    expect(finishReport({ ...base, checks: [{ id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: 'unbound key' }] }).verified).toBe(true)
  })

  it('is not verified when any one check failed, whichever it is', () => {
    for (const id of CHECK_IDS) {
      const report = finishReport({ ...base, checks: [{ id, status: 'failed', code: 'ERR_OB3_USAGE', message: 'failed' }] })
      expect(report.verified, id).toBe(false)
    }
  })

  it('keeps the credential summary when one is given, and adds none otherwise', () => {
    const credential = { id: 'urn:uuid:1', name: 'Kind Critiquing', issuer: 'did:key:z6Mk', issuerName: null, validFrom: '2026-01-01T00:00:00Z', validUntil: null }
    expect(finishReport({ ...base, checks: [], credential }).credential).toEqual(credential)
    expect('credential' in finishReport({ ...base, checks: [] })).toBe(false)
  })
})

describe('verify reports', async () => {
  const reports = await sampleReports()

  describe.each(reports)('on %s', (_what, report) => {
    it('lists every check id exactly once, in CHECK_IDS order', () => {
      expect(report.checks.map((c) => c.id)).toEqual(CONTRACT_IDS)
    })

    it('is verified exactly when no check failed', () => {
      expect(report.verified).toBe(!report.checks.some((c) => c.status === 'failed'))
    })

    it('uses only the four statuses, a stable code on every failure and warning, and a message on every check', () => {
      for (const c of report.checks) {
        expect(STATUSES, c.id).toContain(c.status)
        expect(typeof c.message, c.id).toBe('string')
        expect(c.message.length, c.id).toBeGreaterThan(0)
        if (c.status === 'failed' || c.status === 'warning') expect(ERROR_CODES, c.id).toContain(c.code)
        expect(Object.keys(c).every((k) => ['id', 'status', 'code', 'message'].includes(k)), c.id).toBe(true)
      }
    })

    it('serializes (ob3 verify --json) with input, verified, kind, format and checks', () => {
      const json = JSON.parse(JSON.stringify(report)) as Record<string, unknown>
      expect(Object.keys(json)).toEqual(expect.arrayContaining(['input', 'verified', 'kind', 'format', 'checks']))
      expect(typeof json.input).toBe('string')
      expect(typeof json.verified).toBe('boolean')
      expect(['credential', 'presentation']).toContain(json.kind)
      expect(['ldp', 'jwt', 'png', 'svg', 'link']).toContain(json.format)
      expect(json.checks).toEqual(report.checks)
      if (json.credential !== undefined) {
        expect(Object.keys(json.credential as object)).toEqual(expect.arrayContaining(['id', 'name', 'issuer', 'validFrom', 'validUntil']))
      }
    })
  })

  const byName = new Map(reports)

  it('names the input by its label, or "-" without one', () => {
    expect(byName.get('valid JSON')?.input).toBe('credential.json')
    expect(byName.get('a warning only')?.input).toBe('-')
  })

  it('gives the format of each kind of input', () => {
    expect(['valid JSON', 'valid VC-JWT', 'valid PNG', 'valid SVG', 'unreadable'].map((w) => byName.get(w)?.format)).toEqual(['ldp', 'jwt', 'png', 'svg', 'png'])
  })

  // Regression: the format of an unreadable VC-JWT file was guessed from string input only.
  it('gives format "jwt" for an unreadable VC-JWT file, as for the same text', async () => {
    const bytes = vectorFile('jwt-malformed', 'credential.jwt')
    expect((await verify({ input: new TextDecoder().decode(bytes), now: NOW })).format).toBe('jwt')
    expect((await verify({ input: bytes, now: NOW })).format).toBe('jwt')
  })

  it('summarizes the credential: id, name, issuer id, validFrom and validUntil (null when absent)', () => {
    const credential = vectorJson('valid-eddsa-rdfc-2022')
    const json = JSON.parse(JSON.stringify(byName.get('valid JSON'))) as VerificationReport
    expect(json.credential).toMatchObject({
      id: credential.id,
      name: 'Kind Critiquing',
      issuer: (credential.issuer as { id: string }).id,
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: null,
    })
  })

  it('fails only parse for an input that cannot be read, skipping the rest, with no credential summary', () => {
    for (const what of ['unreadable', 'not a credential']) {
      const report = byName.get(what) as VerificationReport
      expect(report.verified).toBe(false)
      expect(report.kind).toBe('credential')
      expect(report.checks[0]).toMatchObject({ id: 'parse', status: 'failed' })
      expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true)
      expect(report.credential).toBeUndefined()
    }
  })

  it('says a presentation is one (kind "presentation"), and fails its holder check rather than passing it unchecked', () => {
    const report = byName.get('a presentation') as VerificationReport
    expect(report.kind).toBe('presentation')
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'holder')?.status).toBe('failed')
  })

  it('is verified with a warning, and not verified with a failure', () => {
    expect(byName.get('a warning only')).toMatchObject({ verified: true })
    expect(byName.get('a warning only')?.checks.some((c) => c.status === 'warning')).toBe(true)
    expect(byName.get('tampered')?.verified).toBe(false)
    expect(byName.get('revoked')?.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_REVOKED' })
  })
})
