/**
 * Proof sets (every proof must verify; one must be the issuer's), the proof options a verifier
 * may ask for (purpose, challenge, domain), proof dates, and the presentation rules of VC 2.0:
 * an optional holder, self-asserted credentials, and holders presenting others' credentials.
 */
import { describe, expect, it } from 'vitest'
import { multibaseEncode, signLinkedDataProof } from '@ob3/core'
import { verify } from '../src/index.js'
import { NOW, SIGNED, checkOf, credential, parties, presentation, sign, signedPresentation } from './fixtures.js'

const { provider, teacher, stranger } = await parties()

async function awarded(subject = teacher.id) {
  return sign(credential({ issuer: provider, subject: { id: subject } }), provider)
}

/** The same credential signed again by `by`, as a second proof of a set. */
async function cosigned(doc: Record<string, unknown>, by: typeof stranger) {
  const { proof, ...unsecured } = doc
  const second = (await signLinkedDataProof({ document: unsecured, signer: by.signer, created: SIGNED })).proof
  return { ...unsecured, proof: [proof, second] }
}

describe('proof sets', () => {
  it('passes with the issuer\'s proof and a co-signer\'s valid proof', async () => {
    const report = await verify({ input: await cosigned(await awarded(), stranger), now: NOW })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed' })
    expect(report.verified).toBe(true)
  })

  it('fails when any proof of the set does not verify, even with a good issuer proof', async () => {
    const doc = await cosigned(await awarded(), stranger)
    const proofs = doc.proof as Record<string, unknown>[]
    const broken = { ...doc, proof: [proofs[0], { ...proofs[1], proofValue: multibaseEncode(new Uint8Array(64).fill(7)) }] }
    const check = checkOf(await verify({ input: broken, now: NOW }), 'proof')
    expect(check).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' })
    expect(check.message).toContain('proof 2 of 2')
  })

  it('fails when no proof is the issuer\'s, however valid the signatures are', async () => {
    const { proof: _p, ...unsecured } = await awarded()
    const byStranger = await signLinkedDataProof({ document: unsecured, signer: stranger.signer, created: SIGNED })
    expect(checkOf(await verify({ input: byStranger, now: NOW }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' })
  })
})

describe('what a verifier asks of a credential\'s proofs', () => {
  it('proofPurpose: an assertionMethod proof fails when authentication is expected', async () => {
    const doc = await awarded()
    expect(checkOf(await verify({ input: doc, now: NOW, proofPurpose: 'authentication' }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_PURPOSE' })
    expect(checkOf(await verify({ input: doc, now: NOW, proofPurpose: 'assertionMethod' }), 'proof')).toMatchObject({ status: 'passed' })
    await expect(verify({ input: doc, proofPurpose: 'keyAgreement' as never })).rejects.toThrow(TypeError)
  })

  it('challenge and domain: the credential\'s proof must carry them', async () => {
    const { proof: _p, ...unsecured } = await awarded()
    const doc = await signLinkedDataProof({ document: unsecured, signer: provider.signer, created: SIGNED, challenge: 'c-1', domain: 'employer.example' })
    expect(checkOf(await verify({ input: doc, now: NOW, challenge: 'c-1', domain: 'employer.example' }), 'proof')).toMatchObject({ status: 'passed' })
    expect(checkOf(await verify({ input: doc, now: NOW, challenge: 'c-2' }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED' })
    expect(checkOf(await verify({ input: doc, now: NOW, domain: 'other.example' }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED' })
  })

  it('proof dates: created and expires must be date-times with a time zone; an expired proof fails', async () => {
    const doc = await awarded()
    const withProof = (change: Record<string, unknown>) => ({ ...doc, proof: { ...(doc.proof as object), ...change } })
    for (const created of ['invalidDate', '2026-01-01T00:00:00', 20260101]) {
      expect(checkOf(await verify({ input: withProof({ created }), now: NOW }), 'proof'), String(created)).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED' })
    }
    expect(checkOf(await verify({ input: withProof({ expires: 'invalidDate' }), now: NOW }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MALFORMED' })
    const { proof: _p, ...unsecured } = doc
    const expiring = await signLinkedDataProof({ document: unsecured, signer: provider.signer, created: SIGNED, expires: new Date('2026-03-01T00:00:00Z') })
    expect(checkOf(await verify({ input: expiring, now: NOW }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_EXPIRED' })
    expect(checkOf(await verify({ input: expiring, now: new Date('2026-02-01T00:00:00Z') }), 'proof')).toMatchObject({ status: 'passed' })
  })
})

describe('presentations and their holders (VC 2.0)', () => {
  it('a signed presentation without holder: its signer presented it (a remark, not a failure)', async () => {
    const input = await signLinkedDataProof({ document: { ...presentation({ holder: teacher, credentials: [await awarded()] }), holder: undefined }, signer: teacher.signer, created: SIGNED, proofPurpose: 'authentication' })
    const report = await verify({ input: JSON.parse(JSON.stringify(input)) as Record<string, unknown>, now: NOW })
    expect(checkOf(report, 'holder')).toMatchObject({ status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH', message: expect.stringContaining(`names no holder; signed by ${teacher.id}`) })
    expect(report.verified).toBe(true)
  })

  it('a self-asserted credential (no proof of its own, issued by the named holder) is secured by the presentation\'s proof', async () => {
    const mine = { ...credential({ issuer: teacher, subject: { id: teacher.id } }) }
    const input = await signedPresentation({ holder: teacher, credentials: [mine] })
    const report = await verify({ input, now: NOW })
    expect(checkOf(report, 'proof')).toMatchObject({ status: 'passed', message: expect.stringContaining('self-asserted by the holder') })
    expect(report.verified).toBe(true)
    // Someone else's credential without proof is not.
    const theirs = await signedPresentation({ holder: teacher, credentials: [credential({ issuer: provider, subject: { id: teacher.id } })] })
    expect(checkOf(await verify({ input: theirs, now: NOW }), 'proof')).toMatchObject({ status: 'failed', code: 'ERR_OB3_PROOF_MISSING' })
  })

  it('subjectBinding: a holder presenting another\'s credential fails by default, and is a remark with warn', async () => {
    const input = await signedPresentation({ holder: stranger, credentials: [await awarded(teacher.id)] })
    expect(checkOf(await verify({ input, now: NOW }), 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_HOLDER_MISMATCH' })
    const relaxed = await verify({ input, now: NOW, subjectBinding: 'warn' })
    expect(checkOf(relaxed, 'holder')).toMatchObject({ status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH' })
    expect(relaxed.verified).toBe(true)
    await expect(verify({ input, subjectBinding: 'maybe' as never })).rejects.toThrow(TypeError)
  })
})
