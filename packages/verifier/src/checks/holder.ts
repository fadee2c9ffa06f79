import { verifyLinkedDataProof, verifyVcJwt, type ProofOutcome } from '@ob3/core'
import { list, obj, str, type VerifyContext } from '../lib/context.js'
import { jwtPayloadOf } from '../lib/document-checks.js'
import type { CheckResult } from '../report.js'

/** Options of the holder check. */
export interface HolderCheckOptions {
  /** The presentation (for a VP-JWT: its `vp` claim or its payload). */
  presentation: Record<string, unknown>
  /** The compact JWS of a VP-JWT. */
  jwt: string | undefined
  /** The credentials it carries, with a label each ("credential 2 (Kind Critiquing)"); undefined for one that could not be read. */
  credentials: readonly { document: Record<string, unknown> | undefined; label: string }[]
  /** The challenge the verifier gave the holder; the proof must carry it. */
  challenge?: string | undefined
  /** The domain the verifier expects; the proof must carry it. */
  domain?: string | undefined
  ctx: VerifyContext
}

type Outcome = Pick<ProofOutcome, 'verified' | 'suite' | 'message' | 'key' | 'code'>

/** The holder a presentation names: `holder` (a string or `{id}`), or a VP-JWT's `iss`. */
export function holderOf(presentation: Record<string, unknown>, jwt: string | undefined): { holder: string | null; conflict?: string } {
  const holder = str(presentation.holder) ?? str(obj(presentation.holder)?.id)
  const iss = jwt === undefined ? null : str(jwtPayloadOf(jwt)?.iss)
  if (holder !== null && iss !== null && holder !== iss) return { holder, conflict: `the presentation's holder is ${holder} but its JWT iss is ${iss}` }
  return { holder: holder ?? iss }
}

/**
 * `holder`: the presentation is signed by its holder — a Data Integrity proof (eddsa-rdfc-2022,
 * proofPurpose `authentication`) or a VP-JWT — with a key the holder's own document (its DID
 * document, or its https controller document) lists for `authentication`: a key document that
 * merely names the holder as its controller, or a VP-JWT header `jwk` a DID holder does not
 * publish, fails with `ERR_OB3_PROOF_KEY_NOT_AUTHORIZED`; the proof carries
 * the verifier's challenge and domain when they are given (a VP-JWT: `nonce` and `aud`); and the
 * holder is the subject (credentialSubject.id) of every credential. A credential that names its
 * recipient only by a hashed identifier cannot be tied to the holder: a warning, and the
 * `recipient` option is the way to check it.
 */
