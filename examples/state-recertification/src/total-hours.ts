import { sumCredits, type CreditsResult, type TrustRegistry } from '@ob3/verifier'

/**
 * Total the clock hours a teacher's credentials give toward license renewal: only credentials that
 * verify, come from an approved provider, and carry a verified endorsement by the state count.
 * Every credential not counted is listed with the reason.
 */
export function totalHours(options: { files: Record<string, unknown>; endorsements: unknown[]; registry: TrustRegistry; now?: Date }): Promise<CreditsResult> {
  return sumCredits({
    trust: options.registry,
    inputs: Object.entries(options.files).map(([label, input]) => ({ input: input as Record<string, unknown>, label })),
    verifyOptions: { endorsements: options.endorsements },
    ...(options.now === undefined ? {} : { now: options.now }),
  })
}
