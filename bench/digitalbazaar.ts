// The digitalbazaar stack, set up the way its own documentation shows, for side-by-side runs.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { securityLoader } from '@digitalbazaar/security-document-loader'
import * as vc from '@digitalbazaar/vc'
import { BUNDLED_CONTEXTS, didKeyDocument, type Ed25519Multikey as Ob3Key } from '@ob3/core'

/** A document loader for the digitalbazaar stack: its own security loader plus the OB 3.0 contexts. */
export function digitalbazaarLoader(): (url: string) => Promise<unknown> {
  const loader = securityLoader()
  for (const [url, doc] of BUNDLED_CONTEXTS) if (!url.startsWith('https://www.w3.org/ns/did')) loader.addStatic(url, doc)
  const base = loader.build()
  return async (url: string) => {
    if (url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#') as [string, string | undefined]
      const doc = didKeyDocument(did)
      const document = fragment === undefined ? doc : { '@context': 'https://w3id.org/security/multikey/v1', ...doc.verificationMethod?.[0] }
      return { contextUrl: null, documentUrl: url, document }
    }
    return base(url)
  }
}

/** Sign with the digitalbazaar stack (eddsa-rdfc-2022). */
export async function digitalbazaarIssue(credential: object, key: Ob3Key, documentLoader: (url: string) => Promise<unknown>): Promise<object> {
  const keyPair = await Ed25519Multikey.from({ ...key, '@context': 'https://w3id.org/security/multikey/v1' })
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022 })
  return vc.issue({ credential, suite, documentLoader }) as Promise<object>
}

/** Verify with the digitalbazaar stack (eddsa-rdfc-2022). */
export async function digitalbazaarVerify(credential: object, documentLoader: (url: string) => Promise<unknown>): Promise<{ verified: boolean; error?: unknown }> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 })
  return vc.verifyCredential({ credential, suite, documentLoader }) as Promise<{ verified: boolean }>
}
