import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { walletCommand } from '../src/commands/wallet.js'
import type { CliIo } from '../src/index.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

let dir: string
let holder: string
let credentialId: string
const PASS = ['--passphrase-file', 'pass.txt']
const BASE = ['--base-url', 'https://verify.example.org/']
const PLAIN_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const wallet = (...args: string[]) => runCli(['wallet', ...args], dir)

beforeAll(async () => {
  dir = await tempDir()
  await writeFile(join(dir, 'pass.txt'), 'a long enough passphrase\n')
  await writeFile(join(dir, 'plain.png'), Buffer.from(PLAIN_PNG, 'base64'))
  await writeFile(join(dir, 'work-a.txt'), 'Amira: 14 ideas for the park, grouped and voted on.\n')
  await writeFile(join(dir, 'work-b.txt'), 'Ben: a sketch of the winning idea, expanded.\n'.repeat(60))
  // The lowest scrypt cost the wallet accepts: every open, export and restore below derives the
  // key again, and at the default cost (2^17, 128 MiB) they alone take half a minute on a busy machine.
  const init = await wallet('init', ...PASS, '--scrypt-n', '32768')
  expect(init.code).toBe(0)
  holder = init.stdout.trim()
  expect(holder).toMatch(/^did:key:z6Mk/)
  expect((await runCli(['keys', 'generate', '--out', 'issuer-key.json'], dir)).code).toBe(0)
  await writeFile(join(dir, 'award.json'), JSON.stringify({
    issuer: { name: 'Northwind Educator Academy' },
    achievement: { id: 'https://academy.example/mc/idea-generating', name: 'Idea Generating', description: 'Structured brainstorming.', criteria: { narrative: 'Two student samples.' }, achievementType: 'MicroCredential' },
    recipient: { id: holder },
    artifacts: [{ name: 'Student work A', mediaType: 'text/plain', file: 'work-a.txt' }, { name: 'Student work B', mediaType: 'text/plain', file: 'work-b.txt' }],
  }))
  expect((await runCli(['issue', 'award.json', '--key', 'issuer-key.json', '--out', 'credential.json'], dir)).code).toBe(0)
  expect((await runCli(['bake', 'credential.json', '--image', 'plain.png', '--out', 'badge.png'], dir)).code).toBe(0)
  credentialId = JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8')).id
}, 120_000) // init, key, issue and bake: real work, which a busy machine slows down
afterAll(removeTempDirs)

