// `pnpm ob3 …` as a child process for the end-to-end tests, killable mid-run by the work it has
// reported (never by a timer, which load on a small machine can outrun).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** What a run printed and how it ended. */
export interface Ob3Run {
  code: number | null
  stdout: string
  stderr: string
  /** Whether it was killed at `killWhenDone`. */
  killed: boolean
}

/**
 * Run `pnpm ob3 <args>` in `cwd`. With `killWhenDone`, SIGKILL its whole process group (pnpm, node
 * and the worker threads: it runs detached, in a group of its own) once its progress line
 * (`… ] <done>/<total>`) reports that many rows done.
 */
export function runOb3(args: string[], cwd: string, killWhenDone?: number): Promise<Ob3Run> {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['--dir', ROOT, '--silent', 'ob3', ...args], { cwd, detached: true, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    let killed = false
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => {
      stderr += d
      const done = [...stderr.matchAll(/\] (\d+)\/\d+/g)].map((m) => Number(m[1])).pop() ?? 0
      if (killWhenDone !== undefined && !killed && done >= killWhenDone) {
        killed = true
        process.kill(-(child.pid as number), 'SIGKILL')
      }
    })
    child.on('close', (code) => resolve({ code, stdout, stderr, killed }))
  })
}
