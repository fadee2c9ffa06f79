/**
 * TypeScript types for the W3C Verifiable Credentials Data Model 2.0 and the 1EdTech Open Badges 3.0
 * data model, written by hand from the spec's class tables.
 *
 * Extra properties: a class carries `[key: string]: unknown` exactly where the official JSON Schema
 * allows additional properties (`additionalProperties: true`), so extension terms from other
 * contexts type-check. The closed classes (`Image`, `IdentityObject`, `IdentifierEntry`) have no
 * index signature, so a typo there is a compile error. Required properties are required in the
 * types either way. These types describe well-formed data; untrusted input is `unknown` until
 * {@link validateCredential} has looked at it.
 *
 * @packageDocumentation
 */

/** A value that JSON-LD compacted form may write either as one value or as an array. */
export type OneOrMany<T> = T | T[]

/**
 * One entry of `@context`: a context URL or an inline context object.
 *
 * @example `const ctx: JsonLdContext[] = [CREDENTIALS_V2_URL, OB_CONTEXT_URL, { ex: 'https://example.org/vocab#' }]`
 */
export type JsonLdContext = string | { [key: string]: unknown }

/**
 * The values of the extensible `achievementType` vocabulary (AchievementType enumeration).
 *
 * @example `ACHIEVEMENT_TYPES.includes('Badge') // true`
 */
export const ACHIEVEMENT_TYPES = [
  'Achievement', 'ApprenticeshipCertificate', 'Assessment', 'Assignment', 'AssociateDegree', 'Award', 'Badge',
  'BachelorDegree', 'Certificate', 'CertificateOfCompletion', 'Certification', 'CommunityService', 'Competency',
  'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork', 'GeneralEducationDevelopment',
  'JourneymanCertificate', 'LearningProgram', 'License', 'Membership', 'ProfessionalDoctorate',
  'QualityAssuranceCredential', 'MasterCertificate', 'MasterDegree', 'MicroCredential', 'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const

/**
 * The values of the extensible `resultType` vocabulary (ResultType enumeration).
 *
 * @example `RESULT_TYPES.includes('LetterGrade') // true`
 */
export const RESULT_TYPES = [
  'GradePointAverage', 'LetterGrade', 'Percent', 'PerformanceLevel', 'PredictedScore', 'RawScore', 'Result',
  'RubricCriterion', 'RubricCriterionLevel', 'RubricScore', 'ScaledScore', 'Status',
] as const

/**
 * The values of the extensible identifier-type vocabulary (IdentifierTypeEnum), used by
 * `IdentityObject.identityType` and `IdentifierEntry.identifierType`.
 *
 * @example `IDENTIFIER_TYPES.includes('emailAddress') // true`
 */
export const IDENTIFIER_TYPES = [
  'name', 'sourcedId', 'systemId', 'productId', 'userName', 'accountId', 'emailAddress', 'nationalIdentityNumber',
  'isbn', 'issn', 'lisSourcedId', 'oneRosterSourcedId', 'sisSourcedId', 'ltiContextId', 'ltiDeploymentId',
  'ltiToolId', 'ltiPlatformId', 'ltiUserId', 'identifier',
] as const

/**
 * The values of the extensible `Alignment.targetType` vocabulary (AlignmentTargetType).
 *
 * @example `ALIGNMENT_TARGET_TYPES.includes('CFItem') // true`
 */
export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency', 'ceterms:Credential', 'CFItem', 'CFRubric', 'CFRubricCriterion', 'CFRubricCriterionLevel', 'CTDL',
] as const

/**
 * The values of `Result.status` (ResultStatusType). This vocabulary is closed: no `ext:` values.
 *
 * @example `RESULT_STATUS_TYPES.includes('Completed') // true`
 */
export const RESULT_STATUS_TYPES = ['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Provisional', 'Withdrew'] as const

/** An extension value of an extensible vocabulary: `ext:` followed by letters, digits, `.`, `-` or `_`. */
export type ExtensionTerm = `ext:${string}`

