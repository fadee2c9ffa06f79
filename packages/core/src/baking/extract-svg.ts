import { Ob3Error } from '../errors.js'
import {
  assertWithinLimit,
  isCompactJws,
  isXmlWhitespace,
  parseCredentialJson,
  resolveMaxBytes,
  trimXmlWhitespace,
  type BakedCredential,
} from './types.js'

/**
 * The XML namespace of the Open Badges 3.0 SVG credential element.
 * @example `svg.includes(OB3_SVG_NAMESPACE)`
 */
export const OB3_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0'

/** Options for {@link extractSvg}. */
export interface ExtractSvgOptions {
  /**
   * Largest accepted image: bytes for a `Uint8Array`, UTF-16 code units for a string.
   * Default 16 MiB ({@link DEFAULT_MAX_BAKED_INPUT_BYTES}).
   */
  maxBytes?: number
}

/**
 * Take the Open Badges 3.0 credential out of a baked SVG: the `credential` element in namespace
 * `https://purl.imsglobal.org/ob/v3p0` (under any prefix, or as the default namespace). Its
 * unprefixed `verify` attribute holds a VC-JWT; otherwise its body (text and CDATA sections) holds
 * the JSON of a credential with an embedded proof. Nothing is verified here.
 *
 * Security: the SVG is read by a small linear-time scanner, not an XML library. It never expands
 * entities other than the five predefined ones and character references, and it refuses a DOCTYPE
 * with an internal subset and every markup declaration (`<!ENTITY`, `<!ELEMENT`, …), so an entity
 * bomb or an external entity is refused before anything is expanded. A DOCTYPE holding only an
 * external identifier (`<!DOCTYPE svg PUBLIC "…" "…">`, as in the 1EdTech validator's own
 * `simple-json.svg` / `simple-jwt.svg` and in most exported SVGs) is accepted and never fetched.
 * Stricter than "take the first element": two credential elements are refused.
 *
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE`, `ERR_OB3_SVG_FORBIDDEN_DTD`, `ERR_OB3_SVG_INVALID`
 *   (malformed XML, no root `<svg>`, an empty or ambiguous credential element, undefined entities),
 *   `ERR_OB3_SVG_NO_CREDENTIAL`, `ERR_OB3_SVG_MULTIPLE_CREDENTIALS`, `ERR_OB3_JSON_INVALID`.
 * @example
 * ```ts
 * const baked = await extractSvg(await (await fetch(url)).text())
 * if (baked.format === 'jwt') await verifyJwt(baked.jwt)
 * ```
 */
export async function extractSvg(image: string | Uint8Array, options: ExtractSvgOptions = {}): Promise<BakedCredential> {
  const text = decodeSvgInput(image, 'extractSvg', resolveMaxBytes(options.maxBytes, 'extractSvg'))
  const { credentials } = scanSvg(text)
  const [element] = credentials
  if (element === undefined) {
    throw new Ob3Error('ERR_OB3_SVG_NO_CREDENTIAL', `the SVG holds no credential element in namespace ${OB3_SVG_NAMESPACE}`)
  }
  if (credentials.length > 1) {
    throw new Ob3Error('ERR_OB3_SVG_MULTIPLE_CREDENTIALS', `the SVG holds ${credentials.length} credential elements; exactly one is allowed`, {
      details: { count: credentials.length },
    })
  }
  const body = trimXmlWhitespace(element.body)
  if (element.verify !== undefined) {
    if (body !== '') throw invalid('the credential element has both a verify attribute and a body')
    const jwt = trimXmlWhitespace(element.verify)
    if (!isCompactJws(jwt)) throw invalid('the verify attribute of the credential element is not a compact JWS')
    return { format: 'jwt', jwt }
  }
  if (body === '') throw invalid('the credential element has neither a verify attribute nor a body')
  if (!body.startsWith('{')) {
    throw invalid('the body of the credential element is not a JSON object (a VC-JWT belongs in the verify attribute)')
  }
  return parseCredentialJson(body, 'the baked SVG credential')
}

// ---------------------------------------------------------------------------------------------
// Internal: the scanner, shared with bake-svg.ts. Not re-exported from the package.
// ---------------------------------------------------------------------------------------------

/**
 * Where the root start tag sits in the text, and the namespaces it declares (`''` is the default).
 * @internal
 * @example `text.slice(root.start, root.end) // '<svg xmlns="http://www.w3.org/2000/svg">'`
 */
export interface SvgRootTag {
  readonly name: string
  /** Index of its `<`. */
  readonly start: number
  /** Index just after the element name. */
  readonly nameEnd: number
  /** Index just after its `>` (or `/>`). */
  readonly end: number
  readonly selfClosing: boolean
  readonly namespaces: ReadonlyMap<string, string>
}

