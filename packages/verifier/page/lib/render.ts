/**
 * The result view: the verdict, each badge as a person wants to see it (image, name, issuer,
 * dates, criteria, endorsements, shared files), and every check in plain words.
 * @packageDocumentation
 */
import { isEndorserConfirmed, isIssuerConfirmed, type ArtifactResult, type CheckResult, type EndorsementResult, type TrustRegistry, type VerificationReport } from '../../src/index.js'
import { list, obj, str, viewOf, type BadgeView } from './badge-view.js'
import { checkName, checkSentence, statusWord } from './check-words.js'
import { h, type Child } from './dom.js'
import { icon, placeholderBadge } from './graphics.js'
import { renderMarkdown } from './markdown.js'
import type { OpenedInput, SharedFile } from './open-input.js'
import { endorserTrustedOn, issuerTrustedOn, onThe } from './trust.js'

/** What the result view is made from. */
export interface ResultParts {
  report: VerificationReport
  /** The credentials, in the report's order (undefined where one could not be read). */
  documents: (Record<string, unknown> | undefined)[]
  opened: OpenedInput
  /** Hosts the page fetched from while opening and verifying. */
  contacted: string[]
  checkedAt: Date
  /** Makes a blob: URL and remembers it, so it is revoked when the view goes. */
  objectUrl: (blob: Blob) => string
  /** The trust registries of the page's server (`ob3 page --trust`); none by default. */
  registries?: readonly TrustRegistry[]
  /** Why the server's registries could not be read, when they could not. */
  registryError?: string
}

/**
 * Build the whole result view.
 * @example `app.replaceChildren(renderResult(parts))`
 */
export function renderResult(parts: ResultParts): DocumentFragment {
  const { report, documents, opened } = parts
  const fragment = document.createDocumentFragment()
  const reports = report.kind === 'presentation' ? report.credentials ?? [] : [report]
  // Open Badges 2.0: what the verifier read (its input may have been a URL or a JWS); 3.0: the document.
  const views = reports.map((r, i) => viewOf(documents[i], r))
  fragment.append(renderVerdict(report, views, parts.registries ?? [], parts.checkedAt))
  const files = new FileIndex(opened.files)
  const artifacts = report.artifacts ?? []
  const credentialIds = documents.map((d) => (d === undefined ? null : str(d.id)))
  reports.forEach((credentialReport, i) => {
    const view = views[i]
    if (view === null || view === undefined) return
    const own = artifacts.filter((a) => a.evidence !== null && (reports.length === 1 || a.credential === credentialIds[i]))
    fragment.append(renderBadge({ view, doc: documents[i], index: i, report: credentialReport, several: reports.length > 1, artifacts: own, files, parts }))
  })
  const stray = artifacts.filter((a) => a.evidence === null)
  if (stray.length > 0) {
    fragment.append(h('section', { class: 'card', 'aria-labelledby': 'stray-title' },
      h('h2', { id: 'stray-title' }, 'Other shared files'),
      h('p', null, 'These files came with the share but are not evidence of any badge in it: the issuer never assessed them.'),
      h('ul', { class: 'artifacts' }, stray.map((a) => renderArtifact(a, undefined, files, parts))),
    ))
  }
  fragment.append(renderChecks(report))
  fragment.append(renderFinePrint(parts))
  return fragment
}

