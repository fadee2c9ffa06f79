import {
  createDocumentLoader,
  isOb3Error,
  resolveVerificationMethod,
  type DidDocument,
  type DocumentLoader,
  type KeyResolver,
} from '@ob3/core'
import { checkContext, checkType, dataModelOf } from './checks/context-type.js'
import { checkProof, issuerIdOf } from './checks/proof.js'
import { checkSchema } from './checks/schema.js'
import { checkStatus, type StatusListCache } from './checks/status.js'
import { checkTrust, type TrustPolicy } from './checks/trust.js'
import type { TrustRegistry } from './trust-registry.js'
import { checkValidity } from './checks/validity.js'
import { loadInput, type LoadedInput, type VerifyInput } from './load-input.js'
import { finishReport, type CheckResult, type CredentialSummary, type VerificationReport } from './report.js'

/** Caches shared between verifications (DID documents, status lists). */
export interface VerificationCache {
  dids: Map<string, DidDocument>
  statusLists: StatusListCache
}

/**
 * A cache for many verifications in a row (a batch, a server). Status lists are kept for
 * `statusListTtlMs` (default 5 minutes).
 * @example `const cache = createVerificationCache(); for (const f of files) await verify({ input: f, cache })`
 */
export function createVerificationCache(options: { statusListTtlMs?: number } = {}): VerificationCache {
  const ttl = options.statusListTtlMs ?? 5 * 60_000
  const lists = new Map<string, { at: number; value: Promise<Record<string, unknown>> }>()
  return {
    dids: new Map(),
    statusLists: {
      get(url) {
        const hit = lists.get(url)
        if (hit === undefined || Date.now() - hit.at > ttl) return undefined
        return hit.value
      },
      set(url, value) {
        lists.set(url, { at: Date.now(), value })
        value.catch(() => lists.delete(url))
      },
    },
  }
}

/** Options for {@link verify}. */
export interface VerifyOptions {
  /** A credential as bytes (JSON, JWT, PNG, SVG), text, or a parsed object. */
  input: VerifyInput
  /** How the report names the input (a path, a link). Default `-`. */
  label?: string
  /**
   * The fetch for DID documents, verification methods and status lists. Without one, nothing
   * is fetched and checks that need the network fail with a code that says so.
   */
  fetch?: typeof fetch
  /** The clock for every date check. Default: now. */
  now?: Date
  /** Where JSON-LD contexts come from. Default: the bundled, offline loader. */
  documentLoader?: DocumentLoader
  /** More JSON-LD contexts to accept, by URL (served by `documentLoader`). */
  contexts?: Readonly<Record<string, unknown>>
  /** Caches shared between calls. */
  cache?: VerificationCache
  /** Trusted issuers: the `trust` check passes only for an issuer on it. */
  trust?: TrustRegistry
  /** `require` (default): an untrusted issuer fails the report; `warn`: a remark only. */
  trustPolicy?: TrustPolicy
  /** Whether a key read from the verification method URL itself fails (`strict`) or warns (`lenient`, default). */
  keyBinding?: 'lenient' | 'strict'
}

/**
 * Verify an Open Badges 3.0 credential and return a report of named checks. Never throws for
 * a bad credential: an unreadable input gives a report whose `parse` check failed.
 *
 * @example
 * ```ts
 * const report = await verify({ input: await readFile('badge.png'), label: 'badge.png' })
 * if (!report.verified) console.log(report.checks.filter((c) => c.status === 'failed'))
 * ```
 */
export async function verify(options: VerifyOptions): Promise<VerificationReport> {
  const label = options.label ?? '-'
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
  const documentLoader = options.documentLoader ?? createDocumentLoader(options.contexts === undefined ? {} : { contexts: options.contexts })
  const cache = options.cache ?? createVerificationCache()
  const resolveKey: KeyResolver = (vm, purpose) =>
    resolveVerificationMethod(vm, { purpose, cache: cache.dids, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) })
  const now = options.now ?? new Date()
  const doc = loaded.document
  const checks: CheckResult[] = [{ id: 'parse', status: 'passed', message: describeFormat(loaded) }]
  if (loaded.kind === 'presentation') {
    return finishReport({
      input: label,
      kind: 'presentation',
      format: loaded.format,
      checks: [...checks, { id: 'holder', status: 'failed', code: 'ERR_OB3_PROOF_UNSUPPORTED', message: 'presentations are not verified by this version of ob3' }],
      skipReason: 'not checked: presentations are not verified by this version of ob3',
    })
  }
  const extra = new Set(Object.keys(options.contexts ?? {}))
  checks.push(checkContext(doc, extra), checkType(doc), checkSchema(doc))
  const proof = await checkProof({ document: doc, jwt: loaded.jwt, resolveKey, documentLoader, keyBinding: options.keyBinding ?? 'lenient' })
  checks.push(proof.check)
  const jwtExp = loaded.jwt === undefined ? undefined : expOf(loaded.jwt)
  checks.push(checkValidity(doc, now, jwtExp))
  checks.push(await checkStatus({ document: doc, fetch: options.fetch, now, resolveKey, documentLoader, cache: cache.statusLists }))
  checks.push(
    { id: 'endorsements', status: 'skipped', message: 'endorsements are not verified by this version of ob3' },
    checkTrust(issuerIdOf(doc), options.trust, options.trustPolicy ?? 'require', now),
    { id: 'recipient', status: 'skipped', message: 'no expected recipient was given' },
    { id: 'artifacts', status: 'skipped', message: 'no artifacts were shared with the credential' },
    { id: 'holder', status: 'skipped', message: 'a credential, not a presentation: there is no holder proof' },
    { id: 'expiry-of-share', status: 'skipped', message: 'not a share' },
  )
  return finishReport({ input: label, kind: 'credential', format: loaded.format, checks, credential: summarize(doc) })
}

function expOf(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(atob((jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp : undefined
  } catch {
    return undefined
  }
}

function describeFormat(loaded: LoadedInput): string {
  const model = dataModelOf(loaded.document) === 'v1.1' ? 'VC 1.1' : 'VC 2.0'
  switch (loaded.format) {
    case 'png': return `a PNG badge with a baked ${loaded.jwt === undefined ? 'JSON credential' : 'VC-JWT'} (${model})`
    case 'svg': return `an SVG badge with a baked ${loaded.jwt === undefined ? 'JSON credential' : 'VC-JWT'} (${model})`
    case 'jwt': return `a VC-JWT (${model})`
    case 'link': return 'a share link'
    default: return `a JSON credential (${model})`
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

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function summarize(doc: Record<string, unknown>): CredentialSummary {
  const issuer = doc.issuer
  const issuerObj = typeof issuer === 'object' && issuer !== null ? (issuer as Record<string, unknown>) : undefined
  return {
    id: str(doc.id),
    name: str(doc.name) ?? str((doc.credentialSubject as Record<string, unknown> | undefined)?.achievement === undefined ? undefined : ((doc.credentialSubject as Record<string, unknown>).achievement as Record<string, unknown>).name),
    issuer: typeof issuer === 'string' ? issuer : str(issuerObj?.id),
    issuerName: str(issuerObj?.name),
    validFrom: str(doc.validFrom) ?? str(doc.issuanceDate),
    validUntil: str(doc.validUntil) ?? str(doc.expirationDate),
  }
}
