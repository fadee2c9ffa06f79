// Run the platform on http://127.0.0.1:3000 with a SQLite database and a key in ./platform-data/.
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createEd25519Signer, generateEd25519Key, importEd25519Multikey } from '@ob3/core'
import { Assessments, Issuer, findMicroCredential, loadCatalogue, memoryArtifactStore } from '@ob3/issuer'
import { openSqliteStore } from '@ob3/issuer/node'
import { createPlatform, memorySessions } from './app.js'

const dataDir = join(process.cwd(), 'platform-data')
await mkdir(dataDir, { recursive: true })
const keyFile = join(dataDir, 'issuer-key.json')
const key = existsSync(keyFile) ? await importEd25519Multikey(JSON.parse(await readFile(keyFile, 'utf8'))) : await generateEd25519Key()
if (!existsSync(keyFile)) await writeFile(keyFile, JSON.stringify(key, null, 2), { mode: 0o600 })
const port = Number(process.env.PORT ?? 3000)
const store = await openSqliteStore({ path: join(dataDir, 'issuer.db') })
await store.migrate()
const catalogue = loadCatalogue(await readFile(fileURLToPath(new URL('../../catalogues/deeper-learning-sample.yaml', import.meta.url)), 'utf8'))
const issuer = new Issuer({ store, profile: { id: key.controller, name: catalogue.provider.name }, signer: await createEd25519Signer(key), statusBaseUrl: `http://127.0.0.1:${port}/status` })
const assessments = new Assessments({ store, issuer, microCredentials: (id) => findMicroCredential(catalogue, id), artifacts: memoryArtifactStore() })
const sessions = memorySessions()
// The provider's first staff session; staff sign educators and assessors in with POST /sessions.
const staffTokenFile = join(dataDir, 'staff-token')
await writeFile(staffTokenFile, sessions.open({ role: 'issuer', id: 'staff' }) + '\n', { mode: 0o600 })
const server = serve({ fetch: createPlatform({ issuer, assessments, catalogue, sessions }).fetch, hostname: '127.0.0.1', port })
console.log(`PD platform on http://127.0.0.1:${port} (issuer ${key.controller}); the staff token is in ${staffTokenFile}`)
const stop = () => server.close(() => void store.close().then(() => process.exit(0)))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