/** The verdict: green verified or red not verified, with the failed checks first and plainly. */
function renderVerdict(report: VerificationReport, views: (BadgeView | null)[], registries: readonly TrustRegistry[], now: Date): HTMLElement {
  const failed = report.checks.filter((c) => c.status === 'failed')
  const warnings = report.checks.filter((c) => c.status === 'warning')
  const name = views.find((v) => v !== null)?.name ?? null
  const count = views.length
  const what = count > 1 ? `${count} badges` : name === null ? 'this badge' : `“${name}”`
  const ok = report.verified
  // Nothing failed, but a key from the badge itself signed it: unchanged, yet anyone could have made it.
  const unconfirmed = ok && !isIssuerConfirmed(report)
  const claimed = claimedIssuers(report)
  return h('section', { class: `verdict ${!ok ? 'verdict--fail' : unconfirmed ? 'verdict--warn' : 'verdict--ok'}`, 'aria-labelledby': 'verdict-title', id: 'verdict' },
    icon(!ok ? 'failed' : unconfirmed ? 'warning' : 'passed'),
    h('div', { class: 'verdict__body' },
      h('h1', { id: 'verdict-title', tabindex: '-1' }, !ok ? 'Not verified' : unconfirmed ? 'Verified, but the signer is not confirmed' : 'Verified'),
      h('p', { class: 'verdict__summary' }, !ok
        ? `${count > 1 ? `This share of ${count} badges` : capitalize(what)} could not be verified. ${failed.length === 1 ? 'This check failed:' : `These ${failed.length} checks failed:`}`
        : unconfirmed
          ? `${capitalize(what)} ${count > 1 ? 'have not been changed since they were' : 'has not been changed since it was'} signed, but the key that signed ${count > 1 ? 'them' : 'it'} comes from the badge itself, not from ${claimed}: anyone could have signed ${count > 1 ? 'them' : 'it'}.`
          : `${capitalize(what)} ${count > 1 ? 'are' : 'is'} genuine: every check passed${warnings.length > 0 ? `, with ${warnings.length === 1 ? 'one remark' : `${warnings.length} remarks`} below` : ''}.`),
      ok ? h('p', { class: 'chips' }, assurances(report, registries, now).map(([tone, a]) => chip(tone, a))) : null,
      failed.length === 0 ? null : h('ul', { class: 'verdict__failures' }, failed.map((c) => h('li', { 'data-check': c.id },
        h('strong', null, `${checkName(c.id, report.specification)}: `), checkSentence(c, report.specification),
        h('span', { class: 'detail' }, c.message),
      ))),
    ),
  )
}

/** Who the badges claim to be from, in words: one name, or "their issuers". */
function claimedIssuers(report: VerificationReport): string {
  const reports = report.kind === 'presentation' ? report.credentials ?? [] : [report]
  const names = new Set(reports.map((r) => r.credential?.issuerName ?? r.credential?.issuer ?? null))
  const [only] = names
  return names.size === 1 && only !== null && only !== undefined ? only : 'the issuers they name'
}

/** The main things a verified report vouches for, in a few words each (a remark in `warn`). */
function assurances(report: VerificationReport, registries: readonly TrustRegistry[], now: Date): [Tone, string][] {
  const passed = (id: string) => report.checks.some((c) => c.id === id && c.status !== 'failed' && c.status !== 'skipped')
  const out: [Tone, string][] = []
  const claimed = claimedIssuers(report)
  const many = claimed === 'the issuers they name'
  if (isIssuerConfirmed(report)) out.push(['ok', many ? 'Signed by their issuers' : `Signed by ${claimed}`])
  else if (passed('proof')) out.push(['warn', many ? 'Issuers not confirmed' : `Claims to be ${claimed} — not confirmed`])
  const reports = report.kind === 'presentation' ? report.credentials ?? [] : [report]
  const onLists = reports.map((r) => issuerTrustedOn(r, registries, now))
  if (registries.length > 0 && onLists.every((names) => names.length > 0)) {
    const names = [...new Set(onLists.flat())]
    out.push(['ok', capitalize(onThe(names))])
  }
  if (passed('status')) out.push(['ok', 'Not revoked'])
  // Only endorsements whose endorser's own key signed vouch for anything.
  const endorsements = (report.endorsements ?? []).filter((e) => isEndorserConfirmed(e)).length
  if (passed('endorsements') && endorsements > 0) out.push(['ok', endorsements === 1 ? 'Endorsement verified' : `${endorsements} endorsements verified`])
  if (passed('artifacts')) out.push(['ok', 'Shared files match'])
  // A holder check with a remark (a key the holder did not confirm, no holder named) is no proof of the owner.
  if (report.checks.some((c) => c.id === 'holder' && c.status === 'passed')) out.push(['ok', 'Shared by its owner'])
  if (passed('expiry-of-share')) out.push(['ok', 'Share link still valid'])
  return out
}

