import { stat, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { isOb3Error } from '@ob3/core'
import { createSafeFetch, createVerificationCache, verify, type VerificationReport } from '@ob3/verifier'
import { createHttpUploadAdapter, initWallet, openWallet, restoreWallet, type UploadAdapter, type VerifyFunction, type Wallet } from '@ob3/wallet'
import { createDirectoryUploadAdapter, openSqliteWalletStore, renderShareQr } from '@ob3/wallet/node'
import { UsageError, type CliIo } from '../io.js'
import { resourceFetch } from './verify.js'
import { readInputFile } from '../read-file.js'
import { parseNow } from '../now.js'
import { humanReport } from './verify.js'
import { suggest } from '../suggest.js'

/**
 * The help of `ob3 wallet`.
 * @example `io.stdout(WALLET_HELP + '\n')`
 */
export const WALLET_HELP = `ob3 wallet <command> [--wallet <file>] [--passphrase-file <file>]

The holder wallet: a teacher's credentials, the artifacts behind them, and shares by link and QR.
  init [--scrypt-n <N>]             create a wallet: a did:key holder key sealed under the passphrase
                                    (scrypt cost N, a power of two from 32768 to 1048576; default 131072)
  import <input>... [--quarantine] [--resources <map.json>] [--offline] [--now <ISO>]
                                    verify, then import .json, .jwt, baked .png/.svg, or share links
  claim <link> [--pin <PIN>] [--protocol openid4vci|vc-api] [--quarantine]
                                    redeem a claim link (OpenID4VCI offer, claim page, VC-API exchange):
                                    the issuer sends the credential bound to the wallet's DID; verified, imported
  list [--json]                     the credentials
  show <credential id> [--json]     one credential and its import report
  artifacts [<credential id>] [--json]
                                    per evidence artifact: present, missing, or does not match
  artifacts add <file>... [--for <credential id>] [--media-type <type>]
                                    put files in the vault (stored once, by SHA-256 digest)
  share <credential id>... --base-url <url> [--expires <ISO | 30d | 12h>] [--artifact <digest|file>]...
        [--challenge <c>] [--domain <d>] [--jwt] [--revocable] [--qr <file.png|file.svg>]...
        [--out <presentation.json>] [--upload-dir <dir> --public-url <url> | --share-host <url>]
                                    print a share link and its QR code (inline when it fits in 2,000
                                    characters and is not --revocable; else an encrypted bundle)
  shares [--json]                   the shares, with expiry and state
  revoke-share <share id> [--upload-dir <dir> --public-url <url> | --share-host <url>]
  export --out <file>               one encrypted backup file of the whole wallet
  restore <file>                    restore a backup into a new wallet file

The wallet file is --wallet (default ./ob3-wallet.db). The passphrase comes from the
OB3_WALLET_PASSPHRASE environment variable or the first line of --passphrase-file; it is never a
command-line value. Exit status: 0 done, 1 refused (a credential that did not verify, a wrong
passphrase), 2 wrong usage.`

const FILE_OPTIONS = `Options for every wallet command: --wallet <file> (default ./ob3-wallet.db); the passphrase
comes from OB3_WALLET_PASSPHRASE or the first line of --passphrase-file <file>. --json prints JSON.`

/**
 * The help of each wallet command, for `ob3 wallet <command> --help`.
 * @example `io.stdout(WALLET_COMMAND_HELP.share + '\n')`
 */
export const WALLET_COMMAND_HELP: Readonly<Record<string, string>> = {
  init: `ob3 wallet init [--wallet <file>] [--passphrase-file <file>]

Creates a wallet file with a did:key holder key sealed under the passphrase, and prints the
holder DID.`,
  import: `ob3 wallet import <input>... [--quarantine] [--resources <map.json>] [--offline] [--now <ISO>]

Verifies each input (.json, .jwt/.jws, baked .png/.svg, or a share link) and imports it. A
credential that does not verify is refused (exit 1) unless --quarantine keeps it aside, marked.
--resources, --offline and --now work as for ob3 verify.`,
  claim: `ob3 wallet claim <link> [--pin <PIN>] [--protocol openid4vci|vc-api] [--quarantine] [--offline] [--now <ISO>]

Redeems a one-time claim link an issuer sent: an OpenID4VCI offer (openid-credential-offer://…),
an ob3 claim page (https://…/claims/<id>, by OpenID4VCI unless --protocol vc-api), a VC-API
exchange (https://…/exchanges/<id>) or a Learner Credential Wallet link
(https://lcw.app/request?request=…). The wallet proves it holds its key, so the credential names
the wallet's DID; it is verified and imported as ob3 wallet import does. --pin gives the PIN that
came separately with the link. A claim is redeemed once: a second try, an expired claim, a
missing or wrong PIN, or one locked after too many wrong PINs is refused with its code
(ERR_OB3_CLAIM_REDEEMED, ERR_OB3_CLAIM_EXPIRED, ERR_OB3_CLAIM_PIN_REQUIRED, ERR_OB3_CLAIM_PIN_WRONG,
ERR_OB3_CLAIM_LOCKED) and exit 1. Needs the passphrase.`,
  list: `ob3 wallet list [--json]

Lists the credentials in the wallet: id, name, issuer, whether they verified on import or were
quarantined, and how many of their evidence artifacts are in the vault.`,
  show: `ob3 wallet show <credential id> [--json]

Shows one credential and its import report.`,
  artifacts: `ob3 wallet artifacts [<credential id>] [--json]
ob3 wallet artifacts add <file>... [--for <credential id>] [--media-type <type>]

Without add: per evidence artifact of the credentials, whether its file is present, missing, or
does not match the digest the issuer signed. With add: puts files in the vault (stored once, by
SHA-256 digest); --for checks them against that credential's evidence.`,
  share: `ob3 wallet share <credential id>... --base-url <url> [--expires <ISO | 30d | 12h>]
        [--artifact <digest|file>]... [--challenge <c>] [--domain <d>] [--jwt] [--revocable]
        [--qr <file.png|file.svg>]... [--out <presentation.json>]
        [--upload-dir <dir> --public-url <url> | --share-host <url>]

Signs a presentation of the credentials (and the chosen artifacts) with the holder key and prints
a share link that opens --base-url (or OB3_SHARE_BASE_URL). The link carries the presentation in
its fragment when it fits in 2,000 characters and is not --revocable; otherwise the presentation
is an encrypted bundle put in --upload-dir (served at --public-url) or on --share-host, with the
key only in the fragment. --qr writes the link's QR code.`,
  shares: `ob3 wallet shares [--json]

Lists the shares made, with their expiry and state (active, expired, revoked).`,
  'revoke-share': `ob3 wallet revoke-share <share id> [--upload-dir <dir> --public-url <url> | --share-host <url>]

Revokes a share: its hosted bundle is removed, so the link no longer opens.`,
  export: `ob3 wallet export --out <file>

Writes one encrypted backup file of the whole wallet (never overwriting a file).`,
  restore: `ob3 wallet restore <backup file> [--wallet <new wallet file>]

Restores a backup into a new wallet file, with the backup's passphrase.`,
}

const COMMON = { wallet: { type: 'string' }, 'passphrase-file': { type: 'string' }, json: { type: 'boolean' } } as const
const HOST = { 'upload-dir': { type: 'string' }, 'public-url': { type: 'string' }, 'share-host': { type: 'string' } } as const
type Env = Record<string, string | undefined>
type Values = Record<string, string | boolean | string[] | undefined>

/**
 * `ob3 wallet <command>`: the holder wallet. `env` gives `OB3_WALLET_PASSPHRASE` (and
 * `OB3_SHARE_BASE_URL`); resolves to the exit status.
 * @example `const status = await walletCommand(['list', '--wallet', 'w.db'], io, process.env)`
 */
export async function walletCommand(args: string[], io: CliIo, env: Env = process.env): Promise<number> {
  const [sub, ...rest] = args
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(WALLET_HELP + '\n')
    return sub === undefined ? 2 : 0
  }
  const own = Object.hasOwn(WALLET_COMMAND_HELP, sub) ? WALLET_COMMAND_HELP[sub] : undefined
  if (own !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(`${own}\n\n${FILE_OPTIONS}\n`)
    return 0
  }
  switch (sub) {
    case 'init': return init(rest, io, env)
    case 'import': return importCommand(rest, io, env)
    case 'claim': return claimCommand(rest, io, env)
    case 'list': return list(rest, io)
    case 'show': return show(rest, io)
    case 'artifacts': return rest[0] === 'add' ? addArtifacts(rest.slice(1), io) : artifacts(rest, io)
    case 'share': return share(rest, io, env)
    case 'shares': return shares(rest, io)
    case 'revoke-share': return revoke(rest, io)
    case 'export': return exportCommand(rest, io, env)
    case 'restore': return restore(rest, io, env)
    default: {
      const near = suggest(sub, Object.keys(WALLET_COMMAND_HELP))
      throw new UsageError(`unknown wallet command ${JSON.stringify(sub)}${near === undefined ? '' : ` (did you mean ob3 wallet ${near}?)`}\n\n${WALLET_HELP}`)
    }
  }
}

