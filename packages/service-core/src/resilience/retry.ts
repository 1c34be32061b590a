import { DelegateBackoff, handleWhen, retry, type IRetryBackoffContext, type RetryPolicy } from 'cockatiel'
import type { CallContext } from '../ente-client/client.js'
import { remainingMs } from '../ente-client/deadline.js'
import { EnteCallError } from '../outcome-errors.js'

// Answers where the ente (or a proxy before it) says "not now": it did not serve the query and
// may well serve it a moment later. 500 is absent on purpose: a defect in the ente repeats.
const RETRYABLE_STATUS = new Set([429, 502, 503, 504])
// The connection failed before an answer came: refused, reset, closed by the other side, or
// written to after the other side closed it.
const RETRYABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])

/**
 * Whether a failure is worth one more try. Never: timeouts (they consumed the time there was),
 * 401 (the token layer already retried it with a fresh token), other 4xx (the ente refused our
 * query or credentials, and would again), answers too large, malformed or of the wrong shape.
 */
export function isTransient (err: unknown): err is EnteCallError {
  if (!(err instanceof EnteCallError)) return false
  if (err.code === 'ENTE_HTTP_ERROR') return err.status !== undefined && RETRYABLE_STATUS.has(err.status)
  if (err.code === 'ENTE_UNREACHABLE') return err.networkCode !== undefined && RETRYABLE_NETWORK_CODES.has(err.networkCode)
  return false
}

export interface RetryPlan {
  context: CallContext
  /** Wait when the ente gave no `Retry-After`, in ms. */
  delayMs: number
  /** What one more call is expected to take, in ms. */
  expectedCallMs: number
}

function waitBefore (err: EnteCallError, plan: RetryPlan): number {
  return err.retryAfterMs ?? plan.delayMs
}

/** A transient failure is retried only when what is left of the deadline covers the wait plus a plausible call. */
export function shouldRetry (err: unknown, plan: RetryPlan): boolean {
  return isTransient(err) && remainingMs(plan.context) > waitBefore(err, plan) + plan.expectedCallMs
}

/**
 * At most one retry, after the wait the ente asked for (`Retry-After`) or a short pause. Sending
 * a call again is safe: data calls are `POST /v1/spic` searches and `GET /v1/spic/dependencias`,
 * both read-only at the ente (the POST only carries the query), so a repeat changes nothing there
 * even when the first one reached it before the connection broke. A token request repeated on the
 * way only issues another token. Built per call: the decision depends on that call's deadline.
 */
export function retryPolicy (plan: RetryPlan): RetryPolicy {
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>(({ result }) =>
    'error' in result && result.error instanceof EnteCallError ? waitBefore(result.error, plan) : plan.delayMs)
  return retry(handleWhen(err => shouldRetry(err, plan)), { maxAttempts: 1, backoff })
}
