// What serves the wallet app: its files with its CSP and headers, its switches (share host,
// verifier page) written into the HTML, redirects and refusals; mounted by the ob3 service at
// /wallet/ and served alone by `ob3 wallet-app` on loopback.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from '@ob3/server'
import { createWalletAppHandler, walletAppAssets, walletAppContentSecurityPolicy, type WalletAppAssets } from '@ob3/wallet-app'
import { walletAppCommand } from '../../cli/src/commands/wallet-app.js'

let assets: WalletAppAssets
let dir = ''
beforeAll(async () => {
  assets = await walletAppAssets({ from: 'build' })
  dir = await mkdtemp(join(tmpdir(), 'ob3-wallet-app-handler-'))
}, 120_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

const get = (path: string, method = 'GET') => new Request(`http://127.0.0.1:8080${path}`, { method })

describe('the wallet app handler', () => {
  it('builds a browser bundle with no Node built-in and no external resource', async () => {
    expect([...assets.keys()].sort()).toEqual(['app.css', 'app.js', 'icon.svg', 'index.html', 'manifest.webmanifest', 'sw.js'])
    const js = new TextDecoder().decode(assets.get('app.js')?.body)
    expect(js).not.toMatch(/from\s*["']node:/)
    const html = new TextDecoder().decode(assets.get('index.html')?.body)
    expect(html.match(/(?:src|href)="([^"]+)"/g)?.map((m) => m.replace(/^(?:src|href)="|"$/g, '')).sort()).toEqual(['#main', 'app.css', 'app.js', 'icon.svg', 'icon.svg', 'manifest.webmanifest'])
  })

  it('serves the app at /wallet/ with its CSP; same-origin shares by default', async () => {
    const handler = await createWalletAppHandler({ assets })
    const page = await handler(get('/wallet/')) as Response
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(walletAppContentSecurityPolicy())
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';")
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https:;")
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(page.headers.get('permissions-policy')).toContain('camera=(self)')
    expect(await page.text()).toContain('<meta name="ob3-share-host" content="same-origin">')
    expect((await handler(get('/wallet/sw.js')) as Response).headers.get('service-worker-allowed')).toBe('/wallet/')
    expect((await handler(get('/wallet/app.js')) as Response).headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const redirect = await handler(get('/wallet')) as Response
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/wallet/'])
    expect((await handler(get('/wallet/app.js', 'POST')) as Response).status).toBe(405)
    expect(await handler(get('/wallet/../package.json'))).toBeUndefined()
    expect(await handler(get('/'))).toBeUndefined()
    expect(await handler(get('/wallet/src/index.ts'))).toBeUndefined()
  })

  it('loads its files at the first request for one of them; a failed load answers 503 and is tried again', async () => {
    let loads = 0
    let fail = true
    const handler = await createWalletAppHandler({
      assets: async () => {
        loads++
        if (fail) throw new Error('esbuild is missing')
        return assets
      },
    })
    expect(loads).toBe(0)
    expect(await handler(get('/api/anything'))).toBeUndefined()
    expect(await handler(get('/'))).toBeUndefined()
    expect(loads).toBe(0)
    const failed = await handler(get('/wallet/')) as Response
    expect([failed.status, await failed.text()]).toEqual([503, 'the wallet app is not available: esbuild is missing\n'])
    expect(loads).toBe(1)
    fail = false
    const js = await handler(get('/wallet/app.js')) as Response
    expect(js.status).toBe(200)
    expect(new Uint8Array(await js.arrayBuffer())).toEqual(assets.get('app.js')?.body)
    expect((await handler(get('/wallet/')) as Response).status).toBe(200)
    expect(await handler(get('/wallet/nothing-here'))).toBeUndefined()
    expect(loads).toBe(2)
  })

  it('refuses files without index.html when they are given', async () => {
    const noIndex = new Map([...assets].filter(([name]) => name !== 'index.html'))
    await expect(createWalletAppHandler({ assets: noIndex })).rejects.toThrow('createWalletAppHandler: the assets have no index.html')
  })

  it('writes a share host and verifier page into the app, and lets it connect to that host only', async () => {
    const handler = await createWalletAppHandler({ assets, shareHost: 'http://127.0.0.1:8080', verifierUrl: 'http://127.0.0.1:8080/' })
    const page = await handler(get('/wallet/')) as Response
    const html = await page.text()
    expect(html).toContain('<meta name="ob3-share-host" content="http://127.0.0.1:8080/">')
    expect(html).toContain('<meta name="ob3-verifier-url" content="http://127.0.0.1:8080/">')
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https: http://127.0.0.1:8080;")
    const inline = await (await createWalletAppHandler({ assets, shareHost: null }))(get('/wallet/')) as Response
    expect(await inline.text()).toContain('<meta name="ob3-share-host" content="">')
    await expect(createWalletAppHandler({ assets, shareHost: 'ftp://x' })).rejects.toThrow(TypeError)
    await expect(createWalletAppHandler({ assets, basePath: 'wallet' })).rejects.toThrow(TypeError)
  })

  it('is mounted by the ob3 service at /wallet/ (404 there without it)', async () => {
    const withApp = await createServer({ db: join(dir, 'a.db'), logLevel: 'silent', walletApp: await createWalletAppHandler({ assets }) })
    const without = await createServer({ db: join(dir, 'b.db'), logLevel: 'silent' })
    try {
      const page = await withApp.app.request('/wallet/')
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toBe(walletAppContentSecurityPolicy())
      expect((await withApp.app.request('/wallet')).status).toBe(308)
      expect((await withApp.app.request('/wallet/nothing')).status).toBe(404)
      expect((await without.app.request('/wallet/')).status).toBe(404)
    } finally {
      await withApp.close()
      await without.close()
    }
  })

  it('ob3 wallet-app serves the app and the verification page on loopback', async () => {
    const out: string[] = []
    const stop = new AbortController()
    let url = ''
    const running = walletAppCommand(['--port', '0', '--share-host', 'http://127.0.0.1:9'], { stdout: (t) => void out.push(t), stderr: () => undefined, readStdin: async () => new Uint8Array(), isTty: false, cwd: dir, fetch: undefined }, {
      signal: stop.signal,
      onListening: (u) => { url = u },
    })
    await expect.poll(() => url, { timeout: 120_000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wallet\/$/)
    const app = await fetch(url)
    expect(app.status).toBe(200)
    expect(await app.text()).toContain('content="http://127.0.0.1:9/"')
    expect((await fetch(url.replace(/wallet\/$/, ''))).headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect((await fetch(`${url}nothing`)).status).toBe(404)
    stop.abort()
    expect(await running).toBe(0)
    expect(out.join('')).toContain(`The wallet app is at ${url}`)
  }, 180_000)

  it('refuses a bad --port or --share-host', async () => {
    const io = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => new Uint8Array(), isTty: false, cwd: dir, fetch: undefined }
    await expect(walletAppCommand(['--port', 'x'], io)).rejects.toThrow('--port')
    await expect(walletAppCommand(['--share-host', 'file:///etc'], io)).rejects.toThrow('--share-host')
  })
})
