import {
  MAX_SHARE_BUNDLE_BYTES, Ob3Error, encodeHostedShareLink, encodeShareLink, encryptShareBundle, isOb3Error, toBase64Url, type ShareDocument,
} from '@ob3/core'
import { createPresentation } from './create-presentation.js'
import { isoSeconds, toDate, unlockedKey, type WalletContext } from './lib/context.js'
import { shareInfo } from './list-shares.js'
import { readArtifact } from './read-artifact.js'
import type { ShareRecord } from './store/types.js'
import type { ShareOptions, ShareResult, UploadAdapter } from './types.js'

/**
 * Make a share: a presentation of the chosen credentials, signed by the holder, that expires, plus
 * the chosen artifact files. An inline link when it fits (at most 2,000 characters) and the share
 * need not be revocable; else an encrypted bundle through the upload adapter. Internal; see
 * `Wallet.share`.
 */
export async function createShare(ctx: WalletContext, options: ShareOptions): Promise<ShareResult> {
  unlockedKey(ctx, 'sharing')
  if (typeof options.baseUrl !== 'string' || options.baseUrl === '' || options.baseUrl.includes('#')) throw new TypeError('share: baseUrl must be a URL without a fragment (#)')
  if (options.expiresAt === undefined) throw new TypeError('share: expiresAt is required (every share expires)')
  const expiresAt = toDate(options.expiresAt, 'share: expiresAt')
  if (!Array.isArray(options.credentialIds)) throw new TypeError('share: credentialIds must be an array of credential ids')
  const digests = [...new Set(options.artifactDigests ?? [])]
  if (digests.some((d) => typeof d !== 'string')) throw new TypeError('share: artifactDigests must be strings')

  // Every artifact must belong to a shared credential: a stray file would fail verification anyway.
  const links = await ctx.store.listLinks()
  const artifacts: ShareDocument['artifacts'] = []
  for (const digest of digests) {
    const { info, bytes } = await readArtifact(ctx, digest)
    if (!links.some((l) => l.digest === digest && options.credentialIds.includes(l.credentialId))) {
      throw new Ob3Error('ERR_OB3_ARTIFACT_MISMATCH', `the artifact ${digest} belongs to none of the shared credentials`, { details: { digest } })
    }
    artifacts.push({ name: info.name ?? digest, mediaType: info.mediaType ?? 'application/octet-stream', data: toBase64Url(bytes) })
  }
  const presentation = await createPresentation(ctx, {
    credentialIds: options.credentialIds,
    expiresAt,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  })
  const document: ShareDocument = { v: 1, presentation: presentation.jwt ?? presentation.presentation, artifacts }

  let link: string | undefined
  if (options.revocable !== true) {
    try {
      link = await encodeShareLink({ baseUrl: options.baseUrl, document })
    } catch (err) {
      if (!isOb3Error(err, 'ERR_OB3_SHARE_LINK_TOO_LONG')) throw err
      if (options.upload === undefined) {
        const length = String(err.details?.length ?? 'over 2000')
        throw new Ob3Error('ERR_OB3_SHARE_LINK_TOO_LONG', `the share is too large for an inline link (${length} characters; at most 2000 fit a QR code): pass an upload adapter so it goes to a share host`, {
          cause: err, details: err.details ?? {},
        })
      }
    }
  }
  const record: ShareRecord = {
    id: crypto.randomUUID(),
    createdAt: ctx.now().toISOString(),
    expiresAt: isoSeconds(expiresAt),
    kind: link === undefined ? 'hosted' : 'inline',
    link: link ?? '',
    format: presentation.format,
    credentialIds: [...new Set(options.credentialIds)],
    artifactDigests: digests,
    challenge: options.challenge ?? null,
    domain: options.domain ?? null,
    bundleUrl: null,
    deleteCapability: null,
    revokedAt: null,
  }
  if (link === undefined) {
    const upload = options.upload
    if (upload === undefined) throw new TypeError('share: a revocable share goes to a share host: pass options.upload')
    const hosted = await uploadBundle(upload, document, record.expiresAt)
    record.link = encodeHostedShareLink({ baseUrl: options.baseUrl, bundleUrl: hosted.url, key: hosted.key })
    record.bundleUrl = hosted.url
    record.deleteCapability = hosted.deleteCapability
  }
  // A crash between the upload and this write leaves an unlisted bundle on the host (ciphertext
  // whose key was never recorded or shown), never a listed share without its bundle.
  await ctx.store.putShare(record)
  return { share: shareInfo(record, ctx.now()), link: record.link, presentation }
}

async function uploadBundle(upload: UploadAdapter, document: ShareDocument, expiresAt: string): Promise<{ url: string; deleteCapability: string; key: Uint8Array }> {
  const { key, bundle } = await encryptShareBundle(document)
  if (bundle.length > MAX_SHARE_BUNDLE_BYTES) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the share bundle is ${bundle.length} bytes; verifiers fetch at most ${MAX_SHARE_BUNDLE_BYTES}`, { details: { limit: MAX_SHARE_BUNDLE_BYTES } })
  }
  let result: { url: string; deleteCapability: string }
  try {
    result = await upload.put(bundle, { expiresAt })
  } catch (err) {
    if (isOb3Error(err)) throw err
    throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `the upload adapter failed: ${(err as Error).message}`, { cause: err })
  }
  if (typeof result?.url !== 'string' || !/^https?:\/\//.test(result.url) || typeof result.deleteCapability !== 'string') {
    throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', 'the upload adapter returned no http(s) url and deleteCapability')
  }
  return { ...result, key }
}
