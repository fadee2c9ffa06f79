import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildEndorsement, issueCredential } from '@ob3/issuer'
import { UsageError, type CliIo } from '../io.js'
import { readSigningKey } from '../issuer-context.js'
import { proofFormatOf } from '../proof-format.js'

export const ENDORSE_HELP = `ob3 endorse <endorsed id> --key <key.json> --comment <text> [--name <title>] [--endorser-name <name>]
                [--valid-until <ISO datetime>] [--cryptosuite eddsa-rdfc-2022|eddsa-jcs-2022] [--out <file>]

Issues an EndorsementCredential for an achievement, a profile or a credential (its id), signed by
the endorser's key — e.g. a state endorsing a provider's micro-credential for recertification
hours. Hand it out on its own, or embed it in the achievement or profile. --cryptosuite picks the
Data Integrity cryptosuite (default eddsa-rdfc-2022).`

/** `ob3 endorse`. */
export async function endorseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, comment: { type: 'string' }, name: { type: 'string' }, 'endorser-name': { type: 'string' }, 'valid-until': { type: 'string' }, cryptosuite: { type: 'string' }, out: { type: 'string' } },
  })
  if (positionals.length !== 1) throw new UsageError(`give the id of what is endorsed\n\n${ENDORSE_HELP}`)
  if (values.comment === undefined || values.comment.trim() === '') throw new UsageError('--comment is required: what the endorser says')
  const format = proofFormatOf({ cryptosuite: values.cryptosuite })
  const { key, signer } = await readSigningKey(values.key, io)
  let endorsement: Record<string, unknown>
  try {
    endorsement = buildEndorsement({
    issuer: { id: key.controller, name: values['endorser-name'] ?? key.controller },
    subjectId: positionals[0] as string,
    comment: values.comment,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values['valid-until'] === undefined ? {} : { validUntil: values['valid-until'] }),
    })
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message.replace(/^buildEndorsement: /, ''))
    throw err
  }
  const issued = await issueCredential({ credential: endorsement, signer, format })
  const text = issued.format === 'vc-jwt' ? issued.jwt + '\n' : JSON.stringify(issued.credential, null, 2) + '\n'
  if (values.out === undefined) io.stdout(text)
  else {
    await writeFile(resolve(io.cwd, values.out), text)
    io.stderr(`wrote ${values.out}\n`)
  }
  return 0
}