interface BadgeParts {
  view: BadgeView
  /** The credential document (Open Badges 3.0), for its evidence entries. */
  doc: Record<string, unknown> | undefined
  index: number
  report: VerificationReport
  several: boolean
  artifacts: ArtifactResult[]
  files: FileIndex
  parts: ResultParts
}

function renderBadge(b: BadgeParts): HTMLElement {
  const view = b.view
  const id = `badge-${b.index + 1}`
  const image = b.parts.opened.badgeImage !== undefined && !b.several
    ? h('img', { src: b.parts.objectUrl(b.parts.opened.badgeImage), alt: view.imageAlt })
    : view.image !== null ? h('img', { src: view.image, alt: view.imageAlt }) : placeholderBadge(view.name)
  return h('article', { class: `card badge${b.report.verified ? '' : ' badge--unverified'}`, 'aria-labelledby': `${id}-name`, 'data-verified': String(b.report.verified) },
    b.report.verified ? null : h('p', { class: 'badge__warning' }, icon('failed'), h('span', null, unverifiedNote(b.report))),
    h('div', { class: 'badge__top' },
      h('figure', { class: 'badge__image' }, image,
        view.remoteImage === null ? null : h('figcaption', null, `The issuer’s image at ${hostOf(view.remoteImage)} is not loaded, so the issuer does not learn that you looked.`)),
      h('div', { class: 'badge__facts' },
        h('p', { class: 'eyebrow' }, [view.achievementType ?? 'Open Badge', b.several ? chip(b.report.verified ? 'ok' : 'fail', b.report.verified ? 'This badge verified' : 'This badge did not verify') : null]),
        h('h2', { id: `${id}-name` }, view.name),
        view.credentialName === null ? null : h('p', { class: 'muted' }, view.credentialName),
        renderIssuer(view, b.report, b.parts.registries ?? [], b.parts.checkedAt),
        renderFacts(view),
        view.description === null ? null : h('p', { class: 'description' }, view.description),
      ),
    ),
    renderCriteria(view, id),
    renderEvidenceLinks(view, id),
    renderEndorsements(b.report.endorsements ?? [], id, b.parts.registries ?? [], b.parts.checkedAt),
    renderArtifacts(b, id),
  )
}

/** Checks whose failure means the content itself cannot be trusted. */
const INTEGRITY = new Set(['parse', 'context', 'type', 'schema', 'proof'])

/** Why a badge's card is not to be taken at its word. */
function unverifiedNote(report: VerificationReport): string {
  const failed = report.checks.filter((c) => c.status === 'failed')
  if (failed.some((c) => INTEGRITY.has(c.id))) {
    return 'Not confirmed: this is what the badge says, but its signature does not match it, so any of it may have been changed.'
  }
  const first = failed[0]
  return `The issuer’s signature is genuine, but the badge is not valid: ${first === undefined ? 'a check failed.' : lowerFirst(checkSentence(first, report.specification))}`
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text
}

/**
 * Who issued it: "✓ Signed by <name>" only when the issuer's own key signed it (and "on the
 * <registry>" when a registry of the page's server trusts that issuer); otherwise the name is the
 * badge's claim: "Claims to be <name> — not confirmed".
 */
