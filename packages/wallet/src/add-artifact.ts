import { Ob3Error, computeDigestMultibase } from '@ob3/core'
import { MAX_ARTIFACT_BYTES, MAX_ARTIFACT_NAME_LENGTH, type WalletContext } from './lib/context.js'
import type { AddArtifactOptions, AddArtifactResult } from './types.js'

/**
 * Put a file in the vault, once, under its SHA-256 digest; the store links it to every credential
 * whose evidence names that digest. Internal; see `Wallet.addArtifact`.
 */
export async function addArtifact(ctx: WalletContext, options: AddArtifactOptions): Promise<AddArtifactResult> {
  const { bytes } = options
  if (!(bytes instanceof Uint8Array)) throw new TypeError('addArtifact: bytes must be a Uint8Array')
  for (const key of ['name', 'mediaType', 'credentialId'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') throw new TypeError(`addArtifact: ${key} must be a string`)
  }
  if (bytes.length > MAX_ARTIFACT_BYTES) {
    throw new Ob3Error('ERR_OB3_WALLET_ARTIFACT_TOO_LARGE', `the file is ${bytes.length} bytes; the vault takes artifacts of at most ${MAX_ARTIFACT_BYTES} bytes (100 MiB)`, {
      details: { size: bytes.length, limit: MAX_ARTIFACT_BYTES },
    })
  }
  if (options.name !== undefined && options.name.length > MAX_ARTIFACT_NAME_LENGTH) {
    throw new Ob3Error('ERR_OB3_WALLET_ARTIFACT_NAME_TOO_LONG', `the file name is ${options.name.length} characters; the vault keeps names of at most ${MAX_ARTIFACT_NAME_LENGTH} characters, as many as a share can carry`, {
      details: { length: options.name.length, limit: MAX_ARTIFACT_NAME_LENGTH },
    })
  }
  const digest = await computeDigestMultibase(bytes)
  if (options.credentialId !== undefined) {
    const record = await ctx.store.getCredential(options.credentialId)
    if (record === undefined) throw new Ob3Error('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND', `no credential ${options.credentialId} in the wallet`)
    if (!record.evidenceDigests.includes(digest)) {
      throw new Ob3Error('ERR_OB3_ARTIFACT_MISMATCH', `the file (${digest}) is not an artifact of ${options.credentialId}: its digest matches none of the credential's evidence`, {
        details: { digest, credentialId: options.credentialId },
      })
    }
  }
  const { inserted, linkedTo } = await ctx.store.addArtifact({
    digest, name: options.name ?? null, mediaType: options.mediaType ?? null, size: bytes.length, addedAt: ctx.now().toISOString(), bytes: bytes.slice(),
  })
  return { digest, inserted, linkedTo }
}
