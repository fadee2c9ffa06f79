/**
 * Fixed-key fixtures for the verifier's tests: a provider (the issuer), a state (the endorser),
 * a teacher (the holder) and a stranger, each from a seed of 32 equal bytes; credentials,
 * endorsements and presentations signed with them at fixed times.
 */
import {
  CREDENTIALS_V2_URL,
  OB_CONTEXT_URL,
  createEd25519Signer,
  ed25519KeyFromSeed,
  signLinkedDataProof,
  signVcJwt,
  toBase64Url,
  utf8,
  type Ed25519Multikey,
  type Signer,
} from '@ob3/core'

/** The verification clock of these tests. */
export const NOW = new Date('2026-06-01T00:00:00Z')
/** When everything is signed. */
export const SIGNED = new Date('2026-01-01T00:00:00Z')

export const ACHIEVEMENT_ID = 'https://academy.example/mc/idea-generating'
/** The subject of a credential unless a test gives another. */
export const RECIPIENT_ID = 'did:example:ana-rivera'
export const CREDENTIAL_ID = 'urn:uuid:0b5e7c1a-0000-4000-8000-000000000001'

export interface Party {
  key: Ed25519Multikey
  signer: Signer
  /** The did:key. */
  id: string
}

async function party(seed: number): Promise<Party> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key), id: key.controller }
}

/** The provider (issuer), the state (endorser), the teacher (holder), a stranger and a second endorser. */
export async function parties() {
  const [provider, state, teacher, stranger, accreditor] = await Promise.all([party(11), party(12), party(13), party(14), party(15)])
  return { provider: provider as Party, state: state as Party, teacher: teacher as Party, stranger: stranger as Party, accreditor: accreditor as Party }
}

export function achievement(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ACHIEVEMENT_ID,
    type: ['Achievement'],
    name: 'Idea Generating',
    description: 'The educator leads students through brainstorming protocols that generate many ideas before judging any.',
    criteria: { narrative: 'A lesson plan, two student samples and a reflection.' },
    achievementType: 'MicroCredential',
    creditsAvailable: 15,
    ...extra,
  }
}

export interface CredentialOptions {
  issuer: Party
  issuerName?: string
  /** Replaces the subject's `{ id }` (the default is {@link RECIPIENT_ID}). */
  subject?: Record<string, unknown>
  achievement?: Record<string, unknown>
  id?: string
  extra?: Record<string, unknown>
  issuerExtra?: Record<string, unknown>
}

/** An unsigned OpenBadgeCredential. */
export function credential(o: CredentialOptions): Record<string, unknown> {
  return {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: o.id ?? CREDENTIAL_ID,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Idea Generating',
    issuer: { id: o.issuer.id, type: ['Profile'], name: o.issuerName ?? 'Northwind Educator Academy', ...o.issuerExtra },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { type: ['AchievementSubject'], achievement: o.achievement ?? achievement(), creditsEarned: 15, ...(o.subject ?? { id: RECIPIENT_ID }) },
    ...o.extra,
  }
}

/** Sign with an eddsa-rdfc-2022 proof (assertionMethod) at {@link SIGNED}. */
export async function sign(document: Record<string, unknown>, by: Party | Signer): Promise<Record<string, unknown>> {
  const signer = 'signer' in by ? by.signer : by
  return signLinkedDataProof({ document, signer, created: SIGNED }) as Promise<Record<string, unknown>>
}

export interface EndorsementOptions {
  by: Party
  name?: string
  subjectId: string
  comment?: string
  id?: string
  extra?: Record<string, unknown>
  issuerExtra?: Record<string, unknown>
}

let endorsementCount = 0

/** An unsigned EndorsementCredential (ids numbered in the order they are made, unless given). */
export function endorsement(o: EndorsementOptions): Record<string, unknown> {
  return {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: o.id ?? `urn:uuid:e0000000-0000-4000-8000-${String(++endorsementCount).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: 'Approved for license renewal',
    issuer: { id: o.by.id, type: ['Profile'], name: o.name ?? 'Lakeland Department of Education', ...o.issuerExtra },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: o.subjectId, type: ['EndorsementSubject'], endorsementComment: o.comment ?? 'Counts for **15 clock hours** toward renewal.' },
    ...o.extra,
  }
}

/** A signed endorsement (eddsa-rdfc-2022). */
export async function signedEndorsement(o: EndorsementOptions): Promise<Record<string, unknown>> {
  return sign(endorsement(o), o.by)
}

/** A signed endorsement as a VC-JWT. */
export async function endorsementJwt(o: EndorsementOptions): Promise<string> {
  return signVcJwt({ credential: endorsement(o), signer: o.by.signer })
}

export interface PresentationOptions {
  holder: Party
  credentials: unknown[]
  signer?: Signer
  challenge?: string
  domain?: string
  purpose?: 'authentication' | 'assertionMethod'
  extra?: Record<string, unknown>
}

/**
 * The VC 2.0 context defines `validUntil` for credentials only; a presentation that carries one
 * (a share's expiry) defines the term itself, or JSON-LD safe mode refuses to sign it.
 */
export const PRESENTATION_VALID_UNTIL_CONTEXT = { validUntil: { '@id': 'https://www.w3.org/2018/credentials#validUntil', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' } }

/** An unsigned VerifiablePresentation. */
export function presentation(o: Omit<PresentationOptions, 'signer' | 'challenge' | 'domain' | 'purpose'>): Record<string, unknown> {
  return {
    '@context': o.extra?.validUntil === undefined ? [CREDENTIALS_V2_URL] : [CREDENTIALS_V2_URL, PRESENTATION_VALID_UNTIL_CONTEXT],
    type: ['VerifiablePresentation'],
    holder: o.holder.id,
    verifiableCredential: o.credentials,
    ...o.extra,
  }
}

/** A presentation signed by its holder (eddsa-rdfc-2022, authentication). */
export async function signedPresentation(o: PresentationOptions): Promise<Record<string, unknown>> {
  return signLinkedDataProof({
    document: presentation(o),
    signer: o.signer ?? o.holder.signer,
    created: SIGNED,
    proofPurpose: o.purpose ?? 'authentication',
    ...(o.challenge === undefined ? {} : { challenge: o.challenge }),
    ...(o.domain === undefined ? {} : { domain: o.domain }),
  }) as Promise<Record<string, unknown>>
}

/** A VP-JWT: header {alg EdDSA, kid, typ JWT}, the presentation as payload plus the given claims. */
export async function presentationJwt(signer: Signer, payload: Record<string, unknown>): Promise<string> {
  const input = `${toBase64Url(utf8(JSON.stringify({ alg: 'EdDSA', kid: signer.id, typ: 'JWT' })))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  return `${input}.${toBase64Url(await signer.sign(utf8(input)))}`
}

/** A check of a report, by id. */
export function checkOf<T extends { checks: { id: string }[] }>(report: T, id: string): T['checks'][number] {
  const found = report.checks.find((c) => c.id === id)
  if (found === undefined) throw new Error(`no ${id} check`)
  return found
}

/** What `f` throws, or undefined when it returns. */
export function thrown(f: () => void): unknown {
  try {
    f()
  } catch (err) {
    return err
  }
  return undefined
}
