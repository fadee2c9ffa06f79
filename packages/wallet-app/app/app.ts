/**
 * The teacher's wallet, in the browser. Badges, the evidence files behind them and the shares she
 * made live in this browser's IndexedDB (`@ob3/wallet`'s IndexedDB store); her holder key is
 * sealed with her passphrase exactly as the `ob3 wallet` command seals it, and a backup made here
 * restores there and back. Every badge is verified (`@ob3/verifier`) before it is kept.
 *
 * Nothing leaves the browser except what she shares — an encrypted bundle put on the share host,
 * whose key stays in the link — and what verification reads (status lists, DID documents).
 *
 * Test hooks (fixed): `[data-ob3-passphrase]` + `[data-ob3-unlock]`; `input[data-ob3-import]`;
 * each badge `[data-ob3-badge][data-ob3-credential-id]` with `input[data-ob3-attach]` and
 * `[data-ob3-share]`; `[data-ob3-share-artifact]` (value: digest) and `[data-ob3-share-create]`;
 * the result `[data-ob3-share-link]` (text: the link) and `[data-ob3-share-qr]` (the QR image).
 * Each card also says its credentialSubject.id in `data-ob3-subject`.
 * A pasted or scanned claim link (`[data-ob3-import-link]`, with the PIN in `[data-ob3-claim-pin]`)
 * is redeemed with `Wallet.claimCredential`: the issuer binds the badge to this wallet's DID.
 * @packageDocumentation
 */
import { isOb3Error } from '@ob3/core'
import { isIssuerConfirmed, verify, type VerificationReport } from '@ob3/verifier'
import {
  createHttpUploadAdapter, initWallet, isClaimLink, openIndexedDbWalletStore, openWallet, restoreWallet, MIN_PASSPHRASE_LENGTH,
  type ArtifactStatusEntry, type IndexedDbWalletStore, type ShareInfo, type UploadAdapter, type VerifyFunction, type Wallet, type WalletCredential,
} from '@ob3/wallet'
import jsqrImport from 'jsqr'
import { announce, append, download, h, type Child } from './lib/dom.js'
import { originFetch } from './lib/fetch.js'
import { makeQr, qrPng, qrSvg, MAX_QR_VERSION } from './lib/qr.js'
import { claimWords, failureWords, reportWords, verdictOf, type Verdict } from './lib/words.js'

/** jsQR is CommonJS: its function is the module, or its `default`, depending on the bundler. */
const jsQR = ((jsqrImport as unknown as { default?: unknown }).default ?? jsqrImport) as unknown as typeof jsqrImport.default
const root = document.documentElement
const view = document.getElementById('app') as HTMLElement
const holderLine = document.getElementById('holder-line') as HTMLElement
const lockButton = document.getElementById('lock') as HTMLButtonElement

/** Where shares go: `same-origin` (the ob3 service that serves the app), a URL, or empty (inline links only). */
const shareHostSetting = document.querySelector('meta[name="ob3-share-host"]')?.getAttribute('content') ?? 'same-origin'
const shareHost = shareHostSetting === 'same-origin' ? location.origin : shareHostSetting === '' ? undefined : shareHostSetting.replace(/\/+$/, '')
/** The verification page the links open. */
const verifierUrl = document.querySelector('meta[name="ob3-verifier-url"]')?.getAttribute('content') || `${shareHost ?? location.origin}/`

const netFetch = originFetch(location.origin)
const verifyFn: VerifyFunction = (request) => verify({ ...request, fetch: netFetch }) as ReturnType<VerifyFunction>
const upload: UploadAdapter | undefined = shareHost === undefined ? undefined : createHttpUploadAdapter({ service: shareHost, fetch: globalThis.fetch.bind(globalThis) })

let store: IndexedDbWalletStore
let wallet: Wallet | undefined
/** The last check of each badge in this visit (re-checked on open). */
const checks = new Map<string, { verdict: Verdict; words: string }>()
/** The badge whose share panel is open, and the last share made. */
let shareFor: string | undefined
let lastShare: { link: string; share: ShareInfo } | undefined
/** Messages shown next to a badge (attach results), by credential id. */
const notes = new Map<string, { ok: boolean; text: string }>()
let importNotes: { ok: boolean; warn?: boolean; text: string }[] = []
/** A claim link kept in its field after a PIN problem, so only the PIN needs typing again. */
let claimDraft = ''

// ---------------------------------------------------------------------------------------------
// Start

async function start(): Promise<void> {
  if ('serviceWorker' in navigator && (location.protocol === 'https:' || location.hostname === '127.0.0.1' || location.hostname === 'localhost')) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => undefined)
  }
  try {
    store = await openIndexedDbWalletStore({ name: 'ob3-wallet' })
  } catch (err) {
    view.replaceChildren(h('section', { class: 'panel' }, h('h1', null, 'The wallet cannot open here'), h('p', null, messageOf(err))))
    return
  }
  lockButton.addEventListener('click', () => void lock())
  await showDoor()
}

