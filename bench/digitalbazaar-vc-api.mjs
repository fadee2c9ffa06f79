#!/usr/bin/env node
// A minimal VC-API server on the digitalbazaar stack, for the side-by-side service load in
// bench/server-load.ts: node:http, `POST /credentials/issue` and `POST /credentials/verify`,
// @digitalbazaar/vc with eddsa-rdfc-2022, contexts from the same npm packages ob3 bundles and
// did:key documents made from the key's multibase (nothing is fetched).
//
// What it does per request, no more: issue reads `{ credential }`, names its own did:key as the
// issuer, signs and answers 201 `{ verifiableCredential }` (no database, no status list entry,
// no idempotency); verify reads `{ verifiableCredential }`, verifies its proof and answers 200
// `{ verified, checks, warnings, errors }` (400 when it does not verify).
//
// Started with the path of a JSON file holding an unsigned credential: it generates a key,
// signs that credential once and prints one line `{ url, credential, unsigned }` (the signed
// one to verify, the unsigned one, with its issuer, to issue). Then, on stdin, a line `cpu`
// answers the process's CPU time so far as `{ "cpuMs": … }`; the end of stdin stops it.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import { documentLoader } from './digitalbazaar-loader.mjs'


const keyPair = await Ed25519Multikey.generate()
const did = `did:key:${keyPair.publicKeyMultibase}`
keyPair.controller = did
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`
const signer = keyPair.signer()
const verifySuite = new DataIntegrityProof({ cryptosuite })

/** Sign a credential as this server's did:key. */
async function issue(credential) {
  const issuer = credential.issuer
  const named = typeof issuer === 'object' && issuer !== null ? { ...issuer, id: did } : did
  const suite = new DataIntegrityProof({ signer, cryptosuite })
  return vc.issue({ credential: { ...credential, issuer: named }, suite, documentLoader })
}

function answer(res, status, value) {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', async () => {
    try {
      if (req.method !== 'POST') return answer(res, 405, { error: 'POST only' })
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      if (req.url === '/credentials/issue') {
        if (typeof body.credential !== 'object' || body.credential === null) return answer(res, 400, { error: 'the body needs a credential' })
        return answer(res, 201, { verifiableCredential: await issue(body.credential) })
      }
      if (req.url === '/credentials/verify') {
        if (typeof body.verifiableCredential !== 'object' || body.verifiableCredential === null) return answer(res, 400, { error: 'the body needs a verifiableCredential' })
        const result = await vc.verifyCredential({ credential: body.verifiableCredential, suite: verifySuite, documentLoader })
        const errors = result.verified ? [] : [String(result.error?.message ?? result.error ?? 'not verified')]
        return answer(res, result.verified ? 200 : 400, { verified: result.verified, checks: ['proof'], warnings: [], errors })
      }
      answer(res, 404, { error: 'not found' })
    } catch (err) {
      answer(res, 400, { error: String(err?.message ?? err) })
    }
  })
})

const unsigned = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const credential = await issue(unsigned)
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}`
process.stdout.write(JSON.stringify({ url, credential, unsigned: { ...unsigned, issuer: typeof unsigned.issuer === 'object' ? { ...unsigned.issuer, id: did } : did } }) + '\n')

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'cpu') {
    const { user, system } = process.cpuUsage()
    process.stdout.write(JSON.stringify({ cpuMs: (user + system) / 1000 }) + '\n')
  }
})
process.stdin.on('end', () => {
  server.close()
  server.closeAllConnections()
})
process.stdin.resume()
