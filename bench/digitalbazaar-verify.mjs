#!/usr/bin/env node
// The digitalbazaar stack as a command, for the whole-process comparison in bench/cli-process.ts:
// verifies each credential file named (a folder stands for the .json files under it) with
// @digitalbazaar/vc and eddsa-rdfc-2022, its contexts loaded from the same npm packages ob3 bundles
// and did:key documents made from the key's multibase (Multikey). Prints one line per file; exits
// 0 when every file verified, 1 otherwise. Plain JavaScript, so nothing is compiled at start-up.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { documentLoader } from './digitalbazaar-loader.mjs'


function* files(path) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* files(join(path, name))
  } else if (path.endsWith('.json')) {
    yield path
  }
}

const suite = new DataIntegrityProof({ cryptosuite })
let failed = 0
for (const arg of process.argv.slice(2)) {
  for (const file of files(arg)) {
    const credential = JSON.parse(readFileSync(file, 'utf8'))
    const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus: undefined })
    if (!result.verified) {
      failed++
      if (process.env.OB3_BENCH_DEBUG === "1") console.error(result.error ?? result)
    }
    process.stdout.write(`${file}: ${result.verified ? 'verified' : 'not verified'}\n`)
  }
}
process.exitCode = failed === 0 ? 0 : 1
