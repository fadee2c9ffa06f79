#!/usr/bin/env bash
# Packs every @ob3/* package as it would be published (pnpm pack: workspace:* becomes a version),
# installs the tarballs with npm into a new app outside the repository, and checks that app:
# `tsc --strict` over an ES module and a CommonJS file that import every entry point; both run and
# verify a credential; `npx ob3 --version`; `npx ob3 verify <folder>` over 5,000 credentials.
# Expects the packages built (pnpm build); third-party dependencies come from the npm registry.
# Usage: bash scripts/check-packages.sh [--keep]   (--keep leaves the app in place and prints where)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
started=$(date +%s)
count=${OB3_CHECK_COUNT:-5000}

work=$(mktemp -d "${TMPDIR:-/tmp}/ob3-packages.XXXXXX")
if [ "${1:-}" != "--keep" ]; then trap 'rm -rf "$work"' EXIT; fi
step() { printf 'check-packages: %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }

for p in core issuer wallet verifier server cli wallet-app; do
  [ -f "packages/$p/dist/index.js" ] || { echo "packages/$p is not built: run pnpm build first" >&2; exit 2; }
  # The build is there already: pack it without running prepack (which would build again).
  (cd "packages/$p" && pnpm pack --config.ignore-scripts=true --pack-destination "$work/tarballs" > /dev/null)
done
for t in "$work"/tarballs/*.tgz; do
  tar -xzOf "$t" package/package.json > "$work/package.json"
  if grep -q '"workspace:' "$work/package.json"; then echo "$t still names workspace: versions" >&2; exit 1; fi
  tar -tzf "$t" > "$work/files.txt"
  for f in LICENSE README.md CHANGELOG.md; do
    grep -qx "package/$f" "$work/files.txt" || { echo "$t has no $f" >&2; exit 1; }
  done
done
step "packed $(ls "$work"/tarballs | wc -l) tarballs"

app="$work/app"
mkdir -p "$app"
cd "$app"
cat > package.json <<'JSON'
{ "name": "ob3-package-check", "version": "1.0.0", "private": true, "type": "module" }
JSON
npm install --no-audit --no-fund --loglevel=error --ignore-scripts "$work"/tarballs/*.tgz "@types/node@^20.19.0" > /dev/null
# better-sqlite3 is the one dependency with an install script (a native build, minutes on a small
# machine): reuse the workspace's build when it is the same version for the same Node, else build.
native=$(node -e "const v=require('$app/node_modules/better-sqlite3/package.json').version; const d=require('path').dirname(require.resolve('better-sqlite3/package.json', { paths: ['$repo/packages/issuer'] })); if (require(d + '/package.json').version === v) console.log(d + '/build/Release/better_sqlite3.node')")
if [ -n "$native" ] && [ -f "$native" ]; then
  mkdir -p node_modules/better-sqlite3/build/Release
  cp "$native" node_modules/better-sqlite3/build/Release/
else
  npm rebuild better-sqlite3 > /dev/null
fi
step "installed with npm into $app"

cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "lib": ["ES2023", "DOM"], "module": "NodeNext", "moduleResolution": "NodeNext",
    "strict": true, "noEmit": true, "types": ["node"], "skipLibCheck": false
  },
  "files": ["esm.ts", "cjs.cts"]
}
JSON
cat > esm.ts <<'TS'
import { readFile } from 'node:fs/promises'
import { ERROR_CODES, isOb3Error } from '@ob3/core'
import { Issuer } from '@ob3/issuer'
import { openStore } from '@ob3/issuer/node'
import { openWallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { verify, type VerificationReport } from '@ob3/verifier'
import { createServer } from '@ob3/server'
import { main, type CliIo } from '@ob3/cli'

const input = await readFile(process.argv[2] as string)
const report: VerificationReport = await verify({ input, now: new Date(process.argv[3] as string) })
const loaded = [Issuer, openStore, openWallet, openSqliteWalletStore, createServer, main].every((f) => typeof f === 'function')
// The native SQLite binding loads: an issuer database opens and migrates.
await (await openStore('check.db')).close()
const io: CliIo | undefined = undefined
console.log(JSON.stringify({ module: 'esm', verified: report.verified, loaded, codes: Object.keys(ERROR_CODES).length > 0, coded: isOb3Error(new Error('x')), io }))
TS
cat > cjs.cts <<'TS'
import { readFileSync } from 'node:fs'
import core = require('@ob3/core')
import issuer = require('@ob3/issuer')
import issuerNode = require('@ob3/issuer/node')
import wallet = require('@ob3/wallet')
import walletNode = require('@ob3/wallet/node')
import verifier = require('@ob3/verifier')
import server = require('@ob3/server')
import cli = require('@ob3/cli')

const loaded = [issuer.Issuer, issuerNode.openStore, wallet.openWallet, walletNode.openSqliteWalletStore, server.createServer, cli.main].every((f) => typeof f === 'function')
verifier.verify({ input: readFileSync(process.argv[2] as string), now: new Date(process.argv[3] as string) }).then((report: verifier.VerificationReport) => {
  console.log(JSON.stringify({ module: 'cjs', verified: report.verified, loaded, codes: Object.keys(core.ERROR_CODES).length > 0 }))
})
TS
# Type-check (strict, the packages' declarations included) and write the JavaScript that runs below.
node "$repo/node_modules/typescript/bin/tsc" -p tsconfig.json --noEmit false --outDir out
step "tsc --strict: clean"
vector="$repo/test-vectors/valid-eddsa-rdfc-2022"
now=$(node -p "require('$vector/case.json').now")
esm=$(node out/esm.js "$vector/credential.json" "$now")
cjs=$(node out/cjs.cjs "$vector/credential.json" "$now")
echo "$esm"; echo "$cjs"
[ "$esm" = '{"module":"esm","verified":true,"loaded":true,"codes":true,"coded":false}' ] || { echo 'the ES module import did not work' >&2; exit 1; }
[ "$cjs" = '{"module":"cjs","verified":true,"loaded":true,"codes":true}' ] || { echo 'the CommonJS require did not work' >&2; exit 1; }
step "ESM import and CJS require verify a credential"

version=$(npx --no-install ob3 --version)
[ "$version" = "$(node -p "require('$repo/packages/cli/package.json').version")" ] || { echo "npx ob3 --version printed $version" >&2; exit 1; }
step "npx ob3 --version: $version"

# 5,000 credentials in 50 folders of 100 (copies of one test vector), verified from the folder.
node -e '
const fs = require("fs"), path = require("path")
const [src, dir, count] = [process.argv[1], process.argv[2], Number(process.argv[3])]
const bytes = fs.readFileSync(src)
for (let i = 0; i < count; i++) {
  const sub = path.join(dir, String(Math.floor(i / 100)).padStart(3, "0"))
  if (i % 100 === 0) fs.mkdirSync(sub, { recursive: true })
  fs.writeFileSync(path.join(sub, `credential-${String(i).padStart(5, "0")}.json`), bytes)
}' "$vector/credential.json" "$work/credentials" "$count"
status=0
npx --no-install ob3 verify "$work/credentials" --offline --now "$now" --jsonl > "$work/reports.jsonl" || status=$?
lines=$(wc -l < "$work/reports.jsonl")
verified=$(grep -c '"verified":true' "$work/reports.jsonl" || true)
[ "$status" = 0 ] && [ "$lines" = "$count" ] && [ "$verified" = "$count" ] || { echo "npx ob3 verify <folder>: exit $status, $lines reports, $verified verified (of $count)" >&2; exit 1; }
step "npx ob3 verify <folder of $count>: exit 0, $verified verified"
[ "${1:-}" = "--keep" ] && echo "the app is in $app"
echo "check-packages: passed in $(( $(date +%s) - started ))s"
