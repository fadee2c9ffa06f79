import { CREDENTIALS_V2_URL, OB_CONTEXT_URL } from '@ob3/core'
import type { IssuerProfileInput } from '../award.js'
import { DATE_TIME_Z, URI } from '../lib/checks.js'
import { toImage, uuid } from '../lib/values.js'

/**
 * Options for {@link buildEndorsement}.
 * @example `{ issuer: stateProfile, subjectId: achievement.id, comment: 'Counts for 15 clock hours.' }`
 */
export interface BuildEndorsementOptions {
  /** Who endorses (a state, a district); `id` must be the controller of the signing key. */
  issuer: IssuerProfileInput
  /** What is endorsed: an achievement id, a profile id or a credential id. */
  subjectId: string
  /** The endorsement, in Markdown (OB 3.0 `endorsementComment`). */
  comment: string
  /** Display name (required by OB 3.0). Default: "Endorsement by <issuer name>". */
  name?: string
  description?: string
  /** Default: now. */
  validFrom?: string
  validUntil?: string
  /** The credential id. Default: a fresh `urn:uuid:`. */
  id?: string
  /** The clock. Default: now. */
  now?: Date
  /** Randomness for the id (tests pass a fixed one). Default: WebCrypto. */
  random?: (length: number) => Uint8Array
}



/**
 * Build an unsigned OB 3.0 EndorsementCredential (VC 2.0): an issuer's comment on an
 * achievement, a profile or a credential. Sign it with `issueCredential`.
 *
 * @throws TypeError naming the option that is missing or malformed
 * @example
 * ```ts
 * const endorsement = buildEndorsement({
 *   issuer: { id: state.controller, name: 'State Department of Education' },
 *   subjectId: 'https://academy.example/mc/idea-generating',
 *   comment: 'Counts for **15 clock hours** toward license renewal.',
 * })
 * const { credential: signed } = await issueCredential({ credential: endorsement, signer })
 * ```
 */
export function buildEndorsement(options: BuildEndorsementOptions): Record<string, unknown> {
  const { issuer, subjectId, comment } = options
  if (typeof issuer !== 'object' || issuer === null || typeof issuer.id !== 'string' || !URI.test(issuer.id)) throw new TypeError('buildEndorsement: issuer.id must be a URI')
  if (typeof issuer.name !== 'string' || issuer.name.trim() === '') throw new TypeError('buildEndorsement: issuer.name is required')
  if (typeof subjectId !== 'string' || !URI.test(subjectId)) throw new TypeError('buildEndorsement: subjectId must be a URI (an achievement, profile or credential id)')
  if (typeof comment !== 'string' || comment.trim() === '') throw new TypeError('buildEndorsement: comment is required')
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name.trim() === '')) throw new TypeError('buildEndorsement: name must be a non-empty string')
  if (options.id !== undefined && (typeof options.id !== 'string' || !URI.test(options.id))) throw new TypeError('buildEndorsement: id must be a URI')
  for (const key of ['validFrom', 'validUntil'] as const) {
    const v = options[key]
    if (v !== undefined && (typeof v !== 'string' || !DATE_TIME_Z.test(v))) throw new TypeError(`buildEndorsement: ${key} must be a date-time with a time zone, e.g. 2026-01-31T00:00:00Z`)
  }
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)))
  const validFrom = options.validFrom ?? (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const { id: issuerId, ...issuerRest } = issuer
  const profile: Record<string, unknown> = { id: issuerId, type: ['Profile'], ...issuerRest }
  if (issuerRest.image !== undefined) profile.image = toImage(issuerRest.image)
  const credential: Record<string, unknown> = {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: options.id ?? uuid(random),
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: options.name ?? `Endorsement by ${issuer.name}`,
  }
  if (options.description !== undefined) credential.description = options.description
  credential.issuer = profile
  credential.validFrom = validFrom
  if (options.validUntil !== undefined) credential.validUntil = options.validUntil
  credential.credentialSubject = { id: subjectId, type: ['EndorsementSubject'], endorsementComment: comment }
  return credential
}

/**
 * A copy of an achievement, a profile or a credential with signed endorsements of it added to
 * its `endorsement` list (after any it has). Each endorsement must be a signed
 * EndorsementCredential whose subject is the target's `id`. Embed before the target is signed: a
 * signed credential changed afterwards no longer verifies.
 *
 * @throws TypeError when an endorsement is unsigned, not an EndorsementCredential, or about something else
 * @example
 * ```ts
 * const endorsed = embedEndorsements(defineMicroCredential(definition), [signedStateEndorsement])
 * await buildCredential({ award: { achievement: endorsed, recipient }, issuer })
 * ```
 */
export function embedEndorsements<T extends { id: string }>(target: T, endorsements: readonly Record<string, unknown>[]): T & { endorsement: Record<string, unknown>[] } {
  if (typeof target !== 'object' || target === null || typeof target.id !== 'string') throw new TypeError('embedEndorsements: the target needs an id')
  if (!Array.isArray(endorsements)) throw new TypeError('embedEndorsements: endorsements must be an array')
  endorsements.forEach((e, i) => {
    const types = Array.isArray(e?.type) ? e.type : [e?.type]
    if (!types.includes('EndorsementCredential')) throw new TypeError(`embedEndorsements: endorsements[${i}] is not an EndorsementCredential`)
    if (e.proof === undefined) throw new TypeError(`embedEndorsements: endorsements[${i}] is not signed (sign it with issueCredential first)`)
    const subject = e.credentialSubject as { id?: unknown } | undefined
    if (subject?.id !== target.id) throw new TypeError(`embedEndorsements: endorsements[${i}] endorses ${String(subject?.id)}, not ${target.id}`)
  })
  const existing = (target as { endorsement?: unknown }).endorsement
  const before = Array.isArray(existing) ? (existing as Record<string, unknown>[]) : []
  return { ...target, endorsement: [...before, ...endorsements] }
}
