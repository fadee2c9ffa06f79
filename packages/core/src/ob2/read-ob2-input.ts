/**
 * Recognize an Open Badges 2.0 assertion among the inputs of the verifier and the wallet — a JSON assertion,
 * a compact JWS whose payload is one, a hosted assertion's URL, or a badge baked the 2.0 way (PNG
 * `openbadges` iTXt/tEXt chunk, SVG `<openbadges:assertion>`) — and say what it holds. Nothing is
 * verified or fetched here.
 * @packageDocumentation
 */
import { parsePngChunks, type PngChunk } from '../baking/png-chunks.js'
import { fromBase64Url, fromUtf8 } from '../encoding/bytes.js'
import { Ob3Error } from '../errors.js'
import { assertSafeJsonValue, parseJson } from '../json/parse-json.js'

/** The JSON-LD context of Open Badges 2.0. */
export const OB2_CONTEXT = 'https://w3id.org/openbadges/v2'
/** The XML namespace of a baked Open Badges 2.0 SVG. */
export const OB2_SVG_NAMESPACE = 'http://openbadges.org'
/** The keyword of a baked Open Badges 2.0 PNG chunk. */
const OB2_PNG_KEYWORD = 'openbadges'

/** Where the assertion comes from. */
export type Ob2Source =
  | { kind: 'url'; url: string }
  | { kind: 'json'; assertion: Record<string, unknown> }
  | { kind: 'jws'; jws: string }

/** An input recognized as Open Badges 2.0, and how it came: JSON, a JWS, a URL, a baked PNG or SVG. */
export interface Ob2Input {
  format: 'json' | 'jwt' | 'link' | 'png' | 'svg'
  source: Ob2Source
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47]
const MAX_TEXT = 16 * 1024 * 1024

/**
 * Whether a JSON object is an Open Badges 2.0 assertion (its context, or its shape without a VC's).
 * @example `isOb2Assertion({ '@context': OB2_CONTEXT, type: 'Assertion' }) // true`
 */
export function isOb2Assertion(doc: Record<string, unknown>): boolean {
  const contexts = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']]
  if (contexts.includes(OB2_CONTEXT)) return true
  const types = Array.isArray(doc.type) ? doc.type : [doc.type]
  return types.includes('Assertion') && doc.badge !== undefined && doc.recipient !== undefined && doc.credentialSubject === undefined
}

/**
 * The payload of a compact JWS as JSON, read without verifying, or undefined when it is none.
 * @example `jwsPayload(token)?.badge`
 */
export function jwsPayload(jws: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fromUtf8(fromBase64Url(jws.split('.')[1] ?? ''))) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/**
 * The Open Badges 2.0 assertion an input holds, or undefined when the input is not one (it is then
 * read as Open Badges 3.0). `url` is for a web address that is not an ob3 share link.
 * @throws Ob3Error for an input that is a 2.0 badge but cannot be read (`ERR_OB3_PNG_INVALID`,
 *   `ERR_OB3_PNG_MULTIPLE_CREDENTIALS`, `ERR_OB3_SVG_INVALID`, `ERR_OB3_SVG_MULTIPLE_CREDENTIALS`,
 *   `ERR_OB3_SVG_FORBIDDEN_DTD`, `ERR_OB3_JSON_INVALID`)
 * @example
 * ```ts
 * const ob2 = readOb2Input(await readFile('badge.png'))
 * if (ob2?.source.kind === 'url') console.log('hosted at', ob2.source.url)
 * ```
 */
export function readOb2Input(input: Uint8Array | string | Record<string, unknown>): Ob2Input | undefined {
  if (input instanceof Uint8Array) {
    if (PNG_MAGIC.every((b, i) => input[i] === b)) return fromPng(input)
    let text: string
    try {
      text = fromUtf8(input)
    } catch {
      return undefined
    }
    return fromText(text)
  }
  if (typeof input === 'string') return fromText(input)
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    return isOb2Assertion(input) ? { format: 'json', source: { kind: 'json', assertion: input } } : undefined
  }
  return undefined
}

function fromText(raw: string): Ob2Input | undefined {
  if (raw.length > MAX_TEXT) return undefined
  const text = raw.replace(/^\uFEFF/, '').trim()
  if (text.startsWith('{')) {
    let value: unknown
    try {
      value = parseJson(text, { maxLength: MAX_TEXT })
    } catch {
      return undefined // the Open Badges 3.0 reader reports it
    }
    const doc = value as Record<string, unknown>
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !isOb2Assertion(doc)) return undefined
    return { format: 'json', source: { kind: 'json', assertion: doc } }
  }
  if (text.startsWith('<')) return fromSvg(text)
  if (JWS.test(text)) {
    const payload = jwsPayload(text)
    return payload !== undefined && payload.vc === undefined && payload.vp === undefined && isOb2Assertion(payload) ? { format: 'jwt', source: { kind: 'jws', jws: text } } : undefined
  }
  if (/^https?:\/\/\S+$/.test(text)) return { format: 'link', source: { kind: 'url', url: text } }
  return undefined
}