export async function checkHolder(options: HolderCheckOptions): Promise<CheckResult> {
  const { presentation, jwt, ctx } = options
  const proofs = list(presentation.proof)
  if (jwt === undefined && proofs.length === 0) {
    return fail('ERR_OB3_PROOF_MISSING', 'the presentation is not signed, so nothing shows that its holder made it (anyone holding a copy of the credentials could)')
  }
  const named = holderOf(presentation, jwt)
  if (named.conflict !== undefined) return fail('ERR_OB3_HOLDER_MISMATCH', named.conflict)

  const outcomes: Outcome[] = []
  if (jwt !== undefined) outcomes.push(await verifyVpJwt(jwt, options))
  for (const proof of proofs) outcomes.push(await verifyVpProof(presentation, proof, options))
  // VC 2.0 makes holder optional: then whoever signed the presentation presented it — the
  // identifier whose own document lists the key, not whoever the key document names.
  const holder = named.holder ?? outcomes.find((o) => o.verified && o.key?.bound === true)?.key?.controller ?? signerOf(presentation)
  if (holder === null) return fail('ERR_OB3_HOLDER_MISMATCH', 'the presentation names no holder, and its proof names no key')
  for (const o of outcomes) {
    if (o.verified && o.key !== undefined && o.key.controller !== holder) {
      o.verified = false
      o.code = 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'
      o.message = `the signature is valid, but its key belongs to ${o.key.controller}, not to the holder ${holder}`
    } else if (o.verified && o.key?.bound === false && holder.startsWith('did:')) {
      o.verified = false
      o.code = 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED'
      o.message = `the signature is valid, but its key is not in the DID document of the holder ${holder}, the only place a DID holder's keys come from`
    }
  }
  const best = outcomes.find((o) => o.verified && o.key?.bound === true) ?? outcomes.find((o) => o.verified)
  if (best === undefined) {
    const first = outcomes[0] as Outcome
    const detail = outcomes.length === 1 ? first.message : outcomes.map((o, i) => `proof ${i + 1} (${o.suite}): ${o.message}`).join('; ')
    return fail(first.code ?? 'ERR_OB3_PROOF_SIGNATURE_INVALID', `the holder's proof does not verify: ${detail}`)
  }

  const parts = [`${named.holder === null ? 'names no holder; signed by' : 'signed by the holder'} ${holder} (${best.suite === 'jwt' ? 'VP-JWT' : best.suite}, key ${best.key?.id ?? ''})`]
  parts.push(options.challenge === undefined
    ? `no challenge was asked for, so a copy of this presentation could be replayed${options.domain === undefined ? '' : '; with the domain asked for'}`
    : `with the challenge${options.domain === undefined ? '' : ' and domain'} asked for`)
  const mismatched: string[] = []
  const unbound: string[] = []
  for (const c of options.credentials) {
    if (c.document === undefined) continue
    const ids = list(c.document.credentialSubject).map((s) => str(obj(s)?.id)).filter((id): id is string => id !== null)
    if (ids.length === 0) unbound.push(c.label)
    else if (!ids.includes(holder)) mismatched.push(`${c.label} was issued to ${ids.join(', ')}`)
  }
  if (mismatched.length > 0) {
    const message = `${parts[0] as string}, but the holder is not the subject of every credential: ${mismatched.join('; ')}`
    return { id: 'holder', status: ctx.subjectBinding === 'warn' ? 'warning' : 'failed', code: 'ERR_OB3_HOLDER_MISMATCH', message }
  }
  if (best.key?.bound === false) {
    const message = `${parts.join('; ')}; but the key is taken from the presentation itself, not confirmed by the holder`
    return { id: 'holder', status: ctx.keyBinding === 'strict' ? 'failed' : 'warning', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED', message }
  }
  if (unbound.length > 0) {
    return { id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH', message: `${parts.join('; ')}; ${unbound.join(', ')} ${unbound.length === 1 ? 'names its' : 'name their'} recipient by identifier only, so the holder cannot be shown to be ${unbound.length === 1 ? 'its' : 'their'} subject` }
  }
  parts.push('the holder is the subject of every credential')
  if (named.holder === null) return { id: 'holder', status: 'warning', code: 'ERR_OB3_HOLDER_MISMATCH', message: parts.join('; ') }
  return { id: 'holder', status: 'passed', message: parts.join('; ') }
}

/** The controller named by the presentation's first proof's verification method (a DID URL's DID). */
function signerOf(presentation: Record<string, unknown>): string | null {
  const vm = str(obj(list(presentation.proof)[0])?.verificationMethod)
  return vm === null ? null : (vm.split('#')[0] ?? null)
}

function fail(code: NonNullable<CheckResult['code']>, message: string): CheckResult {
  return { id: 'holder', status: 'failed', code, message }
}

function failed(suite: string, code: NonNullable<Outcome['code']>, message: string): Outcome {
  return { verified: false, suite, code, message }
}

async function verifyVpProof(presentation: Record<string, unknown>, proof: unknown, options: HolderCheckOptions): Promise<Outcome> {
  const p = obj(proof)
  const suite = str(p?.cryptosuite) ?? str(p?.type) ?? 'unknown'
  if (p !== undefined && options.challenge !== undefined && p.challenge !== options.challenge) {
    return failed(suite, 'ERR_OB3_CHALLENGE_MISMATCH', p.challenge === undefined ? 'the proof carries no challenge, and one was asked for' : `the proof was made for another challenge (${JSON.stringify(p.challenge)})`)
  }
  if (p !== undefined && options.domain !== undefined && p.domain !== options.domain && !(Array.isArray(p.domain) && p.domain.includes(options.domain))) {
    return failed(suite, 'ERR_OB3_DOMAIN_MISMATCH', p.domain === undefined ? `the proof carries no domain, and ${options.domain} was expected` : `the proof was made for the domain ${JSON.stringify(p.domain)}, not ${options.domain}`)
  }
  const { ctx } = options
  return verifyLinkedDataProof({
    document: presentation,
    proof,
    resolveKey: ctx.resolveKey,
    documentLoader: ctx.documentLoader,
    purpose: 'authentication',
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.domain === undefined ? {} : { domain: options.domain }),
  })
}

async function verifyVpJwt(jwt: string, options: HolderCheckOptions): Promise<Outcome> {
  const { ctx } = options
  const { outcome } = await verifyVcJwt({ jwt, resolveKey: (vm) => ctx.resolveKey(vm, 'authentication'), publishedKeys: ctx.publishedKeys, purpose: 'authentication' })
  // verifyVcJwt holds the JWT claims to a credential's fields (exp to validUntil, nbf to
  // validFrom, …), which a presentation does not have. It reports a claim mismatch only after the
  // signature verified, so that code with a key means "signed": the presentation's own claims
  // (nonce, aud; exp in expiry-of-share) are checked here instead.
  const signed = outcome.verified || (outcome.code === 'ERR_OB3_JWT_CLAIM_MISMATCH' && outcome.key !== undefined)
  if (!signed) return { verified: false, suite: 'jwt', message: outcome.message, ...(outcome.code === undefined ? {} : { code: outcome.code }), ...(outcome.key === undefined ? {} : { key: outcome.key }) }
  const payload = jwtPayloadOf(jwt) ?? {}
  if (options.challenge !== undefined && payload.nonce !== options.challenge) {
    return failed('jwt', 'ERR_OB3_CHALLENGE_MISMATCH', payload.nonce === undefined ? 'the VP-JWT carries no nonce, and a challenge was asked for' : 'the VP-JWT was made for another challenge (nonce)')
  }
  if (options.domain !== undefined && payload.aud !== options.domain && !(Array.isArray(payload.aud) && payload.aud.includes(options.domain))) {
    return failed('jwt', 'ERR_OB3_DOMAIN_MISMATCH', `the VP-JWT's audience (aud) is ${JSON.stringify(payload.aud)}, not ${options.domain}`)
  }
  return { verified: true, suite: 'jwt', message: 'VP-JWT signature is valid', ...(outcome.key === undefined ? {} : { key: outcome.key }) }
}
