/**
 * Generate ob3's own test vectors into `test-vectors/` (repository root): credentials built and
 * signed with fixed keys, a fixed clock and fixed randomness, each with the report the verifier
 * must give for it. Ed25519 signatures are deterministic, so two runs write the same bytes.
 *
 *   pnpm vectors            write test-vectors/
 *   pnpm vectors --check    regenerate into a temporary folder; exit 1, listing every file that
 *                           differs from the committed one
 *
 * The expectations below are written by hand from the OB 3.0 specification and the report
 * contract (shared/DESIGN.md), not read back from the verifier: `packages/verifier/test/vectors.test.ts`
 * holds the verifier to them.
 *
 * One file rather than a folder of modules: it is a script with one job, read top to bottom.
 * @packageDocumentation
 */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { deflateSync } from 'node:zlib'
import {
  MIN_STATUS_LIST_LENGTH,
  bakePng,
  bakeSvg,
  computeDigestMultibase,
  createEd25519Signer,
  ed25519KeyFromSeed,
  encodeStatusList,
  fromBase64Url,
  parsePngChunks,
  serializePngChunks,
  signLinkedDataProof,
  toBase64Url,
  utf8,
  writeStatusBit,
  type Ed25519Multikey,
  type Ob3ErrorCode,
  type Signer,
} from '@ob3/core'
import { buildCredential, issueCredential, type AchievementInput, type Award, type IssuerProfileInput } from '@ob3/issuer'
import type { CheckId } from '@ob3/verifier'


/** Where the committed vectors live. */
export const VECTORS_DIR = fileURLToPath(new URL('../test-vectors/', import.meta.url))

// ---------------------------------------------------------------------------------------------
// Fixed inputs
// ---------------------------------------------------------------------------------------------

/** When every credential is issued and signed. */
const ISSUED_AT = new Date('2026-01-01T00:00:00Z')
/** The clock of verification, unless a case says otherwise. */
const VERIFY_AT = '2026-06-01T00:00:00Z'
/** The salt of the hashed email recipient. */
const EMAIL_SALT = 'c0ffee-riverbend-2026'
const EMAIL = 'ana.rivera@lakeside-schools.example'

const ORG = 'https://institute.riverbend.example'
const BASE = `${ORG}/micro-credentials/kind-critiquing`
const STATUS_BASE = `${ORG}/status`

/** The four test keys, each from a seed of 32 equal bytes. */
const SEEDS = {
  issuer: { byte: 0x01, role: 'The issuer, Riverbend Teaching Institute: signs every credential and status list.' },
  other: { byte: 0x02, role: 'Another issuer, Harbor Learning Collaborative: signs the credentials whose key is not the issuer\'s.' },
  recipient: { byte: 0x03, role: 'The recipient, an educator: credentialSubject.id of most credentials.' },
  recipient2: { byte: 0x04, role: 'A second educator: subject of the credential whose proof is copied, and of the tampered subject id.' },
} as const
type KeyName = keyof typeof SEEDS

/** "Kind Critiquing" (Deeper Learning, "Think critically and solve complex problems"), described in ob3's own words. */
function rubricPart(slug: string, name: string, levels: [name: string, description: string][], required: string): Record<string, unknown> {
  return {
    id: `${BASE}/rubric/${slug}`,
    type: ['ResultDescription'],
    name,
    resultType: 'RubricCriterionLevel',
    requiredLevel: `${BASE}/rubric/${slug}/${required}`,
    rubricCriterionLevel: levels.map(([level, description]) => ({
      id: `${BASE}/rubric/${slug}/${level.toLowerCase().replace(/\s+/g, '-')}`,
      type: ['RubricCriterionLevel'],
      name: level,
      description,
    })),
  }
}

const KIND_CRITIQUING: AchievementInput = {
  id: BASE,
  name: 'Kind Critiquing',
  description:
    'The educator teaches students to give one another feedback that is kind, specific and helpful: a shared ' +
    'protocol, sentence starters, a round of critique in pairs, and a revision of the work that uses it.',
  achievementType: 'MicroCredential',
  criteria: {
    id: `${BASE}/criteria`,
    narrative:
      '1. **Overview** — two answers of at most 200 words: how the critique protocol was taught, and what ' +
      'changed in the students\' drafts.\n2. **Student work** — first and revised drafts from two students, with the ' +
      'feedback each received.\n3. **Teacher reflection** — at most 200 words.\n\nAwarded for a passing score on ' +
      'parts 1 and 3 and a "Yes" on part 2.',
  },
  alignment: [
    {
      type: ['Alignment'],
      targetName: 'Think critically and solve complex problems',
      targetUrl: `${ORG}/frameworks/deeper-learning#think-critically`,
      targetFramework: 'Deeper Learning',
      targetType: 'ceasn:Competency',
    },
  ],
  resultDescription: [
    rubricPart('overview', 'Part 1: Overview questions', [['Not yet', 'The answers skip a step of the protocol.'], ['Pass', 'The answers name each step and the change it made.']], 'pass'),
    rubricPart('student-work', 'Part 2: Student drafts', [['No', 'The revisions do not use the feedback.'], ['Yes', 'Both revisions take up specific feedback.']], 'yes'),
    rubricPart('teacher-reflection', 'Part 3: Teacher reflection', [['Not yet', 'The reflection does not weigh the impact.'], ['Pass', 'The reflection weighs the impact and names a next step.']], 'pass'),
  ],
  creditsAvailable: 10,
  tag: ['deeper learning', 'feedback', 'critique'],
}

