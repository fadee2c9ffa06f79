/**
 * Stacks: check a holder's micro-credentials against a stack (e.g. a medallion) and build the
 * award of the stack credential.
 * @packageDocumentation
 */
export {
  buildStackAward,
  evaluateStack,
  type CountedCredential,
  type EvaluateStackOptions,
  type RejectedCredential,
  type RejectionCode,
  type StackAward,
  type StackDefinition,
  type StackEvaluation,
  type StackRequirements,
  type VerifyCredentialFunction,
} from './evaluate-stack.js'