/**
 * The kind of an achievement: one of {@link ACHIEVEMENT_TYPES} or an `ext:` term.
 *
 * @example `const t: AchievementType = 'ext:Hackathon'`
 */
export type AchievementType = (typeof ACHIEVEMENT_TYPES)[number] | ExtensionTerm

/**
 * The kind of a result: one of {@link RESULT_TYPES} or an `ext:` term.
 *
 * @example `const t: ResultType = 'LetterGrade'`
 */
export type ResultType = (typeof RESULT_TYPES)[number] | ExtensionTerm

/**
 * The kind of an identifier: one of {@link IDENTIFIER_TYPES} or an `ext:` term.
 *
 * @example `const t: IdentifierType = 'emailAddress'`
 */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number] | ExtensionTerm

/**
 * The kind of an alignment target: one of {@link ALIGNMENT_TARGET_TYPES} or an `ext:` term.
 *
 * @example `const t: AlignmentTargetType = 'CFItem'`
 */
export type AlignmentTargetType = (typeof ALIGNMENT_TARGET_TYPES)[number] | ExtensionTerm

/**
 * The status of a result (closed vocabulary).
 *
 * @example `const s: ResultStatusType = 'Completed'`
 */
export type ResultStatusType = (typeof RESULT_STATUS_TYPES)[number]

/**
 * An image with optional caption. The schema requires this object form (`additionalProperties:
 * false`); a bare URL string is common in the wild but not conformant.
 *
 * @example `const image: Image = { id: 'https://example.edu/badge.png', type: 'Image', caption: 'Badge' }`
 */
export interface Image {
  /** URI or `data:` URI of the image. */
  id: string
  /** Always `'Image'`. */
  type: 'Image'
  /** Alternative text. */
  caption?: string
}

/**
 * A postal address (schema.org-like).
 *
 * @example `const a: Address = { type: ['Address'], addressCountry: 'USA' }`
 */
export interface Address {
  /** Contains `'Address'`. */
  type: OneOrMany<string>
  addressCountry?: string
  addressCountryCode?: string
  addressRegion?: string
  addressLocality?: string
  streetAddress?: string
  postOfficeBoxNumber?: string
  postalCode?: string
  /** Geographic coordinates of the address. */
  geo?: GeoCoordinates
  [key: string]: unknown
}

/**
 * A geographic point.
 *
 * @example `const g: GeoCoordinates = { type: 'GeoCoordinates', latitude: 30.27, longitude: -97.74 }`
 */
export interface GeoCoordinates {
  /** Always `'GeoCoordinates'`. */
  type: 'GeoCoordinates'
  latitude: number
  longitude: number
  [key: string]: unknown
}

/**
 * Another identifier of a profile or achievement (closed class).
 *
 * @example `const e: IdentifierEntry = { type: 'IdentifierEntry', identifier: '12345', identifierType: 'sourcedId' }`
 */
export interface IdentifierEntry {
  /** Always `'IdentifierEntry'`. */
  type: 'IdentifierEntry'
  /** The identifier value. */
  identifier: string
  /** What kind of identifier it is. */
  identifierType: IdentifierType
}

/**
 * A (possibly hashed) identifier of the recipient (closed class).
 * With `hashed: true`, `identityHash` is `md5$<32 hex>` or `sha256$<64 hex>` over UTF-8(identifier ‖ salt).
 *
 * @example
 * ```ts
 * const id: IdentityObject = {
 *   type: 'IdentityObject', hashed: true, identityType: 'emailAddress', salt: 'Kosher',
 *   identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
 * }
 * ```
 */
export interface IdentityObject {
  /** Always the single value `'IdentityObject'`. */
  type: 'IdentityObject'
  /** Whether `identityHash` is a hash (`true`) or the plaintext (`false`). */
  hashed: boolean
  /** The `<alg>$<hex>` hash, or the plaintext when `hashed` is false. */
  identityHash: string
  /** What kind of identifier was hashed. */
  identityType: IdentifierType
  /** Salt appended to the identifier before hashing. */
  salt?: string
}

