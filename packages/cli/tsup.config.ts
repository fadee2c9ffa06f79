import type { Options } from 'tsup'
import type { Plugin } from 'esbuild'
import { packageBuild } from '../../scripts/tsup-package.ts'

// `ob3 verify` is the command run most, often on one file: its start-up is most of its time. It is
// built as one file of its own (dist/verify-command.js, with the worker of `--jobs`,
// dist/verify-worker.js), holding everything it needs — @ob3/verifier, @ob3/core, jsonld, Ajv —
// so that Node reads and compiles a few files instead of resolving some 250 modules. The other
// commands keep their dependencies external.

/** In the ES module build, main's `import('./commands/verify.js')` loads the one-file build instead. */
const verifyCommandFile: Plugin = {
  name: 'ob3-verify-command-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/verify\.js$/ }, (args) =>
      args.importer.endsWith('main.ts') ? { path: './verify-command.js', external: true } : undefined)
  },
}

/**
 * jsonld's own network loader (which loads Node's https, @digitalbazaar/http-client and undici,
 * ~100 modules) is never used: ob3 always gives jsonld its own document loader. In the one-file
 * build it is replaced by one that refuses.
 */
const noJsonldNetworkLoader: Plugin = {
  name: 'ob3-no-jsonld-network-loader',
  setup(build) {
    build.onResolve({ filter: /^\.\/documentLoaders\/node$/ }, (args) =>
      /[\\/]jsonld[\\/]lib[\\/]platform\.js$/.test(args.importer) ? { path: 'jsonld-node-loader', namespace: 'ob3-refused' } : undefined)
    build.onLoad({ filter: /.*/, namespace: 'ob3-refused' }, () => ({
      loader: 'js',
      contents: `module.exports = () => async (url) => {
  throw new Error('jsonld network loading is not part of ob3 (asked for ' + url + '): documents are loaded by ob3')
}`,
    }))
  },
}

const [esm, cjs] = packageBuild({ entry: ['src/index.ts'], esmOnlyEntry: ['src/bin.ts'] }) as [Options, Options]

const verifyBuild: Options = {
  entry: { 'verify-command': 'src/commands/verify.ts', 'verify-worker': 'src/verify-worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: false,
  dts: false,
  sourcemap: false,
  splitting: true,
  // Every package is bundled: only Node's own modules stay outside.
  noExternal: [/./],
  esbuildPlugins: [noJsonldNetworkLoader],
  esbuildOptions(options) {
    options.chunkNames = 'verify-chunk-[hash]'
    // The CommonJS packages bundled (jsonld, Ajv) call require() for Node's modules.
    options.banner = { js: "import { createRequire as ob3CreateRequire } from 'node:module'; const require = ob3CreateRequire(import.meta.url);" }
  },
}

export default [{ ...esm, esbuildPlugins: [verifyCommandFile] }, cjs, verifyBuild]
