import { randomBytes } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isOb3Error } from '@ob3/core'
import { describeFromCatalogue, findMicroCredential, loadCatalogue, type Catalogue, type MessageStatusRequest } from '@ob3/issuer'
import { directoryArtifactStore } from '@ob3/issuer/node'
import { createSelfSignedCertificate, createServer, type AssessmentServiceOptions, type ReportServiceOptions, type TenantDidMethod } from '@ob3/server'
import { UsageError, type CliIo } from '../io.js'
import { readJsonFile } from '../read-file.js'
import { createWalletAppHandler } from '@ob3/wallet-app'
import { createPageHandler, readPageRegistries } from './page.js'
import { parseSeconds } from './verify.js'

export const SERVE_HELP = `ob3 serve [--port <n>] [--db <ob3.db | postgres://…>] [--host <address>] [--base-url <url>]
          [--tls-cert <cert.pem> --tls-key <key.pem> | --tls-self-signed]
          [--admin-token-file <file>] [--key-encryption-key-file <file>] [--trust-proxy [hops]] [--log-level <level>]
          [--rate-limit-store database|memory] [--rate-limit-flush-ms <ms>] [--open-tenant <id>] [--cache-ttl <seconds>]
          [--time-budget <seconds>] [--status-issuer lenient|strict] [--trust <registry.json>]... [--share-quota <size>] [--share-daily-quota <size>]
          [--message-status <message-status.json>]
          [--catalogue <catalogue.yaml> [--artifacts-dir <dir>]]
ob3 serve --init-tenant <id> --tenant-name <name> [--key <key.json>] [--did key|web|web-host] [--suspension]
          [--db …] [--base-url <url>]

Runs the ob3 HTTP service: the W3C VC-API (POST /credentials/issue, /credentials/verify,
/presentations/verify, /credentials/status), status lists (/status/…), did:web documents,
share hosting (/shares), the verification page (/) and the teacher's wallet app (/wallet/),
for one or more issuers (tenants).
Defaults: port 8080 on 127.0.0.1, the SQLite database ./ob3.db (created when missing); a
postgres:// URL lets several instances share one PostgreSQL. --base-url is the public URL that
status list URLs and did:web ids are made from (default: the address it listens on).

--init-tenant creates an issuer and prints its first API key, once, then exits; without --key
a signing key is generated. --did web gives it did:web:<host>:<id>, served by this service.
--admin-token-file turns on the admin API (POST /admin/tenants, API keys): the file is read,
or created with a new token. --key-encryption-key-file seals tenants' keys in the database
(the file is read, or created with a new key: keep it apart from database backups).
--trust-proxy [hops]: behind that many proxies you trust (default 1), each appending to
X-Forwarded-For, the client's address (for rate limits and share quotas) is the entry that many
places from the right; what the client wrote to the left of it is ignored.
--share-quota (default 10GiB) caps the bytes of all live shares (507 beyond it);
--share-daily-quota (default 200MiB) the bytes one client address uploads per UTC day (429).
Sizes are bytes, or a number with KiB, MiB, GiB or TiB.
--rate-limit-store picks where per-client rate limits are counted: database (shared by every
instance; the default with PostgreSQL) or memory (this instance; the default with SQLite).
--rate-limit-flush-ms sets how often each instance writes the database limits it counted and
reads back the others' (default 250); 0 asks the database at every request, for an exact limit.
Tenants authenticate with an API key, or exchange it for an OAuth2 access token at
POST /oauth2/token (client credentials: client_id is the key's id, client_secret the key).
--open-tenant lets requests without credentials issue and change status as that tenant, for
running the W3C test suites (which cannot send credentials) on a loopback address only.
--cache-ttl is the longest other issuers' DID documents, controller documents and status lists
are kept (default 300; less when their Cache-Control says so; 0 keeps nothing). --time-budget
bounds the network work of one verification request (default 15 s). Verification fetches only
public addresses, checked after DNS. --status-issuer strict fails a credential whose status list
is signed by someone other than its issuer (default lenient: a warning,
ERR_OB3_STATUS_ISSUER_DIFFERS); a verify request's options.statusIssuer "strict" does so for itself.
--trust (repeatable) gives the verification page trust registries (JSON or a signed registry, as
ob3 verify --trust): it says "on the <registry name>" for trusted issuers and endorsers whose own
keys signed.
--catalogue turns on double-blind assessment (/assessment/…) for the micro-credentials of a
catalogue (examples/catalogues/): tenants mint role tokens with POST /assessment/tokens; it
also names the micro-credentials and categories of GET /reports, a tenant's programme report;
--artifacts-dir keeps evidence files there (mode 0600; default: in memory, lost on restart).
--message-status gives every VC 2.0 credential issued without options.credentialStatus a
multi-bit message status entry beside its revocation entry: the file (or the environment
variable OB3_SERVE_MESSAGE_STATUS, JSON) is {"statusSize": 2, "messages": ["…", "…", "…", "…"],
"statusReference"?: "https://…"}, one message per value; POST /credentials/status sets a value.
--tls-self-signed makes a certificate for loopback with openssl. Logs are JSON lines on stdout,
never with credential bodies. SIGINT or SIGTERM stops it gracefully.`

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** Extra hooks for tests: stop without a signal, learn the URL, other environment variables. */
export interface ServeHooks {
  signal?: AbortSignal
  /** Default `process.env` (read: `OB3_SERVE_MESSAGE_STATUS`). */
  env?: Readonly<Record<string, string | undefined>>
  onListening?: (url: string) => void
}

