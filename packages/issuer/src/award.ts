import { Ob3Error } from '@ob3/core'
import { DATE_TIME_Z, EMAIL, URI } from './lib/checks.js'

/** A file behind an evidence entry. Its bytes are hashed and never enter the credential. */
export interface ArtifactInput {
  /** The artifact's name as the teacher knows it ("Lesson plan: fractions"). */
  name: string
  /** The IANA media type, e.g. `application/pdf`. */
  mediaType: string
  /** The bytes, to be hashed now. Give either `bytes` or `digestMultibase`. */
  bytes?: Uint8Array
  /** A digest computed elsewhere (`z…` sha2-256 multihash). */
  digestMultibase?: string
  /** Kind of evidence ("Student work sample", "Lesson plan", "Reflection"). */
  genre?: string
  /** What the artifact shows, in Markdown. */
  narrative?: string
  description?: string
  audience?: string
}

/** Who receives the credential: a DID, or an email address that is stored salted and hashed. */
export type RecipientInput =
  | { id: string; email?: undefined }
  | { email: string; id?: undefined; /** Default: a fresh random salt per award. */ salt?: string }

/** An image: its URL (or `data:` URI), or an OB 3.0 Image object. */
export type ImageInput = string | { id: string; type?: 'Image'; caption?: string }

/** An issuer profile. `id` must be the controller of the signing key. */
export interface IssuerProfileInput {
  id: string
  name: string
  url?: string
  email?: string
  description?: string
  image?: ImageInput
  [key: string]: unknown
}

/** An achievement (e.g. a micro-credential) as the credential will carry it. */
export interface AchievementInput {
  id: string
  name: string
  description: string
  criteria: { id?: string; narrative?: string }
  achievementType?: string
  image?: ImageInput
  creditsAvailable?: number
  [key: string]: unknown
}

/** One award: an achievement given to one recipient, with the evidence behind it. */
export interface Award {
  achievement: AchievementInput
  recipient: RecipientInput
  /** Artifacts referenced by digest in `evidence`. */
  artifacts?: ArtifactInput[]
  /** Per-part results (`Result` objects), e.g. rubric levels reached. */
  results?: Record<string, unknown>[]
  creditsEarned?: number
  /** A narrative about this award, in Markdown. */
  narrative?: string
  /** The credential id. Default: a fresh `urn:uuid:`. */
  id?: string
  /** Display name of the credential. Default: the achievement's name. */
  name?: string
  description?: string
  /** Default: now. */
  validFrom?: string
  validUntil?: string
  /** When the achievement was first awarded. Default: `validFrom`. */
  awardedDate?: string
  /**
   * Evidence that is not a file: e.g. the constituent credentials of a stack (by id), or an
   * observation described in words. Listed after the artifacts.
   */
  evidence?: { id?: string; name?: string; narrative?: string; description?: string; genre?: string; audience?: string }[]
  /** A status entry (e.g. a BitstringStatusListEntry) to put in `credentialStatus`. */
  credentialStatus?: Record<string, unknown>
}


/** One problem found in an award. */
export interface AwardProblem {
  path: string
  message: string
}

/**
 * Check an award before building a credential from it, listing every problem at once.
 * @throws Ob3Error `ERR_OB3_AWARD_INVALID` with `details.problems`
 * @example `assertValidAward(award)`
 */
export function assertValidAward(award: unknown): asserts award is Award {
  const problems: AwardProblem[] = []
  const need = (cond: boolean, path: string, message: string) => {
    if (!cond) problems.push({ path, message })
  }
  const a = award as Partial<Award> | null
  if (typeof a !== 'object' || a === null) throw new Ob3Error('ERR_OB3_AWARD_INVALID', 'an award must be a JSON object', { details: { problems: [{ path: '', message: 'not an object' }] } })
  const ach = a.achievement
  need(typeof ach === 'object' && ach !== null, '/achievement', 'is required')
  if (typeof ach === 'object' && ach !== null) {
    need(typeof ach.id === 'string' && URI.test(ach.id), '/achievement/id', 'must be a URI')
    need(typeof ach.name === 'string' && ach.name.trim() !== '', '/achievement/name', 'is required')
    need(typeof ach.description === 'string' && ach.description.trim() !== '', '/achievement/description', 'is required')
    need(typeof ach.criteria === 'object' && ach.criteria !== null && (typeof ach.criteria.narrative === 'string' || typeof ach.criteria.id === 'string'), '/achievement/criteria', 'needs a narrative or an id')
    if (ach.creditsAvailable !== undefined) need(typeof ach.creditsAvailable === 'number' && ach.creditsAvailable >= 0, '/achievement/creditsAvailable', 'must be a number ≥ 0')
  }
  const r = a.recipient as Record<string, unknown> | undefined
  need(typeof r === 'object' && r !== null, '/recipient', 'is required (a DID as id, or an email)')
  if (typeof r === 'object' && r !== null) {
    if (r.id !== undefined) need(typeof r.id === 'string' && URI.test(r.id), '/recipient/id', 'must be a URI such as a DID')
    else need(typeof r.email === 'string' && EMAIL.test(r.email), '/recipient/email', 'must be an email address (or give recipient.id)')
  }
  ;(a.artifacts ?? []).forEach((art, i) => {
    const p = `/artifacts/${i}`
    need(typeof art?.name === 'string' && art.name !== '', `${p}/name`, 'is required')
    need(typeof art?.mediaType === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(art.mediaType), `${p}/mediaType`, 'must be a media type such as application/pdf')
    need(art?.bytes instanceof Uint8Array || typeof art?.digestMultibase === 'string', p, 'needs bytes or a digestMultibase')
  })
  ;(a.evidence ?? []).forEach((e, i) => {
    if (e?.id !== undefined) need(typeof e.id === 'string' && URI.test(e.id), `/evidence/${i}/id`, 'must be a URI')
    need(e?.id !== undefined || typeof e?.name === 'string' || typeof e?.narrative === 'string', `/evidence/${i}`, 'needs an id, a name or a narrative')
  })
  for (const field of ['validFrom', 'validUntil', 'awardedDate'] as const) {
    const v = a[field]
    if (v !== undefined) need(typeof v === 'string' && DATE_TIME_Z.test(v), `/${field}`, 'must be a date-time with a time zone, e.g. 2026-01-31T00:00:00Z')
  }
  if (a.creditsEarned !== undefined) need(typeof a.creditsEarned === 'number' && a.creditsEarned >= 0, '/creditsEarned', 'must be a number ≥ 0')
  if (a.id !== undefined) need(typeof a.id === 'string' && URI.test(a.id), '/id', 'must be a URI')
  if (problems.length > 0) {
    throw new Ob3Error('ERR_OB3_AWARD_INVALID', `the award is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { details: { problems } })
  }
}
