#!/usr/bin/env bash
# Set up a fresh machine for ob3 (Debian, Node 20+): pnpm, the workspace's dependencies, and what the
# tests drive for real — Debian's Chromium (browser tests) and a local PostgreSQL (store tests).
# Idempotent. System packages are installed only when missing and only when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  npm install -g pnpm@10.34.9
fi
pnpm install

if [ "$(id -u)" -eq 0 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
  # The store tests find the database through .postgres-url (read by vitest.config.ts).
  bash scripts/start-postgres.sh | tail -n 1 > .postgres-url
else
  echo "setup: not root, so Chromium and PostgreSQL were not installed; the browser and PostgreSQL tests need them" >&2
fi
