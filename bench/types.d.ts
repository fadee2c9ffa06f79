// The digitalbazaar packages ship JavaScript without types.
declare module '@digitalbazaar/data-integrity'
declare module '@digitalbazaar/ed25519-multikey'
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
declare module '@digitalbazaar/security-document-loader'
declare module '@digitalbazaar/vc'
