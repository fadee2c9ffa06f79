import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { createResourceFetch, type LocalResource } from '@ob3/core'
import { createVerificationCache, isIssuerConfirmed, loadTrustRegistry, verify, type ExpectedRecipient, type SharedArtifact, type TrustRegistry, type VerificationReport } from '@ob3/verifier'
import { UsageError, styler, type CliIo } from '../io.js'
import { gatherInputs, inOrder } from '../inputs.js'
import { readResourceMap } from '../resources.js'
import { readInputFile, readInputFileSync, readJsonFile } from '../read-file.js'
import { parseNow } from '../now.js'
import { startVerifyPool, type VerifyPool, type VerifyWorkerInit, type WorkerFetch } from '../verify-pool.js'

export const VERIFY_HELP = `ob3 verify <input>... [--json | --jsonl] [--now <ISO datetime>] [--resources <map.json>]
                     [--trust <registry.json>] [--trust-policy require|warn] [--challenge <c>]
                     [--domain <d>] [--recipient <did | email:addr | type:value>]
                     [--endorsement <file>]... [--artifact <file>]... [--offline]
                     [--time-budget <seconds>] [--status-issuer lenient|strict] [--allow-context <url>]...
                     [--from <file | ->] [--jobs <n | auto>]

Verifies credentials and presentations: .json, .jwt/.jws, baked .png/.svg, a share link, or -
for standard input. Open Badges 2.0 assertions too (the report's specification is ob2): hosted
(its URL, or its JSON; read again from its id), signed (.jws) or baked (.png/.svg). --resources maps URLs to local files ({"https://…/status/3": "lists/3.json"});
with it, nothing goes to the network. JSON-LD contexts that ob3 does not bundle are accepted only
when the map serves them or --allow-context <url> names them (then fetched, https only, 256 KiB at
most); any other fails the context check with ERR_OB3_CONTEXT_NOT_ALLOWED. --offline: no network at all. --now sets the clock for
every date check. --trust names a registry of trusted issuers and endorsers ({"name", "entries":
[{"id", "name", "trustedFor": ["issuer", "endorser", "status"], "validFrom", "validUntil"}]}); an issuer
not on it fails the trust check, and so does a listed issuer whose key is unconfirmed (no document
of the issuer publishes it) (--trust-policy warn makes either a remark). --challenge and --domain
are what a presentation's holder proof must carry. --recipient checks who the credential was
issued to: a DID or URL, email:<address> (matched against a hashed email), or
<identityType>:<value> (e.g. sisSourcedId:4471). --endorsement adds endorsements handed in
separately (a JSON endorsement, an array of them, or a VC-JWT); --artifact adds a file shared with
the credential, which must be one of its evidence artifacts. Network reads are https only and
never to local or private addresses, whatever a host name resolves to. --time-budget bounds the
network work of each input (default 15 s; DID documents and status lists are fetched at the same
time): a check it cuts short fails with ERR_OB3_TIME_BUDGET_EXCEEDED. At most 4 credentialStatus
entries are looked up (more fail status with ERR_OB3_STATUS_TOO_MANY). A status list is verified
as a credential of its own; one signed by someone other than the credential's issuer (with a key
that signer publishes) is a warning, ERR_OB3_STATUS_ISSUER_DIFFERS; --status-issuer strict fails
it; with --trust its signer must be the issuer or trusted for "status" (ERR_OB3_STATUS_ISSUER_UNTRUSTED,
as --trust-policy says). Exit status: 0 when every input verified, 1 when any did
not, 2 for wrong usage or an input that cannot be read.

Many inputs: a folder stands for the .json, .jwt, .jws, .png and .svg files under it (recursively,
in name order); --from <file | -> reads further inputs from a file (or standard input), one per
line. Reports are written as each is done, in input order; an input that cannot be read is one
line on standard error (and exit status 2), not a report. --jobs n verifies n inputs at once on
worker threads (1: on the command's own thread); the output is the same. Default auto: one thread
per core once there are 200 inputs or more.`

