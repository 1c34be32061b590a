import type { Summary, SummaryRequest } from '@see/openapi/types'
import { OUTCOME_MESSAGE_FALLBACK } from './outcomes.js'
import { normalizeSpicRequest } from './normalize.js'
import type { SpicFederationDeps } from './spic.js'

/**
 * The per-provider view the PDN shows, measured live: every ente in production is asked for its
 * count (no cache), and each answer or failure is reported with its latency.
 */
export async function summarizeSpic (deps: SpicFederationDeps, body: SummaryRequest, requestId: string): Promise<Summary> {
  const { query } = normalizeSpicRequest({ query: body.query ?? {} })
  const entes = deps.directory.list('s2')
  const outcomes = await deps.s2.batch(entes.map(e => ({ ente: e.clave, request: { page: 1, pageSize: 1, query }, countOnly: true })), { requestId, timeoutMs: deps.settings.deadlineMs })
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
