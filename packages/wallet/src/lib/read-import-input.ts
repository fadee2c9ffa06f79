/**
 * Internal: recognize what is being imported — JSON, a VC-JWT, a baked PNG or SVG, a share link
 * — and take the credentials (and a share's files) out of it. Nothing is verified here.
 * @packageDocumentation
 */
import {
  Ob3Error, assertSafeJsonValue, decodeVcJwt, extractPng, extractSvg, fetchLimited, fromUtf8, jwsPayload, openShareLink, parseJson, readOb2Input,
  shareArtifactFiles, type BakedCredential, type Ob2Input, type ShareDocument,
} from '@ob3/core'
import type { CredentialFormat, ImportSource } from '../store/types.js'

/** What can be imported: file bytes, text (JSON, a JWT, SVG, a share link) or parsed JSON. */
export type ImportInput = Uint8Array | string | Record<string, unknown>

/** One credential to import. */
export interface ImportCandidate {
  format: CredentialFormat
  source: ImportSource
  /** What is stored: normalized JSON text, or the compact JWS. */
  content: string
  /** The credential JSON. */
  credential: Record<string, unknown>
  /** What the verifier is given for it (the original image for a baked badge). */
  verifyInput: Uint8Array | string | Record<string, unknown>
}

/** What an input holds. */
export type ReadInput =
  | { kind: 'credential'; candidate: ImportCandidate }
  | { kind: 'share'; document: ShareDocument; candidates: ImportCandidate[]; files: { name: string; mediaType: string; bytes: Uint8Array }[] }

/** Largest input read, in bytes (as the verifier). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47]
const ENVELOPED = /^data:application\/(vc\+jwt|vc\+ld\+json\+jwt|vc-ld\+jwt),/

/** Read an import input. */
export async function readImportInput(input: ImportInput, fetch: typeof globalThis.fetch | undefined): Promise<ReadInput> {
  // An Open Badges 2.0 assertion (a URL alone is an offer link: fetched, then read like a file).
  const ob2 = typeof input === 'string' && /^https?:\/\/\S+$/.test(input.trim()) ? undefined : readOb2Input(input)
  if (ob2 !== undefined) return { kind: 'credential', candidate: await fromOb2(ob2, input, fetch) }
  if (input instanceof Uint8Array) {
    if (input.length > MAX_IMPORT_BYTES) throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the input is ${input.length} bytes; the limit is ${MAX_IMPORT_BYTES}`)
    if (PNG_MAGIC.every((b, i) => input[i] === b)) return { kind: 'credential', candidate: fromBaked(await extractPng(input), 'png', input) }
    let text: string
    try {
      text = fromUtf8(input)
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_FORMAT_UNKNOWN', 'the input is neither a PNG nor UTF-8 text', { cause })
    }
    return readText(text, fetch)
  }
  if (typeof input === 'string') return readText(input, fetch)
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    assertSafeJsonValue(input)
    return { kind: 'credential', candidate: fromJson(input, 'json') }
  }
  throw new TypeError('importCredential: input must be bytes, a string or a JSON object')
}

async function readText(raw: string, fetch: typeof globalThis.fetch | undefined): Promise<ReadInput> {
  if (raw.length > MAX_IMPORT_BYTES) throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the input is ${raw.length} characters; the limit is ${MAX_IMPORT_BYTES}`)
  const text = raw.replace(/^\uFEFF/, '').trim()
  if (text.startsWith('{')) return { kind: 'credential', candidate: fromJson(parseJson(text, { maxLength: MAX_IMPORT_BYTES }), 'json') }
  if (text.startsWith('<')) return { kind: 'credential', candidate: fromBaked(await extractSvg(text), 'svg', text) }
  if (JWS.test(text)) return { kind: 'credential', candidate: fromJwt(text, 'jwt') }
  if (text.startsWith('ob3s1.') || /^[a-z][a-z0-9+.-]*:[^#\s]*#ob3s1\./i.test(text)) return readShare(text, fetch)
  if (/^https?:\/\/\S+$/.test(text)) return readOffer(text, fetch)
  throw new Ob3Error('ERR_OB3_FORMAT_UNKNOWN', 'the input is not JSON, a VC-JWT, a PNG, an SVG, an ob3 share link or an offer link')
}

/**
 * An offer link: the address where the issuer hands out the teacher's credential (a JSON
 * credential, a VC-JWT or a baked badge), fetched once through the wallet's fetch and then read
 * like a file.
 */
async function readOffer(url: string, fetch: typeof globalThis.fetch | undefined): Promise<ReadInput> {
  const { body } = await fetchLimited(url, {
    fetch,
    what: 'offered credential',
    maxBytes: MAX_IMPORT_BYTES,
    accept: 'application/vc+ld+json, application/vc+jwt, application/json, image/png, image/svg+xml, text/plain',
  })
  return readImportInput(body, fetch)
}

async function readShare(link: string, fetch: typeof globalThis.fetch | undefined): Promise<ReadInput> {
  const document = await openShareLink(link, { fetch })
  const vp = presentationJson(document.presentation)
  const items = Array.isArray(vp.verifiableCredential) ? vp.verifiableCredential : vp.verifiableCredential === undefined ? [] : [vp.verifiableCredential]
  if (items.length === 0) throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'the shared presentation carries no credential')
  const candidates = items.map((item) => {
    if (typeof item === 'string') return fromJwt(item, 'link')
    const o = item as Record<string, unknown> | null
    if (typeof o !== 'object' || o === null) throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'the shared presentation holds something that is not a credential')
    const id = typeof o.id === 'string' ? o.id : ''
    const types = Array.isArray(o.type) ? o.type : [o.type]
    if (types.includes('EnvelopedVerifiableCredential') && ENVELOPED.test(id)) return fromJwt(decodeURIComponent(id.slice(id.indexOf(',') + 1)), 'link')
    return fromJson(o, 'link')
  })
  return { kind: 'share', document, candidates, files: shareArtifactFiles(document) }
}

