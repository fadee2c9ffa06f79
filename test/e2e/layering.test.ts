// The layers go one way — core ← issuer, wallet, verifier ← wallet-app, server ← cli — with no imports of
// another package's src/ internals.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url))
const ALLOWED: Record<string, string[]> = {
  core: [],
  issuer: ['core'],
  wallet: ['core'],
  verifier: ['core'],
  // `ob3 serve` starts the service, so the CLI may use it; the service never uses the CLI.
  cli: ['core', 'issuer', 'wallet', 'verifier', 'server', 'wallet-app'],
  server: ['core', 'issuer', 'wallet', 'verifier'],
  // The wallet web app: the wallet and the verifier, bundled for the browser; its src/ serves them.
  'wallet-app': ['core', 'wallet', 'verifier'],
}

/** Packages whose code must also run in a browser. */
const BROWSER_SAFE = ['core', 'verifier']

/** The subpaths a package exports ('.', './node', …). */
function exportsOf(pkg: string): string[] {
  const manifest = JSON.parse(readFileSync(join(PACKAGES, pkg, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> }
  return Object.keys(manifest.exports ?? {})
}

function sources(dir: string): string[] {
  let out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out = out.concat(sources(path))
    else if (name.endsWith('.ts')) out.push(path)
  }
  return out
}

describe('package layering', () => {
  it('checks every package there is', () => {
    const present = readdirSync(PACKAGES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    expect(present).toEqual(Object.keys(ALLOWED).sort())
  })


  it.each(Object.keys(ALLOWED))('%s imports only the layers below it, through their public entry', (pkg) => {
    const src = join(PACKAGES, pkg, 'src')
    // Reading the sources must work: a package whose src cannot be read fails here, never passes unchecked.
    const files = sources(src)
    expect(files.length, `${src} holds no .ts files`).toBeGreaterThan(0)
    expect(files).toContain(join(src, 'index.ts'))
    const offending: string[] = []
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/^(?:import|export)\b[^\n]*? from '(@ob3\/[^']+|(?:\.\.\/)+[^']*)'/gm)) {
        const spec = match[1] as string
        if (spec.startsWith('@ob3/')) {
          const [, name, ...rest] = spec.split('/')
          const subpath = rest.length === 0 ? '.' : `./${rest.join('/')}`
          if (!ALLOWED[pkg]?.includes(name as string) || !exportsOf(name as string).includes(subpath)) offending.push(`${file}: ${spec}`)
        } else if (/packages\/|\.\.\/\.\.\/[a-z]+\/src/.test(spec) && !join(file, '..', spec).startsWith(src)) {
          offending.push(`${file}: ${spec}`)
        }
      }
      // A browser-safe package may keep Node-only code for its './node' export (src/node.ts,
      // src/node/), which nothing else in it imports.
      const nodeOnly = /[/\\]src[/\\]node(\.ts$|[/\\])/.test(file)
      // A type-only import leaves nothing in the JavaScript a browser loads.
      if (BROWSER_SAFE.includes(pkg) && !nodeOnly && /^import\b(?! type\b)[^\n]*from 'node:/m.test(text)) offending.push(`${file}: Node built-in in a browser-safe package`)
      if (BROWSER_SAFE.includes(pkg) && !nodeOnly && /^(?:import|export)\b[^\n]*from '\.[^']*\/node(\.js|\/[^']*)'/m.test(text)) offending.push(`${file}: imports the Node-only part of a browser-safe package`)
    }
    expect(offending).toEqual([])
    const deps = Object.keys((JSON.parse(readFileSync(join(PACKAGES, pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {})
    expect(deps.filter((d) => d.startsWith('@ob3/')).map((d) => d.slice(5)).filter((d) => !ALLOWED[pkg]?.includes(d))).toEqual([])
  })
})
