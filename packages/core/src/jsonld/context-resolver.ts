import ContextResolver from 'jsonld/lib/ContextResolver.js'
import { BUNDLED_CONTEXTS } from './contexts.js'
import { sealMap } from './copy-on-write-map.js'
import { cloneOrigin } from './fast-contexts.js'

/**
 * A resolved context as jsonld.js uses it: the context document and a cache of what processing
 * it against a given active context gave.
 */
class ResolvedContext {
  /** Processed results by active context (identity). */
  private readonly byContext = new WeakMap<object, unknown>()
  /** Processed results of entering a typed node, by the context the node was entered from. */
  private readonly byEntry = new WeakMap<object, unknown>()

  constructor(readonly document: unknown) {}

  getProcessed(activeCtx: object): unknown {
    const origin = cloneOrigin(activeCtx)
    return origin === undefined ? this.byContext.get(activeCtx) : this.byEntry.get(origin)
  }

  setProcessed(activeCtx: object, processed: unknown): void {
    // jsonld.js caches a context here once it has finished processing it: it is never written again.
    const mappings = (processed as { context?: { mappings?: unknown } } | undefined)?.context?.mappings
    if (mappings instanceof Map) sealMap(mappings)
    const origin = cloneOrigin(activeCtx)
    if (origin === undefined) this.byContext.set(activeCtx, processed)
    else this.byEntry.set(origin, processed)
  }
}

/** Frozen context objects (the bundled contexts and their scoped contexts), by identity. */
const byObject = new WeakMap<object, ResolvedContext>()
/** Other inline contexts, by content (their JSON text), as jsonld.js keys them; bounded. */
const byText = new Map<string, ResolvedContext>()
const BY_TEXT_LIMIT = 512
/** Bundled context URLs. */
const byUrl = new Map<string, ResolvedContext[]>()
/** Loaders that serve the bundled contexts for the bundled URLs (all that ob3 creates). */
const bundledLoaders = new WeakSet<object>()

/** Record that a document loader serves every bundled context URL with the bundled document. @internal */
export function markBundledLoader(loader: object): void {
  bundledLoaders.add(loader)
}

/** Whether a loader is one of ob3's, which serve every bundled URL with the bundled document. @internal */
export function isBundledLoader(loader: unknown): boolean {
  return typeof loader === 'function' && bundledLoaders.has(loader)
}

function resolvedObject(ctx: object): ResolvedContext {
  if (Object.isFrozen(ctx)) {
    let resolved = byObject.get(ctx)
    if (resolved === undefined) {
      resolved = new ResolvedContext(ctx)
      byObject.set(ctx, resolved)
    }
    return resolved
  }
  const key = JSON.stringify(ctx)
  let resolved = byText.get(key)
  if (resolved === undefined) {
    if (byText.size >= BY_TEXT_LIMIT) byText.clear()
    resolved = new ResolvedContext(ctx)
    byText.set(key, resolved)
  }
  return resolved
}

function resolvedBundled(url: string): ResolvedContext[] | undefined {
  let resolved = byUrl.get(url)
  if (resolved !== undefined) return resolved
  const doc = BUNDLED_CONTEXTS.get(url) as { '@context'?: unknown } | undefined
  const inner = doc?.['@context']
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return undefined
  resolved = [resolvedObject(inner)]
  byUrl.set(url, resolved)
  return resolved
}

interface ResolveOptions {
  activeCtx: unknown
  context: unknown
  documentLoader: unknown
  base: unknown
  cycles?: Set<string>
}

/**
 * A context resolver for jsonld.js that keeps what it resolves — and what processing each context
 * gave — across operations, keyed by identity of content: the bundled contexts by URL (when the
 * loader is one of ob3's, which always serve the bundled document), frozen context objects by
 * identity, other inline contexts by their JSON text (as jsonld.js does). jsonld.js's own resolver
 * keys every scoped context by its JSON text on every use, and its cache of processed contexts
 * misses at every typed node (it is keyed by a fresh copy of the active context); here entering a
 * typed node is keyed by the context it was entered from, so each type-scoped context is processed
 * once. URLs it does not know go to jsonld.js's own resolver. The processing itself is jsonld.js's.
 * @internal
 */
export class CachingContextResolver {
  private fallback: ContextResolver | undefined
  private readonly fallbackCache = new Map<string, unknown>()
  /**
   * Set once a context `@import`s another: jsonld.js caches the merged import in the imported
   * context's processed-context cache, so from then on this operation uses resolutions of its own.
   */
  private isolated = false

  async resolve(options: ResolveOptions): Promise<unknown[]> {
    let context = options.context
    if (typeof context === 'object' && context !== null && !Array.isArray(context) && (context as Record<string, unknown>)['@context']) {
      context = (context as Record<string, unknown>)['@context']
    }
    const list = Array.isArray(context) ? context : [context]
    const out: unknown[] = []
    for (const ctx of list) {
      if (typeof ctx === 'string') {
        const bundled = !this.isolated && options.base === null && typeof options.documentLoader === 'function' && bundledLoaders.has(options.documentLoader)
          ? resolvedBundled(ctx)
          : undefined
        if (bundled !== undefined) out.push(...bundled)
        else out.push(...(await this.delegate({ ...options, context: ctx })))
      } else if (ctx === null) {
        out.push(new ResolvedContext(null))
      } else if (typeof ctx === 'object' && !Array.isArray(ctx) && !this.isolated && !('@import' in ctx)) {
        out.push(resolvedObject(ctx))
      } else if (typeof ctx === 'object' && !Array.isArray(ctx)) {
        this.isolated = true
        out.push(...(await this.delegate({ ...options, context: [ctx] })))
      } else {
        // jsonld.js raises its own error for an invalid local context.
        out.push(...(await this.delegate({ ...options, context: [ctx] })))
      }
    }
    return out
  }

  private delegate(options: ResolveOptions): Promise<unknown[]> {
    this.fallback ??= new ContextResolver({ sharedCache: this.fallbackCache })
    return this.fallback.resolve(options)
  }
}
