import type { Summary } from '@see/openapi/types'
import type { SystemFederation } from './context.js'
import { normalizeSearch, toEnteRequest } from './normalize.js'
import { OUTCOME_MESSAGE_FALLBACK } from './outcomes.js'

/** A summary's body: the filters of the system's query. */
export interface SummaryBody {
  query?: Record<string, unknown>
}

/**
 * The per-provider view the PDN shows, measured live: every ente in production is asked for its
 * count (no cache), and each answer or failure is reported with its latency.
 */
export async function summarize (deps: SystemFederation, body: SummaryBody, requestId: string): Promise<Summary> {
  const { query } = normalizeSearch(deps.system, { query: body.query ?? {} })
  const entes = deps.directory.list(deps.system.id)
  const request = toEnteRequest(deps.system, query, { page: 1, pageSize: 1 })
  const outcomes = await deps.service.batch(entes.map(e => ({ ente: e.clave, request, countOnly: true })), { requestId, timeoutMs: deps.settings.deadlineMs })
  const rows = entes.map((ente, i) => {
    const outcome = outcomes[i]
    if (outcome?.ok && outcome.totalRows !== undefined) {
      return { clave: ente.clave, nombre: ente.nombre, status: 'ok' as const, totalRows: outcome.totalRows, latencyMs: outcome.latencyMs }
    }
    return {
      clave: ente.clave,
      nombre: ente.nombre,
      status: 'error' as const,
      latencyMs: outcome?.latencyMs ?? 0,
      error: { code: outcome?.error?.code ?? 'ENTE_NO_OUTCOME', message: outcome?.error?.message ?? OUTCOME_MESSAGE_FALLBACK }
    }
  })
  return { totalRows: rows.reduce((sum, r) => sum + (r.totalRows ?? 0), 0), entes: rows }
}
