/**
 * The copy of an artifact file that assessors receive: its metadata removed. PNG text and EXIF
 * chunks (`tEXt`, `iTXt`, `zTXt`, `eXIf`, `tIME`), JPEG EXIF/XMP/IPTC and comment segments
 * (APP1, APP13 and other APPn but JFIF, ICC profile and Adobe colour data; COM), PDF document
 * information (`/Info`), XMP metadata streams, application data (`/PieceInfo`), annotation
 * authors (and identifying words in annotation comments), and the objects no page reaches any
 * more (earlier revisions). Plain-text files are
 * redacted like answers. Other types pass unchanged and are reported as not cleaned.
 *
 * A random marker (a private PNG chunk, a JPEG comment, the PDF's file identifier) is added to
 * every cleaned image and PDF, so the copy never hashes to the digest the credential names.
 * @packageDocumentation
 */
import { Ob3Error, parsePngChunks, serializePngChunks, toHex, utf8, type PngChunk } from '@ob3/core'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib'
import { redactIdentity, type IdentityKind, type IdentityPatterns } from './redact-identity.js'

/** Options for {@link cleanArtifact}. */
export interface CleanArtifactOptions {
  bytes: Uint8Array
  mediaType: string
  /** The educator's identity, for text files. */
  patterns: IdentityPatterns
  random: (length: number) => Uint8Array
}

/** The cleaned copy and what was done to it. */
export interface CleanArtifactResult {
  bytes: Uint8Array
  /** `cleaned`: metadata removed (or text redacted); `not-cleaned`: a type ob3 cannot clean, passed as is. */
  status: 'cleaned' | 'not-cleaned'
  /** What was removed, for the educator: e.g. `PDF document information (Author, Title)`. */
  removed: string[]
  /** For text files: what the redaction found. */
  found: IdentityKind[]
}

const PNG_DROP = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME'])
/** Ancillary, private, safe-to-copy: decoders skip it. */
const PNG_MARKER = 'obRn'
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/csv'])

/** The media types whose metadata ob3 removes. */
export const CLEANED_MEDIA_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'application/pdf', ...TEXT_TYPES]

function unreadable(mediaType: string, cause?: unknown): Ob3Error {
  return new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `the file is not a readable ${mediaType} file, so its metadata cannot be removed; check the file and its media type`, cause === undefined ? {} : { cause })
}

function cleanPng(bytes: Uint8Array, random: CleanArtifactOptions['random']): CleanArtifactResult {
  let chunks: PngChunk[]
  try {
    chunks = parsePngChunks(bytes)
  } catch (cause) {
    throw unreadable('image/png', cause)
  }
  const dropped = chunks.filter((c) => PNG_DROP.has(c.type) || c.type === PNG_MARKER)
  const kept = chunks.filter((c) => !PNG_DROP.has(c.type) && c.type !== PNG_MARKER)
  const end = kept.pop() as PngChunk
  const out = serializePngChunks([...kept, { type: PNG_MARKER, data: random(16) }, end])
  const types = [...new Set(dropped.filter((c) => c.type !== PNG_MARKER).map((c) => c.type))]
  return { bytes: out, status: 'cleaned', removed: types.length === 0 ? [] : [`PNG metadata chunks (${types.join(', ')})`], found: [] }
}

/** Keep an APPn segment only when images need it to decode right. */
function keepJpegApp(marker: number, data: Uint8Array): boolean {
  const starts = (tag: string) => tag.split('').every((ch, i) => data[i] === ch.charCodeAt(0))
  if (marker === 0xe0) return starts('JFIF\0') || starts('JFXX\0')
  if (marker === 0xe2) return starts('ICC_PROFILE\0')
  if (marker === 0xee) return starts('Adobe')
  return false
}

function cleanJpeg(bytes: Uint8Array, random: CleanArtifactOptions['random']): CleanArtifactResult {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw unreadable('image/jpeg')
  const parts: Uint8Array[] = [bytes.subarray(0, 2)]
  const marker = utf8(`ob3 ${toHex(random(16))}`)
  parts.push(Uint8Array.of(0xff, 0xfe, (marker.length + 2) >> 8, (marker.length + 2) & 0xff), marker)
  const removed = new Set<string>()
  let offset = 2
  for (;;) {
    if (offset + 4 > bytes.length || bytes[offset] !== 0xff) throw unreadable('image/jpeg')
    const code = bytes[offset + 1] as number
    if (code === 0xff) { offset++; continue }
    // Start of scan (or end of image): the rest is image data, copied as it is.
    if (code === 0xda || code === 0xd9) { parts.push(bytes.subarray(offset)); break }
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)
    if (length < 2 || offset + 2 + length > bytes.length) throw unreadable('image/jpeg')
    const data = bytes.subarray(offset + 4, offset + 2 + length)
    const isApp = code >= 0xe0 && code <= 0xef
    if (code === 0xfe) removed.add('comments')
    else if (isApp && !keepJpegApp(code, data)) removed.add(code === 0xe1 ? 'EXIF/XMP (APP1)' : `APP${code - 0xe0}`)
    else parts.push(bytes.subarray(offset, offset + 2 + length))
    offset += 2 + length
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return { bytes: out, status: 'cleaned', removed: removed.size === 0 ? [] : [`JPEG metadata segments (${[...removed].join(', ')})`], found: [] }
}

