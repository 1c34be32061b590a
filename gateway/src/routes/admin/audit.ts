import type { AdminAudit } from '@see/auth'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** The audit trail of one admin request: the operator's client and token, never a secret. */
export function adminAudit (app: FastifyInstance, request: FastifyRequest): AdminAudit {
  return {
    record: app.oauth.audit,
    clientId: request.accessToken?.client_id,
    jti: request.accessToken?.jti,
    ip: request.ip,
    requestId: request.id
  }
}
