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

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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

process.exitCode = await main(process.argv.slice(2), io, process.env)
