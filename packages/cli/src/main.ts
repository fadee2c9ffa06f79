import { readFileSync } from 'node:fs'
import { UsageError, type CliIo } from './io.js'
import { flagsOf, suggest } from './suggest.js'

export const HELP = `ob3 — Open Badges 3.0 micro-credentials: issue, bake and verify.

Commands:
  ob3 keys generate     make an Ed25519 signing key
  ob3 issue             build and sign a credential from an award file
  ob3 verify            verify credentials (JSON, JWT, PNG, SVG)
  ob3 bake              put a credential into a PNG or SVG badge
  ob3 extract           take the credential out of a badge image
  ob3 revoke            revoke a credential (also: suspend, unsuspend)
  ob3 status publish    sign and write the issuer's status lists
  ob3 endorse           endorse an achievement, a profile or a credential
  ob3 credits           total endorsed clock hours against a trust registry
  ob3 report            the programme report: awards, assessment, clock hours (JSON, CSV, HTML)
  ob3 page              serve the verification page on 127.0.0.1
  ob3 wallet            keep credentials and artifacts; share them by link and QR code
  ob3 wallet-app        the wallet as a web app in the browser, on 127.0.0.1
  ob3 serve             run the HTTP service (VC-API, status lists, shares, did:web, the page)

ob3 <command> --help shows a command's options; ob3 --version prints the version.`

type Env = Record<string, string | undefined>

/** A command, loaded when it is run: its help and its function. */
interface Command {
  help: string
  run: (args: string[], io: CliIo, env: Env) => Promise<number>
}

// Each command's module (and the packages it needs) is imported only when that command runs, so
// `ob3 --version` and `ob3 --help` load almost nothing.
const COMMANDS: Record<string, () => Promise<Command>> = {
  keys: async () => { const m = await import('./commands/keys.js'); return { help: m.KEYS_HELP, run: (a, io) => m.keysCommand(a, io) } },
  issue: async () => { const m = await import('./commands/issue.js'); return { help: m.ISSUE_HELP, run: (a, io) => m.issueCommand(a, io) } },
  verify: async () => { const m = await import('./commands/verify.js'); return { help: m.VERIFY_HELP, run: (a, io, env) => m.verifyCommand(a, io, env) } },
  bake: async () => { const m = await import('./commands/bake.js'); return { help: m.BAKE_HELP, run: (a, io) => m.bakeCommand(a, io) } },
  extract: async () => { const m = await import('./commands/bake.js'); return { help: m.EXTRACT_HELP, run: (a, io) => m.extractCommand(a, io) } },
  revoke: async () => flag('revoke'),
  suspend: async () => flag('suspend'),
  unsuspend: async () => flag('unsuspend'),
  status: async () => { const m = await import('./commands/status.js'); return { help: m.STATUS_HELP, run: (a, io) => m.statusCommand(a, io) } },
  endorse: async () => { const m = await import('./commands/endorse.js'); return { help: m.ENDORSE_HELP, run: (a, io) => m.endorseCommand(a, io) } },
  credits: async () => { const m = await import('./commands/credits.js'); return { help: m.CREDITS_HELP, run: (a, io) => m.creditsCommand(a, io) } },
  report: async () => { const m = await import('./commands/report.js'); return { help: m.REPORT_HELP, run: (a, io) => m.reportCommand(a, io) } },
  page: async () => { const m = await import('./commands/page.js'); return { help: m.PAGE_HELP, run: (a, io) => m.pageCommand(a, io) } },
  wallet: async () => { const m = await import('./commands/wallet.js'); return { help: m.WALLET_HELP, run: (a, io, env) => m.walletCommand(a, io, env) } },
  'wallet-app': async () => { const m = await import('./commands/wallet-app.js'); return { help: m.WALLET_APP_HELP, run: (a, io) => m.walletAppCommand(a, io) } },
  serve: async () => { const m = await import('./commands/serve.js'); return { help: m.SERVE_HELP, run: (a, io) => m.serveCommand(a, io) } },
}

async function flag(name: 'revoke' | 'suspend' | 'unsuspend'): Promise<Command> {
  const m = await import('./commands/status.js')
  return { help: m.REVOKE_HELP, run: (a, io) => m.flagCommand(name, a, io) }
}

/** The names of the commands, as `ob3 <command>` takes them. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS)

/** The version of `@ob3/cli` (from its package.json, one directory above this module's). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

/**
 * Run the CLI with the given arguments; resolves to the exit status. Never throws: unexpected
 * errors are reported in one line (exit 2), without a stack trace unless OB3_DEBUG is set.
 */
export async function main(argv: string[], io: CliIo, env: Env): Promise<number> {
  const [command, ...args] = argv
  let loaded: Command | undefined
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP + '\n')
      return command === undefined ? 2 : 0
    }
    if (command === '--version' || command === '-V') {
      io.stdout(cliVersion() + '\n')
      return 0
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
    if (load === undefined) {
      const near = suggest(command, COMMAND_NAMES)
      throw new UsageError(`unknown command ${JSON.stringify(command)}${near === undefined ? '' : ` (did you mean ob3 ${near}?)`}\n\n${HELP}`)
    }
    loaded = await load()
    // `ob3 wallet <sub> --help` is the wallet's own: each of its commands has a help.
    if ((args.includes('--help') || args.includes('-h')) && command !== 'wallet') {
      io.stdout(loaded.help + '\n')
      return 0
    }
    return await loaded.run(args, io, env)
  } catch (err) {
    // By name too: the built `ob3 verify` carries its own copy of UsageError (tsup.config.ts).
    if (err instanceof UsageError || (err instanceof Error && err.name === 'UsageError')) {
      io.stderr(`ob3 ${command ?? ''}: ${err.message}\n`)
      return 2
    }
    const e = err as { code?: string; message?: string }
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.stderr(`ob3 ${command}: ${unknownOption(e.message ?? '', command ?? '', args, loaded?.help)}\n`)
      return 2
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      io.stderr(`ob3 ${command}: ${e.message}\n`)
      return 2
    }
    if (isCoded(err)) {
      // The operation was refused (an invalid award, an image baked already): exit 1.
      io.stderr(`ob3 ${command}: ${err.message} [${err.code}]\n`)
      return 1
    }
    io.stderr(`ob3 ${command}: unexpected error: ${e.message ?? String(err)}\n`)
    if (env.OB3_DEBUG !== undefined) io.stderr(`${(err as Error).stack ?? ''}\n`)
    return 2
  }
}

/** An `Ob3Error` (checked by shape, so that this module does not load `@ob3/core`). */
function isCoded(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code
  return err instanceof Error && err.name === 'Ob3Error' && typeof code === 'string' && code.startsWith('ERR_OB3_')
}

/** "unknown option --jsonn (did you mean --jsonl?)": the flags known are those the command's help names. */
function unknownOption(message: string, command: string, args: string[], help: string | undefined): string {
  const option = /Unknown option '([^']+)'/.exec(message)?.[1]
  if (option === undefined) return message
  const sub = command === 'wallet' && args[0] !== undefined && !args[0].startsWith('-') ? ` ${args[0]}` : ''
  const near = help === undefined ? undefined : suggest(option, flagsOf(help))
  return `unknown option ${option}${near === undefined ? '' : ` (did you mean ${near}?)`}; ob3 ${command}${sub} --help lists the options`
}