/** The locked door: create a wallet, unlock it, or restore a backup. */
async function showDoor(message?: string): Promise<void> {
  root.dataset.ob3State = 'locked'
  holderLine.replaceChildren()
  lockButton.hidden = true
  const exists = (await store.getMeta('format')) !== undefined
  const pass = h('input', { id: 'passphrase', type: 'password', 'data-ob3-passphrase': true, autocomplete: exists ? 'current-password' : 'new-password', required: true, minlength: exists ? undefined : String(MIN_PASSPHRASE_LENGTH), 'aria-describedby': 'passphrase-help' })
  const submit = h('button', { type: 'submit', class: 'btn btn--primary', 'data-ob3-unlock': true }, exists ? 'Unlock' : 'Create my wallet')
  const error = h('p', { class: 'error', id: 'door-error', role: 'alert' }, message ?? '')
  const form = h('form', { class: 'panel door', 'aria-labelledby': 'door-title' },
    h('h1', { id: 'door-title' }, exists ? 'Unlock your wallet' : 'Keep your badges here'),
    exists ? null : h('p', null, 'Your badges and the work behind them stay in this browser, encrypted with a passphrase only you know. Share a badge with a link or a QR code, with just the files you choose.'),
    h('label', { for: 'passphrase' }, 'Passphrase'),
    pass,
    h('p', { id: 'passphrase-help', class: 'hint' }, exists ? 'The passphrase you chose when you made this wallet.' : `At least ${MIN_PASSPHRASE_LENGTH} characters. It cannot be recovered: write it down somewhere safe.`),
    error,
    submit)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void busy(submit, exists ? 'Unlocking…' : 'Creating…', async () => {
      error.textContent = ''
      try {
        wallet = exists
          ? await openWallet({ store, passphrase: pass.value, verify: verifyFn, fetch: netFetch })
          : await initWallet({ store, passphrase: pass.value, verify: verifyFn, fetch: netFetch })
      } catch (err) {
        error.textContent = isOb3Error(err, 'ERR_OB3_WALLET_PASSPHRASE') ? 'That passphrase does not open this wallet.' : messageOf(err)
        pass.focus()
        return
      }
      await showWallet(true)
    })
  })
  const restore = exists ? null : restorePanel()
  view.replaceChildren(form, restore ?? '')
  pass.focus()
}

function restorePanel(): HTMLElement {
  const file = h('input', { id: 'restore-file', type: 'file', 'data-ob3-restore': true, accept: '.ob3backup,application/octet-stream' })
  const pass = h('input', { id: 'restore-passphrase', type: 'password', autocomplete: 'current-password', 'data-ob3-restore-passphrase': true })
  const button = h('button', { type: 'submit', class: 'btn', 'data-ob3-restore-submit': true }, 'Restore')
  const error = h('p', { class: 'error', role: 'alert' })
  const form = h('form', { class: 'panel', 'aria-labelledby': 'restore-title' },
    h('h2', { id: 'restore-title' }, 'Restore a backup'),
    h('p', null, 'A backup file from this app or from the ob3 wallet command, with the passphrase it was made with.'),
    h('label', { for: 'restore-file' }, 'Backup file'), file,
    h('label', { for: 'restore-passphrase' }, 'Its passphrase'), pass,
    error, button)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void busy(button, 'Restoring…', async () => {
      error.textContent = ''
      const chosen = file.files?.[0]
      if (chosen === undefined) {
        error.textContent = 'Choose the backup file first.'
        return
      }
      try {
        wallet = await restoreWallet({ store, backup: new Uint8Array(await chosen.arrayBuffer()), passphrase: pass.value, verify: verifyFn, fetch: netFetch })
      } catch (err) {
        error.textContent = isOb3Error(err, 'ERR_OB3_WALLET_PASSPHRASE') ? 'That passphrase does not open this backup.' : messageOf(err)
        return
      }
      await showWallet(true)
    })
  })
  return form
}

async function lock(): Promise<void> {
  wallet = undefined
  checks.clear()
  notes.clear()
  lastShare = undefined
  shareFor = undefined
  importNotes = []
  await showDoor()
}

// ---------------------------------------------------------------------------------------------
// The wallet

async function showWallet(recheck: boolean): Promise<void> {
  const w = wallet
  if (w === undefined) return showDoor()
  lockButton.hidden = false
  holderLine.replaceChildren(h('span', { class: 'sr-only' }, 'Your holder id: '), h('code', { 'data-ob3-holder': true, title: w.holder }, w.holder))
  await render()
  root.dataset.ob3State = 'ready'
  ;(document.getElementById('main') as HTMLElement).focus({ preventScroll: true })
  if (recheck) void recheckAll()
}

/** Re-check every badge (status can change): a kept one that now passes becomes verified. */
async function recheckAll(): Promise<void> {
  const w = wallet
  if (w === undefined) return
  for (const c of await w.listCredentials()) await recheck(c, false)
  if (wallet === w) await render()
}

async function recheck(c: WalletCredential, show = true): Promise<void> {
  const report = await verifyFn({ input: c.jwt ?? c.credential, label: c.name ?? 'badge' })
  const verdict = verdictOf(report)
  checks.set(c.id, { verdict, words: reportWords(report) })
  if (verdict === 'verified' && c.state === 'quarantined') await store.updateCredentialCheck(c.id, 'verified', JSON.stringify(report))
  if (verdict === 'failed' && c.state === 'verified') await store.updateCredentialCheck(c.id, 'quarantined', JSON.stringify(report))
  if (show) {
    await render()
    announce(`${c.name ?? 'Badge'}: ${reportWords(report)}`)
  }
}

