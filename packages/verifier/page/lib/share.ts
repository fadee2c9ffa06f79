/**
 * What the page uses of `@ob3/core`, in one place: the share-link functions and the helpers
 * around them.
 * @packageDocumentation
 */
export { fromBase64Url, isOb3Error, Ob3Error } from '@ob3/core'
// The share-link module is not exported from `@ob3/core`'s entry yet; once it is, import
// `openShareLink` from '@ob3/core' like the rest.
export { openShareLink } from '../../../core/src/share/index.js'
