/**
 * `ob3 credits` (called directly: main.ts routes it once the command is registered there) and the
 * verify options that reach `verify()`: --recipient, --challenge, --domain, --endorsement, --artifact.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CREDENTIALS_V2_URL,
  OB_CONTEXT_URL,
  computeDigestMultibase,
  createEd25519Signer,
  ed25519KeyFromSeed,
  hashIdentity,
  signLinkedDataProof,
  type Ed25519Multikey,
  type Signer,
} from '@ob3/core'
import { creditsCommand } from '../src/commands/credits.js'
import { parseRecipient } from '../src/commands/verify.js'
import type { CliIo } from '../src/io.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const ACHIEVEMENT_ID = 'https://academy.example/mc/idea-generating'
const SIGNED = new Date('2026-01-01T00:00:00Z')
const NOW = '2026-06-01T00:00:00Z'

let dir: string
let teacher: { key: Ed25519Multikey; signer: Signer }

async function party(seed: number) {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key) }
}

function credential(issuer: Ed25519Multikey, id: string, extra: { achievement?: Record<string, unknown>; subject?: Record<string, unknown>; evidence?: unknown[] } = {}) {
  return {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Idea Generating',
    issuer: { id: issuer.controller, type: ['Profile'], name: 'Northwind Educator Academy' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: { id: ACHIEVEMENT_ID, type: ['Achievement'], name: 'Idea Generating', description: 'Brainstorming protocols.', criteria: { narrative: 'A lesson plan.' }, ...extra.achievement },
      creditsEarned: 15,
      ...(extra.subject ?? { id: 'did:example:ana-rivera' }),
    },
    ...(extra.evidence === undefined ? {} : { evidence: extra.evidence }),
  }
}

function io(cwd: string) {
  let stdout = ''
  let stderr = ''
  const value: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => new Uint8Array(0), isTty: false, cwd, fetch: undefined }
  return { io: value, out: () => stdout, err: () => stderr }
}

afterAll(removeTempDirs)

beforeAll(async () => {
  dir = await tempDir()
  const provider = await party(21)
  const state = await party(22)
  teacher = await party(23)
  const endorsement = await signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
      id: 'urn:uuid:5ea7e000-0000-4000-8000-0000000000d1',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      name: 'Approved for license renewal',
      issuer: { id: state.key.controller, type: ['Profile'], name: 'Lakeland Department of Education' },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: ACHIEVEMENT_ID, type: ['EndorsementSubject'], endorsementComment: 'Counts for 15 clock hours.' },
    },
    signer: state.signer,
    created: SIGNED,
  })
  const sign = (document: Record<string, unknown>) => signLinkedDataProof({ document, signer: provider.signer, created: SIGNED })
  const plan = new TextEncoder().encode('# Brainstorm protocol\n')
  await writeFile(join(dir, 'plan.md'), plan)
  await writeFile(join(dir, 'endorsed.json'), JSON.stringify(await sign(credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000001', { achievement: { endorsement: [endorsement] } }))))
  await writeFile(join(dir, 'plain.json'), JSON.stringify(await sign(credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000002'))))
  await writeFile(join(dir, 'endorsement.json'), JSON.stringify(endorsement))
  await writeFile(join(dir, 'by-email.json'), JSON.stringify(await sign(credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000003', {
    subject: { identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: await hashIdentity({ identifier: 'ana@lakeside.example', salt: 'pepper' }), salt: 'pepper' }] },
    evidence: [{ type: ['Evidence'], name: 'Lesson plan', digestMultibase: await computeDigestMultibase(plan) }],
  }))))
  // Someone else's badge, naming its recipient by a hashed email only: anyone can pick up a public copy.
  await writeFile(join(dir, 'other-by-email.json'), JSON.stringify(await sign(credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000005', {
    achievement: { endorsement: [endorsement] },
    subject: { identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: await hashIdentity({ identifier: 'bo@lakeside.example', salt: 'salt-2' }), salt: 'salt-2' }] },
  }))))
  const vp = await signLinkedDataProof({
    document: { '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], holder: teacher.key.controller, verifiableCredential: [await sign(credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000004', { subject: { id: teacher.key.controller } }))] },
    signer: teacher.signer,
    created: SIGNED,
    proofPurpose: 'authentication',
    challenge: 'round-12',
    domain: 'https://careers.example',
  })
  await writeFile(join(dir, 'share.json'), JSON.stringify(vp))
  // Names an https issuer, signed with another key given in the lenient <issuer>#<multibase> form.
  const forged = { ...credential(provider.key, 'urn:uuid:c1000000-0000-4000-8000-000000000006'), issuer: { id: 'https://lakeside.example/district', type: ['Profile'], name: 'Lakeside School District' } }
  await writeFile(join(dir, 'forged.json'), JSON.stringify(await signLinkedDataProof({ document: forged, signer: { id: `https://lakeside.example/district#${teacher.key.publicKeyMultibase}`, algorithm: 'EdDSA', sign: (b) => teacher.signer.sign(b) }, created: SIGNED })))
  await writeFile(join(dir, 'registry.json'), JSON.stringify({
    name: 'Lakeland approved providers',
    entries: [
      { id: provider.key.controller, name: 'Northwind Educator Academy', trustedFor: ['issuer'] },
      { id: state.key.controller, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
    ],
  }))
})

describe('ob3 credits', () => {
  it('totals the endorsed hours, lists what it did not count, and exits 1 when something was not counted', async () => {
    const run = io(dir)
    const code = await creditsCommand(['endorsed.json', 'plain.json', '--trust', 'registry.json', '--now', NOW], run.io)
    expect(code).toBe(1)
    expect(run.out()).toBe([
      'Lakeland approved providers: 15 clock hours from 1 of 2 credentials',
      'For did:example:ana-rivera, the subject of every credential',
      '',
      'Counted:',
      '  15  Idea Generating (endorsed.json)',
      '      issued by Northwind Educator Academy; endorsed by Lakeland Department of Education',
      '',
      'Not counted:',
      '  Idea Generating (plain.json): no endorsement by an endorser Lakeland approved providers trusts: it carries no endorsement [ERR_OB3_ENDORSEMENT_UNTRUSTED]',
      '',
    ].join('\n'))
  })

  it('counts an endorsement handed in with --endorsement, prints --json, and exits 0 when all were counted', async () => {
    const run = io(dir)
    const code = await creditsCommand(['endorsed.json', 'plain.json', '--trust', 'registry.json', '--endorsement', 'endorsement.json', '--now', NOW, '--json'], run.io)
    expect(code).toBe(0)
    const json = JSON.parse(run.out())
    expect(json).toMatchObject({ registry: 'Lakeland approved providers', total: 30, notCounted: [] })
    expect(Object.keys(json)).toEqual(['registry', 'person', 'total', 'counted', 'notCounted'])
    expect(json.person).toEqual({ from: 'subject', name: 'did:example:ana-rivera' })
    expect(json.counted.map((c: { input: string }) => c.input)).toEqual(['endorsed.json', 'plain.json'])
  })

  it('refuses to add up two people\'s hours without --recipient (exit 2), and counts only the recipient\'s with it', async () => {
    const inputs = ['endorsed.json', 'other-by-email.json', 'plain.json', '--trust', 'registry.json', '--endorsement', 'endorsement.json', '--now', NOW]
    const refused = await runCli(['credits', ...inputs], dir)
    expect(refused.code).toBe(2)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toContain('the credentials are about 2 different subjects (did:example:ana-rivera; emailAddress (hashed))')
    expect(refused.stderr).toContain('pass --recipient <did | email:address> to say whose credits to sum')
    expect(refused.stderr).toContain('[ERR_OB3_CREDITS_RECIPIENT_REQUIRED]')

    const ana = await runCli(['credits', ...inputs, '--recipient', 'did:example:ana-rivera', '--json'], dir)
    expect(ana.code).toBe(1)
    const json = JSON.parse(ana.stdout)
    expect(json.person).toEqual({ from: 'recipient', name: 'did:example:ana-rivera' })
    expect(json.total).toBe(30)
    expect(json.counted.map((c: { input: string }) => c.input)).toEqual(['endorsed.json', 'plain.json'])
    expect(json.notCounted).toEqual([{
      input: 'other-by-email.json', id: 'urn:uuid:c1000000-0000-4000-8000-000000000005', name: 'Idea Generating',
      reason: 'it names its recipient by emailAddress (hashed) only, so it cannot be tied to did:example:ana-rivera', code: 'ERR_OB3_CREDITS_NOT_BOUND',
    }])

    const bo = await runCli(['credits', ...inputs, '--recipient', 'email:bo@lakeside.example'], dir)
    expect(bo.code).toBe(1)
    expect(bo.stdout).toContain('Lakeland approved providers: 15 clock hours from 1 of 3 credentials\nFor emailAddress bo@lakeside.example, given with --recipient\n')
    expect(bo.stdout).toContain('  15  Idea Generating (other-by-email.json)')
    expect(bo.stdout).toContain('Idea Generating (endorsed.json): it names its recipient by did:example:ana-rivera only, so it cannot be tied to emailAddress bo@lakeside.example [ERR_OB3_CREDITS_NOT_BOUND]')
  })

  it('counts a presentation\'s credentials for the holder who signed it; a loose credential of someone else is not counted', async () => {
    const run = io(dir)
    const code = await creditsCommand(['share.json', 'endorsed.json', '--trust', 'registry.json', '--endorsement', 'endorsement.json', '--now', NOW, '--json'], run.io)
    expect(code).toBe(1)
    const json = JSON.parse(run.out())
    expect(json.person).toEqual({ from: 'holder', name: teacher.key.controller })
    expect(json.total).toBe(15)
    expect(json.counted.map((c: { input: string }) => c.input)).toEqual(['share.json [credential 1]'])
    expect(json.notCounted.map((c: { input: string; code: string }) => [c.input, c.code])).toEqual([['endorsed.json', 'ERR_OB3_CREDITS_OTHER_SUBJECT']])
  })

  it('exits 2 for wrong usage and for an input it cannot read', async () => {
    await expect(creditsCommand(['endorsed.json'], io(dir).io)).rejects.toThrow(/--trust <registry.json> is required/)
    await expect(creditsCommand(['--trust', 'registry.json'], io(dir).io)).rejects.toThrow(/give at least one credential/)
    await expect(creditsCommand(['endorsed.json', '--trust', 'registry.json', '--recipient', 'email:'], io(dir).io)).rejects.toThrow(/needs a value/)
    const run = io(dir)
    expect(await creditsCommand(['endorsed.json', 'missing.json', '--trust', 'registry.json', '--now', NOW], run.io)).toBe(2)
    expect(run.out()).toContain('missing.json: cannot read missing.json: no such file [ERR_OB3_INPUT_UNREADABLE]')
  })
})

describe('ob3 verify options', () => {
  const report = async (args: string[]) => {
    const run = await runCli(['verify', ...args, '--now', NOW, '--json'], dir)
    return { code: run.code, report: JSON.parse(run.stdout) as { checks: { id: string; status: string; code?: string }[]; verified: boolean } }
  }
  const check = (r: { checks: { id: string; status: string; code?: string }[] }, id: string) => r.checks.find((c) => c.id === id)

  it('--recipient email:… and a bare address match a hashed email; another address fails (exit 1)', async () => {
    expect(check((await report(['by-email.json', '--recipient', 'email:ana@lakeside.example'])).report, 'recipient')).toMatchObject({ status: 'passed' })
    expect(check((await report(['by-email.json', '--recipient', 'ana@lakeside.example'])).report, 'recipient')).toMatchObject({ status: 'passed' })
    const other = await report(['by-email.json', '--recipient', 'email:someone@else.example'])
    expect(other.code).toBe(1)
    expect(check(other.report, 'recipient')).toMatchObject({ status: 'failed', code: 'ERR_OB3_RECIPIENT_MISMATCH' })
  })

  it('says "signed by" only for the issuer\'s own key; a name the credential only claims is "not confirmed"', async () => {
    const genuine = await runCli(['verify', 'plain.json', '--now', NOW], dir)
    expect(genuine.stdout).toMatch(/\n {2}signed by Northwind Educator Academy \(did:key:z6Mk\S+\)\n/)
    const forged = await runCli(['verify', 'forged.json', '--now', NOW], dir)
    expect(forged.stdout).toContain('  claims to be from Lakeside School District (https://lakeside.example/district) — not confirmed\n')
    expect(forged.stdout).not.toContain('  signed by Lakeside School District')
  })

  it('--recipient <did> matches the subject id', async () => {
    expect(check((await report(['plain.json', '--recipient', 'did:example:ana-rivera'])).report, 'recipient')).toMatchObject({ status: 'passed' })
  })

  it('--challenge and --domain reach the holder check of a presentation', async () => {
    const ok = await report(['share.json', '--challenge', 'round-12', '--domain', 'https://careers.example'])
    expect(ok.code).toBe(0)
    expect(check(ok.report, 'holder')).toMatchObject({ status: 'passed' })
    const replay = await report(['share.json', '--challenge', 'round-13'])
    expect(replay.code).toBe(1)
    expect(check(replay.report, 'holder')).toMatchObject({ status: 'failed', code: 'ERR_OB3_CHALLENGE_MISMATCH' })
  })

  it('--artifact checks a shared file against the evidence; --endorsement adds a handed-in endorsement', async () => {
    expect(check((await report(['by-email.json', '--artifact', 'plan.md'])).report, 'artifacts')).toMatchObject({ status: 'passed' })
    const wrong = await report(['by-email.json', '--artifact', 'registry.json'])
    expect(check(wrong.report, 'artifacts')).toMatchObject({ status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH' })
    expect(check((await report(['plain.json', '--endorsement', 'endorsement.json'])).report, 'endorsements')).toMatchObject({ status: 'passed' })
  })

  it('parses --recipient forms, and refuses one it cannot read (exit 2)', async () => {
    expect(parseRecipient('did:key:z6Mk1')).toEqual({ id: 'did:key:z6Mk1' })
    expect(parseRecipient('https://example.org/people/1')).toEqual({ id: 'https://example.org/people/1' })
    expect(parseRecipient('email:a@example.com')).toEqual({ identityType: 'emailAddress', value: 'a@example.com' })
    expect(parseRecipient('sisSourcedId:4471')).toEqual({ identityType: 'sisSourcedId', value: '4471' })
    expect(parseRecipient('ext:badgeNumber:B-9')).toEqual({ identityType: 'ext:badgeNumber', value: 'B-9' })
    const run = await runCli(['verify', 'plain.json', '--recipient', 'nobody'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--recipient "nobody" is neither')
  })
})
