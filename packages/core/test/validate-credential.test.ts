// Unit tests for validateCredential: a valid hand-written baseline, then one mutation per rule,
// asserting the exact list of issues (severity, rule, path). No ../shared files are read here.
import { describe, expect, it } from 'vitest'
import { validateCredential, type EndorsementCredential, type OpenBadgeCredential, type Profile } from '../src/model/index.js'

const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1'
const OB_CONTEXT_V3_0_3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

// Mutations reach into arbitrary places of a deep clone; `any` keeps them short.
type Json = any

const ENDORSEMENT: EndorsementCredential = {
  '@context': [VC_V2_CONTEXT, OB_CONTEXT_V3_0_3],
  id: 'urn:uuid:6a9a5c3e-0000-4000-8000-000000000001',
  type: ['VerifiableCredential', 'EndorsementCredential'],
  name: 'Accreditor endorsement',
  issuer: { id: 'https://accreditor.example/issuers/1', type: ['Profile'], name: 'Accreditor' },
  validFrom: '2024-01-01T00:00:00Z',
  credentialSubject: { id: 'https://school.example/issuers/1', type: ['EndorsementSubject'], endorsementComment: 'Good standing' },
}

const ISSUER: Profile = {
  id: 'https://school.example/issuers/1',
  type: ['Profile'],
  name: 'Example School',
  url: 'https://school.example',
  image: { id: 'https://school.example/logo.png', type: 'Image', caption: 'Logo' },
  address: { type: ['Address'], addressCountry: 'USA', geo: { type: 'GeoCoordinates', latitude: 30.2, longitude: -97.7 } },
  otherIdentifier: [{ type: 'IdentifierEntry', identifier: '12345', identifierType: 'sourcedId' }],
  dateOfBirth: '1990-02-28',
  parentOrg: { id: 'did:example:parent', type: ['Profile'], name: 'Parent Org' },
  endorsement: [ENDORSEMENT],
}

const BASE: OpenBadgeCredential = {
  '@context': [VC_V2_CONTEXT, OB_CONTEXT_V3_0_3, 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
  id: 'urn:uuid:2f0c0bd4-0000-4000-8000-000000000002',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Teamwork',
  description: 'Awarded for teamwork.',
  image: { id: 'https://school.example/badges/teamwork.png', type: 'Image' },
  issuer: ISSUER,
  validFrom: '2024-01-01T00:00:00Z',
  validUntil: '2030-01-01T00:00:00+02:00',
  awardedDate: '2023-12-31T23:59:59.5Z',
  credentialSubject: {
    id: 'did:example:alice',
    type: ['AchievementSubject'],
    identifier: [{
      type: 'IdentityObject',
      hashed: true,
      identityHash: 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
      identityType: 'emailAddress',
      salt: 'Kosher',
    }],
    activityStartDate: '2023-09-01T00:00:00Z',
    creditsEarned: 3,
    result: [
      { type: ['Result'], resultDescription: 'urn:uuid:rd-grade', value: 'A' },
      { type: ['Result'], resultDescription: 'urn:uuid:rd-status', status: 'Completed' },
    ],
    achievement: {
      id: 'https://school.example/achievements/teamwork',
      type: ['Achievement'],
      name: 'Teamwork',
      description: 'Collaborates within a group.',
      criteria: { narrative: 'Nominated by peers.' },
      achievementType: 'Badge',
      creditsAvailable: 3,
      inLanguage: 'en-US',
      tag: ['teamwork'],
      alignment: [{ type: ['Alignment'], targetName: 'Teamwork', targetUrl: 'https://framework.example/teamwork', targetType: 'CFItem' }],
      related: [{ id: 'https://school.example/achievements/teamwork-fr', type: ['Related'], inLanguage: 'fr' }],
      resultDescription: [
        {
          id: 'urn:uuid:rd-grade', type: ['ResultDescription'], name: 'Grade', resultType: 'LetterGrade', allowedValue: ['A', 'B'],
          rubricCriterionLevel: [{ id: 'urn:uuid:level-1', type: ['RubricCriterionLevel'], name: 'Mastery', points: '4' }],
        },
        { id: 'urn:uuid:rd-status', type: ['ResultDescription'], name: 'Status', resultType: 'Status' },
      ],
      endorsementJwt: ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    },
  },
  evidence: [{
    id: 'https://school.example/evidence/1', type: ['Evidence'], name: 'Report', mediaType: 'application/pdf',
    digestSRI: 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC',
    digestMultibase: 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA',
  }],
  credentialSchema: [{
    id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
    type: '1EdTechJsonSchemaValidator2019',
  }],
  credentialStatus: {
    id: 'https://school.example/status/1#94567', type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
    statusListIndex: '94567', statusListCredential: 'https://school.example/status/1',
  },
  refreshService: { id: 'https://school.example/refresh/1', type: '1EdTechCredentialRefresh' },
  termsOfUse: [{ type: 'IssuerPolicy', id: 'https://school.example/policy' }],
  endorsement: [{ ...ENDORSEMENT, id: 'urn:uuid:6a9a5c3e-0000-4000-8000-000000000003' }],
  proof: [{
    type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2024-01-01T00:00:00Z',
    verificationMethod: 'did:key:z6MkExample#z6MkExample', proofPurpose: 'assertionMethod', proofValue: 'z5abc',
  }],
}

function mutate(change: (c: Json) => void, base: unknown = BASE): Json {
  const copy: Json = structuredClone(base)
  change(copy)
  return copy
}

/** `severity rule path` of every issue, in order. */
function issues(input: unknown): string[] {
  return validateCredential(input).issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)
}

