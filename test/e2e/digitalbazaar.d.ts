// The digitalbazaar stack ships plain JavaScript without type declarations. The interop test
// only drives it through its documented calls, so every export is `any` here.
declare module '@digitalbazaar/vc'
declare module '@digitalbazaar/data-integrity'
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
declare module '@digitalbazaar/ed25519-multikey'
declare module '@digitalbazaar/ed25519-signature-2020'
declare module '@digitalbazaar/ed25519-verification-key-2020'
declare module '@digitalbazaar/security-document-loader'
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite'
