import { parseArgs } from 'node:util'
import { isOb3Error } from '@ob3/core'
import { sumCredits, type CreditsPerson, type CreditsResult, type UncountedCredential, type VerifyInput } from '@ob3/verifier'
import { UsageError, type CliIo } from '../io.js'
import { gatherInputs } from '../inputs.js'
import { readInputFile } from '../read-file.js'
import { parseNow } from '../now.js'
import { parseRecipient, readEndorsementFiles, readTrustRegistry, resourceFetch } from './verify.js'

export const CREDITS_HELP = `ob3 credits <input>... --trust <registry.json> [--recipient <did | email:addr | type:value>]
                     [--endorsement <file>]... [--now <ISO datetime>] [--resources <map.json>]
                     [--offline] [--json]

Totals one person's clock hours (creditsEarned) over the credentials that are theirs, verify,
are signed by a provider the registry trusts as an issuer (with a key the provider published),
and carry a verified endorsement of the credential or of its achievement by an endorser the
registry trusts — embedded, or handed in with --endorsement (a state's endorsement.json). Whose
hours: --recipient (a DID, or email:<address> matched against hashed emails, as ob3 verify
--recipient); else the holder who signed the presentations given; else the one subject of every
credential. Credentials about several people without --recipient are a usage error. Lists
every credential it did not count, with the reason (someone else's, not tied to the person, not
verified, …). Inputs are credentials or presentations (.json, .jwt/.jws, baked .png/.svg, or -
for standard input). --resources, --offline and --now work as for ob3 verify; --json prints
{"registry", "person", "total", "counted", "notCounted"}. Exit status: 0 when every credential
was counted, 1 when any was not, 2 for wrong usage or an input that cannot be read. A folder
stands for the .json, .jwt, .jws, .png and .svg files under it (recursively); --from <file | ->
reads further inputs, one per line.`

const PERSON_FROM: Record<CreditsPerson['from'], string> = {
  recipient: 'given with --recipient',
  holder: 'who signed the presentation',
  subject: 'the subject of every credential',
}

/** `ob3 credits`: a state office's total of endorsed clock hours. */
export async function creditsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      trust: { type: 'string' },
      recipient: { type: 'string' },
      endorsement: { type: 'string', multiple: true },
      now: { type: 'string' },
      resources: { type: 'string' },
      offline: { type: 'boolean' },
      json: { type: 'boolean' },
      from: { type: 'string' },
    },
  })
  if (positionals.length === 0 && values.from === undefined) throw new UsageError(`give at least one credential (or --from <file | ->)\n\n${CREDITS_HELP}`)
  if (values.trust === undefined) throw new UsageError('--trust <registry.json> is required: it names the providers and endorsers whose credits count')
  const now = values.now === undefined ? new Date() : parseNow(values.now)
  const recipient = values.recipient === undefined ? undefined : parseRecipient(values.recipient)
  let fetch: typeof globalThis.fetch | undefined = values.offline === true ? undefined : (io.verifyFetch ?? io.fetch)
  if (values.resources !== undefined) fetch = await resourceFetch(values.resources, io)
  const trust = await readTrustRegistry(values.trust, io, fetch)
  const endorsements = await readEndorsementFiles(values.endorsement ?? [], io)

  // Inputs are read one at a time as the sum asks for them: a folder of 100,000 credentials is
  // never in memory at once, and neither are their reports (keepReports: false).
  const unreadable: UncountedCredential[] = []
  async function* inputs(): AsyncGenerator<{ input: VerifyInput; label: string }> {
    for await (const path of gatherInputs({ positionals, from: values.from, io })) {
      if (typeof path !== 'string') {
        unreadable.push({ input: path.unreadable, id: null, name: null, reason: path.message, code: 'ERR_OB3_INPUT_UNREADABLE' })
        continue
      }
      let input: VerifyInput
      try {
        input = await readInputFile(path, io)
      } catch (err) {
        if (!(err instanceof UsageError)) throw err
        unreadable.push({ input: path, id: null, name: null, reason: err.message, code: 'ERR_OB3_INPUT_UNREADABLE' })
        continue
      }
      yield { input, label: path }
    }
  }
  let result: CreditsResult
  try {
    result = await sumCredits({
      inputs: inputs(),
      keepReports: false,
      trust,
      now,
      ...(recipient === undefined ? {} : { recipient }),
      verifyOptions: { ...(fetch === undefined ? {} : { fetch }), ...(endorsements.length === 0 ? {} : { endorsements }) },
    })
  } catch (err) {
    // Several people among the inputs: whose hours is the caller's to say.
    if (isOb3Error(err, 'ERR_OB3_CREDITS_RECIPIENT_REQUIRED')) throw new UsageError(`${err.message.replace('give the recipient whose credits to sum', 'pass --recipient <did | email:address> to say whose credits to sum')} [${err.code}]`)
    throw err
  }
  const notCounted = [...unreadable, ...result.notCounted]
  const credentials = result.counted.length + notCounted.length
  if (values.json === true) {
    io.stdout(JSON.stringify({ registry: result.registry, person: result.person, total: result.total, counted: result.counted, notCounted }, null, 2) + '\n')
  } else {
    const lines = [`${result.registry}: ${result.total} clock hour${result.total === 1 ? '' : 's'} from ${result.counted.length} of ${credentials} credential${credentials === 1 ? '' : 's'}`]
    if (result.person !== null) lines.push(`For ${result.person.name}, ${PERSON_FROM[result.person.from]}`)
    if (result.counted.length > 0) {
      lines.push('', 'Counted:')
      const width = Math.max(...result.counted.map((c) => String(c.credits).length))
      for (const c of result.counted) {
        lines.push(`  ${String(c.credits).padStart(width)}  ${c.name ?? '(unnamed credential)'} (${c.input})`)
        lines.push(`  ${' '.repeat(width)}  issued by ${c.issuerName}; endorsed by ${c.endorsedBy.map((e) => e.name).join(', ')}`)
      }
    }
    if (notCounted.length > 0) {
      lines.push('', 'Not counted:')
      for (const c of notCounted) lines.push(`  ${c.name === null ? c.input : `${c.name} (${c.input})`}: ${c.reason} [${c.code}]`)
    }
    io.stdout(lines.join('\n') + '\n')
  }
  if (unreadable.length > 0) return 2
  return notCounted.length === 0 ? 0 : 1
}
