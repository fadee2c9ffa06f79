import { fromBase64Url, fromUtf8 } from '@ob3/core'
import { checkContext, checkContextsLoad, checkType } from '../checks/context-type.js'
import { checkProof, type ProofExpectations } from '../checks/proof.js'
import { checkJsonSchemas } from '../checks/json-schema.js'
import { checkSchema } from '../checks/schema.js'
import { checkStatus } from '../checks/status.js'
import { checkValidity } from '../checks/validity.js'
import type { CheckResult } from '../report.js'
import type { VerifyContext } from './context.js'

/**
 * The checks every credential goes through, an OpenBadgeCredential or an EndorsementCredential
 * (OB 3.0 verification steps 1, 2 and 4): context, type, schema, proof, validity, status.
 * Internal.
 */
export async function documentChecks(doc: Record<string, unknown>, jwt: string | undefined, ctx: VerifyContext, kind: 'credential' | 'endorsement', expect?: ProofExpectations): Promise<CheckResult[]> {
  const context = await checkContextsLoad(doc, checkContext(doc, ctx.extraContexts), ctx.extraContexts, ctx.documentLoader)
  const checks: CheckResult[] = [context, kind === 'endorsement' ? checkEndorsementType(doc) : checkType(doc)]
  // The proof's key, the status lists and the JSON Schemas are fetched at the same time, inside one time budget.
  const [schema, proof, status] = await Promise.all([
    checkJsonSchemas(doc, { fetch: ctx.fetch }),
    checkProof({ document: doc, jwt, resolveKey: ctx.resolveKey, publishedKeys: ctx.publishedKeys, documentLoader: ctx.documentLoader, keyBinding: ctx.keyBinding, now: ctx.now, ...(expect === undefined ? {} : { expect }) }),
    checkStatus({ document: doc, fetch: ctx.fetch, now: ctx.now, resolveKey: ctx.resolveKey, documentLoader: ctx.documentLoader, keyBinding: ctx.keyBinding, statusIssuer: ctx.statusIssuer, trust: ctx.trust, trustPolicy: ctx.trustPolicy }),
  ])
  checks.push(checkSchema(doc, schema), proof.check)
  checks.push(checkValidity(doc, ctx.now, jwt === undefined ? undefined : expOf(jwt)))
  checks.push(status)
  return checks
}

function checkEndorsementType(doc: Record<string, unknown>): CheckResult {
  const types = Array.isArray(doc.type) ? doc.type : [doc.type]
  if (types.includes('VerifiableCredential') && types.includes('EndorsementCredential')) return { id: 'type', status: 'passed', message: 'an EndorsementCredential' }
  return { id: 'type', status: 'failed', code: 'ERR_OB3_TYPE_INVALID', message: 'an endorsement\'s type must include VerifiableCredential and EndorsementCredential' }
}

/** A JWT's `exp` claim, read without verifying (the proof check verifies it). */
export function expOf(jwt: string): number | undefined {
  const payload = jwtPayloadOf(jwt)
  return typeof payload?.exp === 'number' ? payload.exp : undefined
}

/** A compact JWS's payload as JSON, read without verifying. */
export function jwtPayloadOf(jwt: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fromUtf8(fromBase64Url(jwt.trim().split('.')[1] ?? ''))) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
