/**
 * The issuer store's schema, as versioned migrations kept as data and shared by the SQLite and
 * PostgreSQL stores. A migration is applied once, in its own dialect, inside the transaction that
 * records it in `ob3_migrations`; a released migration is never edited — a change is a new entry.
 *
 * Conventions of the schema (both dialects):
 * - every table carries `issuer_id` (the tenant); lookups always filter on it;
 * - timestamps are kept as the caller's ISO text (`*_at`, returned unchanged) plus an integer
 *   sort key in epoch milliseconds (`*_ms`), because ISO strings with and without fractional
 *   seconds do not sort correctly as text;
 * - JSON values (`educator`, `evidence`, `review`, `detail`) are JSON text, so both stores
 *   return exactly what was stored;
 * - the audit trail is append-only: triggers refuse UPDATE and DELETE.
 * @packageDocumentation
 */

/** One schema migration, in both dialects. */
export interface Migration {
  /** 1, 2, 3, … without gaps; recorded in `ob3_migrations.version`. */
  version: number
  description: string
  /** Statements for SQLite, run in order. */
  sqlite: readonly string[]
  /** Statements for PostgreSQL, run in order (tables resolve through `search_path`). */
  postgres: readonly string[]
}

/** `PRAGMA application_id` of an ob3 issuer store: the bytes `OB3I`. */
export const SQLITE_APPLICATION_ID = 0x4f423349

/** The `ob3_meta` row that marks a database (or PostgreSQL schema) as an ob3 issuer store. */
export const STORE_FORMAT = { key: 'format', value: 'ob3-issuer-store' } as const

/** The tables a store owns; a database that has any of them but no `ob3_meta` is someone else's. */
export const STORE_TABLES = [
  'ob3_meta', 'ob3_migrations', 'credentials', 'status_list_groups', 'status_entries',
  'submissions', 'audit_events', 'batches', 'batch_rows', 'claims',
] as const

/** Run before the migrations, every time: the two bookkeeping tables. */
export const BOOTSTRAP = {
  sqlite: [
    'CREATE TABLE IF NOT EXISTS ob3_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT',
    'CREATE TABLE IF NOT EXISTS ob3_migrations (version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
  ],
  postgres: [
    'CREATE TABLE IF NOT EXISTS ob3_meta (key text PRIMARY KEY, value text NOT NULL)',
    'CREATE TABLE IF NOT EXISTS ob3_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL)',
  ],
} as const

