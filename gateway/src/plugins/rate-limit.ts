import createError from '@fastify/error'
import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit'
import fp from 'fastify-plugin'

/** Requests a minute each client may make to the data routes (search, summary, dependencias). */
export interface DataRateLimit {
  /** Any client (client_credentials tokens). */
  perMinute: number
  /** Clients on the password-grant allow-list (the PDN). */
  pdnPerMinute: number
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The `rateLimit` route config of the data routes; undefined when they are not limited. */
    dataRouteLimit: RateLimitOptions | undefined
  }
}

export const RateLimitedError = createError<[number]>(
  'SEE_RATE_LIMITED',
  'Este cliente excedió su cuota de consultas por minuto; reintente en %d s (cabecera Retry-After) o solicite a la SESAECH una cuota mayor.',
  429
)

const MINUTE_MS = 60_000

/**
 * Per-client quotas on the data routes (@fastify/rate-limit), keyed by the verified token's
 * client id, so a client's quota follows it across addresses and one address (a NAT, a proxy)
 * does not share one quota between clients. Checked in preHandler, after the scope guard has
 * verified the token: a request without a valid token is refused before it can count. The count
 * is per gateway instance (in-process): behind N instances a client gets up to N × its quota.
 * Over quota: 429 `{code, message}` with Retry-After (seconds until the minute's window resets).
 */
export default fp<{ limit?: DataRateLimit | undefined }>(async (app, { limit }) => {
  if (limit === undefined) {
    app.decorate('dataRouteLimit', undefined)
    return
  }
  await app.register(rateLimit, { global: false })
  app.decorate('dataRouteLimit', {
    hook: 'preHandler',
    timeWindow: MINUTE_MS,
    keyGenerator: request => request.accessToken?.client_id ?? `ip:${request.ip}`,
    // The client's row comes from the auth directory's cache (at most a second old), not the database per request.
    max: async request => {
      const clientId = request.accessToken?.client_id
      const client = clientId === undefined ? undefined : await app.oauth.client(clientId)
      return client?.passwordGrantAllowed === true ? limit.pdnPerMinute : limit.perMinute
    },
    // Thrown, so the kit's error handler writes it as `{code, message}`; Retry-After is already set.
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)))
  } satisfies RateLimitOptions)
}, { name: 'see-data-rate-limit' })