/**
 * An issuer, creator, source, parent organisation or endorser.
 *
 * @example `const issuer: Profile = { id: 'https://example.edu/issuers/1', type: ['Profile'], name: 'Example U' }`
 */
export interface Profile {
  /** URI of the profile. */
  id: string
  /** Contains `'Profile'`. */
  type: OneOrMany<string>
  name?: string
  /** Home page URL. */
  url?: string
  phone?: string
  description?: string
  /** Data Integrity-signed endorsements of this profile. */
  endorsement?: EndorsementCredential[]
  /** VC-JWT-signed endorsements (compact JWS strings). */
  endorsementJwt?: string[]
  image?: Image
  email?: string
  address?: Address
  otherIdentifier?: IdentifierEntry[]
  /** Name of the official who represents the profile. */
  official?: string
  /** The organisation this one belongs to. */
  parentOrg?: Profile
  givenName?: string
  familyName?: string
  additionalName?: string
  patronymicName?: string
  honorificPrefix?: string
  honorificSuffix?: string
  familyNamePrefix?: string
  /** `YYYY-MM-DD`. */
  dateOfBirth?: string
  [key: string]: unknown
}

/**
 * A profile given by URI or embedded as an object.
 *
 * @example `const issuer: ProfileRef = 'https://example.edu/issuers/1'`
 */
export type ProfileRef = string | Profile

/**
 * How an achievement is earned. Has no required property but SHOULD have `id` or `narrative`.
 *
 * @example `const c: Criteria = { narrative: 'Complete all modules.' }`
 */
export interface Criteria {
  /** URI of a human-readable criteria page. */
  id?: string
  /** Markdown. */
  narrative?: string
  [key: string]: unknown
}

/**
 * An alignment to a node in an educational framework.
 *
 * @example
 * ```ts
 * const a: Alignment = { type: ['Alignment'], targetName: 'Teamwork', targetUrl: 'https://example.org/teamwork' }
 * ```
 */
export interface Alignment {
  /** Contains `'Alignment'`. */
  type: OneOrMany<string>
  targetName: string
  /** URL of the target. */
  targetUrl: string
  targetCode?: string
  targetDescription?: string
  targetFramework?: string
  targetType?: AlignmentTargetType
  [key: string]: unknown
}

/**
 * Evidence supporting the award. `digestMultibase`, `digestSRI` and `mediaType` are the VC 2.0
 * related-resource integrity fields, which this project uses for artifact references.
 *
 * @example `const e: Evidence = { type: ['Evidence'], id: 'https://example.edu/work/1', name: 'Report' }`
 */
export interface Evidence {
  /** URL or `data:` URI of the evidence. */
  id?: string
  /** Contains `'Evidence'`. */
  type: OneOrMany<string>
  /** Markdown. */
  narrative?: string
  name?: string
  description?: string
  genre?: string
  audience?: string
  /** Multibase-encoded multihash of the resource (VC 2.0). */
  digestMultibase?: string
  /** Subresource Integrity digest, e.g. `sha384-…` (VC 2.0). */
  digestSRI?: string
  /** IANA media type of the resource (VC 2.0). */
  mediaType?: string
  [key: string]: unknown
}

/**
 * Another version of the same achievement (e.g. a translation).
 *
 * @example `const r: Related = { id: 'https://example.edu/achievements/1-fr', type: ['Related'], inLanguage: 'fr' }`
 */
export interface Related {
  id: string
  /** Contains `'Related'`. */
  type: OneOrMany<string>
  /** BCP 47 language code. */
  inLanguage?: string
  version?: string
  [key: string]: unknown
}

/**
 * One level of a rubric criterion.
 *
 * @example `const l: RubricCriterionLevel = { id: 'urn:uuid:…', type: ['RubricCriterionLevel'], name: 'Mastery' }`
 */
export interface RubricCriterionLevel {
  id: string
  /** Contains `'RubricCriterionLevel'`. */
  type: OneOrMany<string>
  name: string
  alignment?: Alignment[]
  description?: string
  level?: string
  points?: string
  [key: string]: unknown
}

