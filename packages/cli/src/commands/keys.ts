import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generateEd25519Key, generateP256Key } from '@ob3/core'
import { UsageError, type CliIo } from '../io.js'

export const KEYS_HELP = `ob3 keys generate [--type ed25519|p256] [--out <key.json>] [--controller <issuer id>]

Generates an Ed25519 signing key as a Multikey JSON document. Without --controller the key is
its own did:key issuer. With --controller (a did:web or an https issuer URL), the key's id is
<controller>#<publicKeyMultibase>. --type p256 makes a P-256 key for ES256 VC-JWTs, its own
did:jwk issuer by default. The file holds the secret key: it is written readable by its
owner only. Without --out it is printed.`

/** `ob3 keys generate`. */
export async function keysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'generate') throw new UsageError(`unknown keys command ${JSON.stringify(sub ?? '')}\n\n${KEYS_HELP}`)
  const { values } = parseArgs({ args: rest, options: { out: { type: 'string' }, controller: { type: 'string' }, type: { type: 'string' } }, strict: true })
  const options = values.controller === undefined ? {} : { controller: values.controller }
  const type = values.type ?? 'ed25519'
  if (type !== 'ed25519' && type !== 'p256') throw new UsageError(`--type must be ed25519 or p256, not ${JSON.stringify(type)}`)
  const key = type === 'p256' ? await generateP256Key(options) : await generateEd25519Key(options)
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
