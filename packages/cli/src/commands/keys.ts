import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generateEd25519Key } from '@ob3/core'
import { UsageError, type CliIo } from '../io.js'

export const KEYS_HELP = `ob3 keys generate [--out <key.json>] [--controller <issuer id>]

Generates an Ed25519 signing key as a Multikey JSON document. Without --controller the key is
its own did:key issuer. With --controller (a did:web or an https issuer URL), the key's id is
<controller>#<publicKeyMultibase>. The file holds the secret key: it is written readable by its
owner only. Without --out it is printed.`

/** `ob3 keys generate`. */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'generate') throw new UsageError(`unknown keys command ${JSON.stringify(sub ?? '')}\n\n${KEYS_HELP}`)
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string' }, controller: { type: 'string' } }, strict: true })
  const key = await generateEd25519Key(values.controller === undefined ? {} : { controller: values.controller })
  const text = JSON.stringify(key, null, 2) + '\n'
  if (values.out === undefined) {
    io.stdout(text)
  } else {
    await writeFile(resolve(io.cwd, values.out), text, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') throw new UsageError(`${values.out} exists already: ob3 never overwrites a key`)
      throw err
    })
    io.stderr(`wrote ${values.out} (${key.id})\n`)
  }
  return 0
}
