// Internal: the Open Badges 3.0 classes below the credential, as field tables written from the
// spec's class tables (FACTS §1.2–1.9), plus their class-specific rules.
//
// Sets: the 2024-07-30 official schema types every set (evidence, endorsement, result, alignment,
// identifier, otherIdentifier, related, resultDescription, rubricCriterionLevel, tag, allowedValue,
// endorsementJwt) as `type: array` with no single-object alternative, so a single object there is
// a `not-array` error (the object itself is still validated). Only `type`, `proof`,
// `credentialSchema` and `termsOfUse` may be single values, as serialization.md allows for
// JSON-LD compacted form (see rules-credential.ts and the `types` requirement of each class).
import { describe, isIdentityHash } from './formats.js'
import { type ClassSpec, type FieldSpec, checkFields, cls, many, opt, req, vocab } from './rules-fields.js'
import { ACHIEVEMENT_TYPES, ALIGNMENT_TARGET_TYPES, IDENTIFIER_TYPES, RESULT_STATUS_TYPES, RESULT_TYPES } from './types.js'
import { type Task, type Walker, at, hasOwn, isObject, pointer } from './walk.js'

/** AchievementSubject: "Either id or at least one identifier MUST be supplied"; Result.status when its ResultDescription is of type Status. */
function checkAchievementSubject({ value: obj, path }: Task, w: Walker): void {
  const identifier = obj['identifier']
  const hasIdentifier = Array.isArray(identifier) ? identifier.length > 0 : isObject(identifier)
  if (!hasOwn(obj, 'id') && !hasIdentifier) {
    w.report('subject-id-or-identifier', path, `AchievementSubject at ${at(path)} must have an "id" or at least one "identifier".`)
  }
  // Result.status is required when the result's ResultDescription has resultType "Status".
  const achievement = obj['achievement']
  const descriptions = isObject(achievement) ? achievement['resultDescription'] : undefined
  if (!Array.isArray(descriptions) || !hasOwn(obj, 'result')) return
  const statusIds = new Set<string>()
  for (const d of descriptions) {
    if (isObject(d) && d['resultType'] === 'Status' && typeof d['id'] === 'string') statusIds.add(d['id'])
  }
  if (statusIds.size === 0) return
  const results = obj['result']
  const list: readonly unknown[] = Array.isArray(results) ? results : [results]
  for (let i = 0; i < list.length; i++) {
    const r = list[i]
    if (!isObject(r) || typeof r['resultDescription'] !== 'string' || !statusIds.has(r['resultDescription'])) continue
    if (!hasOwn(r, 'status')) {
      const rp = Array.isArray(results) ? pointer(pointer(path, 'result'), i) : pointer(path, 'result')
      w.report('result-status-required', pointer(rp, 'status'), `Result at ${rp} needs a "status": its ResultDescription "${r['resultDescription']}" has resultType "Status".`)
    }
  }
}

/** IdentityObject: a hashed identityHash is `md5$<32 hex>` or `sha256$<64 hex>`. */
function checkIdentityObject({ value: obj, path }: Task, w: Walker): void {
  const hash = obj['identityHash']
  if (obj['hashed'] === true && typeof hash === 'string' && !isIdentityHash(hash)) {
    const p = pointer(path, 'identityHash')
    w.report('identity-hash-format', p, `"identityHash" at ${p} is marked hashed but is not "md5$" + 32 hex digits or "sha256$" + 64 hex digits; got ${describe(hash)}.`)
  }
}

/** Criteria has no required property but SHOULD have id or narrative. */
function checkCriteria({ value: obj, path }: Task, w: Walker): void {
  if (!hasOwn(obj, 'id') && !hasOwn(obj, 'narrative')) {
    w.report('criteria-id-or-narrative', path, `Criteria at ${at(path)} should have an "id" (a criteria page) or a "narrative".`, 'warning')
  }
}

