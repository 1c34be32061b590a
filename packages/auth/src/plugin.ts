import formbody from '@fastify/formbody'
import { describeValidation } from '@see/kit'
import { PUBLIC_SCHEMA_ID, ref } from '@see/openapi'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { auditQueue, safeAudit, type AuditBatchSink, type AuditEvent, type AuditSink } from './audit.js'
import { VerifiedCredentialCache, type CredentialCacheOptions } from './credential-cache.js'
import { CredentialVerifier } from './credentials.js'
import { AuthDirectory, type DirectoryOptions } from './directory.js'
import { busy, invalidRequest, OAuthError } from './errors.js'
import type { GrantContext } from './grants/context.js'
import { introspectEndpoint } from './introspect-endpoint.js'
import type { KeyRing } from './keys.js'
import { sendOAuthError } from './replies.js'
import { scopeGuard, type ScopeGuard } from './resource.js'
import { revokeClientTokens } from './client-revocation.js'
import { redisGuard, type RedisGuard } from '@see/redis'
import { memoryRevocationList, resilientRevocationList, type RevocationList } from './revocation.js'
import { revokeEndpoint } from './revoke-endpoint.js'
import type { AuthStore, ClientRecord } from './store/types.js'
import { passwordSignIn, type PasswordSignInCheck } from './password-sign-in.js'
import { verifySecret } from './secrets.js'
import { createThrottle, type ThrottleOptions } from './throttle.js'
import { tokenEndpoint, type EndpointDeps } from './token-endpoint.js'
import { VerificationGate, type VerificationGateOptions } from './verification-gate.js'
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
  /** How long client and user rows read by the token endpoint are reused (default 1 s). */
  directory?: DirectoryOptions
  /** Bounds on concurrent argon2 verifications (per lane, per IP, queue). */
  verification?: VerificationGateOptions
  /** The argon2 check itself; tests count calls through it. */
  verifySecret?: (stored: string | undefined, presented: string) => Promise<boolean>
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
  /** Lifetime of the access tokens this server issues (and the longest it accepts). */
  accessTokenTtlSeconds: number
  keys: KeyRing
  revocations: RevocationList
  verifyAccessToken: (token: string, options?: Partial<VerifyOptions>) => Promise<AccessTokenClaims>
  /** An `onRequest` guard for a resource route: `{ onRequest: app.oauth.requireScope('read:spic') }`. */
  requireScope: (scope: string) => ScopeGuard
  /** Drops cached rows and verifications after a change to a client or user made in this process. */
  forgetCredentials: (kind: 'client' | 'user', id: string) => void
  /**
   * Revokes every access and refresh token issued to a client until this call returns, on every
   * instance sharing the revocation list (Redis). Resolves once the cut-off has passed, i.e.
   * within `directory.ttlMs` + 1 s; tokens issued afterwards are not affected.
   */
  revokeClientTokens: (clientId: string) => Promise<Date>
  /** A client's row as this instance sees it (cached, at most the directory's ttl old): e.g. for per-client quotas. */
  client: (clientId: string) => Promise<ClientRecord | undefined>
  /** Clients, users and refresh families: what the administration acts on. */
  store: AuthStore
  /** The audit sink token events go to (never throws: a failing sink is logged). */
  audit: (event: AuditEvent) => Promise<void>
  /** Verifies a password outside the token endpoint under its throttle and argon2 gate (password-sign-in.ts). */
  passwordSignIn: PasswordSignInCheck
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

/** Largest token, revocation or introspection request, form or JSON: every field together is under 4 KB. */
export const OAUTH_BODY_LIMIT = 16 * 1024

/**
 * Failures that mean the server is saturated or a dependency is momentarily away, not that the
 * request is wrong: load shedding (503 from the kit's event-loop guard), an exhausted or
 * unreachable database pool, a cancelled or refused query.
 */
const BUSY_MESSAGES = /timeout exceeded when trying to connect|Connection terminated due to connection timeout|ECONNREFUSED|ECONNRESET/
const BUSY_PG_CODES = new Set(['53300', '57014', '57P01', '57P03'])

function isBusy (error: FastifyError): boolean {
  return error.statusCode === 503 || BUSY_PG_CODES.has(String(error.code)) || BUSY_MESSAGES.test(error.message ?? '')
}

