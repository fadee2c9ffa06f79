#!/usr/bin/env node
// The mutants that survive in the committed baseline (test/mutation/stryker-incremental.json), and
// whether test/mutation/SURVIVORS.md gives each one its reason.
//   node test/mutation/survivors.mjs           list every survivor (and mutant without coverage)
//   node test/mutation/survivors.mjs --check   exit 1 when one is not in SURVIVORS.md
// A survivor is listed when the section `## <file>` of SURVIVORS.md has a table row whose first
// cell holds its line and whose second cell names its mutator (`| 123 | StringLiteral | … |`;
// one row may give several lines, `| 12, 14 | … |`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'))
const baseline = JSON.parse(readFileSync(join(root, config.incrementalFile), 'utf8'))
const notes = readFileSync(join(root, 'test', 'mutation', 'SURVIVORS.md'), 'utf8')

/** The rows of SURVIVORS.md by file: `line:mutator` keys. */
const listed = new Map()
let section
for (const line of notes.split('\n')) {
  const heading = /^## (\S+\.ts)\s*$/.exec(line)
  if (heading !== null) {
    section = heading[1]
    listed.set(section, new Set())
    continue
  }
  if (line.startsWith('## ')) section = undefined
  const row = /^\|\s*([\d,\s]+)\s*\|\s*(\w+)\s*\|/.exec(line)
  if (section === undefined || row === null) continue
  for (const n of row[1].split(',').map((s) => s.trim()).filter(Boolean)) listed.get(section).add(`${n}:${row[2]}`)
}

const check = process.argv.includes('--check')
let missing = 0
let total = 0
for (const [path, file] of Object.entries(baseline.files)) {
  const lines = file.source.split('\n')
  for (const m of file.mutants) {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue
    total++
    const { start, end } = m.location
    const text = lines[start.line - 1] ?? ''
    const original = start.line === end.line ? text.slice(start.column - 1, end.column - 1) : `${text.slice(start.column - 1)} …`
    const known = listed.get(path)?.has(`${start.line}:${m.mutatorName}`) === true
    if (!known) missing++
    if (!check || !known) {
      console.log(`${known ? '  ' : '! '}${path}:${start.line}:${start.column} ${m.status === 'NoCoverage' ? '(no coverage) ' : ''}${m.mutatorName}: ${original.slice(0, 100)} → ${String(m.replacement).slice(0, 100)}`)
    }
  }
}
console.log(`mutation: ${total} surviving mutants in the baseline; ${missing} not in test/mutation/SURVIVORS.md`)
if (check && missing > 0) {
  console.log('mutation: write the test that kills each one marked !, or give its reason in test/mutation/SURVIVORS.md')
  process.exit(1)
}
