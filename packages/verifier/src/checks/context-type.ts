import { BUNDLED_CONTEXTS, CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, contextDigestVerdict, isOb3Error } from '@ob3/core'
import type { DocumentLoader } from '@ob3/core'
import { list, type ExtraContexts } from '../lib/context.js'
import type { CheckResult } from '../report.js'

const OB_CONTEXT = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/

/** The VC data model a credential follows, read from its first context. */
export function dataModelOf(doc: Record<string, unknown>): 'v2' | 'v1.1' | 'unknown' {
  const first = Array.isArray(doc['@context']) ? doc['@context'][0] : doc['@context']
  return first === CREDENTIALS_V2_URL ? 'v2' : first === CREDENTIALS_V1_URL ? 'v1.1' : 'unknown'
}

/**
 * The `relatedResource` entries that name one of the document's contexts, against the digests
 * their publishers give (VC 2.0 §5.3): a failure when one disagrees or is malformed, a remark
 * when none of its algorithms has a pinned digest, nothing when all match (or none is listed).
 */
function relatedContextDigests(doc: Record<string, unknown>): CheckResult | { unpinned: string[] } {
  const contexts = new Set(list(doc['@context']).filter((c): c is string => typeof c === 'string'))
  const unpinned: string[] = []
  for (const entry of list(doc.relatedResource)) {
    const e = entry as { id?: unknown; digestSRI?: unknown; digestMultibase?: unknown } | null
    if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || !contexts.has(e.id)) continue
    try {
      const verdict = contextDigestVerdict(e.id, e)
      if (verdict === 'mismatch') {
        return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH', message: `relatedResource gives a digest of ${e.id} that is not the digest of the published context: the credential was made with another version of it` }
      }
      if (verdict === 'unpinned') unpinned.push(e.id)
    } catch (err) {
      if (!isOb3Error(err)) throw err
      return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH', message: `relatedResource of ${e.id}: ${err.message}` }
    }
  }
  return { unpinned }
}

/**
 * `context`: the contexts are the ones OB 3.0 requires, in order, and every one is known; a
 * `relatedResource` digest of a context must be the digest its publisher gives.
 */
export function checkContext(doc: Record<string, unknown>, extraContexts: ExtraContexts): CheckResult {
  const digests = relatedContextDigests(doc)
  if ('status' in digests) return digests
  const result = checkOpenBadgesContexts(doc, extraContexts)
  if (result.status === 'passed' && digests.unpinned.length > 0) {
    return { id: 'context', status: 'warning', code: 'ERR_OB3_CONTEXT_DIGEST_MISMATCH', message: `${result.message}; relatedResource digests of ${digests.unpinned.join(', ')} use algorithms with no published digest to compare with, so they were not checked` }
  }
  return result
}

function checkOpenBadgesContexts(doc: Record<string, unknown>, extraContexts: ExtraContexts): CheckResult {
  const ctx = doc['@context']
  if (!Array.isArray(ctx) || ctx.length < 2) {
    return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: '@context must be an array that starts with the VC context and the Open Badges 3.0 context' }
  }
  const model = dataModelOf(doc)
  if (model === 'unknown') {
    return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: `the first @context must be ${CREDENTIALS_V2_URL} (or ${CREDENTIALS_V1_URL} for VC 1.1), not ${JSON.stringify(ctx[0])}` }
  }
  const obIndex = ctx.findIndex((c) => typeof c === 'string' && OB_CONTEXT.test(c))
  if (obIndex < 0) return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: 'the Open Badges 3.0 context is missing from @context' }
  if (model === 'v2' && obIndex !== 1) {
    return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: 'the Open Badges 3.0 context must come second in @context, right after the VC 2.0 context' }
  }
  for (const c of ctx) {
    if (typeof c === 'string' && !BUNDLED_CONTEXTS.has(c) && !extraContexts.has(c)) {
      return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED', message: `context ${c} is not one ob3 knows, so the meaning of what is signed cannot be fixed` }
    }
    if (typeof c !== 'string' && (typeof c !== 'object' || c === null || Array.isArray(c))) {
      return { id: 'context', status: 'failed', code: 'ERR_OB3_CONTEXT_INVALID', message: 'every @context entry must be a URL or an object' }
    }
  }
  const version = (ctx[obIndex] as string).match(/context-(3\.\d\.\d)\.json$/)?.[1] ?? '3.0.0'
  return { id: 'context', status: 'passed', message: `VC ${model === 'v2' ? '2.0' : '1.1'} with the Open Badges ${version} context` }
}

/**
 * After {@link checkContext} passed: every accepted context that is fetched (mapped by the
 * resources, or explicitly allowed) must load as a JSON-LD context, else `context` fails with the
 * loader's code (`ERR_OB3_FETCH_FAILED`, `ERR_OB3_CONTEXT_INVALID`, …).
 */
export async function checkContextsLoad(doc: Record<string, unknown>, passed: CheckResult, extraContexts: ExtraContexts, documentLoader: DocumentLoader): Promise<CheckResult> {
  if (passed.status === 'failed' || extraContexts.mustLoad === undefined) return passed
  const fetched = list(doc['@context']).filter((c): c is string => typeof c === 'string' && extraContexts.mustLoad?.(c) === true)
  for (const url of fetched) {
    try {
      await documentLoader(url)
    } catch (err) {
      if (!isOb3Error(err)) throw err
      return { id: 'context', status: 'failed', code: err.code, message: `context ${url} could not be loaded: ${err.message}` }
    }
  }
  return fetched.length === 0 ? passed : { ...passed, message: `${passed.message}; ${fetched.join(', ')} loaded from the resources or an allowed URL` }
}

/** `type`: VerifiableCredential plus OpenBadgeCredential/AchievementCredential or EndorsementCredential. */
export function checkType(doc: Record<string, unknown>): CheckResult {
  const types = Array.isArray(doc.type) ? doc.type : [doc.type]
  if (!types.includes('VerifiableCredential')) {
    return { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: 'type must include VerifiableCredential' }
  }
  const ob = types.find((t) => t === 'OpenBadgeCredential' || t === 'AchievementCredential' || t === 'EndorsementCredential')
  if (ob === undefined) {
    return { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: 'type must include OpenBadgeCredential, AchievementCredential or EndorsementCredential' }
  }
  return { id: 'type', status: 'passed', message: `an ${ob}` }
}
