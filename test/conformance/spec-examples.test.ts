// The OB 3.0 spec appendix examples (Basic, Complete, Endorsement, File contents), each as an
// embedded eddsa-rdfc-2022 proof and as a VC-JWT RS256, verified offline with @ob3/verifier's
// `verify`. Read in place from ../shared/ob3/vectors (never copied into the repo).
//
// What is right for each, per shared/ob3/FACTS.md §2 and shared/ob3/vectors/README.md:
// - The top-level proof verifies, but its key is not bound to the issuer: the embedded proofs name
//   `<issuer URL>#<publicKeyMultibase>` (the key is the fragment; the issuer URL does not resolve)
//   and the JWTs carry their key in the header `jwk`. In the default lenient key binding the proof
//   check is therefore a `warning` with ERR_OB3_PROOF_KEY_NOT_AUTHORIZED, not `passed`.
// - The JWTs carry iss, jti and sub but no nbf, although OB 3.0 requires it: the proof message says so.
// - Complete and Endorsement reference a 1EdTechRevocationList at hosts that do not exist
//   (1edtech.edu, state.gov). Offline, revocation cannot be looked up: the status check fails with
//   ERR_OB3_STATUS_UNAVAILABLE (it must neither pass silently nor crash).
// - Complete embeds five endorsements with placeholder proofs (cryptosuite eddsa-rdf-2022,
//   proofValue = key fragment), on the credential, its issuer, its achievement and the
//   achievement's creator. They cannot verify (and they expired in 2020, and their revocation
//   list cannot be fetched offline): the `endorsements` check fails with
//   ERR_OB3_ENDORSEMENT_INVALID and lists each, while the credential's own proof still verifies.
//   The other examples embed no endorsement: the check is `skipped`.
import { readFileSync } from 'node:fs'
import { verify, type CheckResult, type VerificationReport, type VerifyInput } from '@ob3/verifier'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const VECTORS = new URL('../../../shared/ob3/vectors/', import.meta.url)

// One clock for every example. It is after every validFrom (2010-01-01T00:00:00Z) and after every
// proof's `created` (2024-04-03T13:53:29Z), and before the only validUntil (2030-01-01T00:00:00Z,
// Complete and Endorsement), so every example is inside its validity period and the validity check
// can pass everywhere.
const NOW = new Date('2025-06-01T00:00:00Z')

type Projection = Pick<CheckResult, 'id' | 'status' | 'code'>

/** The compact form the expectations are written in: every check, in report order. */
function project(report: VerificationReport): Projection[] {
  return report.checks.map(({ id, status, code }) => (code === undefined ? { id, status } : { id, status, code }))
}

