// The verification page as the service mounts it (createPageHandler): its files are loaded at the
// first request for one of them, so a service never asked for its page never bundles it; a load
// that fails answers 503 with the reason and the next request tries again. Small stand-in files
// here: the real bundle is built and driven in Chromium by test/browser/page.test.ts.
import { describe, expect, it } from 'vitest'
import { createPageHandler, pageContentSecurityPolicy, type PageAssets } from '../src/commands/page.js'

const text = (s: string) => new TextEncoder().encode(s)
const files: PageAssets = new Map([
  ['index.html', { body: text('<!doctype html><html><head><meta name="ob3-allow-private-network" content="false"><meta name="ob3-trust-registries" content=""></head><body>page</body></html>'), contentType: 'text/html; charset=utf-8' }],
  ['page.js', { body: text('console.log("page")'), contentType: 'text/javascript; charset=utf-8' }],
  ['page.css', { body: text('body{}'), contentType: 'text/css; charset=utf-8' }],
  ['icon.svg', { body: text('<svg/>'), contentType: 'image/svg+xml' }],
])
const get = (path: string, method = 'GET') => new Request(`http://127.0.0.1:8080${path}`, { method })

describe('the page handler of the service', () => {
  it('loads the page at the first request for it, not for other paths; a failed load is 503 and tried again', async () => {
    let loads = 0
    let fail = true
    const handler = await createPageHandler({
      assets: async () => {
        loads++
        if (fail) throw new Error('the verification page is not built')
        return files
      },
    })
    expect(await handler(get('/credentials/issue'))).toBeUndefined()
    expect(await handler(get('/healthz'))).toBeUndefined()
    expect(loads).toBe(0)
    const failed = await handler(get('/')) as Response
    expect([failed.status, failed.headers.get('cache-control'), await failed.text()]).toEqual([503, 'no-store', 'the verification page is not available: the verification page is not built\n'])
    fail = false
    const js = await handler(get('/page.js')) as Response
    expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("page")'])
    const page = await handler(get('/')) as Response
    expect([page.status, page.headers.get('content-security-policy')]).toEqual([200, pageContentSecurityPolicy()])
    expect(await handler(get('/index.html', 'POST')).then((r) => r?.status)).toBe(405)
    expect(await handler(get('/nothing.js'))).toBeUndefined()
    expect(loads).toBe(2)
  })

  it('serves trust registries and resources next to a page mounted elsewhere, and redirects to it', async () => {
    const handler = await createPageHandler({
      assets: async () => files,
      basePath: '/verify/',
      trustRegistries: [{ name: 'Lakeland approved providers', entries: [] }],
      resources: new Map([['https://example.org/status/1', text('{"id":"https://example.org/status/1"}')]]),
    })
    const redirect = await handler(get('/verify')) as Response
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/verify/'])
    expect(await (await handler(get('/verify/trust-registries.json')) as Response).json()).toEqual({ registries: [{ name: 'Lakeland approved providers', entries: [] }] })
    expect(await (await handler(get('/verify/resources.json')) as Response).json()).toEqual({ 'https://example.org/status/1': '/verify/resources/0' })
    expect(await (await handler(get('/verify/resources/0')) as Response).text()).toBe('{"id":"https://example.org/status/1"}')
    const html = await (await handler(get('/verify/')) as Response).text()
    expect(html).toContain('<meta name="ob3-trust-registries" content="trust-registries.json">')
    expect(html).toContain('<meta name="ob3-resources" content="/verify/resources.json">')
    expect(await handler(get('/page.js'))).toBeUndefined()
  })

  it('refuses bad options at once, and given files without index.html', async () => {
    await expect(createPageHandler({ basePath: 'verify' })).rejects.toThrow('createPageHandler: basePath must start and end with /')
    await expect(createPageHandler({ trustRegistries: [{ entries: [] } as never] })).rejects.toThrow('createPageHandler: trustRegistries must be trust registries')
    const noIndex = new Map([...files].filter(([name]) => name !== 'index.html'))
    await expect(createPageHandler({ assets: noIndex })).rejects.toThrow('createPageHandler: the assets have no index.html')
  })
})
