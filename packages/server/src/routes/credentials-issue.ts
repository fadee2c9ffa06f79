import type { Hono } from 'hono'
import type { ProofFormat } from '@ob3/core'
import type { MessageStatusRequest } from '@ob3/issuer'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { refuse } from '../lib/errors.js'
import { issueForTenant, vcApiCredential } from '../lib/issue-for-tenant.js'
import { requireTenant } from '../lib/middleware.js'
import { readJsonObject, unreadIncoming } from '../lib/read-body.js'
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

/** What `options.credentialStatus` asked for: nothing said, none, or an entry (of a type when one was named). */
type StatusOption = undefined | false | { type?: 'BitstringStatusListEntry' | 'StatusList2021Entry'; message?: MessageStatusRequest }

/**
 * VC-API `options.credentialStatus`: undefined (the default), `false` (no status entry), or a
 * request for one: `true`, `{ type: 'BitstringStatusListEntry' | 'StatusList2021Entry',
 * statusPurpose?: 'revocation' }` (a revocation entry), or `{ type: 'BitstringStatusListEntry',
 * statusPurpose: 'message', statusSize, statusMessage, statusReference? }` (a multi-bit message
 * entry beside it). Whether the type fits the credential's data model is checked later.
 */
function readStatusOption(value: unknown): StatusOption {
  if (value === undefined || value === false) return value
  if (value === true) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.credentialStatus must be false (no status), true, or {type: "BitstringStatusListEntry"} ({type: "StatusList2021Entry"} for VC 1.1)')
  }
  const { type, statusPurpose, ...rest } = value as Record<string, unknown>
  if (type !== 'BitstringStatusListEntry' && type !== 'StatusList2021Entry') {
    refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', `options.credentialStatus.type ${JSON.stringify(type)} is not given by this service: it gives BitstringStatusListEntry (VC 2.0) and StatusList2021Entry (VC 1.1)`)
  }
  if (statusPurpose === 'message' && type === 'BitstringStatusListEntry') return { type, message: readMessageStatusOption(value as Record<string, unknown>) }
  if (statusPurpose !== undefined && statusPurpose !== 'revocation') {
    refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', `options.credentialStatus.statusPurpose: the service gives revocation entries${type === 'BitstringStatusListEntry' ? ' and message entries' : ' (StatusList2021Entry)'}`)
  }
  if (Object.keys(rest).length > 0) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.credentialStatus takes type and statusPurpose, not ${Object.keys(rest).join(', ')}`)
  return { type }
}

/**
 * `POST /credentials/issue` (VC-API): `{ credential, options? }` → 201 `{ verifiableCredential,
 * warnings? }`, signed with the tenant's key. `credential.issuer` is required; the signed
 * credential names the tenant's issuer id (another id is replaced, with a warning
 * `ERR_OB3_SERVER_ISSUER_REPLACED`). The same request sent again answers the first credential
 * (header `X-Ob3-Replayed: true`); another credential under a used id is a 409.
 * `options.credentialStatus` decides the status entry: omitted, a VC 2.0 credential gets a
 * revocation entry in the tenant's lists and a VC 1.1 credential none; `false`, none; `true`, one
 * in the form of the credential's data model. VC 2.0: a `BitstringStatusListEntry` (also asked
 * for as `{type: 'BitstringStatusListEntry', statusPurpose?: 'revocation'}`). VC 1.1: a
 * `StatusList2021Entry` (`{type: 'StatusList2021Entry', statusPurpose?: 'revocation'}`), whose
 * `statusListCredential` is the StatusList2021Credential form of the same tenant list
 * (`<list>/2021`, the same bits), and the context `https://w3id.org/vc/status-list/2021/v1` is
 * added to the credential's `@context` — never a VC 2.0 or Bitstring context. The other type for
 * a data model is refused (400 `ERR_OB3_SERVER_STATUS_UNSUPPORTED`). `{type:
 * 'BitstringStatusListEntry', statusPurpose: 'message', statusSize, statusMessage,
 * statusReference?}` (VC 2.0 only), a revocation entry and a multi-bit message entry (value 0
 * until `POST /credentials/status` sets it). With the service's `messageStatus` default, an
 * omitted `options.credentialStatus` gives a VC 2.0 credential that message entry too.
 * `POST /credentials/status` revokes in both forms at once. A credential that brings its own
 * `credentialStatus` gets none added; its entries of known types (`BitstringStatusListEntry`,
 * `StatusList2021Entry`, `1EdTechRevocationList`) must be well formed (400
 * `ERR_OB3_SERVER_STATUS_INVALID`).
 * `options.cryptosuite` picks the Data Integrity cryptosuite, `eddsa-rdfc-2022` (default) or
 * `eddsa-jcs-2022`; `options.format` (an ob3 extension) picks `eddsa-rdfc-2022`, `eddsa-jcs-2022`,
 * `Ed25519Signature2020` or `vc-jwt` (answered as an EnvelopedVerifiableCredential).
 */
export function issueRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.post('/credentials/issue', requireTenant(ctx, 'issue:credentials'), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes, unreadIncoming(c.env))
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
    if (typeof option === 'object' && v1 && option.type === 'BitstringStatusListEntry') {
      // A Bitstring entry needs terms from outside the VC 1.1 data model; the same list is
      // published in the StatusList2021 form, whose entry a VC 1.1 credential takes.
      refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', 'a VC 1.1 credential gets a StatusList2021Entry, not a BitstringStatusListEntry: ask with options.credentialStatus true or {type: "StatusList2021Entry"}, or issue the credential as VC 2.0')
    }
    if (typeof option === 'object' && !v1 && option.type === 'StatusList2021Entry') {
      refuse('ERR_OB3_SERVER_STATUS_UNSUPPORTED', 'a VC 2.0 credential gets a BitstringStatusListEntry, not a StatusList2021Entry (a VC 1.1 form): ask with options.credentialStatus true or {type: "BitstringStatusListEntry"}')
    }
    // VC 2.0: the tenant's default is a revocation entry; VC 1.1: none unless asked (then the
    // issuer gives it a StatusList2021Entry and its context).
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
