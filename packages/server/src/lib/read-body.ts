/**
 * Internal: reading request bodies with a size bound, and JSON with the bounds of core's
 * `parseJson` (size, depth, no `__proto__`).
 * @packageDocumentation
 */
import { Ob3Error, parseJson, readStreamBounded } from '@ob3/core'
import { refuse } from './errors.js'

/** Read the whole body, refusing more than `limit` bytes (`ERR_OB3_INPUT_TOO_LARGE`, 413) before reading it all. */
export async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > limit) refuse('ERR_OB3_INPUT_TOO_LARGE', `the body is ${declared} bytes; the limit is ${limit}`, { limit })
  if (request.body === null) return new Uint8Array(0)
  const tooLarge = () => new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`, { details: { limit } })
  try {
    return await readStreamBounded(request.body, limit, tooLarge)
  } catch (cause) {
    if (cause instanceof Ob3Error) throw cause
    throw new Ob3Error('ERR_OB3_INPUT_UNREADABLE', 'the request body could not be read', { cause })
  }
}

/** Whether a Content-Type names JSON (`application/json`, `application/ld+json`, any `+json`). */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Read a JSON object body: the content type must be JSON (415), the size within `limit` (413),
 * the text valid, bounded JSON (400), and the value an object (400).
 */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  if (!isJsonType(request.headers.get('content-type'))) {
    refuse('ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE', `send the body as application/json (got ${request.headers.get('content-type') ?? 'no content type'})`)
  }
  const bytes = await readBytes(request, limit)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JSON_INVALID', 'the body is not UTF-8 text', { cause })
  }
  if (text.trim() === '') refuse('ERR_OB3_JSON_INVALID', 'the body is empty; a JSON object was expected')
  const value = parseJson(text, { maxLength: limit, label: 'the body' })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body must be a JSON object')
  return value as Record<string, unknown>
}
