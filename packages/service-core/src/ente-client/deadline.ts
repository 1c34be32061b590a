import { setMaxListeners } from 'node:events'
import { timeoutSignal } from '@see/kit'
import { EnteCallError } from '../outcome-errors.js'
import type { CallContext } from './client.js'

/**
 * Time this service allows itself for a batch: the gateway's remaining time minus a small reserve
 * (a tenth, at most 50 ms) so the answer is serialized and on the wire before the gateway gives up.
 */
export function workBudgetMs (timeoutMs: number): number {
  return Math.max(1, timeoutMs - Math.min(50, Math.floor(timeoutMs / 10)))
}

/**
 * Runs `work` with what every call of one batch carries: the request id and the batch deadline
 * (as a signal and an instant). The deadline's timer stops when the batch ends. `cancel` (the
 * gateway hung up: its answer can no longer be used) ends the ente calls as the deadline would.
 */
export async function withBatchContext<T> (requestId: string, timeoutMs: number, work: (context: CallContext) => Promise<T>, cancel?: AbortSignal): Promise<T> {
  const budgetMs = workBudgetMs(timeoutMs)
  const deadline = timeoutSignal(budgetMs)
  const signal = cancel === undefined ? deadline.signal : AbortSignal.any([deadline.signal, cancel])
  // Every ente call of the batch listens on this one signal (and removes its listener when done):
  // a batch over many entes is not a leak, so Node's 10-listener warning does not apply.
  setMaxListeners(0, signal)
  try {
    return await work({ requestId, signal, deadlineAt: performance.now() + budgetMs })
  } finally {
    deadline.clear()
  }
}

/** Milliseconds left before the batch deadline (0 once it passed). */
export function remainingMs (context: CallContext): number {
  return Math.max(0, context.deadlineAt - performance.now())
}

/**
 * Settles with `work`, or rejects with ENTE_TIMEOUT as soon as `signal` aborts, whether or not
 * `work` honours the signal itself (e.g. a token request shared with callers that have more time).
 */
export async function raceAbort<T> (work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => {})
    throw new EnteCallError('ENTE_TIMEOUT')
  }
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(new EnteCallError('ENTE_TIMEOUT'))
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
    // the loser of the race may still reject later; that is expected, not unhandled.
    work.catch(() => {})
  }
}
