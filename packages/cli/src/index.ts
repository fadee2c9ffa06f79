/**
 * `@ob3/cli`: the `ob3` command. `main(argv, io, env)` runs it in-process (for tests and embedding).
 * @packageDocumentation
 */
export { main, HELP } from './main.js'
export type { CliIo } from './io.js'
export { UsageError } from './io.js'
