import type { IssuerStore } from './types.js'

/**
 * Open the store a `--db` value names: a `postgres://` or `postgresql://` URL opens PostgreSQL
 * (in `options.schema`, default `public`), anything else is a SQLite file path (created when
 * missing). Migrations are applied.
 * @example `const store = await openStore('./ob3-issuer.db')`
 */
export async function openStore(db: string, options: { schema?: string } = {}): Promise<IssuerStore> {
  const store = /^postgres(ql)?:\/\//.test(db)
    ? await (await import('./postgres.js')).openPostgresStore({ url: db, ...(options.schema === undefined ? {} : { schema: options.schema }) })
    : await (await import('./sqlite.js')).openSqliteStore({ path: db })
  await store.migrate()
  return store
}
