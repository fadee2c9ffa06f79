// Interop with the digitalbazaar stack (@digitalbazaar/vc 7, data-integrity + eddsa-rdfc-2022
// cryptosuite, ed25519-signature-2020), both ways, offline, with fixed keys and a fixed clock:
//
//   ob3 buildCredential + issueCredential ──▶ vc.verifyCredential        (eddsa-rdfc-2022, Ed25519Signature2020)
//   vc.issue (did:key issuer)             ──▶ ob3 verify                 (eddsa-rdfc-2022, Ed25519Signature2020)
//   either, changed after signing         ──▶ fails in both stacks
//
// Their document loader is ob3's own offline loader (the bundled contexts) plus did:key
// resolution through ob3's `didKeyDocument`. Every URL their stack asks for is recorded, and the
// test asserts that nothing outside that set was needed.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020'
import { cryptosuite as eddsaRdfc2022Cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import {
  BUNDLED_CONTEXTS,
  createEd25519Signer,
  didKeyDocument,
  ed25519KeyFromSeed,
  type Ed25519Multikey as Ob3Multikey,
} from '@ob3/core'
import { Assessments, Issuer, buildEndorsement, buildCredential, defineMicroCredential, findMicroCredential, issueCredential, loadCatalogue, memoryArtifactStore, type Award } from '@ob3/issuer'
import { openSqliteStore } from '@ob3/issuer/node'
import { readFileSync } from 'node:fs'
import { verify, type VerificationReport } from '@ob3/verifier'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { digitalbazaarLoader } from '../support/digitalbazaar-loader.js'

// ---------------------------------------------------------------------------------------------
// Fixed inputs
// ---------------------------------------------------------------------------------------------

/** The proof `created` time and the credentials' validFrom. */
const ISSUED_AT = new Date('2026-01-15T09:30:00Z')
/** The verification clock of both stacks: after ISSUED_AT, before VALID_UNTIL. */
const NOW = new Date('2026-03-01T12:00:00Z')
const VALID_UNTIL = '2031-01-15T09:30:00Z'
const DID_CONTEXT_URL = 'https://www.w3.org/ns/did/v1'

const OB3_SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const DB_SEED = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i)
const DB_2020_SEED = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i)

/** Deterministic "randomness" for buildCredential (credential id). */
function fixedRandom(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff)
}

const award: Award = {
  achievement: {
    id: 'https://district.example/achievements/fractions-lesson-design',
    name: 'Fractions lesson design',
    description: 'Designs and teaches a sequence of lessons on fractions.',
    criteria: { narrative: 'Submitted a lesson plan and a reflection, reviewed by a mentor.' },
    achievementType: 'Badge',
  },
  recipient: { email: 'teacher@district.example', salt: 'fixed-salt-for-tests' },
  artifacts: [{ name: 'Lesson plan: fractions', mediaType: 'text/plain', bytes: new TextEncoder().encode('Lesson 1: halves and quarters') }],
  validFrom: ISSUED_AT.toISOString().replace('.000Z', 'Z'),
  validUntil: VALID_UNTIL,
}

/** An unsigned OB 3.0 credential as the digitalbazaar side would write it. */
function dbCredential(issuerId: string): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:6a1f3c8e-2b7d-4c1e-9f0a-3d5b7c9e1f20',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Interop Badge',
    issuer: { id: issuerId, type: ['Profile'], name: 'Digital Bazaar test issuer' },
    validFrom: '2026-01-15T09:30:00Z',
    validUntil: VALID_UNTIL,
    credentialSubject: {
      id: 'did:example:learner-42',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://issuer.example/achievements/interop',
        type: ['Achievement'],
        name: 'Interop',
        description: 'Issued by one stack, verified by another.',
        criteria: { narrative: 'Round-trip between ob3 and the digitalbazaar stack.' },
      },
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Their document loader: ob3's bundled contexts plus did:key
// ---------------------------------------------------------------------------------------------

/** Every URL the digitalbazaar stack asked for during the current test. */
const requested: string[] = []
const documentLoader = digitalbazaarLoader(requested)

