/**
 * Fixtures for the wallet's tests: an issuer with a fixed key, credentials with evidence
 * artifacts named by digest, and a verify function (the real verifier, offline).
 */
import {
  CREDENTIALS_V2_URL, OB_CONTEXT_URL, bakePng, computeDigestMultibase, computeDigestSri, createEd25519Signer, ed25519KeyFromSeed,
  signLinkedDataProof, signVcJwt, type Ed25519Multikey,
} from '@ob3/core'
import { verify } from '@ob3/verifier'
import type { VerifyFunction } from '@ob3/wallet'

/** A passphrase for tests (never a real one). */
export const PASSPHRASE = 'correct horse battery staple'
/** The lowest scrypt cost the wallet accepts, to keep tests fast. */
export const FAST = { scryptN: 2 ** 15 }
export const BASE_URL = 'https://verify.example.org/'

/** The verifier, offline: nothing is fetched. */
export const verifyFn: VerifyFunction = (request) => verify(request)

export interface Issuer {
  key: Ed25519Multikey
  id: string
  sign: (credential: Record<string, unknown>) => Promise<Record<string, unknown>>
  signJwt: (credential: Record<string, unknown>) => Promise<string>
}

/** The issuer: a fixed did:key. */
export async function issuer(seed = 21): Promise<Issuer> {
  const key = await ed25519KeyFromSeed(new Uint8Array(32).fill(seed))
  const signer = await createEd25519Signer(key)
  return {
    key,
    id: key.controller,
    sign: (credential) => signLinkedDataProof({ document: credential, signer, created: new Date('2026-01-01T00:00:00Z') }) as Promise<Record<string, unknown>>,
    signJwt: (credential) => signVcJwt({ credential, signer }),
  }
}

/** An artifact file: some bytes with a name and media type. */
export interface ArtifactFile {
  name: string
  mediaType: string
  bytes: Uint8Array
}

/** A small file whose content depends on `label`. */
export function file(label: string, size = 64): ArtifactFile {
  const bytes = new Uint8Array(size)
  const seed = new TextEncoder().encode(label)
  for (let i = 0; i < size; i++) bytes[i] = ((seed[i % seed.length] as number) + i * 31) & 0xff
  return { name: `${label}.bin`, mediaType: 'application/octet-stream', bytes }
}

let counter = 0

/** An unsigned OpenBadgeCredential for `subject`, its evidence naming `artifacts` by digest. */
export async function credential(by: Issuer, subject: string, artifacts: ArtifactFile[] = [], extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const evidence = await Promise.all(artifacts.map(async (a) => ({
    type: ['Evidence'], name: a.name, mediaType: a.mediaType,
    digestMultibase: await computeDigestMultibase(a.bytes), digestSRI: await computeDigestSri(a.bytes),
  })))
  counter++
  return {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: `urn:uuid:00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Idea Generating',
    issuer: { id: by.id, type: ['Profile'], name: 'Northwind Educator Academy' },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: subject,
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://academy.example/mc/idea-generating', type: ['Achievement'], name: 'Idea Generating',
        description: 'Leads students through a structured brainstorm.', criteria: { narrative: 'Two student work samples and a reflection.' },
        achievementType: 'MicroCredential',
      },
    },
    ...(evidence.length === 0 ? {} : { evidence }),
    ...extra,
  }
}

/** A signed credential (eddsa-rdfc-2022). */
export async function signedCredential(by: Issuer, subject: string, artifacts: ArtifactFile[] = []): Promise<Record<string, unknown>> {
  return by.sign(await credential(by, subject, artifacts))
}

/** A 1×1 PNG. */
export function plainPng(): Uint8Array {
  return Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))
}

/** A 1×1 PNG with the credential baked in. */
export async function bakedPng(signed: Record<string, unknown> | string): Promise<Uint8Array> {
  return bakePng({ image: plainPng(), credential: signed })
}

/** A date `days` from now. */
export function inDays(days: number): Date {
  return new Date(Date.now() + days * 86_400_000)
}
