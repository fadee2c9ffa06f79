#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests (CI and developers on Debian; run as root).
# Idempotent: installs PostgreSQL when it is missing, creates and starts the cluster when needed,
# creates role `ob3` (password `ob3`) and database `ob3` when missing, waits until the server
# accepts connections, and prints the URL to put in OB3_TEST_POSTGRES_URL as its last line.
#
#   OB3_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n 1)
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (it installs packages and runs psql as the postgres user)"
  exit 2
fi

# 1. Install when missing.
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "PostgreSQL is not installed; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
fi

# 2. The newest installed version, and its `main` cluster (created when the install did not).
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
cluster() { pg_lsclusters --no-header | awk -v v="$version" -v f="$1" '$1 == v && $2 == "main" {print $f}'; }
if [ -z "$(cluster 1)" ]; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main
fi
port=$(cluster 3)

# 3. Start it unless it is running.
status=$(cluster 4)
if [ "$status" != "online" ]; then
  log "starting cluster $version/main on port $port"
  mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
  pg_ctlcluster "$version" main start || service postgresql start
fi

# 4. Wait until it accepts connections (at most 60 s).
for _ in $(seq 1 120); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  log "PostgreSQL did not accept connections on 127.0.0.1:$port within 60 s"
  tail -n 20 "/var/log/postgresql/postgresql-$version-main.log" >&2 || true
  exit 1
fi

# 5. Role and database, when missing. `cd /` keeps psql from complaining about root's cwd.
psql_admin() { (cd / && su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qtA $*"); }
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'ob3'\"")" != "1" ]; then
  log "creating role ob3"
  psql_admin "-c \"CREATE ROLE ob3 LOGIN PASSWORD 'ob3'\""
fi
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = 'ob3'\"")" != "1" ]; then
  log "creating database ob3"
  psql_admin "-c \"CREATE DATABASE ob3 OWNER ob3\""
fi

# 6. Check that the URL really works (password auth over TCP), then print it.
url="postgres://ob3:ob3@127.0.0.1:$port/ob3"
if ! psql "$url" -qtA -c 'SELECT 1' >/dev/null; then
  log "cannot connect with $url (check pg_hba.conf allows password logins from 127.0.0.1)"
  exit 1
fi
log "ready"
echo "$url"
