/**
 * Internal: multi-bit `message` status entries in VC-API requests — how `options.credentialStatus`
 * asks for one, and how the service's default is checked.
 * @packageDocumentation
 */
import { MAX_STATUS_SIZE } from '@ob3/core'
import type { MessageStatusRequest } from '@ob3/issuer'
import { refuse } from './errors.js'

/**
 * Read `options.credentialStatus` when it asks for a message entry: `{ type:
 * 'BitstringStatusListEntry', statusPurpose: 'message', statusSize, statusMessage: [{ status:
 * '0x0', message }, …], statusReference? }`, with exactly 2^statusSize messages whose `status`
 * values are `0x0`, `0x1`, … in order.
 * @throws Ob3Error `ERR_OB3_SERVER_REQUEST_INVALID` (400) naming the field
 */
export function readMessageStatusOption(value: Record<string, unknown>, at = 'options.credentialStatus'): MessageStatusRequest {
  const { type: _type, statusPurpose: _purpose, statusSize, statusMessage, statusReference, ...rest } = value
  if (Object.keys(rest).length > 0) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at} of purpose message takes type, statusPurpose, statusSize, statusMessage and statusReference, not ${Object.keys(rest).join(', ')}`)
  if (typeof statusSize !== 'number' || !Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_STATUS_SIZE) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at}.statusSize must be a whole number of bits from 1 to ${MAX_STATUS_SIZE}`)
  }
  const count = 2 ** statusSize
  if (!Array.isArray(statusMessage) || statusMessage.length !== count) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at}.statusMessage must list ${count} messages, one for each value of a ${statusSize}-bit entry`)
  }
  const messages = statusMessage.map((item: unknown, i) => {
    const { status, message } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
    if (typeof status !== 'string' || !/^0x[0-9a-fA-F]+$/.test(status) || Number.parseInt(status.slice(2), 16) !== i) {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at}.statusMessage[${i}].status must be "0x${i.toString(16)}" (the messages are listed by value, from 0x0)`)
    }
    if (typeof message !== 'string' || message === '') refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at}.statusMessage[${i}].message must be a non-empty string`)
    return message
  })
  const refs = statusReference === undefined ? [] : Array.isArray(statusReference) ? statusReference : [statusReference]
  if (!refs.every((r) => typeof r === 'string' && /^https?:\/\//.test(r) && URL.canParse(r))) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `${at}.statusReference must be an http(s) URL or a list of them`)
  return { statusSize, messages, ...(statusReference === undefined ? {} : { statusReference: statusReference as string | string[] }) }
}

/**
 * Check the service's default message status (`createServer({ messageStatus })`).
 * @throws TypeError when the size is not 1 to 8, the messages are not 2^statusSize non-empty strings, or a reference is not an http(s) URL
 */
export function checkMessageStatusDefault(m: MessageStatusRequest): MessageStatusRequest {
  if (!Number.isInteger(m.statusSize) || m.statusSize < 1 || m.statusSize > MAX_STATUS_SIZE) throw new TypeError(`createServer: messageStatus.statusSize must be a whole number from 1 to ${MAX_STATUS_SIZE}`)
  if (!Array.isArray(m.messages) || m.messages.length !== 2 ** m.statusSize || !m.messages.every((x) => typeof x === 'string' && x !== '')) {
    throw new TypeError(`createServer: messageStatus.messages must be ${2 ** m.statusSize} non-empty strings`)
  }
  const refs = m.statusReference === undefined ? [] : typeof m.statusReference === 'string' ? [m.statusReference] : m.statusReference
  if (!refs.every((r) => typeof r === 'string' && /^https?:\/\//.test(r) && URL.canParse(r))) throw new TypeError('createServer: messageStatus.statusReference must be http(s) URLs')
  return m
}
