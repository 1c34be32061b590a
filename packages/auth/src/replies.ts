import type { FastifyReply, FastifyRequest } from 'fastify'
import { usesBasicAuth } from './client-auth.js'
import type { OAuthError } from './errors.js'

/** RFC 6749 §5.1: token answers and anything carrying credentials must never be cached. */
export function noStore (reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache')
}

/**
 * An RFC 6749 §5.2 error answer that also carries the platform's `{code, message}`. A client
 * that tried Basic authentication and failed gets 401 with the challenge it must answer.
 */
export function sendOAuthError (request: FastifyRequest, reply: FastifyReply, error: OAuthError, realm: string): FastifyReply {
  noStore(reply).code(error.statusCode)
  if (error.error === 'invalid_client' && usesBasicAuth(request)) reply.header('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`)
  if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter))
  return reply.type('application/json').send(error.toBody())
}
