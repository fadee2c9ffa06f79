import { isBundledLoader } from './context-resolver.js'
import { BUNDLED_CONTEXTS } from './contexts.js'
import type { DocumentLoader } from './create-document-loader.js'

/**
 * Canonical N-Quads of a Data Integrity proof configuration from a template: the configurations
 * of one shape (the same `@context`, keys, `type`, `cryptosuite` and `proofPurpose`) canonicalize
 * to the same lines but for the `created` literal and the `verificationMethod` IRI. The template
 * is made by canonicalizing the shape once with sentinel values, through the same canonicalization
 * as every other document; a configuration is filled in only when its `created` and
 * `verificationMethod` are plain enough to be written as they are (no escaping, no relative IRI)
 * and every other configuration goes the long way. Each line has a predicate of its own, so
 * replacing values cannot change the order of the lines.
 */

const SENTINEL_CREATED = '2000-01-01T00:00:00Z'
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
/** An absolute IRI that N-Quads writes as it is (no character it escapes, none jsonld.js refuses). */
const PLAIN_IRI = /^[a-zA-Z][a-zA-Z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/
const TEMPLATE_KEYS = new Set(['@context', 'type', 'cryptosuite', 'created', 'verificationMethod', 'proofPurpose'])
const TEMPLATE_LIMIT = 64

type Template = { before: string; between: string; after: string; createdFirst: boolean } | null

/**
 * The sentinel verification method for a real one: the same scheme, and `//` after it when the
 * real one has it, so that jsonld.js reads both alike (an IRI without `//` could be a compact IRI
 * if a context defined its scheme as a term: then the sentinel is expanded too, is not found in
 * the output, and the shape goes the long way).
 */
function sentinelVm(vm: string): string {
  const colon = vm.indexOf(':')
  return vm.startsWith('//', colon + 1) ? `${vm.slice(0, colon)}://ob3.sentinel/vm` : `${vm.slice(0, colon)}:ob3-sentinel-vm`
}
const templates = new Map<string, Template>()

/** Canonical N-Quads of a proof configuration, from a template when it fits. */
export async function canonizeProofConfig(
  config: Record<string, unknown>,
  documentLoader: DocumentLoader | undefined,
  canonize: (doc: object) => Promise<string>,
): Promise<string> {
  const shape = documentLoader === undefined || isBundledLoader(documentLoader) ? shapeOf(config) : undefined
  if (shape === undefined) return canonize(config)
  let template = templates.get(shape)
  if (template === undefined) {
    template = await makeTemplate(config, canonize)
    if (templates.size >= TEMPLATE_LIMIT) templates.clear()
    templates.set(shape, template)
  }
  if (template === null) return canonize(config)
  const created = config.created as string
  const vm = config.verificationMethod as string
  return template.createdFirst
    ? template.before + created + template.between + vm + template.after
    : template.before + vm + template.between + created + template.after
}

/** The shape key of a configuration the template can serve, or undefined. */
function shapeOf(config: Record<string, unknown>): string | undefined {
  for (const key in config) if (!TEMPLATE_KEYS.has(key)) return undefined
  const { created, verificationMethod, type, cryptosuite, proofPurpose } = config
  if (typeof created !== 'string' || !DATE_TIME.test(created)) return undefined
  if (typeof verificationMethod !== 'string' || !PLAIN_IRI.test(verificationMethod) || verificationMethod.length > 2048) return undefined
  if (typeof type !== 'string' || typeof cryptosuite !== 'string' || typeof proofPurpose !== 'string') return undefined
  // Only bundled context URLs: what they mean does not depend on the loader.
  const ctx = config['@context']
  const list = Array.isArray(ctx) ? ctx : [ctx]
  if (!list.every((c) => typeof c === 'string' && BUNDLED_CONTEXTS.has(c))) return undefined
  return JSON.stringify([list, type, cryptosuite, proofPurpose, Object.keys(config), sentinelVm(verificationMethod)])
}

async function makeTemplate(config: Record<string, unknown>, canonize: (doc: object) => Promise<string>): Promise<Template> {
  const vmSentinel = sentinelVm(config.verificationMethod as string)
  let nquads: string
  try {
    nquads = await canonize({ ...config, created: SENTINEL_CREATED, verificationMethod: vmSentinel })
  } catch {
    return null
  }
  const c = `"${SENTINEL_CREATED}"`
  const v = `<${vmSentinel}>`
  const ci = nquads.indexOf(c)
  const vi = nquads.indexOf(v)
  // Each sentinel exactly once, as a whole literal and a whole IRI.
  if (ci < 0 || vi < 0 || nquads.indexOf(c, ci + 1) >= 0 || nquads.indexOf(v, vi + 1) >= 0) return null
  if (ci < vi) return { before: nquads.slice(0, ci + 1), between: nquads.slice(ci + 1 + SENTINEL_CREATED.length, vi + 1), after: nquads.slice(vi + 1 + vmSentinel.length), createdFirst: true }
  return { before: nquads.slice(0, vi + 1), between: nquads.slice(vi + 1 + vmSentinel.length, ci + 1), after: nquads.slice(ci + 1 + SENTINEL_CREATED.length), createdFirst: false }
}
