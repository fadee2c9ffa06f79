import { mkdirSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { computeDigestMultibase } from '@ob3/core'
import type { ArtifactStore } from './artifact-store.js'

/** Options for {@link directoryArtifactStore}. */
export interface DirectoryArtifactStoreOptions {
  /** Where the files go (created, mode 0700, when missing); one file per digest, mode 0600. */
  directory: string
}

/**
 * An {@link ArtifactStore} in a directory (Node): each file under its `digestMultibase`, written
 * once, readable by the owner only, and checked against its digest when read. Several processes
 * may share the directory.
 * @example `const artifacts = directoryArtifactStore({ directory: './evidence' })`
 */
export function directoryArtifactStore(options: DirectoryArtifactStoreOptions): ArtifactStore {
  if (typeof options?.directory !== 'string' || options.directory === '') throw new TypeError('directoryArtifactStore: options.directory must be a path')
  mkdirSync(options.directory, { recursive: true, mode: 0o700 })
  // A digest is multibase (base58btc 'z…' or base64url 'u…'): safe as a file name; anything else is never looked up.
  const fileOf = (digest: string) => (/^[zu][A-Za-z0-9_-]{20,100}$/.test(digest) ? join(options.directory, digest) : undefined)
  return {
    async put(bytes) {
      const digest = await computeDigestMultibase(bytes)
      try {
        await writeFile(fileOf(digest) as string, bytes, { mode: 0o600, flag: 'wx' })
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      return digest
    },
    async get(digest) {
      const file = fileOf(digest)
      if (file === undefined) return undefined
      let bytes: Uint8Array
      try {
        bytes = new Uint8Array(await readFile(file))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw err
      }
      return (await computeDigestMultibase(bytes)) === digest ? bytes : undefined
    },
  }
}
