// The worker thread's entry: on Node 20 the loader hooks that `--import tsx` registers do not reach
// a worker thread, so it registers tsx itself before it loads the TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./stack-worker.ts')
