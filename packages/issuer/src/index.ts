/**
 * `@ob3/issuer`: everything an issuing organisation needs — micro-credential definitions and
 * catalogues, the double-blind assessment workflow, awards (idempotent, with status), status
 * lists, endorsements and stacks. Storage is behind {@link IssuerStore}; the SQLite and
 * PostgreSQL stores and batch issuance (Node only) are in `@ob3/issuer/node`.
 * @packageDocumentation
 */
export * from './award.js'
export * from './build-credential.js'
export * from './issue-credential.js'
export * from './issuer.js'
export * from './status/status-list-credential.js'
export type * from './store/types.js'
export * from './micro-credentials/index.js'
export * from './endorsements/index.js'
export * from './stacks/index.js'
export * from './workflow/artifact-store.js'
export * from './workflow/submission-rules.js'
export * from './workflow/assessments.js'
export * from './batch/roster.js'
export * from './report/educator-key.js'
export * from './report/build-programme-report.js'
export * from './report/programme-report-csv.js'
export * from './report/programme-report-html.js'
export * from './claims/claims.js'
