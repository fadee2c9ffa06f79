// Context packages without type declarations: each exports `contexts`, a Map from URL to document.
declare module '@digitalbazaar/credentials-examples-context'
declare module '@digitalbazaar/odrl-context'
