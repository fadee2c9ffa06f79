/**
 * Internal: secrets the service hands out (API keys, share delete tokens, the admin token) and
 * their hashes. A token is 32 random bytes; only its SHA-256 is stored.
 * @packageDocumentation
 */
import { createHash, randomBytes } from 'node:crypto'

/**
 * A new secret token with a recognisable prefix (`ob3k_` API key, `ob3t_` OAuth2 access token,
 * `ob3d_` delete token, `ob3a_` admin).
 */
export function newToken(prefix: 'ob3k' | 'ob3t' | 'ob3d' | 'ob3a' | 'ob3c'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

/** A short random id (16 bytes, base64url): share ids, API key handles. */
export function newId(): string {
  return randomBytes(16).toString('base64url')
}

/** Hex SHA-256 of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header ?? '')
  return match?.[1]
}