/**
 * Describes a possible result of an achievement.
 *
 * @example `const d: ResultDescription = { id: 'urn:uuid:…', type: ['ResultDescription'], name: 'Grade', resultType: 'LetterGrade' }`
 */
export interface ResultDescription {
  id: string
  /** Contains `'ResultDescription'`. */
  type: OneOrMany<string>
  name: string
  resultType: ResultType
  alignment?: Alignment[]
  /** Ordered list of allowed values. */
  allowedValue?: string[]
  /** `id` of the required RubricCriterionLevel. */
  requiredLevel?: string
  requiredValue?: string
  /** Ordered list of levels. */
  rubricCriterionLevel?: RubricCriterionLevel[]
  valueMax?: string
  valueMin?: string
  [key: string]: unknown
}

/**
 * A result the recipient achieved.
 *
 * @example `const r: Result = { type: ['Result'], resultDescription: 'urn:uuid:…', value: 'A' }`
 */
export interface Result {
  /** Contains `'Result'`. */
  type: OneOrMany<string>
  /** `id` of the achieved RubricCriterionLevel. */
  achievedLevel?: string
  alignment?: Alignment[]
  /** `id` of the ResultDescription this result is for. */
  resultDescription?: string
  /** Required when the ResultDescription's `resultType` is `Status`. */
  status?: ResultStatusType
  value?: string
  [key: string]: unknown
}

/**
 * The accomplishment a credential recognises.
 *
 * @example
 * ```ts
 * const a: Achievement = {
 *   id: 'https://example.edu/achievements/teamwork', type: ['Achievement'], name: 'Teamwork',
 *   description: 'Collaborates well.', criteria: { narrative: 'Nominated by peers.' },
 * }
 * ```
 */
export interface Achievement {
  id: string
  /** Contains `'Achievement'`. */
  type: OneOrMany<string>
  criteria: Criteria
  description: string
  name: string
  alignment?: Alignment[]
  achievementType?: AchievementType
  creator?: Profile
  creditsAvailable?: number
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
  fieldOfStudy?: string
  humanCode?: string
  image?: Image
  /** BCP 47 language code. */
  inLanguage?: string
  otherIdentifier?: IdentifierEntry[]
  related?: Related[]
  resultDescription?: ResultDescription[]
  specialization?: string
  tag?: string[]
  version?: string
  [key: string]: unknown
}

/**
 * The recipient and what they achieved. Either `id` or at least one `identifier` MUST be present.
 *
 * @example
 * ```ts
 * declare const achievement: Achievement
 * const s: AchievementSubject = { id: 'did:example:alice', type: ['AchievementSubject'], achievement }
 * ```
 */
export interface AchievementSubject {
  /** URI of the recipient. */
  id?: string
  /** Contains `'AchievementSubject'`. */
  type: OneOrMany<string>
  achievement: Achievement
  identifier?: IdentityObject[]
  /** DateTime; the spec allows it without a timezone. */
  activityStartDate?: string
  activityEndDate?: string
  creditsEarned?: number
  image?: Image
  licenseNumber?: string
  /** Markdown. */
  narrative?: string
  result?: Result[]
  role?: string
  source?: Profile
  term?: string
  [key: string]: unknown
}

/**
 * The subject of an endorsement: the endorsed credential, achievement or profile.
 *
 * @example `const s: EndorsementSubject = { id: 'https://example.edu/issuers/1', type: ['EndorsementSubject'] }`
 */
export interface EndorsementSubject {
  /** URI of the endorsed entity. */
  id: string
  /** Contains `'EndorsementSubject'`. */
  type: OneOrMany<string>
  /** Markdown. */
  endorsementComment?: string
  [key: string]: unknown
}

/**
 * A credential status entry. Narrow on `type` to {@link BitstringStatusListEntry} or
 * {@link OneEdTechRevocationList}.
 *
 * @example `const s: CredentialStatus = { id: 'https://example.edu/status/1', type: '1EdTechRevocationList' }`
 */
export interface CredentialStatus {
  /** URL of the status entry or list (required by the OB schema). */
  id?: string
  /** The status method. */
  type: string
  [key: string]: unknown
}

