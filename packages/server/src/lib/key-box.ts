/**
 * Internal: tenant signing keys at rest. With a key-encryption key (32 bytes), a tenant's key is
 * sealed with AES-256-GCM (node:crypto), bound to the tenant's id; without one it is stored as
 * plain Multikey JSON, and the database must be protected like a key file.
 * @packageDocumentation
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { Ob3Error } from '@ob3/core'

const PREFIX = 'sealed:v1:'

/** Seal (or keep plain, without a key-encryption key) a tenant's key JSON. */
export function sealKey(json: string, tenantId: string, kek: Uint8Array | undefined): string {
  if (kek === undefined) return json
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', kek, nonce)
  cipher.setAAD(Buffer.from(`ob3-tenant-key:${tenantId}`, 'utf8'))
  const sealed = Buffer.concat([nonce, cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return PREFIX + sealed.toString('base64url')
}

/**
 * Open a stored tenant key.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID` when it is sealed and the key-encryption key is missing or wrong
 */
export function openKey(stored: string, tenantId: string, kek: Uint8Array | undefined): string {
  if (!stored.startsWith(PREFIX)) return stored
  if (kek === undefined) throw new Ob3Error('ERR_OB3_KEY_INVALID', `the signing key of tenant ${tenantId} is sealed, and the service was started without its key-encryption key`)
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64url')
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(0, 12))
    decipher.setAAD(Buffer.from(`ob3-tenant-key:${tenantId}`, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8')
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_KEY_INVALID', `the signing key of tenant ${tenantId} cannot be opened with this key-encryption key`, { cause })
  }
}
