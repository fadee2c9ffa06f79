import { validateCredential } from '@ob3/core'
import type { CheckResult } from '../report.js'

/** The official OB 3.0 schemas, which the built-in rules implement. */
const OFFICIAL_SCHEMA = /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/schema\/(json|json-ld)\/ob_v3p0_(any)?(achievement|endorsement)credential_schema\.json$/

/** Schemas the credential names besides the official ones: listed, since they are not checked. */
function otherSchemas(doc: Record<string, unknown>): string[] {
  const raw = doc.credentialSchema
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list
    .map((s) => (typeof s === 'object' && s !== null ? (s as Record<string, unknown>).id : undefined))
    .filter((id): id is string => typeof id === 'string' && !OFFICIAL_SCHEMA.test(id))
}

/** `schema`: OB 3.0 conformance (required properties, sets, formats, the subject's id-or-identifier rule). */
export function checkSchema(doc: Record<string, unknown>): CheckResult {
  const result = validateCredential(doc)
  const errors = result.issues.filter((i) => i.severity === 'error')
  const warnings = result.issues.filter((i) => i.severity === 'warning')
  const describe = (list: typeof result.issues) =>
    list.slice(0, 5).map((i) => `${i.path || '/'}: ${i.message}`).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '')
  const unchecked = otherSchemas(doc)
  if (unchecked.length > 0) {
    warnings.unshift({ rule: 'schema-not-checked', path: '/credentialSchema', severity: 'warning', message: `the credential also names ${unchecked.join(', ')}, which ob3 does not fetch or check` })
  }
  if (errors.length > 0) {
    return { id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID', message: `does not conform to OB 3.0: ${describe(errors)}` }
  }
  if (warnings.length > 0) {
    const code = unchecked.length > 0 ? 'ERR_OB3_SCHEMA_UNCHECKED' : 'ERR_OB3_SCHEMA_INVALID'
    return { id: 'schema', status: 'warning', code, message: `conforms to OB 3.0, with remarks: ${describe(warnings)}` }
  }
  return { id: 'schema', status: 'passed', message: 'conforms to the OB 3.0 data model' }
}
