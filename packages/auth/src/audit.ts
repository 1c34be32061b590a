import type { FastifyBaseLogger } from 'fastify'

export type AuditEventType =
  | 'token.issued'
  | 'token.refreshed'
  | 'token.failed'
  | 'token.revoked'
  | 'token.introspected'
  | 'refresh.reuse_detected'

/**
 * One token event. By construction it holds identifiers only: never a secret, password,
 * access token or refresh token (a jti or family id names a token without granting anything).
 */
export interface AuditEvent {
  type: AuditEventType
  at: Date
  grantType?: string
  clientId?: string
  /** The user (password grant) or client the token is about. */
  subject?: string
  scope?: string
  jti?: string
  familyId?: string
  /** OAuth2 error code for failures. */
  error?: string
  ip?: string
  requestId?: string
  /** Progressive delay applied to a failed attempt. */
  delayMs?: number
}

export type AuditSink = (event: AuditEvent) => void | Promise<void>

/** Audit must never break token issue: a failing sink is logged, not propagated. */
export function safeAudit (sink: AuditSink, log: FastifyBaseLogger): (event: AuditEvent) => Promise<void> {
  return async event => {
    try {
      await sink(event)
    } catch (err) {
      log.error({ err, auditEvent: event.type }, 'audit sink failed')
    }
  }
}
