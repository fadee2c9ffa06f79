// The document loader the tests give the digitalbazaar stack: did:key documents (and each
// verification method on its own) made by ob3's `didKeyDocument`, and ob3's bundled contexts —
// nothing from the network, so their verification runs offline on exactly what ob3 bundles.
import { createDocumentLoader, didKeyDocument, type RemoteDocument } from '@ob3/core'

/** The context a verification method on its own carries (ed25519-multikey checks it). */
export const MULTIKEY_CONTEXT_URL = 'https://w3id.org/security/multikey/v1'

/**
 * A loader for the digitalbazaar stack. With `requested`, every URL it is asked for is pushed
 * onto that array, so a test can say which documents their stack needed.
 */
export function digitalbazaarLoader(requested?: string[]): (url: string) => Promise<RemoteDocument> {
  const ob3Loader = createDocumentLoader()
  return async (url) => {
    requested?.push(url)
    if (url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#') as [string, string | undefined]
      const doc = didKeyDocument(did)
      if (fragment === undefined) return { contextUrl: null, documentUrl: url, document: doc }
      const method = doc.verificationMethod?.find((m) => m.id === url)
      if (method === undefined) throw new Error(`${url} is not a verification method of ${did}`)
      return { contextUrl: null, documentUrl: url, document: { '@context': MULTIKEY_CONTEXT_URL, ...method } }
    }
    return ob3Loader(url)
  }
}
