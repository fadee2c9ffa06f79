/**
 * The wallet app's service worker: it keeps the app's own files, so the wallet opens offline
 * after the first visit. It answers only for those files (the network first, the kept copy when
 * offline); shares, status lists and everything else go to the network untouched.
 * @packageDocumentation
 */
/// <reference lib="webworker" />
declare const self: ServiceWorkerGlobalScope

const CACHE = 'ob3-wallet-app-v1'
const FILES = ['./', 'index.html', 'app.js', 'app.css', 'icon.svg', 'manifest.webmanifest']
const scope = new URL(self.registration.scope)
const ours = new Set(FILES.map((f) => new URL(f, scope).href))

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  url.hash = ''
  if (request.method !== 'GET' || !ours.has(url.href)) return
  event.respondWith((async () => {
    try {
      const fresh = await fetch(request)
      if (fresh.ok) await (await caches.open(CACHE)).put(request, fresh.clone())
      return fresh
    } catch {
      const kept = await caches.match(request, { ignoreSearch: true })
      if (kept !== undefined) return kept
      throw new Error('offline, and this file was never kept')
    }
  })())
})
