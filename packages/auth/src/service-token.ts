import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import type { KeyRing } from './keys.js'
import { keyResolver, type KeySource } from './key-source.js'
import { assertLowSignature, lowSignature } from './signature-form.js'
import { MAX_CLOCK_SKEW_SECONDS } from './tokens.js'
import { verifiedSignatures } from './verified-signatures.js'

/** Media type of internal tokens: never accepted where an access token is expected, and vice versa. */
export const SERVICE_TOKEN_TYP = 'see-service+jwt'
export const SERVICE_TOKEN_ISSUER = 'urn:see:gateway'
/** Internal tokens older than this are refused whatever their `exp` says. */
const MAX_SERVICE_TOKEN_AGE_SECONDS = 300

export interface ServiceTokenOptions {
  /** The service the token is for, e.g. `s2`. */
  audience: string
  ttlSeconds?: number
  issuer?: string
  subject?: string
}

/** A short-lived token for one internal call from the gateway to a system service. */
export async function signServiceToken (keys: KeyRing, options: ServiceTokenOptions): Promise<string> {
  const { kid, alg, privateKey } = keys.current
  const ttl = Math.min(options.ttlSeconds ?? 60, MAX_SERVICE_TOKEN_AGE_SECONDS)
  const signed = await new SignJWT({})
    .setProtectedHeader({ alg, kid, typ: SERVICE_TOKEN_TYP })
    .setIssuer(options.issuer ?? SERVICE_TOKEN_ISSUER)
    .setSubject(options.subject ?? 'gateway')
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .setJti(randomUUID())
    .sign(privateKey)
  return lowSignature(signed, alg)
}

/**
 * Reuses one service token per audience until half its life has passed, so that the gateway
 * does not sign a token for every ente call of a crawl.
 */
export function serviceTokenSource (keys: KeyRing, options: Omit<ServiceTokenOptions, 'audience'> = {}, now: () => number = Date.now): (audience: string) => Promise<string> {
  const ttlMs = Math.min(options.ttlSeconds ?? 60, MAX_SERVICE_TOKEN_AGE_SECONDS) * 1000
  const cached = new Map<string, { token: Promise<string>, renewAt: number }>()
  return async audience => {
    const entry = cached.get(audience)
    if (entry !== undefined && entry.renewAt > now()) return await entry.token
    const token = signServiceToken(keys, { ...options, audience })
    cached.set(audience, { token, renewAt: now() + ttlMs / 2 })
    token.catch(() => cached.delete(audience))
    return await token
  }
}

export interface RequireServiceTokenOptions {
  audience: string
  jwksOrKeys: KeySource
  issuer?: string
  /** Requests let through without a token; by default the health probes. */
  exempt?: (request: FastifyRequest) => boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Claims of the verified internal token, set by `requireServiceToken`. */
    serviceToken?: JWTPayload
  }
}

const isHealthProbe = (request: FastifyRequest): boolean => request.url.startsWith('/health/')

function unauthorized (reply: FastifyReply, description: string): FastifyReply {
  return reply.code(401)
    .header('WWW-Authenticate', `Bearer realm="SEE-interno", error="invalid_token", error_description="${description}"`)
    .type('application/json')
    .send({ code: 'SEE_SERVICE_UNAUTHORIZED', message: 'Este servicio solo atiende al gateway del SEE: falta el token de servicio o no es válido.' })
}

/**
 * Makes a system service answer 401 to anything but the gateway: every request (health probes
 * excepted) must carry a service token for this service's audience, signed by the platform's keys.
 */
export const requireServiceToken = fp<RequireServiceTokenOptions>(async (app, options) => {
  const resolver = keyResolver(options.jwksOrKeys)
  const exempt = options.exempt ?? isHealthProbe
  const issuer = options.issuer ?? SERVICE_TOKEN_ISSUER
  // The gateway reuses one token per audience for half its life: its signature is checked once.
  const verified = verifiedSignatures<JWTPayload>(resolver, { clockToleranceSeconds: MAX_CLOCK_SKEW_SECONDS, maxTokenAgeSeconds: MAX_SERVICE_TOKEN_AGE_SECONDS, max: 1000 })
  app.addHook('onRequest', async (request, reply) => {
    if (exempt(request)) return
    const token = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (token === undefined) return unauthorized(reply, 'missing service token')
    try {
      request.serviceToken = await verified(token, async () => {
        const { payload, protectedHeader } = await jwtVerify(token, resolver.getKey, {
          algorithms: resolver.algorithms(),
          issuer,
          audience: options.audience,
          typ: SERVICE_TOKEN_TYP,
          clockTolerance: MAX_CLOCK_SKEW_SECONDS,
          maxTokenAge: MAX_SERVICE_TOKEN_AGE_SECONDS,
          requiredClaims: ['iat', 'exp']
        })
        assertLowSignature(token, protectedHeader.alg)
        return { claims: payload, header: protectedHeader }
      })
    } catch (err) {
      if (err instanceof errors.JOSEError) return unauthorized(reply, 'invalid service token')
      throw err
    }
  })
}, { name: '@see/auth/require-service-token', fastify: '5.x' })
