import { BUNDLED_CONTEXTS, LOCAL_RESOURCES, createDocumentLoader, isOb3Error, localResourcesOf, readOb2Input, type Ob2Input, resolvePublishedKeys, resolveVerificationMethod, type DocumentLoader, type KeyResolver, type PublishedKeysResolver } from '@ob3/core'
import { assertSharedArtifacts, type SharedArtifact } from './checks/artifacts.js'
import { assertExpectedRecipient, type ExpectedRecipient } from './checks/recipient.js'
import type { StatusIssuerPolicy } from './checks/status.js'
import type { TrustPolicy } from './checks/trust.js'
import type { VerifyContext } from './lib/context.js'
import { verifyCredential } from './lib/verify-credential.js'
import { verifyPresentation } from './lib/verify-presentation.js'
import { loadInput, type LoadedInput, type VerifyInput } from './load-input.js'
import { finishReport, type VerificationReport } from './report.js'
import { DEFAULT_TIME_BUDGET_MS, startTimeBudget, type TimeBudget } from './lib/time-budget.js'
import { createSafeFetch, isSafeFetch, markSafeFetch } from './safe-fetch.js'
import { isShareLink, verifyShareLink } from './verify-share-link.js'
import { verifyOb2 } from './ob2/verify-ob2.js'
import type { TrustRegistry } from './trust-registry.js'
import { createVerificationCache, type VerificationCache } from './verification-cache.js'

export { createVerificationCache, type CreateVerificationCacheOptions, type VerificationCache } from './verification-cache.js'
export { DEFAULT_TIME_BUDGET_MS } from './lib/time-budget.js'
export type { ExpectedRecipient } from './checks/recipient.js'
export type { StatusIssuerPolicy } from './checks/status.js'
export type { SharedArtifact } from './checks/artifacts.js'

/** Options for {@link verify}. */
export interface VerifyOptions {
  /** A credential or presentation as bytes (JSON, JWT, PNG, SVG), text, or a parsed object. */
  input: VerifyInput
  /** How the report names the input (a path, a link). Default `-`. */
  label?: string
  /**
   * The fetch for DID documents, verification methods and status lists. Without one, nothing
   * is fetched and checks that need the network fail with a code that says so. It is wrapped by
   * {@link createSafeFetch} (https only, no local or private addresses) unless it is one already;
   * URLs a `createResourceFetch` map serves are read from the map as they are.
   */
  fetch?: typeof fetch
  /** Let the fetch reach `http:`, loopback and private addresses (a local test server). Default false. */
  allowPrivateNetwork?: boolean
  /** The clock for every date check. Default: now. */
  now?: Date
  /** Where JSON-LD contexts come from. Default: the bundled, offline loader. */
  documentLoader?: DocumentLoader
  /** More JSON-LD contexts to accept, by URL (served by `documentLoader`). */
  contexts?: Readonly<Record<string, unknown>>
  /**
   * Context URLs that are not bundled and may be fetched (through the safe fetch, 256 KiB at
   * most) to verify a credential that uses them. Contexts a `createResourceFetch` map serves are
   * accepted without being listed; any other unbundled context fails `context` with
   * `ERR_OB3_CONTEXT_NOT_ALLOWED`. Ignored when `documentLoader` is given. Default: none.
   */
  allowContexts?: readonly string[]
  /**
   * Fetched documents shared between calls, each kept for its HTTP lifetime (5 minutes at most
   * by default): see {@link createVerificationCache}. Default: a new one per call.
   */
  cache?: VerificationCache
  /**
   * The time, in milliseconds, that all of this verification's fetches (DID and controller
   * documents, status lists, a hosted share) must finish within; they run at the same time. A
   * check whose fetch was cut short fails with `ERR_OB3_TIME_BUDGET_EXCEEDED`, and the report
   * comes back. Default {@link DEFAULT_TIME_BUDGET_MS} (15 s).
   */
  timeBudgetMs?: number
  /** Trusted issuers (the `trust` check) and endorsers (each endorsement's `trusted`). */
  trust?: TrustRegistry
  /** `require` (default): an untrusted issuer fails the report; `warn`: a remark only. */
  trustPolicy?: TrustPolicy
  /**
   * A key no document of the issuer confirms — the `<https issuer URL>#<publicKeyMultibase>` form
   * of the OB 3.0 examples, or a JWT header `jwk` of an https issuer — fails the proof (`strict`)
   * or is a warning (`lenient`, default); either way `trust` never passes for it. A DID issuer's
   * key from anywhere but its DID document always fails.
   */
  keyBinding?: 'lenient' | 'strict'
  /**
   * A status list signed by someone other than the credential's issuer (a registry's did:key that
   * signs the lists of many issuers): `lenient` (default) believes it, if its own issuer's key
   * signed it, and warns `ERR_OB3_STATUS_ISSUER_DIFFERS`; `strict` fails `status` with that code.
   * With `trust`, such a signer must also be trusted for `status` (else
   * `ERR_OB3_STATUS_ISSUER_UNTRUSTED`, as `trustPolicy` says).
   */
  statusIssuer?: StatusIssuerPolicy
  /** Who the credential should be about: `{ id }` or `{ identityType, value }` (the `recipient` check). */
  recipient?: ExpectedRecipient
  /** Files shared with the credential, each to match an artifact digest of its evidence (the `artifacts` check). */
  artifacts?: SharedArtifact[]
  /**
   * Endorsements handed in separately (a state's endorsement.json): EndorsementCredential
   * objects, VC-JWT strings or file bytes. Each is used only when it endorses the credential,
   * its achievement or its issuer.
   */
  endorsements?: unknown[]
  /** The challenge the holder's proof must carry (a presentation), or the credential's proofs (a credential). */
  challenge?: string
  /** The domain the holder's proof must carry (a presentation), or the credential's proofs (a credential). */
  domain?: string
  /**
   * For a credential: the proof purpose its proofs must have (VC-API `expectedProofPurpose`).
   * Default `assertionMethod`.
   */
  proofPurpose?: 'assertionMethod' | 'authentication'
  /**
   * For a presentation: whether its holder must be the subject of every credential it carries
   * (`require`, the default: a teacher presents her own badges) or a holder presenting others'
   * credentials is a remark only (`warn`, as the VC data model allows).
   */
  subjectBinding?: 'require' | 'warn'
}

