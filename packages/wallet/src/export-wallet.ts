import type { WalletContext } from './lib/context.js'
import { encodeBackup } from './lib/backup-format.js'
import { unsealHolderKey } from './lib/holder-key.js'
import { readArtifact } from './read-artifact.js'
import type { WalletSnapshot } from './store/types.js'

/**
 * Write the whole wallet — meta (the sealed holder key), credentials, artifacts, links, shares —
 * into one file encrypted under the wallet's passphrase (checked first). Every artifact is
 * re-checked against its digest on the way out. Internal; see `Wallet.exportWallet`.
 */
export async function exportWallet(ctx: WalletContext, passphrase: string): Promise<Uint8Array> {
  await unsealHolderKey(ctx.holderRecord, passphrase)
  const snapshot = await snapshotOf(ctx)
  return encodeBackup(snapshot, passphrase, ctx.holderRecord.sealed.kdf.N)
}

/** Everything the store holds. Internal. */
export async function snapshotOf(ctx: Pick<WalletContext, 'store'>): Promise<WalletSnapshot> {
  const { store } = ctx
  const meta: Record<string, string> = {}
  for (const key of ['format', 'holder', 'createdAt']) {
    const value = await store.getMeta(key)
    if (value !== undefined) meta[key] = value
  }
  const artifacts = []
  for (const info of await store.listArtifacts()) artifacts.push({ ...info, bytes: (await readArtifact(ctx, info.digest)).bytes })
  return { meta, credentials: await store.listCredentials(), artifacts, links: await store.listLinks(), shares: await store.listShares() }
}
