import { computeDigestMultibase, isOb3Error, utf8 } from '@ob3/core'
import { FORMAT_META, HOLDER_META } from './lib/context.js'
import { credentialJson } from './lib/credential-content.js'
import { evidenceKeys } from './lib/evidence.js'
import { parseHolderRecord } from './lib/holder-key.js'
import { isIntact } from './read-artifact.js'
import type { WalletStore } from './store/types.js'
import type { WalletCheck, WalletProblem } from './types.js'

/**
 * Check a wallet's integrity without its passphrase: the storage itself (SQLite
 * `integrity_check`, foreign keys), the wallet's meta, every credential's content hash, every
 * artifact's bytes against its digest, and every credential↔artifact link (each link is named by
 * the credential's evidence, and each artifact the evidence names that is in the vault is linked).
 *
 * @example
 * ```ts
 * const check = await checkWallet({ store })
 * if (!check.ok) for (const p of check.problems) console.log(p.code, p.message)
 * ```
 */
export async function checkWallet(options: { store: WalletStore }): Promise<WalletCheck> {
  const { store } = options
  const problems: WalletProblem[] = []
  const problem = (code: WalletProblem['code'], message: string) => void problems.push({ code, message })
  for (const p of await store.checkStorage()) problem('ERR_OB3_STORE_CORRUPT', `storage: ${p}`)
  if ((await store.getMeta(FORMAT_META.key)) !== FORMAT_META.value) problem('ERR_OB3_WALLET_NOT_INITIALIZED', 'the store holds no ob3 wallet (format marker missing)')
  try {
    parseHolderRecord(await store.getMeta(HOLDER_META))
  } catch (err) {
    if (!isOb3Error(err)) throw err
    problem(err.code === 'ERR_OB3_WALLET_NOT_INITIALIZED' ? 'ERR_OB3_WALLET_NOT_INITIALIZED' : 'ERR_OB3_STORE_CORRUPT', err.message)
  }
  const credentials = await store.listCredentials()
  const artifacts = await store.listArtifacts()
  const links = await store.listLinks()
  const shares = await store.listShares()
  const inVault = new Set(artifacts.map((a) => a.digest))
  for (const a of artifacts) {
    if (!(await isIntact(store, a.digest))) problem('ERR_OB3_WALLET_ARTIFACT_TAMPERED', `artifact ${a.digest} no longer matches its digest`)
  }
  const expected = new Set<string>()
  const named = new Map<string, Set<string>>()
  for (const c of credentials) {
    if ((await computeDigestMultibase(utf8(c.content))) !== c.contentHash) problem('ERR_OB3_STORE_CORRUPT', `credential ${c.id} no longer matches its content hash`)
    try {
      const keys = evidenceKeys(credentialJson(c))
      named.set(c.id, keys)
      if (c.evidenceDigests.length !== keys.size || c.evidenceDigests.some((d) => !keys.has(d))) {
        problem('ERR_OB3_STORE_CORRUPT', `credential ${c.id}: its recorded evidence digests are not the ones its evidence names`)
      }
      for (const k of keys) if (inVault.has(k)) expected.add(`${c.id} ${k}`)
    } catch (err) {
      if (!isOb3Error(err)) throw err
      problem('ERR_OB3_STORE_CORRUPT', `credential ${c.id}: ${err.message}`)
    }
  }
  const actual = new Set(links.map((l) => `${l.credentialId} ${l.digest}`))
  for (const l of links) {
    if (!named.has(l.credentialId)) problem('ERR_OB3_STORE_REFERENCE', `a link names credential ${l.credentialId}, which is not in the wallet`)
    else if (!inVault.has(l.digest)) problem('ERR_OB3_STORE_REFERENCE', `a link names artifact ${l.digest}, which is not in the vault`)
    else if (!named.get(l.credentialId)?.has(l.digest)) problem('ERR_OB3_STORE_REFERENCE', `credential ${l.credentialId} is linked to ${l.digest}, which its evidence does not name`)
  }
  for (const pair of expected) {
    if (!actual.has(pair)) problem('ERR_OB3_STORE_REFERENCE', `credential ${pair.split(' ')[0] as string} names artifact ${pair.split(' ')[1] as string}, which is in the vault, but they are not linked`)
  }
  for (const s of shares) {
    for (const id of s.credentialIds) if (!named.has(id)) problem('ERR_OB3_STORE_REFERENCE', `share ${s.id} names credential ${id}, which is not in the wallet`)
  }
  return { ok: problems.length === 0, problems, counts: { credentials: credentials.length, artifacts: artifacts.length, links: links.length, shares: shares.length } }
}
