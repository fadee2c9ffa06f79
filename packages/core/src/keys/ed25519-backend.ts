import * as noble from '@noble/ed25519'
import type * as NodeCrypto from 'node:crypto'

/**
 * Which Ed25519 implementation signs and verifies: WebCrypto where the platform has Ed25519 (Node
 * 20, current browsers) — it is fast and keeps private keys in non-extractable key objects — and
 * `@noble/ed25519` where it does not.
 * @internal
 */

// RFC 8032 §7.1 test 1 public key: a valid point, for probing support.
const PROBE = new Uint8Array([
  0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
  0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
])

let support: Promise<boolean> | undefined
let forced: 'webcrypto' | 'noble' | undefined

/**
 * Node's own `node:crypto`, found at run time (no import, so browser bundles never see it), or
 * undefined outside Node. Its hashing, signing and verifying are synchronous: in Node they cost a
 * fraction of a WebCrypto call, which is a round trip through the thread pool.
 * @internal
 */
export const nodeCrypto: typeof NodeCrypto | undefined = (() => {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    const mod = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined
    return typeof mod?.createHash === 'function' && typeof mod.verify === 'function' ? mod : undefined
  } catch {
    return undefined
  }
})()

/** Whether Ed25519 goes through `node:crypto` (in Node, unless a test forces another backend). @internal */
export function useNodeEd25519(): boolean {
  return nodeCrypto !== undefined && forced === undefined
}

/** Whether WebCrypto has Ed25519 here (probed once). */
export function webCryptoHasEd25519(): Promise<boolean> {
  support ??= (async () => {
    try {
      await crypto.subtle.importKey('raw', PROBE, { name: 'Ed25519' }, false, ['verify'])
      return true
    } catch {
      return false
    }
  })()
  return support
}

/** Force one backend, for tests of the fallback. `undefined` probes again. @internal */
export function forceEd25519Backend(backend: 'webcrypto' | 'noble' | undefined): void {
  forced = backend
  support = backend === undefined ? undefined : Promise.resolve(backend === 'webcrypto')
}

/** Ed25519 with `@noble/ed25519`, for platforms without WebCrypto Ed25519. */
export const nobleEd25519 = {
  publicKey: (seed: Uint8Array): Promise<Uint8Array> => noble.getPublicKeyAsync(seed),
  sign: (data: Uint8Array, seed: Uint8Array): Promise<Uint8Array> => noble.signAsync(data, seed),
  verify: async (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> => {
    try {
      return await noble.verifyAsync(signature, data, publicKey)
    } catch {
      return false
    }
  },
}