/** Every object reachable from `start`, by reference. */
function reachable(doc: PDFDocument, start: PDFObject[]): Set<string> {
  const seen = new Set<string>()
  const stack = [...start]
  while (stack.length > 0) {
    const obj = stack.pop()
    if (obj instanceof PDFRef) {
      if (seen.has(obj.tag)) continue
      seen.add(obj.tag)
      const target = doc.context.lookup(obj)
      if (target !== undefined) stack.push(target)
    } else if (obj instanceof PDFDict) {
      for (const [, value] of obj.entries()) stack.push(value)
    } else if (obj instanceof PDFArray) {
      stack.push(...obj.asArray())
    } else if (obj instanceof PDFStream) {
      stack.push(obj.dict)
    }
  }
  return seen
}

async function cleanPdf(bytes: Uint8Array, patterns: IdentityPatterns, random: CleanArtifactOptions['random']): Promise<CleanArtifactResult> {
  let doc: PDFDocument
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false })
  } catch (cause) {
    if ((cause as Error).name === 'EncryptedPDFError') {
      throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', 'the PDF is encrypted, so its metadata cannot be removed; submit it without a password', { cause })
    }
    throw unreadable('application/pdf', cause)
  }
  const removed = new Set<string>()
  const trailer = doc.context.trailerInfo
  const info = trailer.Info === undefined ? undefined : doc.context.lookup(trailer.Info)
  if (info instanceof PDFDict) {
    const keys = info.keys().map((k) => k.decodeText())
    removed.add(`PDF document information (${keys.join(', ')})`)
  }
  delete (trailer as { Info?: PDFObject }).Info
  const META = PDFName.of('Metadata')
  const PIECE = PDFName.of('PieceInfo')
  const T = PDFName.of('T')
  const CONTENTS = PDFName.of('Contents')
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : undefined
    if (dict === undefined) continue
    if (dict.has(META)) { dict.delete(META); removed.add('XMP metadata') }
    if (dict.has(PIECE)) { dict.delete(PIECE); removed.add('application data (PieceInfo)') }
    // An annotation (its /Type is optional; /Subtype and /Rect are not): a markup annotation's /T is
    // its author, its /Contents the comment, redacted like the answers. Form fields (Widget) keep /T, their name.
    const subtype = dict.get(PDFName.of('Subtype'))
    const isAnnotation = dict.get(PDFName.of('Type')) === PDFName.of('Annot') || (subtype instanceof PDFName && dict.has(PDFName.of('Rect')))
    if (isAnnotation && subtype !== PDFName.of('Widget')) {
      if (dict.has(T)) { dict.delete(T); removed.add('annotation authors') }
      const contents = dict.get(CONTENTS)
      if (contents instanceof PDFString || contents instanceof PDFHexString) {
        const { text, found } = redactIdentity(contents.decodeText(), patterns)
        if (found.length > 0) { dict.set(CONTENTS, PDFHexString.fromText(text)); removed.add('identifying words in annotations') }
      }
    }
  }
  // What no page reaches any more — earlier revisions, the metadata just unlinked — is dropped.
  const keep = reachable(doc, [trailer.Root, ...(trailer.Encrypt === undefined ? [] : [trailer.Encrypt])].filter((o): o is PDFObject => o !== undefined))
  for (const [ref] of doc.context.enumerateIndirectObjects()) if (!keep.has(ref.tag)) doc.context.delete(ref)
  const id = PDFHexString.of(toHex(random(16)))
  trailer.ID = doc.context.obj([id, id])
  const out = await doc.save({ useObjectStreams: false, updateFieldAppearances: false })
  return { bytes: out, status: 'cleaned', removed: [...removed], found: [] }
}

function cleanText(bytes: Uint8Array, patterns: IdentityPatterns): CleanArtifactResult {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw unreadable('UTF-8 text', cause)
  }
  const { text: redacted, found } = redactIdentity(text, patterns)
  return { bytes: utf8(redacted), status: 'cleaned', removed: found.length === 0 ? [] : ['identifying words in the text'], found }
}

/**
 * The copy of one artifact an assessor may receive.
 * @throws Ob3Error `ERR_OB3_SUBMISSION_INVALID` when a file of a type ob3 cleans cannot be read as that type (or is an encrypted PDF)
 * @example
 * ```ts
 * const { bytes, removed } = await cleanArtifact({ bytes: pdf, mediaType: 'application/pdf', patterns, random })
 * ```
 */
export async function cleanArtifact(options: CleanArtifactOptions): Promise<CleanArtifactResult> {
  const type = options.mediaType.toLowerCase()
  if (type === 'image/png') return cleanPng(options.bytes, options.random)
  if (type === 'image/jpeg' || type === 'image/jpg') return cleanJpeg(options.bytes, options.random)
  if (type === 'application/pdf') return cleanPdf(options.bytes, options.patterns, options.random)
  if (TEXT_TYPES.has(type)) return cleanText(options.bytes, options.patterns)
  return { bytes: options.bytes.slice(), status: 'not-cleaned', removed: [], found: [] }
}