function parse<O extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(args: string[], options: O) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON, ...options } }) as { values: Values; positionals: string[] }
}

const walletPath = (values: Values, io: CliIo): string => resolve(io.cwd, typeof values.wallet === 'string' ? values.wallet : 'ob3-wallet.db')

async function passphrase(values: Values, io: CliIo, env: Env): Promise<string> {
  const file = values['passphrase-file']
  if (typeof file === 'string') {
    const line = new TextDecoder().decode(await readInputFile(file, io)).split(/\r?\n/)[0] ?? ''
    if (line === '') throw new UsageError(`${file}: the first line (the passphrase) is empty`)
    return line
  }
  const value = env.OB3_WALLET_PASSPHRASE
  if (value === undefined || value === '') throw new UsageError('give the passphrase in OB3_WALLET_PASSPHRASE or with --passphrase-file <file>')
  return value
}

/** Open the wallet file (never creating it), run `fn`, close. */
async function withWallet<T>(values: Values, io: CliIo, options: { passphrase?: string; verify?: VerifyFunction; fetch?: typeof fetch }, fn: (w: Wallet) => Promise<T>): Promise<T> {
  const path = walletPath(values, io)
  const store = await openSqliteWalletStore({ path, create: false }).catch((err: unknown) => {
    if (isOb3Error(err, 'ERR_OB3_WALLET_NOT_INITIALIZED')) throw new UsageError(`there is no wallet at ${path}: create one with ob3 wallet init`)
    throw err
  })
  try {
    return await fn(await openWallet({ store, ...options }))
  } finally {
    await store.close()
  }
}

