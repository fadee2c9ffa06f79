import { Ob3Error } from '@ob3/core'
import type { MicroCredentialDefinition } from '../micro-credentials/define-micro-credential.js'

/** Evidence as an educator submits it for one micro-credential. */
export interface SubmittedEvidence {
  /** Overview answers, one per question of an `overview-answers` part. */
  answers?: { part: string; question?: string; text: string }[]
  /** Files: lesson plans, student work, videos. Hashed on intake. */
  artifacts?: { part: string; name: string; mediaType: string; bytes: Uint8Array; genre?: string }[]
  /** Student and teacher reflections. */
  reflections?: { part: string; text: string }[]
}

/** One problem with a submission. */
export interface SubmissionProblem {
  path: string
  message: string
}

/** Words in a text, as a reader counts them. */
export function countWords(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length
}

/**
 * Check a submission against the micro-credential's evidence parts: every part present, the
 * number of items each asks for, and word limits — listing every problem at once.
 * @throws Ob3Error `ERR_OB3_SUBMISSION_INVALID` with `details.problems`
 */
export function assertSubmissionFits(definition: MicroCredentialDefinition, evidence: SubmittedEvidence): void {
  const problems: SubmissionProblem[] = []
  const parts = new Map(definition.evidenceParts.map((p) => [p.id, p]))
  const items: Record<string, { kind: 'answers' | 'artifacts' | 'reflections'; index: number; words?: number }[]> = {}
  const add = (kind: 'answers' | 'artifacts' | 'reflections', list: { part: string; text?: string }[] | undefined) => {
    list?.forEach((item, index) => {
      if (!parts.has(item.part)) problems.push({ path: `/${kind}/${index}/part`, message: `there is no evidence part "${item.part}" in ${definition.name}` })
      ;(items[item.part] ??= []).push({ kind, index, ...(item.text === undefined ? {} : { words: countWords(item.text) }) })
    })
  }
  add('answers', evidence.answers)
  add('artifacts', evidence.artifacts)
  add('reflections', evidence.reflections)
  evidence.artifacts?.forEach((a, i) => {
    if (!(a.bytes instanceof Uint8Array) || a.bytes.length === 0) problems.push({ path: `/artifacts/${i}/bytes`, message: 'the file is empty' })
    if (typeof a.mediaType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(a.mediaType)) problems.push({ path: `/artifacts/${i}/mediaType`, message: 'must be a media type such as application/pdf' })
  })
  for (const part of definition.evidenceParts) {
    const got = items[part.id] ?? []
    const expectedKind = part.kind === 'overview-answers' ? 'answers' : part.kind === 'artifacts' ? 'artifacts' : 'reflections'
    const wrong = got.filter((g) => g.kind !== expectedKind)
    for (const w of wrong) problems.push({ path: `/${w.kind}/${w.index}`, message: `part "${part.name}" takes ${expectedKind}, not ${w.kind}` })
    const matching = got.filter((g) => g.kind === expectedKind)
    const needed = part.kind === 'overview-answers' ? (part.questions?.length ?? part.count ?? 1) : part.kind === 'teacher-reflection' ? (part.count ?? 1) : (part.count ?? 1)
    if (matching.length < needed) problems.push({ path: `/${expectedKind}`, message: `part "${part.name}" needs ${needed} ${needed === 1 ? 'item' : 'items'}; ${matching.length} given` })
    if (part.wordLimit !== undefined) {
      for (const m of matching) {
        if (m.words !== undefined && m.words > part.wordLimit) {
          problems.push({ path: `/${m.kind}/${m.index}/text`, message: `${m.words} words; part "${part.name}" allows at most ${part.wordLimit}` })
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new Ob3Error('ERR_OB3_SUBMISSION_INVALID', `the submission does not fit ${definition.name}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { details: { problems } })
  }
}
