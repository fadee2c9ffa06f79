import { Ob3Error } from '../errors.js'
import { fromBase64Url } from '../encoding/bytes.js'
import { assertSafeJsonValue, parseJson } from '../json/parse-json.js'
import { MAX_SHARE_ARTIFACTS, type ShareDocument } from './types.js'

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/
const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * Check that a value is a {@link ShareDocument} and return a copy with only its known fields.
 * Used on every document that is encoded, decoded or decrypted.
 *
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_INVALID` naming what is wrong; `ERR_OB3_JSON_TOO_DEEP`,
 *   `ERR_OB3_JSON_FORBIDDEN_KEY`
 * @example `const document = checkShareDocument(JSON.parse(text))`
 */
export function checkShareDocument(value: unknown): ShareDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid('the share document is not a JSON object')
  assertSafeJsonValue(value, { label: 'the share document' })
  const doc = value as Record<string, unknown>
  if (doc.v !== 1) invalid(`the share document's version ${JSON.stringify(doc.v)} is not 1`)
  const presentation = doc.presentation
  if (typeof presentation === 'string') {
    if (!JWS.test(presentation)) invalid('the share document\'s presentation is a string but not a compact JWS (VP-JWT)')
  } else if (typeof presentation !== 'object' || presentation === null || Array.isArray(presentation)) {
    invalid('the share document has no presentation (a JSON object or a VP-JWT)')
  }
  const artifacts = doc.artifacts ?? []
  if (!Array.isArray(artifacts)) invalid('the share document\'s artifacts must be an array')
  if (artifacts.length > MAX_SHARE_ARTIFACTS) invalid(`the share document carries ${artifacts.length} artifacts; at most ${MAX_SHARE_ARTIFACTS} are accepted`)
  return {
    v: 1,
    presentation: presentation as ShareDocument['presentation'],
    artifacts: artifacts.map((a: unknown, i) => {
      const o = a as Record<string, unknown> | null
      if (typeof o !== 'object' || o === null) invalid(`artifact ${i + 1} of the share is not an object`)
      if (typeof o.name !== 'string' || o.name.length > 1024) invalid(`artifact ${i + 1} of the share has no name (a string of at most 1024 characters)`)
      if (typeof o.mediaType !== 'string' || o.mediaType.length > 255) invalid(`artifact ${i + 1} of the share has no mediaType`)
      if (typeof o.data !== 'string' || !BASE64URL.test(o.data)) invalid(`artifact ${i + 1} of the share has no base64url data`)
      return { name: o.name, mediaType: o.mediaType, data: o.data }
    }),
  }
}

/**
 * Parse the UTF-8 JSON of a share document (bounded by `maxBytes`) and check it.
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_INVALID`, `ERR_OB3_INPUT_TOO_LARGE`
 * @example `const document = parseShareDocument(text, MAX_SHARE_DOCUMENT_BYTES)`
 */
export function parseShareDocument(text: string, maxLength: number): ShareDocument {
  let value: unknown
  try {
    value = parseJson(text, { maxLength, label: 'the share document' })
  } catch (err) {
    if (err instanceof Ob3Error && err.code === 'ERR_OB3_JSON_INVALID') {
      throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', `the share document is not valid JSON: ${err.message}`, { cause: err })
    }
    throw err
  }
  return checkShareDocument(value)
}

/**
 * The artifact files of a share document, as bytes.
 * @throws Ob3Error `ERR_OB3_SHARE_LINK_INVALID` when an artifact's data is not base64url
 * @example
 * ```ts
 * const files = shareArtifactFiles(document) // [{ name, mediaType, bytes }]
 * await verify({ input: document.presentation, artifacts: files })
 * ```
 */
export function shareArtifactFiles(document: ShareDocument): { name: string; mediaType: string; bytes: Uint8Array }[] {
  return document.artifacts.map((a, i) => {
    try {
      return { name: a.name, mediaType: a.mediaType, bytes: fromBase64Url(a.data) }
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', `artifact ${i + 1} of the share ("${a.name}") is not valid base64url`, { cause })
    }
  })
}

function invalid(message: string): never {
  throw new Ob3Error('ERR_OB3_SHARE_LINK_INVALID', message)
}