function renderIssuer(view: BadgeView, report: VerificationReport, registries: readonly TrustRegistry[], now: Date): HTMLElement[] {
  const name = view.issuer.name ?? view.issuer.id ?? 'an unnamed issuer'
  const shown = view.issuer.url === null ? h('strong', null, name) : h('a', { href: view.issuer.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, h('strong', null, name))
  const id = view.issuer.name !== null && view.issuer.id !== null ? h('span', { class: 'id', title: view.issuer.id }, shorten(view.issuer.id)) : null
  if (!isIssuerConfirmed(report)) {
    const proof = report.checks.find((c) => c.id === 'proof')
    const keyFromBadge = proof?.code === 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'
    return [
      h('p', { class: 'issuer issuer--unconfirmed', 'data-confirmed': 'false' }, 'Claims to be ', shown, ' — not confirmed', id),
      keyFromBadge ? h('p', { class: 'issuer__why' }, `The signature is valid, but the key that made it is written in the badge itself and not published by ${name}: anyone could have signed it.`) : null,
    ].filter((e): e is HTMLParagraphElement => e !== null)
  }
  const lists = issuerTrustedOn(report, registries, now)
  const standing = registries.length === 0 ? null
    : lists.length > 0 ? h('span', { class: 'standing standing--on' }, `, ${onThe(lists)}`)
    : h('span', { class: 'standing standing--off' }, ` — not ${onThe(registries.map((r) => r.name))}`)
  return [h('p', { class: 'issuer', 'data-confirmed': 'true', 'data-trusted': registries.length === 0 ? undefined : String(lists.length > 0) },
    h('span', { class: 'tick', 'aria-hidden': 'true' }, '✓ '), 'Signed by ', shown, standing, id)]
}

function renderFacts(view: BadgeView): HTMLElement {
  const rows: [string, Child][] = [
    ['Issued', formatDate(view.issued)],
    ['Valid until', view.validUntil === null ? 'No end date' : formatDate(view.validUntil)],
  ]
  if (view.recipient !== null) rows.push(['Awarded to', h('span', { class: 'id', title: view.recipient }, shorten(view.recipient))])
  if (view.creditsEarned !== null) rows.push(['Credits earned', view.creditsAvailable === null || view.creditsAvailable === view.creditsEarned ? String(view.creditsEarned) : `${view.creditsEarned} of ${view.creditsAvailable}`])
  else if (view.creditsAvailable !== null) rows.push(['Credits available', String(view.creditsAvailable)])
  return h('dl', { class: 'facts' }, rows.map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))))
}

