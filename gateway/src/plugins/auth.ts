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
  /** Token requests a minute of each client on the password-grant allow-list (the PDN's own quota). */
  pdnTokensPerMinute?: number
  /** Any other budget of the token endpoint (tests). */
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
    rateLimit: {
      ...options.rateLimit,
      ...(options.pdnTokensPerMinute !== undefined && { perAllowListedClient: { max: options.pdnTokensPerMinute, timeWindowMs: 60_000 } })
    },
    ...(options.redis && { redis: options.redis, redisPrefix: options.redisPrefix ?? 'see:auth:' })
  })
}, { name: 'see-auth', dependencies: ['see-openapi'] })
