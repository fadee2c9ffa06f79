/**
 * Internal: the tenants a service hosts — each an issuer with its own signing key, issuer id and
 * API keys — loaded from the server store and kept in memory once opened.
 * @packageDocumentation
 */
import {
  Ob3Error, createEd25519Signer, didKeyFromPublicKeyMultibase, generateEd25519Key, importEd25519Multikey, isOb3Error,
  type Ed25519Multikey, type Signer,
} from '@ob3/core'
import { Issuer, type IssuerStore } from '@ob3/issuer'
import type { ServerStore, TenantDidMethod, TenantRecord } from '../store/types.js'
import { DID_WEB_KEY_FRAGMENT, didWebOf } from './did-web.js'
import { refuse } from './errors.js'
import { openKey, sealKey } from './key-box.js'
import { hashToken, newId, newToken } from './tokens.js'

/** A tenant ready to work: its record, key, signer and issuer. */
export interface Tenant {
  record: TenantRecord
  key: Ed25519Multikey
  signer: Signer
  issuer: Issuer
  /** Where its status lists are published: `<base>/status/<tenant>`. */
  statusBaseUrl: string
}

/** What a new tenant is made from. */
export interface CreateTenantInput {
  /** Short name used in URLs: lower-case letters, digits and dashes (2–63). */
  id: string
  /** The issuer's name. */
  name: string
  /**
   * How its issuer id is made: `key` (default, the key's did:key), `web` (did:web on the
   * service's host: `did:web:<host>:<id>`), `web-host` (the service's own did:web, one tenant).
   */
  did?: TenantDidMethod
  /** Also give credentials a suspension entry, so they can be suspended. Default false. */
  suspension?: boolean
  /** An Ed25519 Multikey with its secret to sign with; without one a key is generated. */
  key?: unknown
}

/** A tenant as the API shows it (never its key). */
export interface TenantInfo {
  id: string
  name: string
  issuer: string
  did: TenantDidMethod
  suspension: boolean
  verificationMethod: string
  statusBaseUrl: string
  didDocumentUrl?: string
  createdAt: string
}

/** A new API key: `token` is shown this once and never stored. */
export interface NewApiKey {
  id: string
  token: string
}

/** A newly created tenant and its first API key. */
export interface CreatedTenant {
  tenant: TenantInfo
  apiKey: NewApiKey
}

const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/
/** Path segments the service uses itself, so no tenant may have them as id. */
const RESERVED = new Set(['admin', 'api', 'assets', 'credentials', 'presentations', 'status', 'shares', 'health', 'tenant', 'well-known', 'static', 'page'])

/** Options for {@link TenantRegistry}. */
export interface TenantRegistryOptions {
  store: ServerStore
  issuerStore: IssuerStore
  /** The service's public base URL (known once it listens). */
  baseUrl: () => string
  keyEncryptionKey: Uint8Array | undefined
  now: () => Date
}

/** The tenants of one service instance. Internal. */
export class TenantRegistry {
  readonly #o: TenantRegistryOptions
  readonly #open = new Map<string, Promise<Tenant | undefined>>()

  constructor(options: TenantRegistryOptions) {
    this.#o = options
  }

  /** Forget opened tenants (the base URL changed). */
  reset(): void {
    this.#open.clear()
  }