/** The URLs asked for that are neither a did:key nor a context ob3 bundles. */
function unbundled(): string[] {
  return [...new Set(requested)].filter((u) => !u.startsWith('did:key:') && !BUNDLED_CONTEXTS.has(u))
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

let ob3Key: Ob3Multikey
/** An @digitalbazaar/ed25519-multikey key pair controlled by its own did:key. */
let dbMultikey: any
/** An Ed25519VerificationKey2020 key pair controlled by its own did:key. */
let db2020Key: any

beforeAll(async () => {
  ob3Key = await ed25519KeyFromSeed(OB3_SEED)
  const probe = await Ed25519Multikey.generate({ seed: DB_SEED })
  dbMultikey = await Ed25519Multikey.generate({ seed: DB_SEED, controller: `did:key:${probe.publicKeyMultibase}` })
  const probe2020 = await Ed25519VerificationKey2020.generate({ seed: DB_2020_SEED })
  db2020Key = await Ed25519VerificationKey2020.generate({ seed: DB_2020_SEED, controller: `did:key:${probe2020.publicKeyMultibase}` })
})

/** Offline: nothing may reach for the network. */
const networkSpy = vi.fn(async () => {
  throw new Error('the network must not be used')
})

beforeEach(() => {
  requested.length = 0
  networkSpy.mockClear()
  vi.stubGlobal('fetch', networkSpy)
})

afterEach(() => {
  expect(networkSpy).not.toHaveBeenCalled()
  vi.unstubAllGlobals()
})

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async function ob3Issue(format: 'eddsa-rdfc-2022' | 'Ed25519Signature2020'): Promise<Record<string, unknown>> {
  const credential = await buildCredential({ award, issuer: { id: ob3Key.controller, name: 'Lakeside District' }, now: ISSUED_AT, random: fixedRandom })
  const issued = await issueCredential({ credential, signer: await createEd25519Signer(ob3Key), format, now: ISSUED_AT })
  return issued.credential
}

async function dbVerify(credential: Record<string, unknown>, suite: unknown): Promise<{ verified: boolean; error?: unknown; results?: unknown[] }> {
  return vc.verifyCredential({ credential: structuredClone(credential), suite, documentLoader, now: NOW })
}

function dbEddsaSuite(options: { signer?: unknown } = {}): unknown {
  return new DataIntegrityProof({ ...options, cryptosuite: eddsaRdfc2022Cryptosuite, ...(options.signer === undefined ? {} : { date: ISSUED_AT }) })
}

function db2020Suite(options: { key?: unknown } = {}): unknown {
  return new Ed25519Signature2020({ ...options, ...(options.key === undefined ? {} : { date: ISSUED_AT }) })
}

async function ob3Verify(input: Record<string, unknown>): Promise<VerificationReport> {
  return verify({ input: structuredClone(input), now: NOW, label: 'interop' })
}

function statusOf(report: VerificationReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.code === undefined ? c.status : `${c.status} ${c.code}`]))
}

/** The expected report of a valid, did:key-issued credential without status: nothing failed, the proof passed. */
const CLEAN_REPORT = {
  parse: 'passed',
  context: 'passed',
  type: 'passed',
  schema: 'passed',
  proof: 'passed',
  validity: 'passed',
  status: 'skipped',
  endorsements: 'skipped',
  trust: 'skipped',
  recipient: 'skipped',
  artifacts: 'skipped',
  holder: 'skipped',
  'expiry-of-share': 'skipped',
}

function dbErrorText(result: { error?: unknown; results?: unknown[] }): string {
  return JSON.stringify(result, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, errors: (v as { errors?: unknown }).errors } : v))
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('fixed keys', () => {
  it('the same seed gives the same did:key in ob3 and in @digitalbazaar/ed25519-multikey', async () => {
    const same = await ed25519KeyFromSeed(DB_SEED)
    expect(dbMultikey.publicKeyMultibase).toBe(same.publicKeyMultibase)
    expect(dbMultikey.controller).toBe(same.controller)
    expect(dbMultikey.id).toBe(same.id)
    const same2020 = await ed25519KeyFromSeed(DB_2020_SEED)
    expect(db2020Key.publicKeyMultibase).toBe(same2020.publicKeyMultibase)
    expect(db2020Key.id).toBe(same2020.id)
  })
})

