/**
 * A verification context for calling one check directly, offline: keys resolved from did:key
 * and `<URL>#<publicKeyMultibase>` identifiers, the bundled JSON-LD contexts, the clock at
 * {@link NOW}. Fields are replaced through `overrides` (a resolver that says what a test needs).
 */
import { createDocumentLoader, resolvePublishedKeys, resolveVerificationMethod } from '@ob3/core'
import type { VerifyContext } from '../src/lib/context.js'
import { createVerificationCache } from '../src/verification-cache.js'
import { NOW } from './fixtures.js'

export function checkContext(overrides: Partial<VerifyContext> = {}): VerifyContext {
  const now = overrides.now ?? NOW
  return {
    now,
    fetch: undefined,
    resolveKey: (vm, purpose) => resolveVerificationMethod(vm, { purpose, now }),
    publishedKeys: (controller, purpose) => resolvePublishedKeys(controller, { purpose, now }),
    documentLoader: createDocumentLoader(),
    cache: createVerificationCache(),
    extraContexts: { has: () => false },
    keyBinding: 'lenient',
    subjectBinding: 'require',
    trust: undefined,
    trustPolicy: 'require',
    statusIssuer: 'lenient',
    ...overrides,
  }
}