/** The identity types `--recipient <type>:<value>` accepts besides `email:` (OB 3.0 IdentifierTypeEnum). */
const IDENTITY_TYPES = new Set(['name', 'sourcedId', 'systemId', 'productId', 'userName', 'accountId', 'emailAddress', 'nationalIdentityNumber', 'isbn', 'issn', 'lisSourcedId', 'oneRosterSourcedId', 'sisSourcedId', 'ltiContextId', 'ltiDeploymentId', 'ltiToolId', 'ltiPlatformId', 'ltiUserId', 'identifier'])

/**
 * `--recipient`: `email:<address>` → an emailAddress identifier; `<identityType>:<value>` (an OB
 * 3.0 identifier type, or `ext:<name>:<value>`) → that identifier; a bare address → an email;
 * anything else (a DID, a URL) → the subject id.
 */
export function parseRecipient(value: string): ExpectedRecipient {
  const trimmed = value.trim()
  if (trimmed === '') throw new UsageError('--recipient needs a value: a DID, email:<address> or <identityType>:<value>')
  const colon = trimmed.indexOf(':')
  const prefix = colon < 0 ? '' : trimmed.slice(0, colon)
  const rest = trimmed.slice(colon + 1)
  const need = (type: string, v: string) => {
    if (v === '') throw new UsageError(`--recipient ${prefix}: needs a value after the colon`)
    return { identityType: type, value: v }
  }
  if (prefix === 'email' || prefix === 'mailto') return need('emailAddress', rest)
  if (IDENTITY_TYPES.has(prefix)) return need(prefix, rest)
  if (prefix === 'ext') {
    const second = rest.indexOf(':')
    if (second <= 0) throw new UsageError('--recipient ext:<name>:<value> needs a name and a value')
    return need(`ext:${rest.slice(0, second)}`, rest.slice(second + 1))
  }
  if (colon < 0 && /^[^@\s]+@[^@\s]+$/.test(trimmed)) return { identityType: 'emailAddress', value: trimmed }
  if (colon <= 0) throw new UsageError(`--recipient ${JSON.stringify(value)} is neither a DID or URL, nor email:<address>, nor <identityType>:<value>`)
  return { id: trimmed }
}

/**
 * Read and check a `--trust` registry file: plain JSON, or the same content in a signed
 * credential, which is verified first (with the same fetch as the inputs).
 */
