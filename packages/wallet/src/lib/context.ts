/**
 * Internal: what every wallet operation works with.
 * @packageDocumentation
 */
import { Ob3Error, type Ed25519Multikey } from '@ob3/core'
import type { WalletStore } from '../store/types.js'
import type { VerifyFunction } from '../types.js'
import type { HolderKeyRecord } from './holder-key.js'

/** The meta key of the wallet format marker, and its value. */
export const FORMAT_META = { key: 'format', value: 'ob3-wallet/1' } as const
/** The meta key of the holder's key record. */
export const HOLDER_META = 'holder'

/**
 * Largest artifact the vault takes: 100 MiB. A larger file is refused with
 * `ERR_OB3_WALLET_ARTIFACT_TOO_LARGE`.
 * @example `if (bytes.length > MAX_ARTIFACT_BYTES) console.log('too large for the vault')`
 */
export const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024

/**
 * Longest file name the vault keeps with an artifact: 1,024 characters, as long as a share can
 * carry. A longer name is refused with `ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG`.
 * @example `if (name.length > MAX_ARTIFACT_NAME_LENGTH) console.log('name too long for a share')`
 */
export const MAX_ARTIFACT_NAME_LENGTH = 1024

/** The state of an open wallet. */
export interface WalletContext {
  store: WalletStore
  holderRecord: HolderKeyRecord
  /** The unlocked key, or undefined for a wallet opened without its passphrase. */
  key: Ed25519Multikey | undefined
  verify: VerifyFunction | undefined
  fetch: typeof fetch | undefined
  now: () => Date
}

/** The unlocked key, or `ERR_OB3_WALLET_LOCKED`. */
export function unlockedKey(ctx: WalletContext, what: string): Ed25519Multikey {
  if (ctx.key === undefined) throw new Ob3Error('ERR_OB3_WALLET_LOCKED', `${what} needs the holder key: open the wallet with its passphrase`)
  return ctx.key
}

/** A random `urn:uuid:` (version 4). */
export function randomUrn(): string {
  return `urn:uuid:${crypto.randomUUID()}`
}

/** An ISO 8601 time to the second (`2026-05-01T10:00:00Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A date option (a Date or an ISO string), checked. */
export function toDate(value: Date | string, name: string): Date {
  const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined
  if (date === undefined || Number.isNaN(date.getTime())) throw new TypeError(`${name} must be a Date or an ISO 8601 date-time`)
  return date
}
