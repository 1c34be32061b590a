import { Pool, errors as undiciErrors } from 'undici'
import { REQUEST_ID_HEADER, timeoutSignal } from '@see/kit'
import type { ConnectionTestResult, DependenciasOutcome, SearchBatchRequest, SearchOutcome } from '@see/openapi/types'
import { RegistryError } from '@see/registry'
import type { SystemProfile } from '@see/systems'
import { parseBatchLines, type LinesOutcome } from './lines.js'

/** What the federation needs from a system's service: one call per planning round. */
export interface SystemPort {
  /** One outcome per request, in order (`countOnly` requests come back with `totalRows` and no records). */
  batch: (requests: SearchBatchRequest['requests'], call: CallContext) => Promise<SearchOutcome[]>
  /** The same batch with each record as its JSON text (federated id included), for pages spliced without parsing records. */
  batchLines: (requests: SearchBatchRequest['requests'], call: CallContext) => Promise<LinesOutcome[]>
  dependencias: (entes: string[], call: CallContext) => Promise<DependenciasOutcome[]>
}

/** What the Sistema Registral's routes need from a system's service. */
export interface SystemRegistryPort {
  /** Runs the connection test of an ente's connection in `pruebas` or `mantenimiento`. */
  connectionTest: (ente: string, call: CallContext) => Promise<ConnectionTestResult>
  /** The federation's port over the sandbox (connections in `pruebas` or `mantenimiento`). */
  sandbox: SystemPort
}

/** A system's service as the gateway holds it. */
export type SystemServiceClient = SystemPort & SystemRegistryPort & {
  /** Whether the service answers (for readiness): its status route within a short time. */
  ready: () => Promise<boolean>
  close: () => Promise<void>
}

export interface CallContext {
  requestId: string
  /** Milliseconds the service may spend on the whole round. */
  timeoutMs: number
  /** The records go to a client without the system's privileged scope: the service leaves these fields (dotted paths) out. */
  privateFields?: readonly string[]
}

/**
 * A system's service did not answer a round: 504 when it ran out of time, 502 otherwise. The
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

function batchBody (requests: SearchBatchRequest['requests'], context: CallContext): SearchBatchRequest {
  return { timeoutMs: context.timeoutMs, requests, ...(context.privateFields !== undefined && { privateFields: [...context.privateFields] }) }
}

/** Margin beyond the round's own budget for the service's answer to travel back. */
const TRANSPORT_MARGIN_MS = 250
const READY_TIMEOUT_MS = 1_000

export interface SystemServiceClientOptions {
  connections?: number
  /** The `authorization` header of every call: a service token whose audience is the system. */
  authorization?: () => Promise<string>
}

/** HTTP client of one system's service and its internal API (`openapi/internal.openapi.json`). */
export function systemServiceClient (system: SystemProfile, baseUrl: string, options: SystemServiceClientOptions = {}): SystemServiceClient {
  const pool = new Pool(baseUrl, { connections: options.connections ?? 64, pipelining: 1 })
  const base = `/internal/v1/${system.id}`

  async function call<T> (method: 'GET' | 'POST', path: string, body: unknown, context: CallContext, read: (body: Buffer) => T = body => JSON.parse(body.toString('utf8')) as T): Promise<T> {
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: context.requestId }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (options.authorization) headers.authorization = await options.authorization()
    const deadline = timeoutSignal(context.timeoutMs + TRANSPORT_MARGIN_MS)
    try {
      const response = await pool.request({
        method,
        path: `${base}${path}`,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: deadline.signal
      })
      if (response.statusCode !== 200) {
        const text = await response.body.text()
        throw new ServiceUnavailableError(system.pdnId, `HTTP ${response.statusCode}: ${text.slice(0, 200)}`, response.statusCode)
      }
      return read(Buffer.from(await response.body.arrayBuffer()))
    } catch (err) {
      if (err instanceof ServiceUnavailableError) throw err
      const reason = err instanceof undiciErrors.UndiciError ? err.code : (err as Error).name
      throw new ServiceUnavailableError(system.pdnId, reason)
    } finally {
      deadline.clear()
    }
  }

  const port = (batchPath: string): SystemPort => ({
    async batch (requests, context) {
      if (requests.length === 0) return []
      const answer = await call<{ outcomes: SearchOutcome[] }>('POST', batchPath, batchBody(requests, context), context)
      return answer.outcomes
    },
    async batchLines (requests, context) {
      if (requests.length === 0) return []
      return await call('POST', batchPath, { ...batchBody(requests, context), recordsAs: 'lines' }, context, parseBatchLines)
    },
    async dependencias (entes, context) {
      if (entes.length === 0) return []
      const answer = await call<{ outcomes: DependenciasOutcome[] }>('POST', '/dependencias', { timeoutMs: context.timeoutMs, entes }, context)
      return answer.outcomes
    }
  })

  const sandboxPort = port('/sandbox/batch')
  return {
    ...port('/batch'),
    async connectionTest (ente, context) {
      try {
        return await call<ConnectionTestResult>('POST', '/connection-tests', { ente }, context)
      } catch (err) {
        if (err instanceof ServiceUnavailableError && err.status === 404) {
          throw new RegistryError('REGISTRY_CONFLICT', `La conexión ${system.pdnId} de ${ente} dejó de estar en pruebas o mantenimiento; consulte su etapa.`)
        }
        throw err
      }
    },
    sandbox: {
      batch: sandboxPort.batch,
      batchLines: sandboxPort.batchLines,
      // The sandbox answers searches only; the catalogue of an ente under test is not federated.
      dependencias: async (entes) => entes.map(ente => ({ ente, ok: false, latencyMs: 0, error: { code: 'ENTE_UNKNOWN', message: 'El catálogo no se consulta en la ruta sandbox.' } }))
    },
    async ready () {
      try {
        await call('GET', '/entes/status', undefined, { requestId: 'readiness', timeoutMs: READY_TIMEOUT_MS })
        return true
      } catch {
        return false
      }
    },
    close: async () => await pool.close()
  }
}
