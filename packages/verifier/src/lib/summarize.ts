import { dataModelOf } from '../checks/context-type.js'
import type { LoadedInput } from '../load-input.js'
import { subjectOfDocument } from '../checks/recipient.js'
import type { CredentialSummary, SubjectIdentifier } from '../report.js'
import { achievementOf, obj, str, subjectOf } from './context.js'

/** The summary a report gives of its credential. Internal. */
export function summarize(doc: Record<string, unknown>): CredentialSummary {
  const issuer = doc.issuer
  const issuerObj = obj(issuer)
  const summary: CredentialSummary = {
    id: str(doc.id),
    name: str(doc.name) ?? str(achievementOf(doc)?.name),
    issuer: typeof issuer === 'string' ? issuer : str(issuerObj?.id),
    issuerName: str(issuerObj?.name),
    validFrom: str(doc.validFrom) ?? str(doc.issuanceDate),
    validUntil: str(doc.validUntil) ?? str(doc.expirationDate),
  }
  const credits = subjectOf(doc)?.creditsEarned
  if (typeof credits === 'number' && Number.isFinite(credits)) summary.creditsEarned = credits
  if (doc.credentialSubject !== undefined) {
    const named = subjectOfDocument(doc)
    const identifiers: SubjectIdentifier[] = []
    for (const i of named.identities) {
      if (typeof i.identityType !== 'string' || typeof i.identityHash !== 'string') continue
      identifiers.push({ identityType: i.identityType, identityHash: i.identityHash, hashed: i.hashed === true, ...(typeof i.salt === 'string' ? { salt: i.salt } : {}) })
    }
    summary.subject = { ids: named.ids, identifiers }
  }
  return summary
}

/** The `parse` check's message: what the input was. */
export function describeFormat(loaded: LoadedInput): string {
  const model = dataModelOf(loaded.document) === 'v1.1' ? 'VC 1.1' : 'VC 2.0'
  const what = loaded.kind === 'presentation' ? 'presentation' : 'credential'
  switch (loaded.format) {
    case 'png': return `a PNG badge with a baked ${loaded.jwt === undefined ? `JSON ${what}` : 'VC-JWT'} (${model})`
    case 'svg': return `an SVG badge with a baked ${loaded.jwt === undefined ? `JSON ${what}` : 'VC-JWT'} (${model})`
    case 'jwt': return `a ${loaded.kind === 'presentation' ? 'VP-JWT' : 'VC-JWT'} (${model})`
    case 'link': return 'a share link'
    default: return `a JSON ${what} (${model})`
  }
}
