/** Knobs of the per-ente resilience (retry, circuit breaker, bulkhead); every one has a default. */
export interface ResilienceOptions {
  /** Retry a transient failure once (default true). */
  retryEnabled?: boolean
  /** Wait before the retry when the ente sent no `Retry-After`, in ms (default 50). */
  retryDelayMs?: number
  /**
   * Least time a retried call is assumed to need, in ms (default 100); the ente's recent median
   * latency is used when larger. A retry happens only if the deadline leaves the wait plus this.
   */
  retryMinCallMs?: number
  /** The breaker opens when more than this % of an ente's calls in the window failed (default 50). */
  breakerErrorThresholdPercent?: number
  /** ...and the window holds at least this many calls (default 5). */
  breakerVolumeThreshold?: number
  /** Length of the rolling window, in ms (default 30 s). */
  breakerWindowMs?: number
  /** Time an open breaker waits before letting one probe call through, in ms (default 10 s). */
  breakerResetMs?: number
  /** When > 0, the breaker also opens after this many consecutive failures of any kind (default 0: off). */
  breakerConsecutiveFailures?: number
  /**
   * The breaker also opens after this many timeouts in a row, whatever the window holds (default
   * 3; 0: off). A window full of earlier successes cannot keep a hung ente's breaker closed.
   */
  breakerConsecutiveTimeouts?: number
  /**
   * An ente's call is timed out at this multiple of its recent slowest successful call (default 4;
   * 0: no per-ente timeout, only the batch deadline), never before `enteTimeoutMinMs` and never
   * after the batch deadline. Before its first success an ente has the whole deadline.
   */
  enteTimeoutFactor?: number
  /** Least per-ente timeout, in ms (default 500): a bound on how fast a slow-but-healthy ente is judged. */
  enteTimeoutMinMs?: number
  /** Calls per ente allowed to wait for a socket beyond `maxConnections` (default 4 × maxConnections). */
  enteMaxQueue?: number
}

export type ResilienceSettings = Required<Omit<ResilienceOptions, 'enteMaxQueue'>> & Pick<ResilienceOptions, 'enteMaxQueue'>

export const RESILIENCE_DEFAULTS: Readonly<Required<Omit<ResilienceOptions, 'enteMaxQueue'>>> = {
  retryEnabled: true,
  retryDelayMs: 50,
  retryMinCallMs: 100,
  breakerErrorThresholdPercent: 50,
  breakerVolumeThreshold: 5,
  breakerWindowMs: 30_000,
  breakerResetMs: 10_000,
  breakerConsecutiveFailures: 0,
  breakerConsecutiveTimeouts: 3,
  enteTimeoutFactor: 4,
  enteTimeoutMinMs: 500
}

/** Queue bound per ente when none is configured: this many calls per connection. */
export const QUEUE_PER_CONNECTION = 4

export function resilienceSettings (options: ResilienceOptions = {}): ResilienceSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
  return { ...RESILIENCE_DEFAULTS, ...given }
}
