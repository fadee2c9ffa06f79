import { md5 } from '@noble/hashes/legacy.js'
import { Ob3Error } from '../errors.js'
import { sha256, toHex, utf8 } from '../encoding/bytes.js'

/** Options for {@link hashIdentity}. */
export interface HashIdentityOptions {
  /** The identifier, e.g. an email address. */
  identifier: string
  /** The salt appended to the identifier before hashing. */
  salt: string
  /** `sha256` (default) or `md5` (accepted for old badges; never use it for new ones). */
  algorithm?: 'sha256' | 'md5'
}

/**
 * An OB 3.0 `identityHash`: `<alg>$<hex>` over UTF-8(identifier ‖ salt).
 * @example `await hashIdentity({ identifier: 'a@example.com', salt: 'Kosher' }) // 'sha256$b580…'`
 */
export async function hashIdentity(options: HashIdentityOptions): Promise<string> {
  const algorithm = options.algorithm ?? 'sha256'
  const data = utf8(options.identifier + options.salt)
  if (algorithm === 'md5') return `md5$${toHex(md5(data))}`
  return `sha256$${toHex(await sha256(data))}`
}

/** An IdentityObject as far as matching needs it. */
export interface IdentityObjectLike {
  identityType?: unknown
  hashed?: unknown
  identityHash?: unknown
  salt?: unknown
}

/**
 * Whether an IdentityObject names `value` (FACTS §1.7): the type must match; a hashed object is
 * compared by hashing `value ‖ salt` with its algorithm (hex in either case); a plain one by
 * equality. Email addresses are compared case-insensitively in their domain part only as the
 * issuer wrote them: pass the address exactly as it was given to the issuer.
 *
 * @throws Ob3Error `ERR_OB3_IDENTITY_HASH_INVALID` when a hashed value is malformed.
 * @example `await identityMatches(subject.identifier[0], 'emailAddress', 'a@example.com')`
 */
export async function identityMatches(identity: IdentityObjectLike, identityType: string, value: string): Promise<boolean> {
  if (identity.identityType !== identityType) return false
  if (typeof identity.identityHash !== 'string') return false
  if (identity.hashed !== true) return identity.identityHash === value
  const m = /^(sha256|md5)\$([0-9a-fA-F]+)$/.exec(identity.identityHash)
  if (m === null || (m[1] === 'sha256' && m[2]?.length !== 64) || (m[1] === 'md5' && m[2]?.length !== 32)) {
    throw new Ob3Error('ERR_OB3_IDENTITY_HASH_INVALID', 'identityHash must be sha256$<64 hex> or md5$<32 hex>')
  }
  const salt = typeof identity.salt === 'string' ? identity.salt : ''
  const expected = await hashIdentity({ identifier: value, salt, algorithm: m[1] as 'sha256' | 'md5' })
  return expected === `${m[1]}$${(m[2] as string).toLowerCase()}`
}
