// One stack of bench/run.ts in its own worker thread: its own V8 heap, so the garbage one stack
// makes is never collected on the other's time.
import { parentPort, workerData } from 'node:worker_threads'
import { openStack, type StackRequest } from './stacks.js'

const port = parentPort
if (port === null) throw new Error('bench/stack-worker.ts runs as a worker thread of bench/run.ts')
const stack = await openStack((workerData as { stack: 'ob3' | 'digitalbazaar' }).stack)
port.on('message', (request: StackRequest) => { void stack.handle(request).then((reply) => port.postMessage(reply)) })
port.postMessage({ ok: true })
