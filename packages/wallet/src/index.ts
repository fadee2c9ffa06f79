/**
 * `@ob3/wallet`: the holder wallet core. A teacher's credentials and the artifacts behind them
 * (a content-addressed vault), presentations signed by her holder key, and shares by link and QR
 * code. Browser-safe: Web APIs and `@noble/*` only. The SQLite store, the directory upload
 * adapter and PNG/terminal QR codes are in `@ob3/wallet/node`.
 * @packageDocumentation
 */
export { initWallet, MIN_PASSPHRASE_LENGTH, type InitWalletOptions } from './init-wallet.js'
export { openWallet, type OpenWalletOptions } from './open-wallet.js'
export { restoreWallet, type RestoreWalletOptions } from './restore-wallet.js'
export { checkWallet } from './check-wallet.js'
export { Wallet, MAX_ARTIFACT_BYTES, MAX_ARTIFACT_NAME_LENGTH } from './wallet.js'
export { claimCredential, isClaimLink, type ClaimCredentialOptions, type ClaimCredentialResult } from './claim-credential.js'
export type { ImportInput } from './import-credential.js'
export { createMemoryWalletStore } from './store/memory.js'
export { openIndexedDbWalletStore, IndexedDbWalletStore, type IndexedDbWalletStoreOptions } from './store/indexeddb.js'
export type * from './store/types.js'
export type * from './types.js'
export { createHttpUploadAdapter, type HttpUploadAdapterOptions } from './upload/http-upload-adapter.js'
export { chooseQrErrorCorrection, renderShareQrSvg, type QrErrorCorrection } from './qr/share-qr-svg.js'
export { DEFAULT_SCRYPT_N, MIN_SCRYPT_N } from './lib/passphrase-box.js'