/** A credential's proof is made for assertionMethod. */
function checkProof({ value: obj, path }: Task, w: Walker): void {
  const purpose = obj['proofPurpose']
  if (typeof purpose === 'string' && purpose !== 'assertionMethod') {
    const p = pointer(path, 'proofPurpose')
    w.report('proof-purpose', p, `"proofPurpose" at ${p} must be "assertionMethod" for a credential proof; got ${describe(purpose)}.`)
  }
}

const BITSTRING_FIELDS: Readonly<Record<string, FieldSpec>> = {
  statusPurpose: req('string'),
  statusListIndex: req('string'),
  statusListCredential: req('uri'),
}

/** A BitstringStatusListEntry needs statusPurpose, statusListIndex (a decimal string) and statusListCredential. */
function checkCredentialStatus(task: Task, w: Walker): void {
  const obj = task.value
  if (obj['type'] !== 'BitstringStatusListEntry') return
  checkFields('BitstringStatusListEntry', BITSTRING_FIELDS, task, w)
  const index = obj['statusListIndex']
  if (typeof index === 'string' && !/^(?:0|[1-9]\d*)$/.test(index)) {
    const p = pointer(task.path, 'statusListIndex')
    w.report('format-integer', p, `"statusListIndex" at ${p} must be a non-negative decimal integer string; got ${describe(index)}.`)
  }
}

const image = opt('image')
const alignment = many(cls('Alignment'))
const endorsement = many(cls('EndorsementCredential'))
const endorsementJwt = many('jws')
const otherIdentifier = many(cls('IdentifierEntry'))

