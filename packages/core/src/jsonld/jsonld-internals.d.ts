// Declarations for the parts of jsonld.js and rdf-canonize that the direct RDF path uses
// (jsonld.js 9.0 internals; rdf-canonize 5 public API). Neither package ships types.
declare module 'jsonld/lib/context.js' {
  const context: {
    getInitialContext(options: { processingMode?: string }): unknown
    process(options: { activeCtx: unknown; localCtx: unknown; options: Record<string, unknown>; propagate?: boolean; overrideProtected?: boolean }): Promise<unknown>
    isKeyword(value: unknown): boolean
  }
  export default context
}
declare module 'jsonld/lib/events.js' {
  const events: {
    setupEventHandler(options: { options: Record<string, unknown> }): unknown
  }
  export default events
}
declare module 'rdf-canonize' {
  const rdfCanonize: {
    canonize(dataset: unknown, options: { algorithm: string }): Promise<string>
  }
  export default rdfCanonize
}