/**
 * The service's default message status: `--message-status <file>` or, without it, the JSON of
 * `OB3_SERVE_MESSAGE_STATUS`. Checked here so that a mistake is a usage error, not a crash.
 */
async function readMessageStatusDefault(file: string | undefined, envValue: string | undefined, io: CliIo): Promise<MessageStatusRequest | undefined> {
  let text: string
  let from: string
  if (file !== undefined) {
    from = file
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8')
    } catch (err) {
      throw new UsageError(`cannot read --message-status ${file}: ${(err as Error).message}`)
    }
  } else if (envValue !== undefined && envValue.trim() !== '') {
    from = 'OB3_SERVE_MESSAGE_STATUS'
    text = envValue
  } else return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UsageError(`${from} is not JSON`)
  }
  const { statusSize, messages, statusReference, ...rest } = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>
  const refs = statusReference === undefined ? [] : Array.isArray(statusReference) ? statusReference : [statusReference]
  if (Object.keys(rest).length > 0 || typeof statusSize !== 'number' || !Number.isInteger(statusSize) || statusSize < 1 || statusSize > 8 ||
    !Array.isArray(messages) || messages.length !== 2 ** statusSize || !messages.every((m) => typeof m === 'string' && m !== '') ||
    !refs.every((r) => typeof r === 'string' && /^https?:\/\/\S+$/.test(r))) {
    throw new UsageError(`${from} must be {"statusSize": 1 to 8, "messages": [2^statusSize non-empty strings], "statusReference"?: http(s) URL or URLs}`)
  }
  return { statusSize, messages: messages as string[], ...(statusReference === undefined ? {} : { statusReference: statusReference as string | string[] }) }
}

/** Read a secret file, or create it (owner-only) with a new value. */
async function secretFile(path: string, make: () => string, what: string, io: CliIo): Promise<string> {
  const full = resolve(io.cwd, path)
  try {
    const text = (await readFile(full, 'utf8')).trim()
    if (text === '') throw new UsageError(`${path} is empty`)
    return text
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err instanceof UsageError ? err : new UsageError(`cannot read ${path}: ${(err as Error).message}`)
  }
  const value = make()
  await writeFile(full, value + '\n', { mode: 0o600, flag: 'wx' })
  io.stderr(`ob3 serve: wrote a new ${what} to ${path} (readable by you only)\n`)
  return value
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 }

