/**
 * Internal: reading request bodies with a size bound, and JSON with the bounds of core's
 * `parseJson` (size, depth, no `__proto__`).
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http'
import { Ob3Error, parseJson, readStreamBounded } from '@ob3/core'
import { refuse } from './errors.js'

/**
 * The Node request a body can be read from directly (cheaper than the web stream of `Request`),
 * when the service runs on node:http and nothing has read the body yet.
 */
export function unreadIncoming(env: unknown): IncomingMessage | undefined {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming === undefined || typeof incoming.on !== 'function' || incoming.readableDidRead || incoming.listenerCount('data') > 0) return undefined
  return incoming
}

/** Read a Node request's body, refusing more than `limit` bytes. */
function readIncomingBounded(incoming: IncomingMessage, limit: number, tooLarge: () => Ob3Error): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const done = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > limit) {
        done()
        // The rest is left unread: after the answer, the HTTP adapter drains it (within its
        // bounds) or closes the connection.
        incoming.pause()
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total))
    }
    const onError = (cause: unknown) => {
      done()
      reject(new Ob3Error('ERR_OB3_INPUT_UNREADABLE', 'the request body could not be read', { cause }))
    }
    const onClose = () => {
      if (incoming.complete) return
      done()
      reject(new Ob3Error('ERR_OB3_INPUT_UNREADABLE', 'the request body could not be read: the connection closed'))
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
    incoming.on('close', onClose)
  })
}

/**
 * Read the whole body, refusing more than `limit` bytes (`ERR_OB3_INPUT_TOO_LARGE`, 413) before
 * reading it all. With `incoming` (see {@link unreadIncoming}) the body is read from it.
 */
export async function readBytes(request: Request, limit: number, incoming?: IncomingMessage): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > limit) refuse('ERR_OB3_INPUT_TOO_LARGE', `the body is ${declared} bytes; the limit is ${limit}`, { limit })
  const tooLarge = () => new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `the body is larger than the limit of ${limit} bytes`, { details: { limit } })
  if (incoming !== undefined && request.method !== 'GET' && request.method !== 'HEAD') return readIncomingBounded(incoming, limit, tooLarge)
  if (request.body === null) return new Uint8Array(0)
  try {
    return await readStreamBounded(request.body, limit, tooLarge)
  } catch (cause) {
    if (cause instanceof Ob3Error) throw cause
    throw new Ob3Error('ERR_OB3_INPUT_UNREADABLE', 'the request body could not be read', { cause })
  }
}

/** Strict UTF-8 (a whole body at a time, so one decoder serves every request). */
const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Whether a Content-Type names JSON (`application/json`, `application/ld+json`, any `+json`). */
export function isJsonType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Read a JSON object body: the content type must be JSON (415), the size within `limit` (413),
 * the text valid, bounded JSON (400), and the value an object (400). With `incoming`, the body
 * is read from the Node request.
 */
export async function readJsonObject(request: Request, limit: number, incoming?: IncomingMessage): Promise<Record<string, unknown>> {
  if (!isJsonType(request.headers.get('content-type'))) {
    refuse('ERR_OB3_SERVER_UNSUPPORTED_MEDIA_TYPE', `send the body as application/json (got ${request.headers.get('content-type') ?? 'no content type'})`)
  }
  const bytes = await readBytes(request, limit, incoming)
  let text: string
  try {
    text = UTF8.decode(bytes)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_JSON_INVALID', 'the body is not UTF-8 text', { cause })
  }
  if (text.trim() === '') refuse('ERR_OB3_JSON_INVALID', 'the body is empty; a JSON object was expected')
  const value = parseJson(text, { maxLength: limit, label: 'the body' })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body must be a JSON object')
  return value as Record<string, unknown>
}