const print = (io: CliIo, values: Values, json: unknown, human: () => string): void => io.stdout(values.json === true ? JSON.stringify(json, null, 2) + '\n' : human())

async function init(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, { 'scrypt-n': { type: 'string' } })
  if (positionals.length > 0) throw new UsageError('ob3 wallet init takes no arguments')
  const scryptN = scryptCost(values['scrypt-n'])
  const path = walletPath(values, io)
  const store = await openSqliteWalletStore({ path })
  try {
    const wallet = await initWallet({ store, passphrase: await passphrase(values, io, env), ...(scryptN === undefined ? {} : { scryptN }) })
    io.stdout(`${wallet.holder}\n`)
    io.stderr(`created the wallet ${path}; its holder is ${wallet.holder}\n`)
  } finally {
    await store.close()
  }
  return 0
}

/** `--scrypt-n`: the passphrase seal's scrypt cost (every later open, export and restore uses it). */
function scryptCost(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 2 ** 15 || n > 2 ** 20 || (n & (n - 1)) !== 0) {
    throw new UsageError(`--scrypt-n must be a power of two from 32768 to 1048576, not ${JSON.stringify(value)}`)
  }
  return n
}

async function importCommand(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, { quarantine: { type: 'boolean' }, resources: { type: 'string' }, offline: { type: 'boolean' }, now: { type: 'string' } })
  if (positionals.length === 0) throw new UsageError('give at least one credential file or share link to import')
  let fetch = values.offline === true ? undefined : (io.verifyFetch ?? io.fetch)
  if (typeof values.resources === 'string') fetch = await resourceFetch(values.resources, io)
  const now = typeof values.now === 'string' ? parseNow(values.now) : undefined
  const cache = createVerificationCache()
  const verifyFn: VerifyFunction = (request) => verify({ ...request, cache, ...(fetch === undefined ? {} : { fetch }), ...(now === undefined ? {} : { now }) })
  let refused = 0
  // Hosted share links are fetched as the verifier fetches: https only, no private addresses.
  const linkFetch = fetch === undefined ? undefined : createSafeFetch({ fetch })
  await withWallet(values, io, { verify: verifyFn, ...(linkFetch === undefined ? {} : { fetch: linkFetch }) }, async (wallet) => {
    for (const input of positionals) {
      const source = /^https?:\/\/[^#]*#ob3s1\./.test(input) ? input : await readInputFile(input, io)
      try {
        const result = await wallet.importCredential(source, { label: input, quarantine: values.quarantine === true })
        for (const c of result.credentials) io.stdout(`${c.status} ${c.id}${c.name === null ? '' : `  ${c.name}`}\n`)
        for (const d of result.artifacts) io.stdout(`artifact ${d}\n`)
      } catch (err) {
        if (!isOb3Error(err, 'ERR_OB3_WALLET_IMPORT_REFUSED')) throw err
        refused++
        io.stderr(`refused ${input}: it did not verify\n${humanReport(err.details?.report as VerificationReport, io, env)}`)
      }
    }
  })
  return refused > 0 ? 1 : 0
}

