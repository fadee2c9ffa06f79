// eddsa-jcs-2022 interop with the digitalbazaar stack (@digitalbazaar/vc 7, data-integrity and
// @digitalbazaar/eddsa-jcs-2022-cryptosuite), both ways, offline, fixed keys and clock:
//
//   ob3 issueCredential (eddsa-jcs-2022)         ──▶ vc.verifyCredential
//   vc.issue (eddsa-jcs-2022, did:key issuer)    ──▶ ob3 verify
//   either, changed after signing                ──▶ fails in both stacks
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { createSignCryptosuite, createVerifyCryptosuite } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { createEd25519Signer, ed25519KeyFromSeed, type Ed25519Multikey as Ob3Multikey } from '@ob3/core'
import { buildCredential, buildEndorsement, issueCredential, type Award } from '@ob3/issuer'
import { verify, type VerificationReport } from '@ob3/verifier'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { digitalbazaarLoader } from '../support/digitalbazaar-loader.js'

const ISSUED_AT = new Date('2026-01-15T09:30:00Z')
const NOW = new Date('2026-03-01T12:00:00Z')
const OB3_SEED = Uint8Array.from({ length: 32 }, (_, i) => 0x11 + i)
const DB_SEED = Uint8Array.from({ length: 32 }, (_, i) => 0x71 + i)

const award: Award = {
  achievement: {
    id: 'https://district.example/achievements/jcs-interop',
    name: 'Canonical JSON',
    description: 'Signed over the JSON Canonicalization Scheme.',
    criteria: { narrative: 'Issued by one stack, verified by the other — with "quotes", ünïcödé and 1.5 credits.' },
    achievementType: 'Badge',
    creditsAvailable: 1.5,
  },
  recipient: { id: 'did:example:learner-7' },
  validFrom: '2026-01-15T09:30:00Z',
}

function dbCredential(issuerId: string): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:0c1f0a3e-7b7d-4c1e-9f0a-3d5b7c9e1f21',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'JCS Interop Badge',
    issuer: { id: issuerId, type: ['Profile'], name: 'Digital Bazaar test issuer' },
    validFrom: '2026-01-15T09:30:00Z',
    credentialSubject: {
      id: 'did:example:learner-42',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://issuer.example/achievements/jcs',
        type: ['Achievement'],
        name: 'JCS',
        description: 'Issued by their stack with eddsa-jcs-2022.',
        criteria: { narrative: 'Round trip.' },
      },
    },
  }
}

const documentLoader = digitalbazaarLoader()

let ob3Key: Ob3Multikey
let dbKey: any

beforeAll(async () => {
  ob3Key = await ed25519KeyFromSeed(OB3_SEED)
  const probe = await Ed25519Multikey.generate({ seed: DB_SEED })
  dbKey = await Ed25519Multikey.generate({ seed: DB_SEED, controller: `did:key:${probe.publicKeyMultibase}` })
})

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

async function dbVerify(credential: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown }> {
  return vc.verifyCredential({ credential: structuredClone(credential), suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }), documentLoader, now: NOW })
}

async function dbIssue(): Promise<Record<string, unknown>> {
  const suite = new DataIntegrityProof({ signer: dbKey.signer(), cryptosuite: createSignCryptosuite(), date: ISSUED_AT })
  return (await vc.issue({ credential: dbCredential(dbKey.controller), suite, documentLoader, now: ISSUED_AT })) as Record<string, unknown>
}

async function ob3Verify(input: Record<string, unknown>): Promise<VerificationReport> {
  return verify({ input: structuredClone(input), now: NOW, label: 'interop-jcs' })
}

function proofCheck(report: VerificationReport): unknown {
  return report.checks.find((c) => c.id === 'proof')
}

function errorText(result: { error?: unknown }): string {
  return JSON.stringify(result, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, errors: (v as { errors?: unknown }).errors } : v))
}

function tamper(credential: Record<string, unknown>): Record<string, unknown> {
  const changed = structuredClone(credential)
  ;(changed.credentialSubject as Record<string, unknown>).id = 'did:example:someone-else'
  return changed
}

describe('ob3 issues eddsa-jcs-2022, digitalbazaar verifies', () => {
  it('an OpenBadgeCredential verifies with DataIntegrityProof + eddsa-jcs-2022, and in ob3', async () => {
    const credential = await buildCredential({ award, issuer: { id: ob3Key.controller, name: 'Lakeside District' }, now: ISSUED_AT })
    const issued = await issueCredential({ credential, signer: await createEd25519Signer(ob3Key), format: 'eddsa-jcs-2022', now: ISSUED_AT })
    expect(issued.format).toBe('eddsa-jcs-2022')
    const signed = issued.credential
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', verificationMethod: ob3Key.id, created: '2026-01-15T09:30:00Z', '@context': signed['@context'] })
    const result = await dbVerify(signed)
    expect(result.verified, errorText(result)).toBe(true)
    const report = await ob3Verify(signed)
    expect(report.verified).toBe(true)
    expect(proofCheck(report)).toMatchObject({ status: 'passed' })
  })

  it('an EndorsementCredential verifies there too', async () => {
    const endorsement = buildEndorsement({ issuer: { id: ob3Key.controller, name: 'State' }, subjectId: award.achievement.id as string, comment: 'Counts for 15 hours.', now: ISSUED_AT })
    const { credential } = await issueCredential({ credential: endorsement, signer: await createEd25519Signer(ob3Key), format: 'eddsa-jcs-2022', now: ISSUED_AT })
    const result = await dbVerify(credential)
    expect(result.verified, errorText(result)).toBe(true)
  })

  it('changed after signing, it fails in both stacks', async () => {
    const credential = await buildCredential({ award, issuer: { id: ob3Key.controller, name: 'Lakeside District' }, now: ISSUED_AT })
    const { credential: signed } = await issueCredential({ credential, signer: await createEd25519Signer(ob3Key), format: 'eddsa-jcs-2022', now: ISSUED_AT })
    const changed = tamper(signed)
    expect((await dbVerify(changed)).verified).toBe(false)
    expect(proofCheck(await ob3Verify(changed))).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })
})

describe('digitalbazaar issues eddsa-jcs-2022, ob3 verifies', () => {
  it('vc.issue with a did:key Multikey: ob3 verify passes', async () => {
    const credential = await dbIssue()
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022', verificationMethod: dbKey.id, proofPurpose: 'assertionMethod' })
    const report = await ob3Verify(credential)
    expect(report.checks.filter((c) => c.status === 'failed')).toEqual([])
    expect(report.verified).toBe(true)
    expect(proofCheck(report)).toMatchObject({ status: 'passed' })
    const result = await dbVerify(credential)
    expect(result.verified, errorText(result)).toBe(true)
  })

  it('changed after signing, it fails in both stacks', async () => {
    const changed = tamper(await dbIssue())
    expect((await dbVerify(changed)).verified).toBe(false)
    const report = await ob3Verify(changed)
    expect(report.verified).toBe(false)
    expect(proofCheck(report)).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
  })
})
