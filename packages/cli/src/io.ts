/** What a command may touch: its streams and the clock. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Read all of standard input. */
  readStdin: () => Promise<Uint8Array>
  /** Whether stdout is a terminal (for colour). */
  isTty: boolean
  /** The working directory that relative paths start from. */
  cwd: string
  /** Fetch for the network, or undefined to stay offline. */
  fetch: typeof fetch | undefined
  /**
   * The fetch verification uses for what credentials point at (DID documents, status lists),
   * when it differs from `fetch`: in Node, one that checks the addresses a host resolves to.
   * Default: `fetch`.
   */
  verifyFetch?: typeof fetch | undefined
  /**
   * `dns-checked` when `verifyFetch` is the DNS-checked fetch of `@ob3/verifier/node`, which each
   * worker thread of `ob3 verify --jobs` can make for itself. Without it, `ob3 verify` with the
   * network on verifies on one thread (a fetch function cannot be sent to a thread); with
   * `--offline` or `--resources` it needs none.
   */
  workerFetch?: 'dns-checked'
  /**
   * Resolves when what was written to stdout has gone out far enough to write more: `ob3 verify`
   * waits for it between reports, so that a slow reader holds back the work, not a queue of
   * reports. Default: nothing to wait for.
   */
  outputDrained?: () => Promise<void>
}

/** An error that ends the command with exit status 2 and a one-line message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** ANSI styling, only when writing to a terminal and NO_COLOR is unset. */
export function styler(io: Pick<CliIo, 'isTty'>, env: Record<string, string | undefined>) {
  const on = io.isTty && env.NO_COLOR === undefined
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s)
  return { on, green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) }
}
