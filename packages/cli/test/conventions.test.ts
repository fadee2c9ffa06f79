import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMAND_NAMES } from '../src/main.js'
import { WALLET_COMMAND_HELP } from '../src/commands/wallet.js'
import { flagsOf, suggest } from '../src/suggest.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

let dir: string
beforeAll(async () => {
  dir = await tempDir()
})
afterAll(removeTempDirs)

describe('ob3 command conventions', () => {
  it('--version prints the version of @ob3/cli', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(await runCli(['--version'], dir)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('has a --help for every command, which names that command and exits 0', async () => {
    expect(COMMAND_NAMES).toHaveLength(16)
    for (const command of COMMAND_NAMES) {
      const run = await runCli([command, '--help'], dir)
      expect([command, run.code, run.stderr]).toEqual([command, 0, ''])
      const named = command === 'suspend' || command === 'unsuspend' ? 'revoke' : command
      expect(run.stdout.startsWith(`ob3 ${named}`)).toBe(true)
    }
    const sub = await runCli(['status', 'publish', '--help'], dir)
    expect(sub.stdout.startsWith('ob3 status publish')).toBe(true)
  })

  it('has a help of its own for each wallet command', async () => {
    const seen = new Set<string>()
    for (const sub of Object.keys(WALLET_COMMAND_HELP)) {
      const run = await runCli(['wallet', sub, '--help'], dir)
      expect([sub, run.code]).toEqual([sub, 0])
      expect(run.stdout.startsWith(`ob3 wallet ${sub}`)).toBe(true)
      expect(run.stdout).toContain('OB3_WALLET_PASSPHRASE')
      seen.add(run.stdout)
    }
    expect(seen.size).toBe(11)
    expect((await runCli(['wallet', '--help'], dir)).stdout).toContain('revoke-share <share id>')
  })

  it('suggests the command meant, for an unknown one (exit 2)', async () => {
    const run = await runCli(['verfy', 'x.json'], dir)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toBe('ob3 verfy: unknown command "verfy" (did you mean ob3 verify?)')
    expect((await runCli(['wallet', 'shaer'], dir)).stderr.split('\n')[0]).toBe('ob3 wallet: unknown wallet command "shaer" (did you mean ob3 wallet share?)')
    expect((await runCli(['frobnicate'], dir)).stderr.split('\n')[0]).toBe('ob3 frobnicate: unknown command "frobnicate"')
  })

  it('suggests the flag meant, for an unknown one (exit 2)', async () => {
    const run = await runCli(['verify', 'x.json', '--jsnol'], dir)
    expect([run.code, run.stderr]).toEqual([2, 'ob3 verify: unknown option --jsnol (did you mean --jsonl?); ob3 verify --help lists the options\n'])
    const wallet = await runCli(['wallet', 'share', 'urn:x', '--revokable'], dir)
    expect([wallet.code, wallet.stderr]).toEqual([2, 'ob3 wallet: unknown option --revokable (did you mean --revocable?); ob3 wallet share --help lists the options\n'])
    const none = await runCli(['keys', 'generate', '--colour'], dir)
    expect(none.stderr).toBe('ob3 keys: unknown option --colour; ob3 keys --help lists the options\n')
  })

  it('names flags, not API options, when it refuses', async () => {
    await runCli(['keys', 'generate', '--out', 'key.json'], dir)
    const help = (await runCli(['issue', '--help'], dir)).stdout
    expect(help).toContain('--suspension')
    expect(help).not.toContain('a revocation and a suspension list')
  })
})

describe('suggest', () => {
  it('finds near words, a unique prefix, and nothing for a distant one', () => {
    expect(suggest('isue', ['issue', 'verify'])).toBe('issue')
    expect(suggest('--overwite', ['--out', '--overwrite'])).toBe('--overwrite')
    expect(suggest('cred', ['credits', 'keys'])).toBe('credits')
    expect(suggest('zzzzzz', ['credits', 'keys'])).toBeUndefined()
  })

  it('reads the flags a help text names', () => {
    expect(flagsOf('ob3 x [--json | --jsonl] [--now <ISO>]; --json again')).toEqual(['--json', '--jsonl', '--now'])
  })
})
