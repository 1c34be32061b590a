import type { FastifyReply, FastifyRequest } from 'fastify'
import { asciiDescription } from './errors.js'
import { InsufficientScopeError, InvalidTokenError, type AccessTokenClaims, type AccessTokenVerifier } from './tokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Claims of the verified access token, set by a `requireScope` guard. */
    accessToken?: AccessTokenClaims
  }
}

export interface BearerGuardOptions {
  verify: AccessTokenVerifier
  audience: string
  realm?: string
}

export type ScopeGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>

type Presented = { token: string } | { missing: true } | { conflict: true }

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * The bearer token of a request (RFC 6750 §2): the Authorization header, or for GET the
 * `access_token` query parameter that one national client uses on `…/dependencias`. The query
 * parameter is removed once read, so route validation and handlers never see it.
 */
function presentedToken (request: FastifyRequest): Presented {
  const header = request.headers.authorization
  const fromHeader = header === undefined ? undefined : BEARER.exec(header)?.[1]
  const query = request.query as Record<string, unknown> | undefined
  let fromQuery: string | undefined
  if (request.method === 'GET' && query !== undefined && query !== null && 'access_token' in query) {
    fromQuery = typeof query.access_token === 'string' ? query.access_token : ''
    delete query.access_token
  }
  if (fromHeader !== undefined && fromQuery !== undefined) return { conflict: true }
  const token = fromHeader ?? fromQuery
  return token === undefined || token === '' ? { missing: true } : { token }
}

function challenge (realm: string, parts: Record<string, string>): string {
  return `Bearer ${[`realm="${realm}"`, ...Object.entries(parts).map(([k, v]) => `${k}="${asciiDescription(v)}"`)].join(', ')}`
}

function deny (reply: FastifyReply, status: number, header: string, code: string, message: string): FastifyReply {
  return reply.code(status).header('WWW-Authenticate', header).type('application/json').send({ code, message })
}

/**
 * Guards resource routes per RFC 6750 §3: no token → 401 with a bare challenge; a bad, expired or
 * revoked token → 401 `invalid_token`; a token without the scope → 403 `insufficient_scope`.
 * Bodies are the platform's `{code, message}`. Install as `onRequest` so that authentication is
 * answered before validation.
 */
export function scopeGuard (options: BearerGuardOptions): (scope: string) => ScopeGuard {
  const realm = options.realm ?? 'SEE'
  return scope => async (request, reply) => {
    const presented = presentedToken(request)
    if ('conflict' in presented) {
      return deny(reply, 400, challenge(realm, { error: 'invalid_request', error_description: 'Envíe el token por un solo medio.' }), 'SEE_AUTH_INVALID_REQUEST', 'Envíe el token por un solo medio: cabecera Authorization o parámetro access_token, no ambos.')
    }
    if ('missing' in presented) {
      return deny(reply, 401, challenge(realm, { scope }), 'SEE_AUTH_TOKEN_MISSING', 'Falta el token de acceso: envíe Authorization: Bearer <token> obtenido en /oauth/token.')
    }
    try {
      request.accessToken = await options.verify(presented.token, { audience: options.audience, requiredScope: scope })
      return undefined
    } catch (err) {
      if (err instanceof InsufficientScopeError) {
        return deny(reply, 403, challenge(realm, { error: 'insufficient_scope', scope }), err.code, err.message)
      }
      if (err instanceof InvalidTokenError) {
        return deny(reply, 401, challenge(realm, { error: 'invalid_token', error_description: err.message }), err.code, err.message)
      }
      throw err
    }
  }
}
