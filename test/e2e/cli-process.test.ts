// The real `pnpm --silent ob3` command, as users' scripts run it: exit codes, one JSON line per
// input, and bad input answered with coded failures — never a crash or a stack trace.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const VECTORS = join(ROOT, 'test-vectors')

function ob3(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('pnpm', ['--dir', ROOT, '--silent', 'ob3', ...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr })
    })
  })
}

let dir: string

afterAll(() => rm(dir, { recursive: true, force: true }))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ob3-bad-input-'))
  const credential = await readFile(join(VECTORS, 'valid-eddsa-rdfc-2022', 'credential.json'), 'utf8')
  await writeFile(join(dir, 'not-json.json'), 'this is a lesson plan, not a credential')
  await writeFile(join(dir, 'array.json'), '[1, 2, 3]')
  await writeFile(join(dir, 'huge.json'), `{"name":"${'x'.repeat(20 * 1024 * 1024)}"}`)
  await writeFile(join(dir, 'deep.json'), '['.repeat(10_000) + ']'.repeat(10_000))
  await writeFile(join(dir, 'proto.json'), credential.replace('{', '{"__proto__":{"verified":true},'))
  await writeFile(join(dir, 'bomb.svg'), await readFile(join(VECTORS, 'svg-entity-bomb', 'badge.svg')))
  for (const name of ['png-no-credential', 'png-two-credentials', 'png-truncated']) {
    await writeFile(join(dir, `${name}.png`), await readFile(join(VECTORS, name, 'badge.png')))
  }
}, 60_000)

describe('pnpm --silent ob3 verify (a real process)', () => {
  it('verifies a good credential: exit 0, one JSON report, nothing on stderr', async () => {
    const run = await ob3(['verify', join(VECTORS, 'valid-eddsa-rdfc-2022', 'credential.json'), '--json', '--now', '2026-06-01T00:00:00Z'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ verified: true, kind: 'credential', format: 'ldp' })
  }, 60_000)

  it('answers every kind of bad input with a coded parse failure, in input order, without a stack trace', async () => {
    const inputs = ['not-json.json', 'array.json', 'huge.json', 'deep.json', 'proto.json', 'bomb.svg', 'png-no-credential.png', 'png-two-credentials.png', 'png-truncated.png']
    const run = await ob3(['verify', ...inputs, '--jsonl'], dir)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    const reports = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { input: string; verified: boolean; checks: { id: string; status: string; code?: string }[] })
    expect(reports.map((r) => [r.input, r.verified, r.checks[0]?.status, r.checks[0]?.code])).toEqual([
      ['not-json.json', false, 'failed', 'ERR_OB3_FORMAT_UNKNOWN'],
      ['array.json', false, 'failed', 'ERR_OB3_NOT_A_CREDENTIAL'],
      ['huge.json', false, 'failed', 'ERR_OB3_INPUT_TOO_LARGE'],
      ['deep.json', false, 'failed', 'ERR_OB3_JSON_TOO_DEEP'],
      ['proto.json', false, 'failed', 'ERR_OB3_JSON_FORBIDDEN_KEY'],
      ['bomb.svg', false, 'failed', 'ERR_OB3_SVG_FORBIDDEN_DTD'],
      ['png-no-credential.png', false, 'failed', 'ERR_OB3_PNG_NO_CREDENTIAL'],
      ['png-two-credentials.png', false, 'failed', 'ERR_OB3_PNG_MULTIPLE_CREDENTIALS'],
      ['png-truncated.png', false, 'failed', 'ERR_OB3_PNG_INVALID'],
    ])
  }, 60_000)

  it('prints bad input in plain words for a person, still without a stack trace', async () => {
    const run = await ob3(['verify', 'deep.json'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('NOT VERIFIED  deep.json')
    expect(run.stdout).toMatch(/✗ parse +the input nests deeper than 64 levels \[ERR_OB3_JSON_TOO_DEEP\]/)
    expect(run.stdout).not.toMatch(/at .*\.ts:\d+/)
  }, 60_000)

  it('exits 2 for a file that is not there and for wrong usage, with one line on stderr', async () => {
    const missing = await ob3(['verify', 'nowhere.json'], dir)
    expect(missing.code).toBe(2)
    const usage = await ob3(['verify', '--frobnicate'], dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr.trim().split('\n')).toHaveLength(1)
    expect(usage.stderr).not.toMatch(/\n\s+at /)
  }, 60_000)
})
