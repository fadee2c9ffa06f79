#!/usr/bin/env bash
# The published W3C and W3C-CCG conformance suites (all five: eddsa with its eddsa-rdfc-2022 and
# eddsa-jcs-2022 tags, vcdm2, bitstring, ccg-issuer, ccg-verifier) against this checkout's
# `ob3 serve`, through ../shared/w3c-suites/run.sh.
#
# Every failure must be listed, with its reason, in test/w3c-suites/expected-failures.json
# (`[{"suite"?, "title", "reason"}]`, matched by the test's full title). The step fails on a failure
# that is not listed, and on a listed one that no longer fails, so the list stays honest.
#
# Exit status: 0 as expected; 1 an unexpected failure, a stale entry or a suite without a report;
# 2 the set-up failed (runner missing, tools, install, service) or the list is unreadable.
#
# Environment: OB3_SUITES_WORK (work folder, kept; default a temporary folder, removed),
# OB3_SUITES_RUNNER (default ../shared/w3c-suites/run.sh beside the clone),
# OB3_SUITES_EXPECTED (default test/w3c-suites/expected-failures.json).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runner=${OB3_SUITES_RUNNER:-$root/../shared/w3c-suites/run.sh}
expected=${OB3_SUITES_EXPECTED:-$root/test/w3c-suites/expected-failures.json}
suites="eddsa vcdm2 bitstring ccg-issuer ccg-verifier"

if [ ! -f "$runner" ]; then
  echo "w3c-suites: the runner $runner is missing (the shared folder belongs beside the clone)" >&2
  exit 2
fi
if [ ! -f "$expected" ]; then
  echo "w3c-suites: the list of expected failures $expected is missing" >&2
  exit 2
fi

work=${OB3_SUITES_WORK:-}
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/ob3-w3c-suites.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

started=$(date +%s)
# All five suites, always: a subset would make the listed failures of the others look fixed.
# The tags are named, not detected: the eddsa suite's 13 eddsa-jcs-2022 tests always run, so a
# service that stopped issuing eddsa-jcs-2022 fails them instead of quietly skipping them.
tags="eddsa-rdfc-2022 eddsa-jcs-2022 vc2.0 vc-api BitstringStatusList"
# The service's default message status (ob3 serve reads OB3_SERVE_MESSAGE_STATUS, as
# --message-status): the VC 2.0 credentials it issues carry a 2-bit message entry beside their
# revocation entry, so the Bitstring suite's statusSize, statusMessage and statusReference tests run.
message_status='{"statusSize":2,"messages":["valid","pending review","under appeal","withdrawn"],"statusReference":"https://www.w3.org/TR/vc-bitstring-status-list/"}'
env -u OB3_SUITES_ONLY OB3_SERVE_MESSAGE_STATUS="$message_status" OB3_CHECKOUT="$root" OB3_SUITES_WORK="$work" OB3_SUITES_TAGS="$tags" bash "$runner"
rc=$?
took=$(( $(date +%s) - started ))
if [ "$rc" -ge 2 ]; then
  echo "w3c-suites: the set-up failed (run.sh exit $rc) after ${took} s" >&2
  exit 2
fi

RESULTS="$work/results" SUITES="$suites" EXPECTED="$expected" TOOK="$took" node -e '
const fs = require("fs"), path = require("path")
const one = (s) => String(s || "").replace(/\s+/g, " ").trim().slice(0, 300)
let list
try {
  list = JSON.parse(fs.readFileSync(process.env.EXPECTED, "utf8"))
  if (!Array.isArray(list) || !list.every((e) => e && typeof e.title === "string" && e.title !== "" && typeof e.reason === "string" && e.reason.trim() !== "" && (e.suite === undefined || typeof e.suite === "string"))) throw new Error("each entry needs a title and a reason (and may name its suite)")
} catch (err) {
  console.error(`w3c-suites: ${process.env.EXPECTED} is unreadable: ${err.message}`)
  process.exit(2)
}
const totals = { passes: 0, failures: 0, pending: 0, tests: 0 }
const unexpected = [], expectedSeen = [], missing = []
const failed = new Set()
const ran = new Set()
for (const suite of process.env.SUITES.split(" ")) {
  let report
  try { report = JSON.parse(fs.readFileSync(path.join(process.env.RESULTS, suite + ".json"), "utf8")) } catch { missing.push(suite); continue }
  ran.add(suite)
  for (const k of Object.keys(totals)) totals[k] += report.stats[k] || 0
  for (const t of report.failures) {
    failed.add(`${suite}\u0000${t.fullTitle}`)
    const entry = list.find((e) => e.title === t.fullTitle && (e.suite === undefined || e.suite === suite))
    if (entry) expectedSeen.push({ suite, title: t.fullTitle, reason: entry.reason })
    else unexpected.push({ suite, title: t.fullTitle, message: one(t.err && t.err.message) })
  }
}
const stale = list.filter((e) => (e.suite === undefined ? [...ran] : ran.has(e.suite) ? [e.suite] : []).length > 0 &&
  !(e.suite === undefined ? [...ran].some((s) => failed.has(`${s}\u0000${e.title}`)) : failed.has(`${e.suite}\u0000${e.title}`)))
const lines = [`W3C suites: ${totals.passes} pass, ${totals.failures} fail (${expectedSeen.length} expected), ${totals.pending} pending of ${totals.tests}; took ${process.env.TOOK} s`]
for (const e of expectedSeen) lines.push(`  expected failure (${e.suite}): ${e.title}`, `      why: ${one(e.reason)}`)
for (const u of unexpected) lines.push(`  UNEXPECTED FAILURE (${u.suite}): ${u.title}`, `      ${u.message || "(no message)"}`)
for (const s of stale) lines.push(`  NO LONGER FAILS${s.suite ? ` (${s.suite})` : ""}: ${s.title}`, `      remove it from ${path.relative(process.cwd(), process.env.EXPECTED)}`)
for (const s of missing) lines.push(`  NO REPORT: ${s} (the suite did not run)`)
const ok = unexpected.length === 0 && stale.length === 0 && missing.length === 0
lines.push(`W3C suites: ${ok ? "as expected" : "FAILED"}`)
console.log("\n" + lines.join("\n"))
process.exit(ok ? 0 : 1)
'
