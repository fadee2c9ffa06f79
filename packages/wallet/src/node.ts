/**
 * `@ob3/wallet/node`: the parts of the wallet that need Node — the SQLite store (one file, the
 * embedded default), the directory upload adapter (static hosting), and QR codes as PNG and
 * terminal text.
 * @packageDocumentation
 */
export { openSqliteWalletStore, type OpenSqliteWalletStoreOptions } from './store/sqlite.js'
export { createDirectoryUploadAdapter, type DirectoryUploadAdapterOptions } from './upload/directory-upload-adapter.js'
export { renderShareQr, type ShareQr } from './qr/share-qr-node.js'
