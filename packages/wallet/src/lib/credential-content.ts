/**
 * Internal: reading a stored credential back (its JSON, its JWT) and summarizing it.
 * @packageDocumentation
 */
import { Ob3Error, decodeVcJwt, jwsPayload } from '@ob3/core'
import type { StoredCredential } from '../store/types.js'
import type { ImportVerification, WalletCredential } from '../types.js'

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** The credential JSON of a stored record (a VC-JWT's payload credential). */
export function credentialJson(record: Pick<StoredCredential, 'format' | 'content'>): Record<string, unknown> {
  try {
    if (record.format === 'jwt') return decodeVcJwt(record.content).credential
    // An Open Badges 2.0 assertion: its JSON, or the payload of a signed one's JWS.
    if (record.format === 'ob2' && !record.content.startsWith('{')) {
      const payload = jwsPayload(record.content)
      if (payload !== undefined) return payload
    }
    const value = obj(JSON.parse(record.content))
    if (value !== undefined) return value
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', 'a stored credential cannot be read back', { cause })
  }
  throw new Ob3Error('ERR_OB3_STORE_CORRUPT', 'a stored credential is not a JSON object')
}

/** Name, issuer, subject and dates of a credential (an OB 2.0 assertion: with what its report found). */
export function summarize(credential: Record<string, unknown>, report?: unknown): Pick<WalletCredential, 'name' | 'issuer' | 'subject' | 'validFrom' | 'validUntil'> {
  if (credential.badge !== undefined && credential.credentialSubject === undefined) return summarizeOb2(credential, report)
  const issuer = credential.issuer
  const subject = Array.isArray(credential.credentialSubject) ? credential.credentialSubject[0] : credential.credentialSubject
  const achievementName = str(obj(obj(subject)?.achievement)?.name)
  return {
    name: str(credential.name) ?? achievementName,
    issuer: { id: str(issuer) ?? str(obj(issuer)?.id), name: str(obj(issuer)?.name) },
    subject: str(obj(subject)?.id),
    validFrom: str(credential.validFrom) ?? str(credential.issuanceDate),
    validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
  }
}

/**
 * An Open Badges 2.0 assertion: its BadgeClass and issuer when embedded, else what the verifier
 * read from their URLs at import (the report's `credential`). Its recipient is an IdentityObject,
 * not an id: `subject` is its plain identity, or null when hashed.
 */
function summarizeOb2(assertion: Record<string, unknown>, report: unknown): Pick<WalletCredential, 'name' | 'issuer' | 'subject' | 'validFrom' | 'validUntil'> {
  const badge = obj(assertion.badge)
  const issuer = badge?.issuer
  const found = obj(obj(report)?.credential)
  const recipient = obj(assertion.recipient)
  return {
    name: str(badge?.name) ?? str(found?.name),
    issuer: { id: str(issuer) ?? str(obj(issuer)?.id) ?? str(found?.issuer), name: str(obj(issuer)?.name) ?? str(found?.issuerName) },
    subject: recipient?.hashed === false ? str(recipient.identity) : null,
    validFrom: str(assertion.issuedOn),
    validUntil: str(assertion.expires),
  }
}

/** The full view of a stored credential. */
export function toWalletCredential(record: StoredCredential): WalletCredential {
  const credential = credentialJson(record)
  let report: ImportVerification
  try {
    report = JSON.parse(record.report) as ImportVerification
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', `the stored report of ${record.id} is not JSON`, { cause })
  }
  return {
    id: record.id,
    ...summarize(credential, report),
    format: record.format,
    source: record.source,
    state: record.state,
    importedAt: record.importedAt,
    contentHash: record.contentHash,
    credential,
    jwt: record.format === 'jwt' || (record.format === 'ob2' && !record.content.startsWith('{')) ? record.content : null,
    report,
  }
}
