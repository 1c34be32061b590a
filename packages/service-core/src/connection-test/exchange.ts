import type { EnteEntry } from '@see/registry'
import type { CallContext, EnteClient, EnteDataRequest } from '../ente-client/client.js'
import { EnteCallError } from '../outcome-errors.js'
import { problem, problemOfOutcome, type Problem } from './problems.js'

/** One call of a connection test: the ente's answer, or why there was none, and how long it took. */
export type Exchange =
  | { ok: true, status: number, text: string, latencyMs: number }
  | { ok: false, error: string, latencyMs: number, notApplicable?: boolean, outcome?: string }

/** How much of an ente's answer a report quotes. */
const RECEIVED_CHARS = 300

export function elapsedMs (started: number): number {
  return Math.max(0, Math.round(performance.now() - started))
}

/** The failed call as an exchange, keeping the client's outcome code (what kind of failure it was). */
export function failedExchange (err: unknown, latencyMs: number): Exchange {
  const outcome = err instanceof EnteCallError ? err.code : undefined
  return { ok: false, error: (err as Error).message, latencyMs, ...(outcome !== undefined && { outcome }) }
}

/** Sends one request the way the federation does (same client, token and SSRF guard), never throwing. */
export async function exchange (client: EnteClient, entry: EnteEntry, request: EnteDataRequest, context: CallContext): Promise<Exchange> {
  const started = performance.now()
  try {
    const response = await client.send(entry, request, context)
    return { ok: true, status: response.status, text: response.text, latencyMs: elapsedMs(started) }
  } catch (err) {
    return failedExchange(err, elapsedMs(started))
  }
}

/** What came back, for a report: the status and the start of the body, or why nothing came. */
export function receivedOf (answer: Exchange): string {
  if (!answer.ok) return answer.error
  const text = answer.text.length > RECEIVED_CHARS ? `${answer.text.slice(0, RECEIVED_CHARS)}…` : answer.text
  return `HTTP ${answer.status}: ${text}`
}

/** Problems of an answer before its content: transport, status (no redirect is followed), JSON. */
export function jsonOf (answer: Exchange): { problems: Problem[], data?: unknown } {
  if (!answer.ok) return { problems: [problem(problemOfOutcome(answer.outcome), answer.error)] }
  if (answer.status >= 300 && answer.status < 400) return { problems: [problem('REDIRECT', `HTTP ${answer.status}: el ente redirige y el SEE no sigue redirecciones`)] }
  if (answer.status !== 200) return { problems: [problem('HTTP_STATUS', `HTTP ${answer.status}; se esperaba 200`)] }
  try {
    return { problems: [], data: JSON.parse(answer.text) }
  } catch {
    return { problems: [problem('NOT_JSON', 'la respuesta no es JSON válido')] }
  }
}
