/**
 * The report of an Open Badges 2.0 assertion carries what the assertion, its BadgeClass and its
 * issuer Profile say (`report.ob2`), as read while verifying (fetched by URL or embedded), so that
 * a page can show the badge even when the input was only a URL or a JWS.
 */
import { createResourceFetch } from '@ob3/core'
import { describe, expect, it } from 'vitest'
import { verify } from '../src/index.js'

const OB2 = 'https://w3id.org/openbadges/v2'
const ISSUER = 'https://badges.example/issuer'
const BADGE = 'https://badges.example/badges/idea-generating'
const ASSERTION = 'https://badges.example/assertions/7'
const NOW = new Date('2026-06-01T00:00:00Z')
type Json = Record<string, unknown>

const profile: Json = { '@context': OB2, id: ISSUER, type: 'Issuer', name: 'Northwind Educator Academy', url: 'https://badges.example', email: 'badges@badges.example' }
const badgeClass: Json = {
  '@context': OB2, id: BADGE, type: 'BadgeClass', name: 'Idea Generating', description: 'Brainstorming before judging.',
  image: { id: 'https://badges.example/badges/idea.png', type: 'Image' },
  criteria: { id: 'https://badges.example/criteria/idea', narrative: 'Lead three brainstorming protocols.' }, issuer: ISSUER,
}
const assertion: Json = {
  '@context': OB2, id: ASSERTION, type: 'Assertion', badge: BADGE, verification: { type: 'HostedBadge' }, issuedOn: '2026-01-01T00:00:00Z',
  recipient: { type: 'url', hashed: false, identity: 'https://ana.example' },
  image: 'https://badges.example/assertions/7/image.png',
  narrative: 'Ran the protocol with two classes.',
  evidence: [{ id: 'https://ana.example/lesson-plan', name: 'Lesson plan', narrative: 'The protocol, step by step.' }, 'https://ana.example/video'],
}

function site(docs: Record<string, Json | undefined>): typeof fetch {
  const resources: Record<string, string> = {}
  for (const [url, doc] of Object.entries(docs)) if (doc !== undefined) resources[url] = JSON.stringify(doc)
  return createResourceFetch({ resources, fallback: async () => new Response('not found', { status: 404 }) })
}

describe('report.ob2: what an Open Badges 2.0 badge says of itself', () => {
  it('holds the fetched BadgeClass and Profile, and the assertion\'s own image, narrative and evidence', async () => {
    const report = await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: assertion, [BADGE]: badgeClass, [ISSUER]: profile }), now: NOW })
    expect(report.verified).toBe(true)
    expect(report.ob2).toEqual({
      badgeClass: {
        id: BADGE,
        name: 'Idea Generating',
        description: 'Brainstorming before judging.',
        image: 'https://badges.example/badges/idea.png',
        criteria: { id: 'https://badges.example/criteria/idea', narrative: 'Lead three brainstorming protocols.' },
      },
      issuer: { id: ISSUER, name: 'Northwind Educator Academy', url: 'https://badges.example', email: 'badges@badges.example' },
      image: 'https://badges.example/assertions/7/image.png',
      narrative: 'Ran the protocol with two classes.',
      evidence: [
        { id: 'https://ana.example/lesson-plan', name: 'Lesson plan', narrative: 'The protocol, step by step.' },
        { id: 'https://ana.example/video', name: null, narrative: null },
      ],
    })
  })

  it('reads criteria given as a URL and an embedded BadgeClass; says null for what could not be read', async () => {
    const embedded = { ...assertion, badge: { ...badgeClass, criteria: 'https://badges.example/criteria/idea', image: 'data:image/png;base64,iVBORw0KGgo=' }, image: undefined, narrative: undefined, evidence: undefined }
    const report = await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: embedded, [ISSUER]: profile }), now: NOW })
    expect(report.verified).toBe(true)
    expect(report.ob2?.badgeClass).toEqual({ id: BADGE, name: 'Idea Generating', description: 'Brainstorming before judging.', image: 'data:image/png;base64,iVBORw0KGgo=', criteria: { id: 'https://badges.example/criteria/idea', narrative: null } })
    expect([report.ob2?.image, report.ob2?.narrative, report.ob2?.evidence]).toEqual([null, null, []])

    const unresolved = await verify({ input: ASSERTION, fetch: site({ [ASSERTION]: assertion }), now: NOW })
    expect(unresolved.checks.find((c) => c.id === 'schema')).toMatchObject({ status: 'failed', code: 'ERR_OB3_OB2_UNRESOLVED' })
    expect([unresolved.ob2?.badgeClass, unresolved.ob2?.issuer]).toEqual([null, null])
  })

  it('is not in the report of an Open Badges 3.0 credential', async () => {
    const report = await verify({ input: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: 'did:example:x', credentialSubject: {} }, now: NOW })
    expect(report.specification).toBe('ob3')
    expect('ob2' in report).toBe(false)
  })
})