/**
 * One credential element: its extent in the text, its decoded `verify` attribute and its decoded
 * body (text with references resolved, plus CDATA contents; comments left out).
 * @internal
 * @example `text.slice(element.start, element.end) // '<openbadges:credential verify="…"/>'`
 */
export interface SvgCredentialElement {
  readonly start: number
  readonly end: number
  readonly verify: string | undefined
  readonly body: string
}

/**
 * What {@link scanSvg} found.
 * @internal
 * @example `const { root, credentials } = scanSvg(text)`
 */
export interface SvgScan {
  readonly root: SvgRootTag
  readonly credentials: readonly SvgCredentialElement[]
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

function invalid(message: string): Ob3Error {
  return new Ob3Error('ERR_OB3_SVG_INVALID', message)
}

function forbidden(message: string): Ob3Error {
  return new Ob3Error('ERR_OB3_SVG_FORBIDDEN_DTD', message)
}

/**
 * The text of an SVG given as a string or UTF-8 bytes, without a byte order mark, after checking
 * its size against `limit`.
 * @internal
 * @throws Ob3Error `ERR_OB3_INPUT_TOO_LARGE`; `ERR_OB3_SVG_INVALID` for bytes that are not UTF-8.
 * @example `const text = decodeSvgInput(bytes, 'extractSvg', 16 * 1024 * 1024)`
 */
export function decodeSvgInput(image: string | Uint8Array, fn: string, limit: number): string {
  let text: string
  if (typeof image === 'string') {
    assertWithinLimit(image.length, limit, 'SVG image')
    text = image
  } else if (image instanceof Uint8Array) {
    assertWithinLimit(image.byteLength, limit, 'SVG image')
    try {
      text = utf8Decoder.decode(image)
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SVG_INVALID', 'the SVG is not valid UTF-8', { cause })
    }
  } else {
    throw new TypeError(`${fn}: image must be a string or a Uint8Array`)
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Index of the first character at or after `p` that cannot be part of a name. */
function readName(s: string, p: number): number {
  const n = s.length
  while (p < n) {
    const c = s.charCodeAt(p)
    // whitespace > / = < " ' end a name
    if (isXmlWhitespace(c) || c === 0x3e || c === 0x2f || c === 0x3d || c === 0x3c || c === 0x22 || c === 0x27) break
    p++
  }
  return p
}

function skipWhitespace(s: string, p: number): number {
  while (p < s.length && isXmlWhitespace(s.charCodeAt(p))) p++
  return p
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  )
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
/** Longest reference accepted between `&` and `;` (allows leading zeros in `&#x0000041;`). */
const MAX_REFERENCE_LENGTH = 32

function resolveReference(ref: string, where: string): string {
  const predefined = Object.hasOwn(PREDEFINED_ENTITIES, ref) ? PREDEFINED_ENTITIES[ref] : undefined
  if (predefined !== undefined) return predefined
  let cp = Number.NaN
  if (/^#x[0-9a-fA-F]+$/.test(ref)) cp = Number.parseInt(ref.slice(2), 16)
  else if (/^#[0-9]+$/.test(ref)) cp = Number.parseInt(ref.slice(1), 10)
  else throw invalid(`undefined entity &${ref}; in ${where}; only the predefined XML entities and character references are allowed`)
  if (!isXmlChar(cp)) throw invalid(`character reference &${ref}; in ${where} is not an XML character`)
  return String.fromCodePoint(cp)
}

/**
 * Resolve character references and the five predefined entities in attribute or text content.
 * @internal
 * @throws Ob3Error `ERR_OB3_SVG_INVALID` for a stray `&` or an undefined entity.
 * @example `decodeXmlText('a &amp; &#x62;', 'verify') // 'a & b'`
 */
export function decodeXmlText(raw: string, where: string): string {
  let amp = raw.indexOf('&')
  if (amp === -1) return raw
  let out = ''
  let last = 0
  while (amp !== -1) {
    out += raw.slice(last, amp)
    const limit = Math.min(raw.length, amp + 2 + MAX_REFERENCE_LENGTH)
    let semi = -1
    for (let i = amp + 1; i < limit; i++) {
      if (raw.charCodeAt(i) === 0x3b) {
        semi = i
        break
      }
    }
    if (semi === -1) throw invalid(`'&' in ${where} does not start a character or entity reference`)
    out += resolveReference(raw.slice(amp + 1, semi), where)
    last = semi + 1
    amp = raw.indexOf('&', last)
  }
  return out + raw.slice(last)
}

/**
 * Skip `<!DOCTYPE name>`, `<!DOCTYPE name SYSTEM "…">` or `<!DOCTYPE name PUBLIC "…" "…">` starting
 * at `p`; refuse anything else, in particular an internal subset (`[ … ]`) where entities live.
 */
function skipDoctype(s: string, p: number): number {
  if (s.slice(p, p + 9).toUpperCase() !== '<!DOCTYPE') {
    throw forbidden('markup declarations (<!ENTITY>, <!ELEMENT>, <!ATTLIST>, …) are not allowed in a baked SVG')
  }
  const literal = (from: number): number => {
    const q = skipWhitespace(s, from)
    const quote = s[q]
    if (q === from || (quote !== '"' && quote !== "'")) throw forbidden('malformed DOCTYPE')
    const close = s.indexOf(quote, q + 1)
    if (close === -1) throw forbidden('unterminated DOCTYPE')
    return close + 1
  }
  let q = skipWhitespace(s, p + 9)
  let nameEnd = readName(s, q)
  const bracket = s.slice(q, nameEnd).indexOf('[')
  if (bracket !== -1) nameEnd = q + bracket // `<!DOCTYPE svg[` opens a subset too
  if (q === p + 9 || nameEnd === q) throw forbidden('malformed DOCTYPE')
  q = skipWhitespace(s, nameEnd)
  if (s.startsWith('SYSTEM', q)) q = literal(q + 6)
  else if (s.startsWith('PUBLIC', q)) q = literal(literal(q + 6))
  q = skipWhitespace(s, q)
  if (s[q] === '[') {
    throw forbidden('a DOCTYPE with an internal subset (where entities are declared) is not allowed in a baked SVG')
  }
  if (s[q] !== '>') throw forbidden('malformed DOCTYPE')
  return q + 1
}

interface OpenElement {
  readonly name: string
  readonly declared: readonly string[]
  readonly credential: boolean
}

/**
 * Scan an SVG document once, left to right, in time linear in its length: check it is well-formed
 * enough to trust (one root element named `svg`, balanced tags, quoted attributes without `<`, no
 * duplicate attributes, no DTD internal subset or markup declarations), track namespace bindings,
 * and collect every Open Badges credential element.
 *
 * @internal
 * @throws Ob3Error `ERR_OB3_SVG_INVALID`, `ERR_OB3_SVG_FORBIDDEN_DTD`
 * @example `const { root, credentials } = scanSvg('<svg xmlns="http://www.w3.org/2000/svg"/>')`
 */
export function scanSvg(s: string): SvgScan {
  const n = s.length
  // prefix → stack of namespace URIs bound to it ('' is the default namespace); O(1) per lookup.
  const bindings = new Map<string, string[]>([['xml', [XML_NAMESPACE]]])
  const stack: OpenElement[] = []
  const credentials: SvgCredentialElement[] = []
  let root: SvgRootTag | undefined
  let rootClosed = false
  let doctypeSeen = false
  let current: { start: number; verify: string | undefined; parts: string[] } | undefined

  const unbind = (declared: readonly string[]): void => {
    for (const prefix of declared) bindings.get(prefix)?.pop()
  }

  let pos = 0
  while (pos < n) {
    const lt = s.indexOf('<', pos)
    const textEnd = lt === -1 ? n : lt
    if (textEnd > pos) {
      if (stack.length === 0) {
        for (let i = pos; i < textEnd; i++) {
          if (!isXmlWhitespace(s.charCodeAt(i))) throw invalid('text outside the root element')
        }
      } else if (current !== undefined) {
        current.parts.push(decodeXmlText(s.slice(pos, textEnd), 'the credential element'))
      }
    }
    if (lt === -1) break
    pos = lt

    if (s.startsWith('<?', pos)) {
      const end = s.indexOf('?>', pos + 2)
      if (end === -1) throw invalid('unterminated processing instruction')
      pos = end + 2
    } else if (s.startsWith('<!--', pos)) {
      const end = s.indexOf('-->', pos + 4)
      if (end === -1) throw invalid('unterminated comment')
      pos = end + 3
    } else if (s.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) throw invalid('CDATA section outside the root element')
      const end = s.indexOf(']]>', pos + 9)
      if (end === -1) throw invalid('unterminated CDATA section')
      if (current !== undefined) current.parts.push(s.slice(pos + 9, end))
      pos = end + 3
    } else if (s.startsWith('<!', pos)) {
      if (root !== undefined || doctypeSeen) {
        throw forbidden('DOCTYPE and markup declarations are only allowed once, before the root element, and never with entities')
      }
      pos = skipDoctype(s, pos)
      doctypeSeen = true
    } else if (s.startsWith('</', pos)) {
      const nameEnd = readName(s, pos + 2)
      const name = s.slice(pos + 2, nameEnd)
      const gt = skipWhitespace(s, nameEnd)
      if (s.charCodeAt(gt) !== 0x3e) throw invalid('malformed end tag')
      const open = stack.pop()
      if (open === undefined || open.name !== name) {
        throw invalid(`end tag </${name}> does not match ${open === undefined ? 'any open element' : `<${open.name}>`}`)
      }
      unbind(open.declared)
      if (open.credential && current !== undefined) {
        credentials.push({ start: current.start, end: gt + 1, verify: current.verify, body: current.parts.join('') })
        current = undefined
      }
      if (stack.length === 0) rootClosed = true
      pos = gt + 1
    } else {
      // start tag or empty-element tag
      const nameEnd = readName(s, pos + 1)
      if (nameEnd === pos + 1) throw invalid(`'<' at offset ${pos} does not start a tag`)
      const name = s.slice(pos + 1, nameEnd)
      if (rootClosed) throw invalid('content after the root element')
      if (current !== undefined) throw invalid('the credential element must not contain elements')

      const attributes = new Map<string, string>()
      let p = nameEnd
      let selfClosing = false
      for (;;) {
        const next = skipWhitespace(s, p)
        if (next >= n) throw invalid(`unterminated start tag <${name}>`)
        const c = s.charCodeAt(next)
        if (c === 0x3e) {
          p = next + 1
          break
        }
        if (c === 0x2f) {
          if (s.charCodeAt(next + 1) !== 0x3e) throw invalid(`malformed start tag <${name}>`)
          p = next + 2
          selfClosing = true
          break
        }
        if (next === p) throw invalid(`attributes of <${name}> must be separated by whitespace`)
        const attrEnd = readName(s, next)
        if (attrEnd === next) throw invalid(`malformed attribute in <${name}>`)
        const attrName = s.slice(next, attrEnd)
        let q = skipWhitespace(s, attrEnd)
        if (s.charCodeAt(q) !== 0x3d) throw invalid(`attribute ${attrName} of <${name}> has no value`)
        q = skipWhitespace(s, q + 1)
        const quote = s[q]
        if (quote !== '"' && quote !== "'") throw invalid(`attribute ${attrName} of <${name}> is not quoted`)
        const close = s.indexOf(quote, q + 1)
        if (close === -1) throw invalid(`unterminated value of attribute ${attrName} in <${name}>`)
        const raw = s.slice(q + 1, close)
        if (raw.includes('<')) throw invalid(`attribute ${attrName} of <${name}> contains '<'`)
        if (attributes.has(attrName)) throw invalid(`duplicate attribute ${attrName} in <${name}>`)
        attributes.set(attrName, raw)
        p = close + 1
      }

      const declared: string[] = []
      const namespaces = new Map<string, string>()
      for (const [attrName, raw] of attributes) {
        const prefix = attrName === 'xmlns' ? '' : attrName.startsWith('xmlns:') ? attrName.slice(6) : undefined
        if (prefix === undefined) continue
        const uri = decodeXmlText(raw, `attribute ${attrName}`)
        const bound = bindings.get(prefix)
        if (bound === undefined) bindings.set(prefix, [uri])
        else bound.push(uri)
        declared.push(prefix)
        namespaces.set(prefix, uri)
      }
      const colon = name.indexOf(':')
      const prefix = colon === -1 ? '' : name.slice(0, colon)
      const localName = colon === -1 ? name : name.slice(colon + 1)
      // An unbound prefix is a namespace error; it simply never matches the credential namespace.
      const uri = bindings.get(prefix)?.at(-1)

      if (root === undefined) {
        if (localName !== 'svg') throw invalid(`the root element is <${name}>, not <svg>`)
        root = { name, start: pos, nameEnd, end: p, selfClosing, namespaces }
        if (selfClosing) rootClosed = true
      }
      const isCredential = localName === 'credential' && uri === OB3_SVG_NAMESPACE
      const verifyRaw = isCredential ? attributes.get('verify') : undefined
      const verify = verifyRaw === undefined ? undefined : decodeXmlText(verifyRaw, 'the verify attribute')
      if (selfClosing) {
        unbind(declared)
        if (isCredential) credentials.push({ start: pos, end: p, verify, body: '' })
      } else {
        stack.push({ name, declared, credential: isCredential })
        if (isCredential) current = { start: pos, verify, parts: [] }
      }
      pos = p
    }
  }

  const open = stack.at(-1)
  if (open !== undefined) throw invalid(`element <${open.name}> is not closed`)
  if (root === undefined) throw invalid('no root <svg> element')
  return { root, credentials }
}
