// Internal: rules for the credential envelope (AchievementCredential / OpenBadgeCredential,
// EndorsementCredential, and a generic credential of unknown kind): @context order, the data model
// version and which validity dates it requires.
import { OB_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT, describe } from './formats.js'
import { type ClassSpec, type FieldSpec, cls, compact, many, opt, req } from './rules-fields.js'
import { type Task, type Walker, at, hasOwn, isObject, pointer } from './walk.js'

/** Which VC data model a credential uses, from its first `@context` entry. */
export type DataModel = 'v2' | 'v1.1' | 'unknown'
/** Which Open Badges credential class a credential is, from its `type`. */
export type CredentialKind = 'achievement' | 'endorsement' | 'unknown'

function contextList(obj: Record<string, unknown>): readonly unknown[] {
  const ctx = obj['@context']
  return Array.isArray(ctx) ? ctx : [ctx]
}

/** v2 or v1.1 by the base context (first entry, or anywhere if misplaced), else unknown. */
export function detectDataModel(obj: Record<string, unknown>): DataModel {
  const list = contextList(obj)
  if (list[0] === VC_V2_CONTEXT) return 'v2'
  if (list[0] === VC_V1_CONTEXT) return 'v1.1'
  if (list.includes(VC_V2_CONTEXT)) return 'v2'
  if (list.includes(VC_V1_CONTEXT)) return 'v1.1'
  return 'unknown'
}

/** achievement if `type` names AchievementCredential/OpenBadgeCredential, endorsement if EndorsementCredential. */
export function detectKind(obj: Record<string, unknown>): CredentialKind {
  const type = obj['type']
  const types: readonly unknown[] = Array.isArray(type) ? type : [type]
  if (types.includes('AchievementCredential') || types.includes('OpenBadgeCredential')) return 'achievement'
  if (types.includes('EndorsementCredential')) return 'endorsement'
  return 'unknown'
}

const isObContext = (v: unknown): boolean => typeof v === 'string' && OB_CONTEXT.test(v)

/** `@context`: an ordered set; v2 = [credentials/v2, OB context, ...]; v1.1 = [2018/credentials/v1, ..., OB context, ...]. */
function checkContext({ value: obj, path }: Task, w: Walker): void {
  const p = pointer(path, '@context')
  if (!hasOwn(obj, '@context')) {
    w.report('required', p, `The credential at ${at(path)} is missing the required property "@context".`)
    return
  }
  const ctx = obj['@context']
  if (ctx === null) {
    w.report('unexpected-null', p, `"@context" at ${p} is null; it must list the VC and Open Badges contexts.`)
    return
  }
  if (!Array.isArray(ctx)) {
    w.report('not-array', p, `"@context" at ${p} must be an array (an ordered set); got ${describe(ctx)}.`)
    if (typeof ctx !== 'string' && !isObject(ctx)) return
  }
  const list = contextList(obj)
  if (list.length === 0) {
    w.report('empty-array', p, `"@context" at ${p} is an empty array; it must list the VC and Open Badges contexts.`)
    return
  }
  if (Array.isArray(ctx)) {
    for (let i = 0; i < list.length; i++) {
      const item = list[i]
      if (typeof item !== 'string' && !isObject(item)) {
        w.report('context-item', pointer(p, i), `"@context" entries must be URLs or context objects; got ${describe(item)} at ${pointer(p, i)}.`)
      }
    }
  }
  const model = detectDataModel(obj)
  const base = model === 'v1.1' ? VC_V1_CONTEXT : VC_V2_CONTEXT
  if (list[0] !== base) {
    const expected = model === 'unknown' ? `"${VC_V2_CONTEXT}" (or "${VC_V1_CONTEXT}" for a VC 1.1 credential)` : `"${base}"`
    w.report('context-order', pointer(p, 0), `The first "@context" entry (at ${p}/0) must be ${expected}; got ${describe(list[0])}.`)
  }
  if (model === 'v2') {
    if (!isObContext(list[1])) {
      w.report('context-order', pointer(p, 1), `The second "@context" entry (at ${p}/1) must be the Open Badges 3.0 context, e.g. "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"; got ${list.length > 1 ? describe(list[1]) : 'nothing'}.`)
    }
  } else if (!list.some(isObContext)) {
    w.report('context-order', p, `"@context" at ${p} must include the Open Badges 3.0 context, e.g. "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json".`)
  }
}