export const CLASS_SPECS = {
  AchievementSubject: {
    label: 'AchievementSubject',
    types: ['AchievementSubject'],
    fields: {
      id: opt('uri'), achievement: req(cls('Achievement')), identifier: many(cls('IdentityObject')),
      activityStartDate: opt('datetime'), activityEndDate: opt('datetime'), creditsEarned: opt('number'), image,
      licenseNumber: opt('string'), narrative: opt('string'), result: many(cls('Result')), role: opt('string'),
      source: opt(cls('Profile')), term: opt('string'),
    },
    extra: checkAchievementSubject,
  },
  Achievement: {
    label: 'Achievement',
    types: ['Achievement'],
    fields: {
      id: req('uri'), criteria: req(cls('Criteria')), description: req('string'), name: req('string'), alignment,
      achievementType: vocab('AchievementType', ACHIEVEMENT_TYPES, true), creator: opt(cls('Profile')),
      creditsAvailable: opt('number'), endorsement, endorsementJwt, fieldOfStudy: opt('string'), humanCode: opt('string'),
      image, inLanguage: opt('language'), otherIdentifier, related: many(cls('Related')),
      resultDescription: many(cls('ResultDescription')), specialization: opt('string'), tag: many('string'),
      version: opt('string'),
    },
  },
  Profile: {
    label: 'Profile',
    types: ['Profile'],
    fields: {
      id: req('uri'), name: opt('string'), url: opt('uri'), phone: opt('string'), description: opt('string'), endorsement,
      endorsementJwt, image, email: opt('string'), address: opt(cls('Address')), otherIdentifier, official: opt('string'),
      parentOrg: opt(cls('Profile')), givenName: opt('string'), familyName: opt('string'), additionalName: opt('string'),
      patronymicName: opt('string'), honorificPrefix: opt('string'), honorificSuffix: opt('string'),
      familyNamePrefix: opt('string'), dateOfBirth: opt('date'),
    },
  },
  Criteria: { label: 'Criteria', fields: { id: opt('uri'), narrative: opt('string') }, extra: checkCriteria },
  Alignment: {
    label: 'Alignment',
    types: ['Alignment'],
    fields: {
      targetName: req('string'), targetUrl: req('uri'), targetCode: opt('string'), targetDescription: opt('string'),
      targetFramework: opt('string'), targetType: vocab('AlignmentTargetType', ALIGNMENT_TARGET_TYPES, true),
    },
  },
  Evidence: {
    label: 'Evidence',
    types: ['Evidence'],
    fields: {
      id: opt('uri'), narrative: opt('string'), name: opt('string'), description: opt('string'), genre: opt('string'),
      audience: opt('string'), digestMultibase: opt('multibase'), digestSRI: opt('sri'), mediaType: opt('media-type'),
    },
  },
  Related: { label: 'Related', types: ['Related'], fields: { id: req('uri'), inLanguage: opt('language'), version: opt('string') } },
  Result: {
    label: 'Result',
    types: ['Result'],
    fields: {
      achievedLevel: opt('uri'), alignment, resultDescription: opt('uri'),
      status: vocab('ResultStatusType', RESULT_STATUS_TYPES, false), value: opt('string'),
    },
  },
  ResultDescription: {
    label: 'ResultDescription',
    types: ['ResultDescription'],
    fields: {
      id: req('uri'), name: req('string'), resultType: vocab('ResultType', RESULT_TYPES, true, true), alignment,
      allowedValue: many('string'), requiredLevel: opt('uri'), requiredValue: opt('string'),
      rubricCriterionLevel: many(cls('RubricCriterionLevel')), valueMax: opt('string'), valueMin: opt('string'),
    },
  },
  RubricCriterionLevel: {
    label: 'RubricCriterionLevel',
    types: ['RubricCriterionLevel'],
    fields: {
      id: req('uri'), name: req('string'), alignment, description: opt('string'), level: opt('string'), points: opt('string'),
    },
  },
  IdentityObject: {
    label: 'IdentityObject',
    typeConst: 'IdentityObject',
    closed: true,
    fields: {
      hashed: req('boolean'), identityHash: req('string'),
      identityType: vocab('IdentifierType', IDENTIFIER_TYPES, true, true), salt: opt('string'),
    },
    extra: checkIdentityObject,
  },
  IdentifierEntry: {
    label: 'IdentifierEntry',
    typeConst: 'IdentifierEntry',
    closed: true,
    fields: { identifier: req('string'), identifierType: vocab('IdentifierType', IDENTIFIER_TYPES, true, true) },
  },
  Image: { label: 'Image', typeConst: 'Image', closed: true, fields: { id: req('uri'), caption: opt('string') } },
  EndorsementSubject: {
    label: 'EndorsementSubject',
    types: ['EndorsementSubject'],
    fields: { id: req('uri'), endorsementComment: opt('string') },
  },
  Address: {
    label: 'Address',
    types: ['Address'],
    fields: {
      addressCountry: opt('string'), addressCountryCode: opt('string'), addressRegion: opt('string'),
      addressLocality: opt('string'), streetAddress: opt('string'), postOfficeBoxNumber: opt('string'),
      postalCode: opt('string'), geo: opt(cls('GeoCoordinates')),
    },
  },
  GeoCoordinates: {
    label: 'GeoCoordinates',
    typeConst: 'GeoCoordinates',
    fields: { latitude: req('number'), longitude: req('number') },
  },
  CredentialStatus: {
    label: 'CredentialStatus',
    fields: { id: req('uri'), type: req('string') },
    extra: checkCredentialStatus,
  },
  RefreshService: { label: 'RefreshService', fields: { id: req('uri'), type: req('string') } },
  CredentialSchema: { label: 'CredentialSchema', fields: { id: req('uri'), type: req('string') } },
  TermsOfUse: { label: 'TermsOfUse', fields: { id: opt('uri'), type: req('string') } },
  Proof: {
    label: 'Proof',
    fields: {
      type: req('string'), cryptosuite: opt('string'), created: opt('datetimez'), expires: opt('datetimez'),
      verificationMethod: opt('uri'), proofPurpose: opt('string'), proofValue: opt('string'), challenge: opt('string'),
      domain: opt('string'), nonce: opt('string'),
    },
    extra: checkProof,
  },
} satisfies Record<string, ClassSpec>
