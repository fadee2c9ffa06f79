import type { Context, Hono } from 'hono'
import type { ServerContext, ServerEnv } from '../lib/context.js'
import { rateLimit, type Scope } from '../lib/middleware.js'
import { isJsonType, readBytes } from '../lib/read-body.js'
import { hashToken, newToken } from '../lib/tokens.js'
import { sameDigest } from '../store/rows.js'

/** The scopes a token may be granted; an API key (the client) holds all of them. */
export const SCOPES: readonly Scope[] = ['issue:credentials', 'update:credentials', 'read:credentials']
/**
 * Scopes other VC-API services use for what this one answers without a token (verification).
 * They are granted on request, so a client configured for such a service works here unchanged.
 */
const OPEN_SCOPES = ['verify:credentials', 'verify:presentations']

/** The OAuth2 error codes of RFC 6749 §5.2, with the ob3 code beside each. */
type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope'
const OB3_CODE: Record<OAuthError, string> = {
  invalid_request: 'ERR_OB3_SERVER_REQUEST_INVALID',
  invalid_client: 'ERR_OB3_SERVER_UNAUTHORIZED',
  unsupported_grant_type: 'ERR_OB3_SERVER_REQUEST_INVALID',
  invalid_scope: 'ERR_OB3_SERVER_REQUEST_INVALID',
}

function oauthError(c: Context<ServerEnv>, error: OAuthError, description: string) {
  c.header('cache-control', 'no-store')
  if (error === 'invalid_client') c.header('www-authenticate', 'Basic realm="ob3"')
  return c.json({ error, error_description: description, code: OB3_CODE[error] }, error === 'invalid_client' ? 401 : 400)
}

/** The client id and secret of HTTP Basic (RFC 6749 §2.3.1: each form-urlencoded), or undefined. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | 'malformed' {
  if (header === undefined) return undefined
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (match === null) return /^Basic\b/i.test(header) ? 'malformed' : undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return 'malformed'
  try {
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) }
  } catch {
    return 'malformed'
  }
}

/**
 * OAuth2 for tenants (RFC 6749 client credentials grant):
 * - `POST /oauth2/token` — a tenant's API key is the client: `client_id` is the key's id,
 *   `client_secret` the key itself, sent with HTTP Basic or in the form body. `grant_type` must be
 *   `client_credentials`; `scope` (space-separated) picks among `issue:credentials`,
 *   `update:credentials`, `read:credentials` (default: all); `audience` is accepted and ignored. Answers `{ access_token, token_type:
 *   "Bearer", expires_in, scope }`; the token (`ob3t_…`, only its hash is stored) works wherever
 *   the API key does, within its scopes, until it expires or its key is revoked. Errors follow
 *   RFC 6749 §5.2 (`{ error, error_description }`, with the ob3 `code` beside them).
 * - `GET /.well-known/oauth-authorization-server` — the server metadata of RFC 8414.
 */
export function oauthRoutes(app: Hono<ServerEnv>, ctx: ServerContext): void {
  app.get('/.well-known/oauth-authorization-server', (c) => {
    const base = ctx.baseUrl()
    return c.json({
      issuer: base,
      token_endpoint: `${base}/oauth2/token`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...SCOPES, ...OPEN_SCOPES],
      response_types_supported: ['token'],
    })
  })

  app.post('/oauth2/token', rateLimit(ctx, ctx.limiters.token), async (c) => {
    const type = c.req.header('content-type')
    let params: URLSearchParams
    if ((type ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded') {
      params = new URLSearchParams(new TextDecoder().decode(await readBytes(c.req.raw, 64 * 1024)))
    } else if (isJsonType(type ?? null)) {
      // Not in RFC 6749, but some clients send it; the same fields.
      let body: unknown
      try {
        body = JSON.parse(new TextDecoder().decode(await readBytes(c.req.raw, 64 * 1024)))
      } catch {
        return oauthError(c, 'invalid_request', 'the body is not valid JSON')
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return oauthError(c, 'invalid_request', 'the body must be an object')
      params = new URLSearchParams()
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') params.set(k, v)
    } else {
      return oauthError(c, 'invalid_request', 'send the token request as application/x-www-form-urlencoded')
    }
    for (const name of ['grant_type', 'client_id', 'client_secret', 'scope', 'scopes']) {
      if (params.getAll(name).length > 1) return oauthError(c, 'invalid_request', `${name} is given more than once`)
    }
    if (params.get('grant_type') !== 'client_credentials') {
      return params.get('grant_type') === null
        ? oauthError(c, 'invalid_request', 'grant_type is missing; this service grants client_credentials')
        : oauthError(c, 'unsupported_grant_type', 'this service grants client_credentials only')
    }
    const basic = basicCredentials(c.req.header('authorization'))
    if (basic === 'malformed') return oauthError(c, 'invalid_client', 'the Basic authorization header is malformed')
    if (basic !== undefined && params.has('client_secret')) return oauthError(c, 'invalid_request', 'send the client credentials one way: Basic or the body, not both')
    const id = basic?.id ?? params.get('client_id') ?? ''
    const secret = basic?.secret ?? params.get('client_secret') ?? ''
    if (id === '' || secret === '') return oauthError(c, 'invalid_client', 'send client_id (the API key id) and client_secret (the API key)')
    const key = await ctx.store.findApiKeyById(id)
    if (key === undefined || !sameDigest(hashToken(secret), key.tokenHash)) return oauthError(c, 'invalid_client', 'unknown client, wrong secret, or a revoked key')

    // `scopes` is what some clients (earlier W3C test-suite harnesses) send instead of `scope`.
    const asked = (params.get('scope') ?? params.get('scopes') ?? '').split(' ').filter((s) => s !== '')
    const unknown = asked.filter((s) => !SCOPES.includes(s as Scope) && !OPEN_SCOPES.includes(s))
    if (unknown.length > 0) return oauthError(c, 'invalid_scope', `unknown scope: ${unknown.join(' ')} (known: ${[...SCOPES, ...OPEN_SCOPES].join(' ')})`)
    const scope = (asked.length === 0 ? [...SCOPES] : [...new Set(asked)]).join(' ')

    const token = newToken('ob3t')
    const now = ctx.now()
    const ttl = ctx.limits.accessTokenTtlSeconds
    await ctx.store.createAccessToken({
      tokenHash: hashToken(token), apiKeyId: key.id, scope,
      createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + ttl * 1000).toISOString(),
    })
    c.get('log').info({ tenant: key.tenantId, apiKey: key.id, scope }, 'access token granted')
    c.header('cache-control', 'no-store')
    c.header('pragma', 'no-cache')
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: ttl, scope })
  })
}
