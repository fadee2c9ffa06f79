import { isOb3Error } from '@ob3/core'
import { BAKE_HELP, EXTRACT_HELP, bakeCommand, extractCommand } from './commands/bake.js'
import { ISSUE_HELP, issueCommand } from './commands/issue.js'
import { KEYS_HELP, keysCommand } from './commands/keys.js'
import { ENDORSE_HELP, endorseCommand } from './commands/endorse.js'
import { CREDITS_HELP, creditsCommand } from './commands/credits.js'
import { PAGE_HELP, pageCommand } from './commands/page.js'
import { WALLET_HELP, walletCommand } from './commands/wallet.js'
import { SERVE_HELP, serveCommand } from './commands/serve.js'
import { REVOKE_HELP, STATUS_HELP, flagCommand, statusCommand } from './commands/status.js'
import { VERIFY_HELP, verifyCommand } from './commands/verify.js'
import { UsageError, type CliIo } from './io.js'

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
  ob3 page              serve the verification page on 127.0.0.1
  ob3 wallet            keep credentials and artifacts; share them by link and QR code
  ob3 serve             run the HTTP service (VC-API, status lists, shares, did:web, the page)

ob3 <command> --help shows a command's options.`

const HELPS: Record<string, string> = { keys: KEYS_HELP, issue: ISSUE_HELP, verify: VERIFY_HELP, bake: BAKE_HELP, extract: EXTRACT_HELP, revoke: REVOKE_HELP, suspend: REVOKE_HELP, unsuspend: REVOKE_HELP, status: STATUS_HELP, endorse: ENDORSE_HELP, credits: CREDITS_HELP, page: PAGE_HELP, wallet: WALLET_HELP, serve: SERVE_HELP }

/**
 * Run the CLI with the given arguments; resolves to the exit status. Never throws: unexpected
 * errors are reported in one line (exit 2), without a stack trace unless OB3_DEBUG is set.
 */
export async function main(argv: string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const [command, ...args] = argv
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout(HELP + '\n')
      return command === undefined ? 2 : 0
    }
    if (args.includes('--help') || args.includes('-h')) {
      const help = HELPS[command]
      if (help !== undefined) {
        io.stdout(help + '\n')
        return 0
      }
    }
    switch (command) {
      case 'keys': return await keysCommand(args, io)
      case 'issue': return await issueCommand(args, io)
      case 'verify': return await verifyCommand(args, io, env)
      case 'bake': return await bakeCommand(args, io)
      case 'extract': return await extractCommand(args, io)
      case 'revoke':
      case 'suspend':
      case 'unsuspend': return await flagCommand(command, args, io)
      case 'status': return await statusCommand(args, io)
      case 'endorse': return await endorseCommand(args, io)
      case 'credits': return await creditsCommand(args, io)
      case 'page': return await pageCommand(args, io)
      case 'wallet': return await walletCommand(args, io, env)
      case 'serve': return await serveCommand(args, io)
      default: throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${HELP}`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`ob3 ${command ?? ''}: ${err.message}\n`)
      return 2
    }
    const e = err as { code?: string; message?: string }
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      io.stderr(`ob3 ${command}: ${e.message}\n`)
      return 2
    }
    if (isOb3Error(err)) {
      // The operation was refused (an invalid award, an image baked already): exit 1.
      io.stderr(`ob3 ${command}: ${err.message} [${err.code}]\n`)
      return 1
    }
    io.stderr(`ob3 ${command}: unexpected error: ${e.message ?? String(err)}\n`)
    if (env.OB3_DEBUG !== undefined) io.stderr(`${(err as Error).stack ?? ''}\n`)
    return 2
  }
}
