import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { Ob3Error, bakePng, bakeSvg, extractPng, extractSvg, isOb3Error } from '@ob3/core'
import { UsageError, type CliIo } from '../io.js'
import { readInputFile } from '../read-file.js'

export const BAKE_HELP = `ob3 bake <credential.json|credential.jwt> --image <badge.png|badge.svg> --out <file> [--overwrite]

Puts a signed credential into a badge image (PNG iTXt chunk or SVG element, as OB 3.0
specifies). An image that already holds a credential is refused unless --overwrite.`

export const EXTRACT_HELP = `ob3 extract <badge.png|badge.svg> [--out <file>]

Prints (or writes) the credential baked into a badge image: JSON, or the VC-JWT.`

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
}

/** `ob3 bake`. */
export async function bakeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { image: { type: 'string' }, out: { type: 'string' }, overwrite: { type: 'boolean' } } })
  if (positionals.length !== 1 || values.image === undefined || values.out === undefined) throw new UsageError(BAKE_HELP)
  const credentialText = new TextDecoder().decode(await readInputFile(positionals[0] as string, io)).trim()
  let credential: string | object
  if (credentialText.startsWith('{')) {
    try {
      credential = JSON.parse(credentialText) as object
    } catch (err) {
      throw new UsageError(`${positionals[0]} is not valid JSON: ${(err as Error).message}`)
    }
  } else credential = credentialText
  const image = await readInputFile(values.image, io)
  const overwrite = values.overwrite === true
  const out = await (isPng(image) ? bakePng({ image, credential, overwrite }) : bakeSvg({ image, credential, overwrite })).catch((err: unknown) => {
    // The API's remedy is an option (overwrite: true); the command's is a flag.
    if (isOb3Error(err, 'ERR_OB3_PNG_ALREADY_BAKED') || isOb3Error(err, 'ERR_OB3_SVG_ALREADY_BAKED')) {
      throw new Ob3Error(err.code, `${values.image} already holds a credential; give --overwrite to replace it`, { cause: err })
    }
    throw err
  })
  await writeFile(resolve(io.cwd, values.out), out)
  io.stderr(`baked into ${values.out}\n`)
  return 0
}

/** `ob3 extract`. */
export async function extractCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } })
  if (positionals.length !== 1) throw new UsageError(EXTRACT_HELP)
  const image = await readInputFile(positionals[0] as string, io)
  const baked = isPng(image) ? await extractPng(image) : await extractSvg(image)
  const text = baked.format === 'jwt' ? baked.jwt + '\n' : JSON.stringify(baked.credential, null, 2) + '\n'
  if (values.out === undefined) io.stdout(text)
  else await writeFile(resolve(io.cwd, values.out), text)
  return 0
}
