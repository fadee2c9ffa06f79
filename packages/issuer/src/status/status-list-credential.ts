import { CREDENTIALS_V2_URL, MIN_STATUS_LIST_LENGTH, encodeStatusList, writeStatusBit } from '@ob3/core'

/** The two purposes ob3 publishes a list for. */
export type StatusPurpose = 'revocation' | 'suspension'

/** Options for {@link buildStatusListCredential}. */
export interface BuildStatusListCredentialOptions {
  /** The list's URL: where it is published, and its credential id. */
  url: string
  issuerId: string
  purpose: StatusPurpose
  /** Entries in the list (at least 131,072). */
  length: number
  /** The indexes whose bit is set. */
  flagged: readonly number[]
  now: Date
  /** How long verifiers may rely on this copy; omitted for no end date. */
  validForMs?: number
}

function seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * An unsigned W3C BitstringStatusListCredential with the given bits set (bit 0 is the most
 * significant bit of byte 0).
 * @example `const list = await buildStatusListCredential({ url, issuerId, purpose: 'revocation', length: 131072, flagged: [94567], now })`
 */
export async function buildStatusListCredential(options: BuildStatusListCredentialOptions): Promise<Record<string, unknown>> {
  if (!Number.isSafeInteger(options.length) || options.length < MIN_STATUS_LIST_LENGTH || options.length % 8 !== 0) {
    throw new TypeError(`buildStatusListCredential: length must be a multiple of 8 and at least ${MIN_STATUS_LIST_LENGTH}`)
  }
  const bits = new Uint8Array(options.length / 8)
  for (const index of options.flagged) writeStatusBit(bits, index, true)
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
    encodedList: await encodeStatusList(bits),
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
