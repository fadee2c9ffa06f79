/**
 * The ob3 verification page. It reads a share link's fragment (or a file the person drops,
 * chooses or pastes), opens the share — decoding an inline one, or fetching and decrypting a
 * hosted bundle — runs `verify()` on the presentation with the shared files, and shows the result.
 *
 * The root element says where it is: `data-ob3-state` is `loading`, then `done` (or `idle` while
 * waiting for a file), and once done `data-ob3-verified` is `"true"` or `"false"`.
 *
 * Nothing is sent anywhere: the fragment never leaves the browser; the page fetches only a hosted
 * bundle and what verification needs (DID documents, status lists), through the verifier's safe
 * fetch (https only, no private addresses — unless the server that serves the page opted in with
 * `<meta name="ob3-allow-private-network" content="true">`), except from the page's own origin,
 * which is read as it is: the service's own status lists work on `http://127.0.0.1` too. A server with trust registries says
 * where they are in `<meta name="ob3-trust-registries" content="trust-registries.json">`; the page
 * reads them from its own origin and passes them to `verify`.
 * @packageDocumentation
 */
import { verify, type TrustRegistry } from '../src/index.js'
import { h } from './lib/dom.js'
import { icon } from './lib/graphics.js'
import { credentialDocuments, isShareFragment, openFile, openFragment, openText, type OpenedInput } from './lib/open-input.js'
import { renderResult } from './lib/render.js'
import { isOb3Error } from './lib/share.js'
import { combineRegistries, loadPageRegistries } from './lib/trust.js'
import { servedResourceFetch, servedResourceUrls } from './lib/served-resources.js'
import { pageOriginFetch } from './lib/origin-fetch.js'

const root = document.documentElement
const app = document.getElementById('app') as HTMLElement
const live = document.getElementById('live') as HTMLElement
const allowPrivateNetwork = document.querySelector('meta[name="ob3-allow-private-network"]')?.getAttribute('content') === 'true'
/** Where the page's server publishes its trust registries (empty: it has none). */
const registriesPath = document.querySelector('meta[name="ob3-trust-registries"]')?.getAttribute('content') ?? ''

/** The server's registries, read once. */
let registries: Promise<{ registries: TrustRegistry[]; error?: string }> | undefined
function pageRegistries(): Promise<{ registries: TrustRegistry[]; error?: string }> {
  registries ??= registriesPath === ''
    ? Promise.resolve({ registries: [] })
    : loadPageRegistries(new URL(registriesPath, location.href), location.origin, globalThis.fetch.bind(globalThis))
      .then((list) => ({ registries: list }), (err: unknown) => ({ registries: [], error: err instanceof Error ? err.message : String(err) }))
  return registries
}
/** The network, or the copies the page's server hands out (`ob3 page --resources`) for the URLs it lists. */
const resourcesIndex = document.querySelector('meta[name="ob3-resources"]')?.getAttribute('content')
const pageFetch = servedResourceFetch(globalThis.fetch.bind(globalThis), resourcesIndex)
/** The URLs the server maps, read once: the JSON-LD contexts among them are accepted. */
let servedUrls: Promise<string[]> | undefined

/** blob: URLs of the current view, revoked when it is replaced. */
let objectUrls: string[] = []
/** Each run gets a number; a run that was overtaken (a new fragment, a new file) shows nothing. */
let runs = 0

function objectUrl(blob: Blob): string {
  const url = URL.createObjectURL(blob)
  objectUrls.push(url)
  return url
}

function clearView(): void {
  for (const url of objectUrls) URL.revokeObjectURL(url)
  objectUrls = []
  delete root.dataset.ob3Verified
  delete root.dataset.ob3Error
}