async function render(): Promise<void> {
  const w = wallet
  if (w === undefined) return
  const credentials = await w.listCredentials()
  const shares = await w.listShares()
  const statuses = new Map<string, ArtifactStatusEntry[]>()
  for (const c of credentials) statuses.set(c.id, await w.artifactStatus(c.id))
  const cards = credentials.map((c) => badgeCard(c, statuses.get(c.id) ?? [], shares))
  view.replaceChildren()
  append(view, [
    h('h1', { id: 'badges-title' }, credentials.length === 0 ? 'No badges yet' : `Your badges (${credentials.length})`),
    credentials.length === 0 ? h('p', { class: 'muted' }, 'Add a badge file your issuer gave you, paste its link, or scan its QR code.') : null,
    addPanel(),
    h('div', { class: shareFor === undefined ? 'workspace' : 'workspace workspace--sharing' },
      h('section', { class: 'badges', 'aria-labelledby': 'badges-title' }, h('div', { class: 'cards' }, cards)),
      shareFor === undefined ? null : sharePanel(credentials, statuses)),
    hoursPanel(credentials),
    sharesPanel(shares, credentials),
    backupPanel(),
  ])
}

// ---------------------------------------------------------------------------------------------
// Adding badges

function addPanel(): HTMLElement {
  const input = h('input', { id: 'import-file', type: 'file', multiple: true, 'data-ob3-import': true, accept: '.json,.jwt,.txt,.png,.svg,application/json,image/png,image/svg+xml' })
  input.addEventListener('change', () => void importFiles(Array.from(input.files ?? [])))
  const drop = h('label', { class: 'drop', for: 'import-file' },
    h('span', { class: 'drop__title' }, 'Add a badge file'),
    h('span', { class: 'hint' }, 'Drop it here or choose it: a badge image (PNG or SVG), JSON or a JWT. It is checked before it is kept.'))
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('drop--over') })
  drop.addEventListener('dragleave', () => drop.classList.remove('drop--over'))
  drop.addEventListener('drop', (e) => {
    e.preventDefault()
    drop.classList.remove('drop--over')
    void importFiles(Array.from(e.dataTransfer?.files ?? []))
  })
  const link = h('input', { id: 'import-link', type: 'url', inputmode: 'url', placeholder: 'https://…', autocomplete: 'off', 'data-ob3-import-link': true })
  const pin = h('input', { id: 'claim-pin', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', 'data-ob3-claim-pin': true, 'aria-describedby': 'claim-pin-help' })
  link.value = claimDraft
  const linkButton = h('button', { type: 'submit', class: 'btn' }, 'Add')
  const linkForm = h('form', { class: 'row' },
    h('label', { for: 'import-link', class: 'row__label' }, 'Or paste a link (a share, offer or claim link)'),
    h('div', { class: 'row__fields' }, link, linkButton),
    h('label', { for: 'claim-pin', class: 'row__label' }, 'PIN (if your issuer sent one)'),
    h('div', { class: 'row__fields row__fields--pin' }, pin),
    h('p', { id: 'claim-pin-help', class: 'hint' }, 'A claim link may come with a PIN, sent separately (often by email or text message). It is used for claim links only.'))
  linkForm.addEventListener('submit', (e) => {
    e.preventDefault()
    const text = link.value.trim()
    if (text !== '') void busy(linkButton, 'Adding…', () => addLink(text, 'the link'))
  })
  const scan = h('button', { type: 'button', class: 'btn', 'data-ob3-scan': true }, 'Scan a QR code')
  scan.addEventListener('click', () => void scanQr())
  return h('section', { class: 'panel add', 'aria-labelledby': 'add-title' },
    h('h2', { id: 'add-title', class: 'sr-only' }, 'Add a badge'),
    input, drop, linkForm,
    h('div', { class: 'row' }, scan),
    h('div', { id: 'scanner' }),
    h('ul', { class: 'notes', 'data-ob3-import-result': true, 'aria-live': 'polite' }, importNotes.map((n) => h('li', { class: n.warn === true ? 'note note--warn' : n.ok ? 'note note--ok' : 'note note--bad' }, n.text))))
}

async function importFiles(files: File[]): Promise<void> {
  importNotes = []
  for (const file of files) await importOne(new Uint8Array(await file.arrayBuffer()), file.name)
}

/** A pasted or scanned link: a claim link is redeemed (with the PIN typed beside it), anything else imported. */
async function addLink(text: string, label: string): Promise<void> {
  if (!isClaimLink(text)) return importOne(text, label)
  const pin = (document.getElementById('claim-pin') as HTMLInputElement | null)?.value.trim() ?? ''
  return claimOne(text, pin === '' ? undefined : pin)
}

/**
 * Redeem a claim link. A claim works once, so what it delivers is kept even when it cannot be
 * verified right now (marked, and its card says why), rather than lost.
 */
async function claimOne(link: string, pin: string | undefined): Promise<void> {
  const w = wallet
  if (w === undefined) return
  let note: { ok: boolean; warn?: boolean; text: string }
  try {
    const result = await w.claimCredential(link, { quarantine: true, ...(pin === undefined ? {} : { pin }) })
    const from = hostOf(result.issuer)
    const texts: string[] = []
    let worst: Verdict = 'verified'
    for (const c of result.credentials) {
      const verdict = verdictOf(c.report)
      checks.set(c.id, { verdict, words: reportWords(c.report) })
      if (verdict !== 'verified') worst = worst === 'failed' ? worst : verdict
      const name = c.name ?? 'The badge'
      texts.push(c.status === 'duplicate' ? `${name}: already in your wallet.`
        : verdict === 'verified' ? `${name}: claimed from ${from} and added. ${reportWords(c.report)}`
          : verdict === 'not-yet-checked' ? `${name}: claimed from ${from} and kept, not yet checked. ${reportWords(c.report)}`
            : `${name}: claimed from ${from} and kept, but it does not check out. ${reportWords(c.report)}`)
    }
    note = { ok: worst !== 'failed', ...(worst === 'not-yet-checked' ? { warn: true } : {}), text: texts.join(' ') }
  } catch (err) {
    const words = isOb3Error(err) ? claimWords(err) : undefined
    note = { ok: false, text: `The claim link gave no badge. ${words ?? messageOf(err)}` }
    if (isOb3Error(err, 'ERR_OB3_CLAIM_PIN_WRONG') || isOb3Error(err, 'ERR_OB3_CLAIM_PIN_REQUIRED')) claimDraft = link
  }
  importNotes.push(note)
  await render()
  if (claimDraft !== '') (document.getElementById('claim-pin') as HTMLInputElement | null)?.focus()
  claimDraft = ''
  announce(note.text)
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

/** Import one file or link: verified first; kept as "not yet checked" when only its status could not be read now. */
async function importOne(input: Uint8Array | string, label: string): Promise<void> {
  const w = wallet
  if (w === undefined) return
  let note: { ok: boolean; warn?: boolean; text: string }
  try {
    const result = await w.importCredential(input, { label })
    note = { ok: true, text: result.credentials.map((c) => `${c.name ?? label}: ${c.status === 'duplicate' ? 'already in your wallet.' : `added. ${reportWords(c.report)}`}`).join(' ') }
    for (const c of result.credentials) checks.set(c.id, { verdict: verdictOf(c.report), words: reportWords(c.report) })
  } catch (err) {
    const report = isOb3Error(err, 'ERR_OB3_WALLET_IMPORT_REFUSED') ? (err.details as { report?: VerificationReport } | undefined)?.report : undefined
    if (report !== undefined && verdictOf(report) === 'not-yet-checked') {
      const kept = await w.importCredential(input, { label, quarantine: true })
      for (const c of kept.credentials) checks.set(c.id, { verdict: 'not-yet-checked', words: reportWords(report) })
      note = { ok: true, warn: true, text: `${kept.credentials[0]?.name ?? label}: kept, not yet checked. ${reportWords(report)}` }
    } else if (report !== undefined) {
      note = { ok: false, text: `${label} was not added. ${reportWords(report)}` }
    } else {
      note = { ok: false, text: `${label} was not added: ${messageOf(err)}` }
    }
  }
  importNotes.push(note)
  await render()
  announce(note.text)
}

/** Scan a QR code with the camera and import the link it holds. */
async function scanQr(): Promise<void> {
  const box = document.getElementById('scanner') as HTMLElement
  if (navigator.mediaDevices?.getUserMedia === undefined) {
    box.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'This browser gives the page no camera. Paste the link instead.'))
    return
  }
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  } catch (err) {
    box.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The camera could not start: ${(err as Error).message}`))
    return
  }
  const video = h('video', { playsinline: true, muted: true, 'aria-label': 'Camera view: hold the QR code inside the frame' })
  video.srcObject = stream
  const stop = h('button', { type: 'button', class: 'btn' }, 'Stop scanning')
  let running = true
  const end = () => {
    running = false
    for (const t of stream.getTracks()) t.stop()
    box.replaceChildren()
  }
  stop.addEventListener('click', end)
  box.replaceChildren(h('div', { class: 'scanner' }, video, h('p', { class: 'hint' }, 'Hold the QR code inside the frame.'), stop))
  await video.play().catch(() => undefined)
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D
  const tick = () => {
    if (!running) return
    if (video.videoWidth > 0) {
      canvas.width = video.videoWidth
      canvas.height = video.videoHeight
      ctx.drawImage(video, 0, 0)
      const found = jsQR(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)
      if (found !== null && found.data !== '') {
        end()
        void addLink(found.data.trim(), 'the scanned link')
        return
      }
    }
    setTimeout(tick, 200)
  }
  tick()
}

// ---------------------------------------------------------------------------------------------
// Badge cards

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

function achievementOf(c: WalletCredential): Record<string, unknown> | undefined {
  const subject = Array.isArray(c.credential.credentialSubject) ? c.credential.credentialSubject[0] : c.credential.credentialSubject
  return obj(obj(subject)?.achievement)
}

/** Clock hours: what the subject earned, or what the achievement offers. */
function hoursOf(c: WalletCredential): number | undefined {
  const subject = obj(Array.isArray(c.credential.credentialSubject) ? c.credential.credentialSubject[0] : c.credential.credentialSubject)
  const earned = subject?.creditsEarned ?? achievementOf(c)?.creditsAvailable
  return typeof earned === 'number' && Number.isFinite(earned) && earned >= 0 ? earned : undefined
}

function imageOf(c: WalletCredential): string | undefined {
  const image = achievementOf(c)?.image ?? c.credential.image
  const url = str(image) ?? str(obj(image)?.id)
  return url !== undefined && url.startsWith('data:image/') ? url : undefined
}

function dateWords(iso: string | null | undefined): string | undefined {
  if (iso === null || iso === undefined) return undefined
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })
}

function badgeCard(c: WalletCredential, evidence: ArtifactStatusEntry[], shares: ShareInfo[]): HTMLElement {
  const check = checks.get(c.id) ?? { verdict: c.state === 'verified' ? 'verified' as const : verdictOf(c.report), words: reportWords(c.report) }
  const report = c.report as VerificationReport
  const confirmed = isIssuerConfirmed(report)
  const issuerName = c.issuer.name ?? c.issuer.id ?? 'an unknown issuer'
  const achievement = achievementOf(c)
  const criteria = str(obj(achievement?.criteria)?.narrative)
  const description = str(achievement?.description)
  const hours = hoursOf(c)
  const endorsements = (report.endorsements ?? []).filter((e) => e.verified)
  const image = imageOf(c)
  const titleId = `badge-${cssId(c.id)}`
  const attach = h('input', { id: `attach-${cssId(c.id)}`, type: 'file', multiple: true, 'data-ob3-attach': true, class: 'file' })
  attach.addEventListener('change', () => void attachFiles(c, Array.from(attach.files ?? [])))
  const share = h('button', { type: 'button', class: 'btn btn--primary', 'data-ob3-share': true, disabled: c.state !== 'verified', 'aria-describedby': c.state === 'verified' ? undefined : `${titleId}-state` }, 'Share')
  share.addEventListener('click', () => {
    shareFor = c.id
    lastShare = undefined
    void render().then(() => document.getElementById('share-title')?.focus())
  })
  const again = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Check again')
  again.addEventListener('click', () => void busy(again, 'Checking…', () => recheck(c)))
  const activeShare = [...shares].reverse().find((s) => s.state === 'active' && s.credentialIds.includes(c.id))
  const certificate = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Certificate')
  certificate.addEventListener('click', () => void printCertificate(c, activeShare?.link))
  const note = notes.get(c.id)
  const stateLabel = check.verdict === 'verified' ? 'Verified' : check.verdict === 'not-yet-checked' ? 'Not yet checked' : 'Not verified'
  return h('article', { class: `card card--${check.verdict}`, 'data-ob3-badge': true, 'data-ob3-credential-id': c.id, 'data-ob3-subject': c.subject ?? undefined, 'data-ob3-check': check.verdict, 'aria-labelledby': titleId },
    h('div', { class: 'card__head' },
      image === undefined ? h('div', { class: 'medal', 'aria-hidden': 'true' }, initials(c.name ?? '?')) : h('img', { class: 'medal', src: image, alt: '' }),
      h('div', null,
        h('h2', { id: titleId, class: 'card__title' }, c.name ?? 'A badge without a name'),
        h('p', { class: 'card__issuer' }, confirmed ? `Issued by ${issuerName}` : `Says it is from ${issuerName}`, ' ',
          h('span', { class: confirmed ? 'tag tag--ok' : 'tag tag--warn' }, confirmed ? 'issuer confirmed' : 'issuer not confirmed')))),
    h('p', { class: `state state--${check.verdict}`, id: `${titleId}-state` }, h('strong', null, `${stateLabel}. `), check.words),
    h('dl', { class: 'facts' },
      fact('Issued', dateWords(c.validFrom)),
      fact('Expires', dateWords(c.validUntil) ?? 'Never'),
      hours === undefined ? null : fact('Clock hours', String(hours)),
      endorsements.length === 0 ? null : fact('Endorsed by', endorsements.map((e) => e.endorser.name ?? e.endorser.id ?? 'an endorser').join(', '))),
    description === undefined && criteria === undefined ? null : h('details', { class: 'more' }, h('summary', null, 'What it is for'),
      description === undefined ? null : h('p', null, description),
      criteria === undefined ? null : h('p', null, h('strong', null, 'Criteria: '), criteria)),
    evidence.length === 0 ? null : h('div', { class: 'evidence' },
      h('h3', null, 'Evidence'),
      h('ul', null, evidence.map((e) => h('li', { class: `ev ev--${e.state}`, 'data-ob3-evidence': e.state },
        h('span', { class: 'ev__name' }, e.evidence), ' ',
        h('span', { class: 'ev__state' }, e.state === 'present' ? `in your vault${e.artifact?.name && e.artifact.name !== e.evidence ? ` (${e.artifact.name})` : ''}` : e.state === 'missing' ? 'not in your vault yet' : 'your file is not the one assessed')))),
      attach, h('label', { for: `attach-${cssId(c.id)}`, class: 'btn btn--quiet attach' }, 'Attach evidence files…'),
      note === undefined ? null : h('p', { class: note.ok ? 'note note--ok' : 'note note--bad', role: 'status', 'data-ob3-attach-result': true }, note.text)),
    h('div', { class: 'actions' }, share, again, certificate,
      activeShare === undefined ? null : h('a', { class: 'btn btn--quiet', href: linkedInUrl(c, activeShare.link), target: '_blank', rel: 'noopener noreferrer' }, 'Add to LinkedIn')))
}

function fact(term: string, value: string | undefined): Child {
  return value === undefined ? null : [h('dt', null, term), h('dd', null, value)]
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('') || '★'
}

function cssId(id: string): string {
  let hash = 0
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return hash.toString(36)
}

/** Attach files to a badge: each is checked against its evidence digests and refused with the reason when it matches none. */
async function attachFiles(c: WalletCredential, files: File[]): Promise<void> {
  const w = wallet
  if (w === undefined) return
  const said: string[] = []
  let ok = true
  for (const file of files) {
    try {
      await w.addArtifact({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, ...(file.type === '' ? {} : { mediaType: file.type }), credentialId: c.id })
      said.push(`${file.name}: kept — it is the file the issuer assessed.`)
    } catch (err) {
      ok = false
      said.push(isOb3Error(err, 'ERR_OB3_ARTIFACT_MISMATCH')
        ? `${file.name} was refused: it is not any of the files this badge's evidence names (its fingerprint matches none of them).`
        : isOb3Error(err, 'ERR_OB3_WALLET_ARTIFACT_TOO_LARGE') ? `${file.name} was refused: files are at most 100 MiB.` : `${file.name} was refused: ${messageOf(err)}`)
    }
  }
  notes.set(c.id, { ok, text: said.join(' ') })
  await render()
  announce(said.join(' '))
}

