import { CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, MAX_STATUS_SIZE, MIN_STATUS_LIST_LENGTH, encodeStatusList, writeStatusBit, writeStatusValue } from '@ob3/core'

/** The StatusList2021 context (W3C CCG Status List 2021), bundled with ob3: the terms of a VC 1.1 credential's `StatusList2021Entry` and of its `StatusList2021Credential`. */
export const STATUS_LIST_2021_CONTEXT_URL = 'https://w3id.org/vc/status-list/2021/v1'

/**
 * The two forms ob3 publishes a list in: a W3C `BitstringStatusListCredential` (VC 2.0, the
 * default) and the same bits as a `StatusList2021Credential` (VC 1.1), for VC 1.1 credentials,
 * whose `StatusList2021Entry` points there.
 */
export type StatusListType = 'BitstringStatusListCredential' | 'StatusList2021Credential'

/**
 * Where a list's StatusList2021 form is published: the Bitstring list's URL and `/2021`.
 * @example `statusList2021Url('https://issuer.example/status/3f2a/revocation') // '…/3f2a/revocation/2021'`
 */
export function statusList2021Url(listUrl: string): string {
  return `${listUrl}/2021`
}

/** The two purposes ob3 publishes a list for. */
export type StatusPurpose = 'revocation' | 'suspension'

/** The purposes {@link buildStatusListCredential} makes a list for: the two above, and `message` (multi-bit status with messages). */
export type StatusListPurpose = StatusPurpose | 'message'

/** One possible status value of a multi-bit entry and what it means (`status` is `0x` and hex digits). */
export interface StatusMessage {
  status: string
  message: string
}

/** Options for {@link buildStatusListCredential}. */
export interface BuildStatusListCredentialOptions {
  /** The list's URL: where it is published, and its credential id. */
  url: string
  issuerId: string
  purpose: StatusListPurpose
  /** Entries in the list (at least 131,072). */
  length: number
  /** The indexes whose bit is set (with statusSize 1), or whose value is 1. */
  flagged: readonly number[]
  /**
   * Bits per entry, 1 (default) to 8. The list does not state it (the credentials/v2 context
   * defines no statusSize for a list): each entry does.
   */
  statusSize?: number
  /** The status value of each entry that is not 0 (`[index, value]` pairs), for statusSize > 1. */
  values?: Iterable<readonly [index: number, value: number]>
  now: Date
  /** How long verifiers may rely on this copy; omitted for no end date. */
  validForMs?: number
  /**
   * The list's form (default `BitstringStatusListCredential`). `StatusList2021Credential`: a VC
   * 1.1 credential (`issuanceDate`, `expirationDate`) whose `encodedList` is base64url of the
   * GZIP bitstring without the multibase `u` prefix; revocation and suspension lists only, 1 bit
   * per entry.
   */
  type?: StatusListType
}

function seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * An unsigned W3C BitstringStatusListCredential with the given bits set (bit 0 is the most
 * significant bit of byte 0). With `statusSize` > 1 each entry is that many bits, from position
 * `index × statusSize`, and `values` sets them (a `message` list, whose entries carry the
 * meaning of each value: see {@link messageStatusEntry}).
 * @example `const list = await buildStatusListCredential({ url, issuerId, purpose: 'revocation', length: 131072, flagged: [94567], now })`
 */
export async function buildStatusListCredential(options: BuildStatusListCredentialOptions): Promise<Record<string, unknown>> {
  if (!Number.isSafeInteger(options.length) || options.length < MIN_STATUS_LIST_LENGTH || options.length % 8 !== 0) {
    throw new TypeError(`buildStatusListCredential: length must be a multiple of 8 and at least ${MIN_STATUS_LIST_LENGTH}`)
  }
  const size = options.statusSize ?? 1
  if (!Number.isInteger(size) || size < 1 || size > MAX_STATUS_SIZE) throw new TypeError(`buildStatusListCredential: statusSize must be a whole number from 1 to ${MAX_STATUS_SIZE}`)
  const legacy = options.type === 'StatusList2021Credential'
  if (legacy && (size !== 1 || options.purpose === 'message')) throw new TypeError('buildStatusListCredential: a StatusList2021Credential is a revocation or suspension list of 1-bit entries')
  const bits = new Uint8Array((options.length * size) / 8)
  if (size === 1) for (const index of options.flagged) writeStatusBit(bits, index, true)
  else for (const index of options.flagged) writeStatusValue(bits, index, size, 1)
  for (const [index, value] of options.values ?? []) writeStatusValue(bits, index, size, value)
  // StatusList2021 (W3C CCG): encodedList is the GZIP-compressed bitstring in base64url, with no
  // multibase prefix; the Bitstring Recommendation adds the `u`.
  const encoded = await encodeStatusList(bits)
  if (legacy) {
    const list: Record<string, unknown> = {
      '@context': [CREDENTIALS_V1_URL, STATUS_LIST_2021_CONTEXT_URL],
      id: options.url,
      type: ['VerifiableCredential', 'StatusList2021Credential'],
      issuer: options.issuerId,
      issuanceDate: seconds(options.now),
    }
    if (options.validForMs !== undefined) list.expirationDate = seconds(new Date(options.now.getTime() + options.validForMs))
    list.credentialSubject = { id: `${options.url}#list`, type: 'StatusList2021', statusPurpose: options.purpose, encodedList: encoded.slice(1) }
    return list
  }
  const credential: Record<string, unknown> = {
    '@context': [CREDENTIALS_V2_URL],
    id: options.url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuerId,
    validFrom: seconds(options.now),
  }
  if (options.validForMs !== undefined) credential.validUntil = seconds(new Date(options.now.getTime() + options.validForMs))
  credential.credentialSubject = {
    id: `${options.url}#list`,
    type: 'BitstringStatusList',
    statusPurpose: options.purpose,
    encodedList: encoded,
  }
  return credential
}