const SUBJ = '/credentialSubject'
const ACH = '/credentialSubject/achievement'

describe('validateCredential: baselines', () => {
  it('accepts the hand-written complete credential with no issues', () => {
    expect(validateCredential(BASE)).toEqual({ valid: true, kind: 'achievement', dataModel: 'v2', issues: [] })
  })

  it('accepts a top-level EndorsementCredential', () => {
    expect(validateCredential(ENDORSEMENT)).toEqual({ valid: true, kind: 'endorsement', dataModel: 'v2', issues: [] })
  })

  it('accepts AchievementCredential as an alias of OpenBadgeCredential', () => {
    expect(issues(mutate((c) => { c.type = ['VerifiableCredential', 'AchievementCredential'] }))).toEqual([])
  })

  it('accepts a minimal credential with an issuer URI and older OB context versions', () => {
    const minimal = mutate((c) => {
      for (const k of ['name', 'description', 'image', 'validUntil', 'awardedDate', 'evidence', 'credentialSchema',
        'credentialStatus', 'refreshService', 'termsOfUse', 'endorsement', 'proof']) delete c[k]
      c.issuer = 'https://school.example/issuers/1'
      c.credentialSubject = { id: 'did:example:bob', type: ['AchievementSubject'], achievement: c.credentialSubject.achievement }
    })
    expect(issues(minimal)).toEqual([])
    for (const ctx of ['context.json', 'context-3.0.1.json', 'context-3.0.2.json']) {
      const older = mutate((c) => { c['@context'] = [VC_V2_CONTEXT, `https://purl.imsglobal.org/spec/ob/v3p0/${ctx}`] }, minimal)
      expect(issues(older)).toEqual([])
    }
  })

  it('accepts the compacted single-value form of type, proof, credentialSchema and termsOfUse', () => {
    const compacted = mutate((c) => {
      c.credentialSubject.type = 'AchievementSubject'
      c.credentialSubject.achievement.type = 'Achievement'
      c.proof = c.proof[0]
      c.credentialSchema = c.credentialSchema[0]
      c.termsOfUse = c.termsOfUse[0]
    })
    expect(issues(compacted)).toEqual([])
  })

  it('accepts a VC 1.1 credential with issuanceDate', () => {
    const legacy = mutate((c) => {
      c['@context'] = [VC_V1_CONTEXT, OB_CONTEXT_V3_0_3]
      c.issuanceDate = c.validFrom
      c.expirationDate = c.validUntil
      delete c.validFrom
      delete c.validUntil
    })
    expect(validateCredential(legacy)).toMatchObject({ valid: true, dataModel: 'v1.1', issues: [] })
  })

  it('accepts a recipient identified only by a plaintext identifier', () => {
    const plain = mutate((c) => {
      delete c.credentialSubject.id
      c.credentialSubject.identifier = [{ type: 'IdentityObject', hashed: false, identityHash: 'a@example.com', identityType: 'emailAddress' }]
    })
    expect(issues(plain)).toEqual([])
  })

  it('accepts ext: terms in the extensible vocabularies and an md5 IdentityHash', () => {
    const ext = mutate((c) => {
      c.credentialSubject.achievement.achievementType = 'ext:Hackathon'
      c.credentialSubject.achievement.resultDescription[0].resultType = 'ext:Custom_1.0'
      c.credentialSubject.achievement.alignment[0].targetType = 'ext:my-framework'
      c.credentialSubject.identifier[0].identityType = 'ext:studentNumber'
      c.credentialSubject.identifier[0].identityHash = 'md5$0CC175B9C0F1B6A831C399E269772661'
    })
    expect(issues(ext)).toEqual([])
  })
})

