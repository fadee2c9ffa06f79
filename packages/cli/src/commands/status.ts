import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Ob3Error, isOb3Error } from '@ob3/core'
import { ISSUER_OPTIONS, openIssuer } from '../issuer-context.js'
import { UsageError, type CliIo } from '../io.js'

export const REVOKE_HELP = `ob3 revoke <credential-id> --key <key.json> [--db <issuer.db | postgres://…>] [--reason <text>]
ob3 suspend <credential-id> --suspension … | ob3 unsuspend <credential-id> --suspension …

Revokes (for good), suspends or reinstates a credential this issuer awarded with a status entry,
in the issuer database (default ./ob3-issuer.db). Publish the lists afterwards (ob3 status publish)
for verifiers to see it. Suspending needs --suspension: only credentials issued with
--suspension carry a suspension entry.`

export const STATUS_HELP = `ob3 status publish --key <key.json> [--db <issuer.db | postgres://…>] [--out <dir>] [--valid-for <hours>]

Signs every status list of the issuer as a W3C BitstringStatusListCredential and writes them to
<dir>/<group>/revocation.json and suspension.json (default dir: ./status), to be served at their URLs.`

/** `ob3 revoke`, `ob3 suspend`, `ob3 unsuspend`. */
export async function flagCommand(action: 'revoke' | 'suspend' | 'unsuspend', args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...ISSUER_OPTIONS, reason: { type: 'string' } } })
  if (positionals.length !== 1) throw new UsageError(`give exactly one credential id\n\n${REVOKE_HELP}`)
  const id = positionals[0] as string
  const ctx = await openIssuer(values, io)
  try {
    const changed = await ctx.issuer[action](id, values.reason).catch((err: unknown) => {
      if (isOb3Error(err, 'ERR_OB3_STATUS_UNSUPPORTED')) {
        throw new Ob3Error(err.code, `give --suspension to ${action}: it acts on the suspension entry that ob3 issue --suspension gives a credential`, { cause: err })
      }
      throw err
    })
    if (!changed) {
      io.stderr(`ob3 ${action}: ${id} has no status entry, so it cannot be ${action === 'revoke' ? 'revoked' : action === 'suspend' ? 'suspended' : 'reinstated'}\n`)
      return 1
    }
    const status = await ctx.issuer.statusOf(id)
    io.stdout(`${id}: ${status?.revoked === true ? 'revoked' : status?.suspended === true ? 'suspended' : 'in good standing'}\n`)
    return 0
  } finally {
    await ctx.close()
  }
}

/** `ob3 status publish`. */
export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'publish') throw new UsageError(`unknown status command ${JSON.stringify(sub ?? '')}\n\n${STATUS_HELP}`)
  const { values } = parseArgs({ args: rest, options: { ...ISSUER_OPTIONS, out: { type: 'string' }, 'valid-for': { type: 'string' } } })
  const hours = values['valid-for'] === undefined ? undefined : Number(values['valid-for'])
  if (hours !== undefined && !(hours > 0)) throw new UsageError('--valid-for must be a number of hours > 0')
  const out = resolve(io.cwd, values.out ?? 'status')
  const ctx = await openIssuer(values, io)
  try {
    const groups = await ctx.issuer.statusListGroups()
    if (groups.length === 0) io.stderr('ob3 status publish: this issuer has no status lists yet (issue with --status-base-url)\n')
    for (const group of groups) {
      await mkdir(join(out, group.id), { recursive: true })
      for (const purpose of ['revocation', 'suspension'] as const) {
        const list = await ctx.issuer.publishStatusList(group.id, purpose, hours === undefined ? {} : { validForMs: hours * 3_600_000 })
        const file = join(out, group.id, `${purpose}.json`)
        await writeFile(file, JSON.stringify(list, null, 2) + '\n')
        io.stdout(`${purpose === 'revocation' ? group.revocationListUrl : group.suspensionListUrl} → ${file}\n`)
      }
    }
    return 0
  } finally {
    await ctx.close()
  }
}
