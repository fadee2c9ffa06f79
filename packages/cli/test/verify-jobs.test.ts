/** `ob3 verify --jobs N`: worker threads give the same output, byte for byte, and the same exit status. */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseJobs } from '../src/commands/verify.js'
import * as pool from '../src/verify-pool.js'
import { removeTempDirs, runCli, tempDir, type CliRun } from './helpers.js'

// The pool as it is, watched: a test must know that its run went through worker threads.
vi.mock('../src/verify-pool.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/verify-pool.js')>()
  return { ...actual, startVerifyPool: vi.fn(actual.startVerifyPool) }
})

const vector = (name: string, file = 'credential.json') => fileURLToPath(new URL(`../../../test-vectors/${name}/${file}`, import.meta.url))
let NOW: string
let dir: string

afterAll(removeTempDirs)

beforeAll(async () => {
  NOW = (JSON.parse(await readFile(vector('valid-eddsa-rdfc-2022', 'case.json'), 'utf8')) as { now: string }).now
  dir = await tempDir()
  // mix/: good credentials, tampered ones, a file that is not JSON, a broken JWT and a PNG without
  // a credential, in an order that interleaves them; empty/ holds nothing to read.
  await mkdir(join(dir, 'mix', 'sub'), { recursive: true })
  await mkdir(join(dir, 'empty'))
  const sources = [vector('valid-eddsa-rdfc-2022'), vector('tampered-name'), vector('valid-eddsa-rdfc-2022'), vector('tampered-subject-id'), vector('not-json', 'input.txt'), vector('expired')]
  for (let i = 0; i < 24; i++) {
    const source = sources[i % sources.length] as string
    await copyFile(source, join(dir, i % 5 === 0 ? 'mix/sub' : 'mix', `c${String(i).padStart(2, '0')}.json`))
  }
  await writeFile(join(dir, 'mix', 'broken.jwt'), 'eyJhbGciOiJFZERTQSJ9.not-a-payload.sig')
  await copyFile(vector('png-no-credential', 'badge.png'), join(dir, 'mix', 'plain.png'))
  // Inputs that cannot be read, between readable ones.
  await writeFile(join(dir, 'list.txt'), ['mix/c01.json', 'missing-1.json', 'empty', 'mix/c02.json', 'mix/nowhere/missing-2.json', 'mix/c03.json'].join('\n'))
})

beforeEach(() => vi.mocked(pool.startVerifyPool).mockClear())

const run = (args: string[]): Promise<CliRun> => runCli(['verify', ...args], dir)

