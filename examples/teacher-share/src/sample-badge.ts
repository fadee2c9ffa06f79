/**
 * The issuer's side, only so the example runs on its own: an academy issues a baked PNG badge to
 * the teacher's DID, its evidence naming two artifact files by digest. A real app receives the
 * badge from its issuer instead.
 */
import {
  CREDENTIALS_V2_URL, OB_CONTEXT_URL, bakePng, computeDigestMultibase, computeDigestSri, createEd25519Signer, generateEd25519Key, signLinkedDataProof,
} from '@ob3/core'

/** An artifact file of the teacher's submission. */
export interface ArtifactFile {
  name: string
  mediaType: string
  bytes: Uint8Array
}

const PLAIN_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** Two small files of student work, as a teacher would have them. */
export function sampleArtifacts(): ArtifactFile[] {
  const text = (s: string) => new TextEncoder().encode(s)
  return [
    { name: 'Rivera - park ideas - Amira.txt', mediaType: 'text/plain', bytes: text('Amira: 14 ideas for the new park, grouped into 4 themes; her group voted for the rain garden.\n') },
    { name: 'Rivera - park ideas - Ben.txt', mediaType: 'text/plain', bytes: text('Ben: a sketch of the rain garden, expanded with a path, benches and a seed library.\n') },
  ]
}

/**
 * A baked PNG badge for `holder`, signed by a new academy key (eddsa-rdfc-2022).
 * @example `const png = await sampleBadge(wallet.holder, sampleArtifacts())`
 */
export async function sampleBadge(holder: string, artifacts: ArtifactFile[]): Promise<Uint8Array> {
  const key = await generateEd25519Key()
  const credential = {
    '@context': [CREDENTIALS_V2_URL, OB_CONTEXT_URL],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Idea Generating',
    issuer: { id: key.controller, type: ['Profile'], name: 'Northwind Educator Academy' },
    validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      id: holder,
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://academy.northwind.example/micro-credentials/idea-generating', type: ['Achievement'], name: 'Idea Generating',
        description: 'Leads students through a structured, multi-step brainstorm.', criteria: { narrative: 'Two student work samples, two student reflections and a teacher reflection.' },
        achievementType: 'MicroCredential',
      },
    },
    evidence: await Promise.all(artifacts.map(async (a) => ({
      type: ['Evidence'], name: a.name, genre: 'Student work', mediaType: a.mediaType,
      digestMultibase: await computeDigestMultibase(a.bytes), digestSRI: await computeDigestSri(a.bytes),
    }))),
  }
  const signed = await signLinkedDataProof({ document: credential, signer: await createEd25519Signer(key) })
  return bakePng({ image: Uint8Array.from(atob(PLAIN_PNG), (c) => c.charCodeAt(0)), credential: signed })
}
