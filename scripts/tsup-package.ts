/**
 * The build of a publishable `@ob3/*` package, shared by every package's `tsup.config.ts`: an ES
 * module build (with declarations, code-split) and a CommonJS build of the public entries (with
 * `.d.cts` declarations), both for Node 20.12+. Dependencies stay external, except those published
 * as ES modules only: the CommonJS build carries its own copy of them, since `require()` of an ES
 * module is not available on every Node 20.
 * @packageDocumentation
 */
import type { Options } from 'tsup'

/** Dependencies that ship ES modules only (bundled into the CommonJS build). */
const ESM_ONLY = [/^@noble\//, /^@scure\//, /^jose(\/|$)/]

/** What differs between the packages. */
export interface PackageBuild {
  /** The public entries, built as ES modules and as CommonJS. */
  entry: string[]
  /** Entries built as ES modules only (a worker, the command's start script). */
  esmOnlyEntry?: string[]
}

/** The tsup options for one package: an ESM and a CJS build. */
export function packageBuild(build: PackageBuild): Options[] {
  // The package's build script empties dist/ first: the two builds run side by side.
  const common: Options = { clean: false, target: 'node20', platform: 'node', dts: true, sourcemap: false, outDir: 'dist' }
  return [
    { ...common, entry: [...build.entry, ...(build.esmOnlyEntry ?? [])], format: ['esm'], splitting: true },
    // `shims` gives `import.meta.url` a CommonJS value.
    { ...common, entry: build.entry, format: ['cjs'], splitting: false, shims: true, noExternal: ESM_ONLY },
  ]
}
