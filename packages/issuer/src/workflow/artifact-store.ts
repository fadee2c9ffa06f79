import { computeDigestMultibase } from '@ob3/core'

/**
 * Where submitted artifact files are kept for assessors to open: content-addressed by their
 * `digestMultibase`, so a file is stored once and what an assessor opens is exactly what was
 * hashed. The bytes never enter a credential.
 */
export interface ArtifactStore {
  put(bytes: Uint8Array): Promise<string>
  /** The bytes, re-checked against the digest; undefined when absent. */
  get(digestMultibase: string): Promise<Uint8Array | undefined>
}

/**
 * An in-memory {@link ArtifactStore} (tests, demos).
 * @example `const artifacts = memoryArtifactStore()`
 */
export function memoryArtifactStore(): ArtifactStore {
  const files = new Map<string, Uint8Array>()
  return {
    async put(bytes) {
      const digest = await computeDigestMultibase(bytes)
      files.set(digest, bytes.slice())
      return digest
    },
    async get(digest) {
      const bytes = files.get(digest)
      if (bytes === undefined) return undefined
      return (await computeDigestMultibase(bytes)) === digest ? bytes.slice() : undefined
    },
  }
}
