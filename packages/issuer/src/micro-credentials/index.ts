/**
 * Micro-credentials: define one (competency, key method, evidence parts, rubric) as an OB 3.0
 * Achievement, score it, and load catalogues of them from JSON or YAML.
 * @packageDocumentation
 */
export {
  checkMicroCredentialDefinition,
  defineMicroCredential,
  meetsAwardRule,
  rubricResults,
  type AlignmentInput,
  type AwardRuleResult,
  type DefinitionProblem,
  type EvidencePart,
  type EvidencePartKind,
  type MicroCredentialDefinition,
  type RubricEntry,
  type RubricLevel,
} from './define-micro-credential.js'
export {
  DEFAULT_MAX_CATALOGUE_LENGTH,
  findMicroCredential,
  loadCatalogue,
  type Catalogue,
  type CatalogueCategory,
  type LoadCatalogueOptions,
} from './catalogue.js'
