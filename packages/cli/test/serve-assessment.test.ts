// `ob3 serve --catalogue … --artifacts-dir …`: double-blind assessment from the command line.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { toBase64Url, utf8 } from '@ob3/core'
import { serveCommand } from '../src/commands/serve.js'
import { UsageError, type CliIo } from '../src/io.js'
import { removeTempDirs, tempDir } from './helpers.js'

afterAll(removeTempDirs)

const CATALOGUE = fileURLToPath(new URL('../../../examples/catalogues/deeper-learning-sample.yaml', import.meta.url))
const MC = 'https://academy.northwind.example/micro-credentials/idea-generating'

function io(cwd: string): CliIo & { out: () => string } {
  let stdout = ''
  return { stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: async () => new Uint8Array(0), isTty: false, cwd, fetch: undefined, out: () => stdout }
}

describe('ob3 serve --catalogue', () => {
  it('serves /assessment for the catalogue\'s micro-credentials and keeps evidence files owner-only in --artifacts-dir', async () => {
    const dir = await tempDir()
    const init = io(dir)
    expect(await serveCommand(['--init-tenant', 'northwind', '--tenant-name', 'Northwind Educator Academy', '--db', 'ob3.db'], init)).toBe(0)
    const apiKey = init.out().trim()
    const stop = new AbortController()
    let failure: unknown
    const code = await serveCommand(['--port', '0', '--db', 'ob3.db', '--catalogue', CATALOGUE, '--artifacts-dir', 'evidence', '--log-level', 'silent'], io(dir), {
      signal: stop.signal,
      onListening: (url) => {
        void (async () => {
          const post = async (path: string, token: string, body: unknown) => {
            const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
            return { status: res.status, json: (await res.json()) as Record<string, any> }
          }
          const educator = (await post('/assessment/tokens', apiKey, { role: 'educator', id: 'did:example:okafor' })).json.token as string
          const text = (part: string) => ({ part, text: 'Short answer.' })
          const submitted = await post('/assessment/submissions', educator, {
            achievementId: MC,
            evidence: {
              answers: [text('overview'), text('overview')],
              artifacts: [1, 2].map((n) => ({ part: 'student-work', name: `work-${n}.txt`, mediaType: 'text/plain', base64url: toBase64Url(utf8(`work ${n}`)) })),
              reflections: [text('student-reflections'), text('student-reflections'), text('teacher-reflection')],
            },
          })
          expect([submitted.status, submitted.json.state]).toEqual([201, 'submitted'])
        })().catch((err: unknown) => { failure = err }).finally(() => stop.abort())
      },
    })
    if (failure !== undefined) throw failure
    expect(code).toBe(0)
    const files = await readdir(join(dir, 'evidence'))
    expect(files).toHaveLength(2) // two text files; their assessors' copies are the same bytes
    for (const f of files) expect((await stat(join(dir, 'evidence', f))).mode & 0o777).toBe(0o600)
  })

  it('refuses --artifacts-dir without --catalogue, and a catalogue it cannot read', async () => {
    const dir = await tempDir()
    await expect(serveCommand(['--artifacts-dir', 'x'], io(dir))).rejects.toBeInstanceOf(UsageError)
    await expect(serveCommand(['--catalogue', 'missing.yaml', '--port', '0'], io(dir))).rejects.toThrow(/cannot use the catalogue missing.yaml/)
  })
})
