import type { FastifyBaseLogger } from 'fastify'
import { raceAbort } from './ente-client/deadline.js'
import { EnteCallError, type OutcomeError } from './outcome-errors.js'

export type Attempt<T> =
  | { ok: true, latencyMs: number, value: T }
  | { ok: false, latencyMs: number, error: OutcomeError }

function elapsedSince (started: number): number {
  return Math.max(0, Math.round(performance.now() - started))
}

/**
 * Runs one ente's part of a batch: never throws, never outlives the deadline, and leaves exactly
 * one log line when it fails (the ente's clave and the code; never credentials or tokens).
 */
export async function attempt<T> (ente: string, log: FastifyBaseLogger, signal: AbortSignal, work: () => Promise<T>): Promise<Attempt<T>> {
  const started = performance.now()
  try {
    const value = await raceAbort(Promise.resolve().then(work), signal)
    return { ok: true, latencyMs: elapsedSince(started), value }
  } catch (err) {
    const latencyMs = elapsedSince(started)
    if (err instanceof EnteCallError && err.code !== 'ENTE_INTERNAL') {
      log.warn({ ente, code: err.code, status: err.status, latencyMs }, 'ente call failed')
      return { ok: false, latencyMs, error: err.toOutcomeError() }
    }
    const failure = err instanceof EnteCallError ? err : new EnteCallError('ENTE_INTERNAL')
    log.error({ ente, code: failure.code, err, latencyMs }, 'ente call failed on an internal error')
    return { ok: false, latencyMs, error: failure.toOutcomeError() }
  }
}

/** The outcome for a clave the directory does not know for this system. */
export function unknownEnte (ente: string, log: FastifyBaseLogger): { ok: false, latencyMs: number, error: OutcomeError } {
  const error = new EnteCallError('ENTE_UNKNOWN')
  log.warn({ ente, code: error.code }, 'ente call failed')
  return { ok: false, latencyMs: 0, error: error.toOutcomeError() }
}
