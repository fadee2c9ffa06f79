import { Ob3Error, isOb3Error, matchesDigestMultibase, matchesDigestSri } from '@ob3/core'
import type { WalletContext } from './lib/context.js'
import { credentialJson } from './lib/credential-content.js'
import { evidenceArtifacts, type EvidenceArtifact } from './lib/evidence.js'
import { readArtifact } from './read-artifact.js'
import type { ArtifactInfo } from './store/types.js'
import type { ArtifactStatusEntry } from './types.js'

/**
 * For each evidence entry of a credential that names an artifact by digest: whether the vault
 * holds it (`present`), not (`missing`), or holds a file that is not the one the issuer assessed
 * (`mismatch`: the vault's copy was altered, or the entry's other digest disagrees). Every file is
 * read and re-hashed. Internal; see `Wallet.artifactStatus`.
 */
export async function artifactStatus(ctx: WalletContext, credentialId: string): Promise<ArtifactStatusEntry[]> {
  const record = await ctx.store.getCredential(credentialId)
  if (record === undefined) throw new Ob3Error('ERR_OB3_WALLET_CREDENTIAL_NOT_FOUND', `no credential ${credentialId} in the wallet`)
  const entries: ArtifactStatusEntry[] = []
  const vault = await ctx.store.listArtifacts()
  for (const e of evidenceArtifacts(credentialJson(record))) entries.push(await statusOf(ctx, e, vault))
  return entries
}

async function statusOf(ctx: WalletContext, e: EvidenceArtifact, vault: readonly ArtifactInfo[]): Promise<ArtifactStatusEntry> {
  const base = { evidence: e.evidence, digestMultibase: e.digestMultibase, digestSRI: e.digestSRI, mediaType: e.mediaType }
  if (e.vaultKey === null) {
    return { ...base, state: 'missing', artifact: null, message: 'named by a digest other than SHA-256 only, which the vault cannot look up' }
  }
  const info = vault.find((a) => a.digest === e.vaultKey) ?? null
  if (info === null) return { ...base, state: 'missing', artifact: null, message: 'not in the vault' }
  let bytes: Uint8Array
  try {
    ({ bytes } = await readArtifact(ctx, info.digest))
  } catch (err) {
    if (!isOb3Error(err, 'ERR_OB3_WALLET_ARTIFACT_TAMPERED')) throw err
    return { ...base, state: 'mismatch', artifact: info, message: 'the vault\'s copy was altered: it no longer matches its digest' }
  }
  const multibaseOk = e.digestMultibase === null || (await safely(() => matchesDigestMultibase(bytes, e.digestMultibase as string)))
  const sriOk = e.digestSRI === null || (await safely(() => matchesDigestSri(bytes, e.digestSRI as string)))
  if (!multibaseOk || !sriOk) {
    return { ...base, state: 'mismatch', artifact: info, message: `the vault's file matches one digest of the evidence but not its ${multibaseOk ? 'digestSRI' : 'digestMultibase'}` }
  }
  return { ...base, state: 'present', artifact: info, message: `in the vault${info.name === null ? '' : ` as "${info.name}"`}, matching` }
}

async function safely(check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check()
  } catch (err) {
    if (isOb3Error(err)) return false
    throw err
  }
}