const CLAIM_REFUSALS = new Set(['ERR_OB3_CLAIM_NOT_FOUND', 'ERR_OB3_CLAIM_REDEEMED', 'ERR_OB3_CLAIM_EXPIRED', 'ERR_OB3_CLAIM_PIN_REQUIRED', 'ERR_OB3_CLAIM_PIN_WRONG', 'ERR_OB3_CLAIM_LOCKED'])

async function claimCommand(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, {
    pin: { type: 'string' }, protocol: { type: 'string' }, quarantine: { type: 'boolean' }, offline: { type: 'boolean' }, now: { type: 'string' },
  })
  if (positionals.length !== 1) throw new UsageError('ob3 wallet claim <link>: give one claim link')
  const protocol = values.protocol
  if (protocol !== undefined && protocol !== 'openid4vci' && protocol !== 'vc-api') throw new UsageError('--protocol is openid4vci or vc-api')
  if (values.pin !== undefined && (typeof values.pin !== 'string' || values.pin === '')) throw new UsageError('--pin needs the PIN')
  const verifyFetchFn = values.offline === true ? undefined : (io.verifyFetch ?? io.fetch)
  const now = typeof values.now === 'string' ? parseNow(values.now) : undefined
  const cache = createVerificationCache()
  const verifyFn: VerifyFunction = (request) => verify({ ...request, cache, ...(verifyFetchFn === undefined ? {} : { fetch: verifyFetchFn }), ...(now === undefined ? {} : { now }) })
  return withWallet(values, io, { passphrase: await passphrase(values, io, env), verify: verifyFn, ...(io.fetch === undefined ? {} : { fetch: io.fetch }) }, async (wallet) => {
    try {
      const result = await wallet.claimCredential(positionals[0] as string, {
        ...(typeof values.pin === 'string' ? { pin: values.pin } : {}),
        ...(protocol === undefined ? {} : { protocol: protocol as 'openid4vci' | 'vc-api' }),
        ...(values.quarantine === true ? { quarantine: true } : {}),
      })
      print(io, values, result, () => result.credentials.map((c) => `${c.status} ${c.id}${c.name === null ? '' : `  ${c.name}`}\n`).join('') +
        `claimed from ${result.issuer} by ${result.protocol === 'openid4vci' ? 'OpenID4VCI' : 'VC-API exchange'}, bound to ${wallet.holder}\n`)
      return 0
    } catch (err) {
      if (isOb3Error(err, 'ERR_OB3_WALLET_IMPORT_REFUSED')) {
        io.stderr(`refused: the credential the claim delivered did not verify\n${humanReport(err.details?.report as VerificationReport, io, env)}`)
        return 1
      }
      if (isOb3Error(err) && CLAIM_REFUSALS.has(err.code)) {
        io.stderr(`ob3 wallet claim: ${err.message} (${err.code})\n`)
        return 1
      }
      throw err
    }
  })
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {})
  return withWallet(values, io, {}, async (wallet) => {
    const credentials = await wallet.listCredentials()
    const rows = await Promise.all(credentials.map(async (c) => ({ ...c, artifacts: await wallet.artifactStatus(c.id) })))
    print(io, values, rows.map(({ credential: _c, report: _r, jwt: _j, ...rest }) => ({ ...rest, artifacts: rest.artifacts.map((a) => ({ evidence: a.evidence, state: a.state })) })), () => {
      if (rows.length === 0) return 'the wallet holds no credentials\n'
      return rows.map((c) => {
        const present = c.artifacts.filter((a) => a.state === 'present').length
        const issuer = c.issuer.name ?? c.issuer.id ?? 'unknown issuer'
        return `${c.state === 'verified' ? '✓' : '⚠ quarantined'} ${c.id}  ${c.name ?? '(unnamed)'} — ${issuer}  [${present}/${c.artifacts.length} artifacts]\n`
      }).join('')
    })
    return 0
  })
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {})
  if (positionals.length !== 1) throw new UsageError('ob3 wallet show <credential id>')
  return withWallet(values, io, {}, async (wallet) => {
    const c = await wallet.getCredential(positionals[0] as string)
    print(io, values, c, () => [
      `${c.name ?? '(unnamed)'}  (${c.id})`,
      `  issuer:    ${c.issuer.name ?? ''}${c.issuer.id === null ? '' : ` ${c.issuer.id}`}`,
      `  subject:   ${c.subject ?? '(identified by hash only)'}`,
      `  valid:     ${c.validFrom ?? '?'} → ${c.validUntil ?? 'no end date'}`,
      `  imported:  ${c.importedAt} from ${c.source} (${c.format}); ${c.state}`,
      ...c.report.checks.filter((ch) => ch.status !== 'skipped').map((ch) => `  ${ch.status === 'passed' ? '✓' : ch.status === 'failed' ? '✗' : '!'} ${ch.id}: ${ch.message}`),
      '',
    ].join('\n'))
    return 0
  })
}

