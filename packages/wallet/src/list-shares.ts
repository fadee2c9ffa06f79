import type { ShareRecord } from './store/types.js'
import type { ShareInfo } from './types.js'

/** A share record as listed: without its delete capability, with its state at `now`. Internal. */
export function shareInfo(record: ShareRecord, now: Date): ShareInfo {
  const { deleteCapability: _secret, ...rest } = record
  const state = record.revokedAt !== null ? 'revoked' : Date.parse(record.expiresAt) <= now.getTime() ? 'expired' : 'active'
  return { ...rest, state }
}
