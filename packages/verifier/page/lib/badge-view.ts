/**
 * What the page shows of a credential, read from the credential itself: image, names, issuer,
 * dates, criteria, credits. Nothing here decides whether the badge is genuine — the report does.
 * @packageDocumentation
 */
import type { VerificationReport } from '../../src/index.js'
import { safeHttpUrl } from './markdown.js'

/** The facts of one credential, ready to show. */
export interface BadgeView {
  /** The achievement's name (or the credential's). */
  name: string
  /** The credential's own name, when it differs from the achievement's. */
  credentialName: string | null
  description: string | null
  /** `MicroCredential` → `Micro-credential`. */
  achievementType: string | null
  /** A data: URL of the badge image, when the credential carries one. */
  image: string | null
  /** An image the credential names by http(s) URL: not loaded (so the issuer does not learn who looks). */
  remoteImage: string | null
  imageAlt: string
  issuer: { id: string | null; name: string | null; url: string | null }
  /** The subject's id (a DID or URL), when it has one. */
  recipient: string | null
  /** When it was issued (validFrom, issuanceDate or awardedDate). */
  issued: string | null
  validUntil: string | null
  criteria: { narrative: string | null; url: string | null }
  creditsEarned: number | null
  creditsAvailable: number | null
  /** How the recipient met the criteria (an Open Badges 2.0 assertion's narrative). */
  narrative: string | null
  /** Evidence an Open Badges 2.0 assertion links to (not fetched): a name and an http(s) URL. */
  evidenceLinks: { name: string | null; url: string | null; narrative: string | null }[]
}

/** Image types shown from a data: URL; SVG is safe in `<img>` (no script runs there). */
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif|svg\+xml)(;[a-z0-9=;.+-]*)?,/i
/** Longest data: image accepted. */
const MAX_DATA_IMAGE = 4 * 1024 * 1024

/**
 * Read the facts of a credential for display.
 * @example `const view = badgeView(credentialDocument)`
 */
export function badgeView(doc: Record<string, unknown>): BadgeView {
  const subject = obj(list(doc.credentialSubject)[0])
  const achievement = obj(subject?.achievement)
  const issuer = doc.issuer
  const issuerObj = obj(issuer)
  const name = str(achievement?.name) ?? str(doc.name) ?? 'Unnamed badge'
  const credentialName = str(doc.name)
  const images = [doc.image, achievement?.image].map(imageOf)
  const image = images.find((i) => i.data !== null)
  const remote = images.find((i) => i.remote !== null)
  const criteria = obj(achievement?.criteria)
  return {
    name,
    credentialName: credentialName !== null && credentialName !== name ? credentialName : null,
    description: str(achievement?.description) ?? str(doc.description),
    achievementType: humanType(str(achievement?.achievementType)),
    image: image?.data ?? null,
    remoteImage: image === undefined ? remote?.remote ?? null : null,
    imageAlt: image?.caption ?? `Badge image of “${name}”`,
    issuer: {
      id: typeof issuer === 'string' ? issuer : str(issuerObj?.id),
      name: str(issuerObj?.name),
      url: safeHttpUrl(issuerObj?.url) ?? null,
    },
    recipient: str(subject?.id),
    issued: str(doc.validFrom) ?? str(doc.issuanceDate) ?? str(doc.awardedDate),
    validUntil: str(doc.validUntil) ?? str(doc.expirationDate),
    criteria: { narrative: str(criteria?.narrative), url: safeHttpUrl(criteria?.id) ?? null },
    creditsEarned: num(subject?.creditsEarned),
    creditsAvailable: num(achievement?.creditsAvailable),
    narrative: null,
    evidenceLinks: [],
  }
}

/**
 * The facts of an Open Badges 2.0 badge, from its report: the verifier read the assertion, its
 * BadgeClass and its issuer Profile (fetched or embedded), whatever the input was (a URL, a JWS,
 * a baked image).
 * @example `const view = ob2BadgeView(report)`
 */
export function ob2BadgeView(report: VerificationReport): BadgeView {
  const details = report.ob2
  const summary = report.credential
  const badge = details?.badgeClass ?? null
  const name = badge?.name ?? summary?.name ?? 'Unnamed badge'
  const images = [details?.image, badge?.image].map(imageOf)
  const image = images.find((i) => i.data !== null)
  const remote = images.find((i) => i.remote !== null)
  const identifier = summary?.subject?.identifiers[0]
  return {
    name,
    credentialName: null,
    description: badge?.description ?? null,
    achievementType: 'Open Badges 2.0 badge',
    image: image?.data ?? null,
    remoteImage: image === undefined ? remote?.remote ?? null : null,
    imageAlt: `Badge image of “${name}”`,
    issuer: {
      id: details?.issuer?.id ?? summary?.issuer ?? null,
      name: details?.issuer?.name ?? summary?.issuerName ?? null,
      url: safeHttpUrl(details?.issuer?.url) ?? null,
    },
    // A hashed identity says only what kind it is; a plain one is shown as it is.
    recipient: identifier === undefined ? null : identifier.hashed ? `${identifier.identityType} (hashed)` : identifier.identityHash,
    issued: summary?.validFrom ?? null,
    validUntil: summary?.validUntil ?? null,
    criteria: { narrative: badge?.criteria.narrative ?? null, url: safeHttpUrl(badge?.criteria.id) ?? null },
    creditsEarned: null,
    creditsAvailable: null,
    narrative: details?.narrative ?? null,
    evidenceLinks: (details?.evidence ?? []).map((e) => ({ name: e.name, url: safeHttpUrl(e.id) ?? null, narrative: e.narrative })),
  }
}

/** The view of the credential a report is about: Open Badges 2.0 from the report, 3.0 from the document. */
export function viewOf(doc: Record<string, unknown> | undefined, report: VerificationReport): BadgeView | null {
  if (report.specification === 'ob2') return ob2BadgeView(report)
  return doc === undefined ? null : badgeView(doc)
}

function imageOf(value: unknown): { data: string | null; remote: string | null; caption: string | null } {
  const o = obj(value)
  const url = typeof value === 'string' ? value : str(o?.id)
  const caption = str(o?.caption)
  if (url !== null && url.length <= MAX_DATA_IMAGE && DATA_IMAGE.test(url)) return { data: url, remote: null, caption }
  return { data: null, remote: safeHttpUrl(url) ?? null, caption }
}

/** `MicroCredential` → `Micro-credential`, `ext:StateLicense` → `State license`. */
function humanType(type: string | null): string | null {
  if (type === null) return null
  if (type === 'MicroCredential') return 'Micro-credential'
  const words = type.replace(/^ext:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A string value, or null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null
}

/** An object, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

/** One value or an array, as an array. */
export function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
