import { createEd25519Signer, ed25519KeyFromSeed, type Ed25519Multikey } from '@ob3/core'
import { buildCredential, buildEndorsement, issueCredential } from '@ob3/issuer'
import { parseTrustRegistry } from '@ob3/verifier'

const TEACHER = 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG'

async function award(provider: Ed25519Multikey, providerName: string, slug: string, name: string, hours: number) {
  const credential = await buildCredential({
    issuer: { id: provider.controller, name: providerName },
    award: {
      achievement: { id: `https://${slug.split('/')[0]}/mc/${slug.split('/')[1]}`, name, description: `${name}, as a micro-credential.`, criteria: { narrative: 'Evidence scored against a rubric.' }, achievementType: 'MicroCredential', creditsAvailable: hours },
      recipient: { id: TEACHER },
      creditsEarned: hours,
    },
  })
  return (await issueCredential({ credential, signer: await createEd25519Signer(provider) })).credential
}

/**
 * A teacher's renewal file: four micro-credentials from two providers, the state's endorsements
 * of some of them, and the state's registry of approved providers and endorsers. Fixed keys.
 */
export async function scenario() {
  const approved = await ed25519KeyFromSeed(new Uint8Array(32).fill(31))
  const unapproved = await ed25519KeyFromSeed(new Uint8Array(32).fill(32))
  const state = await ed25519KeyFromSeed(new Uint8Array(32).fill(33))
  const credentials = {
    'mapping-concepts.json': await award(approved, 'Northwind Educator Academy', 'academy.northwind.example/mapping-concepts', 'Mapping Concepts', 15),
    'growth-mindset.json': await award(approved, 'Northwind Educator Academy', 'academy.northwind.example/growth-mindset', 'Growth Mindset', 15),
    'rubric-design.json': await award(approved, 'Northwind Educator Academy', 'academy.northwind.example/rubric-design', 'Rubric Design', 10),
    'weekend-workshop.json': await award(unapproved, 'Weekend Workshops LLC', 'workshops.example/weekend', 'Weekend Workshop', 30),
  }
  const stateSigner = await createEd25519Signer(state)
  const endorse = async (achievementId: string) => (await issueCredential({
    credential: buildEndorsement({ issuer: { id: state.controller, name: 'Lakeland Department of Education' }, subjectId: achievementId, comment: 'Approved for license renewal clock hours.' }),
    signer: stateSigner,
  })).credential
  // Rubric Design was not submitted to the state for approval, so it has no endorsement.
  const endorsements = [
    await endorse('https://academy.northwind.example/mc/mapping-concepts'),
    await endorse('https://academy.northwind.example/mc/growth-mindset'),
    await endorse('https://workshops.example/mc/weekend'),
  ]
  const registry = parseTrustRegistry({
    name: 'Lakeland recertification registry',
    entries: [
      { id: approved.controller, name: 'Northwind Educator Academy', trustedFor: ['issuer'] },
      { id: state.controller, name: 'Lakeland Department of Education', trustedFor: ['endorser'] },
    ],
  })
  return { credentials, endorsements, registry }
}
