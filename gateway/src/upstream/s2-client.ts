import { Pool, errors as undiciErrors } from 'undici'
import { REQUEST_ID_HEADER, timeoutSignal } from '@see/kit'
import type { ConnectionTestResult, DependenciasOutcome, SpicBatchRequest, SpicOutcome } from '@see/openapi/types'
import { RegistryError } from '@see/registry'

/** What the federation needs from the S2 service: one call per planning round. */
export interface S2Port {
  /** One outcome per request, in order (`countOnly` requests come back with `totalRows` and no records). */
  batch: (requests: SpicBatchRequest['requests'], call: CallContext) => Promise<SpicOutcome[]>
  dependencias: (entes: string[], call: CallContext) => Promise<DependenciasOutcome[]>
}

/** What the Sistema Registral's routes need from the S2 service. */
export interface S2RegistryPort {
  /** Runs the connection test of an ente's S2 connection in `pruebas` or `mantenimiento`. */
  connectionTest: (ente: string, call: CallContext) => Promise<ConnectionTestResult>
  /** The federation's port over the sandbox (connections in `pruebas` or `mantenimiento`). */
  sandbox: S2Port
}

export interface CallContext {
  requestId: string
  /** Milliseconds the service may spend on the whole round. */
  timeoutMs: number
}

/**
 * The per-system service did not answer a round: 504 when it ran out of time, 502 otherwise. The
 * cause (`reason`) goes to the log, the client reads a stable code and a Spanish message.
 */
export class ServiceUnavailableError extends Error {
  readonly code = 'SEE_SERVICE_UNAVAILABLE'
  readonly statusCode: number
  constructor (readonly service: string, readonly reason: string, readonly status?: number) {
    const timedOut = reason === 'TimeoutError' || reason === 'AbortError'
    super(timedOut
      ? `El servicio ${service} no respondió a tiempo; reintente en unos segundos.`
      : `El servicio ${service} no está disponible en este momento; reintente en unos segundos.`)
    this.statusCode = timedOut ? 504 : 502
  }
}

/** Margin beyond the round's own budget for the service's answer to travel back. */
const TRANSPORT_MARGIN_MS = 250

/** HTTP client of the S2 service's internal API (`openapi/internal.openapi.json`). */
export function s2HttpClient (baseUrl: string, options: { connections?: number, authorization?: () => Promise<string> } = {}): S2Port & S2RegistryPort & { close: () => Promise<void> } {
  const pool = new Pool(baseUrl, { connections: options.connections ?? 64, pipelining: 1 })

  async function post<T> (path: string, body: unknown, call: CallContext): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', [REQUEST_ID_HEADER]: call.requestId }
    if (options.authorization) headers.authorization = await options.authorization()
    const deadline = timeoutSignal(call.timeoutMs + TRANSPORT_MARGIN_MS)
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        headers,
        body: JSON.stringify(body),
        signal: deadline.signal
      })
      if (response.statusCode !== 200) {
        const text = await response.body.text()
        throw new ServiceUnavailableError('s2', `HTTP ${response.statusCode}: ${text.slice(0, 200)}`, response.statusCode)
      }
      return await response.body.json() as T
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err
      const reason = err instanceof undiciErrors.UndiciError ? err.code : (err as Error).name
      throw new ServiceUnavailableError('s2', reason)
    } finally {
      deadline.clear()
    }
  }

  return {
    async batch (requests, call) {
      if (requests.length === 0) return []
      const answer = await post<{ outcomes: SpicOutcome[] }>('/internal/v1/spic/batch', { timeoutMs: call.timeoutMs, requests }, call)
      return answer.outcomes
    },
    async dependencias (entes, call) {
      if (entes.length === 0) return []
      const answer = await post<{ outcomes: DependenciasOutcome[] }>('/internal/v1/spic/dependencias', { timeoutMs: call.timeoutMs, entes }, call)
      return answer.outcomes
    },
    async connectionTest (ente, call) {
      try {
        return await post<ConnectionTestResult>('/internal/v1/spic/connection-tests', { ente }, call)
      } catch (err) {
        if (err instanceof ServiceUnavailableError && err.status === 404) {
          throw new RegistryError('REGISTRY_CONFLICT', `La conexión S2 de ${ente} dejó de estar en pruebas o mantenimiento; consulte su etapa.`)
        }
        throw err
      }
    },
    sandbox: {
      async batch (requests, call) {
        if (requests.length === 0) return []
        const answer = await post<{ outcomes: SpicOutcome[] }>('/internal/v1/spic/sandbox/batch', { timeoutMs: call.timeoutMs, requests }, call)
        return answer.outcomes
      },
      // The sandbox answers searches only; the catalogue of an ente under test is not federated.
      dependencias: async (entes) => entes.map(ente => ({ ente, ok: false, latencyMs: 0, error: { code: 'ENTE_UNKNOWN', message: 'El catálogo no se consulta en la ruta sandbox.' } }))
    },
    close: () => pool.close()
  }
}