/** The presentation JSON of a share: the object, or a VP-JWT's `vp` claim or payload. */
function presentationJson(presentation: ShareDocument['presentation']): Record<string, unknown> {
  if (typeof presentation !== 'string') return presentation
  const { payload } = decodeVcJwt(presentation)
  const vp = payload.vp
  return typeof vp === 'object' && vp !== null && !Array.isArray(vp) ? (vp as Record<string, unknown>) : payload
}

/**
 * An Open Badges 2.0 assertion: kept as its JSON text or its JWS (format `ob2`). A baked badge that
 * holds only its hosted URL is stored with the assertion read from that URL; the verifier is given
 * the original input and reads it again.
 */
async function fromOb2(ob2: Ob2Input, original: ImportInput, fetch: typeof globalThis.fetch | undefined): Promise<ImportCandidate> {
  const source: ImportSource = ob2.format === 'png' || ob2.format === 'svg' ? ob2.format : ob2.format === 'link' ? 'link' : ob2.format === 'jwt' ? 'jwt' : 'json'
  const s = ob2.source
  if (s.kind === 'jws') {
    const credential = jwsPayload(s.jws) as Record<string, unknown>
    assertSafeJsonValue(credential, { label: 'the JWS payload' })
    return { format: 'ob2', source, content: s.jws, credential, verifyInput: original }
  }
  let credential: Record<string, unknown>
  if (s.kind === 'json') credential = s.assertion
  else {
    const { body } = await fetchLimited(s.url, { fetch, what: 'hosted assertion', maxBytes: MAX_IMPORT_BYTES, accept: 'application/ld+json, application/json' })
    const value = parseJson(fromUtf8(body), { maxLength: MAX_IMPORT_BYTES })
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', `${s.url} does not serve an Open Badges 2.0 assertion`)
    credential = value as Record<string, unknown>
  }
  return { format: 'ob2', source, content: JSON.stringify(credential), credential, verifyInput: original }
}

function fromBaked(baked: BakedCredential, source: 'png' | 'svg', original: Uint8Array | string): ImportCandidate {
  const candidate = baked.format === 'jwt' ? fromJwt(baked.jwt, source) : fromJson(baked.credential, source)
  return { ...candidate, verifyInput: original }
}

function fromJson(value: unknown, source: ImportSource): ImportCandidate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'the input is JSON but not a JSON object')
  const credential = value as Record<string, unknown>
  const types = Array.isArray(credential.type) ? credential.type : [credential.type]
  if (types.includes('VerifiablePresentation')) {
    throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'this is a presentation, not a credential: import the credentials it carries, or the share link it came in')
  }
  return { format: 'ldp', source, content: JSON.stringify(credential), credential, verifyInput: credential }
}

function fromJwt(jwt: string, source: ImportSource): ImportCandidate {
  const text = jwt.trim()
  const decoded = decodeVcJwt(text)
  assertSafeJsonValue(decoded.payload, { label: 'the JWT payload' })
  const credential = { ...decoded.credential }
  if (credential.id === undefined && typeof decoded.payload.jti === 'string') credential.id = decoded.payload.jti
  return { format: 'jwt', source, content: text, credential, verifyInput: text }
}