describe('validateCredential: not an object', () => {
  it.each([null, 42, 'text', [], true, undefined])('reports not-object at the root for %j', (input) => {
    expect(validateCredential(input)).toEqual({
      valid: false, kind: 'unknown', dataModel: 'unknown',
      issues: [expect.objectContaining({ rule: 'not-object', path: '', severity: 'error' })],
    })
  })
})

describe('validateCredential: @context', () => {
  it('requires @context', () => {
    expect(issues(mutate((c) => { delete c['@context'] }))).toEqual(['error required /@context'])
  })
  it('requires the VC 2.0 context first and the OB context second', () => {
    expect(issues(mutate((c) => { c['@context'] = [OB_CONTEXT_V3_0_3, VC_V2_CONTEXT] })))
      .toEqual(['error context-order /@context/0', 'error context-order /@context/1'])
  })
  it('requires the OB context', () => {
    expect(issues(mutate((c) => { c['@context'] = [VC_V2_CONTEXT] }))).toEqual(['error context-order /@context/1'])
    expect(issues(mutate((c) => { c['@context'] = [VC_V2_CONTEXT, 'https://example.org/ob.json'] })))
      .toEqual(['error context-order /@context/1'])
  })
  it('requires an array', () => {
    expect(issues(mutate((c) => { c['@context'] = VC_V2_CONTEXT })))
      .toEqual(['error not-array /@context', 'error context-order /@context/1'])
  })
  it('rejects entries that are neither URLs nor objects', () => {
    expect(issues(mutate((c) => { c['@context'].push(7) }))).toEqual(['error context-item /@context/3'])
  })
  it('reports an unknown data model when no VC base context is present', () => {
    const r = validateCredential(mutate((c) => { c['@context'] = ['https://example.org/ctx'] }))
    expect(r.dataModel).toBe('unknown')
    expect(r.issues.map((i) => `${i.rule} ${i.path}`)).toEqual(['context-order /@context/0', 'context-order /@context'])
  })
  it('requires the OB context in a VC 1.1 credential', () => {
    const legacy = mutate((c) => { c['@context'] = [VC_V1_CONTEXT]; c.issuanceDate = c.validFrom; delete c.validFrom })
    expect(issues(legacy)).toEqual(['error context-order /@context'])
  })
})

describe('validateCredential: type', () => {
  it('requires VerifiableCredential', () => {
    expect(issues(mutate((c) => { c.type = ['OpenBadgeCredential'] }))).toEqual(['error type-missing /type'])
    expect(issues(mutate((c) => { c.type = 'OpenBadgeCredential' }))).toEqual(['error type-missing /type'])
  })
  it('reports kind unknown when the type names no Open Badges class', () => {
    const r = validateCredential(mutate((c) => { c.type = ['VerifiableCredential'] }))
    expect(r.kind).toBe('unknown')
    expect(r.issues.map((i) => `${i.rule} ${i.path}`)).toEqual(['type-missing /type'])
  })
  it('flags missing, null, empty and non-string type values', () => {
    expect(issues(mutate((c) => { delete c.type }))).toEqual(['error required /type'])
    expect(issues(mutate((c) => { c.type = null }))).toEqual(['error unexpected-null /type'])
    expect(issues(mutate((c) => { c.credentialSubject.type = [] }))).toEqual([`error empty-array ${SUBJ}/type`])
    expect(issues(mutate((c) => { c.type.push(5) }))).toEqual(['error not-string /type/2'])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.type = { id: 'Achievement' } })))
      .toEqual([`error not-array ${ACH}/type`])
  })
  it('requires the class name in nested type sets', () => {
    expect(issues(mutate((c) => { c.credentialSubject.achievement.type = ['Thing'] }))).toEqual([`error type-missing ${ACH}/type`])
    expect(issues(mutate((c) => { c.issuer.type = ['Organization'] }))).toEqual(['error type-missing /issuer/type'])
  })
})