// ---------------------------------------------------------------------------------------------
// Sharing

const EXPIRIES: [string, number][] = [['1 day', 1], ['1 week', 7], ['30 days', 30], ['90 days', 90]]

function sharePanel(credentials: WalletCredential[], statuses: Map<string, ArtifactStatusEntry[]>): HTMLElement {
  const shareable = credentials.filter((c) => c.state === 'verified')
  const groups = shareable.map((c) => {
    const present = (statuses.get(c.id) ?? []).filter((e) => e.state === 'present' && e.artifact !== null)
    const id = `share-badge-${cssId(c.id)}`
    return h('fieldset', { class: 'pick' },
      h('legend', null, h('input', { type: 'checkbox', id, value: c.id, 'data-ob3-share-badge': true, checked: c.id === shareFor }), ' ', h('label', { for: id }, c.name ?? c.id)),
      present.length === 0 ? h('p', { class: 'hint' }, 'No evidence files in your vault for this badge.') : h('ul', { class: 'pick__files' }, present.map((e) => {
        const fid = `share-file-${cssId(c.id)}-${cssId(e.artifact?.digest ?? '')}`
        return h('li', null, h('input', { type: 'checkbox', id: fid, value: e.artifact?.digest, 'data-ob3-share-artifact': true, 'data-ob3-for': c.id }), ' ',
          h('label', { for: fid }, `${e.artifact?.name ?? e.evidence} (${sizeWords(e.artifact?.size ?? 0)})`))
      })))
  })
  const expiry = h('select', { id: 'share-expiry', 'data-ob3-share-expiry': true }, EXPIRIES.map(([label, days]) => h('option', { value: String(days), selected: days === 7 }, label)))
  const create = h('button', { type: 'submit', class: 'btn btn--primary', 'data-ob3-share-create': true }, 'Create the link')
  const close = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Close')
  close.addEventListener('click', () => { shareFor = undefined; lastShare = undefined; void render() })
  const error = h('p', { class: 'error', role: 'alert' })
  const form = h('form', { class: 'share-form' },
    h('p', null, 'Choose the badges and, for each, the evidence files the person you share with may see.'),
    groups,
    h('div', { class: 'row' }, h('label', { for: 'share-expiry', class: 'row__label' }, 'The link works for'), expiry),
    h('p', { class: 'hint' }, shareHost === undefined
      ? 'The whole share goes in the link itself (no share host is set up), so it cannot be revoked and must be small.'
      : `An encrypted copy goes to ${new URL(shareHost).host}; the key is only in the link. You can revoke it any time.`),
    error,
    h('div', { class: 'actions' }, create, close))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const credentialIds = Array.from(form.querySelectorAll<HTMLInputElement>('[data-ob3-share-badge]:checked')).map((i) => i.value)
    const artifactDigests = Array.from(form.querySelectorAll<HTMLInputElement>('[data-ob3-share-artifact]:checked')).filter((i) => credentialIds.includes(i.dataset.ob3For ?? '')).map((i) => i.value)
    if (credentialIds.length === 0) {
      error.textContent = 'Choose at least one badge.'
      return
    }
    void busy(create, 'Creating…', async () => {
      const w = wallet
      if (w === undefined) return
      try {
        const expiresAt = new Date(Date.now() + Number(expiry.value) * 86_400_000)
        const made = await w.share({ credentialIds, artifactDigests, expiresAt, baseUrl: verifierUrl, ...(upload === undefined ? {} : { upload, revocable: true }) })
        lastShare = { link: made.link, share: made.share }
      } catch (err) {
        error.textContent = isOb3Error(err, 'ERR_OB3_SHARE_LINK_TOO_LONG')
          ? 'This is too much to fit in a link without a share host: choose fewer or smaller files.'
          : `The share could not be made: ${messageOf(err)}`
        return
      }
      await render()
      document.getElementById('share-result-title')?.focus()
      announce('The link is ready.')
    })
  })
  return h('section', { class: 'panel share', 'aria-labelledby': 'share-title' },
    h('h2', { id: 'share-title', tabindex: '-1' }, 'Share'),
    lastShare === undefined ? form : shareResult(lastShare.link, lastShare.share, credentials))
}

