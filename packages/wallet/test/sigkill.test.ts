import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkWallet, initWallet } from '@ob3/wallet'
import { openSqliteWalletStore } from '@ob3/wallet/node'
import { FAST, PASSPHRASE } from './fixtures.js'

const CHILD = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url))
const ROUNDS = 50
/** Wallets worked on side by side, each killed ROUNDS / LANES times, to keep the test short. */
const LANES = 5
const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

interface Round {
  imported: string[]
  shared: number
  ready: boolean
}

/** Start the child, kill it with SIGKILL at a random moment, and return what it said it had done. */
function killRound(path: string, bundles: string, passphraseFile: string): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, path, bundles, passphraseFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    const round: Round = { imported: [], shared: 0, ready: false }
    let buffered = ''
    let stderr = ''
    const kill = () => child.kill('SIGKILL')
    // One round in five is killed while the child is still starting or opening the wallet.
    const early = Math.random() < 0.2
    let timer = early ? setTimeout(kill, Math.random() * 600) : undefined
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (line === 'ready') {
          round.ready = true
          if (!early) timer = setTimeout(kill, 20 + Math.random() * 400)
        } else if (line.startsWith('imported ')) round.imported.push(line.slice(9))
        else if (line.startsWith('shared ')) round.shared++
      }
    })
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') reject(new Error(`the child ended by itself (${String(code)}): ${stderr}`))
      else resolve(round)
    })
  })
}

async function lane(n: number, rounds: number): Promise<{ imported: number; shared: number; killedEarly: number }> {
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
  for (let r = 0; r < rounds; r++) {
    const round = await killRound(path, bundles, passphraseFile)
    if (!round.ready) killedEarly++
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
  return { imported: survived.size, shared, killedEarly }
}

describe('a wallet killed with SIGKILL at random moments', () => {
  it(`opens, passes checkWallet and keeps every returned import, after each of ${ROUNDS} kills`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n, ROUNDS / LANES)))
    const imported = results.reduce((s, r) => s + r.imported, 0)
    const shared = results.reduce((s, r) => s + r.shared, 0)
    // The kills must land while work is going on, not only before it starts.
    expect(imported).toBeGreaterThan(ROUNDS)
    expect(shared).toBeGreaterThan(0)
  }, 120_000)
})