// Each worker thread of a test run compiles the TypeScript sources for itself: slow on a busy machine.
describe('ob3 verify --jobs', { timeout: 180_000 }, () => {
  it.each([['--jsonl'], ['--json'], []])('gives the one-thread output byte for byte on worker threads (%s), with good, bad and unreadable inputs', async (...format) => {
    const args = ['mix', 'missing.json', '--from', 'list.txt', ...format, '--now', NOW, '--offline']
    const one = await run([...args, '--jobs', '1'])
    expect(pool.startVerifyPool).not.toHaveBeenCalled()
    const three = await run([...args, '--jobs', '3'])
    expect(pool.startVerifyPool).toHaveBeenCalledTimes(1)
    expect(vi.mocked(pool.startVerifyPool).mock.calls[0]?.[0]).toBe(3)
    expect(three.stdout).toBe(one.stdout)
    expect(three.stderr).toBe(one.stderr)
    expect(three.code).toBe(one.code)
    // What the output holds: 26 reports (24 + a JWT + a PNG, then 3 from the list) and 4 lines on stderr.
    expect(one.code).toBe(2)
    expect(one.stderr.split('\n').filter((l) => l !== '')).toEqual([
      'ob3 verify: cannot read missing.json: no such file [ERR_OB3_INPUT_UNREADABLE]',
      'ob3 verify: cannot read missing-1.json: no such file [ERR_OB3_INPUT_UNREADABLE]',
      'ob3 verify: cannot read empty: the folder holds no .json, .jwt, .jws, .png, .svg file [ERR_OB3_INPUT_UNREADABLE]',
      'ob3 verify: cannot read mix/nowhere/missing-2.json: no such file [ERR_OB3_INPUT_UNREADABLE]',
    ])
    if (format[0] === '--jsonl') {
      const reports = one.stdout.trim().split('\n').map((l) => JSON.parse(l) as { input: string; verified: boolean })
      expect(reports).toHaveLength(29)
      expect(reports.map((r) => r.input).slice(0, 3)).toEqual([join('mix', 'broken.jwt'), join('mix', 'c01.json'), join('mix', 'c02.json')])
      // Valid: c00, c02, c06, c08, c12, c14, c18, c20 in the folder, and c02 again from the list.
      expect(reports.filter((r) => r.verified)).toHaveLength(9)
    }
  })

  it('exit status 1 (some not verified) and 0 (all verified) are the same on worker threads', async () => {
    for (const [inputs, code] of [[['mix/c01.json', 'mix/c02.json', 'mix/c03.json'], 1], [['mix/c02.json', 'mix/c06.json', 'mix/c08.json'], 0]] as const) {
      const one = await run([...inputs, '--jsonl', '--now', NOW, '--offline', '--jobs', '1'])
      const two = await run([...inputs, '--jsonl', '--now', NOW, '--offline', '--jobs', '2'])
      expect([two.code, two.stdout, two.stderr]).toEqual([one.code, one.stdout, one.stderr])
      expect(two.code).toBe(code)
    }
    expect(pool.startVerifyPool).toHaveBeenCalledTimes(2)
  })

  it('workers serve --resources from the map: a revoked credential is found revoked on them too', async () => {
    await writeFile(join(dir, 'map.json'), JSON.stringify({ 'https://institute.riverbend.example/status/revocation/1': vector('revoked', 'status-list.json') }))
    const args = [vector('revoked'), vector('valid-eddsa-rdfc-2022'), vector('revoked'), '--resources', 'map.json', '--jsonl', '--now', '2026-06-01T00:00:00Z']
    const one = await run([...args, '--jobs', '1'])
    const two = await run([...args, '--jobs', '2'])
    expect(pool.startVerifyPool).toHaveBeenCalledTimes(1)
    expect([two.code, two.stdout, two.stderr]).toEqual([one.code, one.stdout, one.stderr])
    const statusOf = (line: string) => (JSON.parse(line) as { checks: { id: string; code?: string }[] }).checks.find((c) => c.id === 'status')?.code
    expect(two.stdout.trim().split('\n').map(statusOf)).toEqual(['ERR_OB3_STATUS_REVOKED', undefined, 'ERR_OB3_STATUS_REVOKED'])
  })

  it('one input stays on the command\'s own thread, whatever --jobs says', async () => {
    const r = await run(['mix/c02.json', '--jsonl', '--now', NOW, '--offline', '--jobs', '4'])
    expect(r.code).toBe(0)
    expect(pool.startVerifyPool).not.toHaveBeenCalled()
  })

  it('with a fetch given in-process (not one a worker can make), verification stays on one thread', async () => {
    const fetch = vi.fn(async () => new Response('not here', { status: 404 }))
    const r = await runCli(['verify', 'mix/c01.json', 'mix/c02.json', '--jsonl', '--now', NOW, '--jobs', '2'], dir, { fetch })
    expect(r.stdout.trim().split('\n')).toHaveLength(2)
    expect(pool.startVerifyPool).not.toHaveBeenCalled()
  })

  it.each(['0', '257', '1.5', 'two', '', ' 2'])('refuses --jobs %j with exit 2 and ERR_OB3_USAGE', async (value) => {
    const r = await run(['mix/c01.json', '--offline', '--jobs', value])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`ob3 verify: --jobs must be a whole number from 1 to 256, or auto, not ${JSON.stringify(value)} [ERR_OB3_USAGE]\n`)
  })

  it('parses --jobs: auto by default, whole numbers 1 to 256', () => {
    expect(parseJobs(undefined)).toBe('auto')
    expect(parseJobs('auto')).toBe('auto')
    expect(parseJobs('1')).toBe(1)
    expect(parseJobs('256')).toBe(256)
    expect(() => parseJobs('1e2')).toThrow('--jobs must be a whole number')
  })
})
