import { Ob3Error, fromBase64Url, fromUtf8, parseJson } from '@ob3/core'
import type { AchievementInput, Award } from '../award.js'
import type { Catalogue } from '../micro-credentials/catalogue.js'

/**
 * What a stack asks for: how many micro-credentials, from which, covering which categories.
 * @example `{ count: 9, from: medallionIds, atLeastOnePerCategory: ['planning-and-preparation', 'instruction'] }`
 */
export interface StackRequirements {
  /** How many distinct micro-credentials. */
  count: number
  /** The micro-credential ids that count. Default: every micro-credential of the catalogue. */
  from?: string[]
  /** Category ids that need at least one counted micro-credential each. */
  atLeastOnePerCategory?: string[]
}

/**
 * A stack credential (e.g. a medallion) earned by holding enough micro-credentials of a catalogue.
 * @example `const medallion = catalogue.stacks.find((s) => s.name === 'Digital Medallion')`
 */
export interface StackDefinition {
  id: string
  name: string
  description: string
  requires: StackRequirements
  /** The achievement of the stack credential, e.g. achievementType `Certificate` or `ext:Medallion`. */
  achievement: AchievementInput
}

/**
 * The verifier a caller injects (the CLI passes `@ob3/verifier`): the issuer package never imports it.
 * @example `const verifyCredential: VerifyCredentialFunction = async (c) => ({ verified: (await verify({ input: c })).verified })`
 */
export type VerifyCredentialFunction = (credential: unknown) => Promise<{ verified: boolean; reason?: string }>

/**
 * Options for {@link evaluateStack}.
 * @example `{ stack, catalogue, credentials, holder: 'did:key:z6Mk…', verifyCredential }`
 */
export interface EvaluateStackOptions {
  stack: StackDefinition
  catalogue: Catalogue
  /** Credentials taken from the holder's presentation: JSON objects or VC-JWT strings. */
  credentials: readonly unknown[]
  /** The holder's DID: every counted credential must be issued to it. */
  holder: string
  verifyCredential: VerifyCredentialFunction
  /** Most credentials looked at. Default 1000. */
  maxCredentials?: number
}

/**
 * A credential that counts toward the stack.
 * @example `{ credentialId: 'urn:uuid:…', achievementId: 'https://pbl.example/mc/formative-assessment', categoryId: 'assessment' }`
 */
export interface CountedCredential {
  credentialId: string
  achievementId: string
  categoryId: string
}

/**
 * Why a credential does not count. `code` is stable; `reason` is for people.
 * @example `if (r.code === 'wrong-holder') askForTheRightWallet()`
 */
export type RejectionCode = 'malformed' | 'not-in-stack' | 'wrong-holder' | 'not-verified' | 'duplicate'

/**
 * A credential that does not count, and why.
 * @example `{ credentialId: 'urn:uuid:…', code: 'duplicate', reason: 'a second credential for …' }`
 */
export interface RejectedCredential {
  credentialId?: string
  code: RejectionCode
  reason: string
}

/**
 * What {@link evaluateStack} found.
 * @example `if (!evaluation.met) console.log(evaluation.missing.count, evaluation.missing.categories)`
 */
export interface StackEvaluation {
  met: boolean
  /** In input order. */
  counted: CountedCredential[]
  /** In input order. */
  rejected: RejectedCredential[]
  /** How many more micro-credentials, and which required categories have none yet. */
  missing: { count: number; categories: string[] }
}

/**
 * The award for a met stack, and the evidence entries that name its constituent credentials.
 * @example `const { award, extraEvidence } = buildStackAward(stack, evaluation, holder)`
 */