const MARK = { present: '✓ present  ', missing: '– missing  ', mismatch: '✗ mismatch ' } as const

async function artifacts(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {})
  return withWallet(values, io, {}, async (wallet) => {
    const ids = positionals.length > 0 ? positionals : (await wallet.listCredentials()).map((c) => c.id)
    const rows = await Promise.all(ids.map(async (id) => ({ id, name: (await wallet.getCredential(id)).name, artifacts: await wallet.artifactStatus(id) })))
    print(io, values, rows, () => rows.map((r) => `${r.id}  ${r.name ?? ''}\n${r.artifacts.length === 0 ? '  (its evidence names no artifact by digest)\n' : ''}${r.artifacts
      .map((a) => `  ${MARK[a.state]} ${a.evidence}  ${a.digestMultibase ?? a.digestSRI ?? ''}${a.state === 'present' ? '' : `  — ${a.message}`}\n`).join('')}`).join(''))
    return 0
  })
}

async function addArtifacts(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { for: { type: 'string' }, 'media-type': { type: 'string' } })
  if (positionals.length === 0) throw new UsageError('ob3 wallet artifacts add <file>... [--for <credential id>]')
  return withWallet(values, io, {}, async (wallet) => {
    for (const path of positionals) {
      const bytes = await readInputFile(path, io)
      const name = path.split(/[\\/]/).pop() ?? path
      const result = await wallet.addArtifact({ bytes, name, ...(typeof values['media-type'] === 'string' ? { mediaType: values['media-type'] } : { mediaType: mediaTypeOf(name) }), ...(typeof values.for === 'string' ? { credentialId: values.for } : {}) })
      io.stdout(`${result.digest}  ${path}  ${result.linkedTo.length === 0 ? 'linked to no credential yet' : `evidence of ${result.linkedTo.join(', ')}`}\n`)
    }
    return 0
  })
}

