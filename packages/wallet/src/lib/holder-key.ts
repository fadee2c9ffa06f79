/**
 * Internal: the holder's key at rest. The public part (DID, key id) is stored in the clear; the
 * secret key is sealed under the passphrase (scrypt + XChaCha20-Poly1305), bound to the DID.
 * @packageDocumentation
 */
import { Ob3Error, didKeyFromPublicKeyMultibase, importEd25519Multikey, utf8, fromUtf8, type Ed25519Multikey } from '@ob3/core'
import { openWithPassphrase, sealWithPassphrase, type SealedBox } from './passphrase-box.js'

/** The holder key as stored in the wallet's meta. */
export interface HolderKeyRecord {
  /** The holder's did:key. */
  did: string
  /** The verification method id (`did:key:z6Mk…#z6Mk…`). */
  keyId: string
  publicKeyMultibase: string
  /** The secret key (`secretKeyMultibase`, UTF-8), sealed under the passphrase. */
  sealed: SealedBox
}

const aadFor = (did: string): Uint8Array => utf8(`ob3-wallet-key:${did}`)

/** Seal a key under a passphrase. */
export async function sealHolderKey(key: Ed25519Multikey, passphrase: string, N: number): Promise<HolderKeyRecord> {
  if (key.secretKeyMultibase === undefined) throw new TypeError('the holder key must include its secret part')
  const did = didKeyFromPublicKeyMultibase(key.publicKeyMultibase)
  const sealed = await sealWithPassphrase(utf8(key.secretKeyMultibase), passphrase, aadFor(did), N)
  return { did, keyId: `${did}#${key.publicKeyMultibase}`, publicKeyMultibase: key.publicKeyMultibase, sealed }
}

/** Parse the stored record (`ERR_OB3_STORE_CORRUPT` when malformed). */
export function parseHolderRecord(text: string | undefined): HolderKeyRecord {
  if (text === undefined) throw new Ob3Error('ERR_OB3_WALLET_NOT_INITIALIZED', 'the store holds no wallet: run initWallet (ob3 wallet init) first')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', 'the wallet\'s holder key record is not JSON', { cause })
  }
  const r = value as Partial<HolderKeyRecord> | null
  if (typeof r !== 'object' || r === null || typeof r.did !== 'string' || typeof r.keyId !== 'string' || typeof r.publicKeyMultibase !== 'string' ||
    r.did !== didKeyFromPublicKeyMultibase(r.publicKeyMultibase) || typeof r.sealed !== 'object' || r.sealed === null) {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', 'the wallet\'s holder key record is malformed')
  }
  return r as HolderKeyRecord
}

/**
 * Open the sealed key with the passphrase and check it is the recorded one.
 * @throws Ob3Error `ERR_OB3_WALLET_PASSPHRASE`, `ERR_OB3_STORE_CORRUPT`
 */
export async function unsealHolderKey(record: HolderKeyRecord, passphrase: string): Promise<Ed25519Multikey> {
  const secret = await openWithPassphrase(record.sealed, passphrase, aadFor(record.did), 'ERR_OB3_STORE_CORRUPT')
  let key: Ed25519Multikey
  try {
    key = await importEd25519Multikey({ publicKeyMultibase: record.publicKeyMultibase, secretKeyMultibase: fromUtf8(secret), controller: record.did, id: record.keyId })
  } catch (cause) {
    throw new Ob3Error('ERR_OB3_STORE_CORRUPT', 'the wallet\'s holder key does not match its public key', { cause })
  } finally {
    secret.fill(0)
  }
  return key
}
