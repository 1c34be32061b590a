import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, SamplingBreaker, type CircuitBreakerPolicy, type FailureReason, type IBreaker } from 'cockatiel'
import { EnteCallError, type OutcomeErrorCode } from '../outcome-errors.js'
import type { ResilienceSettings } from './options.js'

// Failures that say nothing about the ente's health: it refused this query (another query may
// work), a defect of ours, or calls that never reached it.
const NOT_THE_ENTES_FAULT: ReadonlySet<OutcomeErrorCode> = new Set<OutcomeErrorCode>([
  'ENTE_REJECTED_QUERY', 'ENTE_INTERNAL', 'ENTE_UNKNOWN', 'ENTE_CIRCUIT_OPEN', 'ENTE_OVERLOADED'
])

/**
 * What counts against an ente: timeouts, connection failures, HTTP errors (5xx, 429, unexpected
 * statuses), refused credentials, and malformed, wrongly shaped or oversized answers.
 */
export function countsAgainstEnte (err: unknown): boolean {
  return err instanceof EnteCallError && !NOT_THE_ENTES_FAULT.has(err.code)
}

/**
 * Opens when any of its rules would. Every rule hears every call (each keeps its own count), so
 * after a half-open probe succeeds all of them start again from a clean slate.
 */
export class EitherBreaker implements IBreaker {
  constructor (private readonly rules: IBreaker[]) {}

  get state (): unknown {
    return this.rules.map(rule => rule.state)
  }

  set state (states: unknown) {
    if (Array.isArray(states)) this.rules.forEach((rule, i) => { rule.state = states[i] })
  }

  success (state: CircuitState): void {
    for (const rule of this.rules) rule.success(state)
  }

  failure (state: CircuitState): boolean {
    return this.rules.map(rule => rule.failure(state)).includes(true)
  }
}

/**
 * Opens after `threshold` timeouts in a row. Other failures neither count nor break the run (the
 * sampling rule judges them); a success starts it again. cockatiel hands a breaker no error, so
 * the rule reads the policy's last failure, which the policy records just before asking it.
 */
export class ConsecutiveTimeouts implements IBreaker {
  state = 0

  constructor (private readonly threshold: number, private readonly lastFailure: () => FailureReason<unknown> | undefined) {}

  success (): void {
    this.state = 0
  }

  failure (): boolean {
    const failure = this.lastFailure()
    const timedOut = failure !== undefined && 'error' in failure && failure.error instanceof EnteCallError && failure.error.code === 'ENTE_TIMEOUT'
    if (timedOut) this.state++
    return this.state >= this.threshold
  }
}

function openingRule (settings: ResilienceSettings, lastFailure: () => FailureReason<unknown> | undefined): IBreaker {
  // cockatiel states the minimum volume as a rate over the window; half a call below the volume,
  // so that its rounding of the window into slices never asks for one call more.
  const minimumRps = (settings.breakerVolumeThreshold - 0.5) * 1000 / settings.breakerWindowMs
  const rules: IBreaker[] = [new SamplingBreaker({ threshold: settings.breakerErrorThresholdPercent / 100, duration: settings.breakerWindowMs, minimumRps })]
  if (settings.breakerConsecutiveFailures > 0) rules.push(new ConsecutiveBreaker(settings.breakerConsecutiveFailures))
  // The sampled rate alone is slow to see a hung ente: a window full of earlier successes kept
  // one closed for 17 s, each of its answers waiting for the deadline. A short run of timeouts opens it too.
  if (settings.breakerConsecutiveTimeouts > 0) rules.push(new ConsecutiveTimeouts(settings.breakerConsecutiveTimeouts, lastFailure))
  return rules.length === 1 ? rules[0]! : new EitherBreaker(rules)
}

/**
 * One ente's circuit breaker. cockatiel's policy is the state machine: closed → open when the
 * rule trips; after `breakerResetMs` the next call is the single probe (concurrent callers wait
 * for its result); a successful probe closes it, a failed one opens it again.
 */
export function enteBreaker (settings: ResilienceSettings): CircuitBreakerPolicy {
  // The rule asks for the last failure only when a call fails, long after `policy` is assigned.
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(countsAgainstEnte), { halfOpenAfter: settings.breakerResetMs, breaker: openingRule(settings, () => policy.lastFailure) })
  return policy
}

export type BreakerStateName = 'closed' | 'open' | 'half-open' | 'isolated'

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated'
}

export function stateName (state: CircuitState): BreakerStateName {
  return STATE_NAMES[state]
}