const RESULTS = ['overview/pass', 'student-work/yes', 'teacher-reflection/pass'].map((level) => ({
  type: ['Result'],
  resultDescription: `${BASE}/rubric/${level.split('/')[0] as string}`,
  achievedLevel: `${BASE}/rubric/${level}`,
}))

const PROTOCOL = utf8('# Critique protocol\n\n1. Be kind. 2. Be specific. 3. Be helpful.\n\nStarters: "I noticed…", "I wonder…", "What if…"\n')
const DRAFTS = utf8('Student A, draft 1 and draft 2 of the bridge design, with the three comments received.\n')

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Deterministic "randomness" for ids and salts: SHA-256 of `label/counter`, one call after another. */
function fixedRandom(label: string): (length: number) => Uint8Array {
  let counter = 0
  return (length) => {
    const out = new Uint8Array(length)
    for (let filled = 0; filled < length; counter++) {
      const block = createHash('sha256').update(`${label}/${counter}`).digest()
      out.set(block.subarray(0, length - filled), filled)
      filled += block.length
    }
    return out
  }
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

function clone<T>(value: T): T {
  return structuredClone(value)
}

/** `value` set at `path` in `root` (which is changed and returned); every step but the last must exist. */
function setAt<T extends object>(root: T, path: (string | number)[], value: unknown): T {
  let node = root as Record<string | number, unknown>
  for (const step of path.slice(0, -1)) {
    const next = node[step]
    if (typeof next !== 'object' || next === null) throw new Error(`make-vectors: nothing at ${path.join('.')}`)
    node = next as Record<string | number, unknown>
  }
  node[path[path.length - 1] as string | number] = value
  return root
}

/** A signer that claims one verification method and signs with another key. */
function impostor(claimedId: string, actual: Signer): Signer {
  return { id: claimedId, algorithm: 'EdDSA', sign: (data) => actual.sign(data) }
}

/** A 16×16 solid teal RGB PNG: the image every PNG vector is baked into. */
function basePng(): Uint8Array {
  const size = 16
  const row = [0, ...Array.from({ length: size }, () => [24, 128, 128]).flat()] // filter byte 0, then RGB
  const raw = Uint8Array.from(Array.from({ length: size }, () => row).flat())
  const ihdr = new Uint8Array(13)
  new DataView(ihdr.buffer).setUint32(0, size)
  new DataView(ihdr.buffer).setUint32(4, size)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  return serializePngChunks([{ type: 'IHDR', data: ihdr }, { type: 'IDAT', data: new Uint8Array(deflateSync(raw, { level: 9 })) }, { type: 'IEND', data: new Uint8Array(0) }])
}

const BASE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
  <title>Kind Critiquing</title>
  <circle cx="64" cy="64" r="60" fill="#162d54"/>
  <circle cx="64" cy="64" r="46" fill="#188080"/>
</svg>
`

/**
 * A status list's `encodedList`, with the GZIP header's OS byte set to 255 ("unknown", RFC 1952):
 * zlib writes the build platform there, which would make the vectors differ between machines.
 */
async function portableEncodedList(bits: Uint8Array): Promise<string> {
  const gz = fromBase64Url((await encodeStatusList(bits)).slice(1))
  gz[9] = 0xff
  return 'u' + toBase64Url(gz)
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

type InputFile = 'credential.json' | 'credential.jwt' | 'badge.png' | 'badge.svg' | 'input.txt'

/** One expected failed check. */
export interface ExpectedFailure {
  check: CheckId
  code: Ob3ErrorCode
}

/** What a case folder's `case.json` holds. */
export interface CaseFile {
  description: string
  input: InputFile
  now: string
  resources?: Record<string, string>
  expected: { verified: boolean; failed: ExpectedFailure[]; warnings?: CheckId[] }
}

type CaseFileDraft = Omit<CaseFile, 'expected'> & { expected?: CaseFile['expected'] }

interface VectorCase {
  name: string
  description: string
  input: InputFile
  content: string | Uint8Array
  now?: string
  /** URL → [file name, content]. */
  resources?: Record<string, [file: string, content: string]>
  failed?: ExpectedFailure[]
  warnings?: CheckId[]
}

interface Fixtures {
  keys: Record<KeyName, Ed25519Multikey>
  signers: Record<KeyName, Signer>
  issuerProfile: IssuerProfileInput
}

async function fixtures(): Promise<Fixtures> {
  const names = Object.keys(SEEDS) as KeyName[]
  const keys = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await ed25519KeyFromSeed(new Uint8Array(32).fill(SEEDS[n].byte))] as const))) as Record<KeyName, Ed25519Multikey>
  const signers = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await createEd25519Signer(keys[n])] as const))) as Record<KeyName, Signer>
  const issuerProfile: IssuerProfileInput = {
    id: keys.issuer.controller,
    name: 'Riverbend Teaching Institute',
    url: ORG,
    description: 'A professional-learning provider that assesses and awards educator micro-credentials.',
  }
  return { keys, signers, issuerProfile }
}

/** Build an unsigned credential for `label` (which also seeds its id), from the standard award with `changes`. */
async function build(fx: Fixtures, label: string, changes: Partial<Award> = {}): Promise<Record<string, unknown>> {
  const award: Award = {
    achievement: KIND_CRITIQUING,
    recipient: { id: fx.keys.recipient.controller },
    results: RESULTS,
    creditsEarned: 10,
    artifacts: [{ name: 'Critique protocol and sentence starters', mediaType: 'text/markdown', genre: 'Lesson plan', bytes: PROTOCOL }],
    ...changes,
  }
  return buildCredential({ award, issuer: fx.issuerProfile, now: ISSUED_AT, random: fixedRandom(label) })
}

async function signLdp(fx: Fixtures, credential: Record<string, unknown>, format: 'eddsa-rdfc-2022' | 'Ed25519Signature2020' = 'eddsa-rdfc-2022'): Promise<Record<string, unknown>> {
  const issued = await issueCredential({ credential, signer: fx.signers.issuer, format, now: ISSUED_AT })
  return issued.credential
}

async function signJwt(fx: Fixtures, credential: Record<string, unknown>): Promise<string> {
  const issued = await issueCredential({ credential, signer: fx.signers.issuer, format: 'vc-jwt' })
  if (issued.format !== 'vc-jwt') throw new Error('expected a VC-JWT')
  return issued.jwt
}

/** A JWS over `header.payload`, signed by `signer` (for JWTs issueCredential would refuse to make). */
async function handMadeJwt(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer | undefined): Promise<string> {
  const input = `${toBase64Url(utf8(JSON.stringify(header)))}.${toBase64Url(utf8(JSON.stringify(payload)))}`
  return `${input}.${signer === undefined ? '' : toBase64Url(await signer.sign(utf8(input)))}`
}

function decodeJwtPart(part: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64Url(part))) as Record<string, unknown>
}

/** A BitstringStatusListCredential of the issuer, with `set` bits set, signed. */
async function statusList(fx: Fixtures, url: string, purpose: 'revocation' | 'suspension', set: number[]): Promise<string> {
  const bits = new Uint8Array(MIN_STATUS_LIST_LENGTH / 8)
  for (const i of set) writeStatusBit(bits, i, true)
  const list = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: fx.keys.issuer.controller,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: await portableEncodedList(bits) },
  }
  return json(await signLinkedDataProof({ document: list, signer: fx.signers.issuer, created: ISSUED_AT }))
}

function statusEntry(url: string, purpose: 'revocation' | 'suspension', index: number): Record<string, unknown> {
  return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url }
}

const SIGNATURE_INVALID: ExpectedFailure = { check: 'proof', code: 'ERR_OB3_PROOF_SIGNATURE_INVALID' }

async function cases(fx: Fixtures): Promise<VectorCase[]> {
  const out: VectorCase[] = []
  const add = (c: VectorCase) => out.push(c)

  // The standard credential, signed three ways.
  const unsigned = await build(fx, 'standard')
  const signed = await signLdp(fx, unsigned)
  const jwt = await signJwt(fx, unsigned)
  const png = basePng()

  // --- valid ---------------------------------------------------------------------------------
  add({ name: 'valid-eddsa-rdfc-2022', description: 'A micro-credential awarded to a did:key recipient, with one artifact referenced by digest, signed with a DataIntegrityProof (eddsa-rdfc-2022) by the issuer\'s did:key.', input: 'credential.json', content: json(signed) })
  add({ name: 'valid-ed25519-signature-2020', description: 'The same credential signed with a legacy Ed25519Signature2020 proof (which adds the suite\'s context).', input: 'credential.json', content: json(await signLdp(fx, unsigned, 'Ed25519Signature2020')) })
  add({ name: 'valid-vc-jwt', description: 'The same credential as a VC-JWT (EdDSA, kid = the issuer\'s verification method, iss/jti/nbf/sub claims).', input: 'credential.jwt', content: jwt + '\n' })
  add({ name: 'valid-png-json', description: 'The eddsa-rdfc-2022 credential baked into a PNG (iTXt openbadgecredential, JSON).', input: 'badge.png', content: await bakePng({ image: png, credential: signed }) })
  add({ name: 'valid-png-jwt', description: 'The VC-JWT baked into a PNG (iTXt openbadgecredential, compact JWS).', input: 'badge.png', content: await bakePng({ image: png, credential: jwt }) })
  add({ name: 'valid-svg-json', description: 'The eddsa-rdfc-2022 credential baked into an SVG (openbadges:credential element, JSON in CDATA).', input: 'badge.svg', content: await bakeSvg({ image: BASE_SVG, credential: signed }) })
  add({ name: 'valid-svg-jwt', description: 'The VC-JWT baked into an SVG (verify attribute).', input: 'badge.svg', content: await bakeSvg({ image: BASE_SVG, credential: jwt }) })
  add({
    name: 'valid-email-recipient',
    description: `A credential whose recipient is an email address, stored as a salted SHA-256 IdentityObject (${EMAIL}, salt "${EMAIL_SALT}"); no credentialSubject.id.`,
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'email-recipient', { recipient: { email: EMAIL, salt: EMAIL_SALT } }))),
  })
  add({
    name: 'valid-two-artifacts',
    description: 'A credential with two evidence entries, each an artifact referenced by digestMultibase and digestSRI.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'two-artifacts', {
      artifacts: [
        { name: 'Critique protocol and sentence starters', mediaType: 'text/markdown', genre: 'Lesson plan', bytes: PROTOCOL },
        { name: 'Student drafts with feedback', mediaType: 'text/plain', genre: 'Student work', bytes: DRAFTS },
      ],
    }))),
  })
  const revocationUrl = `${STATUS_BASE}/revocation/1`
  const revocationList = await statusList(fx, revocationUrl, 'revocation', [4127])
  add({
    name: 'valid-status-not-revoked',
    description: `A credential with a BitstringStatusListEntry (revocation, index 94) whose bit is not set. The list (${MIN_STATUS_LIST_LENGTH} entries, bit 4127 set for another credential) is signed by the issuer and served from status-list.json.`,
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'status-not-revoked', { credentialStatus: statusEntry(revocationUrl, 'revocation', 94) }))),
    resources: { [revocationUrl]: ['status-list.json', revocationList] },
  })
  add({
    name: 'valid-until-future',
    description: 'A credential with validUntil 2029-01-01, after the verification time.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'until-future', { validUntil: '2029-01-01T00:00:00Z' }))),
  })
  {
    // signLinkedDataProof appends: the second proof goes next to the first (and adds the
    // Ed25519Signature2020 context, which changes nothing the first proof signed).
    const first = await signLdp(fx, await build(fx, 'two-proofs'))
    const both = await signLinkedDataProof({ document: first, signer: fx.signers.issuer, suite: 'Ed25519Signature2020', created: ISSUED_AT })
    add({ name: 'valid-two-proofs', description: 'A credential with two proofs by the issuer, eddsa-rdfc-2022 then Ed25519Signature2020; each verifies on its own.', input: 'credential.json', content: json(both) })
  }
  {
    const [header = '', payload = ''] = jwt.split('.')
    const { nbf: _nbf, ...withoutNbf } = decodeJwtPart(payload)
    add({
      name: 'valid-jwt-without-nbf',
      description: 'A VC-JWT signed by the issuer without the nbf claim OB 3.0 requires (the spec\'s own examples omit it): verified, with a warning on the proof.',
      input: 'credential.jwt',
      content: (await handMadeJwt(decodeJwtPart(header), withoutNbf, fx.signers.issuer)) + '\n',
      warnings: ['proof'],
    })
  }
  {
    // The form of the OB 3.0 spec examples: an https issuer whose verification method is
    // `<issuer URL>#<publicKeyMultibase>`. The key comes from the URL itself, so nothing the
    // issuer publishes confirms it: a warning (a failure with keyBinding: 'strict').
    const issuerUrl = `${ORG}/issuers/1`
    const urlKey = await ed25519KeyFromSeed(new Uint8Array(32).fill(SEEDS.issuer.byte), undefined, { controller: issuerUrl })
    const credential = await buildCredential({
      award: { achievement: KIND_CRITIQUING, recipient: { id: fx.keys.recipient.controller }, results: RESULTS, creditsEarned: 10 },
      issuer: { ...fx.issuerProfile, id: issuerUrl },
      now: ISSUED_AT,
      random: fixedRandom('url-key'),
    })
    const issued = await issueCredential({ credential, signer: await createEd25519Signer(urlKey), now: ISSUED_AT })
    add({
      name: 'valid-url-verification-method',
      description: `A credential whose issuer is ${issuerUrl} and whose proof's verificationMethod is that URL + "#" + the issuer's publicKeyMultibase (the spec examples' form): verified, with a warning on the proof because the key is read from the URL, not confirmed by the issuer.`,
      input: 'credential.json',
      content: json(issued.credential),
      warnings: ['proof'],
    })
  }

  // --- proof: tampered after signing -----------------------------------------------------------
  // Each change sets one value at a JSON path of the signed credential.
  const otherDigest = await computeDigestMultibase(DRAFTS)
  const tampered: [name: string, what: string, path: (string | number)[], value: string][] = [
    ['tampered-name', 'its name', ['name'], 'Master Teacher of Critique'],
    ['tampered-issuer-name', 'the issuer\'s name', ['issuer', 'name'], 'State Board of Education'],
    ['tampered-subject-id', 'credentialSubject.id (now another educator\'s did:key)', ['credentialSubject', 'id'], fx.keys.recipient2.controller],
    ['tampered-evidence-digest', 'the evidence\'s digestMultibase (now the digest of another file)', ['evidence', 0, 'digestMultibase'], otherDigest],
    ['tampered-valid-from', 'validFrom (moved a year earlier)', ['validFrom'], '2025-01-01T00:00:00Z'],
    ['tampered-criteria-narrative', 'the achievement\'s criteria narrative', ['credentialSubject', 'achievement', 'criteria', 'narrative'], 'Attend one webinar.'],
  ]
  for (const [name, what, path, value] of tampered) {
    add({ name, description: `The valid eddsa-rdfc-2022 credential with ${what} changed after signing.`, input: 'credential.json', content: json(setAt(clone(signed), path, value)), failed: [SIGNATURE_INVALID] })
  }

  // --- proof: keys ------------------------------------------------------------------------------
  add({
    name: 'wrong-key-claims-issuer-method',
    description: 'Signed with the other issuer\'s secret key while the proof names the issuer\'s verification method.',
    input: 'credential.json',
    content: json(await signLinkedDataProof({ document: await build(fx, 'wrong-key'), signer: impostor(fx.keys.issuer.id, fx.signers.other), created: ISSUED_AT })),
    failed: [SIGNATURE_INVALID],
  })
  add({
    name: 'other-issuer-key',
    description: 'Validly signed by the other issuer with its own did:key, while `issuer` is the first issuer: the key is not the issuer\'s.',
    input: 'credential.json',
    content: json(await signLinkedDataProof({ document: await build(fx, 'other-issuer-key'), signer: fx.signers.other, created: ISSUED_AT })),
    failed: [{ check: 'proof', code: 'ERR_OB3_PROOF_KEY_NOT_AUTHORIZED' }],
  })
  {
    const donor = await signLdp(fx, await build(fx, 'proof-donor', { recipient: { id: fx.keys.recipient2.controller } }))
    add({
      name: 'proof-from-other-credential',
      description: 'The standard credential carrying the (valid) proof of another credential by the same issuer, awarded to another educator.',
      input: 'credential.json',
      content: json({ ...unsigned, proof: donor.proof }),
      failed: [SIGNATURE_INVALID],
    })
  }

  // --- validity ---------------------------------------------------------------------------------
  add({
    name: 'expired',
    description: 'A credential valid from 2026-01-01 until 2026-03-01, verified on 2026-06-01.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'expired', { validUntil: '2026-03-01T00:00:00Z' }))),
    failed: [{ check: 'validity', code: 'ERR_OB3_EXPIRED' }],
  })
  add({
    name: 'not-yet-valid',
    description: 'A credential issued on 2026-01-01 but valid from 2026-09-01, verified on 2026-06-01.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'not-yet-valid', { validFrom: '2026-09-01T00:00:00Z' }))),
    failed: [{ check: 'validity', code: 'ERR_OB3_NOT_YET_VALID' }],
  })

  // --- status -----------------------------------------------------------------------------------
  add({
    name: 'revoked',
    description: 'A credential whose revocation bit (index 4127) is set in the issuer\'s signed status list.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'revoked', { credentialStatus: statusEntry(revocationUrl, 'revocation', 4127) }))),
    resources: { [revocationUrl]: ['status-list.json', revocationList] },
    failed: [{ check: 'status', code: 'ERR_OB3_STATUS_REVOKED' }],
  })
  {
    const url = `${STATUS_BASE}/suspension/1`
    add({
      name: 'suspended',
      description: 'A credential whose suspension bit (index 512) is set in the issuer\'s signed suspension list.',
      input: 'credential.json',
      content: json(await signLdp(fx, await build(fx, 'suspended', { credentialStatus: statusEntry(url, 'suspension', 512) }))),
      resources: { [url]: ['status-list.json', await statusList(fx, url, 'suspension', [512])] },
      failed: [{ check: 'status', code: 'ERR_OB3_STATUS_SUSPENDED' }],
    })
  }
  add({
    name: 'status-list-unavailable',
    description: 'A credential with a revocation status entry whose list is not among the resources (and the network is not used): the status cannot be checked, which fails.',
    input: 'credential.json',
    content: json(await signLdp(fx, await build(fx, 'status-unavailable', { credentialStatus: statusEntry(revocationUrl, 'revocation', 95) }))),
    failed: [{ check: 'status', code: 'ERR_OB3_STATUS_UNAVAILABLE' }],
  })

  // --- context and JSON-LD safe mode ------------------------------------------------------------
  add({
    name: 'unknown-context',
    description: 'The valid credential with an unknown context (https://example.org/contexts/badge-extras.json) appended to @context after signing. It is not bundled, so it is not loaded: the context check refuses it, and the proof cannot be checked.',
    input: 'credential.json',
    content: json({ ...signed, '@context': [...(signed['@context'] as string[]), 'https://example.org/contexts/badge-extras.json'] }),
    failed: [{ check: 'context', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' }, { check: 'proof', code: 'ERR_OB3_CONTEXT_NOT_ALLOWED' }],
  })
  add({
    name: 'safe-mode-undefined-property',
    description: 'The valid credential with a top-level property no context defines ("favouriteColour") added after signing: JSON-LD safe mode refuses to canonicalize it.',
    input: 'credential.json',
    content: json({ ...signed, favouriteColour: 'teal' }),
    failed: [{ check: 'proof', code: 'ERR_OB3_JSONLD_SAFE_MODE' }],
  })
  add({
    name: 'safe-mode-undefined-type',
    description: 'The valid credential with a type no context defines ("SuperBadge") added after signing: JSON-LD safe mode refuses to canonicalize it.',
    input: 'credential.json',
    content: json({ ...signed, type: [...(signed.type as string[]), 'SuperBadge'] }),
    failed: [{ check: 'proof', code: 'ERR_OB3_JSONLD_SAFE_MODE' }],
  })

  // --- proof: shape -----------------------------------------------------------------------------
  add({ name: 'proof-missing', description: 'The standard credential with no proof at all.', input: 'credential.json', content: json(unsigned), failed: [{ check: 'proof', code: 'ERR_OB3_PROOF_MISSING' }] })
  add({
    name: 'proof-purpose-authentication',
    description: 'The valid credential with its proof\'s proofPurpose changed to "authentication" (OB 3.0 requires assertionMethod).',
    input: 'credential.json',
    content: json({ ...signed, proof: { ...(signed.proof as object), proofPurpose: 'authentication' } }),
    // The data model says proofPurpose MUST be assertionMethod, so conformance fails as well.
    failed: [{ check: 'schema', code: 'ERR_OB3_SCHEMA_INVALID' }, { check: 'proof', code: 'ERR_OB3_PROOF_PURPOSE' }],
  })
  add({
    name: 'proof-cryptosuite-unknown',
    description: 'The valid credential with its proof\'s cryptosuite changed to "eddsa-rdfc-2099", which no verifier knows.',
    input: 'credential.json',
    content: json({ ...signed, proof: { ...(signed.proof as object), cryptosuite: 'eddsa-rdfc-2099' } }),
    failed: [{ check: 'proof', code: 'ERR_OB3_PROOF_UNSUPPORTED' }],
  })

  // --- VC-JWT -----------------------------------------------------------------------------------
  {
    const [header = '', payload = '', signature = ''] = jwt.split('.')
    const changed = { ...decodeJwtPart(payload), name: 'Master Teacher of Critique' }
    add({
      name: 'jwt-tampered-payload',
      description: 'The valid VC-JWT with its payload\'s name changed and the original signature kept.',
      input: 'credential.jwt',
      content: `${header}.${toBase64Url(utf8(JSON.stringify(changed)))}.${signature}\n`,
      failed: [SIGNATURE_INVALID],
    })
    add({
      name: 'jwt-alg-none',
      description: 'The valid VC-JWT re-headed with alg "none" and no signature.',
      input: 'credential.jwt',
      content: (await handMadeJwt({ ...decodeJwtPart(header), alg: 'none' }, decodeJwtPart(payload), undefined)) + '\n',
      failed: [{ check: 'proof', code: 'ERR_OB3_JWT_ALG_UNSUPPORTED' }],
    })
    add({
      name: 'jwt-malformed',
      description: 'The valid VC-JWT with a payload that is not JSON (cut off): not a readable VC-JWT.',
      input: 'credential.jwt',
      content: `${header}.${toBase64Url(utf8('{"name":"Kind Crit'))}.${signature}\n`,
      failed: [{ check: 'parse', code: 'ERR_OB3_JWT_MALFORMED' }],
    })
    add({
      name: 'jwt-iss-mismatch',
      description: 'A VC-JWT correctly signed with the issuer\'s key, whose iss claim names the other issuer instead of issuer.id.',
      input: 'credential.jwt',
      content: (await handMadeJwt(decodeJwtPart(header), { ...decodeJwtPart(payload), iss: fx.keys.other.controller }, fx.signers.issuer)) + '\n',
      failed: [{ check: 'proof', code: 'ERR_OB3_JWT_CLAIM_MISMATCH' }],
    })
  }

  // --- schema and type --------------------------------------------------------------------------
  {
    const noRecipient = await build(fx, 'no-recipient')
    delete (noRecipient.credentialSubject as Record<string, unknown>).id
    add({
      name: 'subject-without-id-or-identifier',
      description: 'A credential signed with a credentialSubject that has neither id nor identifier (OB 3.0 requires one).',
      input: 'credential.json',
      content: json(await signLdp(fx, noRecipient)),
      failed: [{ check: 'schema', code: 'ERR_OB3_SCHEMA_INVALID' }],
    })
    const wrongType = await build(fx, 'wrong-type')
    wrongType.type = ['VerifiableCredential']
    add({
      name: 'type-without-openbadgecredential',
      description: 'A credential signed with type ["VerifiableCredential"] only: not an OpenBadgeCredential.',
      input: 'credential.json',
      content: json(await signLdp(fx, wrongType)),
      // The OB 3.0 schema requires the type too, so conformance fails as well; the proof is valid.
      failed: [{ check: 'type', code: 'ERR_OB3_TYPE_INVALID' }, { check: 'schema', code: 'ERR_OB3_SCHEMA_INVALID' }],
    })
  }

  // --- parse: PNG and SVG -----------------------------------------------------------------------
  const bakedPng = await bakePng({ image: png, credential: signed })
  add({ name: 'png-truncated', description: 'The baked PNG cut off halfway.', input: 'badge.png', content: bakedPng.subarray(0, Math.floor(bakedPng.length / 2)), failed: [{ check: 'parse', code: 'ERR_OB3_PNG_INVALID' }] })
  add({ name: 'png-no-credential', description: 'A PNG with no openbadgecredential chunk.', input: 'badge.png', content: png, failed: [{ check: 'parse', code: 'ERR_OB3_PNG_NO_CREDENTIAL' }] })
  {
    const chunks = parsePngChunks(bakedPng)
    const itxt = chunks.filter((c) => c.type === 'iTXt')
    const doubled = serializePngChunks(chunks.flatMap((c) => (c.type === 'iTXt' ? [c, ...itxt] : [c])))
    add({ name: 'png-two-credentials', description: 'A PNG holding two openbadgecredential iTXt chunks (the spec allows one).', input: 'badge.png', content: doubled, failed: [{ check: 'parse', code: 'ERR_OB3_PNG_MULTIPLE_CREDENTIALS' }] })
  }
  add({ name: 'svg-no-credential', description: 'An SVG with no openbadges:credential element.', input: 'badge.svg', content: BASE_SVG, failed: [{ check: 'parse', code: 'ERR_OB3_SVG_NO_CREDENTIAL' }] })
  {
    const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)]
    const svg = await bakeSvg({ image: BASE_SVG, credential: signed })
    const bomb = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg [\n  ${laughs.join('\n  ')}\n]>\n${svg.replace('<title>Kind Critiquing</title>', '<title>&lol9;</title>')}`
    add({ name: 'svg-entity-bomb', description: 'A baked SVG with a DOCTYPE declaring nested entities (a "billion laughs" bomb) used in its title.', input: 'badge.svg', content: bomb, failed: [{ check: 'parse', code: 'ERR_OB3_SVG_FORBIDDEN_DTD' }] })
  }

  // --- parse: JSON ------------------------------------------------------------------------------
  const signedText = JSON.stringify(signed)
  add({ name: 'not-json', description: 'Plain text that is neither JSON, a VC-JWT, a PNG nor an SVG.', input: 'input.txt', content: 'This is a certificate of attendance, not a credential.\n', failed: [{ check: 'parse', code: 'ERR_OB3_FORMAT_UNKNOWN' }] })
  add({ name: 'json-truncated', description: 'The valid credential\'s JSON cut off halfway.', input: 'credential.json', content: signedText.slice(0, Math.floor(signedText.length / 2)), failed: [{ check: 'parse', code: 'ERR_OB3_JSON_INVALID' }] })
  add({ name: 'json-array', description: 'A JSON array holding the valid credential: JSON, but not a credential.', input: 'credential.json', content: json([signed]), failed: [{ check: 'parse', code: 'ERR_OB3_NOT_A_CREDENTIAL' }] })
  add({ name: 'json-proto-key', description: 'The valid credential with a "__proto__" key added to its JSON text.', input: 'credential.json', content: `{"__proto__":{"verified":true},${signedText.slice(1)}\n`, failed: [{ check: 'parse', code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }] })
  add({ name: 'json-too-deep', description: 'The valid credential with a property holding arrays nested 10,000 levels deep.', input: 'credential.json', content: `{"nested":${'['.repeat(10_000)}${']'.repeat(10_000)},${signedText.slice(1)}\n`, failed: [{ check: 'parse', code: 'ERR_OB3_JSON_TOO_DEEP' }] })

  // --- parse: the same bounds for JSON baked into an image ---------------------------------------
  add({
    name: 'png-json-proto-key',
    description: 'The valid credential baked into a PNG with a "__proto__" key added to its JSON (content the signature does not cover): refused as in a .json file.',
    input: 'badge.png',
    content: await bakePng({ image: png, credential: JSON.parse(`{"__proto__":{"verified":true},${signedText.slice(1)}`) as object }),
    failed: [{ check: 'parse', code: 'ERR_OB3_JSON_FORBIDDEN_KEY' }],
  })
  {
    const svg = await bakeSvg({ image: BASE_SVG, credential: signed })
    if (svg.split('<![CDATA[{').length !== 2) throw new Error('make-vectors: expected one CDATA section in the baked SVG')
    add({
      name: 'svg-json-too-deep',
      description: 'The valid credential baked into an SVG with a property holding arrays nested 10,000 levels deep added to its JSON: refused as in a .json file.',
      input: 'badge.svg',
      content: svg.replace('<![CDATA[{', `<![CDATA[{"nested":${'['.repeat(10_000)}${']'.repeat(10_000)},`),
      failed: [{ check: 'parse', code: 'ERR_OB3_JSON_TOO_DEEP' }],
    })
  }

  return out
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function expectedCell(c: VectorCase): string {
  const failed = (c.failed ?? []).map((f) => `${f.check}: \`${f.code}\``)
  const warned = (c.warnings ?? []).map((id) => `${id}: warning`)
  return [...(failed.length === 0 ? ['verified'] : failed), ...warned].join('<br>')
}

function readme(fx: Fixtures, list: VectorCase[]): string {
  return `# ob3 test vectors

Credentials ob3 generates itself with fixed keys, a fixed clock and fixed randomness, each with the
report the verifier must give for it. They are made by \`scripts/make-vectors.ts\` and checked by
\`packages/verifier/test/vectors.test.ts\`. The expectations are written from the OB 3.0
specification, not read back from the verifier: a vector the verifier does not meet yet is listed
as a known bug in that test (\`it.fails\`).

**The keys in \`keys.json\` are test fixtures: their secret halves are public. Never sign a real
credential with them.**

## Regenerating

\`\`\`sh
pnpm vectors            # rewrite test-vectors/
pnpm vectors --check    # exit 1 and list the files that differ from what the generator makes now
\`\`\`

Ed25519 signatures are deterministic, so a run that changes nothing writes the same bytes. A change
to the vectors is a change of behaviour (of the issuer, of the proofs, of baking): review it.

## Layout

- \`keys.json\`: the test keys (Multikey, public and secret), each from a seed of 32 equal bytes.
- \`<case>/case.json\`: \`description\`; \`input\` (the file to verify); \`now\` (the verification
  clock); \`resources\` (URL → file in the folder, served instead of the network; nothing else is
  fetched); \`expected\`: \`verified\`, \`failed\` (every check that must fail, with its code; no
  other check may fail) and \`warnings\` (every check whose status must be \`warning\`; no other
  check may warn).
- \`<case>/<input>\`: \`credential.json\`, \`credential.jwt\`, \`badge.png\`, \`badge.svg\` or \`input.txt\`;
  beside it, any resource file (\`status-list.json\`).

Fixed inputs: everything is issued and signed at ${ISSUED_AT.toISOString().replace('.000', '')} and
verified at ${VERIFY_AT} unless a case says otherwise. The issuer is
\`${fx.keys.issuer.controller}\` (seed 0x01).

## Cases

| Case | Expected | What it is |
|---|---|---|
${list.map((c) => `| \`${c.name}\` | ${expectedCell(c)} | ${c.description.replace(/\|/g, '\\|')} |`).join('\n')}
`
}

async function keysFile(fx: Fixtures): Promise<string> {
  return json({
    warning: 'TEST FIXTURES ONLY. These secret keys are published; never use them to sign real credentials.',
    keys: Object.fromEntries((Object.keys(SEEDS) as KeyName[]).map((n) => [n, {
      role: SEEDS[n].role,
      seed: `32 bytes of 0x${SEEDS[n].byte.toString(16).padStart(2, '0')}`,
      ...fx.keys[n],
    }])),
  })
}

/**
 * Every vector file, by path relative to `test-vectors/`, built in memory.
 * @example `const files = await buildVectorFiles(); files.get('keys.json')`
 */
export async function buildVectorFiles(): Promise<Map<string, Uint8Array>> {
  const fx = await fixtures()
  const list = await cases(fx)
  const files = new Map<string, Uint8Array>()
  const put = (path: string, content: string | Uint8Array) => {
    if (files.has(path)) throw new Error(`make-vectors: ${path} is written twice`)
    files.set(path, typeof content === 'string' ? utf8(content) : content)
  }
  put('README.md', readme(fx, list))
  put('keys.json', await keysFile(fx))
  for (const c of list) {
    if (!/^[a-z0-9-]+$/.test(c.name)) throw new Error(`make-vectors: bad case name ${c.name}`)
    put(`${c.name}/${c.input}`, c.content)
    const failed = c.failed ?? []
    const expected: CaseFile['expected'] = { verified: failed.length === 0, failed }
    if (c.warnings !== undefined) expected.warnings = c.warnings
    const caseFile: CaseFileDraft = { description: c.description, input: c.input, now: c.now ?? VERIFY_AT }
    if (c.resources !== undefined) {
      caseFile.resources = Object.fromEntries(Object.entries(c.resources).map(([url, [file]]) => [url, file]))
      for (const [file, content] of Object.values(c.resources)) put(`${c.name}/${file}`, content)
    }
    caseFile.expected = expected
    put(`${c.name}/case.json`, json(caseFile))
  }
  return files
}

/**
 * Write every vector into `dir` (created if needed; files already there that the generator does
 * not make are left alone, and reported by {@link compareVectorDirs}).
 * @returns the paths written, relative to `dir`
 * @example `await generateVectors(await mkdtemp(join(tmpdir(), 'vectors-')))`
 */
export async function generateVectors(dir: string): Promise<string[]> {
  const files = await buildVectorFiles()
  for (const [path, bytes] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), bytes)
  }
  return [...files.keys()].sort()
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries
  try {
    entries = await readdir(join(dir, prefix), { withFileTypes: true })
  } catch {
    return []
  }
  const out: string[] = []
  for (const e of entries) {
    const path = prefix === '' ? e.name : `${prefix}/${e.name}`
    if (e.isDirectory()) out.push(...(await listFiles(dir, path)))
    else out.push(path)
  }
  return out.sort()
}

/**
 * The differences between two vector folders, one line each: `changed <path>`,
 * `missing <path>` (in `expected` only), `extra <path>` (in `actual` only). Empty when they match.
 * @example `await compareVectorDirs(VECTORS_DIR, freshlyGenerated) // []`
 */
export async function compareVectorDirs(expected: string, actual: string): Promise<string[]> {
  const [a, b] = await Promise.all([listFiles(expected), listFiles(actual)])
  const inActual = new Set(b)
  const diffs: string[] = []
  for (const path of a) {
    if (!inActual.has(path)) diffs.push(`missing ${path}`)
    else if (!(await readFile(join(expected, path))).equals(await readFile(join(actual, path)))) diffs.push(`changed ${path}`)
  }
  const inExpected = new Set(a)
  for (const path of b) if (!inExpected.has(path)) diffs.push(`extra ${path}`)
  return diffs
}

/**
 * Regenerate into a temporary folder and compare with `dir` (default: the committed vectors).
 * @returns the differences (see {@link compareVectorDirs}): lines `missing` name files only the
 *   fresh generation has, `extra` files only `dir` has.
 * @example `expect(await checkVectors()).toEqual([])`
 */
export async function checkVectors(dir: string = VECTORS_DIR): Promise<string[]> {
  const fresh = await mkdtemp(join(tmpdir(), 'ob3-vectors-'))
  try {
    await generateVectors(fresh)
    return await compareVectorDirs(fresh, dir)
  } finally {
    await rm(fresh, { recursive: true, force: true })
  }
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--check')
  if (unknown.length > 0) {
    console.error(`usage: make-vectors [--check]  (unknown: ${unknown.join(' ')})`)
    return 2
  }
  if (args.includes('--check')) {
    const diffs = await checkVectors()
    if (diffs.length === 0) {
      console.log('test-vectors/ is up to date')
      return 0
    }
    console.error(`test-vectors/ differs from what the generator makes now (run pnpm vectors):\n${diffs.map((d) => `  ${d}`).join('\n')}`)
    return 1
  }
  // Start from an empty folder so that a removed or renamed case leaves nothing behind.
  await rm(VECTORS_DIR, { recursive: true, force: true })
  const written = await generateVectors(VECTORS_DIR)
  console.log(`wrote ${written.length} files to ${resolve(VECTORS_DIR)}`)
  return 0
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2))
}
