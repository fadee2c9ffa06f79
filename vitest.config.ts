import { existsSync, readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

// The PostgreSQL the store tests use: OB3_TEST_POSTGRES_URL, or the one scripts/setup.sh started.
if (process.env.OB3_TEST_POSTGRES_URL === undefined && existsSync('.postgres-url')) {
  const url = readFileSync('.postgres-url', 'utf8').trim()
  if (url !== '') process.env.OB3_TEST_POSTGRES_URL = url
}
// Said loudly, once per run: without a PostgreSQL the store and service tests on it are skipped
// (and in CI, where CI=true, the test that asks for one fails).
if ((process.env.OB3_TEST_POSTGRES_URL ?? '') === '' && process.env.OB3_TEST_POSTGRES_WARNED === undefined) {
  process.env.OB3_TEST_POSTGRES_WARNED = '1'
  console.warn(`\n!!! OB3_TEST_POSTGRES_URL is not set and there is no .postgres-url: the PostgreSQL tests are SKIPPED${process.env.CI === 'true' ? ' (CI=true: this run fails)' : ''}. scripts/start-postgres.sh starts one. !!!\n`)
}

// The `source` export condition makes every @ob3/* import resolve to its TypeScript source,
// so tests run without a build.
// Only the conditions for ESM imports of source: Node's own resolution (with "require" for CJS
// packages such as pg, which require pg-pool) stays as it is for external dependencies.
const conditions = ['source', 'module', 'node', 'development|production']

// CI asks for a JSON summary as well (OB3_TEST_JSON=path), to print one closing count line.
const jsonOut = process.env.OB3_TEST_JSON
const reporters = jsonOut === undefined ? ['default'] : ['default', ['json', { outputFile: jsonOut }]]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    reporters: reporters as never,
    // Both cores: vitest's default on a 2-core machine is one worker (CPUs − 1). The tests assert
    // work done, never elapsed time, so a second file running beside them changes no outcome.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
})