/**
 * W3C Bitstring Status List entry.
 *
 * @example
 * ```ts
 * const s: BitstringStatusListEntry = {
 *   type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '94567',
 *   statusListCredential: 'https://example.edu/status/3',
 * }
 * ```
 */
export interface BitstringStatusListEntry extends CredentialStatus {
  type: 'BitstringStatusListEntry'
  /** `revocation`, `suspension`, `refresh`, `message` or another purpose. */
  statusPurpose: string
  /** Decimal index of the bit(s), as a string. */
  statusListIndex: string
  /** URL of the BitstringStatusListCredential. */
  statusListCredential: string
  /** Bits per entry (default 1). */
  statusSize?: number
}

/**
 * 1EdTech Revocation List status (VCRL 1.0): `GET id` returns `{ revokedCredential: [...] }`.
 *
 * @example `const s: OneEdTechRevocationList = { id: 'https://example.edu/revocations', type: '1EdTechRevocationList' }`
 */
export interface OneEdTechRevocationList extends CredentialStatus {
  id: string
  type: '1EdTechRevocationList'
}

/**
 * A JSON Schema the credential claims to conform to.
 *
 * @example
 * ```ts
 * const s: CredentialSchema = {
 *   id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
 *   type: '1EdTechJsonSchemaValidator2019',
 * }
 * ```
 */
export interface CredentialSchema {
  id: string
  type: string
  [key: string]: unknown
}

/**
 * Where a fresh copy of the credential can be obtained (e.g. `1EdTechCredentialRefresh`).
 *
 * @example `const r: RefreshService = { id: 'https://example.edu/refresh/1', type: '1EdTechCredentialRefresh' }`
 */
export interface RefreshService {
  /** URL of the service. */
  id: string
  type: string
  [key: string]: unknown
}

/**
 * Terms under which the credential was issued.
 *
 * @example `const t: TermsOfUse = { type: 'IssuerPolicy', id: 'https://example.edu/policy' }`
 */
export interface TermsOfUse {
  id?: string
  type: string
  [key: string]: unknown
}

/**
 * An embedded proof. Fields beyond `type` depend on the proof type; see {@link DataIntegrityProof}.
 *
 * @example `const p: Proof = { type: 'Ed25519Signature2020', proofPurpose: 'assertionMethod' }`
 */
export interface Proof {
  id?: string
  type: string
  cryptosuite?: string
  /** DateTimeZ. */
  created?: string
  /** DateTimeZ. */
  expires?: string
  verificationMethod?: string
  /** `assertionMethod` for credentials. */
  proofPurpose?: string
  proofValue?: string
  challenge?: string
  domain?: OneOrMany<string>
  nonce?: string
  /** `id`(s) of the proof(s) this one chains from. */
  previousProof?: OneOrMany<string>
  [key: string]: unknown
}

/**
 * A W3C Data Integrity proof, e.g. `eddsa-rdfc-2022`.
 *
 * @example
 * ```ts
 * const p: DataIntegrityProof = {
 *   type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2024-04-03T13:53:29Z',
 *   verificationMethod: 'did:key:z6Mk…#z6Mk…', proofPurpose: 'assertionMethod', proofValue: 'z5…',
 * }
 * ```
 */
export interface DataIntegrityProof extends Proof {
  type: 'DataIntegrityProof'
  cryptosuite: string
  verificationMethod: string
  proofPurpose: string
  proofValue: string
}

/**
 * The VC Data Model 2.0 envelope shared by every credential (with the VC 1.1 dates as optional
 * legacy fields). JWT claims (`iss`, `jti`, `sub`, …) of a VC-JWT payload fit the index signature.
 *
 * @example
 * ```ts
 * const vc: VerifiableCredential = {
 *   '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'],
 *   issuer: 'did:example:issuer', validFrom: '2024-01-01T00:00:00Z', credentialSubject: { id: 'did:example:bob' },
 * }
 * ```
 */
