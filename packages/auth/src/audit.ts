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
  | 'client.tokens_revoked'
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
/** Writes several events at once (one multi-row insert). */
export type AuditBatchSink = (events: AuditEvent[]) => Promise<void>

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

/** Token events, written behind the answers. */
export interface AuditQueue {
  /** Queues the event; never waits, never throws. */
  record: (event: AuditEvent) => void
  /** Resolves once every queued event was handed to the sink. */
  flush: () => Promise<void>
}

/**
 * Token events are written after the answer, in batches, with one write in flight at a time:
 * whatever queued while a write was under way goes in the next one. So a flood of refused
 * requests can neither hold up token issue (the PDN's answer never waits for the audit table)
 * nor exhaust the database pool, and memory stays bounded: beyond `max` queued events new ones
 * are dropped and their number logged. A failing sink is logged, never propagated.
 */
export function auditQueue (write: AuditBatchSink, log: FastifyBaseLogger, max = 50_000): AuditQueue {
  let queued: AuditEvent[] = []
  let writing: Promise<void> | undefined
  let dropped = 0

  async function drain (): Promise<void> {
    while (queued.length > 0) {
      const batch = queued
      queued = []
      try {
        await write(batch)
      } catch (err) {
        log.error({ err, events: batch.length }, 'audit sink failed')
      }
      if (dropped > 0) {
        log.warn({ dropped }, 'audit events dropped: the audit queue was full')
        dropped = 0
      }
    }
  }

  return {
    record (event) {
      if (queued.length >= max) {
        dropped++
        return
      }
      queued.push(event)
      writing ??= drain().finally(() => { writing = undefined })
    },
    async flush () {
      // Each drain ends with the queue empty; one queued meanwhile starts a new one.
      for (let pending = writing; pending !== undefined; pending = writing) await pending
    }
  }
}
