import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { signLinkedDataProof } from '@ob3/core'
import { buildStatusListCredential, statusList2021Url, type StatusListGroupRecord, type StatusListType } from '@ob3/issuer'
import type { Context } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { didWebDocument } from '../lib/did-web.js'
import { describeError, refuse } from '../lib/errors.js'

/** Signed status lists kept per list, while their bits do not change. */
const MAX_CACHED_LISTS = 1000
/** A kept list is signed again after this long, so its validFrom stays recent. */
const RESIGN_AFTER_MS = 6 * 3_600_000

/**
 * The public documents the service publishes for its tenants, in a Hono app of their own (no
 * middleware) so that the service's verifier can read them in-process:
 * - `GET /status/:tenant/:group/:purpose` — the signed BitstringStatusListCredential
 *   (`revocation` or `suspension`; `message`, multi-bit, for a group whose credentials carry a
 *   message status entry), with `Cache-Control`, a weak `ETag` of its bits and 304 for
 *   `If-None-Match`;
 * - `GET /status/:tenant/:group/:purpose/2021` — the same bits of a `revocation` or `suspension`
 *   list as a signed StatusList2021Credential (VC 1.1), the list of the `StatusList2021Entry`
 *   that VC 1.1 credentials carry, cached the same way;
 * - `POST /status/:tenant/:group/:purpose/publish` — 204 (lists are always current);
 * - `GET /:tenant/did.json` — the did:web document of a tenant whose issuer is
 *   `did:web:<host>:<tenant>`;
 * - `GET /.well-known/did.json` — the service's own did:web (`did:web:<host>`), when a tenant has it.
 */
export function createDocumentsApp(ctx: ServerContext): Hono<ServerEnv> {
  const docs = new Hono<ServerEnv>()
  const lists = new Map<string, { etag: string; body: string; at: number }>()
  // A list group never changes once created (its id, length and URLs), so it is read once; its
  // bits (flags, values) are read at every request.
  const groups = new Map<string, StatusListGroupRecord>()
  const groupOf = async (issuerId: string, id: string): Promise<StatusListGroupRecord | undefined> => {
    const key = `${issuerId}\n${id}`
    const known = groups.get(key)
    if (known !== undefined) return known
    const group = await ctx.issuerStore.getStatusListGroup(issuerId, id)
    if (group !== undefined) {
      groups.set(key, group)
      while (groups.size > MAX_CACHED_LISTS) groups.delete(groups.keys().next().value as string)
    }
    return group
  }

  docs.onError((err, c) => {
    const { status, body } = describeError(err)
    return c.json(body, status as 400)
  })

  /** A list in one of its two forms: the Bitstring list, or (for `/2021`) its StatusList2021 form. */
  const serveList = async (c: Context<ServerEnv>, type: StatusListType): Promise<Response> => {
    const legacy = type === 'StatusList2021Credential'
    const purpose = c.req.param('purpose') ?? ''
    if (purpose !== 'revocation' && purpose !== 'suspension' && (legacy || purpose !== 'message')) {
      refuse('ERR_OB3_SERVER_NOT_FOUND', legacy ? 'a StatusList2021 list is revocation or suspension' : 'a status list is revocation, suspension or message')
    }
    const tenant = await ctx.tenants.get(c.req.param('tenant') ?? '')
    if (tenant === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', 'there is no such status list')
    const issuerId = tenant.record.issuerId
    const group = await groupOf(issuerId, c.req.param('group') ?? '')
    if (group === undefined || (purpose === 'message' && (group.statusSize === undefined || group.messageListUrl === undefined))) refuse('ERR_OB3_SERVER_NOT_FOUND', 'there is no such status list')
    const flagged = purpose === 'message' ? [] : await ctx.issuerStore.listFlaggedIndexes(issuerId, group.id, purpose === 'revocation' ? 'revoked' : 'suspended')
    const values = purpose === 'message' ? await ctx.issuerStore.listStatusValues(issuerId, group.id) : []
    const state = purpose === 'message' ? values.map(([i, v]) => `${i}=${v}`).join(',') : flagged.join(',')
    const form = legacy ? `${purpose}/2021` : purpose
    const etag = `W/"${createHash('sha256').update(`${issuerId}\n${group.id}\n${form}\n${state}`).digest('base64url').slice(0, 27)}"`
    const headers = {
      'cache-control': `public, max-age=${ctx.limits.statusListMaxAgeSeconds}`,
      etag,
      'access-control-allow-origin': '*',
    }
    const ifNoneMatch = c.req.header('if-none-match')
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').map((t) => t.trim()).includes(etag)) return c.body(null, 304, headers)
    const key = `${tenant.record.id}/${group.id}/${form}`
    const now = ctx.now()
    let kept = lists.get(key)
    if (kept === undefined || kept.etag !== etag || now.getTime() - kept.at > RESIGN_AFTER_MS) {
      const url = purpose === 'revocation' ? group.revocationListUrl : purpose === 'suspension' ? group.suspensionListUrl : (group.messageListUrl as string)
      const unsigned = await buildStatusListCredential({
        url: legacy ? statusList2021Url(url) : url, issuerId, purpose, length: group.length, flagged, now,
        ...(legacy ? { type } : {}),
        ...(purpose === 'message' ? { statusSize: group.statusSize as number, values } : {}),
      })
      const signed = await signLinkedDataProof({ document: unsigned, signer: tenant.signer, created: now })
      kept = { etag, body: JSON.stringify(signed), at: now.getTime() }
      lists.delete(key)
      lists.set(key, kept)
      while (lists.size > MAX_CACHED_LISTS) lists.delete(lists.keys().next().value as string)
    }
    return c.body(kept.body, 200, { ...headers, 'content-type': legacy ? 'application/ld+json' : 'application/vc+ld+json' })
  }

  docs.get('/status/:tenant/:group/:purpose', (c) => serveList(c, 'BitstringStatusListCredential'))
  docs.get('/status/:tenant/:group/:purpose/2021', (c) => serveList(c, 'StatusList2021Credential'))

  // Lists are made from the store at every request, so there is nothing to publish: this answers
  // 204 for a list that exists, for callers that publish after a status change (earlier VC-API drafts).
  docs.post('/status/:tenant/:group/:purpose/publish', async (c) => {
    const purpose = c.req.param('purpose')
    const tenant = purpose === 'revocation' || purpose === 'suspension' || purpose === 'message' ? await ctx.tenants.get(c.req.param('tenant')) : undefined
    const group = tenant === undefined ? undefined : await ctx.issuerStore.getStatusListGroup(tenant.record.issuerId, c.req.param('group'))
    if (group === undefined || (purpose === 'message' && group.statusSize === undefined)) refuse('ERR_OB3_SERVER_NOT_FOUND', 'there is no such status list')
    return c.body(null, 204)
  })

  const didAnswer = (document: unknown) => new Response(JSON.stringify(document), {
    status: 200,
    headers: { 'content-type': 'application/did+json', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
  })

  docs.get('/.well-known/did.json', async () => {
    const tenant = await ctx.tenants.hostTenant()
    if (tenant === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', 'this service has no did:web of its own (no tenant was created with did "web-host")')
    return didAnswer(didWebDocument(tenant.record.issuerId, tenant.key))
  })

  docs.get('/:tenant/did.json', async (c) => {
    const tenant = await ctx.tenants.get(c.req.param('tenant'))
    if (tenant === undefined || tenant.record.didMethod !== 'web') refuse('ERR_OB3_SERVER_NOT_FOUND', 'there is no did:web document here')
    return didAnswer(didWebDocument(tenant.record.issuerId, tenant.key))
  })

  return docs
}