const NO_ENDORSEMENTS = { status: 'skipped' } as const
const ENDORSEMENTS_FAIL = { status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID' } as const

/** The 13 checks of a credential report, with the given status, schema and endorsements outcomes. */
function expectedChecks(status: Omit<Projection, 'id'>, schema: Omit<Projection, 'id'> = { status: 'passed' }, endorsements: Omit<Projection, 'id'> = NO_ENDORSEMENTS): Projection[] {
  return [
    { id: 'parse', status: 'passed' },
    { id: 'context', status: 'passed' },
    { id: 'type', status: 'passed' },
    { id: 'schema', ...schema },
    { id: 'proof', status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' },
    { id: 'validity', status: 'passed' },
    { id: 'status', ...status },
    // Complete's placeholder endorsements fail as endorsements; the others embed none.
    { id: 'endorsements', ...endorsements },
    { id: 'trust', status: 'skipped' },
    { id: 'recipient', status: 'skipped' },
    { id: 'artifacts', status: 'skipped' },
    { id: 'holder', status: 'skipped' },
    { id: 'expiry-of-share', status: 'skipped' },
  ]
}

const NO_STATUS = { status: 'skipped' } as const
const STATUS_OFFLINE = { status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' } as const

interface Example {
  name: string
  /** The credential's issuer id (named in the proof message). */
  issuer: string
  /** The publicKeyMultibase fragment of the embedded proof's verification method. */
  keyFragment: string
  /** The 1EdTechRevocationList URL, when there is one. */
  revocationList?: string
  checks: Projection[]
  verified: boolean
}

const EXAMPLES: Example[] = [
  {
    name: 'spec-basic',
    issuer: 'https://example.com/issuers/876543',
    keyFragment: 'z6MksqMGHHmX8KXNcGh2yVJK1EbwGjSH4G45v59B6tuKRF8y',
    checks: expectedChecks(NO_STATUS),
    verified: true,
  },
  {
    name: 'spec-complete',
    issuer: 'https://1edtech.edu/issuers/565049',
    keyFragment: 'z6MkuJgHAMnneDthHjWHSQ9WsLGX7AhoJC6yDcNNzQViSh8d',
    revocationList: 'https://1edtech.edu/credentials/3732/revocations',
    checks: expectedChecks(STATUS_OFFLINE, { status: 'passed' }, ENDORSEMENTS_FAIL),
    verified: false,
  },
  {
    name: 'spec-endorsement',
    issuer: 'https://state.gov/issuers/565049',
    keyFragment: 'z6Mkt9ktpURS25pASUY2w2QZTVhQ6NMajDccVBsvKZZAVJ2W',
    revocationList: 'https://state.gov/credentials/3732/revocations',
    // It names a second JSON Schema (https://state.gov/schema/endorsementcredential.json) that
    // ob3 does not fetch: said as a warning rather than passed over.
    checks: expectedChecks(STATUS_OFFLINE, { status: 'warning', code: 'ERR_OB3_SCHEMA_UNCHECKED' }),
    verified: false,
  },
  {
    name: 'spec-file-contents',
    issuer: 'https://example.edu/issuers/565049',
    keyFragment: 'z6Mknp2WUgsmmiR99Fwh4wnw36XPEyY2gcW7pkVMqhya7iBg',
    checks: expectedChecks(NO_STATUS),
    verified: true,
  },
]

function readText(name: string): string {
  return readFileSync(new URL(name, VECTORS), 'utf8')
}

interface JwtWrapper {
  jwt: string
  decodedHeader: Record<string, unknown>
  decodedPayload: Record<string, unknown>
}

/** Offline: no `fetch` option, and a global fetch that fails the test if anything reaches for it. */
const networkSpy = vi.fn(async () => {
  throw new Error('the network must not be used')
})

beforeEach(() => {
  networkSpy.mockClear()
  vi.stubGlobal('fetch', networkSpy)
})

afterEach(() => {
  expect(networkSpy).not.toHaveBeenCalled()
  vi.unstubAllGlobals()
})

async function run(input: VerifyInput): Promise<VerificationReport> {
  return verify({ input, now: NOW, label: 'spec-example' })
}

function checkOf(report: VerificationReport, id: CheckResult['id']): CheckResult {
  const check = report.checks.find((c) => c.id === id)
  if (check === undefined) throw new Error(`no ${id} check`)
  return check
}

describe.each(EXAMPLES)('$name', (example) => {
  const ldpFile = `${example.name}.eddsa-rdfc-2022.json`
  const jwtFile = `${example.name}.vc-jwt-rs256.json`

  describe('embedded eddsa-rdfc-2022 proof', () => {
    const text = readText(ldpFile)

    it('gives the expected check list', async () => {
      const report = await run(JSON.parse(text) as Record<string, unknown>)
      expect(project(report)).toEqual(example.checks)
      expect(report.verified).toBe(example.verified)
      expect(report.format).toBe('ldp')
    })

    it('proof: the signature verifies, with a key taken from the verification method URL, not bound to the issuer', async () => {
      const proof = checkOf(await run(JSON.parse(text) as Record<string, unknown>), 'proof')
      expect(proof.message).toContain('eddsa-rdfc-2022 signature is valid')
      expect(proof.message).toContain(example.keyFragment)
      expect(proof.message).toContain(example.issuer)
    })

    it('the same outcome as a parsed object, as text and as bytes', async () => {
      const fromObject = await run(JSON.parse(text) as Record<string, unknown>)
      const fromText = await run(text)
      const fromBytes = await run(new TextEncoder().encode(text))
      expect(project(fromObject)).toEqual(example.checks)
      expect(fromText.checks).toEqual(fromObject.checks)
      expect(fromBytes.checks).toEqual(fromObject.checks)
      expect(fromText.credential).toEqual(fromObject.credential)
    })
  })

  describe('VC-JWT RS256 (key in the header jwk)', () => {
    const wrapper = JSON.parse(readText(jwtFile)) as JwtWrapper

    it('the vector is a JWT without nbf, as the README records', () => {
      expect(wrapper.decodedHeader.alg).toBe('RS256')
      expect(wrapper.decodedHeader.kid).toBeUndefined()
      expect(typeof wrapper.decodedHeader.jwk).toBe('object')
      expect(wrapper.decodedPayload.nbf).toBeUndefined()
      expect(wrapper.decodedPayload.iss).toBe(example.issuer)
    })

    it('gives the expected check list', async () => {
      const report = await run(wrapper.jwt)
      expect(project(report)).toEqual(example.checks)
      expect(report.verified).toBe(example.verified)
      expect(report.format).toBe('jwt')
    })

    it('proof: the signature verifies, the header key is not bound to the issuer, and the missing nbf is named', async () => {
      const proof = checkOf(await run(wrapper.jwt), 'proof')
      expect(proof.message).toContain('VC-JWT (RS256) signature is valid')
      expect(proof.message).toContain('the key in the JWT header')
      expect(proof.message).toContain(example.issuer)
      expect(proof.message).toMatch(/no nbf claim/)
    })

    it('the same outcome as the JWT string, as the JWT with surrounding whitespace (a .jwt file) and as bytes', async () => {
      const fromString = await run(wrapper.jwt)
      const fromFile = await run(`\n${wrapper.jwt}\n`)
      const fromBytes = await run(new TextEncoder().encode(wrapper.jwt))
      expect(project(fromString)).toEqual(example.checks)
      expect(fromFile.checks).toEqual(fromString.checks)
      expect(fromBytes.checks).toEqual(fromString.checks)
      expect(fromString.credential).toEqual(fromFile.credential)
    })

    it('the same credential and outcome as the embedded-proof form, apart from the parse and proof messages', async () => {
      const jwtReport = await run(wrapper.jwt)
      const ldpReport = await run(readText(ldpFile))
      const withoutProofMessages = (r: VerificationReport) =>
        r.checks.filter((c) => c.id !== 'parse' && c.id !== 'proof')
      expect(withoutProofMessages(jwtReport)).toEqual(withoutProofMessages(ldpReport))
      expect(jwtReport.credential).toEqual(ldpReport.credential)
    })

    it('the decoded payload alone, given as a parsed object, is unsigned: the proof check fails', async () => {
      const report = await run(wrapper.decodedPayload)
      expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MISSING' })
      expect(report.verified).toBe(false)
    })
  })

  it('with keyBinding "strict", the unbound key fails the proof check of both forms', async () => {
    const jwt = (JSON.parse(readText(jwtFile)) as JwtWrapper).jwt
    for (const input of [readText(ldpFile), jwt]) {
      const report = await verify({ input, now: NOW, keyBinding: 'strict' })
      expect(checkOf(report, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
      expect(report.verified).toBe(false)
    }
  })

  if (example.revocationList !== undefined) {
    const url = example.revocationList
    it('status: the 1EdTechRevocationList cannot be fetched offline, and the check says which list', async () => {
      for (const input of [readText(ldpFile), (JSON.parse(readText(jwtFile)) as JwtWrapper).jwt]) {
        const status = checkOf(await run(input), 'status')
        expect(status).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_UNAVAILABLE' })
        expect(status.message).toContain(url)
      }
    })
  }
})

describe('spec-complete: embedded endorsements', () => {
  it('embeds five endorsements with placeholder proofs that cannot verify (cryptosuite eddsa-rdf-2022)', () => {
    const doc = JSON.parse(readText('spec-complete.eddsa-rdfc-2022.json')) as Record<string, unknown>
    const found: Record<string, unknown>[] = []
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk)
      if (typeof value !== 'object' || value === null) return
      const obj = value as Record<string, unknown>
      if (Array.isArray(obj.endorsement)) found.push(...(obj.endorsement as Record<string, unknown>[]))
      Object.values(obj).forEach(walk)
    }
    walk(doc)
    expect(found).toHaveLength(5)
    for (const endorsement of found) {
      const proofs = endorsement.proof as Record<string, unknown>[]
      expect(proofs.map((p) => p.cryptosuite)).toEqual(['eddsa-rdf-2022'])
    }
  })

  for (const form of ['embedded eddsa-rdfc-2022 proof', 'VC-JWT RS256'] as const) {
    const input = () => (form === 'VC-JWT RS256' ? (JSON.parse(readText('spec-complete.vc-jwt-rs256.json')) as JwtWrapper).jwt : readText('spec-complete.eddsa-rdfc-2022.json'))

    it(`${form}: the five endorsements fail as endorsements (unsupported placeholder proofs), while the credential's own proof verifies`, async () => {
      const report = await run(input())
      expect(checkOf(report, 'proof')).toMatchObject({ status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
      expect(checkOf(report, 'endorsements')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ENDORSEMENT_INVALID' })
      const endorsements = report.endorsements ?? []
      expect(endorsements.map((e) => [e.path, e.id, e.endorser.name, e.what, e.verified])).toEqual([
        ['$.endorsement[0]', 'http://1edtech.edu/endorsementcredential/3735', 'Example Accrediting Agency', 'issuer', false],
        ['$.issuer.endorsement[0]', 'http://1edtech.edu/endorsementcredential/3736', 'Example Accrediting Agency', 'issuer', false],
        ['$.credentialSubject.achievement.endorsement[0]', 'http://1edtech.edu/endorsementcredential/3734', 'Example Accrediting Agency', 'issuer', false],
        ['$.credentialSubject.achievement.creator.endorsement[0]', 'http://1edtech.edu/endorsementcredential/3732', 'Example Accrediting Agency', 'issuer', false],
        ['$.credentialSubject.achievement.creator.endorsement[1]', 'http://1edtech.edu/endorsementcredential/3733', 'State Department of Education', 'issuer', false],
      ])
      for (const e of endorsements) {
        // Every one endorses the issuer 1EdTech University, wherever it is embedded.
        expect(e).toMatchObject({ endorses: 'https://1edtech.edu/issuers/565049', comment: '1EdTech University is in good standing', format: 'ldp', source: 'embedded', depth: 0 })
        expect(e.failed?.map((f) => [f.check, f.code])).toEqual([
          ['proof', 'ERR_OB3_PROOF_UNSUPPORTED'],
          ['validity', 'ERR_OB3_EXPIRED'],
          ['status', 'ERR_OB3_STATUS_UNAVAILABLE'],
        ])
      }
    })
  }

  it('the endorsements message lists each endorsement in plain words', async () => {
    const message = checkOf(await run(readText('spec-complete.eddsa-rdfc-2022.json')), 'endorsements').message
    const each = 'endorses the issuer: proof failed (ERR_OB3_PROOF_UNSUPPORTED), validity failed (ERR_OB3_EXPIRED), status failed (ERR_OB3_STATUS_UNAVAILABLE)'
    expect(message).toBe([...Array<string>(4).fill(`Example Accrediting Agency ${each}`), `State Department of Education ${each}`].join('; '))
  })

  it('the other examples carry no endorsement: the check is skipped and the report has no endorsements list', async () => {
    for (const name of ['spec-basic', 'spec-endorsement', 'spec-file-contents']) {
      const report = await run(readText(`${name}.eddsa-rdfc-2022.json`))
      expect(checkOf(report, 'endorsements'), name).toEqual({ id: 'endorsements', status: 'skipped', message: 'the credential carries no endorsements' })
      expect(report.endorsements, name).toBeUndefined()
    }
  })
})
