import { didKeyFromPublicKeyMultibase, generateEd25519Key, importEd25519Multikey, type Ed25519Multikey } from '@ob3/core'
import { FORMAT_META, HOLDER_META } from './lib/context.js'
import { sealHolderKey } from './lib/holder-key.js'
import { checkPassphrase, checkScryptN } from './lib/passphrase-box.js'
import { openWallet } from './open-wallet.js'
import type { WalletOptions } from './types.js'
import type { Wallet } from './wallet.js'

/** Options for {@link initWallet}. */
export interface InitWalletOptions extends WalletOptions {
  /** The passphrase that seals the holder key (at least 8 characters). Never stored. */
  passphrase: string
  /** An existing did:key Ed25519 key to hold with (with its secret). Default: a new one. */
  key?: Ed25519Multikey
  /** The scrypt cost N: a power of two from 2^15 to 2^20. Default 2^17. */
  scryptN?: number
}

/**
 * Shortest passphrase accepted for a new wallet: 8 characters.
 * @example `if (passphrase.length < MIN_PASSPHRASE_LENGTH) askAgain()`
 */
export const MIN_PASSPHRASE_LENGTH = 8

/**
 * Create a wallet in an empty store: a holder key (did:key, Ed25519; new unless given) whose
 * secret is sealed under the passphrase (scrypt, then XChaCha20-Poly1305). Returns it unlocked.
 *
 * @throws Ob3Error `ERR_OB3_WALLET_EXISTS` when the store holds a wallet already; TypeError for a
 *   passphrase shorter than 8 characters or a key that is not a did:key Ed25519 key with its secret
 * @example
 * ```ts
 * const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: 'correct horse battery', verify })
 * wallet.holder // 'did:key:z6Mk…'
 * ```
 */
export async function initWallet(options: InitWalletOptions): Promise<Wallet> {
  const passphrase = checkPassphrase(options.passphrase, 'initWallet', MIN_PASSPHRASE_LENGTH)
  const N = checkScryptN(options.scryptN, 'initWallet')
  let key: Ed25519Multikey
  if (options.key === undefined) key = await generateEd25519Key()
  else {
    key = await importEd25519Multikey(options.key)
    if (key.secretKeyMultibase === undefined || key.controller !== didKeyFromPublicKeyMultibase(key.publicKeyMultibase)) {
      throw new TypeError('initWallet: key must be a did:key Ed25519 key with its secretKeyMultibase')
    }
  }
  const holder = await sealHolderKey(key, passphrase, N)
  await options.store.initialize({
    meta: { [FORMAT_META.key]: FORMAT_META.value, [HOLDER_META]: JSON.stringify(holder), createdAt: (options.now?.() ?? new Date()).toISOString() },
    credentials: [],
    artifacts: [],
    links: [],
    shares: [],
  })
  return openWallet({ ...options, passphrase })
}
