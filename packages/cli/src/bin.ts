#!/usr/bin/env node
import { once } from 'node:events'
import { main } from './main.js'
import type { CliIo } from './io.js'

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

function lazyDnsCheckedFetch(): typeof fetch {
  let made: Promise<typeof fetch> | undefined
  return async (input, init) => {
    made ??= import('@ob3/verifier/node').then((m) => m.createDnsCheckedFetch())
    return (await made)(input, init)
  }
}

// Standard output is written in pieces of up to 64 KiB rather than a system call per report
// (`ob3 verify` of thousands of files), and always before anything goes to standard error, so the
// two keep their order. What is held goes out at the end of the event loop's turn at the latest.
let held: string[] = []
let heldLength = 0
let flushSoon: NodeJS.Immediate | undefined
function flush(): void {
  if (flushSoon !== undefined) clearImmediate(flushSoon)
  flushSoon = undefined
  if (held.length === 0) return
  const text = held.length === 1 ? (held[0] as string) : held.join('')
  held = []
  heldLength = 0
  process.stdout.write(text)
}
function writeOut(text: string): void {
  held.push(text)
  heldLength += text.length
  if (heldLength >= 65_536) flush()
  else flushSoon ??= setImmediate(flush)
}

const io: CliIo = {
  stdout: writeOut,
  stderr: (text) => {
    flush()
    process.stderr.write(text)
  },
  readStdin,
  isTty: process.stdout.isTTY === true,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  fetch: globalThis.fetch,
  // What a credential points at is fetched only from public addresses, checked after DNS. The
  // verifier is loaded at the first such fetch, not at start-up: `ob3 --version` loads almost nothing.
  verifyFetch: lazyDnsCheckedFetch(),
  workerFetch: 'dns-checked',
  outputDrained: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain')
  },
}

try {
  process.exitCode = await main(process.argv.slice(2), io, process.env)
} finally {
  flush()
}
