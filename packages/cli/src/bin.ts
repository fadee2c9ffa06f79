#!/usr/bin/env node
import { createDnsCheckedFetch } from '@ob3/verifier/node'
import { main } from './main.js'
import type { CliIo } from './io.js'

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  isTty: process.stdout.isTTY === true,
  cwd: process.env.INIT_CWD ?? process.cwd(),
  fetch: globalThis.fetch,
  // What a credential points at is fetched only from public addresses, checked after DNS.
  verifyFetch: createDnsCheckedFetch(),
}

process.exitCode = await main(process.argv.slice(2), io, process.env)
