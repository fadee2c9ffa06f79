/**
 * Redaction of what identifies an educator in text an assessor reads: her name and each part of
 * it, her e-mail (and any other e-mail address), her DID (and any other DID), her school and its
 * distinctive words. Matching ignores case and respects word boundaries, so "Okafor" is found in
 * "Maria-Okafor-lesson-plan" and "OKAFOR", but not inside "Okaforsen".
 * @packageDocumentation
 */

/** What a redaction found. */
export type IdentityKind = 'name' | 'email' | 'did' | 'school'

/** Who the educator is, as far as the submission tells: what is looked for. */
export interface EducatorIdentity {
  id?: string
  email?: string
  name?: string
  school?: string
  /** Other strings that name the person, matched whole (an assessor's id in her feedback). */
  aliases?: string[]
}

/** The compiled patterns of one educator's identity. */
export interface IdentityPatterns {
  readonly rules: readonly { kind: IdentityKind; pattern: RegExp; replacement: string }[]
}

/** The outcome of {@link redactIdentity}: the text with every match replaced, and what was found. */
export interface RedactionResult {
  text: string
  found: IdentityKind[]
}

/** Words too common to identify anyone alone: titles, and the generic words of school names. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam'])
const GENERIC_SCHOOL_WORDS = new Set([
  'the', 'of', 'and', 'for', 'at', 'school', 'schools', 'elementary', 'primary', 'middle', 'high', 'secondary', 'junior', 'senior',
  'academy', 'college', 'institute', 'district', 'unified', 'public', 'charter', 'county', 'community', 'center', 'centre', 'campus',
  'learning', 'international', 'st', 'saint',
])
const REPLACEMENT: Record<IdentityKind, string> = { name: '[name]', email: '[e-mail]', did: '[DID]', school: '[school]' }
/** Any e-mail address, and any DID: an assessor needs neither, whoever they name. */
const ANY_EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu
const ANY_DID = /\bdid:[a-z0-9]+:[^\s"'<>()[\]{},;]+/giu

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A case-insensitive whole-word pattern for a literal. */
function wholeWord(literal: string): RegExp {
  const body = literal.trim().split(/\s+/u).map(escape).join('[\\s_-]+')
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu')
}

/** The words of a name or school: letters (and apostrophes) only, in order. */
function words(text: string): string[] {
  return text.split(/[^\p{L}\p{N}']+/u).map((w) => w.replace(/^'+|'+$/g, '')).filter((w) => w !== '')
}

/**
 * Compile the patterns for one educator: the longest forms first (the full name before its
 * parts), so a full match is replaced whole.
 * @example `const patterns = identityPatterns({ name: 'Maria Okafor', email: 'm.okafor@lincoln.example', school: 'Lincoln Elementary' })`
 */
export function identityPatterns(identity: EducatorIdentity): IdentityPatterns {
  const rules: { kind: IdentityKind; pattern: RegExp; replacement: string; length: number }[] = []
  const add = (kind: IdentityKind, literal: string | undefined) => {
    const text = literal?.trim() ?? ''
    if (text === '') return
    rules.push({ kind, pattern: wholeWord(text), replacement: REPLACEMENT[kind], length: text.length })
  }
  if (identity.email !== undefined) {
    add('email', identity.email)
    const [local, domain] = identity.email.split('@')
    // The local part ("m.okafor") and the domain ("lincoln-elementary.example") name her too.
    if (local !== undefined && local.length >= 3) add('email', local)
    if (domain !== undefined && domain.includes('.')) add('email', domain)
  }
  if (identity.id !== undefined) add('did', identity.id)
  if (identity.school !== undefined) {
    add('school', identity.school)
    for (const w of words(identity.school)) if (w.length >= 3 && !GENERIC_SCHOOL_WORDS.has(w.toLowerCase())) add('school', w)
  }
  for (const alias of identity.aliases ?? []) add('name', alias)
  if (identity.name !== undefined) {
    add('name', identity.name)
    for (const w of words(identity.name)) if (w.length >= 2 && !TITLES.has(w.toLowerCase())) add('name', w)
  }
  rules.sort((a, b) => b.length - a.length)
  return {
    rules: [
      { kind: 'email', pattern: ANY_EMAIL, replacement: REPLACEMENT.email },
      { kind: 'did', pattern: ANY_DID, replacement: REPLACEMENT.did },
      ...rules.map(({ kind, pattern, replacement }) => ({ kind, pattern, replacement })),
    ],
  }
}

/**
 * Replace everything in `text` that identifies the educator with a neutral marker (`[name]`,
 * `[e-mail]`, `[DID]`, `[school]`), and say what was found.
 * @example
 * ```ts
 * const { text, found } = redactIdentity('I am Maria Okafor.', identityPatterns({ name: 'Maria Okafor' }))
 * // text: 'I am [name].', found: ['name']
 * ```
 */
export function redactIdentity(text: string, patterns: IdentityPatterns): RedactionResult {
  const found = new Set<IdentityKind>()
  let out = text
  for (const rule of patterns.rules) {
    rule.pattern.lastIndex = 0
    out = out.replace(rule.pattern, () => {
      found.add(rule.kind)
      return rule.replacement
    })
  }
  return { text: out, found: [...found] }
}
