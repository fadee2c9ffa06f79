import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Ob3Error, isOb3Error } from '@ob3/core'
import { statusList2021Url, type StatusListPurpose } from '@ob3/issuer'
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
<dir>/<group>/revocation.json and suspension.json (default dir: ./status), to be served at their URLs,
and message.json for a group with multi-bit message status. The same revocation and suspension bits
go to <dir>/<group>/revocation/2021.json and suspension/2021.json as StatusList2021Credentials (at
<list URL>/2021), the lists a VC 1.1 credential's StatusList2021Entry points at.`

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
      const validity = hours === undefined ? {} : { validForMs: hours * 3_600_000 }
      // Every list a credential of this group may point at: the Bitstring lists first, then the
      // multi-bit message list, then the VC 1.1 (StatusList2021) forms of the same bits.
      const lists: { purpose: StatusListPurpose; url: string; file: string; type?: 'StatusList2021Credential' }[] = [
        { purpose: 'revocation', url: group.revocationListUrl, file: 'revocation.json' },
        { purpose: 'suspension', url: group.suspensionListUrl, file: 'suspension.json' },
        ...(group.messageListUrl === undefined ? [] : [{ purpose: 'message' as const, url: group.messageListUrl, file: 'message.json' }]),
        { purpose: 'revocation', url: statusList2021Url(group.revocationListUrl), file: join('revocation', '2021.json'), type: 'StatusList2021Credential' },
        { purpose: 'suspension', url: statusList2021Url(group.suspensionListUrl), file: join('suspension', '2021.json'), type: 'StatusList2021Credential' },
      ]
      for (const { purpose, url, file, type } of lists) {
        const list = await ctx.issuer.publishStatusList(group.id, purpose, { ...validity, ...(type === undefined ? {} : { type }) })
        const path = join(out, group.id, file)
        await mkdir(dirname(path), { recursive: true })
        await writeFile(path, JSON.stringify(list, null, 2) + '\n')
        io.stdout(`${url} → ${path}\n`)
      }
    }
    return 0
  } finally {
    await ctx.close()
  }
}
