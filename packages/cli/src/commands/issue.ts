import { readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { importSigningKey, type ProofFormat } from '@ob3/core'
import { buildCredential, issueCredential, type Award, type IssuerProfileInput } from '@ob3/issuer'
import { UsageError, type CliIo } from '../io.js'
import { readJsonFile } from '../read-file.js'

export const ISSUE_HELP = `ob3 issue <award.json> --key <key.json> [--format eddsa-rdfc-2022|Ed25519Signature2020|vc-jwt] [--out <file>]

Builds an Open Badges 3.0 credential from an award file and signs it with the key. The award
names the achievement, the recipient (a DID as "id", or an "email" that is stored salted and
hashed) and, under "artifacts", evidence files: each {"name", "mediaType", "file"} is hashed,
and only its digest enters the credential. "issuer" gives the issuer's profile (name, url); its
id is the key's controller. Prints the credential (or the JWT) unless --out is given.`

const FORMATS: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'Ed25519Signature2020', 'vc-jwt']

/** `ob3 issue`. */
export async function issueCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, now: { type: 'string' } },
  })
  if (positionals.length !== 1) throw new UsageError(`give exactly one award file\n\n${ISSUE_HELP}`)
  if (values.key === undefined) throw new UsageError(`--key is required\n\n${ISSUE_HELP}`)
  const format = (values.format ?? 'eddsa-rdfc-2022') as ProofFormat
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
  const now = values.now === undefined ? new Date() : parseNow(values.now)
  const awardPath = positionals[0] as string
  const raw = (await readJsonFile(awardPath, io)) as Record<string, unknown>
  const { key, signer } = await importSigningKey(await readJsonFile(values.key, io)).catch((err: unknown) => {
    throw new UsageError(`${values.key} is not a usable key: ${(err as Error).message}`)
  })
  if (signer === undefined) throw new UsageError(`${values.key} has no secret key, so it cannot sign`)
  if (signer.algorithm !== 'EdDSA' && format !== 'vc-jwt') throw new UsageError(`a P-256 key signs VC-JWTs only: add --format vc-jwt`)
  const baseDir = dirname(resolve(io.cwd, awardPath))
  const award = await withArtifactBytes(raw, baseDir)
  const profile = (typeof raw.issuer === 'object' && raw.issuer !== null ? raw.issuer : {}) as Partial<IssuerProfileInput>
  const issuer: IssuerProfileInput = { ...profile, id: key.controller, name: profile.name ?? key.controller }
  const credential = await buildCredential({ award, issuer, now })
  const issued = await issueCredential({ credential, signer, format, now })
  const text = issued.format === 'vc-jwt' ? issued.jwt + '\n' : JSON.stringify(issued.credential, null, 2) + '\n'
  if (values.out === undefined) io.stdout(text)
  else {
    await writeFile(resolve(io.cwd, values.out), text)
    io.stderr(`issued ${String(credential.id)} (${format}) to ${values.out}\n`)
  }
  return 0
}

/** Parse `--now`. */
export function parseNow(value: string): Date {
  const date = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--now must be an ISO date-time, not ${JSON.stringify(value)}`)
  return date
}

async function withArtifactBytes(raw: Record<string, unknown>, baseDir: string): Promise<Award> {
  const { issuer: _issuer, artifacts, ...rest } = raw
  if (artifacts === undefined) return rest as unknown as Award
  if (!Array.isArray(artifacts)) throw new UsageError('"artifacts" must be an array')
  const loaded = await Promise.all(artifacts.map(async (a: Record<string, unknown>, i: number) => {
    const { file, ...art } = a
    if (file === undefined) return art
    if (typeof file !== 'string') throw new UsageError(`artifacts[${i}].file must be a path`)
    const bytes = await readFile(resolve(baseDir, file)).catch(() => {
      throw new UsageError(`cannot read artifact ${file} (artifacts[${i}])`)
    })
    return { ...art, bytes: new Uint8Array(bytes) }
  }))
  return { ...rest, artifacts: loaded } as unknown as Award
}
