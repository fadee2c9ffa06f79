import { resolve } from 'node:path'
import { importSigningKey, type Signer, type SigningKey } from '@ob3/core'
import { Issuer, type IssuerProfileInput, type IssuerStore } from '@ob3/issuer'
import { openStore } from '@ob3/issuer/node'
import { UsageError, type CliIo } from './io.js'
import { readJsonFile } from './read-file.js'

/** The options every command that acts as the issuer takes. */
export const ISSUER_OPTIONS = {
  key: { type: 'string' },
  db: { type: 'string' },
  'issuer-name': { type: 'string' },
  'status-base-url': { type: 'string' },
  suspension: { type: 'boolean' },
} as const

/** The default issuer database, in the working directory. */
export const DEFAULT_DB = 'ob3-issuer.db'

/** An issuer opened from command-line options. Close it when done. */
export interface IssuerContext {
  issuer: Issuer
  store: IssuerStore
  key: SigningKey
  signer: Signer
  close(): Promise<void>
}

/** Where `--db` points: a PostgreSQL URL as given, a SQLite path relative to the working directory. */
export function dbLocation(db: string | undefined, io: CliIo): string {
  const value = db ?? DEFAULT_DB
  return /^postgres(ql)?:\/\//.test(value) ? value : resolve(io.cwd, value)
}

/** Read the signing key named by `--key`. */
export async function readSigningKey(path: string | undefined, io: CliIo): Promise<{ key: SigningKey; signer: Signer; raw: unknown }> {
  if (path === undefined) throw new UsageError('--key is required: the issuer\'s signing key (ob3 keys generate)')
  const raw = await readJsonFile(path, io)
  const { key, signer } = await importSigningKey(raw).catch((err: unknown) => {
    throw new UsageError(`${path} is not a usable key: ${(err as Error).message}`)
  })
  if (signer === undefined) throw new UsageError(`${path} has no secret key, so it cannot sign`)
  return { key, signer, raw }
}

/** Open the store and the issuer the options name. */
export async function openIssuer(
  values: { key?: string | undefined; db?: string | undefined; 'issuer-name'?: string | undefined; 'status-base-url'?: string | undefined; suspension?: boolean | undefined },
  io: CliIo,
  profile: Partial<IssuerProfileInput> = {},
): Promise<IssuerContext> {
  const { key, signer } = await readSigningKey(values.key, io)
  const store = await openStore(dbLocation(values.db, io))
  const fullProfile: IssuerProfileInput = { ...profile, id: key.controller, name: values['issuer-name'] ?? profile.name ?? key.controller }
  const statusBaseUrl = values['status-base-url']
  if (statusBaseUrl !== undefined && !/^https?:\/\/\S+$/.test(statusBaseUrl)) throw new UsageError('--status-base-url must be an http(s) URL')
  const issuer = new Issuer({ store, profile: fullProfile, signer, ...(statusBaseUrl === undefined ? {} : { statusBaseUrl }), ...(values.suspension === true ? { suspension: true } : {}) })
  return { issuer, store, key, signer, close: () => store.close() }
}
