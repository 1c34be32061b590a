import formbody from '@fastify/formbody'
import { describeValidation } from '@see/kit'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { safeAudit, type AuditEvent, type AuditSink } from './audit.js'
import { VerifiedCredentialCache, type CredentialCacheOptions } from './credential-cache.js'
import { invalidRequest, OAuthError, unavailable } from './errors.js'
import type { GrantContext } from './grants/context.js'
import { introspectEndpoint } from './introspect-endpoint.js'
import type { KeyRing } from './keys.js'
import { sendOAuthError } from './replies.js'
import { scopeGuard, type ScopeGuard } from './resource.js'
import { redisGuard, type RedisGuard } from '@see/redis'
import { memoryRevocationList, resilientRevocationList, type RevocationList } from './revocation.js'
import { revokeEndpoint } from './revoke-endpoint.js'
import type { AuthStore } from './store/types.js'
import { createThrottle, type ThrottleOptions } from './throttle.js'
import { tokenEndpoint, type EndpointDeps } from './token-endpoint.js'
import { createAccessTokenVerifier, MAX_CLOCK_SKEW_SECONDS, type AccessTokenClaims, type VerifyOptions } from './tokens.js'

export interface OAuthServerOptions {
  /** `iss` of every token, e.g. the public base URL of the gateway. */
  issuer: string
  /** `aud` of access tokens for the public API. */
  audience: string
  store: AuthStore
  keys: KeyRing
  accessTokenTtlSeconds?: number
  refreshTokenTtlSeconds?: number
  /** Absolute lifetime of a refresh family (a login), whatever its rotations. */
  refreshFamilyTtlSeconds?: number
  /** Shared state for several instances: throttling counters and the revocation list. */
  redis?: Redis
  /** Prefix of every Redis key the plugin writes (throttling counters, revocations). */
  redisPrefix?: string
  /** Longest a Redis call may take before the in-process state answers instead (default 100 ms). */
  redisTimeoutMs?: number
  /** After a Redis failure, how long calls skip Redis before one probes it again (default 1 s). */
  redisRetryAfterMs?: number
  rateLimit?: ThrottleOptions
  /** Where token events go; defaults to the store's audit table. */
  audit?: AuditSink
  revocations?: RevocationList
  /** Cache of successful argon2 verifications (false disables it). */
  credentialCache?: CredentialCacheOptions | false
  /** Realm named in WWW-Authenticate challenges. */
  realm?: string
  /** How often expired refresh families and old audit rows are purged; 0 disables. */
  purgeIntervalMs?: number
  auditRetentionDays?: number
}

/** What the plugin adds to the Fastify instance for resource routes and administration. */
export interface OAuthServerApi {
  issuer: string
  audience: string
  keys: KeyRing
  revocations: RevocationList
  verifyAccessToken: (token: string, options?: Partial<VerifyOptions>) => Promise<AccessTokenClaims>
  /** An `onRequest` guard for a resource route: `{ onRequest: app.oauth.requireScope('read:spic') }`. */
  requireScope: (scope: string) => ScopeGuard
  /** Drops cached verifications after a secret or password change made in this process. */
  forgetCredentials: (kind: 'client' | 'user', id: string) => void
  /** Clients, users and refresh families: what the administration acts on. */
  store: AuthStore
  /** The audit sink token events go to (never throws: a failing sink is logged). */
  audit: (event: AuditEvent) => Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    oauth: OAuthServerApi
  }
}

class OAuthConfigError extends Error {
  readonly code = 'SEE_AUTH_CONFIG'
}

function checkOptions (options: OAuthServerOptions, accessTtl: number): void {
  if (options.issuer.trim() === '' || options.audience.trim() === '') throw new OAuthConfigError('issuer y audience son obligatorios.')
  if (!Number.isInteger(accessTtl) || accessTtl < 30 || accessTtl > 86_400) throw new OAuthConfigError('accessTokenTtlSeconds debe ser un entero entre 30 y 86400.')
  if (!options.keys.canSign) throw new OAuthConfigError('El anillo de llaves no puede firmar: falta la llave privada vigente.')
  if (options.keys.retainSeconds < accessTtl + MAX_CLOCK_SKEW_SECONDS) {
    throw new OAuthConfigError('Las llaves rotadas deben seguir verificando al menos la vida de un token más 60 s (retainSeconds).')
  }
}

/**
 * Errors raised before a handler runs (validation, body parsing, load shedding) still answer in
 * RFC 6749 form; shedding keeps its 503 and Retry-After (a client retries; nothing failed).
 */
function oauthErrorHandler (realm: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof OAuthError) return sendOAuthError(request, reply, error, realm)
    if (error.validation !== undefined) {
      return sendOAuthError(request, reply, invalidRequest(`Solicitud inválida: ${describeValidation(error.validationContext, error.validation)}`), realm)
    }
    // The kit's own request checks (e.g. no U+0000) say what is wrong: keep their message.
    if (error.code === 'SEE_VALIDATION') return sendOAuthError(request, reply, invalidRequest(error.message), realm)
    if (error.statusCode === 503) {
      return sendOAuthError(request, reply, unavailable(error.message, typeof error.code === 'string' ? error.code : 'SEE_OVERLOADED'), realm)
    }
    if ((error.statusCode ?? 500) < 500) {
      return sendOAuthError(request, reply, invalidRequest('El cuerpo debe ser application/x-www-form-urlencoded (o JSON) válido y de tamaño razonable.'), realm)
    }
    request.log.error({ err: error }, 'oauth endpoint failed')
    return sendOAuthError(request, reply, new OAuthError('server_error', 'Error interno del servidor de autorización; el incidente quedó registrado.'), realm)
  }
}