async function share(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, {
    ...HOST, 'base-url': { type: 'string' }, expires: { type: 'string' }, artifact: { type: 'string', multiple: true }, challenge: { type: 'string' },
    domain: { type: 'string' }, jwt: { type: 'boolean' }, revocable: { type: 'boolean' }, qr: { type: 'string', multiple: true }, out: { type: 'string' },
  })
  if (positionals.length === 0) throw new UsageError('name at least one credential to share')
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : env.OB3_SHARE_BASE_URL
  if (baseUrl === undefined) throw new UsageError('give --base-url <verifier page URL> (or set OB3_SHARE_BASE_URL): the link opens it')
  const expiresAt = parseExpiry(typeof values.expires === 'string' ? values.expires : '30d')
  const upload = uploadAdapter(values, io)
  return withWallet(values, io, { passphrase: await passphrase(values, io, env) }, async (wallet) => {
    const digests: string[] = []
    for (const a of (values.artifact as string[] | undefined) ?? []) {
      const isFile = await stat(resolve(io.cwd, a)).then((s) => s.isFile(), () => false)
      digests.push(isFile ? (await wallet.addArtifact({ bytes: await readInputFile(a, io), name: a.split(/[\\/]/).pop() ?? a })).digest : a)
    }
    const result = await wallet.share({
      credentialIds: positionals, artifactDigests: digests, expiresAt, baseUrl, revocable: values.revocable === true, format: values.jwt === true ? 'jwt' : 'ldp',
      ...(upload === undefined ? {} : { upload }),
      ...(typeof values.challenge === 'string' ? { challenge: values.challenge } : {}),
      ...(typeof values.domain === 'string' ? { domain: values.domain } : {}),
    })
    if (typeof values.out === 'string') {
      const p = result.presentation
      await writeFile(resolve(io.cwd, values.out), p.jwt === null ? JSON.stringify(p.presentation, null, 2) + '\n' : p.jwt + '\n')
    }
    const qr = await renderShareQr(result.link)
    for (const file of (values.qr as string[] | undefined) ?? []) {
      if (!/\.(png|svg)$/i.test(file)) throw new UsageError(`--qr ${file}: the file must end in .png or .svg`)
      await writeFile(resolve(io.cwd, file), /\.png$/i.test(file) ? qr.png : qr.svg)
    }
    if (values.json === true) io.stdout(JSON.stringify({ link: result.link, share: result.share, errorCorrectionLevel: qr.errorCorrectionLevel }, null, 2) + '\n')
    else io.stdout(`${result.link}\n\n${qr.terminal}\n`)
    io.stderr(`share ${result.share.id}: ${result.share.kind === 'inline' ? 'inline link (it cannot be revoked)' : `encrypted bundle at ${result.share.bundleUrl ?? ''}`}, expires ${result.share.expiresAt}; QR error correction ${qr.errorCorrectionLevel}\n`)
    return 0
  })
}

