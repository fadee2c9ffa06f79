import { validateCredential } from '@ob3/core'
import type { CheckResult } from '../report.js'
import type { JsonSchemaFindings } from './json-schema.js'

/**
 * `schema`: OB 3.0 conformance (required properties, sets, formats, the subject's
 * id-or-identifier rule) by ob3's own rules, and validation against each JSON Schema the
 * credential names in `credentialSchema` (types `1EdTechJsonSchemaValidator2019` and `JsonSchema`),
 * as `checkJsonSchemas` found it (without findings, only ob3's rules run).
 *
 * - ob3's rules failing → `failed` `ERR_OB3_SCHEMA_INVALID`, their messages first (the JSON
 *   Schema findings follow them);
 * - only a named JSON Schema failing → `failed` `ERR_OB3_SCHEMA_JSON_SCHEMA`, with each instance path;
 * - a schema of an unknown type, or one that cannot be fetched or compiled → `warning`
 *   `ERR_OB3_SCHEMA_UNCHECKED`, except the official OB 3.0 schemas, which ob3's rules implement:
 *   unavailable offline, they leave the check passed and say so.
 */
export function checkSchema(doc: Record<string, unknown>, json: JsonSchemaFindings = { errors: [], unchecked: [], checked: [] }): CheckResult {
  const result = validateCredential(doc)
  const errors = result.issues.filter((i) => i.severity === 'error')
  const warnings = result.issues.filter((i) => i.severity === 'warning')
  const describe = (list: typeof result.issues) =>
    list.slice(0, 5).map((i) => `${i.path || '/'}: ${i.message}`).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '')
  const few = (list: string[]) => list.slice(0, 5).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '')
  const unchecked = json.unchecked.filter((u) => !u.official)
  if (unchecked.length > 0) {
    warnings.unshift({ rule: 'schema-not-checked', path: '/credentialSchema', severity: 'warning', message: `not checked: ${unchecked.map((u) => `${u.id} (${u.reason})`).join('; ')}` })
  }
  if (errors.length > 0) {
    const also = json.errors.length > 0 ? `; the JSON Schema it names also reports: ${few(json.errors)}` : ''
    return { id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID', message: `does not conform to OB 3.0: ${describe(errors)}${also}` }
  }
  if (json.errors.length > 0) {
    return { id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_JSON_SCHEMA', message: `does not validate against the JSON Schema it names: ${few(json.errors)}` }
  }
  const against = json.checked.length > 0 ? ` and validates against ${json.checked.join(', ')}` : ''
  const offline = json.unchecked.filter((u) => u.official)
  const note = offline.length > 0 ? ` (ob3's rules implement the official schema ${offline.map((u) => u.id).join(', ')}, which was not fetched: ${offline[0]?.reason ?? ''})` : ''
  if (warnings.length > 0) {
    const code = unchecked.length > 0 ? 'ERR_OB3_SCHEMA_UNCHECKED' : 'ERR_OB3_SCHEMA_INVALID'
    return { id: 'schema', status: 'warning', code, message: `conforms to OB 3.0${against}, with remarks: ${describe(warnings)}${note}` }
  }
  return { id: 'schema', status: 'passed', message: `conforms to the OB 3.0 data model${against}${note}` }
}