/**
 * Verify an Open Badges 3.0 credential or a presentation of credentials — or an Open Badges 2.0
 * assertion: hosted (its URL or JSON; fetched from its id), signed (a compact JWS) or baked (PNG
 * `openbadges` chunk, SVG `<openbadges:assertion>`) — and return a report of named checks, whose
 * `specification` says which of the two was checked. Never throws for a bad input: an unreadable one gives a report whose `parse`
 * check failed. Wrong usage (a malformed option) throws a TypeError naming it.
 *
 * @example
 * ```ts
 * const report = await verify({ input: await readFile('badge.png'), label: 'badge.png' })
 * if (!report.verified) console.log(report.checks.filter((c) => c.status === 'failed'))
 * ```
 */
export async function verify(options: VerifyOptions): Promise<VerificationReport> {
  const label = options.label ?? '-'
  if (options.recipient !== undefined) assertExpectedRecipient(options.recipient)
  if (options.artifacts !== undefined) assertSharedArtifacts(options.artifacts)
  if (options.endorsements !== undefined && !Array.isArray(options.endorsements)) throw new TypeError('verify: endorsements must be an array')
  for (const key of ['challenge', 'domain'] as const) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || options[key] === '')) throw new TypeError(`verify: ${key} must be a non-empty string`)
  }
  if (options.subjectBinding !== undefined && options.subjectBinding !== 'require' && options.subjectBinding !== 'warn') {
    throw new TypeError('verify: subjectBinding must be require or warn')
  }
  if (options.allowContexts !== undefined && (!Array.isArray(options.allowContexts) || !options.allowContexts.every((u) => typeof u === 'string' && /^https?:\/\//.test(u)))) {
    throw new TypeError('verify: allowContexts must be an array of http(s) URLs')
  }
  if (options.proofPurpose !== undefined && options.proofPurpose !== 'assertionMethod' && options.proofPurpose !== 'authentication') {
    throw new TypeError('verify: proofPurpose must be assertionMethod or authentication')
  }
  if (options.statusIssuer !== undefined && options.statusIssuer !== 'lenient' && options.statusIssuer !== 'strict') {
    throw new TypeError('verify: statusIssuer must be lenient or strict')
  }
  const budgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS
  if (typeof budgetMs !== 'number' || !Number.isFinite(budgetMs) || budgetMs <= 0) throw new TypeError('verify: timeBudgetMs must be a positive number of milliseconds')
  const budget = startTimeBudget(budgetMs)
  try {
    return await verifyWithin(options, label, budget)
  } finally {
    budget.dispose()
  }
}

async function verifyWithin(options: VerifyOptions, label: string, budget: TimeBudget): Promise<VerificationReport> {
  if (typeof options.input === 'string' && isShareLink(options.input)) {
    const ctx = createContext(options, budget)
    // A hosted bundle is fetched within the budget but never kept: it is large, and its host may withdraw it.
    const bundleFetch = options.fetch === undefined ? undefined : budget.wrap(isSafeFetch(options.fetch) ? options.fetch : createSafeFetch({ fetch: options.fetch, allowPrivate: options.allowPrivateNetwork === true }))
    return verifyShareLink(options.input, bundleFetch, label, (presentation, artifacts) =>
      verify({ ...options, input: presentation as VerifyInput, fetch: ctx.fetch as typeof fetch, artifacts: [...(options.artifacts ?? []), ...artifacts] }))
  }
  // Open Badges 2.0: an assertion (JSON or JWS), a hosted assertion's URL, a badge baked the 2.0 way.
  let ob2: Ob2Input | undefined
  try {
    ob2 = readOb2Input(options.input)
  } catch (err) {
    if (!isOb3Error(err)) throw err
    return finishReport({
      input: label, kind: 'credential', format: guessFormat(options.input), specification: 'ob2',
      checks: [{ id: 'parse', status: 'failed', code: err.code, message: err.message }],
      skipReason: 'not checked: the input could not be read',
    })
  }
  if (ob2 !== undefined) return verifyOb2(ob2, createContext(options, budget), { label, recipient: options.recipient })
  let loaded: LoadedInput
  try {
    loaded = await loadInput(options.input)
  } catch (err) {
    if (!isOb3Error(err)) throw err
    return finishReport({
      input: label,
      kind: 'credential',
      format: guessFormat(options.input),
      checks: [{ id: 'parse', status: 'failed', code: err.code, message: err.message }],
      skipReason: 'not checked: the input could not be read',
    })
  }
  const ctx = createContext(options, budget)
  const common = { label, recipient: options.recipient, artifacts: options.artifacts ?? [], endorsements: options.endorsements ?? [] }
  if (loaded.kind === 'presentation') return verifyPresentation(loaded, ctx, { ...common, challenge: options.challenge, domain: options.domain })
  const proof = {
    ...(options.proofPurpose === undefined ? {} : { purpose: options.proofPurpose }),
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  }
  return verifyCredential(loaded, ctx, { ...common, scope: 'alone', proof })
}

function createContext(options: VerifyOptions, budget: TimeBudget): VerifyContext {
  const cache = options.cache ?? createVerificationCache()
  // Outermost the time budget, then the URL checks of the safe fetch, then the cache (so a URL
  // is checked before a kept answer is served), then the caller's fetch.
  let fetch: typeof globalThis.fetch | undefined
  if (options.fetch !== undefined) {
    const cached = cache.responses.wrap(options.fetch)
    if (isSafeFetch(options.fetch)) markSafeFetch(cached)
    fetch = budget.wrap(isSafeFetch(cached) ? cached : createSafeFetch({ fetch: cached, allowPrivate: options.allowPrivateNetwork === true }))
  }
  // Unbundled contexts: those the caller hands in, those its resources map serves, and those it
  // explicitly allows fetching. Every other one is refused.
  const local = localResourcesOf(options.fetch)
  // The wrapped fetch still says which URLs the map serves (a share link's presentation is verified with it).
  if (local !== undefined && fetch !== undefined) Object.defineProperty(fetch, LOCAL_RESOURCES, { value: local })
  const allowed = new Set(options.allowContexts ?? [])
  const remote = (url: string) => local?.has(url) === true || allowed.has(url)
  const documentLoader = options.documentLoader ?? createDocumentLoader({
    ...(options.contexts === undefined ? {} : { contexts: options.contexts }),
    ...(fetch === undefined ? {} : { fetch, allowRemote: remote }),
  })
  const given = new Set(Object.keys(options.contexts ?? {}))
  const extraContexts = {
    has: (url: string) => given.has(url) || (options.documentLoader === undefined && fetch !== undefined && remote(url)),
    // A context that is fetched must load (and be a context) for the check to pass.
    mustLoad: (url: string) => !BUNDLED_CONTEXTS.has(url) && !given.has(url),
  }
  const now = options.now ?? new Date()
  const resolveKey: KeyResolver = (vm, purpose) => resolveVerificationMethod(vm, { purpose, now, ...(fetch === undefined ? {} : { fetch }) })
  const publishedKeys: PublishedKeysResolver = (controller, purpose) => resolvePublishedKeys(controller, { purpose, now, ...(fetch === undefined ? {} : { fetch }) })
  return {
    now,
    fetch,
    resolveKey,
    publishedKeys,
    documentLoader,
    cache,
    extraContexts,
    keyBinding: options.keyBinding ?? 'lenient',
    subjectBinding: options.subjectBinding ?? 'require',
    trust: options.trust,
    trustPolicy: options.trustPolicy ?? 'require',
    statusIssuer: options.statusIssuer ?? 'lenient',
  }
}

function guessFormat(input: VerifyInput): VerificationReport['format'] {
  if (input instanceof Uint8Array && input[0] === 0x89) return 'png'
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const t = (typeof input === 'string' ? input : new TextDecoder().decode(input.subarray(0, 64))).trim()
    return t.startsWith('<') ? 'svg' : t.startsWith('ey') ? 'jwt' : /^https?:/.test(t) ? 'link' : 'ldp'
  }
  return 'ldp'
}
