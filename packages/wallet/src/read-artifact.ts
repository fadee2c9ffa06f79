import { Ob3Error, computeDigestMultibase } from '@ob3/core'
import type { WalletContext } from './lib/context.js'
import type { ArtifactInfo, WalletStore } from './store/types.js'

/**
 * Read an artifact from the vault, checking its bytes against its digest on every read.
 * Internal; see `Wallet.readArtifact`.
 * @throws Ob3Error `ERR_OB3_WALLET_ARTIFACT_NOT_FOUND`, `ERR_OB3_WALLET_ARTIFACT_TAMPERED`
 */
export async function readArtifact(ctx: Pick<WalletContext, 'store'>, digest: string): Promise<{ info: ArtifactInfo; bytes: Uint8Array }> {
  if (typeof digest !== 'string') throw new TypeError('readArtifact: digest must be a string')
  const artifact = await ctx.store.getArtifact(digest)
  if (artifact === undefined) throw new Ob3Error('ERR_OB3_WALLET_ARTIFACT_NOT_FOUND', `no artifact ${digest} in the vault`, { details: { digest } })
  await assertIntact(artifact.digest, artifact.bytes, artifact.size)
  const { bytes, ...info } = artifact
  return { info, bytes }
}

/** Throw `ERR_OB3_WALLET_ARTIFACT_TAMPERED` unless the bytes are the ones the digest names. */
export async function assertIntact(digest: string, bytes: Uint8Array, size: number): Promise<void> {
  const actual = await computeDigestMultibase(bytes)
  if (actual !== digest || bytes.length !== size) {
    throw new Ob3Error('ERR_OB3_WALLET_ARTIFACT_TAMPERED', `the vault's copy of ${digest} was altered: its bytes no longer match its digest`, {
      details: { digest, actual },
    })
  }
}

/** True when the store holds the artifact intact. Internal. */
export async function isIntact(store: WalletStore, digest: string): Promise<boolean> {
  try {
    await readArtifact({ store }, digest)
    return true
  } catch (err) {
    if (err instanceof Ob3Error && err.code === 'ERR_OB3_WALLET_ARTIFACT_TAMPERED') return false
    throw err
  }
}