export async function readTrustRegistry(path: string, io: CliIo, fetch?: typeof globalThis.fetch): Promise<TrustRegistry> {
  const raw = await readJsonFile(path, io)
  try {
    return (await loadTrustRegistry(raw, fetch === undefined ? {} : { fetch })).registry
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`)
  }
}

/** Read `--endorsement` files: a JSON endorsement or an array of them, or a VC-JWT. */
export async function readEndorsementFiles(paths: readonly string[], io: CliIo): Promise<unknown[]> {
  const out: unknown[] = []
  for (const path of paths) {
    const text = new TextDecoder().decode(await readInputFile(path, io)).trim()
    if (text.startsWith('{') || text.startsWith('[')) {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (err) {
        throw new UsageError(`${path} is not valid JSON: ${(err as Error).message}`)
      }
      out.push(...(Array.isArray(value) ? value : [value]))
    } else {
      out.push(text)
    }
  }
  return out
}

/** `ob3 verify`. */
export async function verifyCommand(args: string[], io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      now: { type: 'string' },
      resources: { type: 'string' },
      trust: { type: 'string' },
      'trust-policy': { type: 'string' },
      challenge: { type: 'string' },
      domain: { type: 'string' },
      recipient: { type: 'string' },
      endorsement: { type: 'string', multiple: true },
      artifact: { type: 'string', multiple: true },
      offline: { type: 'boolean' },
      'time-budget': { type: 'string' },
      'status-issuer': { type: 'string' },
      from: { type: 'string' },
      'allow-context': { type: 'string', multiple: true },
      jobs: { type: 'string' },
    },
  })
  if (positionals.length === 0 && values.from === undefined) throw new UsageError(`give at least one input (or --from <file | ->)\n\n${VERIFY_HELP}`)
  if (values.json === true && values.jsonl === true) throw new UsageError('--json and --jsonl cannot be used together')
  const jobs = parseJobs(values.jobs)
  const now = values.now === undefined ? undefined : parseNow(values.now)
  const timeBudget = values['time-budget'] === undefined ? undefined : parseSeconds(values['time-budget'], '--time-budget')
  let fetch: typeof globalThis.fetch | undefined = values.offline === true ? undefined : (io.verifyFetch ?? io.fetch)
  if (values.resources !== undefined) fetch = await resourceFetch(values.resources, io)
  const trust = values.trust === undefined ? undefined : await readTrustRegistry(values.trust, io, fetch)
  const trustPolicy = values['trust-policy'] ?? 'require'
  if (trustPolicy !== 'require' && trustPolicy !== 'warn') throw new UsageError('--trust-policy must be require or warn')
  const statusIssuer = values['status-issuer'] ?? 'lenient'
  if (statusIssuer !== 'lenient' && statusIssuer !== 'strict') throw new UsageError('--status-issuer must be lenient or strict')
  for (const flag of ['challenge', 'domain'] as const) if (values[flag] === '') throw new UsageError(`--${flag} needs a value`)
  const recipient = values.recipient === undefined ? undefined : parseRecipient(values.recipient)
  const endorsements = await readEndorsementFiles(values.endorsement ?? [], io)
  const artifacts: SharedArtifact[] = []
  for (const path of values.artifact ?? []) artifacts.push({ name: basename(path), bytes: await readInputFile(path, io) })
  const allowContexts = values['allow-context'] ?? []
  for (const url of allowContexts) if (!/^https?:\/\/\S+$/.test(url)) throw new UsageError(`--allow-context needs an http(s) URL, not ${JSON.stringify(url)}`)
  const checkOptions = {
    ...(allowContexts.length === 0 ? {} : { allowContexts }),
    ...(values.challenge === undefined ? {} : { challenge: values.challenge }),
    ...(values.domain === undefined ? {} : { domain: values.domain }),
    ...(recipient === undefined ? {} : { recipient }),
    ...(endorsements.length === 0 ? {} : { endorsements }),
    ...(artifacts.length === 0 ? {} : { artifacts }),
    ...(timeBudget === undefined ? {} : { timeBudgetMs: timeBudget * 1000 }),
    statusIssuer,
  } as const

  const format: ReportFormat = { mode: values.json === true ? 'json' : values.jsonl === true ? 'jsonl' : 'human', color: styler(io, env).on }
  const out = reportWriter(format.mode, io)
  // What a worker thread needs to make the same fetch (a function cannot be sent to a thread).
  const workerFetch: WorkerFetch | undefined = values.resources !== undefined
    ? { kind: 'resources', map: values.resources, cwd: io.cwd }
    : fetch === undefined ? { kind: 'none' } : io.workerFetch === 'dns-checked' ? { kind: 'dns-checked' } : undefined
  const inputs = gatherInputs({ positionals, from: values.from, io })
  // One thread, unless --jobs asks for more or (auto) there are enough inputs to repay starting workers.
  const head = await peek(inputs, jobs === 'auto' ? PARALLEL_FROM : jobs === 1 ? 0 : 2)
  const threads = workerFetch === undefined || !head.more ? 1 : jobs === 'auto' ? availableParallelism() : jobs
  let pool: VerifyPool | undefined
  let verifyOne: (label: string, input: Uint8Array | string) => Promise<PrintedReport>
  const shared: VerifyWorkerInit['options'] = { trustPolicy: trustPolicy as 'require' | 'warn', ...checkOptions, ...(trust === undefined ? {} : { trust }), ...(now === undefined ? {} : { now }) }
  if (threads > 1 && workerFetch !== undefined) {
    const started = startVerifyPool(threads, { options: shared, fetch: workerFetch, format })
    pool = started
    verifyOne = (label, input) => started.verify(label, input)
  } else {
    const cache = createVerificationCache()
    verifyOne = async (label, input) => printed(await verify({ input, label, cache, ...shared, ...(fetch === undefined ? {} : { fetch }) }), format)
  }
  let unreadable = false
  let allVerified = true
  try {
    // Reports go out as they are made, in input order; none is kept once written.
    await inOrder(head.all, pool === undefined ? VERIFY_CONCURRENCY : threads * POOL_DEPTH, async (input): Promise<PrintedReport | undefined> => {
      if (typeof input !== 'string') {
        io.stderr(`ob3 verify: ${input.message} [ERR_OB3_INPUT_UNREADABLE]\n`)
        unreadable = true
        return undefined
      }
      let bytesOrLink: Uint8Array | string
      if (/^https?:\/\//.test(input)) bytesOrLink = input
      else {
        try {
          bytesOrLink = input === '-' ? await readInputFile(input, io) : readInputFileSync(input, io)
        } catch (err) {
          if (!(err instanceof UsageError)) throw err
          // One line, not a report: the input was never read.
          io.stderr(`ob3 verify: ${err.message} [ERR_OB3_INPUT_UNREADABLE]\n`)
          unreadable = true
          return undefined
        }
      }
      return await verifyOne(input, bytesOrLink)
    }, async (report) => {
      if (report === undefined) return
      if (!report.verified) allVerified = false
      out.write(report.text)
      // A slow reader of the output slows the reading of inputs, rather than reports piling up.
      await io.outputDrained?.()
    })
  } finally {
    await pool?.close()
  }
  out.end()
  if (unreadable) return 2
  return allVerified ? 0 : 1
}

/** A positive number of seconds (`--time-budget 2.5`), or a usage error naming the flag. */
export function parseSeconds(value: string, flag: string, options: { zero?: boolean } = {}): number {
  const seconds = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN
  if (!Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && options.zero !== true) || seconds > 86_400) {
    throw new UsageError(`${flag} must be a number of seconds${options.zero === true ? ' (0 or more)' : ', more than 0'}, not ${JSON.stringify(value)}`)
  }
  return seconds
}

/** How many inputs are read and verified at once on the command's own thread (their reports still go out in input order). */
const VERIFY_CONCURRENCY = 4

/** How many inputs each worker thread is given ahead, so that it never waits for the next. */
const POOL_DEPTH = 16

/** With `--jobs auto`, how many inputs there must be before worker threads are started. */
export const PARALLEL_FROM = 200

/** Most worker threads `--jobs` takes. */
const MAX_JOBS = 256

/**
 * `--jobs`: a whole number of threads from 1 to 256, or `auto` (the default).
 * @throws UsageError (`ERR_OB3_USAGE`) for anything else
 */
export function parseJobs(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto'
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`--jobs must be a whole number from 1 to ${MAX_JOBS}, or auto, not ${JSON.stringify(value)} [ERR_OB3_USAGE]`)
  return n
}

/**
 * The first `count` items of an iterable, read ahead, and whether there were that many; `all`
 * gives every item, those read ahead first.
 */
async function peek<T>(items: AsyncIterable<T>, count: number): Promise<{ more: boolean; all: AsyncIterable<T> }> {
  const iterator = items[Symbol.asyncIterator]()
  const ahead: T[] = []
  let done = false
  while (ahead.length < count) {
    const next = await iterator.next()
    if (next.done === true) {
      done = true
      break
    }
    ahead.push(next.value)
  }
  async function* all(): AsyncGenerator<T> {
    yield* ahead.splice(0)
    if (done) return
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value
  }
  return { more: ahead.length >= count, all: all() }
}

/** How reports are printed: `--json`, `--jsonl` or plain words, and whether in colour. */
export interface ReportFormat {
  mode: 'json' | 'jsonl' | 'human'
  color: boolean
}

/** A report as it is printed, made where it was verified (a worker sends back text, not the report). */
export interface PrintedReport {
  verified: boolean
  /** `jsonl`: its line; `json`: its indented JSON, as printed alone; `human`: its plain words. */
  text: string
}

/** A report made ready to print. */
export function printed(report: VerificationReport, format: ReportFormat): PrintedReport {
  const text = format.mode === 'jsonl' ? JSON.stringify(report) + '\n' : format.mode === 'json' ? JSON.stringify(report, null, 2) : humanReport(report, { isTty: format.color }, {})
  return { verified: report.verified, text }
}

/**
 * Writes reports as they come: `jsonl` one line each; `json` one report when there was one input,
 * else an array (streamed: its first element waits only until a second report exists); `human`
 * the plain-words report.
 */
function reportWriter(mode: ReportFormat['mode'], io: CliIo): { write(text: string): void; end(): void } {
  if (mode !== 'json') return { write: (text) => io.stdout(text), end: () => {} }
  let first: string | undefined
  let count = 0
  const element = (text: string) => text.replace(/^/gm, '  ')
  return {
    write(text) {
      count++
      if (count === 1) first = text
      else {
        if (count === 2) io.stdout(`[\n${element(first as string)}`)
        first = undefined
        io.stdout(`,\n${element(text)}`)
      }
    },
    end() {
      if (count === 1) io.stdout(`${first as string}\n`)
      else if (count > 1) io.stdout('\n]\n')
      else io.stdout('[]\n')
    },
  }
}

/** The fetch of `--resources <map.json>`: URLs served from the files the map names (paths relative to the map). */
export async function resourceFetch(mapPath: string, io: CliIo): Promise<typeof fetch> {
  const resources = new Map<string, LocalResource>()
  for (const [url, path] of await readResourceMap(mapPath, io)) resources.set(url, async () => new Uint8Array(await readFile(path)))
  return createResourceFetch({ resources })
}

const MARK = { passed: '✓', failed: '✗', warning: '!', skipped: '–' } as const

/** The report in plain words, for a person at a terminal. */
export function humanReport(report: VerificationReport, io: Pick<CliIo, 'isTty'>, env: Record<string, string | undefined>): string {
  const s = styler(io, env)
  const lines: string[] = []
  const verdict = report.verified ? s.green(s.bold('VERIFIED')) : s.red(s.bold('NOT VERIFIED'))
  lines.push(`${verdict}  ${report.input}`)
  const c = report.credential
  if (c !== undefined) {
    lines.push(`  ${c.name ?? '(unnamed credential)'}`)
    const issuer = `${c.issuerName ?? c.issuer ?? 'an unnamed issuer'}${c.issuerName !== null && c.issuer !== null ? ` (${c.issuer})` : ''}`
    // The name inside a credential is its claim: it is the signer's only when the issuer's own key signed.
    lines.push(isIssuerConfirmed(report) ? s.dim(`  signed by ${issuer}`) : s.yellow(`  claims to be from ${issuer} — not confirmed`))
  }
  const width = Math.max(...report.checks.map((ch) => ch.id.length))
  for (const ch of report.checks) {
    const colour = ch.status === 'passed' ? s.green : ch.status === 'failed' ? s.red : ch.status === 'warning' ? s.yellow : s.dim
    const code = ch.code !== undefined && ch.status !== 'passed' ? s.dim(` [${ch.code}]`) : ''
    lines.push(`  ${colour(MARK[ch.status])} ${ch.id.padEnd(width)}  ${ch.status === 'skipped' ? s.dim(ch.message) : ch.message}${code}`)
  }
  return lines.join('\n') + '\n\n'
}