function setLoading(message: string): void {
  root.dataset.ob3State = 'loading'
  root.setAttribute('aria-busy', 'true')
  app.replaceChildren(h('section', { class: 'card loading', 'aria-labelledby': 'loading-title' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('h1', { id: 'loading-title' }, 'Checking the badge…'),
    h('p', null, message)))
  live.textContent = message
}

function finish(verified: boolean, title: string): void {
  root.dataset.ob3State = 'done'
  root.dataset.ob3Verified = String(verified)
  root.removeAttribute('aria-busy')
  document.title = `${verified ? 'Verified' : 'Not verified'}: ${title} — ob3`
  live.textContent = verified ? `Verified: ${title}` : `Not verified: ${title}`
  const heading = document.getElementById('verdict-title')
  heading?.focus({ preventScroll: true })
}

/** Read the fragment and act on it. */
async function route(): Promise<void> {
  const fragment = location.hash.replace(/^#/, '')
  // An in-page anchor (#main) is not an input: leave the view as it is.
  if (runs > 0 && /^[A-Za-z][\w-]*$/.test(fragment) && document.getElementById(fragment) !== null) return
  const run = ++runs
  clearView()
  if (fragment === '') return showInput()
  if (!isShareFragment(fragment)) return showInput('The link’s fragment (after #) is not an ob3 share. Check that the whole link was copied.')
  setLoading(fragment.startsWith('ob3s1.h.') ? 'Fetching the encrypted share and opening it with the key in the link…' : 'Opening the share…')
  const contacted = new Set<string>()
  const fetch = recordingFetch(contacted)
  let opened: OpenedInput
  try {
    opened = await openFragment(fragment, { fetch, allowPrivateNetwork, pageOrigin: location.origin })
  } catch (err) {
    if (run === runs) showError('This share could not be opened', err)
    return
  }
  if (run !== runs) return
  await verifyAndShow(opened, run, contacted, fetch)
}

async function verifyAndShow(opened: OpenedInput, run: number, contacted: Set<string>, fetch: typeof globalThis.fetch): Promise<void> {
  setLoading('Checking the signatures, dates, revocation and endorsements…')
  try {
    const trusted = await pageRegistries()
    const trust = combineRegistries(trusted.registries)
    const checkedAt = new Date()
    servedUrls ??= servedResourceUrls(globalThis.fetch.bind(globalThis), resourcesIndex)
    const allowContexts = await servedUrls
    const report = await verify({
      input: opened.input,
      label: opened.label,
      // The service that serves the page is read as it is (its own http status list included).
      fetch: pageOriginFetch(fetch, location.origin, allowPrivateNetwork),
      allowPrivateNetwork,
      now: checkedAt,
      artifacts: opened.files.map((f) => ({ name: f.name, bytes: f.bytes })),
      ...(allowContexts.length === 0 ? {} : { allowContexts }),
      // The server's lists inform; an issuer not on them is a remark, not a failure.
      ...(trust === undefined ? {} : { trust, trustPolicy: 'warn' as const }),
    })
    const documents = await credentialDocuments(opened.input)
    if (run !== runs) return
    clearView()
    app.replaceChildren(renderResult({
      report, documents, opened, contacted: [...contacted], checkedAt, objectUrl, registries: trusted.registries,
      ...(trusted.error === undefined ? {} : { registryError: trusted.error }),
    }))
    finish(report.verified, report.credential?.name ?? 'the badge')
  } catch (err) {
    if (run === runs) showError('This badge could not be checked', err)
  }
}

/** A fetch that notes which hosts it reached, for the page to say so. */
function recordingFetch(contacted: Set<string>): typeof globalThis.fetch {
  return ((input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    try {
      contacted.add(new URL(href, location.href).host)
    } catch {
      // not a URL: fetch will say so
    }
    return pageFetch(input, init)
  }) as typeof globalThis.fetch
}

function showError(title: string, err: unknown): void {
  const code = isOb3Error(err) ? err.code : undefined
  const message = err instanceof Error ? err.message : String(err)
  app.replaceChildren(
    h('section', { class: 'verdict verdict--fail', 'aria-labelledby': 'verdict-title', id: 'verdict' },
      icon('failed'),
      h('div', { class: 'verdict__body' },
        h('h1', { id: 'verdict-title', tabindex: '-1' }, 'Not verified'),
        h('p', { class: 'verdict__summary' }, `${title}.`),
        h('ul', { class: 'verdict__failures' }, h('li', null, h('strong', null, `${explain(code)} `), h('span', { class: 'detail' }, message, code === undefined ? null : h('code', null, ` ${code}`)))),
      )),
    h('p', { class: 'fineprint' }, h('a', { href: './', class: 'button button--quiet' }, 'Check another badge')),
  )
  if (code !== undefined) root.dataset.ob3Error = code
  finish(false, title)
}

function explain(code: string | undefined): string {
  switch (code) {
    case 'ERR_OB3_SHARE_GONE': return 'The share is no longer available: its owner revoked it, or it expired.'
    case 'ERR_OB3_SHARE_DECRYPT_FAILED': return 'The share does not open with the key in this link: the link is incomplete, or the share was altered.'
    case 'ERR_OB3_SHARE_LINK_INVALID': return 'The link is damaged or incomplete.'
    case 'ERR_OB3_FETCH_FORBIDDEN': return 'The share is kept at an address this page does not fetch from.'
    case 'ERR_OB3_FETCH_FAILED': return 'The share could not be fetched.'
    case 'ERR_OB3_INPUT_TOO_LARGE': return 'It is too large to check here.'
    default: return 'Something went wrong.'
  }
}

/** The start view: drop, choose or paste a badge. */
function showInput(notice?: string): void {
  root.dataset.ob3State = 'idle'
  root.removeAttribute('aria-busy')
  document.title = 'Check an Open Badge — ob3'
  const file = h('input', { type: 'file', id: 'file', class: 'visually-hidden', accept: '.json,.jwt,.jws,.png,.svg,application/json,image/png,image/svg+xml,text/plain' })
  file.addEventListener('change', () => {
    const chosen = file.files?.[0]
    if (chosen !== undefined) void verifyFile(chosen)
  })
  const text = h('textarea', { id: 'paste', rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: 'https://…#ob3s1.…  or  {"@context": …}  or  eyJhbGciOi…' })
  const form = h('form', { class: 'paste' },
    h('label', { for: 'paste' }, 'Or paste a share link, a credential (JSON) or a VC-JWT'),
    text,
    h('button', { type: 'submit', class: 'button' }, 'Check'))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const value = text.value.trim()
    if (value === '') return
    const at = value.indexOf('#ob3s1.')
    if (at >= 0 || value.startsWith('ob3s1.')) {
      location.hash = at >= 0 ? value.slice(at + 1) : value
      return
    }
    const run = ++runs
    const contacted = new Set<string>()
    void verifyAndShow(openText(value), run, contacted, recordingFetch(contacted))
  })
  app.replaceChildren(h('section', { class: 'card intro', 'aria-labelledby': 'intro-title' },
    h('h1', { id: 'intro-title' }, 'Check an Open Badge'),
    notice === undefined ? null : h('p', { class: 'notice', role: 'alert' }, notice),
    h('p', null, 'Open a share link to see a badge and whether it is genuine. You can also check a badge file: it is read in this browser and sent nowhere.'),
    h('div', { class: 'dropzone', id: 'dropzone' },
      h('p', null, h('strong', null, 'Drop a badge file here'), ' — a baked PNG or SVG badge, a credential (.json) or a VC-JWT (.jwt)'),
      file,
      h('label', { for: 'file', class: 'button' }, 'Choose a file')),
    form,
  ))
}