/**
 * The `credentialStatus` entries of a credential at `index` in a revocation and a suspension list.
 * @example `statusEntries(group, 94567)`
 */
export function statusEntries(group: { revocationListUrl: string; suspensionListUrl: string }, index: number): Record<string, unknown>[] {
  return (['revocation', 'suspension'] as const).map((purpose) => {
    const url = purpose === 'revocation' ? group.revocationListUrl : group.suspensionListUrl
    return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url }
  })
}

/**
 * The `credentialStatus` entries of a VC 1.1 credential at `index`: `StatusList2021Entry`s
 * pointing at the StatusList2021 form of the group's revocation and suspension lists (the same
 * bits as the Bitstring lists, see {@link statusList2021Url}).
 * @example `statusList2021Entries(group, 94567)[0] // { type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: '94567', … }`
 */
export function statusList2021Entries(group: { revocationListUrl: string; suspensionListUrl: string }, index: number): Record<string, unknown>[] {
  return (['revocation', 'suspension'] as const).map((purpose) => {
    const url = statusList2021Url(purpose === 'revocation' ? group.revocationListUrl : group.suspensionListUrl)
    return { id: `${url}#${index}`, type: 'StatusList2021Entry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url }
  })
}

/** Options for {@link messageStatusEntry}. */
export interface MessageStatusEntryOptions {
  /** The status list's URL. */
  url: string
  index: number
  /** Bits per entry, 1 to 8: there are 2^statusSize values, each with a message. */
  statusSize: number
  /** One message per value, from `0x0` up; their number must be 2^statusSize. */
  messages: readonly string[]
  /** Where more about the status is said: a URL or several. */
  statusReference?: string | readonly string[]
  /** Default `message`. */
  purpose?: StatusListPurpose
}

/**
 * A `BitstringStatusListEntry` of a multi-bit list: `statusSize`, and a `statusMessage` that gives
 * each of the 2^statusSize values (`0x0`, `0x1`, …) its message.
 * @throws TypeError when the size is not 1 to 8, the messages are not 2^statusSize, or a reference is not a URL
 * @example `messageStatusEntry({ url, index: 12, statusSize: 2, messages: ['valid', 'pending review', 'under appeal', 'withdrawn'] })`
 */
export function messageStatusEntry(options: MessageStatusEntryOptions): Record<string, unknown> {
  const { url, index, statusSize } = options
  if (!Number.isInteger(statusSize) || statusSize < 1 || statusSize > MAX_STATUS_SIZE) throw new TypeError(`messageStatusEntry: statusSize must be a whole number from 1 to ${MAX_STATUS_SIZE}`)
  if (options.messages.length !== 2 ** statusSize) throw new TypeError(`messageStatusEntry: statusSize ${statusSize} needs ${2 ** statusSize} messages, not ${options.messages.length}`)
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('messageStatusEntry: index must be a whole number, 0 or more')
  const references = options.statusReference === undefined ? [] : typeof options.statusReference === 'string' ? [options.statusReference] : [...options.statusReference]
  if (references.some((r) => !URL.canParse(r))) throw new TypeError('messageStatusEntry: statusReference must be URLs')
  const statusMessage: StatusMessage[] = options.messages.map((message, value) => ({ status: `0x${value.toString(16)}`, message }))
  return {
    id: `${url}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: options.purpose ?? 'message',
    statusListIndex: String(index),
    statusListCredential: url,
    statusSize,
    statusMessage,
    ...(options.statusReference === undefined ? {} : { statusReference: typeof options.statusReference === 'string' ? options.statusReference : [...options.statusReference] }),
  }
}
