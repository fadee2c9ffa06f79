import { Ob3Error } from '@ob3/core'
import { decodeBackup } from './lib/backup-format.js'
import { FORMAT_META, HOLDER_META } from './lib/context.js'
import { parseHolderRecord, unsealHolderKey } from './lib/holder-key.js'
import { checkPassphrase } from './lib/passphrase-box.js'
import { assertIntact } from './read-artifact.js'
import { openWallet } from './open-wallet.js'
import type { WalletOptions } from './types.js'
import type { Wallet } from './wallet.js'

/** Options for {@link restoreWallet}. */
export interface RestoreWalletOptions extends WalletOptions {
  /** The file `exportWallet` wrote. */
  backup: Uint8Array
  /** The wallet's passphrase (the backup is encrypted under it). */
  passphrase: string
}

/**
 * Restore a backup into an empty store, in one transaction: the same holder key, credentials,
 * artifacts (each re-checked against its digest), links and shares. Returns the wallet unlocked.
 *
 * @throws Ob3Error `ERR_OB3_WALLET_PASSPHRASE`, `ERR_OB3_WALLET_BACKUP_INVALID`,
 *   `ERR_OB3_WALLET_EXISTS` (the store is not empty: nothing is overwritten)
 * @example
 * ```ts
 * const wallet = await restoreWallet({ store: await openSqliteWalletStore({ path: 'new.db' }), backup, passphrase })
 * ```
 */
export async function restoreWallet(options: RestoreWalletOptions): Promise<Wallet> {
  const passphrase = checkPassphrase(options.passphrase, 'restoreWallet')
  const snapshot = await decodeBackup(options.backup, passphrase)
  if (snapshot.meta[FORMAT_META.key] !== FORMAT_META.value) throw new Ob3Error('ERR_OB3_WALLET_BACKUP_INVALID', 'the backup holds no ob3 wallet')
  let holder
  try {
    holder = parseHolderRecord(snapshot.meta[HOLDER_META])
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_WALLET_BACKUP_INVALID', 'the backup\'s holder key record is malformed', { cause })
  }
  await unsealHolderKey(holder, passphrase)
  for (const a of snapshot.artifacts) await assertIntact(a.digest, a.bytes, a.size)
  await options.store.initialize(snapshot)
  return openWallet({ ...options, passphrase })
}