function shareResult(link: string, share: ShareInfo, credentials: WalletCredential[]): HTMLElement {
  const qr = makeQr(link)
  const label = 'QR code of the share link'
  const img = h('img', { class: 'qr', alt: label, 'data-ob3-share-qr': true, 'data-ob3-qr-version': String(qr.version), width: '240', height: '240' })
  void qrPng(qr).then(({ dataUrl }) => { img.src = dataUrl })
  const copy = h('button', { type: 'button', class: 'btn' }, 'Copy link')
  copy.addEventListener('click', () => void navigator.clipboard.writeText(link).then(() => announce('Link copied.'), () => announce('Copying is not allowed here: select the link and copy it.')))
  const full = h('button', { type: 'button', class: 'btn' }, 'Show full screen')
  full.addEventListener('click', () => showFullQr(qr, link))
  const png = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Download PNG')
  png.addEventListener('click', () => void qrPng(qr, 16).then(({ blob }) => download('badge-share-qr.png', blob)))
  const svgButton = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Download SVG')
  svgButton.addEventListener('click', () => download('badge-share-qr.svg', new Blob([qrSvg(qr, label)], { type: 'image/svg+xml' })))
  const shared = credentials.filter((c) => share.credentialIds.includes(c.id))
  const certificate = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Print certificate')
  certificate.addEventListener('click', () => { if (shared[0] !== undefined) void printCertificate(shared[0], link) })
  const another = h('button', { type: 'button', class: 'btn btn--quiet' }, 'Share something else')
  another.addEventListener('click', () => { lastShare = undefined; void render() })
  return h('div', { class: 'result' },
    h('h3', { id: 'share-result-title', tabindex: '-1' }, 'Your link is ready'),
    h('p', null, `It works until ${dateWords(share.expiresAt)}${share.kind === 'hosted' ? ', or until you revoke it' : ''}. ${share.artifactDigests.length === 0 ? 'No evidence files are in it.' : `${share.artifactDigests.length} evidence file${share.artifactDigests.length === 1 ? ' is' : 's are'} in it.`}`),
    h('div', { class: 'result__body' },
      img,
      h('div', null,
        h('p', { class: 'link' }, h('a', { href: link, 'data-ob3-share-link': true, target: '_blank', rel: 'noopener noreferrer' }, link)),
        qr.version > MAX_QR_VERSION ? h('p', { class: 'hint' }, 'This link is long, so its QR code is dense: a share host keeps codes small.') : null,
        h('div', { class: 'actions' }, copy, full, png, svgButton, certificate,
          shared.map((c) => h('a', { class: 'btn btn--quiet', href: linkedInUrl(c, link), target: '_blank', rel: 'noopener noreferrer' }, shared.length === 1 ? 'Add to LinkedIn' : `Add “${c.name ?? 'badge'}” to LinkedIn`)),
          another))))
}