const STATES = `'submitted', 'in-review', 'scored', 'returned', 'approved', 'awarded', 'withdrawn'`

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'credentials, status lists, submissions, audit trail, batches',
    sqlite: [
      `CREATE TABLE status_list_groups (
        id TEXT PRIMARY KEY NOT NULL,
        issuer_id TEXT NOT NULL,
        length INTEGER NOT NULL CHECK (length > 0),
        revocation_list_url TEXT NOT NULL,
        suspension_list_url TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        UNIQUE (issuer_id, id)
      ) STRICT`,
      'CREATE INDEX status_list_groups_by_issuer ON status_list_groups (issuer_id, created_ms, id)',
      `CREATE TABLE credentials (
        id TEXT PRIMARY KEY NOT NULL,
        issuer_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        achievement_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        format TEXT NOT NULL,
        content TEXT NOT NULL,
        status_list_group TEXT,
        status_index INTEGER,
        issued_at TEXT NOT NULL,
        issued_ms INTEGER NOT NULL,
        UNIQUE (issuer_id, idempotency_key),
        CHECK ((status_list_group IS NULL) = (status_index IS NULL)),
        FOREIGN KEY (issuer_id, status_list_group) REFERENCES status_list_groups (issuer_id, id)
      ) STRICT`,
      'CREATE INDEX credentials_by_issued_at ON credentials (issuer_id, issued_ms DESC, id DESC)',
      `CREATE TABLE status_entries (
        group_id TEXT NOT NULL,
        idx INTEGER NOT NULL CHECK (idx >= 0),
        issuer_id TEXT NOT NULL,
        credential_id TEXT NOT NULL UNIQUE REFERENCES credentials (id),
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        PRIMARY KEY (group_id, idx),
        FOREIGN KEY (issuer_id, group_id) REFERENCES status_list_groups (issuer_id, id)
      ) STRICT`,
      'CREATE INDEX status_entries_revoked ON status_entries (group_id, idx) WHERE revoked = 1',
      'CREATE INDEX status_entries_suspended ON status_entries (group_id, idx) WHERE suspended = 1',
      `CREATE TABLE submissions (
        id TEXT PRIMARY KEY NOT NULL,
        issuer_id TEXT NOT NULL,
        achievement_id TEXT NOT NULL,
        educator TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN (${STATES})),
        attempt INTEGER NOT NULL CHECK (attempt >= 1),
        evidence TEXT NOT NULL,
        assessor_id TEXT,
        review TEXT,
        credential_id TEXT,
        created_at TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT`,
      'CREATE INDEX submissions_by_state ON submissions (issuer_id, state, created_ms)',
      'CREATE INDEX submissions_by_assessor ON submissions (issuer_id, assessor_id, created_ms)',
      `CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        issuer_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        detail TEXT
      ) STRICT`,
      'CREATE INDEX audit_events_by_subject ON audit_events (issuer_id, subject, seq)',
      `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
      `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
      `CREATE TABLE batches (
        id TEXT PRIMARY KEY NOT NULL,
        issuer_id TEXT NOT NULL,
        input_digest TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total >= 0),
        created_at TEXT NOT NULL,
        UNIQUE (issuer_id, id)
      ) STRICT`,
      `CREATE TABLE batch_rows (
        batch_id TEXT NOT NULL,
        line INTEGER NOT NULL CHECK (line >= 1),
        issuer_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('issued', 'failed')),
        credential_id TEXT,
        error TEXT,
        PRIMARY KEY (batch_id, line),
        FOREIGN KEY (issuer_id, batch_id) REFERENCES batches (issuer_id, id)
      ) STRICT`,
    ],
    postgres: [
      `CREATE TABLE status_list_groups (
        id text PRIMARY KEY,
        issuer_id text NOT NULL,
        length integer NOT NULL CHECK (length > 0),
        revocation_list_url text NOT NULL,
        suspension_list_url text NOT NULL,
        created_at text NOT NULL,
        created_ms bigint NOT NULL,
        UNIQUE (issuer_id, id)
      )`,
      'CREATE INDEX status_list_groups_by_issuer ON status_list_groups (issuer_id, created_ms, id)',
      `CREATE TABLE credentials (
        id text PRIMARY KEY,
        issuer_id text NOT NULL,
        idempotency_key text NOT NULL,
        achievement_id text NOT NULL,
        recipient text NOT NULL,
        format text NOT NULL,
        content text NOT NULL,
        status_list_group text,
        status_index integer,
        issued_at text NOT NULL,
        issued_ms bigint NOT NULL,
        CONSTRAINT credentials_idempotency_key UNIQUE (issuer_id, idempotency_key),
        CHECK ((status_list_group IS NULL) = (status_index IS NULL)),
        FOREIGN KEY (issuer_id, status_list_group) REFERENCES status_list_groups (issuer_id, id)
      )`,
      'CREATE INDEX credentials_by_issued_at ON credentials (issuer_id, issued_ms DESC, id DESC)',
      `CREATE TABLE status_entries (
        group_id text NOT NULL,
        idx integer NOT NULL CHECK (idx >= 0),
        issuer_id text NOT NULL,
        credential_id text NOT NULL UNIQUE REFERENCES credentials (id),
        revoked boolean NOT NULL DEFAULT false,
        suspended boolean NOT NULL DEFAULT false,
        PRIMARY KEY (group_id, idx),
        FOREIGN KEY (issuer_id, group_id) REFERENCES status_list_groups (issuer_id, id)
      )`,
      'CREATE INDEX status_entries_revoked ON status_entries (group_id, idx) WHERE revoked',
      'CREATE INDEX status_entries_suspended ON status_entries (group_id, idx) WHERE suspended',
      `CREATE TABLE submissions (
        id text PRIMARY KEY,
        issuer_id text NOT NULL,
        achievement_id text NOT NULL,
        educator text NOT NULL,
        pseudonym text NOT NULL,
        state text NOT NULL CHECK (state IN (${STATES})),
        attempt integer NOT NULL CHECK (attempt >= 1),
        evidence text NOT NULL,
        assessor_id text,
        review text,
        credential_id text,
        created_at text NOT NULL,
        created_ms bigint NOT NULL,
        updated_at text NOT NULL
      )`,
      'CREATE INDEX submissions_by_state ON submissions (issuer_id, state, created_ms)',
      'CREATE INDEX submissions_by_assessor ON submissions (issuer_id, assessor_id, created_ms)',
      `CREATE TABLE audit_events (
        seq bigserial PRIMARY KEY,
        issuer_id text NOT NULL,
        subject text NOT NULL,
        action text NOT NULL,
        actor text NOT NULL,
        at text NOT NULL,
        detail text
      )`,
      'CREATE INDEX audit_events_by_subject ON audit_events (issuer_id, subject, seq)',
      `CREATE FUNCTION ob3_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION ob3_audit_events_append_only()`,
      `CREATE TABLE batches (
        id text PRIMARY KEY,
        issuer_id text NOT NULL,
        input_digest text NOT NULL,
        total integer NOT NULL CHECK (total >= 0),
        created_at text NOT NULL,
        UNIQUE (issuer_id, id)
      )`,
      `CREATE TABLE batch_rows (
        batch_id text NOT NULL,
        line integer NOT NULL CHECK (line >= 1),
        issuer_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('issued', 'failed')),
        credential_id text,
        error text,
        PRIMARY KEY (batch_id, line),
        FOREIGN KEY (issuer_id, batch_id) REFERENCES batches (issuer_id, id)
      )`,
    ],
  },
  {
    version: 2,
    description: 'credential ids unique per issuer, not across issuers',
    // SQLite cannot change a primary key in place: both tables are rebuilt, the data copied, and
    // the new tables renamed (which also renames the reference from status_entries).
    sqlite: [
      `CREATE TABLE credentials_v2 (
        id TEXT NOT NULL,
        issuer_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        achievement_id TEXT NOT NULL,
        recipient TEXT NOT NULL,
        format TEXT NOT NULL,
        content TEXT NOT NULL,
        status_list_group TEXT,
        status_index INTEGER,
        issued_at TEXT NOT NULL,
        issued_ms INTEGER NOT NULL,
        PRIMARY KEY (issuer_id, id),
        UNIQUE (issuer_id, idempotency_key),
        CHECK ((status_list_group IS NULL) = (status_index IS NULL)),
        FOREIGN KEY (issuer_id, status_list_group) REFERENCES status_list_groups (issuer_id, id)
      ) STRICT`,
      `INSERT INTO credentials_v2 (id, issuer_id, idempotency_key, achievement_id, recipient, format, content, status_list_group, status_index, issued_at, issued_ms)
        SELECT id, issuer_id, idempotency_key, achievement_id, recipient, format, content, status_list_group, status_index, issued_at, issued_ms FROM credentials`,
      `CREATE TABLE status_entries_v2 (
        group_id TEXT NOT NULL,
        idx INTEGER NOT NULL CHECK (idx >= 0),
        issuer_id TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
        suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
        PRIMARY KEY (group_id, idx),
        UNIQUE (issuer_id, credential_id),
        FOREIGN KEY (issuer_id, group_id) REFERENCES status_list_groups (issuer_id, id),
        FOREIGN KEY (issuer_id, credential_id) REFERENCES credentials_v2 (issuer_id, id)
      ) STRICT`,
      `INSERT INTO status_entries_v2 (group_id, idx, issuer_id, credential_id, revoked, suspended)
        SELECT group_id, idx, issuer_id, credential_id, revoked, suspended FROM status_entries`,
      'DROP TABLE status_entries',
      'DROP TABLE credentials',
      'ALTER TABLE credentials_v2 RENAME TO credentials',
      'ALTER TABLE status_entries_v2 RENAME TO status_entries',
      'CREATE INDEX credentials_by_issued_at ON credentials (issuer_id, issued_ms DESC, id DESC)',
      'CREATE INDEX status_entries_revoked ON status_entries (group_id, idx) WHERE revoked = 1',
      'CREATE INDEX status_entries_suspended ON status_entries (group_id, idx) WHERE suspended = 1',
    ],
    postgres: [
      'ALTER TABLE status_entries DROP CONSTRAINT status_entries_credential_id_fkey',
      'ALTER TABLE status_entries DROP CONSTRAINT status_entries_credential_id_key',
      'ALTER TABLE credentials DROP CONSTRAINT credentials_pkey',
      'ALTER TABLE credentials ADD CONSTRAINT credentials_pkey PRIMARY KEY (issuer_id, id)',
      'ALTER TABLE status_entries ADD CONSTRAINT status_entries_credential_key UNIQUE (issuer_id, credential_id)',
      `ALTER TABLE status_entries ADD CONSTRAINT status_entries_credential_fkey
        FOREIGN KEY (issuer_id, credential_id) REFERENCES credentials (issuer_id, id)`,
    ],
  },
  {
    version: 3,
    description: 'one-time claims that deliver a stored credential into a wallet',
    sqlite: [
      `CREATE TABLE claims (
        id TEXT NOT NULL,
        issuer_id TEXT NOT NULL,
        credential_id TEXT NOT NULL,
        pre_authorized_code TEXT NOT NULL UNIQUE,
        tx_code_hash TEXT,
        tx_code_length INTEGER CHECK (tx_code_length IS NULL OR tx_code_length > 0),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        expires_ms INTEGER NOT NULL,
        failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        redeemed_at TEXT,
        redeemed_via TEXT,
        holder TEXT,
        access_token_hash TEXT,
        delivered_credential_id TEXT,
        PRIMARY KEY (issuer_id, id),
        FOREIGN KEY (issuer_id, credential_id) REFERENCES credentials (issuer_id, id)
      ) STRICT`,
      'CREATE INDEX claims_by_credential ON claims (issuer_id, credential_id)',
      'CREATE UNIQUE INDEX claims_by_access_token ON claims (access_token_hash) WHERE access_token_hash IS NOT NULL',
    ],
    postgres: [
      `CREATE TABLE claims (
        id text NOT NULL,
        issuer_id text NOT NULL,
        credential_id text NOT NULL,
        pre_authorized_code text NOT NULL UNIQUE,
        tx_code_hash text,
        tx_code_length integer CHECK (tx_code_length IS NULL OR tx_code_length > 0),
        created_at text NOT NULL,
        expires_at text NOT NULL,
        expires_ms bigint NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        redeemed_at text,
        redeemed_via text,
        holder text,
        access_token_hash text,
        delivered_credential_id text,
        PRIMARY KEY (issuer_id, id),
        FOREIGN KEY (issuer_id, credential_id) REFERENCES credentials (issuer_id, id)
      )`,
      'CREATE INDEX claims_by_credential ON claims (issuer_id, credential_id)',
      'CREATE UNIQUE INDEX claims_by_access_token ON claims (access_token_hash) WHERE access_token_hash IS NOT NULL',
    ],
  },
  {
    version: 4,
    description: 'multi-bit message status: a group\'s message list and statusSize, each entry\'s value',
    sqlite: [
      'ALTER TABLE status_list_groups ADD COLUMN status_size INTEGER CHECK (status_size IS NULL OR status_size BETWEEN 1 AND 8)',
      'ALTER TABLE status_list_groups ADD COLUMN message_list_url TEXT',
      'ALTER TABLE status_entries ADD COLUMN value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0)',
      'CREATE INDEX status_entries_valued ON status_entries (group_id, idx) WHERE value <> 0',
    ],
    postgres: [
      'ALTER TABLE status_list_groups ADD COLUMN status_size integer CHECK (status_size IS NULL OR status_size BETWEEN 1 AND 8)',
      'ALTER TABLE status_list_groups ADD COLUMN message_list_url text',
      'ALTER TABLE status_list_groups ADD CONSTRAINT status_list_groups_message_check CHECK ((status_size IS NULL) = (message_list_url IS NULL))',
      'ALTER TABLE status_entries ADD COLUMN value integer NOT NULL DEFAULT 0 CHECK (value >= 0)',
      'CREATE INDEX status_entries_valued ON status_entries (group_id, idx) WHERE value <> 0',
    ],
  },
]

/** The version the newest migration brings a store to. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