describe('validateCredential: credential properties and dates', () => {
  it.each(['id', 'issuer', 'validFrom', 'credentialSubject'])('requires %s', (name) => {
    expect(issues(mutate((c) => { delete c[name] }))).toEqual([`error required /${name}`])
  })
  it('requires issuanceDate in VC 1.1', () => {
    expect(issues(mutate((c) => { c['@context'] = [VC_V1_CONTEXT, OB_CONTEXT_V3_0_3]; delete c.validFrom })))
      .toEqual(['error required /issuanceDate'])
  })
  it('warns about VC 1.1 dates in a VC 2.0 credential', () => {
    const r = validateCredential(mutate((c) => { c.issuanceDate = c.validFrom; c.expirationDate = c.validUntil }))
    expect(r.valid).toBe(true)
    expect(r.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)).toEqual(['warning legacy-date /issuanceDate', 'warning legacy-date /expirationDate'])
  })
  it.each([
    ['2024-01-01T00:00:00', 'no timezone'],
    ['2024-01-01', 'date only'],
    ['2024-02-30T00:00:00Z', 'no such day'],
    ['2024-01-01T24:00:00Z', 'hour 24'],
    ['2024-01-01 00:00:00Z', 'space separator'],
    ['2024-01-01T00:00:00+0200', 'offset without colon'],
  ])('rejects validFrom %s (%s)', (value) => {
    expect(issues(mutate((c) => { c.validFrom = value }))).toEqual(['error format-datetime /validFrom'])
  })
  it('accepts leap days, fractions and offsets', () => {
    expect(issues(mutate((c) => { c.validFrom = '2024-02-29T12:30:45.123-05:30' }))).toEqual([])
  })
  it('checks validUntil, awardedDate and proof.created as DateTimeZ', () => {
    expect(issues(mutate((c) => { c.validUntil = 'tomorrow'; c.awardedDate = '2024-01-01T00:00:00'; c.proof[0].created = 5 })))
      .toEqual(['error format-datetime /validUntil', 'error format-datetime /awardedDate', 'error not-string /proof/0/created'])
  })
  it('warns (only) about activity dates without a timezone', () => {
    const r = validateCredential(mutate((c) => { c.credentialSubject.activityStartDate = '2023-09-01T00:00:00' }))
    expect(r.valid).toBe(true)
    expect(r.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)).toEqual([`warning format-datetime ${SUBJ}/activityStartDate`])
  })
  it('checks URIs', () => {
    expect(issues(mutate((c) => { c.id = 'credential 3732' }))).toEqual(['error format-uri /id'])
    expect(issues(mutate((c) => { c.issuer = '/issuers/1' }))).toEqual(['error format-uri /issuer'])
    expect(issues(mutate((c) => { c.issuer.url = 'school.example' }))).toEqual(['error format-uri /issuer/url'])
  })
  it('checks the issuer ProfileRef shape', () => {
    expect(issues(mutate((c) => { c.issuer = [c.issuer] }))).toEqual(['error single-value /issuer'])
    expect(issues(mutate((c) => { c.issuer = 7 }))).toEqual(['error not-object /issuer'])
    expect(issues(mutate((c) => { delete c.issuer.id }))).toEqual(['error required /issuer/id'])
  })
  it('flags null values and plain-type mismatches', () => {
    expect(issues(mutate((c) => { c.name = null }))).toEqual(['error unexpected-null /name'])
    expect(issues(mutate((c) => { c.description = 5 }))).toEqual(['error not-string /description'])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.creditsAvailable = '3' }))).toEqual([`error not-number ${ACH}/creditsAvailable`])
    expect(issues(mutate((c) => { c.credentialSubject.identifier[0].hashed = 'true' }))).toEqual([`error not-boolean ${SUBJ}/identifier/0/hashed`])
    expect(issues(mutate((c) => { c.issuer.address.geo.latitude = '30.2' }))).toEqual(['error not-number /issuer/address/geo/latitude'])
  })
  it('requires a single credentialSubject object', () => {
    expect(issues(mutate((c) => { c.credentialSubject = [c.credentialSubject] }))).toEqual(['error single-value /credentialSubject'])
    expect(issues(mutate((c) => { c.credentialSubject = 'did:example:alice' }))).toEqual(['error not-object /credentialSubject'])
  })
})

