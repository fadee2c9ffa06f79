import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { createEd25519Signer, ed25519KeyFromSeed, signLinkedDataProof, type Ed25519Multikey, type Signer } from '@ob3/core'
import { buildCredential } from '@ob3/issuer'
import { createServer, type CreatedTenant, type CreateServerOptions, type Ob3Server } from '../src/index.js'
import { serverDocumentLoader } from '../src/lib/contexts.js'

export const ADMIN_TOKEN = 'ob3a_test-admin-token-0123456789abcdefghijklmnopqrstuv'
export const BASE_URL = 'https://ob3.test'

const made: string[] = []

/** A fresh temporary directory, removed by {@link cleanUp}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ob3-server-'))
  made.push(dir)
  return dir
}

const servers: Ob3Server[] = []

/** Close every server {@link startServer} made and remove the temporary directories. */
export async function cleanUp(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()))
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })))
}

/** A service on a fresh SQLite file (in-process; not listening unless asked), with its log lines captured. */
export async function startServer(options: { [K in keyof CreateServerOptions]?: CreateServerOptions[K] | undefined } = {}): Promise<{ server: Ob3Server; logs: string[]; dir: string }> {
  const dir = await tempDir()
  const logs: string[] = []
  const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done() } })
  // An option given as undefined is left out (e.g. `baseUrl: undefined`: set by listen()).
  const merged: Record<string, unknown> = { db: join(dir, 'ob3.db'), baseUrl: BASE_URL, adminToken: ADMIN_TOKEN, logger: pino({ level: 'debug' }, sink), fetch: null, ...options }
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k]
  const server = await createServer(merged as unknown as CreateServerOptions)
  servers.push(server)
  return { server, logs, dir }
}

/** The answer of an in-process request, with its JSON body parsed. */
export interface Answer {
  status: number
  headers: Headers
  json: any
  text: string
}

/** Send a request to the app in-process. A non-string body is sent as JSON. */
export async function call(server: Ob3Server, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: BodyInit | undefined
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) body = options.body as BodyInit
    else {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
  }
  const res = await server.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await res.text()
  let json: unknown
  try {
    json = text === '' ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, json, text }
}

/** A tenant with its API key. */
export async function tenant(server: Ob3Server, id: string, extra: { did?: 'key' | 'web' | 'web-host'; suspension?: boolean } = {}): Promise<CreatedTenant> {
  return server.createTenant({ id, name: `${id} district`, ...extra })
}

/** A plain W3C VC 2.0 credential (examples context), unsigned. */
export function exampleCredential(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { name: 'Example University' } },
    ...extra,
  }
}

/** A VC 1.1 credential, unsigned. */
export function v11Credential(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/examples/v2'],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuanceDate: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: 'Example University' },
  }
}

/** An unsigned Open Badges 3.0 credential for an issuer. */
export async function openBadge(issuerId: string, recipient = 'did:example:teacher-okafor'): Promise<Record<string, unknown>> {
  return buildCredential({
    award: {
      achievement: {
        id: 'https://lakeside.example/micro-credentials/formative-assessment',
        name: 'Formative Assessment',
        description: 'Uses formative assessment to adjust instruction.',
        criteria: { narrative: 'Submit a lesson plan, two student work samples and a reflection.' },
      },
      recipient: { id: recipient },
      validFrom: '2026-01-01T00:00:00Z',
    },
    issuer: { id: issuerId, name: 'Lakeside District' },
  })
}

/** A holder: a fixed did:key and its signer. */
export async function holder(seed = 7): Promise<{ key: Ed25519Multikey; signer: Signer; did: string }> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  return { key, signer: await createEd25519Signer(key), did: key.controller }
}

/** A presentation of credentials by a holder, signed with proofPurpose authentication. */
export async function presentation(h: { signer: Signer; did: string }, credentials: unknown[], options: { challenge?: string; domain?: string } = {}): Promise<Record<string, unknown>> {
  const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: h.did, verifiableCredential: credentials }
  return signLinkedDataProof({ document: vp, signer: h.signer, proofPurpose: 'authentication', documentLoader: serverDocumentLoader, ...options })
}