export interface StackAward {
  award: Award
  /**
   * One OB 3.0 Evidence entry per constituent credential (`id` = its credential id). `Award` has
   * no field for evidence without an artifact yet: append these to the built credential's
   * `evidence` before signing.
   */
  extraEvidence: Record<string, unknown>[]
}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The credential a JSON object or a VC-JWT carries (the JWT payload is read, not verified: the injected verifier does that). */
function readCredential(input: unknown): Obj | undefined {
  if (isObj(input)) return input
  if (typeof input !== 'string') return undefined
  const payload = input.split('.')[1]
  if (payload === undefined || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined
  try {
    const claims = parseJson(fromUtf8(fromBase64Url(payload)), { maxLength: 1024 * 1024 })
    if (!isObj(claims)) return undefined
    if (isObj(claims.vc)) return { ...claims.vc, ...(claims.vc.id === undefined && typeof claims.jti === 'string' ? { id: claims.jti } : {}) }
    return claims
  } catch {
    return undefined
  }
}

type Step = { rejected: RejectedCredential } | { credential: unknown; credentialId: string; achievementId: string }

/**
 * Check a holder's credentials against a stack: a credential counts when the injected verifier
 * verifies it, it is issued to the holder (`credentialSubject.id`), its achievement is one the
 * stack accepts, and no earlier credential counted for the same achievement. Never throws for a
 * bad credential: each is listed in `rejected` with a stable `code`.
 *
 * @throws TypeError on wrong usage; Ob3Error `ERR_OB3_INPUT_TOO_LARGE` beyond `maxCredentials`
 * @example
 * ```ts
 * const evaluation = await evaluateStack({ stack, catalogue, credentials: vp.verifiableCredential, holder: vp.holder,
 *   verifyCredential: async (c) => { const r = await verify({ input: c }); return { verified: r.verified } } })
 * ```
 */
export async function evaluateStack(options: EvaluateStackOptions): Promise<StackEvaluation> {
  const { stack, catalogue, credentials, holder, verifyCredential } = options
  if (typeof holder !== 'string' || holder === '') throw new TypeError('evaluateStack: holder must be a DID')
  if (!Array.isArray(credentials)) throw new TypeError('evaluateStack: credentials must be an array')
  if (typeof verifyCredential !== 'function') throw new TypeError('evaluateStack: verifyCredential must be a function')
  const limit = options.maxCredentials ?? 1000
  if (credentials.length > limit) {
    throw new Ob3Error('ERR_OB3_INPUT_TOO_LARGE', `${credentials.length} credentials; the limit is ${limit}`, { details: { length: credentials.length, limit } })
  }
  const categoryOf = new Map<string, string>()
  for (const category of catalogue.categories) for (const mc of category.microCredentials) categoryOf.set(mc.id, category.id)
  const accepted = new Set(stack.requires.from ?? categoryOf.keys())
  for (const id of accepted) if (!categoryOf.has(id)) throw new TypeError(`evaluateStack: the stack accepts ${id}, which is not in the catalogue`)

  const steps: Step[] = credentials.map((input): Step => {
    const credential = readCredential(input)
    if (credential === undefined) return { rejected: { code: 'malformed', reason: 'not a credential (a JSON object or a VC-JWT)' } }
    const credentialId = typeof credential.id === 'string' ? credential.id : undefined
    const subject = credential.credentialSubject
    const achievementId = isObj(subject) && isObj(subject.achievement) && typeof subject.achievement.id === 'string' ? subject.achievement.id : undefined
    if (credentialId === undefined) return { rejected: { code: 'malformed', reason: 'the credential has no id' } }
    if (!isObj(subject) || achievementId === undefined) return { rejected: { credentialId, code: 'malformed', reason: 'the credential has no credentialSubject.achievement.id' } }
    if (!accepted.has(achievementId)) return { rejected: { credentialId, code: 'not-in-stack', reason: `the achievement ${achievementId} does not count toward ${stack.name}` } }
    if (subject.id !== holder) return { rejected: { credentialId, code: 'wrong-holder', reason: `issued to ${typeof subject.id === 'string' ? subject.id : 'no subject id'}, not to the holder ${holder}` } }
    return { credential: input, credentialId, achievementId }
  })
  // Verify the candidates concurrently; the outcome is still decided in input order.
  const verdicts = await Promise.all(steps.map(async (step) => {
    if ('rejected' in step) return undefined
    try {
      return await verifyCredential(step.credential)
    } catch (cause) {
      return { verified: false, reason: `the verifier failed: ${cause instanceof Error ? cause.message : String(cause)}` }
    }
  }))

  const counted: CountedCredential[] = []
  const rejected: RejectedCredential[] = []
  steps.forEach((step, i) => {
    if ('rejected' in step) return void rejected.push(step.rejected)
    const { credentialId, achievementId } = step
    const verdict = verdicts[i]
    if (verdict?.verified !== true) return void rejected.push({ credentialId, code: 'not-verified', reason: `not verified: ${verdict?.reason ?? 'no reason given'}` })
    const first = counted.find((c) => c.achievementId === achievementId)
    if (first !== undefined) return void rejected.push({ credentialId, code: 'duplicate', reason: `a second credential for ${achievementId} (${first.credentialId} already counts)` })
    counted.push({ credentialId, achievementId, categoryId: categoryOf.get(achievementId) as string })
  })
  const missing = {
    count: Math.max(0, stack.requires.count - counted.length),
    categories: (stack.requires.atLeastOnePerCategory ?? []).filter((id) => !counted.some((c) => c.categoryId === id)),
  }
  return { met: missing.count === 0 && missing.categories.length === 0, counted, rejected, missing }
}

/**
 * The award of a met stack, for `buildCredential`: the stack's achievement, given to the holder,
 * with a narrative listing the constituent credentials, plus one Evidence entry per constituent
 * (`id` = its credential id, genre "Constituent micro-credential") to append to `evidence`.
 *
 * @throws Ob3Error `ERR_OB3_STACK_UNMET` with `details.evaluation` when the stack is not met
 * @example
 * ```ts
 * const { award, extraEvidence } = buildStackAward(stack, evaluation, holder)
 * const built = await buildCredential({ award, issuer })
 * const credential = { ...built, evidence: [...((built.evidence as unknown[]) ?? []), ...extraEvidence] }
 * ```
 */
export function buildStackAward(stack: StackDefinition, evaluation: StackEvaluation, holder: string): StackAward {
  if (!evaluation.met) {
    const { count, categories } = evaluation.missing
    const gaps = [count > 0 ? `${count} more micro-credential${count === 1 ? '' : 's'}` : '', categories.length > 0 ? `one in each of: ${categories.join(', ')}` : ''].filter((s) => s !== '')
    throw new Ob3Error('ERR_OB3_STACK_UNMET', `${stack.name} is not met: it still needs ${gaps.join(' and ') || 'a met evaluation'}`, { details: { evaluation } })
  }
  const extraEvidence = evaluation.counted.map((c) => ({
    id: c.credentialId,
    type: ['Evidence'],
    name: 'Constituent micro-credential',
    genre: 'Constituent micro-credential',
    description: `The credential for ${c.achievementId} (category ${c.categoryId}).`,
  }))
  const list = evaluation.counted.map((c) => `- ${c.achievementId}: credential ${c.credentialId}`).join('\n')
  const award: Award = {
    achievement: stack.achievement,
    recipient: { id: holder },
    narrative: `Earned by holding ${evaluation.counted.length} micro-credentials of ${stack.name}:\n\n${list}`,
  }
  return { award, extraEvidence }
}
