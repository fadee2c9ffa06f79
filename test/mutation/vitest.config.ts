import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The tests Stryker runs against each mutant: the ones that exercise the code deciding a verdict
// (verifier, core, and the wallet's share links). Each @ob3/* import resolves to the TypeScript
// source next to this file, so inside Stryker's sandbox the mutated copy is the one imported
// (the workspace symlinks under node_modules point at the original checkout).
const root = fileURLToPath(new URL('../..', import.meta.url))
const conditions = ['source', 'module', 'node', 'development|production']

export default defineConfig({
  root,
  resolve: {
    conditions,
    alias: [
      { find: /^@ob3\/(\w+)\/node$/, replacement: `${root}packages/$1/src/node.ts` },
      { find: /^@ob3\/(\w+)$/, replacement: `${root}packages/$1/src/index.ts` },
    ],
  },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    include: [
      'packages/verifier/test/**/*.test.ts',
      'packages/core/test/**/*.test.ts',
      'packages/wallet/test/share-link.test.ts',
      'packages/wallet/test/presentation-and-share.test.ts',
      'packages/wallet/test/create-share.test.ts',
    ],
    // Regenerating every test vector takes a minute and decides no verdict: left to `pnpm test`.
    exclude: ['packages/verifier/test/vectors-generator.test.ts'],
    testTimeout: 60_000,
  },
})