describe('ob3 issues, digitalbazaar verifies', () => {
  it('(a) eddsa-rdfc-2022: vc.verifyCredential with DataIntegrityProof + eddsa-rdfc-2022 verifies', async () => {
    const credential = await ob3Issue('eddsa-rdfc-2022')
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: ob3Key.id, created: '2026-01-15T09:30:00Z' })
    const result = await dbVerify(credential, dbEddsaSuite())
    expect(result.verified, dbErrorText(result)).toBe(true)
    expect(unbundled()).toEqual([])
    // ob3 agrees about its own credential.
    expect(statusOf(await ob3Verify(credential))).toEqual(CLEAN_REPORT)
  })

  it('(b) Ed25519Signature2020: vc.verifyCredential with their Ed25519Signature2020 suite verifies', async () => {
    const credential = await ob3Issue('Ed25519Signature2020')
    expect(credential.proof).toMatchObject({ type: 'Ed25519Signature2020', verificationMethod: ob3Key.id, created: '2026-01-15T09:30:00Z' })
    expect(credential['@context']).toContain('https://w3id.org/security/suites/ed25519-2020/v1')
    const result = await dbVerify(credential, db2020Suite())
    expect(result.verified, dbErrorText(result)).toBe(true)
    expect(unbundled()).toEqual([])
    expect(statusOf(await ob3Verify(credential))).toEqual(CLEAN_REPORT)
  })
})

describe('digitalbazaar issues, ob3 verifies', () => {
  it('(c) vc.issue with DataIntegrityProof/eddsa-rdfc-2022 and a did:key Multikey: ob3 verify passes every check it runs', async () => {
    const credential = await vc.issue({
      credential: dbCredential(dbMultikey.controller),
      suite: dbEddsaSuite({ signer: dbMultikey.signer() }),
      documentLoader,
      now: ISSUED_AT,
    }) as Record<string, unknown>
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: dbMultikey.id, proofPurpose: 'assertionMethod', created: '2026-01-15T09:30:00Z' })
    const report = await ob3Verify(credential)
    expect(statusOf(report)).toEqual(CLEAN_REPORT)
    expect(report.verified).toBe(true)
    expect(report.checks.find((c) => c.id === 'proof')?.message).toContain(dbMultikey.id)
    // And their own verifier agrees.
    const result = await dbVerify(credential, dbEddsaSuite())
    expect(result.verified, dbErrorText(result)).toBe(true)
    expect(unbundled()).toEqual([])
  })

  it('(d) vc.issue with their Ed25519Signature2020 suite and a did:key Ed25519VerificationKey2020: ob3 verify passes every check it runs', async () => {
    const credential = await vc.issue({
      credential: dbCredential(db2020Key.controller),
      suite: db2020Suite({ key: db2020Key }),
      documentLoader,
      now: ISSUED_AT,
    }) as Record<string, unknown>
    expect(credential.proof).toMatchObject({ type: 'Ed25519Signature2020', verificationMethod: db2020Key.id, proofPurpose: 'assertionMethod', created: '2026-01-15T09:30:00Z' })
    expect(credential['@context']).toContain('https://w3id.org/security/suites/ed25519-2020/v1')
    const report = await ob3Verify(credential)
    expect(statusOf(report)).toEqual(CLEAN_REPORT)
    expect(report.verified).toBe(true)
    const result = await dbVerify(credential, db2020Suite())
    expect(result.verified, dbErrorText(result)).toBe(true)
    expect(unbundled()).toEqual([])
  })
})