export interface VerifiableCredential {
  '@context': JsonLdContext[]
  id?: string
  /** Contains `'VerifiableCredential'`. */
  type: OneOrMany<string>
  issuer: ProfileRef
  credentialSubject: unknown
  /** DateTimeZ; required in VC 2.0. */
  validFrom?: string
  /** DateTimeZ. */
  validUntil?: string
  /** VC 1.1 only (legacy credentials): when the credential was issued. */
  issuanceDate?: string
  /** VC 1.1 only (legacy credentials): when the credential expires. */
  expirationDate?: string
  name?: string
  description?: string
  evidence?: Evidence[]
  proof?: OneOrMany<Proof>
  credentialSchema?: OneOrMany<CredentialSchema>
  credentialStatus?: CredentialStatus
  refreshService?: RefreshService
  termsOfUse?: OneOrMany<TermsOfUse>
  [key: string]: unknown
}

/**
 * An Open Badges 3.0 credential: `type` contains `VerifiableCredential` and `OpenBadgeCredential`
 * (or its alias `AchievementCredential`).
 *
 * @example
 * ```ts
 * declare const credentialSubject: AchievementSubject
 * const badge: OpenBadgeCredential = {
 *   '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], id: 'urn:uuid:…',
 *   type: ['VerifiableCredential', 'OpenBadgeCredential'], issuer: 'https://example.edu/issuers/1',
 *   validFrom: '2024-01-01T00:00:00Z', credentialSubject,
 * }
 * ```
 */
export interface OpenBadgeCredential extends VerifiableCredential {
  id: string
  credentialSubject: AchievementSubject
  image?: Image
  /** DateTimeZ of the original award (`validFrom` changes on re-issue). */
  awardedDate?: string
  endorsement?: EndorsementCredential[]
  endorsementJwt?: string[]
}

/**
 * Alias of {@link OpenBadgeCredential} (the context maps one term to the other).
 *
 * @example `declare const badge: AchievementCredential`
 */
export type AchievementCredential = OpenBadgeCredential

/**
 * A third party's claim about a credential, achievement or profile: `type` contains
 * `VerifiableCredential` and `EndorsementCredential`, and `name` is required.
 *
 * @example
 * ```ts
 * const e: EndorsementCredential = {
 *   '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL], id: 'urn:uuid:…', name: 'Endorsement',
 *   type: ['VerifiableCredential', 'EndorsementCredential'], issuer: 'https://accreditor.example',
 *   validFrom: '2024-01-01T00:00:00Z', credentialSubject: { id: 'https://example.edu/issuers/1', type: ['EndorsementSubject'] },
 * }
 * ```
 */
export interface EndorsementCredential extends VerifiableCredential {
  id: string
  name: string
  credentialSubject: EndorsementSubject
  awardedDate?: string
}

/**
 * A VC 2.0 enveloped credential inside a presentation (e.g. a VC-JWT as a `data:` URL).
 *
 * @example `const e: EnvelopedVerifiableCredential = { id: 'data:application/vc+jwt,eyJ…', type: 'EnvelopedVerifiableCredential' }`
 */
export interface EnvelopedVerifiableCredential {
  '@context'?: JsonLdContext[]
  /** `data:` URL carrying the secured credential. */
  id: string
  type: OneOrMany<string>
  [key: string]: unknown
}

/**
 * A VC Data Model 2.0 presentation.
 *
 * @example
 * ```ts
 * declare const badge: OpenBadgeCredential
 * const vp: VerifiablePresentation = {
 *   '@context': [CREDENTIALS_V2_URL], type: ['VerifiablePresentation'], holder: 'did:example:alice',
 *   verifiableCredential: [badge],
 * }
 * ```
 */
export interface VerifiablePresentation {
  '@context': JsonLdContext[]
  id?: string
  /** Contains `'VerifiablePresentation'`. */
  type: OneOrMany<string>
  /** URI of the holder, or an object with an `id`. */
  holder?: string | { id: string; [key: string]: unknown }
  verifiableCredential?: OneOrMany<VerifiableCredential | EnvelopedVerifiableCredential>
  proof?: OneOrMany<Proof>
  termsOfUse?: OneOrMany<TermsOfUse>
  [key: string]: unknown
}
