/**
 * The `schema` check's report, result by result and word for word: ob3's own rules failing (the
 * first five problems, then how many more), a credential that is no object at all, remarks that
 * leave it a warning, JSON Schemas named by the credential that failed, could not be checked, or
 * passed, and the official OB 3.0 schema that ob3's rules stand in for when it was not fetched.
 */
import { describe, expect, it } from 'vitest'
import { checkSchema } from '../src/checks/schema.js'
import { credential, parties } from './fixtures.js'

const { provider } = await parties()
const none = { errors: [], unchecked: [], checked: [] }
const OFFICIAL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json'
const jsonErrors = (n: number) => Array.from({ length: n }, (_, i) => `https://schemas.example/s.json: /credentialSubject/n${i}: must be number`)

describe('the schema check says', () => {
  it('every problem of five, and no "more"', () => {
    expect(checkSchema({})).toEqual({
      id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID',
      message: 'does not conform to OB 3.0: /@context: The credential at (root) is missing the required property "@context".; /type: credential at (root) is missing the required property "type".; /issuer: credential at (root) is missing the required property "issuer".; /credentialSubject: credential at (root) is missing the required property "credentialSubject".; /validFrom: The credential at (root) is missing the required property "validFrom" (a credential needs validFrom, or issuanceDate in VC 1.1).',
    })
  })

  it('the first five problems of six, then how many more', () => {
    expect(checkSchema({ type: 7, issuer: 7, credentialSubject: 7, '@context': 7, validFrom: 'x', id: 7 })).toEqual({
      id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID',
      message: 'does not conform to OB 3.0: /@context: "@context" at /@context must be an array (an ordered set); got the number 7.; /type: "type" on credential (at /type) must be an array of type names; got the number 7.; /id: "id" on credential (at /id) must be a string; got the number 7.; /issuer: "issuer" on credential (at /issuer) must be a URI or a Profile object; got the number 7.; /validFrom: "validFrom" on credential (at /validFrom) must be a date-time like 2024-01-01T00:00:00Z; got the string "x".; and 1 more',
    })
  })

  it('"/" for a problem of the whole document', () => {
    expect(checkSchema(null as never)).toEqual({ id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID', message: 'does not conform to OB 3.0: /: A credential must be a JSON object; got null.' })
  })

  it('what a JSON Schema the credential names also reports, after its own problems', () => {
    expect(checkSchema({}, { ...none, errors: jsonErrors(7) }).message).toMatch(/"validFrom" \(a credential needs validFrom, or issuanceDate in VC 1\.1\)\.; the JSON Schema it names also reports: https:\/\/schemas\.example\/s\.json: \/credentialSubject\/n0: must be number; (.*n[1-3].*; )https:\/\/schemas\.example\/s\.json: \/credentialSubject\/n4: must be number; and 2 more$/)
  })

  it('what a JSON Schema reports when ob3\'s rules pass: five, or five and how many more', () => {
    const good = credential({ issuer: provider })
    const five = jsonErrors(5)
    expect(checkSchema(good, { ...none, errors: five })).toEqual({ id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA', message: `does not validate against the JSON Schema it names: ${five.join('; ')}` })
    expect(checkSchema(good, { ...none, errors: jsonErrors(6) })).toEqual({ id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA', message: `does not validate against the JSON Schema it names: ${five.join('; ')}; and 1 more` })
  })

  it('remarks that leave it a warning, and the schemas it could not check first among them', () => {
    const remarked = { ...credential({ issuer: provider }), evidence: [] }
    expect(checkSchema(remarked)).toEqual({
      id: 'schema', status: 'warning', code: 'ERR_OB3_SCHEMA_INVALID',
      message: 'conforms to OB 3.0, with remarks: /evidence: "evidence" on AchievementCredential is an empty array; omit the property instead.',
    })
    const unchecked = { ...none, unchecked: [{ id: 'https://schemas.example/gone.json', official: false, reason: 'HTTP 404' }, { id: 'https://schemas.example/x.xsd', official: false, reason: 'type XmlSchema is not read' }] }
    expect(checkSchema(remarked, unchecked)).toEqual({
      id: 'schema', status: 'warning', code: 'ERR_OB3_SCHEMA_UNCHECKED',
      message: 'conforms to OB 3.0, with remarks: /credentialSchema: not checked: https://schemas.example/gone.json (HTTP 404); https://schemas.example/x.xsd (type XmlSchema is not read); /evidence: "evidence" on AchievementCredential is an empty array; omit the property instead.',
    })
  })

  it('which schemas it validates against, and which official one ob3\'s rules stood in for', () => {
    const good = credential({ issuer: provider })
    expect(checkSchema(good)).toEqual({ id: 'schema', status: 'passed', message: 'conforms to the OB 3.0 data model' })
    expect(checkSchema(good, { ...none, checked: ['https://schemas.example/a.json', 'https://schemas.example/b.json'] })).toEqual({
      id: 'schema', status: 'passed', message: 'conforms to the OB 3.0 data model and validates against https://schemas.example/a.json, https://schemas.example/b.json',
    })
    expect(checkSchema(good, { ...none, unchecked: [{ id: OFFICIAL, official: true, reason: 'not available offline' }] })).toEqual({
      id: 'schema', status: 'passed', message: `conforms to the OB 3.0 data model (ob3's rules implement the official schema ${OFFICIAL}, which was not fetched: not available offline)`,
    })
    const endorsementSchema = OFFICIAL.replace('achievementcredential', 'endorsementcredential')
    expect(checkSchema(good, { ...none, unchecked: [{ id: OFFICIAL, official: true, reason: 'not available offline' }, { id: endorsementSchema, official: true, reason: 'HTTP 503' }] }).message).toBe(
      `conforms to the OB 3.0 data model (ob3's rules implement the official schema ${OFFICIAL}, ${endorsementSchema}, which was not fetched: not available offline)`,
    )
  })
})
