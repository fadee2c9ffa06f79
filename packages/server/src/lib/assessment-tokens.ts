/**
 * Internal: the bearer tokens of the assessment routes. A tenant's staff mint one per person and
 * role (`POST /assessment/tokens`); the token names the tenant, the role (`issuer`, `assessor`,
 * `educator`), the person's id and an expiry, and carries an HMAC-SHA-256 under a key derived from
 * the tenant's signing key — so the service checks it without a table, and no tenant can mint
 * tokens for another. Format: `ob3r_<payload base64url>.<mac base64url>`.
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { Ob3Error } from '@ob3/core'
import type { AssessmentCaller, AssessmentRole } from '@ob3/issuer'
import type { Tenant, TenantRegistry } from './tenants.js'

const PREFIX = 'ob3r_'
const ROLES: readonly AssessmentRole[] = ['issuer', 'assessor', 'educator']
/** A person's id in a token: a DID, an e-mail or a staff or assessor id; no spaces. */
export const ASSESSMENT_ID = /^[^\s\0"<>]{1,200}$/u

interface Payload {
  /** Tenant id. */
  t: string
  r: AssessmentRole
  i: string
  /** Expiry, seconds since the epoch. */
  e: number
  /** Random, so two tokens for the same person differ. */
  n: string
}

function macKey(tenant: Tenant): Buffer {
  // The signing key's secret never leaves the tenant; only this one-way derivation of it is used.
  const secret = tenant.key.secretKeyMultibase
  if (secret === undefined) throw new Ob3Error('ERR_OB3_SERVER_INTERNAL', `tenant ${tenant.record.id} has no signing secret to key assessment tokens with`)
  return createHmac('sha256', secret).update('ob3 assessment tokens v1').digest()
}

function mac(tenant: Tenant, payload: string): Buffer {
  return createHmac('sha256', macKey(tenant)).update(payload).digest()
}

/** A token for one person and role of a tenant, valid until `expiresAt`. */
export function mintAssessmentToken(tenant: Tenant, caller: AssessmentCaller, expiresAt: Date): string {
  const payload: Payload = { t: tenant.record.id, r: caller.role, i: caller.id, e: Math.floor(expiresAt.getTime() / 1000), n: randomBytes(9).toString('base64url') }
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  return `${PREFIX}${body}.${mac(tenant, body).toString('base64url')}`
}

/** Whether a bearer token is an assessment token (rather than an API key or access token). */
export function isAssessmentToken(token: string): boolean {
  return token.startsWith(PREFIX)
}

/** The tenant and caller of a valid, unexpired token; undefined otherwise. */
export async function readAssessmentToken(tenants: TenantRegistry, token: string, now: Date): Promise<{ tenant: Tenant; caller: AssessmentCaller } | undefined> {
  if (!token.startsWith(PREFIX)) return undefined
  const [body, signature, extra] = token.slice(PREFIX.length).split('.')
  if (body === undefined || signature === undefined || extra !== undefined) return undefined
  let payload: Payload
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload
  } catch {
    return undefined
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.t !== 'string' || !ROLES.includes(payload.r) || typeof payload.i !== 'string' || !ASSESSMENT_ID.test(payload.i) || typeof payload.e !== 'number') return undefined
  const tenant = await tenants.get(payload.t)
  if (tenant === undefined) return undefined
  const expected = mac(tenant, body)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  if (payload.e * 1000 <= now.getTime()) return undefined
  return { tenant, caller: { role: payload.r, id: payload.i } }
}
