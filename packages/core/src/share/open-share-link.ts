import { Ob3Error, isOb3Error } from '../errors.js'
import { fetchLimited } from '../fetch/read-limited.js'
import { decodeShareLink } from './decode-share-link.js'
import { decryptShareBundle } from './decrypt-share-bundle.js'
import { MAX_SHARE_BUNDLE_BYTES, type ShareDocument } from './types.js'

/** Options for {@link openShareLink}. */
export interface OpenShareLinkOptions {
  /** The fetch for a hosted bundle. Without one, only inline links open (`ERR_OB3_FETCH_FORBIDDEN`). */
  fetch: typeof fetch | undefined
  /** Largest bundle fetched. Default {@link MAX_SHARE_BUNDLE_BYTES} (256 MiB). */
  maxBytes?: number
  /** Give up fetching after this many milliseconds. Default 30 s. */
  timeoutMs?: number
}

/**
 * Open a share link: decode an inline one; for a hosted one, fetch the encrypted bundle (bounded,
 * through the injected fetch) and decrypt it with the key from the fragment. Verifying the
 * presentation is the caller's next step.
 *
 * @throws Ob3Error `ERR_OB3_SHARE_GONE` (the host answered 404 or 410: the holder revoked the
 *   share, or the host removed it after it expired), `ERR_OB3_SHARE_DECRYPT_FAILED`,
 *   `ERR_OB3_SHARE_LINK_INVALID`, `ERR_OB3_FETCH_FAILED`, `ERR_OB3_FETCH_FORBIDDEN`,
 *   `ERR_OB3_INPUT_TOO_LARGE`
 * @example
 * ```ts
 * const document = await openShareLink(link, { fetch })
 * const report = await verify({ input: document.presentation, artifacts: shareArtifactFiles(document) })
 * ```
 */
export async function openShareLink(link: string, options: OpenShareLinkOptions): Promise<ShareDocument> {
  const decoded = await decodeShareLink(link)
  if (decoded.kind === 'inline') return decoded.document
  let body: Uint8Array
  try {
    ({ body } = await fetchLimited(decoded.bundleUrl, {
      fetch: options.fetch,
      maxBytes: options.maxBytes ?? MAX_SHARE_BUNDLE_BYTES,
      timeoutMs: options.timeoutMs ?? 30_000,
      accept: 'application/octet-stream',
      what: 'share bundle',
    }))
  } catch (err) {
    const status = isOb3Error(err, 'ERR_OB3_FETCH_FAILED') ? err.details?.status : undefined
    if (status === 404 || status === 410) {
      throw new Ob3Error('ERR_OB3_SHARE_GONE', `the share is no longer available (its host answered HTTP ${status}): the holder revoked it, or it expired and was removed`, {
        cause: err,
        details: { url: decoded.bundleUrl, status },
      })
    }
    throw err
  }
  return decryptShareBundle(body, decoded.key)
}
