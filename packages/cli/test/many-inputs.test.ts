import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatherInputs, inOrder } from '../src/inputs.js'
import type { CliIo } from '../src/io.js'
import { removeTempDirs, runCli, tempDir } from './helpers.js'

const VECTOR = fileURLToPath(new URL('../../../test-vectors/valid-eddsa-rdfc-2022/', import.meta.url))
const TAMPERED = fileURLToPath(new URL('../../../test-vectors/tampered-name/credential.json', import.meta.url))
let NOW: string
let dir: string

afterAll(removeTempDirs)

beforeAll(async () => {
  NOW = (JSON.parse(await readFile(join(VECTOR, 'case.json'), 'utf8')) as { now: string }).now
  dir = await tempDir()
  // creds/a.json, creds/b/c.json, creds/b/d/e.json, creds/z.json (tampered), plus files and folders not read
  await mkdir(join(dir, 'creds', 'b', 'd'), { recursive: true })
  await mkdir(join(dir, 'creds', '.hidden'), { recursive: true })
  await mkdir(join(dir, 'empty', 'nested'), { recursive: true })
  for (const f of ['creds/a.json', 'creds/b/c.json', 'creds/b/d/e.json', 'creds/.hidden/h.json', 'one.json']) await copyFile(join(VECTOR, 'credential.json'), join(dir, f))
  await copyFile(TAMPERED, join(dir, 'creds', 'z.json'))
  await writeFile(join(dir, 'creds', 'notes.txt'), 'not an input')
  await writeFile(join(dir, 'empty', 'nested', 'readme.md'), 'nothing to verify')
})

const ids = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as { input: string; verified: boolean }).map((r) => [r.input, r.verified])

describe('ob3 verify with many inputs', () => {
  it('reads a folder recursively, in name order, only the kinds it reads and no hidden entries', async () => {
    const run = await runCli(['verify', 'creds', '--jsonl', '--now', NOW], dir)
    expect(ids(run.stdout)).toEqual([[join('creds', 'a.json'), true], [join('creds', 'b', 'c.json'), true], [join('creds', 'b', 'd', 'e.json'), true], [join('creds', 'z.json'), false]])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
  })

  it('reads inputs from --from <file>, one per line (blank lines skipped), after the command-line ones', async () => {
    await writeFile(join(dir, 'list.txt'), 'creds/b\n\n  one.json  \ncreds/a.json\n')
    const run = await runCli(['verify', 'one.json', '--from', 'list.txt', '--jsonl', '--now', NOW], dir)
    expect(run.code).toBe(0)
    expect(ids(run.stdout)).toEqual([['one.json', true], [join('creds', 'b', 'c.json'), true], [join('creds', 'b', 'd', 'e.json'), true], ['one.json', true], ['creds/a.json', true]])
  })

  it('reads the list from standard input with --from -', async () => {
    const run = await runCli(['verify', '--from', '-', '--jsonl', '--now', NOW], dir, { stdin: new TextEncoder().encode('one.json\r\ncreds/z.json') })
    expect(run.code).toBe(1)
    expect(ids(run.stdout)).toEqual([['one.json', true], ['creds/z.json', false]])
  })

  it('--json: one report for one input, a streamed array (valid JSON) for several', async () => {
    const one = await runCli(['verify', 'one.json', '--json', '--now', NOW], dir)
    expect(JSON.parse(one.stdout)).toMatchObject({ input: 'one.json', verified: true })
    const many = await runCli(['verify', 'creds', '--json', '--now', NOW], dir)
    const parsed = JSON.parse(many.stdout) as { input: string }[]
    expect(parsed.map((r) => r.input)).toEqual([join('creds', 'a.json'), join('creds', 'b', 'c.json'), join('creds', 'b', 'd', 'e.json'), join('creds', 'z.json')])
    // The same text JSON.stringify(array, null, 2) would give.
    expect(many.stdout).toBe(JSON.stringify(parsed, null, 2) + '\n')
  })

  it('a folder with nothing to read, a missing --from file and stdin twice are exit 2, each one line', async () => {
    const empty = await runCli(['verify', 'empty', 'one.json', '--jsonl', '--now', NOW], dir)
    expect(empty.code).toBe(2)
    expect(ids(empty.stdout)).toEqual([['one.json', true]])
    expect(empty.stderr).toBe('ob3 verify: cannot read empty: the folder holds no .json, .jwt, .jws, .png, .svg file [ERR_OB3_INPUT_UNREADABLE]\n')
    const missing = await runCli(['verify', '--from', 'nope.txt'], dir)
    expect([missing.code, missing.stderr]).toEqual([2, 'ob3 verify: cannot read --from nope.txt: no such file\n'])
    const twice = await runCli(['verify', '-', '--from', '-'], dir)
    expect([twice.code, twice.stderr]).toEqual([2, 'ob3 verify: standard input (-) can be given once\n'])
  })

  it('verifies 300 files of a folder with one report line each, in order', async () => {
    await mkdir(join(dir, 'many'))
    const bytes = await readFile(join(VECTOR, 'credential.json'))
    for (let i = 0; i < 300; i++) await writeFile(join(dir, 'many', `c${String(i).padStart(3, '0')}.json`), bytes)
    const run = await runCli(['verify', 'many', '--jsonl', '--now', NOW], dir)
    expect(run.code).toBe(0)
    const lines = ids(run.stdout)
    expect(lines).toHaveLength(300)
    expect(lines.map(([input]) => input)).toEqual(Array.from({ length: 300 }, (_, i) => join('many', `c${String(i).padStart(3, '0')}.json`)))
    expect(lines.every(([, verified]) => verified === true)).toBe(true)
  })
})

