import fp from 'fastify-plugin'
import { oauthServer, type AuthStore, type KeyRing, type ThrottleOptions } from '@see/auth'
import type { Redis } from 'ioredis'

export interface AuthPluginOptions {
  store: AuthStore
  keys: KeyRing
  /** `iss` of every token: the gateway's public base URL. */
  issuer: string
  /** `aud` of access tokens for the public API. */
  audience: string
  accessTokenTtlSeconds?: number
  redis?: Redis
  redisPrefix?: string
  /** Throttling of the token, revocation and introspection endpoints; the auth package's defaults when absent. */
  rateLimit?: ThrottleOptions
}

/**
 * The platform's one authorization server (`@see/auth`): token endpoint for the PDN and the
 * platform's clients, JWKS, revocation and introspection, and `app.oauth.requireScope` for routes.
 */
export default fp<AuthPluginOptions>(async function auth (app, options) {
  await app.register(oauthServer, {
    store: options.store,
    keys: options.keys,
    issuer: options.issuer,
    audience: options.audience,
    ...(options.accessTokenTtlSeconds !== undefined && { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
    ...(options.rateLimit !== undefined && { rateLimit: options.rateLimit }),
    ...(options.redis && { redis: options.redis, redisPrefix: options.redisPrefix ?? 'see:auth:' })
  })
}, { name: 'see-auth', dependencies: ['see-openapi'] })
