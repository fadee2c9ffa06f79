import { CREDENTIALS_V2_URL, OB_CONTEXT_URL, computeDigestMultibase, computeDigestSri, hashIdentity, toHex } from '@ob3/core'
import { seconds, toImage, uuid } from './lib/values.js'
import { assertValidAward, type Award, type IssuerProfileInput } from './award.js'

function withoutId<T extends { id?: string }>(value: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = value
  return rest
}

/** Options for {@link buildCredential}. */
export interface BuildCredentialOptions {
  award: Award
  issuer: IssuerProfileInput
  /** The clock. Default: now. */
  now?: Date
  /** Randomness for ids and salts (tests pass a fixed one). Default: WebCrypto. */
  random?: (length: number) => Uint8Array
}

function defaultRandom(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

/**
 * Build an unsigned OpenBadgeCredential (VC 2.0) from an award. Artifacts become evidence
 * entries that carry only their digests (`digestMultibase`, `digestSRI`) and media type: the
 * bytes never enter the credential. An email recipient is stored as a salted SHA-256
 * IdentityObject with a fresh salt.
 *
 * @throws Ob3Error `ERR_OB3_AWARD_INVALID` listing every problem of the award
 * @example
 * ```ts
 * const credential = await buildCredential({ award, issuer: { id: key.controller, name: 'Lakeside District' } })
 * ```
 */
export async function buildCredential(options: BuildCredentialOptions): Promise<Record<string, unknown>> {
  const { award, issuer } = options
  assertValidAward(award)
  const random = options.random ?? defaultRandom
  const now = options.now ?? new Date()
  const validFrom = award.validFrom ?? seconds(now)
  const { id: achievementId, name, description, criteria, ...achievementRest } = award.achievement
  const achievement: Record<string, unknown> = { id: achievementId, type: ['Achievement'], name, description, criteria, ...achievementRest }
  if (achievement.image !== undefined) achievement.image = toImage(achievement.image)
  const subject: Record<string, unknown> = { type: ['AchievementSubject'] }
  if (award.recipient.id !== undefined) {
    subject.id = award.recipient.id
  } else {
    const salt = award.recipient.salt ?? toHex(random(16))
    subject.identifier = [{
      type: 'IdentityObject',
      hashed: true,
      identityHash: await hashIdentity({ identifier: award.recipient.email, salt }),
      identityType: 'emailAddress',
      salt,
    }]
  }
  subject.achievement = achievement
  if (award.creditsEarned !== undefined) subject.creditsEarned = award.creditsEarned
  if (award.narrative !== undefined) subject.narrative = award.narrative
  if (award.results !== undefined && award.results.length > 0) subject.result = award.results
  const { id: issuerId, ...issuerRest } = issuer
  const credential: Record<string, unknown> = {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: award.id ?? uuid(random),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: award.name ?? name,
  }
  if (award.description !== undefined) credential.description = award.description
  credential.issuer = { id: issuerId, type: ['Profile'], ...issuerRest }
  if (issuerRest.image !== undefined) (credential.issuer as Record<string, unknown>).image = toImage(issuerRest.image)
  credential.validFrom = validFrom
  if (award.validUntil !== undefined) credential.validUntil = award.validUntil
  credential.awardedDate = award.awardedDate ?? validFrom
  credential.credentialSubject = subject
  const evidence: Record<string, unknown>[] = []
  if (award.artifacts !== undefined && award.artifacts.length > 0) {
    evidence.push(...await Promise.all(award.artifacts.map(async (art) => {
      const entry: Record<string, unknown> = { type: ['Evidence'], name: art.name }
      if (art.description !== undefined) entry.description = art.description
      if (art.narrative !== undefined) entry.narrative = art.narrative
      if (art.genre !== undefined) entry.genre = art.genre
      if (art.audience !== undefined) entry.audience = art.audience
      entry.mediaType = art.mediaType
      entry.digestMultibase = art.digestMultibase ?? (await computeDigestMultibase(art.bytes as Uint8Array))
      if (art.bytes !== undefined) entry.digestSRI = await computeDigestSri(art.bytes)
      return entry
    })))
  }
  for (const e of award.evidence ?? []) evidence.push({ ...(e.id === undefined ? {} : { id: e.id }), type: ['Evidence'], ...withoutId(e) })
  if (evidence.length > 0) credential.evidence = evidence
  if (award.credentialStatus !== undefined) credential.credentialStatus = award.credentialStatus
  return credential
}
