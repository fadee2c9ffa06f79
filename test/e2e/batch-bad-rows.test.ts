// A 1,000-row roster with broken rows scattered in it (an unterminated quote, a bad e-mail, a
// missing column): every good row is issued, every bad one is reported by line and code, and the
// output folder holds each credential, its baked badge and a manifest — also after the batch is
// killed and run again, without any row issued or listed twice.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { extractPng } from '@ob3/core'
import { credentialFileName, openSqliteStore } from '@ob3/issuer/node'
import { runOb3 } from '../support/ob3-process.js'

const ROWS = 1000
let dir = ''
afterAll(() => (dir === '' ? undefined : rm(dir, { recursive: true, force: true })))


/** Line n of the roster (the header is line 1): a bad row every 37 lines, of three kinds in turn. */
function rosterLine(n: number): { text: string; bad?: string } {
  const i = n - 2
  const school = ['North Elementary', 'South Middle', 'Lakeside High'][i % 3] as string
  const good = `teacher${i}@lakeside.example,Formative Assessment (${school}),"${school}",cohort-${i % 4},${5 + (i % 3)}`
  if (n % 37 !== 0) return { text: good }
  switch ((n / 37) % 3) {
    case 0: return { text: `teacher${i}@lakeside.example,"Formative Assessment ${school},cohort-1,5`, bad: 'ERR_OB3_ROSTER_QUOTE' }
    case 1: return { text: `teacher${i}(at)lakeside.example,Formative Assessment (${school}),${school},cohort-1,5`, bad: 'ERR_OB3_ROSTER_EMAIL' }
    default: return { text: `teacher${i}@lakeside.example,Formative Assessment (${school}),${school},5`, bad: 'ERR_OB3_ROSTER_COLUMNS' }
  }
}

describe('a batch with bad rows scattered in it', () => {
  it('issues every good row, reports each bad one by line, writes files and a manifest, and survives a kill', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ob3-bad-rows-'))
    await writeFile(join(dir, 'template.json'), JSON.stringify({
      issuer: { name: 'Lakeside School District' },
      achievement: { id: 'https://lakeside.example/mc/formative-assessment', name: 'Formative Assessment', description: 'Uses quick checks for understanding.', criteria: { narrative: 'A unit plan with three checks for understanding.' } },
    }))
    const lines = Array.from({ length: ROWS }, (_, k) => rosterLine(k + 2))
    const bad = new Map(lines.flatMap((l, k) => (l.bad === undefined ? [] : [[k + 2, l.bad] as const])))
    const good = ROWS - bad.size
    await writeFile(join(dir, 'roster.csv'), ['recipient_email,name,school,cohort,credits_earned', ...lines.map((l) => l.text)].join('\n') + '\n')
    expect([...new Set(bad.values())].sort()).toEqual(['ERR_OB3_ROSTER_COLUMNS', 'ERR_OB3_ROSTER_EMAIL', 'ERR_OB3_ROSTER_QUOTE'])

    expect((await runOb3(['keys', 'generate', '--out', 'key.json'], dir)).code).toBe(0)
    const args = ['issue', '--batch', 'roster.csv', '--template', 'template.json', '--key', 'key.json', '--db', 'issuer.db', '--workers', '2', '--out-dir', 'out']
    // killed once 60 good rows are done: the bad rows count as done from the start
    const first = await runOb3(args, dir, bad.size + 60)
    expect(first.killed).toBe(true)
    expect(first.stdout).toBe('')

    const second = await runOb3(args, dir)
    expect(second.code).toBe(1)
    const resumed = Number(/\((\d+) from an earlier run\)/.exec(second.stdout)?.[1])
    expect(resumed).toBeGreaterThanOrEqual(60)
    expect(second.stdout).toContain(`: ${good} issued (${resumed} from an earlier run), ${bad.size} failed, ${ROWS} rows in `)
    const reported = [...second.stderr.matchAll(/^line (\d+): .* \[(ERR_OB3_\w+)\]$/gm)].map((m) => [Number(m[1]), m[2]])
    expect(reported).toEqual([...bad.entries()])

    const key = JSON.parse(await readFile(join(dir, 'key.json'), 'utf8')) as { controller: string }
    const store = await openSqliteStore({ path: join(dir, 'issuer.db') })
    try {
      expect(await store.countCredentials(key.controller)).toBe(good)
    } finally {
      await store.close()
    }

    const manifestText = await readFile(join(dir, 'out', 'manifest.csv'), 'utf8')
    const manifest = parse(manifestText, { columns: true }) as Record<string, string>[]
    expect(Object.keys(manifest[0] ?? {})).toEqual(['line', 'recipient', 'credential_id', 'claim_link', 'status', 'error', 'delivery', 'delivery_error'])
    expect(manifest.map((r) => Number(r.line))).toEqual(Array.from({ length: ROWS }, (_, k) => k + 2))
    const issued = manifest.filter((r) => r.status === 'issued')
    expect(issued).toHaveLength(good)
    expect(new Set(issued.map((r) => r.credential_id)).size).toBe(good)
    for (const r of manifest.filter((m) => m.status === 'failed')) expect((r.error as string).split(':')[0]).toBe(bad.get(Number(r.line)))
    const row40 = manifest.find((r) => r.line === '40')
    expect([row40?.recipient, row40?.status, row40?.claim_link]).toEqual(['teacher38@lakeside.example', 'issued', ''])

    const files = await readdir(join(dir, 'out'))
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(good)
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(good)
    const name = credentialFileName(row40?.credential_id as string)
    const json = JSON.parse(await readFile(join(dir, 'out', `${name}.json`), 'utf8')) as { id: string }
    const baked = await extractPng(new Uint8Array(await readFile(join(dir, 'out', `${name}.png`))))
    expect(json.id).toBe(row40?.credential_id)
    expect(baked.format === 'json' ? baked.credential : undefined).toEqual(json)

    // run once more: nothing new is issued, and the manifest is rewritten the same
    const third = await runOb3(args, dir)
    expect(third.stdout).toContain(`: ${good} issued (${good} from an earlier run), ${bad.size} failed`)
    expect(await readFile(join(dir, 'out', 'manifest.csv'), 'utf8')).toBe(manifestText)
    expect((await readdir(join(dir, 'out'))).length).toBe(files.length)
  }, 600_000)
})
