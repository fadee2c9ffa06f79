/**
 * Internal: PINs (OpenID4VCI transaction codes) of claims — made at random, kept only as a salted
 * PBKDF2 hash. Web Crypto only, so it runs in browsers and Node alike.
 * @packageDocumentation
 */

const ITERATIONS = 100_000
const b64url = (bytes: Uint8Array): string => {
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** `n` random bytes, base64url: an unguessable id or code. */
export function randomToken(n = 24): string {
  return b64url(crypto.getRandomValues(new Uint8Array(n)))
}

/** A PIN of `length` random decimal digits (uniform: bytes ≥ 250 are drawn again). */
export function randomDigits(length: number): string {
  let pin = ''
  while (pin.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length))) {
      if (b < 250 && pin.length < length) pin += String(b % 10)
    }
  }
  return pin
}

async function pbkdf2(pin: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations }, key, 256)
  return b64url(new Uint8Array(bits))
}

/** The stored form of a new PIN: `pbkdf2-sha256$<iterations>$<salt>$<hash>`. */
export async function hashTxCode(pin: string): Promise<string> {
  const salt = randomToken(16)
  return `pbkdf2-sha256$${ITERATIONS}$${salt}$${await pbkdf2(pin, salt, ITERATIONS)}`
}

/**
 * The hash a candidate PIN has under a stored hash's salt and iterations (equal to the stored
 * hash exactly when the PIN is right); undefined when the stored form is not one this code makes.
 */
export async function hashTxCodeLike(pin: string, stored: string): Promise<string | undefined> {
  const [scheme, iterations, salt] = stored.split('$')
  const n = Number(iterations)
  if (scheme !== 'pbkdf2-sha256' || !Number.isSafeInteger(n) || n < 1 || salt === undefined) return undefined
  return `pbkdf2-sha256$${n}$${salt}$${await pbkdf2(pin, salt, n)}`
}

/** SHA-256 of a token, base64url: what the store keeps of an access token. */
export async function hashAccessToken(token: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))))
}
