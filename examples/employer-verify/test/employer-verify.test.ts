import { describe, expect, it } from 'vitest'
import { parseTrustRegistry } from '@ob3/verifier'
import { checkCandidate } from '../src/check-candidate.js'
import { scenario } from '../src/scenario.js'

describe('the employer-verify example', () => {
  it('accepts the candidate\'s link with the right challenge, and lists the micro-credential', async () => {
    const { link, trust } = await scenario('application-1')
    const check = await checkCandidate({ link, trust, challenge: 'application-1' })
    expect(check.reasons).toEqual([])
    expect(check.accepted).toBe(true)
    expect(check.credentials).toEqual([{ name: 'Formative Assessment', issuer: 'Riverbend Project Learning Institute', creditsEarned: 2 }])
  })

  it('refuses the link for another application (challenge), from an unapproved provider (trust), and altered', async () => {
    const { link, trust } = await scenario('application-1')
    const replay = await checkCandidate({ link, trust, challenge: 'application-2' })
    expect(replay.report.checks.find((c) => c.id === 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH' })
    const untrusted = await checkCandidate({ link, trust: parseTrustRegistry({ name: 'Nobody', entries: [] }), challenge: 'application-1' })
    expect(untrusted.report.checks.find((c) => c.id === 'trust')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TRUST_UNTRUSTED' })
    const altered = await checkCandidate({ link: link.slice(0, -8) + 'AAAAAAAA', trust, challenge: 'application-1' })
    expect(altered.accepted).toBe(false)
  })
})
