import { Ob3Error } from '@ob3/core'
import { FORMAT_META, HOLDER_META } from './lib/context.js'
import { parseHolderRecord, unsealHolderKey } from './lib/holder-key.js'
import { checkPassphrase } from './lib/passphrase-box.js'
import type { WalletOptions } from './types.js'
import { Wallet } from './wallet.js'

/** Options for {@link openWallet}. */
export interface OpenWalletOptions extends WalletOptions {
  /** The passphrase. Without it the wallet opens locked: it lists, imports and checks, but signs nothing. */
  passphrase?: string
}

/**
 * Open the wallet in a store, unlocking the holder key with the passphrase when given.
 *
 * @throws Ob3Error `ERR_OB3_WALLET_PASSPHRASE` (wrong passphrase), `ERR_OB3_WALLET_NOT_INITIALIZED`
 *   (no wallet in the store), `ERR_OB3_STORE_FOREIGN`, `ERR_OB3_STORE_CORRUPT`
 * @example
 * ```ts
 * const wallet = await openWallet({ store: await openSqliteWalletStore({ path }), passphrase, verify })
 * ```
 */
export async function openWallet(options: OpenWalletOptions): Promise<Wallet> {
  const store = options?.store
  if (typeof store?.getMeta !== 'function') throw new TypeError('openWallet: options.store must be a WalletStore')
  const format = await store.getMeta(FORMAT_META.key)
  if (format === undefined) throw new Ob3Error('ERR_OB3_WALLET_NOT_INITIALIZED', 'the store holds no wallet: create one with initWallet (ob3 wallet init)')
  if (format !== FORMAT_META.value) throw new Ob3Error('ERR_OB3_STORE_FOREIGN', `the store holds a ${format}, not an ${FORMAT_META.value}`)
  const holderRecord = parseHolderRecord(await store.getMeta(HOLDER_META))
  const key = options.passphrase === undefined ? undefined : await unsealHolderKey(holderRecord, checkPassphrase(options.passphrase, 'openWallet'))
  return new Wallet({ store, holderRecord, key, verify: options.verify, fetch: options.fetch, now: options.now ?? (() => new Date()) })
}
