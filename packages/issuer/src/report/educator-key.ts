import { sha256, toHex, utf8 } from '@ob3/core'

/**
 * The key under which the programme report counts one educator: a digest of the issuer's id and
 * her DID, or her e-mail address in lower case. It links her awards and submissions without
 * storing her address in the append-only audit trail, and it never appears in a report (which
 * numbers educators instead).
 *
 * @example
 * ```ts
 * const key = await educatorKey('did:web:lakeside.example', { email: 'J.Rivera@lakeside.example' })
 * ```
 */
export async function educatorKey(issuerId: string, educator: { id?: string | undefined; email?: string | undefined }): Promise<string | undefined> {
  const who = educator.id !== undefined && educator.id !== '' ? educator.id : educator.email !== undefined && educator.email !== '' ? `mailto:${educator.email.trim().toLowerCase()}` : undefined
  if (who === undefined) return undefined
  return `ek-${toHex(await sha256(utf8(`${issuerId}\n${who}`))).slice(0, 32)}`
}
