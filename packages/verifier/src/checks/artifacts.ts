import { computeDigestMultibase, isOb3Error, matchesDigestMultibase, matchesDigestSri } from '@ob3/core'
import { list, obj, str } from '../lib/context.js'
import type { ArtifactResult, CheckResult } from '../report.js'

/** A file shared with a credential (an artifact of its evidence), as bytes. */
export interface SharedArtifact {
  /** The file's name, for the report. */
  name?: string
  bytes: Uint8Array
}

/** Most files checked against one credential or presentation. */
export const MAX_SHARED_ARTIFACTS = 256

/**
 * Check the shape of the shared artifacts.
 * @throws TypeError naming what is wrong
 */
export function assertSharedArtifacts(artifacts: unknown): asserts artifacts is SharedArtifact[] {
  if (!Array.isArray(artifacts)) throw new TypeError('verify: artifacts must be an array of { name?, bytes }')
  if (artifacts.length > MAX_SHARED_ARTIFACTS) throw new TypeError(`verify: at most ${MAX_SHARED_ARTIFACTS} artifacts can be checked at once`)
  artifacts.forEach((a, i) => {
    const o = obj(a)
    if (o === undefined || !(o.bytes instanceof Uint8Array)) throw new TypeError(`verify: artifacts[${i}].bytes must be a Uint8Array`)
    if (o.name !== undefined && typeof o.name !== 'string') throw new TypeError(`verify: artifacts[${i}].name must be a string`)
  })
}

/** Options of the artifacts check. */
export interface ArtifactCheckOptions {
  /** The credential, or every credential of a presentation. */
  documents: readonly Record<string, unknown>[]
  files: readonly SharedArtifact[]
  /**
   * Whether a shared file that matches none of `documents` fails the check and is listed
   * (true for a credential on its own and for a whole presentation; false for one credential of
   * a presentation, whose files may belong to another).
   */
  unmatchedFails: boolean
  /** Name each entry's credential (in a presentation). */
  tagCredential: boolean
}

interface Candidate {
  credential: string | null
  evidence: string
  digestMultibase: string | null
  digestSRI: string | null
  malformed: boolean
  matchedBy: number[]
}

/**
 * `artifacts`: each file shared with the credential must be exactly an artifact its issuer
 * assessed — its bytes match the `digestMultibase` and/or `digestSRI` of an evidence entry (or a
 * `relatedResource`). An artifact that was not shared is listed as not shared, which is no
 * failure; a shared file that matches no digest fails (`ERR_OB3_ARTIFACT_MISMATCH`). Skipped when
 * no file was shared.
 */
export async function checkArtifacts(options: ArtifactCheckOptions): Promise<{ check: CheckResult; results: ArtifactResult[] | undefined }> {
  const { files } = options
  if (files.length === 0) return { check: { id: 'artifacts', status: 'skipped', message: 'no artifacts were shared with the credential' }, results: undefined }
  const candidates = options.documents.flatMap(candidatesOf)
  const fileMatched = files.map(() => false)
  for (const c of candidates) {
    for (const [i, file] of files.entries()) {
      try {
        if (await matches(file.bytes, c)) {
          c.matchedBy.push(i)
          fileMatched[i] = true
        }
      } catch (err) {
        if (!isOb3Error(err)) throw err
        c.malformed = true
        break
      }
    }
  }
  const fileName = (i: number) => files[i]?.name ?? `shared file ${i + 1}`
  const results: ArtifactResult[] = []
  const said: string[] = []
  let mismatch = false
  for (const c of candidates) {
    const entry: ArtifactResult = { evidence: c.evidence, digestMultibase: c.digestMultibase, shared: false }
    if (c.digestSRI !== null) entry.digestSRI = c.digestSRI
    if (options.tagCredential) entry.credential = c.credential
    const first = c.matchedBy[0]
    const sameName = files.findIndex((f, i) => f.name === c.evidence && !c.matchedBy.includes(i))
    if (first !== undefined) {
      entry.shared = true
      entry.matches = true
      const name = files[first]?.name
      if (name !== undefined) entry.file = name
      said.push(`"${fileName(first)}" is the evidence "${c.evidence}"`)
    } else if (sameName >= 0 && !fileMatched[sameName]) {
      entry.shared = true
      entry.matches = false
      entry.file = files[sameName]?.name as string
      mismatch = true
      said.push(`"${fileName(sameName)}" is named like the evidence "${c.evidence}" but is not the file the issuer assessed`)
    } else {
      said.push(c.malformed ? `the digest of "${c.evidence}" is malformed, so no file can match it` : `"${c.evidence}" was not shared`)
    }
    results.push(entry)
  }
  const unmatched = files.map((_, i) => i).filter((i) => !fileMatched[i])
  if (options.unmatchedFails) {
    for (const i of unmatched) {
      const entry: ArtifactResult = { evidence: null, digestMultibase: await computeDigestMultibase(files[i]?.bytes as Uint8Array), shared: true, matches: false }
      const name = files[i]?.name
      if (name !== undefined) entry.file = name
      results.push(entry)
      if (!said.some((s) => s.startsWith(`"${fileName(i)}" is named like`))) said.push(`"${fileName(i)}" matches no evidence of the ${options.documents.length > 1 ? 'credentials' : 'credential'}: it is not a file the issuer assessed`)
    }
  }
  const message = said.length === 0 ? 'the credential references no artifacts by digest' : said.join('; ')
  if (mismatch || (options.unmatchedFails && unmatched.length > 0)) return { check: { id: 'artifacts', status: 'failed', code: 'ERR_OB3_ARTIFACT_MISMATCH', message }, results }
  if (!options.unmatchedFails && !candidates.some((c) => c.matchedBy.length > 0)) {
    return { check: { id: 'artifacts', status: 'skipped', message: candidates.length === 0 ? 'the credential references no artifacts by digest' : `none of its artifacts were shared: ${message}` }, results }
  }
  return { check: { id: 'artifacts', status: 'passed', message }, results }
}

/** The evidence entries (then related resources with other digests) that name an artifact by digest. */
function candidatesOf(doc: Record<string, unknown>): Candidate[] {
  const credential = str(doc.id)
  const out: Candidate[] = []
  const add = (entry: unknown, fallback: string, skipKnown: boolean) => {
    const e = obj(entry)
    if (e === undefined) return
    const digestMultibase = str(e.digestMultibase)
    const digestSRI = str(e.digestSRI)
    if (digestMultibase === null && digestSRI === null) return
    if (skipKnown && out.some((c) => (digestMultibase !== null && c.digestMultibase === digestMultibase) || (digestSRI !== null && c.digestSRI === digestSRI))) return
    out.push({ credential, evidence: str(e.name) ?? str(e.id) ?? fallback, digestMultibase, digestSRI, malformed: false, matchedBy: [] })
  }
  list(doc.evidence).forEach((e, i) => add(e, `evidence ${i + 1}`, false))
  list(doc.relatedResource).forEach((r, i) => add(r, `related resource ${i + 1}`, true))
  return out
}

/** Every digest the entry gives must match: one that disagrees means this is not the file. */
async function matches(bytes: Uint8Array, c: Candidate): Promise<boolean> {
  if (c.digestMultibase !== null && !(await matchesDigestMultibase(bytes, c.digestMultibase))) return false
  if (c.digestSRI !== null && !(await matchesDigestSri(bytes, c.digestSRI))) return false
  return true
}
