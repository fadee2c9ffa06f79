import { Ob3Error } from '../errors.js'
import { createEd25519Signer, importEd25519Multikey, type Ed25519Multikey, type Signer } from './ed25519.js'
import { createP256Signer, importP256Key, type P256JsonWebKey } from './p256.js'

/** A key file's content: an Ed25519 Multikey or a P-256 JsonWebKey. */
export type SigningKey = Ed25519Multikey | P256JsonWebKey

/**
 * Read a key file's content, whichever kind it is (`type: "Multikey"` for Ed25519,
 * `type: "JsonWebKey"` for P-256), and make its signer.
 * @throws Ob3Error `ERR_OB3_KEY_INVALID` (and `ERR_OB3_KEY_UNSUPPORTED` for another type)
 * @example `const { key, signer } = await importSigningKey(JSON.parse(await readFile('key.json', 'utf8')))`
 */
export async function importSigningKey(input: unknown): Promise<{ key: SigningKey; signer: Signer | undefined }> {
  const type = (input as { type?: unknown } | null)?.type
  if (type === 'JsonWebKey') {
    const key = importP256Key(input)
    return { key, signer: key.privateKeyJwk === undefined ? undefined : await createP256Signer(key) }
  }
  if (type === 'Multikey' || type === undefined) {
    const key = await importEd25519Multikey(input)
    return { key, signer: key.secretKeyMultibase === undefined ? undefined : await createEd25519Signer(key) }
  }
  throw new Ob3Error('ERR_OB3_KEY_UNSUPPORTED', `key type ${JSON.stringify(type)} is not supported (Multikey for Ed25519, JsonWebKey for P-256)`)
}