/** v2 requires validFrom (VC 1.1 dates are a warning); v1.1 requires issuanceDate. */
function checkDates({ value: obj, path }: Task, w: Walker): void {
  const model = detectDataModel(obj)
  const missing = (name: string, why: string): void =>
    w.report('required', pointer(path, name), `The credential at ${at(path)} is missing the required property "${name}" (${why}).`)
  if (model === 'v2') {
    if (!hasOwn(obj, 'validFrom')) missing('validFrom', 'required by VC Data Model 2.0')
    for (const legacy of ['issuanceDate', 'expirationDate']) {
      if (hasOwn(obj, legacy)) {
        const modern = legacy === 'issuanceDate' ? 'validFrom' : 'validUntil'
        w.report('legacy-date', pointer(path, legacy), `"${legacy}" at ${pointer(path, legacy)} is a VC 1.1 property; a VC 2.0 credential uses "${modern}".`, 'warning')
      }
    }
  } else if (model === 'v1.1') {
    if (!hasOwn(obj, 'issuanceDate')) missing('issuanceDate', 'required by VC Data Model 1.1')
  } else if (!hasOwn(obj, 'validFrom') && !hasOwn(obj, 'issuanceDate')) {
    missing('validFrom', 'a credential needs validFrom, or issuanceDate in VC 1.1')
  }
}

/** The fields every credential shares (VC envelope). Dates are required per data model in checkDates. */
const ENVELOPE: Readonly<Record<string, FieldSpec>> = {
  id: opt('uri'),
  name: opt('string'),
  description: opt('string'),
  issuer: req('profile-ref'),
  validFrom: opt('datetimez'),
  validUntil: opt('datetimez'),
  issuanceDate: opt('datetimez'),
  expirationDate: opt('datetimez'),
  credentialSubject: req('object'), // each credential class below replaces this with its subject class
  evidence: many(cls('Evidence')),
  // Compacted form may use a single value for proof, credentialSchema and termsOfUse (serialization.md),
  // although the 2024-07-30 schema wants arrays.
  proof: compact(cls('Proof')),
  credentialSchema: compact(cls('CredentialSchema')),
  credentialStatus: { ...opt(cls('CredentialStatus')), severalWarn: true },
  refreshService: opt(cls('RefreshService')),
  termsOfUse: compact(cls('TermsOfUse')),
}

export const CREDENTIAL_SPECS = {
  AchievementCredential: {
    label: 'AchievementCredential',
    types: ['VerifiableCredential', ['AchievementCredential', 'OpenBadgeCredential']],
    before: checkContext,
    fields: {
      ...ENVELOPE,
      id: req('uri'),
      credentialSubject: req(cls('AchievementSubject')),
      image: opt('image'),
      awardedDate: opt('datetimez'),
      endorsement: many(cls('EndorsementCredential')),
      endorsementJwt: many('jws'),
    },
    extra: checkDates,
  },
  EndorsementCredential: {
    label: 'EndorsementCredential',
    types: ['VerifiableCredential', 'EndorsementCredential'],
    before: checkContext,
    fields: {
      ...ENVELOPE,
      id: req('uri'),
      name: req('string'),
      credentialSubject: req(cls('EndorsementSubject')),
      awardedDate: opt('datetimez'),
    },
    extra: checkDates,
  },
  // A credential whose type names neither class: only the envelope is checked.
  Credential: {
    label: 'credential',
    types: ['VerifiableCredential', ['AchievementCredential', 'OpenBadgeCredential', 'EndorsementCredential']],
    before: checkContext,
    fields: ENVELOPE,
    extra: checkDates,
  },
} satisfies Record<string, ClassSpec>