async function shares(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {})
  return withWallet(values, io, {}, async (wallet) => {
    const all = await wallet.listShares()
    print(io, values, all, () => (all.length === 0 ? 'no shares yet\n' : all.map((s) =>
      `${s.id}  ${s.state.padEnd(7)}  ${s.kind.padEnd(6)}  expires ${s.expiresAt}  ${s.credentialIds.join(', ')}${s.artifactDigests.length === 0 ? '' : ` + ${s.artifactDigests.length} artifact(s)`}\n`).join('')))
    return 0
  })
}

async function revoke(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, HOST)
  if (positionals.length !== 1) throw new UsageError('ob3 wallet revoke-share <share id> [--upload-dir <dir> --public-url <url> | --share-host <url>]')
  const upload = uploadAdapter(values, io)
  return withWallet(values, io, {}, async (wallet) => {
    const info = await wallet.revokeShare(positionals[0] as string, upload === undefined ? {} : { upload })
    io.stdout(`${info.id}: revoked\n`)
    return 0
  })
}

async function exportCommand(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' } })
  if (positionals.length > 0 || typeof values.out !== 'string') throw new UsageError('ob3 wallet export --out <file>')
  const pass = await passphrase(values, io, env)
  const backup = await withWallet(values, io, { passphrase: pass }, (wallet) => wallet.exportWallet(pass))
  await writeFile(resolve(io.cwd, values.out), backup, { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new UsageError(`${values.out as string} exists already: a backup is never overwritten`)
    throw err
  })
  io.stderr(`wrote ${values.out} (${backup.length} bytes, encrypted under the wallet's passphrase)\n`)
  return 0
}

async function restore(args: string[], io: CliIo, env: Env): Promise<number> {
  const { values, positionals } = parse(args, {})
  if (positionals.length !== 1) throw new UsageError('ob3 wallet restore <backup file> [--wallet <new wallet file>]')
  const backup = await readInputFile(positionals[0] as string, io)
  const store = await openSqliteWalletStore({ path: walletPath(values, io) })
  try {
    const wallet = await restoreWallet({ store, backup, passphrase: await passphrase(values, io, env) })
    io.stdout(`${wallet.holder}\n`)
    io.stderr(`restored ${(await wallet.listCredentials()).length} credentials, ${(await wallet.listArtifacts()).length} artifacts and ${(await wallet.listShares()).length} shares into ${walletPath(values, io)}\n`)
  } finally {
    await store.close()
  }
  return 0
}

function uploadAdapter(values: Values, io: CliIo): UploadAdapter | undefined {
  const dir = values['upload-dir']
  const publicUrl = values['public-url']
  const host = values['share-host']
  if (typeof host === 'string') {
    if (typeof dir === 'string') throw new UsageError('give --share-host or --upload-dir, not both')
    if (io.fetch === undefined) throw new UsageError('--share-host needs the network')
    return createHttpUploadAdapter({ service: host, fetch: io.fetch })
  }
  if (typeof dir === 'string') {
    if (typeof publicUrl !== 'string') throw new UsageError('--upload-dir needs --public-url (where the directory is served)')
    return createDirectoryUploadAdapter({ directory: resolve(io.cwd, dir), publicBaseUrl: publicUrl })
  }
  return undefined
}

/**
 * `--expires`: an ISO date-time, or a duration from now (`30d`, `12h`, `90m`).
 * @example `parseExpiry('30d') // a Date 30 days from now`
 */
export function parseExpiry(value: string, now = new Date()): Date {
  const m = /^(\d+)([dhm])$/.exec(value)
  if (m !== null) return new Date(now.getTime() + Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'])
  const date = new Date(value)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--expires must be an ISO date-time or a duration such as 30d, not ${JSON.stringify(value)}`)
  return date
}

function mediaTypeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? ''
  const types: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', mp4: 'video/mp4', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }
  return types[ext] ?? 'application/octet-stream'
}