describe('validateCredential: sets', () => {
  it('requires arrays for sets the schema types as arrays, but still checks a single object', () => {
    expect(issues(mutate((c) => { c.evidence = c.evidence[0] }))).toEqual(['error not-array /evidence'])
    expect(issues(mutate((c) => { c.evidence = { name: 'x' } }))).toEqual(['error not-array /evidence', 'error required /evidence/type'])
    expect(issues(mutate((c) => { c.credentialSubject.result = c.credentialSubject.result[0] }))).toEqual([`error not-array ${SUBJ}/result`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.alignment = c.credentialSubject.achievement.alignment[0] })))
      .toEqual([`error not-array ${ACH}/alignment`])
    expect(issues(mutate((c) => { c.endorsement = c.endorsement[0] }))).toEqual(['error not-array /endorsement'])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.tag = 'teamwork' }))).toEqual([`error not-array ${ACH}/tag`])
  })
  it('warns about empty arrays and rejects null sets and null items', () => {
    const r = validateCredential(mutate((c) => { c.evidence = []; c.credentialSubject.achievement.tag = [] }))
    expect(r.valid).toBe(true)
    expect(r.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)).toEqual(['warning empty-array /evidence', `warning empty-array ${ACH}/tag`])
    expect(issues(mutate((c) => { c.evidence = null }))).toEqual(['error unexpected-null /evidence'])
    expect(issues(mutate((c) => { c.evidence.push(null) }))).toEqual(['error unexpected-null /evidence/1'])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.tag.push(1) }))).toEqual([`error not-string ${ACH}/tag/1`])
  })
  it('rejects arrays for single-valued properties', () => {
    expect(issues(mutate((c) => { c.refreshService = [c.credentialStatus] }))).toEqual(['error single-value /refreshService'])
    expect(issues(mutate((c) => { c.name = ['a', 'b'] }))).toEqual(['error single-value /name'])
  })

  it('warns, rather than fails, on several credentialStatus entries (VC 2.0 allows them; OB 3.0 expects one), and checks each', () => {
    expect(issues(mutate((c) => { c.credentialStatus = [c.credentialStatus, { ...c.credentialStatus, statusPurpose: 'suspension' }] }))).toEqual(['warning several-values /credentialStatus'])
    expect(issues(mutate((c) => { c.credentialStatus = [c.credentialStatus, { type: 'BitstringStatusListEntry' }] }))).toEqual(expect.arrayContaining(['warning several-values /credentialStatus', expect.stringMatching(/^error required \/credentialStatus\/1\//)]))
  })
})

describe('validateCredential: images', () => {
  it('warns about a bare URL image but stays valid', () => {
    const r = validateCredential(mutate((c) => { c.image = 'https://school.example/badge.png'; c.issuer.image = 'data:image/png;base64,iVBORw0KGgo=' }))
    expect(r.valid).toBe(true)
    expect(r.issues.map((i) => `${i.severity} ${i.rule} ${i.path}`)).toEqual(['warning image-object /image', 'warning image-object /issuer/image'])
  })
  it('rejects a bare image string that is not a URI', () => {
    expect(issues(mutate((c) => { c.image = 'badge.png' }))).toEqual(['warning image-object /image', 'error format-uri /image'])
  })
  it('requires {id, type: "Image"} and nothing else but caption', () => {
    expect(issues(mutate((c) => { delete c.image.type }))).toEqual(['error required /image/type'])
    expect(issues(mutate((c) => { c.image.type = 'image' }))).toEqual(['error enum /image/type'])
    expect(issues(mutate((c) => { c.image.type = ['Image'] }))).toEqual(['error single-value /image/type'])
    expect(issues(mutate((c) => { delete c.image.id }))).toEqual(['error required /image/id'])
    expect(issues(mutate((c) => { c.image.width = 10 }))).toEqual(['error additional-property /image/width'])
    expect(issues(mutate((c) => { c.image['a/b~c'] = 1 }))).toEqual(['error additional-property /image/a~1b~0c'])
    expect(issues(mutate((c) => { c.image = 5 }))).toEqual(['error not-object /image'])
  })
})

describe('validateCredential: Achievement and its parts', () => {
  it.each(['id', 'type', 'criteria', 'description', 'name'])('requires Achievement.%s', (name) => {
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement[name] }))).toEqual([`error required ${ACH}/${name}`])
  })
  it('requires AchievementSubject.achievement', () => {
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement }))).toEqual([`error required ${SUBJ}/achievement`])
  })
  it('checks the achievementType vocabulary', () => {
    expect(issues(mutate((c) => { c.credentialSubject.achievement.achievementType = 'Trophy' }))).toEqual([`error enum ${ACH}/achievementType`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.achievementType = 'ext:' }))).toEqual([`error enum ${ACH}/achievementType`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.achievementType = 'x ext:Foo' }))).toEqual([`error enum ${ACH}/achievementType`])
  })
  it('warns about Criteria with neither id nor narrative', () => {
    expect(issues(mutate((c) => { c.credentialSubject.achievement.criteria = {} }))).toEqual([`warning criteria-id-or-narrative ${ACH}/criteria`])
  })
  it('checks Alignment', () => {
    const a = `${ACH}/alignment/0`
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.alignment[0].targetUrl }))).toEqual([`error required ${a}/targetUrl`])
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.alignment[0].targetName }))).toEqual([`error required ${a}/targetName`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.alignment[0].targetType = 'Competency' }))).toEqual([`error enum ${a}/targetType`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.alignment[0].targetUrl = 'framework' }))).toEqual([`error format-uri ${a}/targetUrl`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.alignment[0].type = ['Align'] }))).toEqual([`error type-missing ${a}/type`])
  })
  it('checks Related, inLanguage and IdentifierEntry', () => {
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.related[0].id }))).toEqual([`error required ${ACH}/related/0/id`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.inLanguage = 'English' }))).toEqual([`error format-language ${ACH}/inLanguage`])
    expect(issues(mutate((c) => { delete c.issuer.otherIdentifier[0].identifierType }))).toEqual(['error required /issuer/otherIdentifier/0/identifierType'])
    expect(issues(mutate((c) => { c.issuer.otherIdentifier[0].note = 'x' }))).toEqual(['error additional-property /issuer/otherIdentifier/0/note'])
  })
  it('checks ResultDescription and RubricCriterionLevel', () => {
    const rd = `${ACH}/resultDescription/0`
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.resultDescription[0].resultType }))).toEqual([`error required ${rd}/resultType`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.resultDescription[0].resultType = 'Grade' }))).toEqual([`error enum ${rd}/resultType`])
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.resultDescription[0].name }))).toEqual([`error required ${rd}/name`])
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.resultDescription[0].rubricCriterionLevel[0].name })))
      .toEqual([`error required ${rd}/rubricCriterionLevel/0/name`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.resultDescription[0].rubricCriterionLevel[0].points = 4 })))
      .toEqual([`error not-string ${rd}/rubricCriterionLevel/0/points`])
  })
  it('checks endorsementJwt strings', () => {
    expect(issues(mutate((c) => { c.credentialSubject.achievement.endorsementJwt = ['not a jws'] }))).toEqual([`error format-jws ${ACH}/endorsementJwt/0`])
  })
})

