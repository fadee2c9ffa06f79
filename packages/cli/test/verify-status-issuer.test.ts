/**
 * `ob3 verify --status-issuer`: a did:web issuer's credential whose status list a registry's
 * did:key signs, served through --resources. Default: verified, with the status warning
 * ERR_OB3_STATUS_ISSUER_DIFFERS; --status-issuer strict: not verified (exit 1); a registry that
 * trusts the signer for "status" makes it pass.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CREDENTIALS_V2_URL, OB_CONTEXT_URL, createEd25519Signer, ed25519KeyFromSeed, encodeStatusList, signLinkedDataProof } from '@ob3/core'
import { serveCommand } from '../src/commands/serve.js'
import { UsageError, type CliIo } from '../src/io.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const UNIVERSITY = 'did:web:university.example'
const LIST_URL = 'https://status.registry.example/lists/7'
const NOW = '2026-06-01T00:00:00Z'
let dir: string
let registryDid: string

beforeAll(async () => {
  dir = await tempDir()
  const universityKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(31))
  const registryKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(32))
  registryDid = registryKey.controller
  const universitySigner = { ...(await createEd25519Signer(universityKey)), id: `${UNIVERSITY}#key-1` }
  const created = new Date('2026-01-01T00:00:00Z')
  const list = await signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL], id: LIST_URL, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: registryDid, validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: await encodeStatusList(new Uint8Array(16_384)) },
    },
    signer: await createEd25519Signer(registryKey), created,
  })
  const credential = await signLinkedDataProof({
    document: {
      '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], id: 'urn:uuid:5e0c1a2b-0000-4000-8000-000000000031', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Idea Generating',
      issuer: { id: UNIVERSITY, type: ['Profile'], name: 'Lakeland University' }, validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {
        id: 'did:example:ana-rivera', type: ['AchievementSubject'],
        achievement: { id: 'https://university.example/achievements/1', type: ['Achievement'], name: 'Idea Generating', description: 'Leads a brainstorm.', criteria: { narrative: 'A lesson plan.' } },
      },
      credentialStatus: { id: `${LIST_URL}#12`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '12', statusListCredential: LIST_URL },
    },
    signer: universitySigner, created,
  })
  const didDoc = { '@context': ['https://www.w3.org/ns/did/v1'], id: UNIVERSITY, verificationMethod: [{ id: universitySigner.id, type: 'Multikey', controller: UNIVERSITY, publicKeyMultibase: universityKey.publicKeyMultibase }], assertionMethod: [universitySigner.id] }
  await writeFile(join(dir, 'did.json'), JSON.stringify(didDoc))
  await writeFile(join(dir, 'list.json'), JSON.stringify(list))
  await writeFile(join(dir, 'credential.json'), JSON.stringify(credential))
  await writeFile(join(dir, 'resources.json'), JSON.stringify({ 'https://university.example/.well-known/did.json': 'did.json', [LIST_URL]: 'list.json' }))
  await writeFile(join(dir, 'registry.json'), JSON.stringify({ name: 'State approved providers', entries: [{ id: UNIVERSITY, name: 'Lakeland University' }, { id: registryDid, name: 'Credential Registry', trustedFor: ['status'] }] }))
})
afterAll(removeTempDirs)

const statusOf = (stdout: string) => (JSON.parse(stdout) as { checks: { id: string; status: string; code?: string }[] }).checks.find((c) => c.id === 'status')

describe('ob3 verify --status-issuer', () => {
  it('verifies with the warning ERR_OB3_STATUS_ISSUER_DIFFERS by default (and with lenient)', async () => {
    for (const extra of [[], ['--status-issuer', 'lenient']]) {
      const run = await runCli(['verify', 'credential.json', '--resources', 'resources.json', '--now', NOW, '--json', ...extra], dir)
      expect(run.code, run.stderr).toBe(0)
      expect(statusOf(run.stdout)).toMatchObject({ status: 'warning', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' })
    }
  })

  it('--status-issuer strict fails it (exit 1)', async () => {
    const run = await runCli(['verify', 'credential.json', '--resources', 'resources.json', '--now', NOW, '--json', '--status-issuer', 'strict'], dir)
    expect(run.code).toBe(1)
    expect(statusOf(run.stdout)).toMatchObject({ status: 'failed', code: 'ERR_OB3_STATUS_ISSUER_DIFFERS' })
  })

  it('--trust with the signer trusted for status passes status and trust', async () => {
    const run = await runCli(['verify', 'credential.json', '--resources', 'resources.json', '--now', NOW, '--json', '--trust', 'registry.json'], dir)
    expect(run.code, run.stdout).toBe(0)
    expect(statusOf(run.stdout)).toMatchObject({ status: 'passed' })
  })

  it('refuses another value, on verify (exit 2) and on serve', async () => {
    const run = await runCli(['verify', 'credential.json', '--status-issuer', 'loose'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--status-issuer must be lenient or strict')
    const io: CliIo = { stdout: () => {}, stderr: () => {}, readStdin: async () => new Uint8Array(0), isTty: false, cwd: dir, fetch: undefined }
    await expect(serveCommand(['--status-issuer', 'loose', '--db', 'ob3.db'], io)).rejects.toThrow(new UsageError('--status-issuer must be lenient or strict'))
  })
})
