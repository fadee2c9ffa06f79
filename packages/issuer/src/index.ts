/**
 * `@ob3/issuer`: build Open Badges 3.0 credentials from awards and sign them.
 * @packageDocumentation
 */
export * from './award.js'
export * from './build-credential.js'
export * from './issue-credential.js'
