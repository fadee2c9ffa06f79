/**
 * Internal: JSON-LD contexts the service accepts beyond the ones `@ob3/core` bundles.
 * @packageDocumentation
 */
import { createDocumentLoader, type DocumentLoader } from '@ob3/core'

/** The W3C examples context that the VC 2.0 specification and its test suites use. */
export const EXAMPLES_V2_URL = 'https://www.w3.org/ns/credentials/examples/v2'

/**
 * Pinned copies of the extra contexts, served offline like the bundled ones. The examples
 * context maps every undefined term into the examples vocabulary (it is what W3C publishes at
 * that URL); credentials meant for production should not use it.
 */
export const EXTRA_CONTEXTS: Readonly<Record<string, unknown>> = Object.freeze({
  [EXAMPLES_V2_URL]: Object.freeze({ '@context': Object.freeze({ '@vocab': 'https://www.w3.org/ns/credentials/examples#' }) }),
})

/** The service's document loader: the bundled contexts plus {@link EXTRA_CONTEXTS}; nothing from the network. */
export const serverDocumentLoader: DocumentLoader = createDocumentLoader({ contexts: EXTRA_CONTEXTS })
