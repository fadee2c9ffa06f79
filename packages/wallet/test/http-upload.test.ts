/**
 * The HTTP upload adapter against the share service's contract, played by a tiny node:http
 * server: PUT <service>/shares → { url, deleteToken }; GET <url> → the bundle; DELETE <url>
 * with `authorization: Bearer <deleteToken>`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isOb3Error, openShareLink } from '@ob3/core'
import { createHttpUploadAdapter, createMemoryWalletStore, initWallet } from '@ob3/wallet'
import { BASE_URL, FAST, PASSPHRASE, inDays, issuer, signedCredential, verifyFn } from './fixtures.js'

const bundles = new Map<string, { bytes: Buffer; token: string; expiresAt: string | undefined }>()
let server: Server
let service: string
let mode: 'ok' | 'fail' | 'garbage' = 'ok'

beforeAll(async () => {
  let n = 0
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (mode === 'fail') return void res.writeHead(503).end()
      if (req.method === 'PUT' && req.url === '/shares') {
        if (mode === 'garbage') return void res.writeHead(201, { 'content-type': 'application/json' }).end('{"url": 42}')
        const id = `b${++n}`
        const expires = req.headers['x-ob3-expires-at']
        bundles.set(id, { bytes: Buffer.concat(chunks), token: `t-${id}`, expiresAt: typeof expires === 'string' ? expires : undefined })
        return void res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ url: `${service}/shares/${id}`, deleteToken: `t-${id}` }))
      }
      const id = req.url?.replace(/^\/shares\//, '') ?? ''
      const bundle = bundles.get(id)
      if (bundle === undefined) return void res.writeHead(404).end()
      if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bundle.bytes)
      if (req.method === 'DELETE') {
        if (req.headers.authorization !== `Bearer ${bundle.token}`) return void res.writeHead(403).end()
        bundles.delete(id)
        return void res.writeHead(204).end()
      }
      res.writeHead(405).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  service = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('the HTTP upload adapter', () => {
  it('uploads a revocable share, which opens from the service and is gone once revoked', async () => {
    mode = 'ok'
    const wallet = await initWallet({ store: createMemoryWalletStore(), passphrase: PASSPHRASE, verify: verifyFn, ...FAST })
    const { credentials } = await wallet.importCredential(await signedCredential(await issuer(), wallet.holder))
    const upload = createHttpUploadAdapter({ service: `${service}/`, fetch })
    const { link, share } = await wallet.share({ credentialIds: [credentials[0]?.id as string], expiresAt: inDays(3), baseUrl: BASE_URL, upload, revocable: true })
    expect(share.bundleUrl).toBe(`${service}/shares/b1`)
    expect(bundles.get('b1')?.expiresAt).toBe(share.expiresAt)
    expect(bundles.get('b1')?.bytes.includes(Buffer.from('VerifiablePresentation'))).toBe(false)
    expect((await openShareLink(link, { fetch })).v).toBe(1)
    await wallet.revokeShare(share.id, { upload })
    expect(bundles.has('b1')).toBe(false)
    await expect(openShareLink(link, { fetch })).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_GONE' })
    // Deleting what is gone already is no error.
    await upload.delete(share.bundleUrl as string, 't-b1')
  })

  it('reports a failing or malformed service with ERR_OB3_SHARE_UPLOAD_FAILED', async () => {
    const upload = createHttpUploadAdapter({ service, fetch })
    for (const m of ['fail', 'garbage'] as const) {
      mode = m
      const err = await upload.put(new Uint8Array(40), { expiresAt: '2030-01-01T00:00:00Z' }).catch((e: unknown) => e)
      expect(isOb3Error(err, 'ERR_OB3_SHARE_UPLOAD_FAILED'), m).toBe(true)
    }
    mode = 'fail'
    await expect(upload.delete(`${service}/shares/b9`, 't')).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED' })
    const unreachable = createHttpUploadAdapter({ service: 'http://127.0.0.1:1', fetch })
    await expect(unreachable.put(new Uint8Array(1), { expiresAt: '2030-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'ERR_OB3_SHARE_UPLOAD_FAILED' })
    mode = 'ok'
  })
})
