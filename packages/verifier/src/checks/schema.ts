import { validateCredential } from '@ob3/core'
import type { CheckResult } from '../report.js'

/** `schema`: OB 3.0 conformance (required properties, sets, formats, the subject's id-or-identifier rule). */
export function checkSchema(doc: Record<string, unknown>): CheckResult {
  const result = validateCredential(doc)
  const errors = result.issues.filter((i) => i.severity === 'error')
  const warnings = result.issues.filter((i) => i.severity === 'warning')
  const describe = (list: typeof result.issues) =>
    list.slice(0, 5).map((i) => `${i.path || '/'}: ${i.message}`).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '')
  if (errors.length > 0) {
    return { id: 'schema', status: 'failed', code: 'ERR_OB3_SCHEMA_INVALID', message: `does not conform to OB 3.0: ${describe(errors)}` }
  }
  if (warnings.length > 0) {
    return { id: 'schema', status: 'warning', code: 'ERR_OB3_SCHEMA_INVALID', message: `conforms to OB 3.0, with remarks: ${describe(warnings)}` }
  }
  return { id: 'schema', status: 'passed', message: 'conforms to the OB 3.0 data model' }
}