describe('validateCredential: AchievementSubject, Result and IdentityObject', () => {
  it('requires an id or an identifier', () => {
    expect(issues(mutate((c) => { delete c.credentialSubject.id; delete c.credentialSubject.identifier })))
      .toEqual([`error subject-id-or-identifier ${SUBJ}`])
    expect(issues(mutate((c) => { delete c.credentialSubject.id; c.credentialSubject.identifier = [] })))
      .toEqual([`warning empty-array ${SUBJ}/identifier`, `error subject-id-or-identifier ${SUBJ}`])
  })
  it('checks Result', () => {
    expect(issues(mutate((c) => { c.credentialSubject.result[1].status = 'Done' }))).toEqual([`error enum ${SUBJ}/result/1/status`])
    expect(issues(mutate((c) => { c.credentialSubject.result[1].status = 'ext:Done' }))).toEqual([`error enum ${SUBJ}/result/1/status`])
    expect(issues(mutate((c) => { delete c.credentialSubject.result[0].type }))).toEqual([`error required ${SUBJ}/result/0/type`])
    expect(issues(mutate((c) => { c.credentialSubject.result[0].value = 90 }))).toEqual([`error not-string ${SUBJ}/result/0/value`])
  })
  it('requires Result.status when its ResultDescription has resultType Status', () => {
    expect(issues(mutate((c) => { delete c.credentialSubject.result[1].status }))).toEqual([`error result-status-required ${SUBJ}/result/1/status`])
  })
  it('checks IdentityObject', () => {
    const id = `${SUBJ}/identifier/0`
    for (const name of ['hashed', 'identityHash', 'identityType', 'type']) {
      expect(issues(mutate((c) => { delete c.credentialSubject.identifier[0][name] }))).toEqual([`error required ${id}/${name}`])
    }
    expect(issues(mutate((c) => { c.credentialSubject.identifier[0].type = ['IdentityObject'] }))).toEqual([`error single-value ${id}/type`])
    expect(issues(mutate((c) => { c.credentialSubject.identifier[0].identityType = 'email' }))).toEqual([`error enum ${id}/identityType`])
    expect(issues(mutate((c) => { c.credentialSubject.identifier[0].extra = 1 }))).toEqual([`error additional-property ${id}/extra`])
  })
  it.each([
    'a@example.com',
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0',
    'md5$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    'sha1$a9993e364706816aba3e25717850c26c9cd0d89d',
    'sha256$zz809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
  ])('rejects the hashed identityHash %s', (hash) => {
    expect(issues(mutate((c) => { c.credentialSubject.identifier[0].identityHash = hash })))
      .toEqual([`error identity-hash-format ${SUBJ}/identifier/0/identityHash`])
  })
})