/** The QR code over the whole screen, for showing across a table. */
function showFullQr(qr: ReturnType<typeof makeQr>, link: string): void {
  const dialog = h('dialog', { class: 'fullqr', 'aria-label': 'QR code of the share link, full screen' })
  const img = h('img', { alt: 'QR code of the share link' })
  void qrPng(qr, 12).then(({ dataUrl }) => { img.src = dataUrl })
  const close = h('button', { type: 'button', class: 'btn btn--primary' }, 'Close')
  close.addEventListener('click', () => dialog.close())
  dialog.addEventListener('close', () => dialog.remove())
  dialog.append(img, h('p', { class: 'fullqr__link' }, link), close)
  document.body.append(dialog)
  dialog.showModal()
  close.focus()
}

/** LinkedIn's add-to-profile (certification) address, filled with the badge, its issuer and the share link. */
function linkedInUrl(c: WalletCredential, link: string): string {
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: c.name ?? 'Open Badge', organizationName: c.issuer.name ?? c.issuer.id ?? '' })
  const from = c.validFrom === null ? undefined : new Date(c.validFrom)
  if (from !== undefined && !Number.isNaN(from.getTime())) {
    params.set('issueYear', String(from.getUTCFullYear()))
    params.set('issueMonth', String(from.getUTCMonth() + 1))
  }
  const until = c.validUntil === null ? undefined : new Date(c.validUntil)
  if (until !== undefined && !Number.isNaN(until.getTime())) {
    params.set('expirationYear', String(until.getUTCFullYear()))
    params.set('expirationMonth', String(until.getUTCMonth() + 1))
  }
  params.set('certUrl', link)
  return `https://www.linkedin.com/profile/add?${params.toString()}`
}

