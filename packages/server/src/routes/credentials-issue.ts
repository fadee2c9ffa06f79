import type { Hono } from 'hono'
import type { ProofFormat } from '@ob3/core'
import type { MessageStatusRequest } from '@ob3/issuer'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { issueForTenant, vcApiCredential } from '../lib/issue-for-tenant.js'
import { requireTenant } from '../lib/middleware.js'
import { readJsonObject } from '../lib/read-body.js'
import { readMessageStatusOption } from '../lib/message-status.js'
import { credentialShapeProblems, dataModelOf, isUrl, statusEntryProblems } from '../lib/vc-shape.js'

const FORMATS: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'Ed25519Signature2020', 'vc-jwt']
const CRYPTOSUITES: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'eddsa-jcs-2022']

/**
 * The proof format of an issue request: `options.cryptosuite` (the Data Integrity cryptosuite,
 * `eddsa-rdfc-2022` or `eddsa-jcs-2022`) or `options.format` (an ob3 extension that also names
 * `Ed25519Signature2020` and `vc-jwt`); both only when they agree. Default `eddsa-rdfc-2022`.
 */
function readProofFormat(opts: Record<string, unknown>): ProofFormat {
  const { format, cryptosuite } = opts
  if (cryptosuite !== undefined && !CRYPTOSUITES.includes(cryptosuite as ProofFormat)) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.cryptosuite must be one of ${CRYPTOSUITES.join(', ')}`)
  }
  if (format !== undefined && !FORMATS.includes(format as ProofFormat)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.format must be one of ${FORMATS.join(', ')}`)
  if (format !== undefined && cryptosuite !== undefined && format !== cryptosuite) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.cryptosuite ${String(cryptosuite)} and options.format ${String(format)} disagree`)
  }
  return (cryptosuite ?? format ?? 'eddsa-rdfc-2022') as ProofFormat
}

/**
 * VC-API `options.credentialStatus`: undefined (the default), `false` (no status entry), or a
 * request for one: `true` or `{ type: 'BitstringStatusListEntry', statusPurpose?: 'revocation' }`
 * (a revocation entry), or `{ type: 'BitstringStatusListEntry', statusPurpose: 'message',
 * statusSize, statusMessage, statusReference? }` (a multi-bit message entry beside it).
 */
function readStatusOption(value: unknown): boolean | undefined | { message: MessageStatusRequest } {
  if (value === undefined || typeof value === 'boolean') return value
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialStatus must be false (no status), true, or {type: "BitstringStatusListEntry"}')
  }
  const { type, statusPurpose, ...rest } = value as Record<string, unknown>
  if (type !== 'BitstringStatusListEntry') refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', `options.credentialStatus.type ${JSON.stringify(type)} is not given by this service: it gives BitstringStatusListEntry`)
  if (statusPurpose === 'message') return { message: readMessageStatusOption(value as Record<string, unknown>) }
  if (statusPurpose !== undefined && statusPurpose !== 'revocation') refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', 'options.credentialStatus.statusPurpose: the service gives revocation and message entries')
  if (Object.keys(rest).length > 0) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.credentialStatus takes type and statusPurpose, not ${Object.keys(rest).join(', ')}`)
  return true
}