function schedulePurge (app: FastifyInstance, store: AuthStore, everyMs: number, retentionDays: number): void {
  if (everyMs <= 0) return
  const timer = setInterval(() => {
    const now = new Date()
    store.purge(now, new Date(now.getTime() - retentionDays * 86_400_000)).catch(err => app.log.warn({ err }, 'auth purge failed'))
  }, everyMs)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

async function oauthServerPlugin (app: FastifyInstance, options: OAuthServerOptions): Promise<void> {
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900
  checkOptions(options, accessTokenTtlSeconds)
  const realm = options.realm ?? 'SEE'
  const redisPrefix = options.redisPrefix ?? 'see:oauth:'
  // One guard for everything kept in Redis: a Redis outage is reported once and never fails a request.
  const guard: RedisGuard | undefined = options.redis === undefined
    ? undefined
    : redisGuard({
      logger: app.log,
      name: 'the authorization server',
      whileDown: 'revocations and throttling are answered in process',
      client: options.redis,
      ...(options.redisTimeoutMs !== undefined && { timeoutMs: options.redisTimeoutMs }),
      ...(options.redisRetryAfterMs !== undefined && { retryAfterMs: options.redisRetryAfterMs })
    })
  const revocations = options.revocations ??
    (options.redis === undefined || guard === undefined ? memoryRevocationList() : resilientRevocationList(options.redis, { guard, prefix: `${redisPrefix}revoked:` }))
  const sink = options.audit ?? (async event => await options.store.recordAudit(event))
  const audit = safeAudit(sink, app.log)
  const clientCache = new VerifiedCredentialCache(options.credentialCache)
  const userCache = new VerifiedCredentialCache(options.credentialCache)
  const context: GrantContext = {
    store: options.store,
    keys: options.keys,
    revocations,
    userCache,
    issuer: options.issuer,
    audience: options.audience,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 86_400,
    refreshFamilyTtlSeconds: options.refreshFamilyTtlSeconds ?? 30 * 86_400,
    audit: async event => await audit({ ...event, at: new Date() }),
    now: Date.now
  }
  const verifier = createAccessTokenVerifier({ issuer: options.issuer, keys: options.keys, revocations })
  app.decorate('oauth', {
    issuer: options.issuer,
    audience: options.audience,
    keys: options.keys,
    revocations,
    verifyAccessToken: async (token, verifyOptions = {}) => await verifier(token, { ...verifyOptions, audience: verifyOptions.audience ?? options.audience }),
    requireScope: scopeGuard({ verify: verifier, audience: options.audience, realm }),
    forgetCredentials: (kind, id) => (kind === 'client' ? clientCache : userCache).invalidate(`${kind}:${id}`),
    store: options.store,
    audit
  } satisfies OAuthServerApi)
  if (!app.hasRequestDecorator('accessToken')) app.decorateRequest('accessToken', undefined)
  schedulePurge(app, options.store, options.purgeIntervalMs ?? 3_600_000, options.auditRetentionDays ?? 90)

  // The endpoints live in their own context: their error handler and throttling stay theirs.
  await app.register(async endpoints => {
    if (!endpoints.hasContentTypeParser('application/x-www-form-urlencoded')) await endpoints.register(formbody, { bodyLimit: 16 * 1024 })
    endpoints.setErrorHandler(oauthErrorHandler(realm))
    const deps: EndpointDeps = { context, clientCache, throttle: await createThrottle(endpoints, options.rateLimit, options.redis, redisPrefix, guard), realm }
    const errors = { 400: ref(PUBLIC_SCHEMA_ID, 'OAuthError'), 401: ref(PUBLIC_SCHEMA_ID, 'OAuthError'), 429: ref(PUBLIC_SCHEMA_ID, 'OAuthError') }
    const token = {
      schema: { body: ref(PUBLIC_SCHEMA_ID, 'TokenRequest'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'TokenResponse'), ...errors } },
      handler: tokenEndpoint(deps)
    }
    endpoints.post('/oauth/token', token)
    endpoints.post('/oauth', token)
    endpoints.post('/oauth/revoke', { schema: { body: ref(PUBLIC_SCHEMA_ID, 'RevocationRequest'), response: errors } }, revokeEndpoint(deps))
    endpoints.post('/oauth/introspect', {
      schema: { body: ref(PUBLIC_SCHEMA_ID, 'IntrospectionRequest'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'IntrospectionResponse'), ...errors } }
    }, introspectEndpoint(deps))
    endpoints.get('/.well-known/jwks.json', { schema: { response: { 200: ref(PUBLIC_SCHEMA_ID, 'Jwks') } } }, async (_request, reply) => {
      // Short cache so that verifiers caching the JWKS see a rotated-in key soon (jose's remote set also refetches on an unknown kid).
      return reply.header('Cache-Control', 'public, max-age=300').send(options.keys.jwks())
    })
  })
}

/**
 * The platform's OAuth2 authorization server as a Fastify plugin. Register it after the public
 * schema bundle; it adds the token, revocation, introspection and JWKS routes and `app.oauth`.
 */
export const oauthServer = fp(oauthServerPlugin, { name: '@see/auth', fastify: '5.x' })
