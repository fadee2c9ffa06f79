import { Ob3Error, fromUtf8, readStreamBounded } from '@ob3/core'
import type { UploadAdapter } from '../types.js'

/** Options for {@link createHttpUploadAdapter}. */
export interface HttpUploadAdapterOptions {
  /** The share service's base URL; bundles are PUT to `<service>/shares`. */
  service: string
  /** The fetch to use. */
  fetch: typeof fetch
  /** Give up after this many milliseconds. Default 60 s. */
  timeoutMs?: number
}

/** Largest answer read from the service. */
const MAX_ANSWER_BYTES = 64 * 1024

/**
 * An {@link UploadAdapter} for the ob3 share service. The contract:
 * - `PUT <service>/shares`, body the encrypted bundle (`application/octet-stream`), header
 *   `x-ob3-expires-at: <ISO 8601>` (the host may delete the bundle after it); the answer (200 or
 *   201) is JSON `{ "url": "<where the bundle is fetched>", "deleteToken": "<secret>" }`.
 * - `DELETE <url>` with `authorization: Bearer <deleteToken>`: 2xx, or 404/410 when it is gone
 *   already.
 * The service only ever sees ciphertext: the key stays in the link's fragment.
 *
 * @example
 * ```ts
 * const upload = createHttpUploadAdapter({ service: 'https://ob3.example.org', fetch })
 * const result = await wallet.share({ credentialIds: [id], expiresAt, baseUrl, upload, revocable: true })
 * ```
 */
export function createHttpUploadAdapter(options: HttpUploadAdapterOptions): UploadAdapter {
  if (typeof options?.service !== 'string' || !/^https?:\/\//.test(options.service)) throw new TypeError('createHttpUploadAdapter: service must be an http(s) URL')
  if (typeof options.fetch !== 'function') throw new TypeError('createHttpUploadAdapter: fetch must be a function')
  const service = options.service.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 60_000
  const call = async (url: string, init: RequestInit, what: string): Promise<Response> => {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      return await options.fetch(url, { ...init, signal: controller.signal, redirect: 'error' })
    } catch (cause) {
      throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `${what}: the share host could not be reached (${(cause as Error).message})`, { cause, details: { url } })
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    async put(bundle, { expiresAt }) {
      const url = `${service}/shares`
      const response = await call(url, {
        method: 'PUT',
        body: bundle as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/octet-stream', 'x-ob3-expires-at': expiresAt, accept: 'application/json' },
      }, 'uploading the share')
      const text = await readAnswer(response)
      if (response.status !== 200 && response.status !== 201) {
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `uploading the share: the host answered HTTP ${response.status}`, { details: { url, status: response.status } })
      }
      let answer: { url?: unknown; deleteToken?: unknown }
      try {
        answer = JSON.parse(text) as typeof answer
      } catch (cause) {
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', 'uploading the share: the host\'s answer is not JSON', { cause, details: { url } })
      }
      if (typeof answer?.url !== 'string' || !/^https?:\/\//.test(answer.url) || typeof answer.deleteToken !== 'string' || answer.deleteToken === '') {
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', 'uploading the share: the host\'s answer lacks url (http or https) or deleteToken', { details: { url } })
      }
      return { url: answer.url, deleteCapability: answer.deleteToken }
    },
    async delete(url, deleteCapability) {
      const response = await call(url, { method: 'DELETE', headers: { authorization: `Bearer ${deleteCapability}` } }, 'deleting the share')
      await readAnswer(response)
      if (!response.ok && response.status !== 404 && response.status !== 410) {
        throw new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', `deleting the share: the host answered HTTP ${response.status}`, { details: { url, status: response.status } })
      }
    },
  }
}

/** Read a short answer body, at most {@link MAX_ANSWER_BYTES}. */
async function readAnswer(response: Response): Promise<string> {
  if (response.body === null) return ''
  const bytes = await readStreamBounded(response.body, MAX_ANSWER_BYTES, () => new Ob3Error('ERR_OB3_SHARE_UPLOAD_FAILED', 'the share host\'s answer is too long'))
  try {
    return fromUtf8(bytes)
  } catch {
    return ''
  }
}
