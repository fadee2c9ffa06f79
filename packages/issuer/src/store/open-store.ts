import type { IssuerStore } from './types.js'

/**
 * Open the store a `--db` value names: a `postgres://` or `postgresql://` URL opens PostgreSQL,
 * anything else is a SQLite file path (created when missing). Migrations are applied.
 * @example `const store = await openStore('./ob3-issuer.db')`
 */
export async function openStore(db: string): Promise<IssuerStore> {
  const store = /^postgres(ql)?:\/\//.test(db)
    ? await (await import('./postgres.js')).openPostgresStore({ url: db })
    : await (await import('./sqlite.js')).openSqliteStore({ path: db })
  await store.migrate()
  return store
}
