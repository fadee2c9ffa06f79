import type { ServerStore } from './types.js'

/** Is `db` a PostgreSQL URL (else a SQLite path)? */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db)
}

/**
 * Open the server's own tables in the database `db` names (a SQLite path or a `postgres://` URL),
 * the one the issuer store uses. Open the issuer store first: it claims a new SQLite file as an
 * ob3 store, which the server's tables then join.
 * @example `const store = await openServerStore('./ob3.db')`
 */
export async function openServerStore(db: string, options: { schema?: string; now?: () => Date } = {}): Promise<ServerStore> {
  const now = options.now === undefined ? {} : { now: options.now }
  if (isPostgresUrl(db)) {
    const { openPostgresServerStore } = await import('./postgres.js')
    return openPostgresServerStore({ url: db, ...(options.schema === undefined ? {} : { schema: options.schema }), ...now })
  }
  const { openSqliteServerStore } = await import('./sqlite.js')
  return openSqliteServerStore({ path: db, ...now })
}