function renderCriteria(view: BadgeView, id: string): HTMLElement | null {
  if (view.criteria.narrative === null && view.criteria.url === null) return null
  return h('section', { class: 'section', 'aria-labelledby': `${id}-criteria` },
    h('h3', { id: `${id}-criteria` }, 'What it takes to earn it'),
    view.criteria.narrative === null ? null : h('div', { class: 'prose' }, renderMarkdown(view.criteria.narrative)),
    view.criteria.url === null ? null : h('p', null, h('a', { href: view.criteria.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'The full criteria'), ` (${hostOf(view.criteria.url)})`),
  )
}

/** An Open Badges 2.0 assertion's narrative and the evidence it links to (named, never fetched). */
function renderEvidenceLinks(view: BadgeView, id: string): HTMLElement | null {
  if (view.narrative === null && view.evidenceLinks.length === 0) return null
  return h('section', { class: 'section', 'aria-labelledby': `${id}-evidence` },
    h('h3', { id: `${id}-evidence` }, 'How it was earned'),
    view.narrative === null ? null : h('div', { class: 'prose' }, renderMarkdown(view.narrative)),
    view.evidenceLinks.length === 0 ? null : h('ul', { class: 'evidence-links' }, view.evidenceLinks.map((e) => h('li', null,
      e.url === null ? h('strong', null, e.name ?? 'Evidence') : h('a', { href: e.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, e.name ?? hostOf(e.url)),
      e.url === null ? null : ` (${hostOf(e.url)})`,
      e.narrative === null ? null : h('p', { class: 'detail' }, e.narrative),
    ))),
  )
}

const WHAT: Record<EndorsementResult['what'], string> = {
  credential: 'this badge',
  achievement: 'the achievement',
  issuer: 'the issuer',
  creator: 'the achievement’s creator',
}

function renderEndorsements(endorsements: EndorsementResult[], id: string, registries: readonly TrustRegistry[], now: Date): HTMLElement | null {
  if (endorsements.length === 0) return null
  return h('section', { class: 'section', 'aria-labelledby': `${id}-endorsements` },
    h('h3', { id: `${id}-endorsements` }, `Endorsements (${endorsements.length})`),
    h('ul', { class: 'endorsements' }, endorsements.map((e) => {
      const who = e.endorser.name ?? e.endorser.id ?? 'An unnamed endorser'
      const why = e.failed?.[0]
      const confirmed = isEndorserConfirmed(e)
      const lists = endorserTrustedOn(e, registries, now)
      return h('li', { class: `endorsement ${e.verified ? 'endorsement--ok' : 'endorsement--fail'}`, 'data-verified': String(e.verified), 'data-confirmed': String(confirmed) },
        h('p', { class: 'endorsement__who' },
          h('strong', null, who), e.depth > 0 ? ` endorses ${e.what === 'credential' ? 'an endorsement' : 'an endorser'}` : ` endorses ${WHAT[e.what]}`,
          e.endorser.name !== null && e.endorser.id !== null ? h('span', { class: 'id', title: e.endorser.id }, shorten(e.endorser.id)) : null,
        ),
        confirmed
          ? h('p', { class: 'endorsement__signer', 'data-trusted': registries.length === 0 ? undefined : String(lists.length > 0) },
              h('span', { class: 'tick', 'aria-hidden': 'true' }, '✓ '), 'Signed by ', h('strong', null, who),
              registries.length === 0 ? null
                : lists.length > 0 ? h('span', { class: 'standing standing--on' }, `, ${onThe(lists)}`)
                : h('span', { class: 'standing standing--off' }, ` — not ${onThe(registries.map((r) => r.name))}`))
          : h('p', { class: 'endorsement__signer endorsement__signer--unconfirmed' }, 'Claims to be ', h('strong', null, who), ' — not confirmed'),
        e.comment === null ? null : h('blockquote', { class: 'prose' }, renderMarkdown(e.comment)),
        h('p', { class: 'chips' },
          e.verified ? chip('ok', 'Verified') : chip('fail', 'Not verified'),
          e.warnings === undefined || e.warnings.length === 0 ? null : chip('warn', `${e.warnings.length === 1 ? 'A remark' : `${e.warnings.length} remarks`}`),
        ),
        why === undefined ? null : h('p', { class: 'detail' }, why.message),
        e.warnings === undefined ? null : e.warnings.map((w) => h('p', { class: 'detail' }, w.message)),
      )
    })),
  )
}

function renderArtifacts(b: BadgeParts, id: string): HTMLElement | null {
  if (b.artifacts.length === 0) return null
  const shared = b.artifacts.filter((a) => a.shared).length
  return h('section', { class: 'section', 'aria-labelledby': `${id}-artifacts` },
    h('h3', { id: `${id}-artifacts` }, 'Evidence'),
    h('p', { class: 'muted' }, `${shared} of ${b.artifacts.length} ${b.artifacts.length === 1 ? 'piece' : 'pieces'} of evidence ${shared === 1 ? 'was' : 'were'} shared with you. Each shared file is compared with the fingerprint the issuer recorded in the badge.`),
    h('ul', { class: 'artifacts' }, b.artifacts.map((a) => renderArtifact(a, b.doc, b.files, b.parts))),
  )
}

/** Image types previewed in an `<img>` (where an SVG runs no script). */
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml)$/i

function renderArtifact(a: ArtifactResult, doc: Record<string, unknown> | undefined, files: FileIndex, parts: ResultParts): HTMLElement {
  const evidence = doc === undefined ? undefined : evidenceEntry(doc, a)
  const title = a.evidence ?? a.file ?? 'A shared file'
  const narrative = str(evidence?.narrative) ?? str(evidence?.description)
  if (!a.shared) {
    return h('li', { class: 'artifact artifact--absent', 'data-shared': 'false' },
      h('div', { class: 'artifact__thumb', 'aria-hidden': 'true' }, kindLabel(str(evidence?.mediaType), title)),
      h('div', { class: 'artifact__body' },
        h('p', { class: 'artifact__name' }, title),
        narrative === null ? null : h('p', { class: 'muted' }, narrative),
        h('p', { class: 'chips' }, chip('none', 'Not shared')),
      ))
  }
  const file = a.file === undefined ? undefined : files.take(a.file)
  const matches = a.matches === true
  const mediaType = file?.mediaType ?? str(evidence?.mediaType) ?? 'application/octet-stream'
  const thumb = file !== undefined && PREVIEWABLE.test(mediaType)
    ? h('img', { src: parts.objectUrl(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: mediaType.toLowerCase() })), alt: `Preview of ${file.name}` })
    : kindLabel(mediaType, file?.name ?? title)
  return h('li', { class: `artifact ${matches ? 'artifact--ok' : 'artifact--fail'}`, 'data-shared': 'true', 'data-matches': String(matches) },
    h('div', { class: `artifact__thumb${thumb instanceof HTMLImageElement ? ' artifact__thumb--image' : ''}` }, thumb),
    h('div', { class: 'artifact__body' },
      h('p', { class: 'artifact__name' }, title),
      file === undefined || file.name === title ? null : h('p', { class: 'muted' }, `File: ${file.name}`),
      narrative === null ? null : h('p', { class: 'muted' }, narrative),
      h('p', { class: 'chips' }, matches ? chip('ok', 'The file the issuer assessed') : chip('fail', 'Not the file the issuer assessed')),
      file === undefined ? null : h('p', null,
        // Offered as bytes, never as a page: a shared HTML or SVG file must not run in this page's origin.
        h('a', { href: parts.objectUrl(new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' })), download: downloadName(file.name), class: 'download' }, `Download ${file.name}`),
        ` (${formatSize(file.bytes.length)})`),
    ))
}

function renderChecks(report: VerificationReport): HTMLElement {
  const confirmed = isIssuerConfirmed(report)
  // A registry vouches for an issuer, not for a key from the badge: a passed trust check of an
  // unconfirmed issuer is shown as the remark it is.
  const checks = report.checks.map((c): CheckResult => (c.id === 'trust' && c.status === 'passed' && !confirmed
    ? { ...c, status: 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message: `${c.message}; but the badge is not confirmed to come from that issuer, so the list does not vouch for it` }
    : c))
  const shown = checks.filter((c) => c.status !== 'skipped')
  const skipped = checks.filter((c) => c.status === 'skipped')
  const item = (c: CheckResult) => h('li', { class: `check check--${c.status}`, 'data-check': c.id, 'data-status': c.status },
    icon(c.status),
    h('div', null,
      h('p', { class: 'check__title' }, h('strong', null, checkName(c.id, report.specification)), h('span', { class: 'visually-hidden' }, ` — ${statusWord(c.status)}.`), ' ', checkSentence(c, report.specification)),
      h('p', { class: 'detail' }, c.message, c.code === undefined ? null : h('code', null, ` ${c.code}`)),
    ))
  return h('section', { class: 'card', 'aria-labelledby': 'checks-title' },
    h('h2', { id: 'checks-title' }, 'How it was checked'),
    h('ol', { class: 'checks' }, shown.map(item)),
    skipped.length === 0 ? null : h('details', { class: 'skipped' },
      h('summary', null, `Not applicable here (${skipped.length})`),
      h('ol', { class: 'checks' }, skipped.map(item))),
  )
}

function renderFinePrint(parts: ResultParts): HTMLElement {
  const hosts = parts.contacted
  return h('section', { class: 'fineprint', 'aria-label': 'About this check' },
    h('p', null, `Checked in this browser on ${new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(parts.checkedAt)}, from ${describeSource(parts.opened)}. `,
      hosts.length === 0
        ? `Nothing was sent or fetched: everything needed was in ${parts.opened.source === 'inline share' ? 'the link' : 'it'}.`
        : `Nothing was sent anywhere; the page only fetched from ${hosts.join(', ')} (the share and what the issuer publishes for checking: keys and revocation lists).`),
    (parts.registries ?? []).length === 0 ? null : h('p', { class: 'registries' }, `Trusted lists, from the server of this page: ${(parts.registries ?? []).map((r) => r.name).join('; ')}.`),
    parts.registryError === undefined ? null : h('p', { class: 'registries registries--error', role: 'alert' }, `The trusted lists of this page’s server could not be read, so no issuer is shown as on a list: ${parts.registryError}`),
    h('p', null, h('a', { href: './', class: 'button button--quiet' }, 'Check another badge')),
  )
}

function describeSource(opened: OpenedInput): string {
  switch (opened.source) {
    case 'inline share': return 'a share link that carries the whole share'
    case 'hosted share': return `an encrypted share${opened.bundleHost === undefined ? '' : ` on ${opened.bundleHost}`}, opened with the key in the link`
    case 'file': return `the file ${opened.label}`
    case 'pasted text': return 'pasted text'
  }
}

/** The evidence entry (or related resource) a result is about, found by digest. */
function evidenceEntry(doc: Record<string, unknown>, a: ArtifactResult): Record<string, unknown> | undefined {
  for (const e of [...list(doc.evidence), ...list(doc.relatedResource)]) {
    const o = obj(e)
    if (o === undefined) continue
    if ((a.digestMultibase !== null && o.digestMultibase === a.digestMultibase) || (a.digestSRI !== undefined && o.digestSRI === a.digestSRI)) return o
  }
  return undefined
}

/** The shared files by name, each handed out once. */
class FileIndex {
  readonly #byName = new Map<string, SharedFile[]>()
  constructor(files: readonly SharedFile[]) {
    for (const f of files) this.#byName.set(f.name, [...(this.#byName.get(f.name) ?? []), f])
  }
  take(name: string): SharedFile | undefined {
    return this.#byName.get(name)?.shift()
  }
}

type Tone = 'ok' | 'fail' | 'warn' | 'none'

function chip(tone: Tone, text: string): HTMLElement {
  return h('span', { class: `chip chip--${tone}` }, text)
}

/** Short labels for media types whose subtype says little (`text/plain` → TXT). */
const KIND_LABELS: Record<string, string> = {
  'text/plain': 'TXT',
  'text/markdown': 'MD',
  'text/x-markdown': 'MD',
  'application/msword': 'DOC',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'video/quicktime': 'MOV',
  'audio/mpeg': 'MP3',
}

/** A file's kind, from its name's extension or its media type. */
function kindLabel(mediaType: string | null, name: string): HTMLElement {
  const type = mediaType?.toLowerCase().split(';')[0]?.trim() ?? ''
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? KIND_LABELS[type] ?? type.split('/')[1]?.split(/[+.]/)[0] ?? 'file'
  return h('span', { class: 'kind' }, ext.slice(0, 5).toUpperCase())
}

function formatDate(iso: string | null): Child {
  if (iso === null) return 'Not given'
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return h('time', { datetime: iso, title: iso }, new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(t))
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A file name without directories or control characters. */
function downloadName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').replace(/^\.+/, '').slice(0, 200) || 'shared-file'
}

/** Long DIDs shortened in the middle (the whole one is in the title). */
function shorten(id: string): string {
  return id.length <= 48 ? id : `${id.slice(0, 24)}…${id.slice(-12)}`
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

function capitalize(text: string): string {
  return text.startsWith('“') ? text : text.charAt(0).toUpperCase() + text.slice(1)
}
