import type { Hono } from 'hono'
import { verify, type VerifyInput } from '@ob3/verifier'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { EXTRA_CONTEXTS, serverDocumentLoader } from '../lib/contexts.js'
import { refuse } from '../lib/errors.js'
import { rateLimit } from '../lib/middleware.js'
import { readJsonObject, unreadIncoming } from '../lib/read-body.js'
import { toVcApiResult } from '../lib/vc-api-result.js'
import { credentialShapeProblems, isCompactJws, isEnvelope, isOpenBadgeType, presentationShapeProblems, type ShapeProblem } from '../lib/vc-shape.js'

const ENVELOPED = /^data:application\/(vc|vp)(\+ld\+json)?\+jwt,/

/** A VC-JWT string, or the JWT inside an Enveloped… object; other values as they are. */
function unwrapEnvelope(value: unknown): VerifyInput {
  if (typeof value === 'string') return value
  const id = (value as { id?: unknown }).id
  if (typeof id === 'string' && ENVELOPED.test(id)) return decodeURIComponent(id.slice(id.indexOf(',') + 1))
  if (typeof value === 'object' && value !== null && Array.isArray((value as { type?: unknown }).type) === false && (value as { type?: unknown }).type === 'EnvelopedVerifiableCredential') {
    refuse('ERR_OB3_SERVER_CREDENTIAL_MALFORMED', 'an EnvelopedVerifiableCredential needs an id that is a data: URL of a VC-JWT')
  }
  return value as Record<string, unknown>
}

function malformed(what: string, problems: ShapeProblem[]): never {
  refuse('ERR_OB3_SERVER_CREDENTIAL_MALFORMED', `the ${what} is malformed: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems })
}

interface VerifyRequestOptions {
  challenge?: string
  domain?: string
  proofPurpose?: 'assertionMethod' | 'authentication'
  statusIssuer?: 'strict'
}

/**
 * VC-API `options`: `challenge`, `domain`, `expectedProofPurpose`, `statusIssuer` (`strict`: a
 * status list signed by someone other than the credential's issuer fails; `lenient` leaves the
 * service's setting); `checks` and unknown keys are accepted and ignored (every check runs).
 */
function readOptions(body: Record<string, unknown>): VerifyRequestOptions {
  const options = body.options
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options must be an object')
  const out: VerifyRequestOptions = {}
  for (const key of ['challenge', 'domain'] as const) {
    const v = (options as Record<string, unknown>)[key]
    if (v === undefined) continue
    if (typeof v !== 'string' || v === '' || v.length > 1024) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `options.${key} must be a non-empty string`)
    out[key] = v
  }
  const purpose = (options as Record<string, unknown>).expectedProofPurpose
  if (purpose !== undefined) {
    if (purpose !== 'assertionMethod' && purpose !== 'authentication') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.expectedProofPurpose must be assertionMethod or authentication')
    out.proofPurpose = purpose
  }
  const statusIssuer = (options as Record<string, unknown>).statusIssuer
  if (statusIssuer !== undefined) {
    if (statusIssuer !== 'lenient' && statusIssuer !== 'strict') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'options.statusIssuer must be lenient or strict')
    if (statusIssuer === 'strict') out.statusIssuer = statusIssuer
  }
  return out
}

/**
 * `POST /credentials/verify` and `POST /presentations/verify` (VC-API). Answers 200
 * `{ verified: true, checks, warnings, errors: [], ob3Report }` when it verifies, 400 with
 * `verified: false` and the errors when it does not (as the W3C VC-API test suites expect), and
 * 400 with `{ error: { code, message } }` for input that is not a credential at all. For a
 * credential, `options.challenge`, `options.domain` and `options.expectedProofPurpose` are
 * required of its proofs. A
 * presentation may come as `verifiablePresentation` (signed) or `presentation` (unsigned
 * allowed); `options.challenge` and `options.domain` are checked against its proof.
 */
export function verifyRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  const verifyOptions = (requested: VerifyRequestOptions) => ({
    statusIssuer: requested.statusIssuer ?? ctx.verifyStatusIssuer,
    fetch: ctx.verifyFetch,
    allowPrivateNetwork: ctx.allowPrivateNetwork,
    cache: ctx.verificationCache,
    timeBudgetMs: ctx.verifyTimeBudgetMs,
    documentLoader: serverDocumentLoader,
    contexts: EXTRA_CONTEXTS,
    now: ctx.now(),
  })

  app.post('/credentials/verify', rateLimit(ctx, ctx.limiters.verify), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes, unreadIncoming(c.env))
    const vc = body.verifiableCredential
    if (vc === undefined || vc === null) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body needs a verifiableCredential')
    const requested = readOptions(body)
    const { challenge, domain, proofPurpose } = requested
    if (!isEnvelope(vc)) {
      const problems = credentialShapeProblems(vc, { purpose: 'verify', at: '/verifiableCredential' })
      if (problems.length > 0) malformed('credential', problems)
    }
    const input = unwrapEnvelope(vc)
    const options = verifyOptions(requested)
    const report = await verify({
      input, label: 'verifiableCredential', ...options,
      ...(challenge === undefined ? {} : { challenge }),
      ...(domain === undefined ? {} : { domain }),
      ...(proofPurpose === undefined ? {} : { proofPurpose }),
    })
    if (report.kind !== 'credential') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'verifiableCredential holds a presentation: use /presentations/verify')
    const result = toVcApiResult(report)
    return c.json(result, result.verified ? 200 : 400)
  })

  app.post('/presentations/verify', rateLimit(ctx, ctx.limiters.verify), async (c) => {
    const body = await readJsonObject(c.req.raw, ctx.limits.maxJsonBytes, unreadIncoming(c.env))
    const signed = body.verifiablePresentation
    const unsigned = body.presentation
    if ((signed === undefined) === (unsigned === undefined)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'the body needs a verifiablePresentation (or, unsigned, a presentation), not both')
    const vp = signed ?? unsigned
    const requested = readOptions(body)
    const { challenge, domain } = requested
    if (!isCompactJws(vp) && !(typeof vp === 'object' && vp !== null && ENVELOPED.test(String((vp as { id?: unknown }).id)))) {
      const problems = presentationShapeProblems(vp, signed === undefined ? '/presentation' : '/verifiablePresentation')
      if (problems.length > 0) malformed('presentation', problems)
    }
    const input = unwrapEnvelope(vp)
    const options = verifyOptions(requested)
    // Open Badges are presented by their earner; other W3C credentials may be presented by
    // someone else (the VC data model allows it), which is then a remark, not a failure.
    const carried: unknown[] = typeof input === 'object' ? [(input as Record<string, unknown>).verifiableCredential ?? []].flat() : []
    const openBadges = typeof input === 'string' || carried.some((d) => isOpenBadgeType((d as { type?: unknown } | null)?.type))
    const report = await verify({
      input,
      label: signed === undefined ? 'presentation' : 'verifiablePresentation',
      ...options,
      subjectBinding: openBadges ? 'require' : 'warn',
      ...(challenge === undefined ? {} : { challenge }),
      ...(domain === undefined ? {} : { domain }),
    })
    if (report.kind !== 'presentation') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'this is a credential, not a presentation: use /credentials/verify')
    const result = toVcApiResult(report, { unsignedAllowed: signed === undefined && challenge === undefined && domain === undefined })
    return c.json(result, result.verified ? 200 : 400)
  })
}