/** A byte size: `1048576`, `200MiB`, `10GiB`. */
function parseSize(value: string, flag: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(value.trim())
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()]
  const bytes = match === null || unit === undefined ? NaN : Number(match[1]) * unit
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new UsageError(`${flag} must be a size: bytes, or a number with KiB, MiB, GiB or TiB (e.g. 200MiB)`)
  return bytes
}

/**
 * Take `--trust-proxy [hops]` out of the arguments (parseArgs has no optional values): bare, it
 * is one proxy; `--trust-proxy 2` or `--trust-proxy=2` are two.
 */
function takeTrustProxy(args: string[]): { rest: string[]; hops: number | undefined } {
  const rest: string[] = []
  let hops: number | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    let value: string | undefined
    if (arg === '--trust-proxy') {
      const next = args[i + 1]
      if (next !== undefined && /^\d+$/.test(next)) {
        value = next
        i++
      } else value = '1'
    } else if (arg.startsWith('--trust-proxy=')) value = arg.slice('--trust-proxy='.length)
    else {
      rest.push(arg)
      continue
    }
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 32) throw new UsageError('--trust-proxy takes the number of proxies in front (1–32), or nothing for one')
    hops = Number(value)
  }
  return { rest, hops }
}

/** `ob3 serve`. */
export async function serveCommand(allArgs: string[], io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const { rest: args, hops: trustProxy } = takeTrustProxy(allArgs)
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'base-url': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean' },
      'admin-token-file': { type: 'string' },
      'key-encryption-key-file': { type: 'string' },
      'share-quota': { type: 'string' },
      'share-daily-quota': { type: 'string' },
      'log-level': { type: 'string' },
      'rate-limit-store': { type: 'string' },
      'rate-limit-flush-ms': { type: 'string' },
      'open-tenant': { type: 'string' },
      'cache-ttl': { type: 'string' },
      'time-budget': { type: 'string' },
      'status-issuer': { type: 'string' },
      trust: { type: 'string', multiple: true },
      'init-tenant': { type: 'string' },
      'tenant-name': { type: 'string' },
      key: { type: 'string' },
      did: { type: 'string' },
      suspension: { type: 'boolean' },
      catalogue: { type: 'string' },
      'artifacts-dir': { type: 'string' },
      'message-status': { type: 'string' },
    },
  })
  const port = values.port === undefined ? 8080 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0–65535)')
  const host = values.host ?? '127.0.0.1'
  const openTenant = values['open-tenant']
  if (openTenant !== undefined && !['127.0.0.1', '::1', 'localhost'].includes(host)) {
    throw new UsageError('--open-tenant lets anyone who reaches the service issue as that tenant: it is allowed on a loopback --host only')
  }
  const dbValue = values.db ?? 'ob3.db'
  const db = /^postgres(ql)?:\/\//.test(dbValue) ? dbValue : resolve(io.cwd, dbValue)
  const logLevel = values['log-level'] ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`)
  const selfSigned = values['tls-self-signed'] === true
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('give --tls-cert and --tls-key together')
  if (selfSigned && values['tls-cert'] !== undefined) throw new UsageError('--tls-self-signed or --tls-cert/--tls-key, not both')
  const tlsOn = selfSigned || values['tls-cert'] !== undefined
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  const baseUrl = values['base-url'] ?? (port === 0 ? undefined : `${tlsOn ? 'https' : 'http'}://${shownHost}:${port}`)
  const rateLimitStore = values['rate-limit-store']
  if (rateLimitStore !== undefined && rateLimitStore !== 'database' && rateLimitStore !== 'memory') throw new UsageError('--rate-limit-store must be database or memory')
  const flushRaw = values['rate-limit-flush-ms']
  const rateLimitFlushMs = flushRaw === undefined ? undefined : /^\d{1,5}$/.test(flushRaw) && Number(flushRaw) <= 60_000 ? Number(flushRaw) : undefined
  if (flushRaw !== undefined && rateLimitFlushMs === undefined) throw new UsageError('--rate-limit-flush-ms must be a number of milliseconds from 0 to 60000')
  const cacheTtl = values['cache-ttl'] === undefined ? undefined : parseSeconds(values['cache-ttl'], '--cache-ttl', { zero: true })
  const timeBudget = values['time-budget'] === undefined ? undefined : parseSeconds(values['time-budget'], '--time-budget')
  const statusIssuer = values['status-issuer']
  if (statusIssuer !== undefined && statusIssuer !== 'lenient' && statusIssuer !== 'strict') throw new UsageError('--status-issuer must be lenient or strict')
  const limits = {
    ...(values['share-quota'] === undefined ? {} : { shareQuotaBytes: parseSize(values['share-quota'], '--share-quota') }),
    ...(values['share-daily-quota'] === undefined ? {} : { shareDailyQuotaBytes: parseSize(values['share-daily-quota'], '--share-daily-quota') }),
  }
  const messageStatus = await readMessageStatusDefault(values['message-status'], (hooks.env ?? process.env).OB3_SERVE_MESSAGE_STATUS, io)
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(baseUrl)) throw new UsageError('--base-url must be an http(s) URL without query or fragment')

  let keyEncryptionKey: Uint8Array | undefined
  if (values['key-encryption-key-file'] !== undefined) {
    const text = await secretFile(values['key-encryption-key-file'], () => randomBytes(32).toString('base64url'), 'key-encryption key', io)
    keyEncryptionKey = new Uint8Array(Buffer.from(text, 'base64url'))
    if (keyEncryptionKey.length !== 32) throw new UsageError(`${values['key-encryption-key-file']} must hold 32 bytes, base64url-encoded`)
  }

  const logOptions = { logLevel: logLevel as (typeof LOG_LEVELS)[number], logDestination: { write: (line: string) => io.stdout(line) } }
  const common = { db, ...(baseUrl === undefined ? {} : { baseUrl }), ...(keyEncryptionKey === undefined ? {} : { keyEncryptionKey }) }

  if (values['init-tenant'] !== undefined) {
    if (values['tenant-name'] === undefined) throw new UsageError('--init-tenant needs --tenant-name <the issuer\'s name>')
    const did = (values.did ?? 'key') as TenantDidMethod
    if (!['key', 'web', 'web-host'].includes(did)) throw new UsageError('--did must be key, web or web-host')
    if (did !== 'key' && values['base-url'] === undefined) io.stderr(`ob3 serve: no --base-url given; the did:web is made from ${baseUrl ?? 'the listening address'}\n`)
    const key = values.key === undefined ? undefined : await readJsonFile(values.key, io)
    const server = await createServer({ ...common, logLevel: 'warn', logDestination: logOptions.logDestination })
    try {
      const created = await server.createTenant({ id: values['init-tenant'], name: values['tenant-name'], did, ...(values.suspension === true ? { suspension: true } : {}), ...(key === undefined ? {} : { key }) })
      io.stderr(`ob3 serve: tenant ${created.tenant.id} created; it issues as ${created.tenant.issuer}\n`)
      io.stderr('ob3 serve: its API key follows, shown this once; keep it secret\n')
      io.stdout(`${created.apiKey.token}\n`)
      return 0
    } catch (err) {
      if (isOb3Error(err)) {
        io.stderr(`ob3 serve: ${err.message} [${err.code}]\n`)
        return 1
      }
      throw err
    } finally {
      await server.close()
    }
  }

  // The verification page's trust registries, read (and a signed one verified) before anything starts.
  const trustRegistries = await readPageRegistries(values.trust ?? [], io)
  let tls: { cert: string | Buffer; key: string | Buffer } | undefined
  let certFile: string | undefined
  if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
    try {
      tls = { cert: await readFile(resolve(io.cwd, values['tls-cert'])), key: await readFile(resolve(io.cwd, values['tls-key'])) }
    } catch (err) {
      throw new UsageError(`cannot read the TLS certificate or key: ${(err as Error).message}`)
    }
  } else if (selfSigned) {
    const made = await createSelfSignedCertificate({ hosts: [...new Set([host === '0.0.0.0' || host === '::' ? 'localhost' : host, 'localhost', '127.0.0.1', '::1'])] })
    certFile = join(tmpdir(), `ob3-self-signed-${process.pid}-${randomBytes(4).toString('hex')}.pem`)
    await writeFile(certFile, made.cert, { mode: 0o644 })
    io.stderr(`ob3 serve: self-signed certificate (SHA-256 ${made.fingerprint256}, valid until ${made.validTo}) written to ${certFile}; e.g. curl --cacert ${certFile}\n`)
    tls = { cert: made.cert, key: made.key }
  }

  if (values['artifacts-dir'] !== undefined && values.catalogue === undefined) throw new UsageError('--artifacts-dir goes with --catalogue')
  let assessment: AssessmentServiceOptions | undefined
  let reports: ReportServiceOptions | undefined
  if (values.catalogue !== undefined) {
    let catalogue: Catalogue
    try {
      catalogue = loadCatalogue(await readFile(resolve(io.cwd, values.catalogue), 'utf8'))
    } catch (err) {
      throw new UsageError(`cannot use the catalogue ${values.catalogue}: ${(err as Error).message}`)
    }
    assessment = {
      microCredentials: (_tenant, id) => findMicroCredential(catalogue, id),
      ...(values['artifacts-dir'] === undefined ? {} : { artifacts: directoryArtifactStore({ directory: resolve(io.cwd, values['artifacts-dir']) }) }),
    }
    const describe = describeFromCatalogue(catalogue)
    reports = { describe: (_tenant, id) => describe(id) }
  }
  const adminToken = values['admin-token-file'] === undefined ? undefined : await secretFile(values['admin-token-file'], () => `ob3a_${randomBytes(32).toString('base64url')}`, 'admin token', io)
  // GET / (and the page's assets) serve the verification page, so a share link can point here.
  const pageHandler = await createPageHandler({ trustRegistries })
  // GET /wallet/ serves the teacher's wallet app, on the same origin as the shares and the page.
  const walletApp = await createWalletAppHandler()
  const server = await createServer({
    ...common, ...logOptions, pageHandler, walletApp,
    ...(reports === undefined ? {} : { reports }),
    ...(adminToken === undefined ? {} : { adminToken }),
    ...(trustProxy === undefined ? {} : { trustProxy }),
    limits,
    ...(rateLimitStore === undefined ? {} : { rateLimitStore }),
    ...(rateLimitFlushMs === undefined ? {} : { rateLimitFlushMs }),
    ...(openTenant === undefined ? {} : { openTenant }),
    ...(cacheTtl === undefined ? {} : { cacheTtlSeconds: cacheTtl }),
    ...(timeBudget === undefined ? {} : { verifyTimeBudgetMs: timeBudget * 1000 }),
    ...(statusIssuer === undefined ? {} : { verifyStatusIssuer: statusIssuer }),
    ...(assessment === undefined ? {} : { assessment }),
    ...(messageStatus === undefined ? {} : { messageStatus }),
  })
  let url: string
  try {
    ;({ url } = await server.listen({ port, hostname: host, ...(tls === undefined ? {} : { tls }) }))
  } catch (err) {
    await server.close()
    if (certFile !== undefined) await rm(certFile, { force: true })
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`cannot listen on ${host}:${port} (${code})`)
    throw err
  }
  io.stderr(`ob3 serve: listening on ${url} (database: ${/^postgres/.test(db) ? 'PostgreSQL' : db}); Ctrl-C stops it\n`)
  hooks.onListening?.(url)
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      hooks.signal?.removeEventListener('abort', stop)
      done()
    }
    if (hooks.signal?.aborted === true) return stop()
    hooks.signal?.addEventListener('abort', stop, { once: true })
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  io.stderr('ob3 serve: stopping (finishing requests in flight)\n')
  await server.close()
  if (certFile !== undefined) await rm(certFile, { force: true })
  return 0
}
