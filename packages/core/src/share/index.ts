/**
 * Share links: how a holder hands a signed presentation and its artifact files to a verifier.
 * Inline (`#ob3s1.i.…`, the whole share compressed in the URL fragment, at most 2,000 characters)
 * or hosted (`#ob3s1.h.…`, an AES-256-GCM bundle on a share host, the key in the fragment only).
 * Web APIs only: `CompressionStream`, WebCrypto, `fetch`.
 * @packageDocumentation
 */
export * from './types.js'
export { checkShareDocument, parseShareDocument, shareArtifactFiles } from './check-share-document.js'
export { encodeShareLink, encodeHostedShareLink, type EncodeShareLinkOptions, type EncodeHostedShareLinkOptions } from './encode-share-link.js'
export { decodeShareLink } from './decode-share-link.js'
export { encryptShareBundle, SHARE_BUNDLE_AAD, type EncryptedShareBundle } from './encrypt-share-bundle.js'
export { decryptShareBundle } from './decrypt-share-bundle.js'
export { openShareLink, type OpenShareLinkOptions } from './open-share-link.js'