/**
 * `POST /credentials/issue` (VC-API): `{ credential, options? }` → 201 `{ verifiableCredential,
 * warnings? }`, signed with the tenant's key. `credential.issuer` is required; the signed
 * credential names the tenant's issuer id (another id is replaced, with a warning
 * `ERR_OB3_SERVER_ISSUER_REPLACED`). The same request sent again answers the first credential
 * (header `X-Ob3-Replayed: true`); another credential under a used id is a 409.
 * `options.credentialStatus` decides the status entry: omitted, a VC 2.0 credential gets a
 * revocation entry in the tenant's lists and a VC 1.1 credential none; `false`, none; `true` (or
 * `{type: 'BitstringStatusListEntry'}`), one — refused for VC 1.1 (400
 * `ERR_OB3_SERVER_STATUS_UNSUPPORTED`); `{type: 'BitstringStatusListEntry', statusPurpose:
 * 'message', statusSize, statusMessage, statusReference?}`, a revocation entry and a multi-bit
 * message entry (value 0 until `POST /credentials/status` sets it). With the service's
 * `messageStatus` default, an omitted `options.credentialStatus` gives a VC 2.0 credential that
 * message entry too. A credential that brings its own `credentialStatus` gets
 * none added; its entries of known types must be well formed (400 `ERR_OB3_SERVER_STATUS_INVALID`).
 * `options.cryptosuite` picks the Data Integrity cryptosuite, `eddsa-rdfc-2022` (default) or
 * `eddsa-jcs-2022`; `options.format` (an ob3 extension) picks `eddsa-rdfc-2022`, `eddsa-jcs-2022`,
 * `Ed25519Signature2020` or `vc-jwt` (answered as an EnvelopedVerifiableCredential).
 */
export function issueRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.post('/credentials/issue', requireTenant(ctx, 'issue:credentials'), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes)
    const { credential, options } = body
    if (credential === undefined) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body needs a credential')
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options must be an object')
    const opts = (options ?? {}) as Record<string, unknown>
    const format = readProofFormat(opts)
    const credentialId = opts.credentialId
    if (credentialId !== undefined && !isUrl(credentialId)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialId must be a URL')
    const option = readStatusOption(opts.credentialStatus)
    const messageRequested = typeof option === 'object' ? option.message : undefined
    const requested = typeof option === 'object' ? true : option
    const problems = credentialShapeProblems(credential, { purpose: 'issue', at: '/credential' })
    if (problems.length > 0) {
      refuse('ERR_OB3_SERVER_CREDENTIAL_MALFORMED', `the credential is malformed: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems })
    }
    const vc = credential as Record<string, unknown>
    if (credentialId !== undefined && vc.id !== undefined && vc.id !== credentialId) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialId and credential.id differ')
    // `<base>/status/<tenant>`: no entry may point into any tenant's lists on this service.
    const statusProblems = statusEntryProblems(vc, { at: '/credential', ownListBase: c.get('tenant').statusBaseUrl.replace(/\/[^/]+\/?$/, '') })
    if (statusProblems.length > 0) {
      refuse('ERR_OB3_SERVER_STATUS_INVALID', `the credential's credentialStatus is malformed: ${statusProblems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems: statusProblems })
    }
    const v1 = dataModelOf(vc) === 'v1.1'
    if (requested === true && vc.credentialStatus !== undefined) {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the credential brings its own credentialStatus: leave options.credentialStatus out (or false)')
    }
    if (requested === true && v1) {
      // The service's lists are Bitstring Status Lists, whose entry needs a context a VC 1.1
      // credential cannot take without leaving the 1.1 data model.
      refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', 'the service gives status entries (BitstringStatusListEntry) to VC 2.0 credentials only: issue a VC 1.1 credential without options.credentialStatus, or issue it as VC 2.0')
    }
    // VC 2.0: the tenant's default is a revocation entry; VC 1.1: none unless asked.
    const status = requested ?? !v1
    // A message entry when asked for; by default, the service's default one for VC 2.0.
    const messageStatus = messageRequested ?? (requested === undefined && !v1 ? ctx.messageStatus : undefined)
    const issued = await issueForTenant({
      tenant: c.get('tenant'),
      store: ctx.issuerStore,
      credential: vc,
      format,
      now: ctx.now(),
      status,
      ...(requested === undefined ? {} : { statusRequested: requested }),
      ...(messageStatus === undefined ? {} : { messageStatus }),
      ...(messageRequested === undefined ? {} : { messageRequested }),
      ...(credentialId === undefined ? {} : { credentialId: credentialId as string }),
    })
    const verifiableCredential = vcApiCredential(issued.record)
    if (issued.replayed) c.header('x-ob3-replayed', 'true')
    return c.json({ verifiableCredential, ...(issued.warnings.length === 0 ? {} : { warnings: issued.warnings }) }, 201)
  })
}
