import { Ob3Error, assertSafeJsonValue, decodeVcJwt, extractPng, extractSvg, fromUtf8, parseJson } from '@ob3/core'
import type { InputFormat } from './report.js'

/** A verifier input: bytes (a file), text, or an already parsed JSON value. */
export type VerifyInput = Uint8Array | string | Record<string, unknown>

/** An input made ready for the checks. */
export interface LoadedInput {
  format: InputFormat
  kind: 'credential' | 'presentation'
  /** The credential or presentation as JSON. */
  document: Record<string, unknown>
  /** The compact JWS, when the input was (or carried) a VC-JWT. */
  jwt?: string
}

/** Largest input accepted, in bytes. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47]

/**
 * Recognize and decode an input: JSON (embedded proof), compact JWS (VC-JWT or VP-JWT), baked
 * PNG or SVG. A credential or a presentation (`kind`).
 *
 * @throws Ob3Error with the reason the input cannot be read (`ERR_OB3_JSON_INVALID`,
 *   `ERR_OB3_PNG_NO_CREDENTIAL`, `ERR_OB3_FORMAT_UNKNOWN`, …)
 * @example `const loaded = await loadInput(bytesOfBadgePng)`
 */
export async function loadInput(input: VerifyInput): Promise<LoadedInput> {
  if (typeof input === 'object' && !(input instanceof Uint8Array)) {
    assertSafeJsonValue(input)
    return fromJsonValue(input, 'ldp')
  }
  if (input instanceof Uint8Array) {
    if (input.length > MAX_INPUT_BYTES) throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the input is ${input.length} bytes; the limit is ${MAX_INPUT_BYTES}`)
    if (PNG_MAGIC.every((b, i) => input[i] === b)) {
      const baked = await extractPng(input)
      return baked.format === 'jwt' ? fromJwt(baked.jwt, 'png') : fromJsonValue(baked.credential, 'png')
    }
    let text: string
    try {
      text = fromUtf8(input)
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_FORMAT_UNKNOWN', 'the input is neither a PNG nor UTF-8 text', { cause })
    }
    return loadText(text)
  }
  return loadText(input)
}

async function loadText(raw: string): Promise<LoadedInput> {
  if (raw.length > MAX_INPUT_BYTES) throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the input is ${raw.length} characters; the limit is ${MAX_INPUT_BYTES}`)
  const text = raw.replace(/^\uFEFF/, '').trim()
  if (text.startsWith('{') || text.startsWith('[')) return fromJsonValue(parseJson(text, { maxLength: MAX_INPUT_BYTES }), 'ldp')
  if (text.startsWith('<')) {
    const baked = await extractSvg(text)
    return baked.format === 'jwt' ? fromJwt(baked.jwt, 'svg') : fromJsonValue(baked.credential, 'svg')
  }
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) return fromJwt(text, 'jwt')
  if (/^https?:\/\//.test(text)) {
    throw new Ob3Error('ERR_OB3_FORMAT_UNKNOWN', 'a web address that is not an ob3 share link (<page URL>#ob3s1.…)')
  }
  throw new Ob3Error('ERR_OB3_FORMAT_UNKNOWN', 'the input is not JSON, a VC-JWT, a PNG or an SVG')
}

function fromJwt(jwt: string, format: InputFormat): LoadedInput {
  const decoded = decodeVcJwt(jwt)
  assertSafeJsonValue(decoded.payload, { label: 'the JWT payload' })
  // A VC 1.1-era VP-JWT carries the presentation in its `vp` claim.
  const vp = decoded.payload.vp
  const document = typeof vp === 'object' && vp !== null && !Array.isArray(vp) && decoded.payload.vc === undefined ? vp : decoded.credential
  return { ...fromJsonValue(document, format), jwt: jwt.trim() }
}

function fromJsonValue(value: unknown, format: InputFormat): LoadedInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'the input is JSON but not a JSON object, so not a credential')
  }
  const doc = value as Record<string, unknown>
  const types = Array.isArray(doc.type) ? doc.type : [doc.type]
  const kind = types.includes('VerifiablePresentation') ? 'presentation' : 'credential'
  if (kind === 'credential' && doc.credentialSubject === undefined && doc['@context'] === undefined && doc.proof === undefined) {
    throw new Ob3Error('ERR_OB3_NOT_A_CREDENTIAL', 'the JSON object has no @context, credentialSubject or proof: it is not a credential')
  }
  return { format, kind, document: doc }
}
