/**
 * Turn what the page was given — a share link's fragment, a dropped or chosen file, pasted
 * text — into what `verify()` takes, plus the shared files and what to show of them.
 * @packageDocumentation
 */
import { createSafeFetch, loadInput, MAX_INPUT_BYTES, type VerifyInput } from '../../src/index.js'
import { fromBase64Url, Ob3Error, openShareLink } from './share.js'
import { list, obj, str } from './badge-view.js'

/** A file shared with the presentation (an artifact), as bytes. */
export interface SharedFile {
  name: string
  mediaType: string
  bytes: Uint8Array
}

/** An input, opened and ready to verify. */
export interface OpenedInput {
  input: VerifyInput
  /** How the report names the input. Never the link itself: its fragment holds the key. */
  label: string
  source: 'inline share' | 'hosted share' | 'file' | 'pasted text'
  files: SharedFile[]
  /** For a baked PNG or SVG badge: the file itself, shown as the badge image. */
  badgeImage?: Blob
  /** For a hosted share: the host the bundle came from. */
  bundleHost?: string
}

/** Options of {@link openFragment}. */
export interface OpenFragmentOptions {
  /** The page's fetch. */
  fetch: typeof fetch
  /** Let the bundle fetch reach http:, loopback and private hosts (a local test or intranet page). */
  allowPrivateNetwork: boolean
  /** The page's own origin: a bundle on the page's own host is always fetched. */
  pageOrigin: string
}

/** Whether a fragment (without `#`) is an ob3 share. */
export function isShareFragment(fragment: string): boolean {
  return fragment.startsWith('ob3s1.')
}

/**
 * Open a share from the URL fragment: decode an inline share, or fetch and decrypt a hosted
 * bundle (through the safe fetch; the key never leaves the page).
 * @throws Ob3Error from `openShareLink` (`ERR_OB3_SHARE_LINK_INVALID`, `ERR_OB3_SHARE_GONE`, `ERR_OB3_SHARE_DECRYPT_FAILED`, `ERR_OB3_FETCH_*`)
 */
export async function openFragment(fragment: string, options: OpenFragmentOptions): Promise<OpenedInput> {
  const safe = createSafeFetch({ fetch: options.fetch, allowPrivate: options.allowPrivateNetwork })
  const bundleFetch = ((url: string | URL | Request, init?: RequestInit) => {
    const href = typeof url === 'string' ? url : url instanceof URL ? url.href : url.url
    return sameOrigin(href, options.pageOrigin) ? options.fetch(url, init) : safe(url, init)
  }) as typeof fetch
  const link = `#${fragment}`
  const document = await openShareLink(link, { fetch: bundleFetch })
  const hosted = fragment.startsWith('ob3s1.h.')
  const files = document.artifacts.map((a, i) => {
    try {
      return { name: a.name, mediaType: a.mediaType, bytes: fromBase64Url(a.data) }
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', `shared file ${i + 1} ("${a.name}") is not valid base64url`, { cause })
    }
  })
  const opened: OpenedInput = { input: document.presentation, label: hosted ? 'hosted share' : 'share link', source: hosted ? 'hosted share' : 'inline share', files }
  const host = hosted ? bundleHostOf(fragment) : undefined
  if (host !== undefined) opened.bundleHost = host
  return opened
}

/**
 * Open a dropped or chosen file: a credential or presentation as JSON, JWT, baked PNG or SVG.
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE` for a file over the verifier's limit
 */
export async function openFile(file: File): Promise<OpenedInput> {
  if (file.size > MAX_INPUT_BYTES) throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${file.name} is ${file.size} bytes; the limit is ${MAX_INPUT_BYTES}`)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const opened: OpenedInput = { input: bytes, label: file.name || 'file', source: 'file', files: [] }
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47
  const svg = !png && /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 512)))
  if (png || svg) opened.badgeImage = new Blob([bytes], { type: png ? 'image/png' : 'image/svg+xml' })
  return opened
}

/** Open pasted text: a credential or presentation (JSON, VC-JWT, SVG). */
export function openText(text: string): OpenedInput {
  return { input: text, label: 'pasted text', source: 'pasted text', files: [] }
}

/**
 * The credentials an input carries, as JSON documents, for display (one for a credential; each
 * of a presentation's). What cannot be read is left out: the report says why.
 */
export async function credentialDocuments(input: VerifyInput): Promise<(Record<string, unknown> | undefined)[]> {
  let loaded
  try {
    loaded = await loadInput(input)
  } catch {
    return []
  }
  if (loaded.kind === 'credential') return [loaded.document]
  const out: (Record<string, unknown> | undefined)[] = []
  for (const item of list(loaded.document.verifiableCredential).slice(0, 64)) {
    try {
      const inner = await loadInput(unwrap(item))
      out.push(inner.kind === 'credential' ? inner.document : undefined)
    } catch {
      out.push(undefined)
    }
  }
  return out
}

const ENVELOPED = /^data:application\/(vc\+jwt|vc\+ld\+json\+jwt|vc-ld\+jwt),/

/** A credential as a presentation carries it: an object, a VC-JWT, or an EnvelopedVerifiableCredential. */
function unwrap(item: unknown): VerifyInput {
  if (typeof item === 'string') return item
  const o = obj(item)
  if (o === undefined) return ''
  const id = str(o.id)
  if (list(o.type).includes('EnvelopedVerifiableCredential') && id !== null && ENVELOPED.test(id)) return decodeURIComponent(id.slice(id.indexOf(',') + 1))
  return o
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

function bundleHostOf(fragment: string): string | undefined {
  try {
    return new URL(new TextDecoder().decode(fromBase64Url(fragment.split('.')[2] ?? ''))).host
  } catch {
    return undefined
  }
}
