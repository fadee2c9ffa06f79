/**
 * Endorsements: build an OB 3.0 EndorsementCredential and embed signed ones in an achievement,
 * a profile or a credential.
 * @packageDocumentation
 */
export { buildEndorsement, embedEndorsements, type BuildEndorsementOptions } from './build-endorsement.js'
