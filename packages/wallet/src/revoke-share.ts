import { Ob3Error, isOb3Error } from '@ob3/core'
import type { WalletContext } from './lib/context.js'
import { shareInfo } from './list-shares.js'
import type { ShareInfo, UploadAdapter } from './types.js'

/**
 * Revoke a hosted share: delete its bundle from the share host, then record the revocation.
 * Revoking twice is no error. An inline share cannot be revoked: the whole share is in the link,
 * so it stays readable until its presentation expires. Internal; see `Wallet.revokeShare`.
 */
export async function revokeShare(ctx: WalletContext, id: string, options: { upload?: UploadAdapter }): Promise<ShareInfo> {
  const record = await ctx.store.getShare(id)
  if (record === undefined) throw new Ob3Error('ERR_OB3_SHARE_NOT_FOUND', `no share ${id} in the wallet`)
  if (record.kind === 'inline') {
    throw new Ob3Error('ERR_OB3_SHARE_NOT_REVOCABLE', `share ${id} is an inline link: the whole share is in the link, so it cannot be revoked; it stops verifying when it expires (${record.expiresAt}). Make shares with revocable: true to be able to revoke them`)
  }
  if (record.revokedAt !== null) return shareInfo(record, ctx.now())
  if (options.upload === undefined) throw new TypeError('revokeShare: pass the upload adapter of the host the share went to')
  try {
    await options.upload.delete(record.bundleUrl as string, record.deleteCapability as string)
  } catch (err) {
    if (isOb3Error(err)) throw err
    throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `the share host did not delete the bundle: ${(err as Error).message}`, { cause: err })
  }
  const revoked = { ...record, revokedAt: ctx.now().toISOString() }
  await ctx.store.putShare(revoked)
  return shareInfo(revoked, ctx.now())
}
