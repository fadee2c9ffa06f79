import type { Server } from 'node:http'
import { UsageError, type CliIo } from './io.js'

/** What a test (or a caller embedding the CLI) passes to a command that serves until stopped. */
export interface ServeHooks {
  /** Stops the server when aborted, as Ctrl-C does. */
  signal?: AbortSignal
  /** Called with the server's address once it listens. */
  onListening?: (url: string) => void
}

/**
 * A `--port` value: a port number, or `fallback` when none was given.
 * @throws UsageError for anything but an integer from 0 to 65535
 */
export function parsePort(value: string | undefined, fallback: number): number {
  const port = value === undefined ? fallback : Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0–65535), not ${JSON.stringify(value)}`)
  return port
}

/**
 * Listen on 127.0.0.1 at `port` (0: a free one). Resolves to the server's address
 * (`http://127.0.0.1:<port>/`), or to `undefined` after saying on stderr why it could not listen.
 */
export async function listenOnLoopback(server: Server, port: number, command: string, io: CliIo): Promise<string | undefined> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  } catch (err) {
    io.stderr(`${command}: cannot listen on 127.0.0.1:${port}: ${(err as Error).message}\n`)
    return undefined
  }
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port}/`
}

/** Resolves once the server is closed: on Ctrl-C, SIGTERM or the hooks' signal. */
export async function serveUntilStopped(server: Server, hooks: ServeHooks): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      hooks.signal?.removeEventListener('abort', stop)
      server.close(() => resolve())
      server.closeAllConnections()
    }
    if (hooks.signal?.aborted === true) return stop()
    hooks.signal?.addEventListener('abort', stop, { once: true })
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
