/**
 * Internal: JSON-LD contexts the service accepts beyond the ones `@ob3/core` bundles.
 * @packageDocumentation
 */
import examplesV1 from '@digitalbazaar/credentials-examples-context'
import odrl from '@digitalbazaar/odrl-context'
import { createDocumentLoader, type DocumentLoader } from '@ob3/core'

/** The W3C examples context that the VC 2.0 specification and its test suites use. */
export const EXAMPLES_V2_URL = 'https://www.w3.org/ns/credentials/examples/v2'

type ContextModule = { contexts: Map<string, unknown> }
/** The VC 1.1 examples context (and the ODRL context it imports), as the W3C VC-API suites send it. */
const fromPackages = Object.fromEntries([...(examplesV1 as ContextModule).contexts, ...(odrl as ContextModule).contexts])

/**
 * Pinned copies of the extra contexts, served offline like the bundled ones. The VC 2.0 examples
 * context maps every undefined term into the examples vocabulary (it is what W3C publishes at
 * that URL); the VC 1.1 examples context and ODRL come from their npm packages. Credentials
 * meant for production should not use them.
 */
export const EXTRA_CONTEXTS: Readonly<Record<string, unknown>> = Object.freeze({
  ...fromPackages,
  [EXAMPLES_V2_URL]: Object.freeze({ '@context': Object.freeze({ '@vocab': 'https://www.w3.org/ns/credentials/examples#' }) }),
})

/** The service's document loader: the bundled contexts plus {@link EXTRA_CONTEXTS}; nothing from the network. */
export const serverDocumentLoader: DocumentLoader = createDocumentLoader({ contexts: EXTRA_CONTEXTS })
