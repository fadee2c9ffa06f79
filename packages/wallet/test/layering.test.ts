/**
 * The main entry stays browser-safe (no `node:` modules, no better-sqlite3, reached through its
 * imports), and the wallet depends on @ob3/core only — never on the verifier.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))
const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g

async function reachable(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const files = new Set<string>()
  const packages = new Set<string>()
  const queue = [resolve(SRC, entry)]
  while (queue.length > 0) {
    const file = queue.pop() as string
    if (files.has(file)) continue
    files.add(file)
    const code = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
    for (const [, spec] of code.matchAll(IMPORT)) {
      if (spec === undefined) continue
      if (spec.startsWith('.')) queue.push(join(dirname(file), spec.replace(/\.js$/, '.ts')))
      else packages.add(spec)
    }
  }
  return { files, packages }
}

describe('layering', () => {
  it('the main entry reaches no Node-only module', async () => {
    const { files, packages } = await reachable('index.ts')
    expect(files.size).toBeGreaterThan(10)
    expect([...packages].filter((p) => p.startsWith('node:') || p === 'better-sqlite3')).toEqual([])
    expect([...packages].sort()).toEqual(['@noble/ciphers/chacha.js', '@noble/hashes/scrypt.js', '@ob3/core', 'qrcode'])
  })

  it('the Node entry adds only node: modules and better-sqlite3', async () => {
    const { packages } = await reachable('node.ts')
    expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['@ob3/core', 'better-sqlite3', 'qrcode'])
  })
})
