/**
 * The trust registries of the server that serves the page (`ob3 page --trust`, `ob3 serve
 * --trust`): where they come from, and who they trust. The page shows "on the <registry>" only
 * for an issuer whose own key signed the credential (and an endorser whose own key signed the
 * endorsement): a registry vouches for an issuer, never for a key that issuer did not publish.
 * @packageDocumentation
 */
import { findTrusted, isEndorserConfirmed, isIssuerConfirmed, parseTrustRegistry, type EndorsementResult, type TrustRegistry, type VerificationReport } from '../../src/index.js'

/** Most registries the page takes from its server. */
const MAX_REGISTRIES = 16

/**
 * Read the registries the page's server publishes at `url` (`{"registries": [{name, entries}, …]}`),
 * each checked as `ob3 verify --trust` checks a registry. Only the page's own origin is asked.
 * @throws Error when the URL is not on the page's origin, the answer is not 200, or a registry is invalid
 * @example `const registries = await loadPageRegistries(new URL('trust-registries.json', location.href), location.origin, fetch)`
 */
export async function loadPageRegistries(url: URL, pageOrigin: string, fetch: typeof globalThis.fetch): Promise<TrustRegistry[]> {
  if (url.origin !== pageOrigin) throw new Error(`the trusted lists must come from the page's own server, not ${url.origin}`)
  const response = await fetch(url.href, { headers: { accept: 'application/json' }, credentials: 'omit', redirect: 'error' })
  if (!response.ok) throw new Error(`the server answered ${response.status} for its trusted lists`)
  const body = (await response.json()) as { registries?: unknown }
  if (!Array.isArray(body?.registries) || body.registries.length > MAX_REGISTRIES) throw new Error('the server\'s trusted lists are not a list of registries')
  return body.registries.map((r) => parseTrustRegistry(r))
}

/**
 * The registries as one, for `verify({ trust })`: every entry, under the registries' names.
 * Undefined when there are none.
 * @example `verify({ input, trust: combineRegistries(registries), trustPolicy: 'warn' })`
 */
export function combineRegistries(registries: readonly TrustRegistry[]): TrustRegistry | undefined {
  if (registries.length === 0) return undefined
  if (registries.length === 1) return registries[0]
  return { name: registries.map((r) => r.name).join(' and '), entries: registries.flatMap((r) => r.entries) }
}

/**
 * The names of the registries that trust the credential's issuer, today — none unless the
 * report confirms that the issuer's own key signed it.
 * @example `issuerTrustedOn(report, registries, new Date()) // ['Lakeland Registry of Approved Providers']`
 */
export function issuerTrustedOn(report: VerificationReport, registries: readonly TrustRegistry[], now: Date): string[] {
  const issuer = report.credential?.issuer ?? null
  if (issuer === null || !isIssuerConfirmed(report)) return []
  return registries.filter((r) => findTrusted(r, issuer, 'issuer', now) !== undefined).map((r) => r.name)
}

/**
 * The names of the registries that trust an endorsement's endorser as an endorser, today — none
 * unless the endorsement verified and its key is the endorser's.
 * @example `endorserTrustedOn(endorsement, registries, new Date())`
 */
export function endorserTrustedOn(endorsement: EndorsementResult, registries: readonly TrustRegistry[], now: Date): string[] {
  const id = endorsement.endorser.id
  if (id === null || !isEndorserConfirmed(endorsement)) return []
  return registries.filter((r) => findTrusted(r, id, 'endorser', now) !== undefined).map((r) => r.name)
}

/**
 * "on the A" / "on the A and the B": a registry's name as the page says it.
 * @example `onThe(['Lakeland Registry of Approved Providers']) // 'on the Lakeland Registry of Approved Providers'`
 */
export function onThe(names: readonly string[]): string {
  const each = names.map((n) => (/^the\s/i.test(n) ? n.replace(/^the\s+/i, 'the ') : `the ${n}`))
  return `on ${each.length <= 2 ? each.join(' and ') : `${each.slice(0, -1).join(', ')} and ${each[each.length - 1] as string}`}`
}