/** A one-page certificate with its QR code and link, printed (or saved as PDF) by the browser. */
async function printCertificate(c: WalletCredential, link: string | undefined): Promise<void> {
  document.getElementById('certificate')?.remove()
  const qrImage = link === undefined ? null : h('img', { class: 'cert__qr', alt: 'QR code of the link that checks this badge', src: (await qrPng(makeQr(link))).dataUrl })
  const subjectName = c.subject ?? ''
  const cert = h('section', { id: 'certificate', class: 'cert', 'aria-label': 'Certificate' },
    h('p', { class: 'cert__kicker' }, 'Certificate of achievement'),
    h('h1', { class: 'cert__name' }, c.name ?? 'Open Badge'),
    h('p', null, `Issued by ${c.issuer.name ?? c.issuer.id ?? 'its issuer'}${c.validFrom === null ? '' : ` on ${dateWords(c.validFrom)}`}`),
    hoursOf(c) === undefined ? null : h('p', null, `${hoursOf(c)} clock hours`),
    str(achievementOf(c)?.description) === undefined ? null : h('p', { class: 'cert__desc' }, str(achievementOf(c)?.description)),
    subjectName === '' || subjectName.startsWith('did:') ? null : h('p', { class: 'cert__holder' }, `Held by ${subjectName}`),
    qrImage,
    link === undefined ? h('p', null, 'Share this badge to put a link that checks it on this certificate.') : h('p', { class: 'cert__link' }, `Check it: ${link}`),
    h('p', { class: 'cert__foot' }, 'An Open Badges 3.0 credential, signed by its issuer. Scan the code to check it.'))
  document.body.append(cert)
  root.classList.add('printing')
  const done = () => {
    root.classList.remove('printing')
    cert.remove()
    window.removeEventListener('afterprint', done)
  }
  window.addEventListener('afterprint', done)
  window.print()
}

// ---------------------------------------------------------------------------------------------
// Clock hours, shares, backup

