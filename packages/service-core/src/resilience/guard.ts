// Resilience library: cockatiel 3.2.1 (engines >=16; 4.x needs Node 22). It gives the three
// policies this service needs from one typed, dependency-free package: retry with a backoff that
// can read the failure (for Retry-After), a circuit breaker with both a sampling and a
// consecutive-failures rule and a single half-open probe, and a bulkhead that rejects beyond a
// bound. opossum (9.0.0) covers only the breaker (its `capacity` rejects without a queue and it
// has no retry), and needs separate typings.
import { BrokenCircuitError, bulkhead, BulkheadRejectedError, CircuitState, TaskCancelledError, type BulkheadPolicy, type CircuitBreakerPolicy } from 'cockatiel'
import type { FastifyBaseLogger } from 'fastify'
import type { EnteStatus } from '@see/openapi/types'
import type { CallContext } from '../ente-client/client.js'
import { remainingMs } from '../ente-client/deadline.js'
import { EnteCallError } from '../outcome-errors.js'
import { enteBreaker, stateName } from './breaker.js'
import { RecentLatencies } from './latency.js'
import type { ResilienceSettings } from './options.js'
import { retryPolicy } from './retry.js'

/** One ente's resilience state, as `GET /internal/v1/entes/status` shows it. */
export type { EnteStatus }

export interface GuardIdentity {
  ente: string
  /** Origin of the ente's API: a breaker belongs to one clave at one origin. */
  origin: string
  /** Calls in flight allowed at once (sockets plus queue). */
  maxInFlight: number
}

/**
 * Everything that stands between a batch and one ente: a bulkhead bounding the calls in flight
 * (the pool's sockets plus a queue; beyond it ENTE_OVERLOADED), then the circuit breaker (open:
 * ENTE_CIRCUIT_OPEN without calling), then the ente's own timeout on the wait for its answer (a
 * multiple of its recent latency, so a hung ente fails in a fraction of the batch deadline), then
 * at most one retry of a transient failure.
 *
 * The bulkhead is outermost so its rejections never reach the breaker (our load is not the ente's
 * failure); the retry is innermost so the breaker judges a call by its final result.
 */
export class EnteGuard {
  private readonly breaker: CircuitBreakerPolicy
  private readonly bulkhead: BulkheadPolicy
  private readonly latencies = new RecentLatencies()
  private readonly counts = { consecutiveFailures: 0, failures: 0, successes: 0, retries: 0, circuitOpenRejections: 0, overloadRejections: 0 }
  private lastFailureCode: string | undefined
  private openedAt: number | undefined

  constructor (private readonly identity: GuardIdentity, private readonly settings: ResilienceSettings, log: FastifyBaseLogger) {
    this.breaker = enteBreaker(settings)
    // No queue inside cockatiel: calls beyond the sockets wait in undici's pool queue, which drops
    // them as soon as their deadline aborts them.
    this.bulkhead = bulkhead(identity.maxInFlight, 0)
    this.breaker.onSuccess(() => {
      this.counts.successes++
      this.counts.consecutiveFailures = 0
    })
    this.breaker.onFailure(({ handled, reason }) => {
      if (!handled) return
      this.counts.failures++
      this.counts.consecutiveFailures++
      if ('error' in reason && reason.error instanceof EnteCallError) this.lastFailureCode = reason.error.code
    })
    this.breaker.onStateChange(state => this.logTransition(state, log))
  }

  /**
   * Runs `work` (one call to the ente) under the ente's bulkhead, breaker, timeout and retry
   * policy. `work` gets the context to call with: it carries the ente's own timeout for its answers.
   */
  async run<T> (context: CallContext, log: FastifyBaseLogger, work: (context: CallContext) => Promise<T>): Promise<T> {
    try {
      return await this.bulkhead.execute(async () => await this.breaker.execute(async () => await this.withinEnteTimeout(context, log, work), context.signal), context.signal)
    } catch (err) {
      throw this.translate(err)
    }
  }

