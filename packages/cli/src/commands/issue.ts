import { readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { sha256, toHex } from '@ob3/core'
import { buildCredential, issueCredential, type Award, type IssuerProfileInput } from '@ob3/issuer'
import { UsageError, type CliIo } from '../io.js'
import { parseNow } from '../now.js'
import { ISSUER_OPTIONS, dbLocation, openIssuer, readSigningKey } from '../issuer-context.js'
import { proofFormatOf } from '../proof-format.js'
import { readInputFile, readJsonFile } from '../read-file.js'
import { batchIssue } from './batch.js'

export const ISSUE_HELP = `ob3 issue <award.json> --key <key.json> [--format eddsa-rdfc-2022|eddsa-jcs-2022|Ed25519Signature2020|vc-jwt]
          [--cryptosuite eddsa-rdfc-2022|eddsa-jcs-2022] [--out <file>]
          [--db <issuer.db | postgres://…> [--status-base-url <url> [--suspension]]]
ob3 issue --batch <roster.csv> --template <award.json> --key <key.json> [--db …] [--status-base-url <url>]
          [--workers <n>] [--format …] [--cryptosuite …] [--out-dir <dir> [--image <badge.png>]
          [--claim-base-url <url> [--smtp <url> [--mail-from <address>]]]]

Builds an Open Badges 3.0 credential from an award file and signs it with the key. The award
names the achievement, the recipient (a DID as "id", or an "email" that is stored salted and
hashed) and, under "artifacts", evidence files: each {"name", "mediaType", "file"} is hashed,
and only its digest enters the credential. "issuer" gives the issuer's profile (name, url); its
id is the key's controller. Prints the credential (or the JWT) unless --out is given.
--cryptosuite picks the Data Integrity cryptosuite: eddsa-rdfc-2022 (the default; RDF
canonicalization) or eddsa-jcs-2022 (JSON Canonicalization Scheme, RFC 8785).

With --db the award is recorded in the issuer database, once: the same award (its
"idempotencyKey", or the award file's content) never gives two credentials. With
--status-base-url as well, it gets a status entry at a random index of the issuer's revocation
list (<url>/<group>/revocation); --suspension adds an entry in the suspension list at the same
index, which ob3 suspend and ob3 unsuspend need.

--batch issues one award per roster row (columns recipient_id or recipient_email, and optionally
name, credits_earned, valid_until, idempotency_key, school, cohort) on all cores, with progress.
The roster is read line by line: a row that cannot be read (a broken quote, a missing column, a
bad e-mail address) is reported by line with a code and skipped, and the rows before and after it
are issued. Running the same batch again resumes it without issuing any row twice. School and
cohort go into the issuer's records for ob3 report, never into the credential.

--out-dir writes, per credential, its JSON (or .jwt) and a PNG badge with it baked in (--image,
default a plain badge), and manifest.csv: line, recipient, credential_id, claim_link, status,
error, delivery, delivery_error — one line per roster row, rewritten whole when a batch resumes.
--claim-base-url (the issuing URL of the service tenant that serves this database,
https://<host>/issuers/<tenant>) makes a one-time claim per credential and writes its link
into the manifest; a resumed batch keeps the claims it made. --smtp sends each teacher with an
e-mail address her claim link (never the credential or a file); each row's delivery is
recorded in the manifest, and a message sent is not sent again when the batch is run again.`

/** `ob3 issue`. */
export async function issueCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...ISSUER_OPTIONS,
      format: { type: 'string' },
      cryptosuite: { type: 'string' },
      out: { type: 'string' },
      now: { type: 'string' },
      batch: { type: 'string' },
      template: { type: 'string' },
      workers: { type: 'string' },
      'out-dir': { type: 'string' },
      image: { type: 'string' },
      'claim-base-url': { type: 'string' },
      smtp: { type: 'string' },
      'mail-from': { type: 'string' },
    },
  })
  const format = proofFormatOf(values)
  if (values.batch !== undefined && values.suspension === true) throw new UsageError('--suspension is for one award at a time: a --batch gives revocation entries only')
  if (values.batch !== undefined) return batchIssue(values, format, io)
  if (positionals.length !== 1) throw new UsageError(`give exactly one award file\n\n${ISSUE_HELP}`)
  if (values.key === undefined) throw new UsageError(`--key is required\n\n${ISSUE_HELP}`)
  const now = values.now === undefined ? new Date() : parseNow(values.now)
  const awardPath = positionals[0] as string
  const raw = (await readJsonFile(awardPath, io)) as Record<string, unknown>
  const { key, signer } = await readSigningKey(values.key, io)
  if (signer.algorithm !== 'EdDSA' && format !== 'vc-jwt') throw new UsageError(`a P-256 key signs VC-JWTs only: add --format vc-jwt`)
  const award = await withArtifactBytes(raw, dirname(resolve(io.cwd, awardPath)))
  const profile = issuerProfile(raw)
  let text: string
  if (values.db !== undefined || values['status-base-url'] !== undefined) {
    const ctx = await openIssuer(values, io, profile)
    try {
      const idempotencyKey = typeof raw.idempotencyKey === 'string' ? raw.idempotencyKey : `award-file:${toHex(await sha256(await readInputFile(awardPath, io)))}`
      const { idempotencyKey: _k, ...rest } = award as Award & { idempotencyKey?: string }
      const result = await ctx.issuer.award({ ...rest, idempotencyKey, format })
      text = result.record.format === 'vc-jwt' ? result.record.content + '\n' : JSON.stringify(JSON.parse(result.record.content), null, 2) + '\n'
      io.stderr(`${result.created ? 'issued' : 'already issued'} ${result.record.id} (recorded in ${dbLocation(values.db, io)})\n`)
    } finally {
      await ctx.close()
    }
  } else {
    const issuer: IssuerProfileInput = { ...profile, id: key.controller, name: profile.name ?? key.controller }
    const credential = await buildCredential({ award, issuer, now })
    const issued = await issueCredential({ credential, signer, format, now })
    text = issued.format === 'vc-jwt' ? issued.jwt + '\n' : JSON.stringify(issued.credential, null, 2) + '\n'
  }
  if (values.out === undefined) io.stdout(text)
  else {
    await writeFile(resolve(io.cwd, values.out), text)
    io.stderr(`wrote ${values.out}\n`)
  }
  return 0
}

/** The issuer profile an award file gives (its id always comes from the key). */
export function issuerProfile(raw: Record<string, unknown>): Partial<IssuerProfileInput> {
  return (typeof raw.issuer === 'object' && raw.issuer !== null ? raw.issuer : {}) as Partial<IssuerProfileInput>
}

/** The award of an award file, with each artifact's `file` read (relative to the award file). */
export async function withArtifactBytes(raw: Record<string, unknown>, baseDir: string): Promise<Award> {
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