describe('ob3 credits with many inputs', () => {
  it('reads a folder and --from like ob3 verify, listing each credential found', async () => {
    const credential = JSON.parse(await readFile(join(VECTOR, 'credential.json'), 'utf8')) as { issuer: { id: string } }
    await writeFile(join(dir, 'registry.json'), JSON.stringify({ name: 'Test registry', entries: [{ id: credential.issuer.id, name: 'Riverbend', trustedFor: ['issuer', 'endorser'] }] }))
    await writeFile(join(dir, 'more.txt'), 'one.json\n')
    const run = await runCli(['credits', 'creds/b', '--from', 'more.txt', '--trust', 'registry.json', '--now', NOW, '--json'], dir)
    const result = JSON.parse(run.stdout) as { total: number; counted: unknown[]; notCounted: { input: string; code: string }[] }
    // No endorsement: nothing counts, and every input found is listed with the reason.
    expect(run.code).toBe(1)
    expect(result.total).toBe(0)
    expect(result.notCounted.map((c) => c.input)).toEqual([join('creds', 'b', 'c.json'), join('creds', 'b', 'd', 'e.json'), 'one.json'])
  })
})

describe('gatherInputs and inOrder', () => {
  const io = (cwd: string, stdin = ''): CliIo => ({ stdout: () => {}, stderr: () => {}, readStdin: async () => new TextEncoder().encode(stdin), isTty: false, cwd, fetch: undefined })

  it('yields links, - and missing paths as given, folders as their files', async () => {
    const got: unknown[] = []
    for await (const input of gatherInputs({ positionals: ['https://example.org/#x', 'missing.json', 'creds/b', '-'], io: io(dir) })) got.push(input)
    expect(got).toEqual(['https://example.org/#x', 'missing.json', join('creds', 'b', 'c.json'), join('creds', 'b', 'd', 'e.json'), '-'])
  })

  it('keeps the order of the items whatever order the work finishes in, with at most `concurrency` running', async () => {
    async function* numbers() {
      for (let i = 0; i < 40; i++) yield i
    }
    let running = 0
    let most = 0
    const out: number[] = []
    await inOrder(numbers(), 4, async (n) => {
      running++
      most = Math.max(most, running)
      // a turn of the event loop, then a varying number of microtasks: later items often finish first
      await new Promise((resolve) => setImmediate(resolve))
      for (let k = 0; k < (40 - n) % 7; k++) await Promise.resolve()
      running--
      return n * 2
    }, (r) => void out.push(r))
    expect(out).toEqual(Array.from({ length: 40 }, (_, i) => i * 2))
    expect(most).toBe(4)
  })

  it('passes a failure on in its turn, after the results before it', async () => {
    async function* three() {
      yield* [1, 2, 3]
    }
    const out: number[] = []
    await expect(inOrder(three(), 3, async (n) => {
      if (n === 2) throw new Error('two failed')
      return n
    }, (r) => void out.push(r))).rejects.toThrow('two failed')
    expect(out).toEqual([1])
  })
})
