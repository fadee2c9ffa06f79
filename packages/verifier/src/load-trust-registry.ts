import { Ob3Error, type DocumentLoader } from '@ob3/core'
import { parseTrustRegistry, type TrustRegistry } from './trust-registry.js'
import { verify } from './verify.js'

/** Options for {@link loadTrustRegistry}. */
export interface LoadTrustRegistryOptions {
  /** Who may publish a signed registry (DIDs or URLs). Without it, any publisher whose proof verifies. */
  publishers?: readonly string[]
  fetch?: typeof fetch
  now?: Date
  documentLoader?: DocumentLoader
}

/** A registry, and who signed it when it came as a credential. */
export interface LoadedTrustRegistry {
  registry: TrustRegistry
  /** The issuer of the registry credential; undefined for a plain JSON registry. */
  publisher?: string
}

/**
 * Read a trust registry given as plain JSON (`{name, entries}`) or as the same content in a signed
 * credential (`credentialSubject: {name, entries}`, with the VC 2.0 context and
 * `https://www.w3.org/ns/credentials/undefined-terms/v2` for the registry's own terms, or a context
 * of the publisher's that defines them): the credential is verified first (proof by a
 * key its issuer controls, dates, status), and its issuer must be one of `publishers` when given.
 * @throws Ob3Error `ERR_OB3_TRUST_REGISTRY_INVALID` naming what is wrong
 * @example
 * ```ts
 * const { registry } = await loadTrustRegistry(JSON.parse(text), { publishers: ['did:web:education.state.example'] })
 * ```
 */
export async function loadTrustRegistry(input: unknown, options: LoadTrustRegistryOptions = {}): Promise<LoadedTrustRegistry> {
  const doc = input as Record<string, unknown> | null
  const types = typeof doc === 'object' && doc !== null ? (Array.isArray(doc.type) ? doc.type : [doc.type]) : []
  if (!types.includes('VerifiableCredential')) return { registry: parseTrustRegistry(input) }
  const report = await verify({
    input: doc as Record<string, unknown>,
    label: 'trust registry',
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.documentLoader === undefined ? {} : { documentLoader: options.documentLoader }),
  })
  // A registry is not an Open Badge: only the checks that make any credential trustworthy count.
  const failed = report.checks.filter((c) => c.status === 'failed' && ['parse', 'proof', 'validity', 'status'].includes(c.id))
  if (failed.length > 0) {
    throw new Ob3Error('ERR_OB3_TRUST_REGISTRY_INVALID', `the signed trust registry does not verify: ${failed.map((c) => `${c.id}: ${c.message}`).join('; ')}`)
  }
  const proof = report.checks.find((c) => c.id === 'proof')
  if (proof?.status === 'warning' && proof.code === 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED') {
    throw new Ob3Error('ERR_OB3_TRUST_REGISTRY_INVALID', 'the signed trust registry\'s key is not confirmed by its issuer')
  }
  const publisher = report.credential?.issuer ?? undefined
  if (publisher === undefined || publisher === null) throw new Ob3Error('ERR_OB3_TRUST_REGISTRY_INVALID', 'the signed trust registry names no issuer')
  if (options.publishers !== undefined && !options.publishers.includes(publisher)) {
    throw new Ob3Error('ERR_OB3_TRUST_REGISTRY_INVALID', `the trust registry is signed by ${publisher}, who is not among the accepted publishers`)
  }
  return { registry: parseTrustRegistry((doc as { credentialSubject?: unknown }).credentialSubject), publisher }
}
