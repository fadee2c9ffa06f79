/**
 * Internal: the artifacts a credential's evidence names by digest, and the vault key (the
 * SHA-256 `digestMultibase` in base58btc) each one maps to.
 * @packageDocumentation
 */
import { concatBytes, isOb3Error, multibaseEncode, parseDigestMultibase } from '@ob3/core'

/** An evidence entry (or related resource) that names an artifact by digest. */
export interface EvidenceArtifact {
  evidence: string
  digestMultibase: string | null
  digestSRI: string | null
  mediaType: string | null
  /** The vault key it maps to; null when it names no SHA-256 digest (e.g. SHA-384 only). */
  vaultKey: string | null
}

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** The vault key of a SHA-256 digest given as bytes. */
export function vaultKeyOf(sha256: Uint8Array): string {
  return multibaseEncode(concatBytes(new Uint8Array([0x12, 0x20]), sha256))
}

/** The vault key a `digestMultibase` or `digestSRI` names, if it names a SHA-256 digest. */
function keyFrom(digestMultibase: string | null, digestSRI: string | null): string | null {
  if (digestMultibase !== null) {
    try {
      const parsed = parseDigestMultibase(digestMultibase)
      if (parsed.algorithm === 'sha-256') return vaultKeyOf(parsed.digest)
    } catch (err) {
      if (!isOb3Error(err)) throw err
    }
  }
  for (const part of (digestSRI ?? '').trim().split(/\s+/)) {
    const m = /^sha256-([A-Za-z0-9+/]{43}=)$/.exec(part)
    if (m !== null) return vaultKeyOf(Uint8Array.from(atob(m[1] as string), (c) => c.charCodeAt(0)))
  }
  return null
}

/**
 * Every evidence entry of a credential that names an artifact by digest, then its related
 * resources with other digests (as the verifier reads them).
 */
export function evidenceArtifacts(credential: Record<string, unknown>): EvidenceArtifact[] {
  const out: EvidenceArtifact[] = []
  const add = (entry: unknown, fallback: string, skipKnown: boolean): void => {
    const e = obj(entry)
    if (e === undefined) return
    const digestMultibase = str(e.digestMultibase)
    const digestSRI = str(e.digestSRI)
    if (digestMultibase === null && digestSRI === null) return
    if (skipKnown && out.some((c) => (digestMultibase !== null && c.digestMultibase === digestMultibase) || (digestSRI !== null && c.digestSRI === digestSRI))) return
    out.push({ evidence: str(e.name) ?? str(e.id) ?? fallback, digestMultibase, digestSRI, mediaType: str(e.mediaType), vaultKey: keyFrom(digestMultibase, digestSRI) })
  }
  list(credential.evidence).forEach((e, i) => add(e, `evidence ${i + 1}`, false))
  list(credential.relatedResource).forEach((r, i) => add(r, `related resource ${i + 1}`, true))
  return out
}

/** The vault keys a credential's evidence names. */
export function evidenceKeys(credential: Record<string, unknown>): Set<string> {
  return new Set(evidenceArtifacts(credential).map((e) => e.vaultKey).filter((k): k is string => k !== null))
}