describe('(e) a credential changed after signing fails in both stacks', () => {
  const tamper = (credential: Record<string, unknown>): Record<string, unknown> => {
    const changed = structuredClone(credential)
    ;(changed.credentialSubject as Record<string, unknown>).id = 'did:example:someone-else'
    return changed
  }

  it('signed by vc.issue with eddsa-rdfc-2022', async () => {
    const credential = await vc.issue({
      credential: dbCredential(dbMultikey.controller),
      suite: dbEddsaSuite({ signer: dbMultikey.signer() }),
      documentLoader,
      now: ISSUED_AT,
    }) as Record<string, unknown>
    const changed = tamper(credential)
    expect((await dbVerify(changed, dbEddsaSuite())).verified).toBe(false)
    const report = await ob3Verify(changed)
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it('signed by vc.issue with Ed25519Signature2020', async () => {
    const credential = await vc.issue({
      credential: dbCredential(db2020Key.controller),
      suite: db2020Suite({ key: db2020Key }),
      documentLoader,
      now: ISSUED_AT,
    }) as Record<string, unknown>
    const changed = tamper(credential)
    expect((await dbVerify(changed, db2020Suite())).verified).toBe(false)
    const report = await ob3Verify(changed)
    expect(report.verified).toBe(false)
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })

  it.each(['eddsa-rdfc-2022', 'Ed25519Signature2020'] as const)('signed by ob3 with %s', async (format) => {
    const changed = tamper(await ob3Issue(format))
    const suite = format === 'eddsa-rdfc-2022' ? dbEddsaSuite() : db2020Suite()
    expect((await dbVerify(changed, suite)).verified).toBe(false)
    const report = await ob3Verify(changed)
    expect(report.checks.find((c) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })
})

describe('what the issuer SDK issues verifies with their stack too', () => {
  it('an assessed award with a status entry, a state endorsement and a stack-style evidence entry', async () => {
    const catalogue = loadCatalogue(readFileSync(new URL('../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url), 'utf8'))
    const definition = findMicroCredential(catalogue, 'https://academy.northwind.example/micro-credentials/idea-generating')
    if (definition === undefined) throw new Error('catalogue changed')
    const store = await openSqliteStore({ path: ':memory:' })
    const signer = await createEd25519Signer(ob3Key)
    const issuer = new Issuer({ store, profile: { id: ob3Key.controller, name: 'Northwind Educator Academy' }, signer, statusBaseUrl: 'https://academy.example/status', now: () => ISSUED_AT })
    const flow = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore(), now: () => ISSUED_AT })
    const text = (part: string) => ({ part, text: 'Short answer.' })
    const staff = { role: 'issuer', id: 'staff' } as const
    const s = await flow.submit(staff, {
      achievementId: definition.id,
      educator: { email: 'teacher@school.example' },
      evidence: {
        answers: [text('overview'), text('overview')],
        artifacts: [1, 2].map((n) => ({ part: 'student-work', name: `w${n}`, mediaType: 'application/octet-stream', bytes: new Uint8Array([n]) })),
        reflections: [text('student-reflections'), text('student-reflections'), text('teacher-reflection')],
      },
    })
    await flow.assign(staff, s.submissionId, 'a')
    const [review] = await flow.assessorQueue({ role: 'assessor', id: 'a' })
    await flow.score({ role: 'assessor', id: 'a' }, review?.review ?? '', { levels: Object.fromEntries(definition.rubric.map((r) => [r.part, r.requiredLevel])) })
    const { credential } = await flow.approve(staff, s.submissionId)
    const endorsement = (await issueCredential({ credential: buildEndorsement({ issuer: { id: ob3Key.controller, name: 'State' }, subjectId: definition.id, comment: 'Counts for 15 hours.', now: ISSUED_AT }), signer, now: ISSUED_AT })).credential
    const stackLike = (await issueCredential({
      credential: await buildCredential({ award: { achievement: defineMicroCredential(definition), recipient: { id: 'did:example:t' }, evidence: [{ id: String(credential.id), name: 'Constituent micro-credential' }] }, issuer: { id: ob3Key.controller, name: 'N' }, now: ISSUED_AT }),
      signer,
      now: ISSUED_AT,
    })).credential
    for (const c of [credential, endorsement, stackLike]) {
      // Their verifier insists on a status checker when there is a credentialStatus; status is
      // ob3's own test's business (issuer-and-status.test.ts), so this one only accepts it.
      const result = await vc.verifyCredential({ credential: structuredClone(c), suite: dbEddsaSuite(), documentLoader, now: NOW, checkStatus: async () => ({ verified: true }) })
      expect(result.verified, dbErrorText(result)).toBe(true)
    }
    await store.close()
  })
})

// ob3 does not bundle the DID v1 context, and the tests above show their stack did not need it:
// jsonld-signatures' ControllerProofPurpose reads a controller document as plain JSON when its
// first @context is the DID v1 URL (as in didKeyDocument), and only JSON-LD-frames it otherwise,
// which would need the DID and security contexts. The context is in node_modules through
// @digitalbazaar/security-document-loader (did-context), should ob3 ever need to bundle it.
describe('what their stack needs from the loader', () => {
  it(`ob3 does not bundle the DID v1 context (${DID_CONTEXT_URL}), and the DID documents name it first`, () => {
    expect(BUNDLED_CONTEXTS.has(DID_CONTEXT_URL)).toBe(false)
    expect((didKeyDocument(ob3Key.controller)['@context'] as string[])[0]).toBe(DID_CONTEXT_URL)
  })
})