async function verifyFile(file: File): Promise<void> {
  const run = ++runs
  clearView()
  if (location.hash !== '') history.replaceState(null, '', location.pathname + location.search)
  setLoading(`Reading ${file.name}…`)
  let opened: OpenedInput
  try {
    opened = await openFile(file)
  } catch (err) {
    if (run === runs) showError('This file could not be read', err)
    return
  }
  const contacted = new Set<string>()
  await verifyAndShow(opened, run, contacted, recordingFetch(contacted))
}

// Dropping or pasting a file anywhere on the page checks it.
document.addEventListener('dragover', (event) => {
  if (event.dataTransfer?.types.includes('Files') !== true) return
  event.preventDefault()
  root.classList.add('dragging')
})
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) root.classList.remove('dragging')
})
document.addEventListener('drop', (event) => {
  root.classList.remove('dragging')
  const dropped = event.dataTransfer?.files[0]
  if (dropped === undefined) return
  event.preventDefault()
  void verifyFile(dropped)
})
document.addEventListener('paste', (event) => {
  const pasted = event.clipboardData?.files[0]
  if (pasted === undefined) return
  event.preventDefault()
  void verifyFile(pasted)
})
// The skip link moves focus without touching the fragment, which holds the share.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault()
  document.getElementById('main')?.focus()
})
window.addEventListener('hashchange', () => void route())
void route()