// Each command that takes the passphrase derives the key with scrypt (deliberately costly: about
// 0.3 s at 2^15 on an idle core, 2.4 s on a busy one); the backup test alone derives it nine times.
// The cost is bounded by the count of derivations, so the time limit is generous.
describe('ob3 wallet', { timeout: 120_000 }, () => {
  it('init refuses a wallet file that exists, and needs a passphrase that is never a flag value', async () => {
    expect((await wallet('init', ...PASS)).stderr).toContain('ERR_OB3_WALLET_EXISTS')
    expect((await wallet('init', '--wallet', 'other.db')).code).toBe(2)
    expect((await wallet('init', '--wallet', 'other.db', '--passphrase', 'secret words here')).code).toBe(2)
    for (const bad of ['16384', '100000', '2097152', '2^17', '']) {
      const refused = await wallet('init', '--wallet', 'other.db', ...PASS, '--scrypt-n', bad)
      expect([refused.code, refused.stderr], bad).toEqual([2, expect.stringContaining(`--scrypt-n must be a power of two from 32768 to 1048576, not ${JSON.stringify(bad)}`)])
    }
    expect((await wallet('list', '--wallet', 'nowhere.db')).stderr).toContain('there is no wallet at')
  })

  it('imports a baked badge once, verified first; a second import is a duplicate', async () => {
    const first = await wallet('import', 'badge.png')
    expect([first.code, first.stdout]).toEqual([0, `imported ${credentialId}  Idea Generating\n`])
    expect((await wallet('import', 'credential.json')).stdout).toBe(`duplicate ${credentialId}  Idea Generating\n`)
  })

  it('refuses a credential that does not verify, printing why (exit 1), or keeps it quarantined when asked', async () => {
    const tampered = { ...JSON.parse(await readFile(join(dir, 'credential.json'), 'utf8')), id: 'urn:uuid:11111111-2222-4333-8444-555555555555', name: 'Master Teacher' }
    await writeFile(join(dir, 'tampered.json'), JSON.stringify(tampered))
    const refused = await wallet('import', 'tampered.json')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/refused tampered\.json[\s\S]*ERR_OB3_PROOF_SIGNATURE_INVALID/)
    const kept = await wallet('import', 'tampered.json', '--quarantine', '--wallet', 'quarantine.db')
    expect(kept.stderr).toContain('there is no wallet')
    await wallet('init', '--wallet', 'quarantine.db', ...PASS, '--scrypt-n', '32768')
    expect((await wallet('import', 'tampered.json', '--quarantine', '--wallet', 'quarantine.db')).stdout).toMatch(/^quarantined urn:uuid:11111111/)
    expect((await wallet('list', '--wallet', 'quarantine.db')).stdout).toContain('⚠ quarantined')
  })

  it('adds artifacts to the vault and lists, per credential, which are present, missing or do not match', async () => {
    const added = await wallet('artifacts', 'add', 'work-a.txt')
    expect(added.stdout).toMatch(new RegExp(`^zQm\\w+  work-a\\.txt  evidence of ${credentialId}\\n$`))
    expect((await wallet('artifacts', 'add', 'pass.txt', '--for', credentialId)).stderr).toContain('ERR_OB3_ARTIFACT_MISMATCH')
    const listed = await wallet('artifacts')
    expect(listed.stdout).toMatch(/✓ present\s+Student work A[\s\S]*– missing\s+Student work B/)
    const json = JSON.parse((await wallet('artifacts', credentialId, '--json')).stdout)
    expect(json[0].artifacts.map((a: { state: string }) => a.state)).toEqual(['present', 'missing'])
    expect((await wallet('list')).stdout).toBe(`✓ ${credentialId}  Idea Generating — Northwind Educator Academy  [1/2 artifacts]\n`)
    const shown = JSON.parse((await wallet('show', credentialId, '--json')).stdout)
    expect(shown).toMatchObject({ id: credentialId, subject: holder, source: 'png', state: 'verified' })
  })

  it('shares one credential with one artifact: prints the link and a terminal QR, writes QR files and the presentation', async () => {
    const run = await wallet('share', credentialId, '--artifact', 'work-a.txt', ...BASE, '--expires', '7d', '--qr', 'qr.png', '--qr', 'qr.svg', '--out', 'presentation.json', ...PASS)
    expect(run.code).toBe(0)
    const [link] = run.stdout.split('\n')
    expect(link).toMatch(/^https:\/\/verify\.example\.org\/#ob3s1\.i\./)
    expect(run.stdout.split('\n').length).toBeGreaterThan(20)
    expect([...(await readFile(join(dir, 'qr.png'))).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(await readFile(join(dir, 'qr.svg'), 'utf8')).toMatch(/^<svg/)
    const verified = await runCli(['verify', 'presentation.json', '--json'], dir)
    expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, kind: 'presentation' })
    // Another wallet imports the link: the credential, and the shared artifact into its vault.
    await wallet('init', '--wallet', 'employer.db', ...PASS, '--scrypt-n', '32768')
    const imported = await wallet('import', link as string, '--wallet', 'employer.db')
    expect(imported.stdout).toMatch(/^imported urn:uuid:[\s\S]*\nartifact zQm/)
  })

  it('makes a revocable share in a directory for static hosting, lists it, and revokes it', async () => {
    const hostDir = join(dir, 'public')
    await mkdir(hostDir)
    const host = ['--upload-dir', 'public', '--public-url', 'https://teacher.example.org/s/']
    const run = await wallet('share', credentialId, ...BASE, '--revocable', ...host, '--json', ...PASS)
    const { link, share } = JSON.parse(run.stdout)
    expect(link).toMatch(/#ob3s1\.h\./)
    expect(share).toMatchObject({ kind: 'hosted', state: 'active' })
    expect(await readdir(hostDir)).toHaveLength(1)
    expect((await wallet('shares')).stdout).toContain(`${share.id}  active   hosted`)
    expect((await wallet('revoke-share', share.id, ...host)).stdout).toBe(`${share.id}: revoked\n`)
    expect(await readdir(hostDir)).toHaveLength(0)
    const inline = JSON.parse((await wallet('shares', '--json')).stdout).find((s: { kind: string }) => s.kind === 'inline')
    const refused = await wallet('revoke-share', inline.id)
    expect([refused.code, refused.stderr.includes('ERR_OB3_SHARE_NOT_REVOCABLE')]).toEqual([1, true])
  })

  it('a wrong passphrase is refused with ERR_OB3_WALLET_PASSPHRASE (exit 1)', async () => {
    await writeFile(join(dir, 'wrong.txt'), 'not the passphrase at all\n')
    const run = await wallet('share', credentialId, ...BASE, '--passphrase-file', 'wrong.txt')
    expect([run.code, run.stderr.includes('ERR_OB3_WALLET_PASSPHRASE')]).toEqual([1, true])
  })

  it('reads the passphrase from OB3_WALLET_PASSPHRASE', async () => {
    let out = ''
    const io: CliIo = { stdout: (t) => void (out += t), stderr: () => undefined, readStdin: async () => new Uint8Array(0), isTty: false, cwd: dir, fetch: undefined }
    expect(await walletCommand(['share', credentialId, ...BASE, '--expires', '1d', '--json'], io, { OB3_WALLET_PASSPHRASE: 'a long enough passphrase' })).toBe(0)
    expect(JSON.parse(out).share.kind).toBe('inline')
  })

  it('exports one encrypted backup and restores it into a new wallet file', async () => {
    expect((await wallet('export', '--out', 'wallet.backup', ...PASS)).code).toBe(0)
    expect((await stat(join(dir, 'wallet.backup'))).mode & 0o777).toBe(0o600)
    // The backup is sealed at the wallet's own cost (init --scrypt-n): "OB3WALLETBACKUP1", u32 length, header JSON.
    const file = await readFile(join(dir, 'wallet.backup'))
    const header = JSON.parse(file.subarray(20, 20 + file.readUInt32BE(16)).toString('utf8')) as { kdf: { name: string; N: number } }
    expect(header.kdf).toMatchObject({ name: 'scrypt', N: 32768 })
    expect((await wallet('export', '--out', 'wallet.backup', ...PASS)).code).toBe(2)
    const restored = await wallet('restore', 'wallet.backup', '--wallet', 'restored.db', ...PASS)
    expect([restored.code, restored.stdout.trim()]).toEqual([0, holder])
    expect((await wallet('list', '--wallet', 'restored.db')).stdout).toBe((await wallet('list')).stdout)
    expect((await wallet('shares', '--wallet', 'restored.db')).stdout).toBe((await wallet('shares')).stdout)
    expect((await wallet('restore', 'wallet.backup', '--wallet', 'restored.db', ...PASS)).stderr).toContain('ERR_OB3_WALLET_EXISTS')
  })

  it('refuses a corrupted wallet file and leaves it byte-identical', async () => {
    await writeFile(join(dir, 'broken.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0x5a)]))
    const before = await readFile(join(dir, 'broken.db'))
    const run = await wallet('list', '--wallet', 'broken.db')
    expect([run.code, run.stderr.includes('ERR_OB3_STORE_CORRUPT')]).toEqual([1, true])
    expect((await readFile(join(dir, 'broken.db'))).equals(before)).toBe(true)
  })

  it('prints its help', async () => {
    expect((await runCli(['wallet', '--help'], dir)).stdout).toContain('ob3 wallet <command>')
    expect((await wallet('frobnicate')).code).toBe(2)
  })
})
