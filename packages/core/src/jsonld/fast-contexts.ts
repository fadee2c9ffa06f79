import jsonld from 'jsonld'
import { copyMap, sealMap } from './copy-on-write-map.js'

/**
 * The processing mode ob3 passes to jsonld.js. It means exactly what jsonld.js assumes when none is
 * given (JSON-LD 1.1); naming it explicitly gives ob3 an initial context of its own, separate from
 * other jsonld.js users in the same process.
 */
export const PROCESSING_MODE = 'json-ld-1.1'

/** The context a clone was made from. */
const ORIGIN = Symbol('ob3.cloneOrigin')

/** The parts of a jsonld.js active context that cloning touches. */
interface ActiveContext {
  [ORIGIN]?: ActiveContext
  mappings: Map<string, unknown>
  protected: Record<string, boolean>
  previousContext?: ActiveContext
  inverse: unknown
  clone: (this: ActiveContext) => ActiveContext
  getInverse: unknown
  revertToPreviousContext: (this: ActiveContext) => ActiveContext
  [key: string]: unknown
}

/**
 * jsonld.js deep-copies the whole active context (every term definition) each time it enters a
 * node with a type-scoped context and each time it leaves one — OB 3.0 has one per class — and
 * the copies are most of the time and garbage of canonicalizing a credential. Term definitions
 * are never changed once made (jsonld.js replaces them, it does not edit them), so a copy that
 * shares them is equivalent: the map and the protected-term set are copied, the definitions and
 * the previous context are shared, and reverting returns the previous context itself (which also
 * lets jsonld.js's processed-context cache hit).
 *
 * The change is made on ob3's own initial context only (see {@link PROCESSING_MODE}), so other
 * users of jsonld.js in the process are not affected. `canonize.test.ts` checks the output is
 * identical to unmodified jsonld.js on every credential shape ob3 produces or verifies.
 */
function shareTermDefinitions(this: ActiveContext): ActiveContext {
  const child: ActiveContext = {
    [ORIGIN]: this,
    mappings: copyMap(this.mappings),
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: protectedMarker(this.protected),
    revertToPreviousContext: this.revertToPreviousContext,
  }
  if (this.previousContext !== undefined) child.previousContext = asCloned(this.previousContext)
  for (const key of ['@base', '@language', '@vocab'] as const) if (key in this) child[key] = this[key]
  return child
}

/**
 * The context a clone is the untouched copy of, when the clone is how jsonld.js enters a node with a
 * type-scoped context (it clones the active context and points the copy's previous context back
 * at it, then processes the scoped context on the copy): processing then gives the same result as
 * for any other such copy of the same context. Undefined for every other context — the clones that
 * jsonld.js goes on to change never point back at their origin.
 * @internal
 */
export function cloneOrigin(context: object): object | undefined {
  const origin = (context as { [ORIGIN]?: object })[ORIGIN]
  return origin !== undefined && (context as ActiveContext).previousContext === origin ? origin : undefined
}

/**
 * The copy of an active context's `protected` record. jsonld.js (9.0) only ever adds `term: true`
 * to it and asks whether it is empty (a `null` context cannot clear protected terms): which terms
 * it holds is never read (each term definition carries its own `protected` flag). So the copy
 * keeps one entry of a non-empty record instead of all of them (the VC and OB contexts protect
 * several hundred terms, copied at every typed node).
 */
function protectedMarker(record: Record<string, boolean>): Record<string, boolean> {
  let term = firstProtected.get(record)
  if (term === undefined) {
    term = ''
    for (const key in record) {
      term = key
      break
    }
    // Only records that jsonld.js has finished with are looked up again (the copies' own ones).
    if (term !== '') firstProtected.set(record, term)
  }
  return term === '' ? {} : { [term]: true }
}

const firstProtected = new WeakMap<Record<string, boolean>, string>()

function revertWithoutCopy(this: ActiveContext): ActiveContext {
  return this.previousContext === undefined ? this : asCloned(this.previousContext)
}

/**
 * What jsonld.js's own clone of a context would be, shared where that is the same thing. Its clone
 * keeps `@base`, `@language` and `@vocab` but not a context-level `@direction` (nor `@version` and
 * `processingMode`, which change nothing once the context is processed), and it clones the
 * previous context on every clone and every revert. So a context with `@direction` loses it as soon
 * as it is reached through a clone: for the output to stay identical, a context with `@direction`
 * anywhere in its chain of previous contexts is copied here too; every other is shared as it is.
 */
function asCloned(context: ActiveContext): ActiveContext {
  for (let c: ActiveContext | undefined = context; c !== undefined; c = c.previousContext) {
    if ('@direction' in c) return shareTermDefinitions.call(context)
  }
  return context
}

let installed: Promise<boolean> | undefined

/**
 * Install the copy-free context cloning on ob3's initial context, once. Resolves to false (and
 * changes nothing) if jsonld.js's active contexts do not have the expected shape.
 */
export function installFastContexts(): Promise<boolean> {
  installed ??= (async () => {
    const initial = (await (jsonld as unknown as { processContext: (a: null, b: null, o: object) => Promise<unknown> })
      .processContext(null, null, { processingMode: PROCESSING_MODE })) as Partial<ActiveContext> | undefined
    if (typeof initial?.clone !== 'function' || typeof initial.revertToPreviousContext !== 'function' || !(initial.mappings instanceof Map)) return false
    sealMap(initial.mappings)
    initial.clone = shareTermDefinitions
    initial.revertToPreviousContext = revertWithoutCopy
    return true
  })()
  return installed
}
