export interface TimeoutSignal {
  signal: AbortSignal
  /** Stops the timer: call it as soon as the work ends. */
  clear: () => void
}

/**
 * An abort signal that fires after `ms` with a `TimeoutError`, like `AbortSignal.timeout`, but
 * whose timer can be cleared. `AbortSignal.timeout` keeps its timer until it fires, so on a hot
 * path every finished request still builds a DOMException (stack trace included) and dispatches
 * an abort event seconds later.
 */
export function timeoutSignal (ms: number): TimeoutSignal {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms)
  timer.unref()
  return { signal: controller.signal, clear: () => clearTimeout(timer) }
}