function hoursPanel(credentials: WalletCredential[]): HTMLElement | null {
  const byEndorser = new Map<string, number>()
  for (const c of credentials) {
    const hours = hoursOf(c)
    if (hours === undefined || c.state !== 'verified') continue
    const endorsers = ((c.report as VerificationReport).endorsements ?? []).filter((e) => e.verified).map((e) => e.endorser.name ?? e.endorser.id ?? 'an endorser')
    for (const who of endorsers.length === 0 ? ['Not endorsed'] : [...new Set(endorsers)]) byEndorser.set(who, (byEndorser.get(who) ?? 0) + hours)
  }
  if (byEndorser.size === 0) return null
  return h('section', { class: 'panel', 'aria-labelledby': 'hours-title' },
    h('h2', { id: 'hours-title' }, 'Clock hours by endorser'),
    h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Endorser'), h('th', { scope: 'col', class: 'num' }, 'Clock hours'))),
      h('tbody', null, [...byEndorser].map(([who, hours]) => h('tr', null, h('td', null, who), h('td', { class: 'num' }, String(hours)))))))
}

function sharesPanel(shares: ShareInfo[], credentials: WalletCredential[]): HTMLElement | null {
  if (shares.length === 0) return null
  const names = new Map(credentials.map((c) => [c.id, c.name ?? 'a badge']))
  return h('section', { class: 'panel', 'aria-labelledby': 'shares-title' },
    h('h2', { id: 'shares-title' }, 'Your shares'),
    h('ul', { class: 'shares' }, [...shares].reverse().map((s) => {
      const revoke = s.kind === 'hosted' && s.state === 'active' && upload !== undefined ? h('button', { type: 'button', class: 'btn btn--danger', 'data-ob3-revoke': s.id }, 'Revoke') : null
      revoke?.addEventListener('click', () => void busy(revoke, 'Revoking…', async () => {
        try {
          await wallet?.revokeShare(s.id, upload === undefined ? {} : { upload })
          announce('The share is revoked: the link no longer opens.')
        } catch (err) {
          announce(`The share could not be revoked: ${messageOf(err)}`)
        }
        await render()
      }))
      return h('li', { class: `sh sh--${s.state}`, 'data-ob3-share-id': s.id, 'data-ob3-share-state': s.state },
        h('div', null,
          h('strong', null, s.credentialIds.map((id) => names.get(id) ?? 'a badge').join(', ')),
          h('span', { class: 'muted' }, ` · ${s.artifactDigests.length} file${s.artifactDigests.length === 1 ? '' : 's'} · `,
            s.state === 'active' ? `works until ${dateWords(s.expiresAt)}` : s.state === 'revoked' ? `revoked ${dateWords(s.revokedAt)}` : `expired ${dateWords(s.expiresAt)}`)),
        h('div', { class: 'actions' }, s.state === 'active' ? h('a', { class: 'btn btn--quiet', href: s.link, target: '_blank', rel: 'noopener noreferrer' }, 'Open') : null, revoke))
    })))
}

function backupPanel(): HTMLElement {
  const pass = h('input', { id: 'backup-passphrase', type: 'password', autocomplete: 'current-password', 'data-ob3-backup-passphrase': true, required: true })
  const button = h('button', { type: 'submit', class: 'btn', 'data-ob3-backup': true }, 'Download encrypted backup')
  const error = h('p', { class: 'error', role: 'alert' })
  const form = h('form', { class: 'panel', 'aria-labelledby': 'backup-title' },
    h('h2', { id: 'backup-title' }, 'Backup'),
    h('p', null, 'One encrypted file with your badges, evidence files, shares and key. Restore it in another browser, or with the ob3 wallet command.'),
    h('label', { for: 'backup-passphrase' }, 'Your passphrase'), pass, error, button)
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void busy(button, 'Encrypting…', async () => {
      error.textContent = ''
      try {
        const bytes = await (wallet as Wallet).exportWallet(pass.value)
        download(`ob3-wallet-${new Date().toISOString().slice(0, 10)}.ob3backup`, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))
        pass.value = ''
        announce('The backup is downloaded.')
      } catch (err) {
        error.textContent = isOb3Error(err, 'ERR_OB3_WALLET_PASSPHRASE') ? 'That is not this wallet’s passphrase.' : messageOf(err)
      }
    })
  })
  return form
}

// ---------------------------------------------------------------------------------------------
// Helpers

function sizeWords(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`
}

function messageOf(err: unknown): string {
  if (isOb3Error(err)) {
    switch (err.code) {
      case 'ERR_OB3_FORMAT_UNKNOWN': return 'the file is not a badge (JSON, JWT, PNG or SVG with a badge in it).'
      case 'ERR_OB3_PNG_NO_CREDENTIAL': return 'the image has no badge baked into it.'
      case 'ERR_OB3_SHARE_GONE': return 'the share has expired or was revoked by its holder.'
      case 'ERR_OB3_SHARE_UPLOAD_FAILED': return `the share host did not take it (${err.message}).`
      case 'ERR_OB3_FETCH_FORBIDDEN': return 'the link points at an address the wallet does not fetch from (https only).'
      default: return err.message
    }
  }
  if (err instanceof Error) return err.message
  return String(err)
}

/** Run `work` with `button` disabled and saying what happens; the page is marked busy meanwhile. */
async function busy(button: HTMLButtonElement, label: string, work: () => Promise<void>): Promise<void> {
  const before = button.textContent
  button.disabled = true
  button.textContent = label
  root.setAttribute('aria-busy', 'true')
  try {
    await work()
  } catch (err) {
    announce(messageOf(err))
  } finally {
    button.disabled = false
    button.textContent = before
    root.removeAttribute('aria-busy')
  }
}

export { failureWords }
void start()
