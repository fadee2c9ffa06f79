/**
 * `@ob3/issuer/node`: the parts of the issuer that need Node — the SQLite and PostgreSQL stores and
 * batch issuance on worker threads.
 * @packageDocumentation
 */
export { openStore } from './store/open-store.js'
export { openSqliteStore } from './store/sqlite.js'
export { openPostgresStore } from './store/postgres.js'
export { postgresError } from './store/postgres-schema.js'
export { openSqliteDatabase, sqliteError } from './store/sqlite-schema.js'
export { runBatch, DEFAULT_BATCH_CHUNK_SIZE, type BatchProgress, type BatchSummary, type RunBatchOptions, type BatchWorkerInit } from './batch/run-batch.js'
export { directoryArtifactStore, type DirectoryArtifactStoreOptions } from './workflow/directory-artifact-store.js'
export { writeBatchOutput, credentialFileName, type WriteBatchOutputOptions, type BatchOutputResult, type BatchManifestRow, type ClaimMessage } from './batch/write-batch-output.js'
