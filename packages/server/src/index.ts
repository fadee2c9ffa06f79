/**
 * `@ob3/server`: the ob3 HTTP service — the W3C VC-API (issue, verify credentials and
 * presentations, update status) for several tenants (issuers), their status lists and did:web
 * documents, encrypted share hosting, and the verification page. SQLite by default, PostgreSQL
 * for several instances.
 * @packageDocumentation
 */
export { createServer, type CreateServerOptions, type ListenOptions, type Ob3Server, type PageHandler, type RateLimit, type AssessmentServiceOptions, type ReportServiceOptions } from './create-server.js'
export type { CreatedTenant, CreateTenantInput, NewApiKey, TenantInfo } from './lib/tenants.js'
export type { ServerLimits } from './lib/context.js'
export type { VcApiProblem, VcApiResult } from './lib/vc-api-result.js'
export type { TenantDidMethod } from './store/types.js'
export { createSelfSignedCertificate, type SelfSignedCertificate } from './tls/create-self-signed-certificate.js'
