/**
 * The server's schema: versioned migrations kept as data, in both dialects, recorded in
 * `srv_migrations`. They live beside the issuer store's tables (same database, same PostgreSQL
 * schema) and never touch them. A released migration is never edited: a change is a new entry.
 * @packageDocumentation
 */

/** One migration of the server's tables. */
export interface ServerMigration {
  version: number
  description: string
  sqlite: readonly string[]
  postgres: readonly string[]
}

/** Run before the migrations: the bookkeeping table. */
export const SERVER_BOOTSTRAP = {
  sqlite: 'CREATE TABLE IF NOT EXISTS srv_migrations (version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  postgres: 'CREATE TABLE IF NOT EXISTS srv_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)',
} as const

/** Every migration, oldest first. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [
  {
    version: 1,
    description: 'tenants, API keys, shares',
    sqlite: [
      `CREATE TABLE srv_tenants (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        issuer_id TEXT NOT NULL UNIQUE,
        did_method TEXT NOT NULL CHECK (did_method IN ('key', 'web', 'web-host')),
        signing_key TEXT NOT NULL,
        suspension INTEGER NOT NULL CHECK (suspension IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT`,
      `CREATE TABLE srv_api_keys (
        id TEXT PRIMARY KEY NOT NULL,
        tenant_id TEXT NOT NULL REFERENCES srv_tenants (id),
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT`,
      'CREATE INDEX srv_api_keys_by_tenant ON srv_api_keys (tenant_id)',
      `CREATE TABLE srv_shares (
        id TEXT PRIMARY KEY NOT NULL,
        delete_token_hash TEXT NOT NULL,
        content BLOB,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        expires_ms INTEGER NOT NULL,
        deleted_ms INTEGER
      ) STRICT`,
      'CREATE INDEX srv_shares_by_expiry ON srv_shares (expires_ms)',
    ],
    postgres: [
      `CREATE TABLE srv_tenants (
        id text PRIMARY KEY,
        name text NOT NULL,
        issuer_id text NOT NULL UNIQUE,
        did_method text NOT NULL CHECK (did_method IN ('key', 'web', 'web-host')),
        signing_key text NOT NULL,
        suspension boolean NOT NULL,
        created_at text NOT NULL
      )`,
      `CREATE TABLE srv_api_keys (
        id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES srv_tenants (id),
        token_hash text NOT NULL UNIQUE,
        label text NOT NULL,
        created_at text NOT NULL,
        revoked_at text
      )`,
      'CREATE INDEX srv_api_keys_by_tenant ON srv_api_keys (tenant_id)',
      `CREATE TABLE srv_shares (
        id text PRIMARY KEY,
        delete_token_hash text NOT NULL,
        content bytea,
        size integer NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        expires_ms bigint NOT NULL,
        deleted_ms bigint
      )`,
      'CREATE INDEX srv_shares_by_expiry ON srv_shares (expires_ms)',
    ],
  },
  {
    version: 2,
    description: 'OAuth2 access tokens; rate-limit buckets shared by instances',
    sqlite: [
      `CREATE TABLE srv_access_tokens (
        token_hash TEXT PRIMARY KEY NOT NULL,
        api_key_id TEXT NOT NULL REFERENCES srv_api_keys (id),
        scope TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      ) STRICT`,
      'CREATE INDEX srv_access_tokens_by_expiry ON srv_access_tokens (expires_ms)',
      `CREATE TABLE srv_rate_buckets (
        bucket TEXT PRIMARY KEY NOT NULL,
        tokens REAL NOT NULL,
        updated_ms INTEGER NOT NULL,
        allowed INTEGER NOT NULL CHECK (allowed IN (0, 1))
      ) STRICT`,
      'CREATE INDEX srv_rate_buckets_by_age ON srv_rate_buckets (updated_ms)',
    ],
    postgres: [
      `CREATE TABLE srv_access_tokens (
        token_hash text PRIMARY KEY,
        api_key_id text NOT NULL REFERENCES srv_api_keys (id),
        scope text NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        expires_ms bigint NOT NULL
      )`,
      'CREATE INDEX srv_access_tokens_by_expiry ON srv_access_tokens (expires_ms)',
      `CREATE TABLE srv_rate_buckets (
        bucket text PRIMARY KEY,
        tokens double precision NOT NULL,
        updated_ms bigint NOT NULL,
        allowed boolean NOT NULL
      )`,
      'CREATE INDEX srv_rate_buckets_by_age ON srv_rate_buckets (updated_ms)',
    ],
  },
  {
    version: 3,
    description: 'share upload budgets per client and day; the health check\'s write probe',
    sqlite: [
      `CREATE TABLE srv_share_budget (
        client TEXT NOT NULL,
        day TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (client, day)
      ) STRICT`,
      `CREATE TABLE srv_health (
        id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
        checked_ms INTEGER NOT NULL
      ) STRICT`,
    ],
    postgres: [
      `CREATE TABLE srv_share_budget (
        client text NOT NULL,
        day text NOT NULL,
        bytes bigint NOT NULL,
        PRIMARY KEY (client, day)
      )`,
      `CREATE TABLE srv_health (
        id integer PRIMARY KEY CHECK (id = 1),
        checked_ms bigint NOT NULL
      )`,
    ],
  },
]

/** The newest schema version this server knows. */
export const LATEST_SERVER_SCHEMA_VERSION = SERVER_MIGRATIONS[SERVER_MIGRATIONS.length - 1]?.version ?? 0
