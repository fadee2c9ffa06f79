// `ob3 serve` runs until a signal; the command is run directly with an abort signal of its own.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { get } from 'node:https'
import { afterAll, describe, expect, it } from 'vitest'
import { generateEd25519Key } from '@ob3/core'
import { serveCommand } from '../src/commands/serve.js'
import { UsageError, type CliIo } from '../src/io.js'
import { removeTempDirs, tempDir } from './helpers.js'

afterAll(removeTempDirs)

/** A plain W3C VC 2.0 credential of `issuer`, unsigned. */
function exampleCredential(issuer: string): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: { name: 'Example University' } },
  }
}

function io(cwd: string): CliIo & { out: () => string; err: () => string } {
  let stdout = ''
  let stderr = ''
  return {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => new Uint8Array(0),
    isTty: false,
    cwd,
    fetch: undefined,
    out: () => stdout,
    err: () => stderr,
  }
}

/** Run `ob3 serve` until `body` is done with its URL. */
async function serving(args: string[], cwd: string, body: (url: string, cli: ReturnType<typeof io>) => Promise<void>): Promise<ReturnType<typeof io>> {
  const cli = io(cwd)
  const stop = new AbortController()
  let failure: unknown
  const code = await serveCommand(args, cli, {
    signal: stop.signal,
    onListening: (url) => { body(url, cli).catch((err: unknown) => { failure = err }).finally(() => stop.abort()) },
  })
  if (failure !== undefined) throw failure
  expect(code).toBe(0)
  return cli
}