/** What a baked badge's text is: a URL, a JWS or the assertion JSON. */
function bakedSource(text: string, code: 'ERR_OB3_PNG_INVALID' | 'ERR_OB3_SVG_INVALID'): Ob2Source {
  const t = text.trim()
  if (/^https?:\/\/\S+$/.test(t)) return { kind: 'url', url: t }
  if (JWS.test(t)) return { kind: 'jws', jws: t }
  if (t.startsWith('{')) {
    const value = parseJson(t, { maxLength: MAX_TEXT })
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      assertSafeJsonValue(value)
      return { kind: 'json', assertion: value as Record<string, unknown> }
    }
  }
  throw new Ob3Error(code, 'the baked Open Badges 2.0 badge holds neither a URL, nor a signed assertion, nor an assertion as JSON')
}

/** `keyword \0 flag method language \0 translated \0 text` (iTXt) or `keyword \0 text` (tEXt). */
function chunkText(chunk: PngChunk): { keyword: string; text?: string; compressed?: boolean } {
  const data = chunk.data
  const nul = data.indexOf(0)
  if (nul <= 0) return { keyword: '' }
  const keyword = String.fromCharCode(...data.subarray(0, nul))
  if (keyword !== OB2_PNG_KEYWORD) return { keyword }
  if (chunk.type === 'tEXt') return { keyword, text: String.fromCharCode(...data.subarray(nul + 1)) }
  const flag = data[nul + 1]
  const language = data.indexOf(0, nul + 3)
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1)
  if (translated < 0) throw new Ob3Error('ERR_OB3_PNG_INVALID', 'the openbadges iTXt chunk is malformed')
  if (flag !== 0) return { keyword, compressed: true }
  return { keyword, text: fromUtf8(data.subarray(translated + 1)) }
}

function fromPng(image: Uint8Array): Ob2Input | undefined {
  let all: PngChunk[]
  try {
    all = parsePngChunks(image)
  } catch {
    return undefined // a damaged PNG: the Open Badges 3.0 reader reports it
  }
  const chunks = all.filter((c) => (c.type === 'iTXt' || c.type === 'tEXt') && chunkText(c).keyword === OB2_PNG_KEYWORD)
  const itxt = chunks.filter((c) => c.type === 'iTXt')
  if (chunks.length === 0) return undefined
  if (itxt.length > 1) throw new Ob3Error('ERR_OB3_PNG_MULTIPLE_CREDENTIALS', `the PNG holds ${itxt.length} openbadges iTXt chunks; exactly one is allowed`)
  // The first iTXt chunk is the badge; a tEXt chunk (1.x and early 2.0) holds its URL.
  const read = chunkText(itxt[0] ?? (chunks[0] as PngChunk))
  if (read.compressed === true) throw new Ob3Error('ERR_OB3_PNG_INVALID', 'the openbadges iTXt chunk is compressed; compression is not allowed for baked badges')
  return { format: 'png', source: bakedSource(read.text ?? '', 'ERR_OB3_PNG_INVALID') }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(parseInt(name.slice(1), 10)) : ENTITIES[name] ?? whole)
}

function fromSvg(text: string): Ob2Input | undefined {
  // The prefix bound to the 2.0 namespace (usually `openbadges`).
  const binding = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])http:\/\/openbadges\.org\/?\2/.exec(text)
  if (binding === null) return undefined
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Ob3Error('ERR_OB3_SVG_FORBIDDEN_DTD', 'the SVG declares a DTD or entities, which are not read')
  const prefix = (binding[1] as string).replace(/[.]/g, '\\.')
  const element = new RegExp(`<${prefix}:assertion\\b([^>]*?)(/>|>([\\s\\S]*?)</${prefix}:assertion\\s*>)`, 'g')
  const found = [...text.matchAll(element)]
  const first = found[0]
  if (first === undefined) return undefined
  if (found.length > 1) throw new Ob3Error('ERR_OB3_SVG_MULTIPLE_CREDENTIALS', `the SVG holds ${found.length} openbadges:assertion elements; exactly one is allowed`)
  const verify = /\sverify\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(first[1] ?? '')
  const body = (first[3] ?? '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_, cdata: string | undefined, plain: string | undefined) => cdata ?? decodeEntities(plain ?? '')).trim()
  if (body !== '') return { format: 'svg', source: bakedSource(body, 'ERR_OB3_SVG_INVALID') }
  if (verify === null) throw new Ob3Error('ERR_OB3_SVG_INVALID', 'the openbadges:assertion element is empty and has no verify attribute')
  return { format: 'svg', source: bakedSource(decodeEntities(verify[1] ?? verify[2] ?? ''), 'ERR_OB3_SVG_INVALID') }
}
