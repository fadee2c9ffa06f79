/**
 * `@ob3/core`: the foundation of ob3. Types and validation for Open Badges 3.0 and VC 2.0,
 * coded errors, the offline JSON-LD document loader, keys and DIDs, proof suites, digests and
 * baking. Runs in Node and in browsers (Web APIs only).
 * @packageDocumentation
 */
export * from './errors.js'
export * from './encoding/bytes.js'
export * from './encoding/streams.js'
export * from './json/parse-json.js'
export { canonicalizeJson } from './json/canonicalize-json.js'
export * from './jsonld/contexts.js'
export * from './jsonld/create-document-loader.js'
export { canonize, type CanonizeOptions } from './jsonld/canonize.js'
export * from './keys/ed25519.js'
export * from './did/types.js'
export * from './did/resolve-did.js'
export * from './did/resolve-verification-method.js'
export * from './fetch/read-limited.js'
export * from './fetch/create-resource-fetch.js'
export * from './fetch/create-response-cache.js'
export * from './digest/digest-multibase.js'
export * from './digest/hash-identity.js'
export * from './proofs/types.js'
export * from './proofs/data-integrity.js'
export * from './proofs/vc-jwt.js'
export * from './status/bitstring.js'
export * from './baking/index.js'
export { OB2_CONTEXT, OB2_SVG_NAMESPACE, isOb2Assertion, jwsPayload, readOb2Input, type Ob2Input, type Ob2Source } from './ob2/read-ob2-input.js'
export * from './model/index.js'
export * from './keys/p256.js'
export * from './keys/import-signing-key.js'
export * from './share/index.js'
