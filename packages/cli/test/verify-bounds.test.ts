/** `ob3 verify --time-budget` and `ob3 serve --cache-ttl / --time-budget` (issue 10, classes 3 and 4). */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { credential, parties, sign } from '../../verifier/test/fixtures.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

afterAll(removeTempDirs)

const { provider } = await parties()

describe('ob3 verify --time-budget', () => {
  it('cuts off a status list that never comes and reports ERR_OB3_TIME_BUDGET_EXCEEDED (exit 1)', async () => {
    const dir = await tempDir()
    const vc = await sign(credential({ issuer: provider, extra: { credentialStatus: { id: 'https://tarpit.example/l#1', type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://tarpit.example/l' } } }), provider)
    await writeFile(join(dir, 'vc.json'), JSON.stringify(vc))
    let calls = 0
    const fetch = ((_: unknown, init?: RequestInit) => {
      calls++
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }))
    }) as typeof globalThis.fetch
    const run = await runCli(['verify', 'vc.json', '--json', '--now', '2026-06-01T00:00:00Z', '--time-budget', '0.2'], dir, { fetch })
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as { checks: { id: string; status: string; code?: string }[] }
    expect(report.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'failed', code: 'ERR_OB3_TIME_BUDGET_EXCEEDED' })
    expect(report.checks.find((c) => c.id === 'proof')?.status).toBe('passed')
    expect(calls).toBe(1)
  })

  it.each([['0'], ['-1'], ['soon'], ['1e9']])('refuses --time-budget %s (exit 2)', async (value) => {
    const run = await runCli(['verify', 'vc.json', '--time-budget', value], await tempDir())
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--time-budget')
  })

  it('refuses a --cache-ttl or --time-budget of ob3 serve that is not a number of seconds (exit 2)', async () => {
    const dir = await tempDir()
    for (const args of [['--cache-ttl', 'forever'], ['--cache-ttl', '-5'], ['--time-budget', '0']]) {
      const run = await runCli(['serve', '--db', join(dir, 'x.db'), ...args], dir)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain(args[0])
    }
  })
})
