import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main, type CliIo } from '../src/index.js'

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run the CLI in-process in `cwd`, offline unless `fetch` is given. */
export async function runCli(argv: string[], cwd: string, options: { stdin?: Uint8Array; fetch?: typeof fetch } = {}): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? new Uint8Array(0),
    isTty: false,
    cwd,
    fetch: options.fetch,
  }
  const code = await main(argv, io, {})
  return { code, stdout, stderr }
}

const made: string[] = []

/** A fresh temporary working directory, removed by {@link removeTempDirs}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-cli-'))
  made.push(dir)
  return dir
}

/** Remove the directories {@link tempDir} made. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
}
