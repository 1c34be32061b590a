import type { EnteEntry } from '@see/registry'
import type { CallContext, EnteClient, EnteDataRequest } from '../ente-client/client.js'

/** One call of a connection test: the ente's answer, or why there was none, and how long it took. */
export type Exchange =
  | { ok: true, status: number, text: string, latencyMs: number }
  | { ok: false, error: string, latencyMs: number, notApplicable?: boolean }

export function elapsedMs (started: number): number {
  return Math.max(0, Math.round(performance.now() - started))
}

/** Sends one request the way the federation does (same client, token and SSRF guard), never throwing. */
export async function exchange (client: EnteClient, entry: EnteEntry, request: EnteDataRequest, context: CallContext): Promise<Exchange> {
  const started = performance.now()
  try {
    const response = await client.send(entry, request, context)
    return { ok: true, status: response.status, text: response.text, latencyMs: elapsedMs(started) }
  } catch (err) {
    return { ok: false, error: (err as Error).message, latencyMs: elapsedMs(started) }
  }
}

/** Problems of an answer before its content: transport, status (no redirect is followed), JSON. */
export function jsonOf (answer: Exchange): { problems: string[], data?: unknown } {
  if (!answer.ok) return { problems: [answer.error] }
  if (answer.status >= 300 && answer.status < 400) return { problems: [`HTTP ${answer.status}: el ente redirige y el SEE no sigue redirecciones`] }
  if (answer.status !== 200) return { problems: [`HTTP ${answer.status}; se esperaba 200`] }
  try {
    return { problems: [], data: JSON.parse(answer.text) }
  } catch {
    return { problems: ['la respuesta no es JSON válido'] }
  }
}
