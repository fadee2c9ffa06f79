import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWallet, initWallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { bundleScript, removeBundles } from '../../../test/support/bundle-script.js'
import { FAST, PASSPHRASE } from './fixtures.js'

const CHILD = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url))
const ROUNDS = 24
/** Wallets worked on side by side, each killed ROUNDS / LANES times. */
const LANES = 2
const dirs: string[] = []
/** The child, bundled once into plain JavaScript: each of the rounds starts node alone, not tsx. */
let child = ''
beforeAll(async () => {
  child = await bundleScript(CHILD)
}, 120_000)
afterAll(() => Promise.all([removeBundles(), ...dirs.map((d) => rm(d, { recursive: true, force: true }))]))

interface Round {
  imported: string[]
  shared: number
  ready: boolean
}

/**
 * Start the child and kill it with SIGKILL after it has reported `after` completed imports (0: as
 * soon as it says it is ready; -1: as soon as the process exists, before it opens the wallet).
 * The kill is bounded by the child's own progress, never by a timer, so a slow machine changes
 * only how long a round takes, not what it proves. The kill lands wherever the child then is:
 * adding an artifact, making a share, or in the next import.
 */
function killRound(path: string, bundles: string, passphraseFile: string, after: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, [child, path, bundles, passphraseFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    const round: Round = { imported: [], shared: 0, ready: false }
    let buffered = ''
    let stderr = ''
    const kill = () => running.kill('SIGKILL')
    if (after < 0) running.once('spawn', kill)
    running.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (line === 'ready') {
          round.ready = true
          if (after === 0) kill()
        } else if (line.startsWith('imported ')) {
          round.imported.push(line.slice(9))
          if (round.imported.length === after) kill()
        } else if (line.startsWith('shared ')) round.shared++
      }
    })
    running.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')))
    running.on('error', reject)
    running.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child ended by itself (${String(code)}): ${stderr}`))
      else resolve(round)
    })
  })
}

/** Imports each round waits for before its kill: before the wallet opens, at ready, after 1–4. */
const KILL_AFTER = [-1, 0, 1, 2, 3, 4]

async function lane(n: number, rounds: number): Promise<{ imported: number; shared: number; killedEarly: number; minimum: number }> {
  const dir = await mkdtemp(join(tmpdir(), `ob3-kill-${n}-`))
  dirs.push(dir)
  const path = join(dir, 'wallet.db')
  const bundles = join(dir, 'bundles')
  const passphraseFile = join(dir, 'passphrase')
  await mkdir(bundles)
  await writeFile(passphraseFile, PASSPHRASE)
  await (await initWallet({ store: await openSqliteWalletStore({ path }), passphrase: PASSPHRASE, ...FAST })).close()
  const survived = new Set<string>()
  let shared = 0
  let killedEarly = 0
  let minimum = 0
  for (let r = 0; r < rounds; r++) {
    const after = KILL_AFTER[(r + n) % KILL_AFTER.length] as number
    const round = await killRound(path, bundles, passphraseFile, after)
    if (!round.ready) killedEarly++
    minimum += Math.max(0, after)
    // A kill waits for its imports, so it has at least that many (the child may report more
    // before the signal lands).
    expect(round.imported.length, `lane ${n}, round ${r + 1}`).toBeGreaterThanOrEqual(Math.max(0, after))
    shared += round.shared
    for (const id of round.imported) survived.add(id)
    // After every kill: the wallet opens, passes the integrity check, and holds every credential
    // whose import had returned.
    const store = await openSqliteWalletStore({ path, create: false })
    try {
      const check = await checkWallet({ store })
      expect(check.problems, `lane ${n}, round ${r + 1}`).toEqual([])
      const ids = new Set((await store.listCredentials()).map((c) => c.id))
      const lost = [...survived].filter((id) => !ids.has(id))
      expect(lost, `lane ${n}, round ${r + 1}: credentials whose import returned`).toEqual([])
    } finally {
      await store.close()
    }
  }
  return { imported: survived.size, shared, killedEarly, minimum }
}

describe('a wallet killed with SIGKILL at chosen points of its work', () => {
  it(`opens, passes checkWallet and keeps every returned import, after each of ${ROUNDS} kills`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n, ROUNDS / LANES)))
    const imported = results.reduce((s, r) => s + r.imported, 0)
    const shared = results.reduce((s, r) => s + r.shared, 0)
    // The kills landed while work was going on, not only before it started: every import each
    // round waited for survived, and shares were made (the first after the first import).
    expect(imported).toBeGreaterThanOrEqual(results.reduce((s, r) => s + r.minimum, 0))
    expect(imported).toBeGreaterThan(ROUNDS)
    expect(shared).toBeGreaterThan(0)
    expect(results.reduce((s, r) => s + r.killedEarly, 0)).toBeGreaterThan(0)
  }, 600_000)
})