describe('ob3 serve', () => {
  it('--init-tenant creates a tenant from a key file and prints its API key once; serve then accepts it', async () => {
    const dir = await tempDir()
    const key = await generateEd25519Key()
    await writeFile(join(dir, 'key.json'), JSON.stringify(key))
    const init = io(dir)
    expect(await serveCommand(['--init-tenant', 'lakeside', '--tenant-name', 'Lakeside District', '--key', 'key.json', '--db', 'ob3.db'], init)).toBe(0)
    const token = init.out().trim()
    expect(token).toMatch(/^ob3k_/)
    expect(init.err()).toContain(key.controller)
    const again = io(dir)
    expect(await serveCommand(['--init-tenant', 'lakeside', '--tenant-name', 'Again', '--db', 'ob3.db'], again)).toBe(1)
    expect(again.err()).toContain('ERR_OB3_STORE_CONFLICT')

    const cli = await serving(['--port', '0', '--db', 'ob3.db', '--admin-token-file', 'admin.token'], dir, async (url) => {
      const res = await fetch(`${url}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ credential: exampleCredential(key.controller) }) })
      expect(res.status).toBe(201)
      const admin = (await readFile(join(dir, 'admin.token'), 'utf8')).trim()
      const tenants = await fetch(`${url}/admin/tenants`, { headers: { authorization: `Bearer ${admin}` } })
      expect(((await tenants.json()) as { tenants: unknown[] }).tenants).toHaveLength(1)
    })
    expect(((await stat(join(dir, 'admin.token'))).mode & 0o777).toString(8)).toBe('600')
    expect(cli.err()).toContain('wrote a new admin token')
    const logLines = cli.out().trim().split('\n').map((l) => JSON.parse(l) as { msg: string })
    expect(logLines.map((l) => l.msg)).toEqual(expect.arrayContaining(['ob3 service listening', 'request', 'ob3 service stopped']))
  })

  it('serves HTTPS with a self-signed certificate (made by openssl) that names 127.0.0.1', async () => {
    const dir = await tempDir()
    const cli = await serving(['--port', '0', '--db', 'ob3.db', '--tls-self-signed', '--log-level', 'warn'], dir, async (url, running) => {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const certFile = /written to (\S+\.pem)/.exec(running.err())?.[1] as string
      const ca = await readFile(certFile)
      const status = await new Promise<number>((resolve, reject) => {
        get(`${url}/health`, { ca }, (res) => { res.resume(); resolve(res.statusCode ?? 0) }).on('error', reject)
      })
      expect(status).toBe(200)
      // Without the certificate, a client refuses it.
      await expect(fetch(`${url}/health`)).rejects.toThrow()
    })
    expect(cli.err()).toMatch(/self-signed certificate \(SHA-256 [0-9A-F:]{95}/)
  })

  it('--open-tenant: requests without credentials issue and change status as that tenant; reading records still needs a key', async () => {
    const dir = await tempDir()
    const init = io(dir)
    expect(await serveCommand(['--init-tenant', 'suite', '--tenant-name', 'Suite Issuer', '--db', 'ob3.db'], init)).toBe(0)
    const issuer = /it issues as (did:key:\S+)/.exec(init.err())?.[1] as string
    const cli = await serving(['--port', '0', '--db', 'ob3.db', '--open-tenant', 'suite'], dir, async (url) => {
      const res = await fetch(`${url}/credentials/issue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credential: exampleCredential(issuer) }) })
      expect(res.status).toBe(201)
      const vc = ((await res.json()) as { verifiableCredential: { id: string; issuer: string } }).verifiableCredential
      expect(vc.issuer).toBe(issuer)
      const revoked = await fetch(`${url}/credentials/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credentialId: vc.id, credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } }) })
      expect(revoked.status).toBe(200)
      expect((await fetch(`${url}/credentials`)).status).toBe(401)
    })
    expect(cli.out()).toContain('open tenant')
  })

  it('--trust gives the verification page its registries: served beside the page, which is pointed at them', async () => {
    const dir = await tempDir()
    const registry = { name: 'Lakeland Registry of Approved Providers', entries: [{ id: 'did:example:northwind', name: 'Northwind Educator Academy' }] }
    await writeFile(join(dir, 'registry.json'), JSON.stringify(registry))
    await writeFile(join(dir, 'second.json'), JSON.stringify({ name: 'Riverbend Accreditors’ List', entries: [] }))
    await serving(['--port', '0', '--db', 'ob3.db', '--log-level', 'warn', '--trust', 'registry.json', '--trust', 'second.json'], dir, async (url) => {
      const page = await fetch(`${url}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<meta name="ob3-trust-registries" content="trust-registries.json">')
      const res = await fetch(`${url}/trust-registries.json`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(await res.json()).toEqual({ registries: [registry, { name: 'Riverbend Accreditors’ List', entries: [] }] })
    })
    // Without --trust there is nothing to fetch, and the page is not pointed anywhere.
    await serving(['--port', '0', '--db', 'ob3.db', '--log-level', 'warn'], dir, async (url) => {
      expect(await (await fetch(`${url}/`)).text()).toContain('<meta name="ob3-trust-registries" content="">')
      expect((await fetch(`${url}/trust-registries.json`)).status).toBe(404)
    })
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ name: 'No entries' }))
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db', '--trust', 'bad.json'], io(dir))).rejects.toThrow(/bad\.json: the trust registry is invalid: "entries" must be an array/)
  })

  it('refuses wrong usage', async () => {
    const dir = await tempDir()
    await expect(serveCommand(['--port', 'eighty'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--tls-cert', 'c.pem'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--tls-self-signed', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--log-level', 'loud'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--init-tenant', 'x1'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--base-url', 'ftp://x'], io(dir))).rejects.toThrow(UsageError)
    await expect(serveCommand(['--rate-limit-store', 'redis'], io(dir))).rejects.toThrow('--rate-limit-store must be database or memory')
    for (const ms of ['soon', '-1', '60001', '1.5']) await expect(serveCommand([`--rate-limit-flush-ms=${ms}`], io(dir))).rejects.toThrow('--rate-limit-flush-ms must be a number of milliseconds from 0 to 60000')
    await expect(serveCommand(['--open-tenant', 'suite', '--host', '0.0.0.0'], io(dir))).rejects.toThrow(/loopback --host only/)
  })

  it('refuses a --message-status file or OB3_SERVE_MESSAGE_STATUS that is not a message status, before starting', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'three.json'), JSON.stringify({ statusSize: 2, messages: ['a', 'b', 'c'] }))
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db', '--message-status', 'three.json'], io(dir))).rejects.toThrow(/three\.json must be \{"statusSize": 1 to 8, "messages": \[2\^statusSize non-empty strings\]/)
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db', '--message-status', 'missing.json'], io(dir))).rejects.toThrow(/cannot read --message-status missing\.json/)
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db'], io(dir), { env: { OB3_SERVE_MESSAGE_STATUS: '{"statusSize": 9, "messages": []}' } })).rejects.toThrow(/OB3_SERVE_MESSAGE_STATUS must be/)
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db'], io(dir), { env: { OB3_SERVE_MESSAGE_STATUS: 'not json' } })).rejects.toThrow('OB3_SERVE_MESSAGE_STATUS is not JSON')
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db'], io(dir), { env: { OB3_SERVE_MESSAGE_STATUS: '{"statusSize": 1, "messages": ["a", "b"], "statusReference": "ftp://x"}' } })).rejects.toThrow(UsageError)
  })

  it('--trust-proxy [hops] and the share quotas reach the service: the client is the entry <hops> from the right of X-Forwarded-For', async () => {
    const dir = await tempDir()
    await serving(['--port', '0', '--db', 'ob3.db', '--trust-proxy', '2', '--share-daily-quota', '3KiB', '--share-quota', '1MiB'], dir, async (url) => {
      const put = (forwardedFor: string) => fetch(`${url}/shares`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'x-forwarded-for': forwardedFor }, body: new Uint8Array(2048) })
      expect((await put('192.0.2.1, 203.0.113.5, 10.0.0.1')).status).toBe(201)
      // The same client (second from the right) with another spoofed leftmost entry: over its 3 KiB.
      const over = await put('198.51.100.1, 203.0.113.5, 10.0.0.1')
      expect(over.status).toBe(429)
      expect(((await over.json()) as { error: { code: string } }).error.code).toBe('ERR_OB3_SHARE_DAILY_QUOTA_EXCEEDED')
      // Another client behind the same proxy has its own budget.
      expect((await put('192.0.2.1, 203.0.113.6, 10.0.0.1')).status).toBe(201)
    })
  })

  it('refuses a bad --trust-proxy hop count or share size', async () => {
    const dir = await tempDir()
    await expect(serveCommand(['--trust-proxy=0'], io(dir))).rejects.toThrow(/--trust-proxy takes the number of proxies/)
    await expect(serveCommand(['--trust-proxy=two'], io(dir))).rejects.toThrow(/--trust-proxy takes the number of proxies/)
    await expect(serveCommand(['--share-quota', 'lots'], io(dir))).rejects.toThrow(/--share-quota must be a size/)
    await expect(serveCommand(['--share-daily-quota', '5PB'], io(dir))).rejects.toThrow(/--share-daily-quota must be a size/)
  })

  it('refuses to start on a database whose -shm it cannot write (ERR_OB3_STORE_READ_ONLY; ob3 prints the code and exits 1)', async () => {
    const dir = await tempDir()
    await mkdir(join(dir, 'ob3.db-shm'))
    await expect(serveCommand(['--port', '0', '--db', 'ob3.db'], io(dir))).rejects.toMatchObject({ code: 'ERR_OB3_STORE_READ_ONLY' })
  })
})