/** Errors raised before or outside a handler's own answers still answer in RFC 6749 form, and busy is never a 500. */
function oauthErrorHandler (realm: string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof OAuthError) return sendOAuthError(request, reply, error, realm)
    if (isBusy(error)) {
      request.log.warn({ err: error }, 'oauth endpoint busy')
      return sendOAuthError(request, reply, busy(), realm)
    }
    if (error.validation !== undefined) {
      return sendOAuthError(request, reply, invalidRequest(`Solicitud inválida: ${describeValidation(error.validationContext, error.validation)}`), realm)
    }
    // The kit's own request checks (e.g. no U+0000) say what is wrong: keep their message.
    if (error.code === 'SEE_VALIDATION') return sendOAuthError(request, reply, invalidRequest(error.message), realm)
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
  const writeBatch: AuditBatchSink = options.audit === undefined
    ? async events => await options.store.recordAudits(events)
    : async events => { for (const event of events) await audit(event) }
  const tokenEvents = auditQueue(writeBatch, app.log)
  app.addHook('onClose', async () => await tokenEvents.flush())
  const directory = new AuthDirectory(options.store, options.directory)
  const gate = new VerificationGate(options.verification)
  const verifier = new CredentialVerifier(directory, new VerifiedCredentialCache(options.credentialCache, options.verifySecret), gate)
  // One throttle for the token endpoint and every other password sign-in: they share budgets.
  const throttle = createThrottle(options.rateLimit, options.redis, redisPrefix, guard)
  const context: GrantContext = {
    store: options.store,
    keys: options.keys,
    revocations,
    issuer: options.issuer,
    audience: options.audience,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 86_400,
    refreshFamilyTtlSeconds: options.refreshFamilyTtlSeconds ?? 30 * 86_400,
    audit: event => tokenEvents.record({ ...event, at: new Date() }),
    now: Date.now
  }
  const verifyToken = createAccessTokenVerifier({ issuer: options.issuer, keys: options.keys, revocations, maxTokenAgeSeconds: accessTokenTtlSeconds })
  app.decorate('oauth', {
    issuer: options.issuer,
    audience: options.audience,
    accessTokenTtlSeconds,
    keys: options.keys,
    revocations,
    verifyAccessToken: async (token, verifyOptions = {}) => await verifyToken(token, { ...verifyOptions, audience: verifyOptions.audience ?? options.audience }),
    requireScope: scopeGuard({ verify: verifyToken, audience: options.audience, realm }),
    forgetCredentials: (kind, id) => { if (kind === 'client') verifier.forgetClient(id); else verifier.forgetUser(id) },
    revokeClientTokens: async clientId => await revokeClientTokens({ store: options.store, revocations, verifier, rowTtlMs: directory.ttlMs, accessTokenTtlSeconds }, clientId),
    client: async clientId => await directory.client(clientId),
    store: options.store,
    audit,
    passwordSignIn: passwordSignIn(throttle, gate, options.verifySecret ?? verifySecret, (attempt, request, delayMs) => context.audit({
      type: 'token.failed',
      error: 'invalid_grant',
      grantType: 'password',
      clientId: attempt.clientId.slice(0, 200),
      subject: attempt.username.slice(0, 200),
      ...(delayMs > 0 ? { delayMs } : {}),
      ip: request.ip,
      requestId: String(request.id)
    }))
  } satisfies OAuthServerApi)
  if (!app.hasRequestDecorator('accessToken')) app.decorateRequest('accessToken', undefined)
  schedulePurge(app, options.store, options.purgeIntervalMs ?? 3_600_000, options.auditRetentionDays ?? 90)

  // The endpoints live in their own context: their error handler and throttling stay theirs.
  await app.register(async endpoints => {
    if (!endpoints.hasContentTypeParser('application/x-www-form-urlencoded')) await endpoints.register(formbody, { bodyLimit: OAUTH_BODY_LIMIT })
    endpoints.setErrorHandler(oauthErrorHandler(realm))
    const deps: EndpointDeps = { context, verifier, throttle, realm }
    const oauthError = ref(PUBLIC_SCHEMA_ID, 'OAuthError')
    const errors = { 400: oauthError, 401: oauthError, 429: oauthError, 503: oauthError }
    // One small limit for forms and JSON alike (the route's bodyLimit overrides every parser's).
    const token = {
      bodyLimit: OAUTH_BODY_LIMIT,
      schema: { body: ref(PUBLIC_SCHEMA_ID, 'TokenRequest'), response: { 200: ref(PUBLIC_SCHEMA_ID, 'TokenResponse'), ...errors } },
      handler: tokenEndpoint(deps)
    }
    endpoints.post('/oauth/token', token)
    endpoints.post('/oauth', token)
    endpoints.post('/oauth/revoke', { bodyLimit: OAUTH_BODY_LIMIT, schema: { body: ref(PUBLIC_SCHEMA_ID, 'RevocationRequest'), response: errors } }, revokeEndpoint(deps))
    endpoints.post('/oauth/introspect', {
      bodyLimit: OAUTH_BODY_LIMIT,
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
