import { randomBytes } from 'node:crypto'
import { rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Ob3Error, toBase64Url } from '@ob3/core'
import type { UploadAdapter } from '../types.js'

/** Options for {@link createDirectoryUploadAdapter}. */
export interface DirectoryUploadAdapterOptions {
  /** The directory the bundles are written to (it must exist). */
  directory: string
  /** The public URL the directory is served at (static hosting), e.g. `https://shares.example.org/b/`. */
  publicBaseUrl: string
}

const ID = /^[A-Za-z0-9_-]{22}$/

/**
 * An {@link UploadAdapter} that writes each bundle to a file in a directory, for static
 * hosting: the file is named by a random id (128 bits), its URL is `<publicBaseUrl><id>`, and
 * deleting it removes the file. The directory only ever holds ciphertext.
 *
 * @example
 * ```ts
 * import { createDirectoryUploadAdapter } from '@ob3/wallet/node'
 * const upload = createDirectoryUploadAdapter({ directory: './public/s', publicBaseUrl: 'https://teacher.example.org/s/' })
 * ```
 */
export function createDirectoryUploadAdapter(options: DirectoryUploadAdapterOptions): UploadAdapter {
  if (typeof options?.directory !== 'string' || options.directory === '') throw new TypeError('createDirectoryUploadAdapter: directory must be a path')
  if (typeof options.publicBaseUrl !== 'string' || !/^https?:\/\//.test(options.publicBaseUrl)) throw new TypeError('createDirectoryUploadAdapter: publicBaseUrl must be an http(s) URL')
  const base = options.publicBaseUrl.endsWith('/') ? options.publicBaseUrl : `${options.publicBaseUrl}/`
  const { directory } = options
  return {
    async put(bundle) {
      const id = toBase64Url(randomBytes(16))
      const temp = join(directory, `.${id}.tmp`)
      try {
        // Written whole, then renamed: a reader never sees half a bundle.
        await writeFile(temp, bundle, { flag: 'wx', mode: 0o644 })
        await rename(temp, join(directory, id))
      } catch (cause) {
        await unlink(temp).catch(() => undefined)
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `cannot write the share bundle to ${directory}: ${(cause as Error).message}`, { cause })
      }
      return { url: base + id, deleteCapability: id }
    },
    async delete(url, deleteCapability) {
      if (!ID.test(deleteCapability) || url !== base + deleteCapability) {
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `${url} is not a bundle of this directory (${base})`)
      }
      try {
        await unlink(join(directory, deleteCapability))
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `cannot delete the share bundle ${deleteCapability}: ${(cause as Error).message}`, { cause })
      }
    },
  }
}