describe('validateCredential: Profile, Evidence, status, schema, proof', () => {
  it('checks Profile dateOfBirth, address and parentOrg', () => {
    expect(issues(mutate((c) => { c.issuer.dateOfBirth = '1990-02-30' }))).toEqual(['error format-date /issuer/dateOfBirth'])
    expect(issues(mutate((c) => { c.issuer.address.type = ['PostalAddress'] }))).toEqual(['error type-missing /issuer/address/type'])
    expect(issues(mutate((c) => { delete c.issuer.parentOrg.type }))).toEqual(['error required /issuer/parentOrg/type'])
    expect(issues(mutate((c) => { delete c.credentialSubject.achievement.resultDescription; c.credentialSubject.source = { id: 'x' } })))
      .toEqual([`error required ${SUBJ}/source/type`, `error format-uri ${SUBJ}/source/id`])
  })
  it('checks Evidence', () => {
    expect(issues(mutate((c) => { delete c.evidence[0].type }))).toEqual(['error required /evidence/0/type'])
    expect(issues(mutate((c) => { c.evidence[0].id = 'report.pdf' }))).toEqual(['error format-uri /evidence/0/id'])
    expect(issues(mutate((c) => { c.evidence[0].digestSRI = 'sha1-abc' }))).toEqual(['error format-sri /evidence/0/digestSRI'])
    expect(issues(mutate((c) => { c.evidence[0].digestMultibase = 'EiBZ' }))).toEqual(['error format-multibase /evidence/0/digestMultibase'])
    expect(issues(mutate((c) => { c.evidence[0].mediaType = 'pdf' }))).toEqual(['error format-media-type /evidence/0/mediaType'])
    expect(issues(mutate((c) => { c.evidence[0].id = 'data:text/plain;base64,SGk=' }))).toEqual([])
  })
  it('checks credentialStatus, including BitstringStatusListEntry fields', () => {
    expect(issues(mutate((c) => { delete c.credentialStatus.id }))).toEqual(['error required /credentialStatus/id'])
    expect(issues(mutate((c) => { delete c.credentialStatus.statusListCredential }))).toEqual(['error required /credentialStatus/statusListCredential'])
    expect(issues(mutate((c) => { c.credentialStatus.statusListIndex = 94567 }))).toEqual(['error not-string /credentialStatus/statusListIndex'])
    expect(issues(mutate((c) => { c.credentialStatus.statusListIndex = '-1' }))).toEqual(['error format-integer /credentialStatus/statusListIndex'])
    expect(issues(mutate((c) => { c.credentialStatus = { id: 'https://school.example/revocations', type: '1EdTechRevocationList' } }))).toEqual([])
  })
  it('checks refreshService, credentialSchema and termsOfUse', () => {
    expect(issues(mutate((c) => { delete c.refreshService.id }))).toEqual(['error required /refreshService/id'])
    expect(issues(mutate((c) => { delete c.credentialSchema[0].type }))).toEqual(['error required /credentialSchema/0/type'])
    expect(issues(mutate((c) => { c.termsOfUse = { id: 'https://school.example/policy' } }))).toEqual(['error required /termsOfUse/type'])
  })
  it('checks proofs', () => {
    expect(issues(mutate((c) => { delete c.proof[0].type }))).toEqual(['error required /proof/0/type'])
    expect(issues(mutate((c) => { c.proof[0].proofPurpose = 'authentication' }))).toEqual(['error proof-purpose /proof/0/proofPurpose'])
    expect(issues(mutate((c) => { c.proof[0].verificationMethod = 'key-1' }))).toEqual(['error format-uri /proof/0/verificationMethod'])
  })
})

