/**
 * `@ob3/verifier/node`: what only Node offers the verifier — a fetch that checks the addresses a
 * host name resolves to before connecting. Kept apart so the browser build stays free of Node
 * built-ins.
 * @packageDocumentation
 */
export { createDnsCheckedFetch, type CreateDnsCheckedFetchOptions, type HostResolver, type ResolvedAddress } from './node/create-dns-checked-fetch.js'