  status (): EnteStatus {
    const state = stateName(this.breaker.state)
    const p50 = this.latencies.p50()
    return {
      ente: this.identity.ente,
      origin: this.identity.origin,
      state,
      ...this.counts,
      inFlight: this.identity.maxInFlight - this.bulkhead.executionSlots,
      maxInFlight: this.identity.maxInFlight,
      ...(p50 !== undefined && { latencyP50Ms: Math.round(p50) }),
      ...(state !== 'closed' && this.openedAt !== undefined && { openedAt: new Date(this.openedAt).toISOString() }),
      ...(this.lastFailureCode !== undefined && { lastFailureCode: this.lastFailureCode })
    }
  }

  /**
   * This ente's timeout: `enteTimeoutFactor` × its slowest recent successful call, at least
   * `enteTimeoutMinMs`. Undefined (the batch deadline alone) before its first success or when off.
   */
  enteTimeoutMs (): number | undefined {
    const slowest = this.latencies.slowest()
    if (this.settings.enteTimeoutFactor <= 0 || slowest === undefined) return undefined
    return Math.max(this.settings.enteTimeoutMinMs, Math.ceil(slowest * this.settings.enteTimeoutFactor))
  }

  /**
   * Bounds the wait for each of the call's data answers to begin by the ente's own timeout, when
   * it is shorter than what is left of the batch (a slow transfer of a large answer stays bounded
   * by the deadline alone). Its expiry is ENTE_TIMEOUT like the deadline's, so it counts against
   * the ente: with the consecutive-failures rule a hung ente opens its breaker after a few short
   * waits, not after a window of full deadlines.
   */
  private async withinEnteTimeout<T> (context: CallContext, log: FastifyBaseLogger, work: (context: CallContext) => Promise<T>): Promise<T> {
    const boundMs = this.enteTimeoutMs()
    if (boundMs === undefined || boundMs >= remainingMs(context)) return await this.withRetry(context, log, work)
    return await this.withRetry({ ...context, headersTimeoutMs: boundMs }, log, work)
  }

  private async withRetry<T> (context: CallContext, log: FastifyBaseLogger, work: (context: CallContext) => Promise<T>): Promise<T> {
    // A call whose deadline passed while it waited for a half-open probe never reaches the ente:
    // failing it as cancelled keeps it out of the breaker's count.
    if (context.signal.aborted) throw new TaskCancelledError()
    if (!this.settings.retryEnabled) return await this.timed(async () => await work(context))
    const policy = retryPolicy({
      context,
      delayMs: this.settings.retryDelayMs,
      expectedCallMs: Math.max(this.settings.retryMinCallMs, this.latencies.p50() ?? 0)
    })
    policy.onRetry(event => {
      this.counts.retries++
      const failure = 'error' in event && event.error instanceof EnteCallError ? event.error : undefined
      log.info({ ente: this.identity.ente, failure: failure?.code, status: failure?.status, delayMs: event.delay }, 'retrying ente call')
    })
    return await policy.execute(async () => await this.timed(async () => await work(context)), context.signal)
  }

  private async timed<T> (work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const value = await work()
    this.latencies.record(performance.now() - started)
    return value
  }

  private translate (err: unknown): unknown {
    if (err instanceof BrokenCircuitError) {
      this.counts.circuitOpenRejections++
      return new EnteCallError('ENTE_CIRCUIT_OPEN')
    }
    if (err instanceof BulkheadRejectedError) {
      this.counts.overloadRejections++
      return new EnteCallError('ENTE_OVERLOADED', `(${this.identity.maxInFlight} consultas en curso)`)
    }
    if (err instanceof TaskCancelledError) return new EnteCallError('ENTE_TIMEOUT')
    return err
  }

  private logTransition (state: CircuitState, log: FastifyBaseLogger): void {
    const { ente, origin } = this.identity
    if (state === CircuitState.Open) {
      this.openedAt = Date.now()
      log.warn({ ente, origin, breaker: 'open', lastFailure: this.lastFailureCode, probeAfterMs: this.settings.breakerResetMs }, 'ente circuit breaker opened')
    } else if (state === CircuitState.HalfOpen) {
      log.info({ ente, origin, breaker: 'half-open' }, 'ente circuit breaker half-open: one probe call goes through')
    } else if (state === CircuitState.Closed) {
      log.info({ ente, origin, breaker: 'closed' }, 'ente circuit breaker closed')
    }
  }
}