describe('validateCredential: endorsements', () => {
  it('requires name and EndorsementSubject.id on a top-level endorsement', () => {
    expect(issues(mutate((c) => { delete c.name }, ENDORSEMENT))).toEqual(['error required /name'])
    expect(issues(mutate((c) => { delete c.credentialSubject.id }, ENDORSEMENT))).toEqual(['error required /credentialSubject/id'])
    expect(issues(mutate((c) => { c.credentialSubject.type = ['Endorsement'] }, ENDORSEMENT))).toEqual(['error type-missing /credentialSubject/type'])
  })
  it('validates endorsements embedded in the credential, the achievement and profiles', () => {
    expect(issues(mutate((c) => { delete c.endorsement[0].name }))).toEqual(['error required /endorsement/0/name'])
    expect(issues(mutate((c) => { c.issuer.endorsement[0]['@context'] = [VC_V2_CONTEXT] })))
      .toEqual(['error context-order /issuer/endorsement/0/@context/1'])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.endorsement = [{ ...ENDORSEMENT, type: ['VerifiableCredential'] }] })))
      .toEqual([`error type-missing ${ACH}/endorsement/0/type`])
    expect(issues(mutate((c) => { c.credentialSubject.achievement.creator = { ...ISSUER, endorsement: [{ ...ENDORSEMENT, validFrom: 'x' }] } })))
      .toEqual([`error format-datetime ${ACH}/creator/endorsement/0/validFrom`])
  })
  it('stops at 8 levels of nested endorsements', () => {
    const nest = (levels: number): Json => {
      let e: Json = structuredClone(ENDORSEMENT)
      for (let i = 1; i < levels; i++) e = { ...structuredClone(ENDORSEMENT), issuer: { ...ISSUER, endorsement: [e] } }
      return e
    }
    expect(issues(mutate((c) => { c.endorsement = [nest(8)] }))).toEqual([])
    const deep = '/endorsement/0' + '/issuer/endorsement/0'.repeat(8)
    expect(issues(mutate((c) => { c.endorsement = [nest(9)] }))).toEqual([`error max-depth ${deep}`])
  })
})

describe('validateCredential: robustness', () => {
  it('caps the issue list at maxIssues and says so', () => {
    const broken = mutate((c) => { c.evidence = Array.from({ length: 50 }, () => ({})) })
    const r = validateCredential(broken, { maxIssues: 5 })
    expect(r.valid).toBe(false)
    expect(r.issues).toHaveLength(6)
    expect(r.issues.slice(0, 5).every((i) => i.rule === 'required')).toBe(true)
    expect(r.issues[5]).toMatchObject({ rule: 'issues-truncated', severity: 'warning' })
    expect(validateCredential(broken).issues).toHaveLength(50)
  })
  it('keeps valid false when the only error comes after the cap is full of warnings', () => {
    const r = validateCredential(mutate((c) => { c.evidence = []; c.credentialSubject.achievement.tag = []; c.proof[0].created = null }), { maxIssues: 2 })
    expect(r.valid).toBe(false)
    expect(r.issues.map((i) => i.rule)).toEqual(['empty-array', 'empty-array', 'issues-truncated'])
  })
  it('rejects a bad maxIssues with a TypeError', () => {
    expect(() => validateCredential(BASE, { maxIssues: 0 })).toThrow(TypeError)
    expect(() => validateCredential(BASE, { maxIssues: 1.5 })).toThrow(TypeError)
  })
  it('handles large inputs iteratively', () => {
    const evidence = Array.from({ length: 100_000 }, (_, i) => ({ id: `https://school.example/e/${i}`, type: ['Evidence'] }))
    expect(validateCredential(mutate((c) => { c.evidence = evidence })).valid).toBe(true)
    const deep = mutate((c) => {
      let org = c.issuer
      for (let i = 0; i < 20_000; i++) org = org.parentOrg = { id: `https://org.example/${i}`, type: ['Profile'] }
    })
    expect(validateCredential(deep).valid).toBe(true)
  })
  it('survives cycles and throwing getters in hand-built objects', () => {
    const cyclic = mutate(() => undefined)
    cyclic.issuer.parentOrg = cyclic.issuer
    cyclic.endorsement[0].issuer = cyclic.issuer
    expect(validateCredential(cyclic).valid).toBe(true)
    const hostile = mutate(() => undefined)
    Object.defineProperty(hostile, 'name', { enumerable: true, get: () => { throw new Error('boom') } })
    const r = validateCredential(hostile)
    expect(r.valid).toBe(false)
    expect(r.issues.map((i) => i.rule)).toContain('internal-error')
  })
  it('writes messages that name the problem and the place', () => {
    const [issue] = validateCredential(mutate((c) => { delete c.credentialSubject.achievement.criteria })).issues
    expect(issue?.message).toBe('Achievement at /credentialSubject/achievement is missing the required property "criteria".')
  })
})