  /** A tenant by id, or undefined. */
  get(id: string): Promise<Tenant | undefined> {
    if (!TENANT_ID.test(id)) return Promise.resolve(undefined)
    let pending = this.#open.get(id)
    if (pending === undefined) {
      pending = this.#load(id)
      this.#open.set(id, pending)
      pending.then((t) => { if (t === undefined) this.#open.delete(id) }, () => this.#open.delete(id))
    }
    return pending
  }

  /** The tenant whose issuer is the service's own did:web, if there is one. */
  async hostTenant(): Promise<Tenant | undefined> {
    const record = (await this.#o.store.listTenants()).find((t) => t.didMethod === 'web-host')
    return record === undefined ? undefined : this.get(record.id)
  }

  /**
   * The tenant a bearer token belongs to, and what it may do: an API key may do everything, an
   * access token what it was granted. Undefined for an unknown, expired or revoked token.
   */
  async authenticate(token: string): Promise<{ tenant: Tenant; scopes: 'all' | string[] } | undefined> {
    if (token.startsWith('ob3t_')) {
      const granted = await this.#o.store.findAccessToken(hashToken(token), this.#o.now())
      if (granted === undefined) return undefined
      const tenant = await this.get(granted.apiKey.tenantId)
      return tenant === undefined ? undefined : { tenant, scopes: granted.scope.split(' ').filter((s) => s !== '') }
    }
    const key = await this.#o.store.findApiKey(hashToken(token))
    if (key === undefined) return undefined
    const tenant = await this.get(key.tenantId)
    return tenant === undefined ? undefined : { tenant, scopes: 'all' }
  }

  async #load(id: string): Promise<Tenant | undefined> {
    const record = await this.#o.store.getTenant(id)
    if (record === undefined) return undefined
    let key: Ed25519Multikey
    let signer: Signer
    try {
      key = await importEd25519Multikey(JSON.parse(openKey(record.signingKey, record.id, this.#o.keyEncryptionKey)) as unknown)
      signer = await createEd25519Signer(key)
    } catch (cause) {
      // The service's own trouble (a missing or wrong key-encryption key), not the caller's.
      throw new Ob3Error('ERR_OB3_SERVER_INTERNAL', `the signing key of tenant ${id} cannot be opened: ${(cause as Error).message}`, { cause })
    }
    const statusBaseUrl = `${this.#o.baseUrl()}/status/${record.id}`
    const issuer = new Issuer({
      store: this.#o.issuerStore,
      profile: { id: record.issuerId, name: record.name },
      signer,
      statusBaseUrl,
      suspension: record.suspension,
      now: this.#o.now,
    })
    return { record, key, signer, issuer, statusBaseUrl }
  }

  /**
   * Create a tenant and its first API key.
   * @throws Ob3Error `ERR_OB3_SERVER_REQUEST_INVALID` (a bad id, name, did or key), `ERR_OB3_STORE_CONFLICT` (the id or issuer is taken)
   */
  async create(input: CreateTenantInput): Promise<CreatedTenant> {
    if (typeof input !== 'object' || input === null) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'a tenant needs an id and a name')
    const { id, name } = input
    if (typeof id !== 'string' || !TENANT_ID.test(id) || RESERVED.has(id)) {
      refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'a tenant id is 2–63 lower-case letters, digits and dashes, not starting or ending with a dash, and not a word the service uses itself', { field: 'id' })
    }
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'a tenant needs a name (at most 200 characters)', { field: 'name' })
    const method = input.did ?? 'key'
    if (method !== 'key' && method !== 'web' && method !== 'web-host') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'did must be key, web or web-host', { field: 'did' })
    if (method !== 'key' && this.#o.baseUrl() === '') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'a did:web tenant needs the service\'s public URL: start it with a base URL, or create the tenant once it listens', { field: 'did' })
    if (input.suspension !== undefined && typeof input.suspension !== 'boolean') refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'suspension must be a boolean', { field: 'suspension' })
    let key: Ed25519Multikey
    let issuerId: string
    const did = method === 'key' ? undefined : didWebOf(this.#o.baseUrl(), method, id)
    if (input.key === undefined) {
      key = did === undefined ? await generateEd25519Key() : await generateEd25519Key({ controller: did, id: `${did}#${DID_WEB_KEY_FRAGMENT}` })
    } else {
      const raw = input.key
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || (raw as { type?: unknown }).type !== 'Multikey' || typeof (raw as { secretKeyMultibase?: unknown }).secretKeyMultibase !== 'string') {
        refuse('ERR_OB3_SERVER_REQUEST_INVALID', 'key must be an Ed25519 Multikey with its secretKeyMultibase (ob3 keys generate)', { field: 'key' })
      }
      const publicKeyMultibase = String((raw as { publicKeyMultibase?: unknown }).publicKeyMultibase)
      const controller = did ?? didKeyFromPublicKeyMultibase(publicKeyMultibase)
      try {
        key = await importEd25519Multikey({ ...raw, controller, id: did === undefined ? `${controller}#${publicKeyMultibase}` : `${did}#${DID_WEB_KEY_FRAGMENT}` })
      } catch (err) {
        if (isOb3Error(err)) refuse('ERR_OB3_SERVER_REQUEST_INVALID', `key is not usable: ${err.message}`, { field: 'key' })
        throw err
      }
    }
    issuerId = key.controller
    const record: TenantRecord = {
      id,
      name: name.trim(),
      issuerId,
      didMethod: method,
      signingKey: sealKey(JSON.stringify(key), id, this.#o.keyEncryptionKey),
      suspension: input.suspension === true,
      createdAt: this.#o.now().toISOString(),
    }
    try {
      await this.#o.store.createTenant(record)
    } catch (err) {
      if (isOb3Error(err, 'ERR_OB3_STORE_CONFLICT')) {
        throw new Ob3Error('ERR_OB3_STORE_CONFLICT', method === 'web-host' ? `a tenant ${id} exists already, or another tenant has the service's own did:web` : `a tenant ${id} exists already`)
      }
      throw err
    }
    const apiKey = await this.createApiKey(id, 'initial')
    const tenant = await this.get(id)
    if (tenant === undefined) throw new Ob3Error('ERR_OB3_STORE_UNAVAILABLE', `tenant ${id} was created but cannot be read back`)
    return { tenant: this.info(tenant), apiKey }
  }

  /** A new API key for a tenant; its token is returned this once. */
  async createApiKey(tenantId: string, label: string): Promise<NewApiKey> {
    if ((await this.#o.store.getTenant(tenantId)) === undefined) refuse('ERR_OB3_SERVER_NOT_FOUND', `there is no tenant ${tenantId}`)
    const token = newToken('ob3k')
    const id = newId()
    await this.#o.store.createApiKey({ id, tenantId, tokenHash: hashToken(token), label: label.slice(0, 200), createdAt: this.#o.now().toISOString() })
    return { id, token }
  }

  /** What the API shows of a tenant. */
  info(tenant: Tenant): TenantInfo {
    const r = tenant.record
    const base = this.#o.baseUrl()
    const info: TenantInfo = {
      id: r.id,
      name: r.name,
      issuer: r.issuerId,
      did: r.didMethod,
      suspension: r.suspension,
      verificationMethod: tenant.key.id,
      statusBaseUrl: tenant.statusBaseUrl,
      createdAt: r.createdAt,
    }
    if (r.didMethod === 'web') info.didDocumentUrl = `${base}/${r.id}/did.json`
    if (r.didMethod === 'web-host') info.didDocumentUrl = `${base}/.well-known/did.json`
    return info
  }
}
