import type { FastifyBaseLogger } from 'fastify'

export type AuditEventType =
  | 'token.issued'
  | 'token.refreshed'
  | 'token.failed'
  | 'token.revoked'
  | 'token.introspected'
  | 'refresh.reuse_detected'
  | AdminEventType

/** Administrative actions on clients and users (admin API and CLI). */
export type AdminEventType =
  | 'client.created'
  | 'client.secret_rotated'
  | 'client.disabled'
  | 'client.enabled'
  | 'user.created'
  | 'user.password_changed'
  | 'user.disabled'
  | 'user.enabled'

/**
 * One token or administrative event. By construction it holds identifiers only: never a secret,
 * password, access token or refresh token (a jti or family id names a token without granting anything).
 *
 * Administrative events read: `subject` = the client id or username acted upon; `clientId` and
 * `jti` = the client and access token that authorised the action (the `token.issued` event of
 * that jti names the operator); both absent when the action came from the CLI.
 */
export interface AuditEvent {
  type: AuditEventType
  at: Date
  grantType?: string
  clientId?: string
  /** The user (password grant) or client the token is about; for admin events, the one acted upon. */
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
